// SPDX-License-Identifier: GPL-2.0
/*
 * User-space symbolization (see usym.h). ELF files are read with libelf
 * once each, whoever maps them: their PT_LOAD segments and their function
 * symbols, sorted by address. Processes keep the maps read at first
 * sight, so a process that exits before the profile ends still resolves.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "usym.h"

struct usym_sym {
	uint64_t addr, size;	/* size 0: up to the next symbol */
	char *name;
};

struct usym_seg {
	uint64_t off, vaddr, filesz;
};

struct usym_elf {
	char *path;
	bool ok;		/* opened and read */
	struct usym_seg *segs;
	size_t nr_segs;
	struct usym_sym *syms;	/* sorted by addr */
	size_t nr_syms;
};

struct usym_proc {
	int pid;
	bool gone;		/* the maps can no longer be read */
	unsigned int epoch;	/* of the last reread */
	struct usym_map *maps;
	size_t nr;
};

struct usyms {
	char proc[256];
	unsigned int epoch;
	struct usym_proc *procs;
	size_t nr_procs;
	struct usym_elf **elfs;
	size_t nr_elfs;
};

/* ---- maps ---- */

static int parse_line(const char *line, struct usym_map *m)
{
	unsigned long long start, end, pgoff;
	char perms[8];
	int n = 0;

	if (sscanf(line, "%llx-%llx %7s %llx %*x:%*x %*u%n", &start, &end,
		   perms, &pgoff, &n) != 4 || !n || start >= end)
		return -EINVAL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	m->start = start;
	m->end = end;
	m->pgoff = pgoff;
	m->exec = perms[2] == 'x';
	m->path = strdup(line);
	m->elf = NULL;
	m->tried = false;
	return m->path ? 0 : -ENOMEM;
}

int usym_maps_parse(const char *text, struct usym_map **maps, size_t *nr)
{
	struct usym_map *v = NULL, *grown;
	size_t n = 0, cap = 0, len;
	char line[4096 + 128];
	const char *eol;
	int err;

	*maps = NULL;
	*nr = 0;
	while (*text) {
		eol = strchr(text, '\n');
		len = eol ? (size_t)(eol - text) : strlen(text);
		if (len >= sizeof(line)) {
			err = -EINVAL;
			goto err;
		}
		memcpy(line, text, len);
		line[len] = '\0';
		text += len + (eol ? 1 : 0);
		if (!len)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			grown = realloc(v, cap * sizeof(*v));
			if (!grown) {
				err = -ENOMEM;
				goto err;
			}
			v = grown;
		}
		err = parse_line(line, &v[n]);
		if (err)
			goto err;
		n++;
	}
	*maps = v;
	*nr = n;
	return 0;
err:
	usym_maps_free(v, n);
	return err;
}

void usym_maps_free(struct usym_map *maps, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(maps[i].path);
	free(maps);
}

/* ---- ELF ---- */

static int sym_cmp(const void *a, const void *b)
{
	const struct usym_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Of aliases at one address, the sized one first. */
	return (x->size < y->size) - (x->size > y->size);
}

static int read_syms(struct usym_elf *ue, Elf *e, Elf_Scn *scn,
		     const GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t i, n, out = 0;
	struct usym_sym *v;
	GElf_Sym sym;
	const char *name;

	if (!data || !sh->sh_entsize)
		return 0;
	n = sh->sh_size / sh->sh_entsize;
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(data, i, &sym))
			continue;
		if ((GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
		     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC) ||
		    sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		v[out].name = strdup(name);
		if (!v[out].name)
			break;
		v[out].addr = sym.st_value;
		v[out++].size = sym.st_size;
	}
	qsort(v, out, sizeof(*v), sym_cmp);
	ue->syms = v;
	ue->nr_syms = out;
	return 0;
}

