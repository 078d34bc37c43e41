// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 symbol and build-id reader for `oops decode` (see oops_elf.h).
 * The file is mapped read-only; every header, section and string is
 * checked to lie inside the mapping before it is read, so a truncated
 * or hostile file is refused rather than crashing the decoder.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oops_elf.h"

struct oops_elf {
	const unsigned char *map;
	size_t len;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	const char *shstr;
	size_t shstr_len;
	const Elf64_Sym *syms;
	size_t nr_syms;
	const char *strtab;
	size_t strtab_len;
	char build_id[41];
	bool has_lines;
};

static bool in_file(const struct oops_elf *e, uint64_t off, uint64_t len)
{
	return off <= e->len && len <= e->len - off;
}

static const char *str_at(const char *tab, size_t tab_len, uint32_t off)
{
	if (off >= tab_len || !memchr(tab + off, '\0', tab_len - off))
		return NULL;
	return tab + off;
}

static const char *sec_name(const struct oops_elf *e, const Elf64_Shdr *s)
{
	const char *n = e->shstr ? str_at(e->shstr, e->shstr_len, s->sh_name) :
				   NULL;

	return n ? n : "";
}

/* The NT_GNU_BUILD_ID note of one SHT_NOTE section, in hex. */
static void read_build_id(struct oops_elf *e, const Elf64_Shdr *s)
{
	const unsigned char *p = e->map + s->sh_offset;
	uint64_t left = s->sh_size;

	while (left >= sizeof(Elf64_Nhdr)) {
		const Elf64_Nhdr *n = (const Elf64_Nhdr *)p;
		uint64_t namesz = (n->n_namesz + 3) & ~3ULL;
		uint64_t descsz = (n->n_descsz + 3) & ~3ULL;
		uint64_t total = sizeof(*n) + namesz + descsz;
		const unsigned char *desc = p + sizeof(*n) + namesz;
		uint32_t i;

		if (total > left)
			return;
		if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
		    !memcmp(p + sizeof(*n), "GNU", 4) && n->n_descsz <= 20) {
			for (i = 0; i < n->n_descsz; i++)
				sprintf(e->build_id + 2 * i, "%02x", desc[i]);
			return;
		}
		p += total;
		left -= total;
	}
}

static const char *elf_index(struct oops_elf *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->map;
	unsigned int i;

	if (e->len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF64 file";
	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !in_file(e, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
		return "bad section header table";
	e->eh = eh;
	e->sh = (const Elf64_Shdr *)(e->map + eh->e_shoff);
	if (eh->e_shstrndx < eh->e_shnum) {
		const Elf64_Shdr *s = &e->sh[eh->e_shstrndx];

		if (in_file(e, s->sh_offset, s->sh_size)) {
			e->shstr = (const char *)e->map + s->sh_offset;
			e->shstr_len = s->sh_size;
		}
	}
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		bool body = s->sh_type != SHT_NOBITS &&
			    in_file(e, s->sh_offset, s->sh_size);

		if (s->sh_type == SHT_SYMTAB && body &&
		    s->sh_entsize == sizeof(Elf64_Sym) && s->sh_link < eh->e_shnum) {
			const Elf64_Shdr *st = &e->sh[s->sh_link];

			if (!in_file(e, st->sh_offset, st->sh_size))
				continue;
			e->syms = (const Elf64_Sym *)(e->map + s->sh_offset);
			e->nr_syms = s->sh_size / sizeof(Elf64_Sym);
			e->strtab = (const char *)e->map + st->sh_offset;
			e->strtab_len = st->sh_size;
		} else if (s->sh_type == SHT_NOTE && body && !e->build_id[0]) {
			read_build_id(e, s);
		} else if (!strcmp(sec_name(e, s), ".debug_line") && s->sh_size) {
			e->has_lines = true;
		}
	}
	if (!e->syms)
		return "no symbol table (stripped)";
	return NULL;
}

struct oops_elf *oops_elf_open(const char *path, const char **err)
{
	struct oops_elf *e;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		*err = "not a regular, non-empty file";
		close(fd);
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		*err = strerror(ENOMEM);
		close(fd);
		return NULL;
	}
	e->len = st.st_size;
	e->map = mmap(NULL, e->len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (e->map == MAP_FAILED) {
		*err = strerror(errno);
		free(e);
		return NULL;
	}
	*err = elf_index(e);
	if (*err) {
		oops_elf_close(e);
		return NULL;
	}
	return e;
}

void oops_elf_close(struct oops_elf *e)
{
	if (!e)
		return;
	munmap((void *)e->map, e->len);
	free(e);
}

bool oops_elf_is_rel(const struct oops_elf *e)
{
	return e->eh->e_type == ET_REL;
}

const char *oops_elf_build_id(const struct oops_elf *e)
{
	return e->build_id;
}

bool oops_elf_has_lines(const struct oops_elf *e)
{
	return e->has_lines;
}

/* A function over a label; of the same kind, the printed size. */
static bool better(const Elf64_Sym *s, const Elf64_Sym *best, uint64_t size)
{
	bool sf = ELF64_ST_TYPE(s->st_info) == STT_FUNC;
	bool bf = ELF64_ST_TYPE(best->st_info) == STT_FUNC;

	if (sf != bf)
		return sf;
	return size && s->st_size <= size && best->st_size > size;
}

int oops_elf_find_func(const struct oops_elf *e, const char *name,
		       uint64_t size, uint64_t *value, uint64_t *symsize,
		       const char **section)
{
	const Elf64_Sym *best = NULL;
	size_t i;

	for (i = 0; i < e->nr_syms; i++) {
		const Elf64_Sym *s = &e->syms[i];
		const char *n;

		int type = ELF64_ST_TYPE(s->st_info);

		/* assembly entry points are often untyped labels */
		if ((type != STT_FUNC && type != STT_NOTYPE) ||
		    s->st_shndx == SHN_UNDEF || s->st_shndx >= e->eh->e_shnum)
			continue;
		n = str_at(e->strtab, e->strtab_len, s->st_name);
		if (!n || strcmp(n, name))
			continue;
		if (!best || better(s, best, size))
			best = s;
	}
	if (!best)
		return -ENOENT;
	*value = best->st_value;
	*symsize = best->st_size;
	*section = sec_name(e, &e->sh[best->st_shndx]);
	return 0;
}