/* Segments and symbols of @ue->path; ue->ok stays false on failure. */
static void elf_load(struct usym_elf *ue)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
	GElf_Shdr sh, symtab_sh, dynsym_sh;
	size_t i, nph;
	GElf_Phdr ph;
	Elf *e;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return;
	fd = open(ue->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &nph))
		goto out;
	ue->segs = calloc(nph ? nph : 1, sizeof(*ue->segs));
	if (!ue->segs)
		goto out;
	for (i = 0; i < nph; i++) {
		if (!gelf_getphdr(e, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		ue->segs[ue->nr_segs++] = (struct usym_seg){
			ph.p_offset, ph.p_vaddr, ph.p_filesz,
		};
	}
	while ((scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB) {
			symtab = scn;
			symtab_sh = sh;
		} else if (sh.sh_type == SHT_DYNSYM) {
			dynsym = scn;
			dynsym_sh = sh;
		}
	}
	/* A stripped file keeps only its exported functions. */
	if (symtab && read_syms(ue, e, symtab, &symtab_sh))
		goto out;
	if (!ue->nr_syms && dynsym) {
		free(ue->syms);
		ue->syms = NULL;
		if (read_syms(ue, e, dynsym, &dynsym_sh))
			goto out;
	}
	ue->ok = true;
out:
	if (e)
		elf_end(e);
	close(fd);
}

static struct usym_elf *elf_get(struct usyms *u, const char *path)
{
	struct usym_elf *ue, **grown;
	size_t i;

	for (i = 0; i < u->nr_elfs; i++)
		if (!strcmp(u->elfs[i]->path, path))
			return u->elfs[i];
	grown = realloc(u->elfs, (u->nr_elfs + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	u->elfs = grown;
	ue = calloc(1, sizeof(*ue));
	if (!ue)
		return NULL;
	ue->path = strdup(path);
	if (!ue->path) {
		free(ue);
		return NULL;
	}
	elf_load(ue);
	u->elfs[u->nr_elfs++] = ue;
	return ue;
}

static void elf_free(struct usym_elf *ue)
{
	size_t i;

	for (i = 0; i < ue->nr_syms; i++)
		free(ue->syms[i].name);
	free(ue->syms);
	free(ue->segs);
	free(ue->path);
	free(ue);
}

/* The symbol at file virtual address @va, or NULL. */
static const char *elf_sym(const struct usym_elf *ue, uint64_t va)
{
	size_t lo = 0, hi = ue->nr_syms, mid;
	const struct usym_sym *s;

	while (lo < hi) {	/* the first symbol above @va */
		mid = lo + (hi - lo) / 2;
		if (ue->syms[mid].addr <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo--) {
		s = &ue->syms[lo];
		if (s->size ? va < s->addr + s->size :
			      lo + 1 == ue->nr_syms ||
			      va < ue->syms[lo + 1].addr)
			return s->name;
		/* An earlier, larger symbol may hold it (nested aliases). */
		if (s->addr + (1 << 20) < va)
			break;
	}
	return NULL;
}

/* File offset @off as the file's virtual address: 0 and false if none. */
static bool elf_vaddr(const struct usym_elf *ue, uint64_t off, uint64_t *va)
{
	size_t i;

	for (i = 0; i < ue->nr_segs; i++) {
		const struct usym_seg *s = &ue->segs[i];

		if (off >= s->off && off < s->off + s->filesz) {
			*va = off - s->off + s->vaddr;
			return true;
		}
	}
	return false;
}

/* ---- processes ---- */

struct usyms *usyms_new(const char *proc)
{
	struct usyms *u = calloc(1, sizeof(*u));

	if (u)
		snprintf(u->proc, sizeof(u->proc), "%s", proc ? proc : "/proc");
	return u;
}

void usyms_free(struct usyms *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->nr_procs; i++)
		usym_maps_free(u->procs[i].maps, u->procs[i].nr);
	for (i = 0; i < u->nr_elfs; i++)
		elf_free(u->elfs[i]);
	free(u->procs);
	free(u->elfs);
	free(u);
}

void usyms_epoch(struct usyms *u)
{
	u->epoch++;
}

static char *read_file(const char *path)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap), *grown;
	ssize_t r = -1;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			grown = realloc(buf, cap * 2);
			if (!grown) {
				r = -1;
				errno = ENOMEM;
				break;
			}
			buf = grown;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r <= 0)
			break;
		len += r;
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* (Re)read @p's maps; keep the old ones if the process is gone. */
static int proc_read(struct usyms *u, struct usym_proc *p)
{
	struct usym_map *maps;
	char path[320], *text;
	size_t nr;
	int err;

	snprintf(path, sizeof(path), "%s/%d/maps", u->proc, p->pid);
	text = read_file(path);
	if (!text) {
		err = -errno;
		p->gone = true;
		return err ? err : -ENOENT;
	}
	err = usym_maps_parse(text, &maps, &nr);
	free(text);
	if (err)
		return err;
	usym_maps_free(p->maps, p->nr);
	p->maps = maps;
	p->nr = nr;
	p->epoch = u->epoch;
	return 0;
}

static struct usym_proc *proc_find(struct usyms *u, int pid)
{
	size_t i;

	for (i = 0; i < u->nr_procs; i++)
		if (u->procs[i].pid == pid)
			return &u->procs[i];
	return NULL;
}

int usyms_add_pid(struct usyms *u, int pid)
{
	struct usym_proc *p = proc_find(u, pid), *grown;
	int err;

	if (p)
		return p->nr || !p->gone ? 0 : -ENOENT;
	grown = realloc(u->procs, (u->nr_procs + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	u->procs = grown;
	p = &u->procs[u->nr_procs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	err = proc_read(u, p);
	return err;
}

int usyms_refresh(struct usyms *u, int pid)
{
	struct usym_proc *p = proc_find(u, pid);

	if (!p)
		return usyms_add_pid(u, pid);
	if (p->gone || p->epoch == u->epoch)
		return p->nr ? 0 : -ENOENT;
	return proc_read(u, p);
}

size_t usyms_add_all(struct usyms *u)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	d = opendir(u->proc);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (isdigit((unsigned char)de->d_name[0]) &&
		    !usyms_add_pid(u, atoi(de->d_name)))
			n++;
	closedir(d);
	return n;
}

static const struct usym_map *proc_map(const struct usym_proc *p,
				       uint64_t addr)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

const char *usyms_resolve(struct usyms *u, int pid, uint64_t addr,
			  char *buf, size_t len)
{
	struct usym_proc *p;
	struct usym_map *m;
	const char *name;
	uint64_t va;

	snprintf(buf, len, "[unknown]");
	if (usyms_add_pid(u, pid) == -ENOMEM)
		return buf;
	p = proc_find(u, pid);
	if (!p)
		return buf;
	m = (struct usym_map *)proc_map(p, addr);
	if (!m && !p->gone && p->epoch != u->epoch && !proc_read(u, p))
		m = (struct usym_map *)proc_map(p, addr);
	if (!m || !m->path[0])
		return buf;
	if (m->path[0] == '[') {	/* [vdso], [stack], [heap] */
		snprintf(buf, len, "%s", m->path);
		return buf;
	}
	if (!m->tried) {
		m->tried = true;
		m->elf = elf_get(u, m->path);
	}
	if (m->elf && m->elf->ok &&
	    elf_vaddr(m->elf, addr - m->start + m->pgoff, &va)) {
		name = elf_sym(m->elf, va);
		if (name) {
			snprintf(buf, len, "%s", name);
			return buf;
		}
	}
	snprintf(buf, len, "[%s]", basename_of(m->path));
	return buf;
}
