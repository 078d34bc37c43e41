// SPDX-License-Identifier: GPL-2.0
/*
 * File:line for the frames of decoded reports (see oops.h). A frame says
 * "func+off/size [module]": the function is looked up in the symbol table
 * of the module's .ko (found under --modules) or of the vmlinux, its
 * printed size and build id checked against that binary, and the
 * address handed to binutils' addr2line, one run per binary and section
 * (a .ko is relocatable: its addresses are section offsets, -j names the
 * section). Return addresses are looked up one byte back, so a call that
 * ends a block still maps to the line that made it; RIP is exact.
 */
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oops.h"
#include "oops_elf.h"

#define MAX_BINS	64
#define A2L_BATCH	256
/* Function alignment padding at most (x86: 16, -falign-functions=64). */
#define FUNC_PAD_MAX	64

struct bin {
	char name[64];		/* module name, "" for vmlinux */
	char path[OOPS_PATH_LEN];
	struct oops_elf *elf;
	const char *err;	/* why it cannot be used */
};

struct query {
	struct oops_frame *fr;
	struct bin *bin;
	const char *section;	/* for a .ko */
	uint64_t addr;
};

struct symbolizer {
	const struct oops_sym_opts *o;
	struct bin bins[MAX_BINS];
	int nr_bins;
	struct query *q;
	size_t nr_q, cap_q;
	size_t resolved;
};

/* Module names use '_' where file names may use '-'. */
static bool same_module(const char *file, const char *mod)
{
	for (; *file && *mod; file++, mod++) {
		char a = *file == '-' ? '_' : *file;
		char b = *mod == '-' ? '_' : *mod;

		if (a != b)
			return false;
	}
	return !*mod && !strcmp(file, ".ko");
}

static const char *ftw_want;
static char ftw_found[OOPS_PATH_LEN];

static int ftw_visit(const char *path, const struct stat *st, int type,
		     struct FTW *f)
{
	(void)st;
	if (type == FTW_F && same_module(path + f->base, ftw_want) &&
	    strlen(path) < sizeof(ftw_found)) {
		strcpy(ftw_found, path);
		return 1;
	}
	return 0;
}

static struct bin *bin_get(struct symbolizer *s, const char *module)
{
	struct bin *b;
	int i;

	for (i = 0; i < s->nr_bins; i++)
		if (!strcmp(s->bins[i].name, module))
			return &s->bins[i];
	if (s->nr_bins == MAX_BINS)
		return NULL;
	b = &s->bins[s->nr_bins++];
	snprintf(b->name, sizeof(b->name), "%s", module);
	if (!*module) {
		if (!s->o->vmlinux) {
			b->err = "no vmlinux (--vmlinux)";
			return b;
		}
		snprintf(b->path, sizeof(b->path), "%s", s->o->vmlinux);
	} else {
		if (!s->o->modules_dir) {
			b->err = "no module directory (--modules)";
			return b;
		}
		ftw_want = module;
		ftw_found[0] = '\0';
		if (nftw(s->o->modules_dir, ftw_visit, 16, FTW_PHYS) != 1) {
			b->err = "module not found under --modules";
			return b;
		}
		snprintf(b->path, sizeof(b->path), "%s", ftw_found);
	}
	b->elf = oops_elf_open(b->path, &b->err);
	return b;
}

static int query_add(struct symbolizer *s, const struct query *q)
{
	if (s->nr_q == s->cap_q) {
		size_t cap = s->cap_q ? s->cap_q * 2 : 64;
		struct query *a = realloc(s->q, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		s->q = a;
		s->cap_q = cap;
	}
	s->q[s->nr_q++] = *q;
	return 0;
}

/*
 * @kernel_bid: the build id the report printed for the kernel (its CPU
 * line), which the vmlinux must have; "" when none was printed.
 */
static void frame_prepare(struct symbolizer *s, struct oops_frame *fr,
			  const char *kernel_bid)
{
	const char *want;
	struct query q = { .fr = fr };
	uint64_t value, size;
	const char *bid;

	fr->file[0] = '\0';
	fr->line = 0;
	fr->sym_error = NULL;
	if (!fr->func[0]) {
		fr->sym_error = "no symbol";
		return;
	}
	q.bin = bin_get(s, fr->module);
	if (!q.bin) {
		fr->sym_error = "too many modules";
		return;
	}
	if (!q.bin->elf) {
		fr->sym_error = q.bin->err;
		return;
	}
	bid = oops_elf_build_id(q.bin->elf);
	want = fr->build_id[0] ? fr->build_id :
	       !fr->module[0] ? kernel_bid : "";
	if (want[0] && bid[0] && strcmp(want, bid)) {
		fr->sym_error = "build id differs from the binary's";
		return;
	}
	if (oops_elf_find_func(q.bin->elf, fr->func, fr->size, &value, &size,
			       &q.section)) {
		fr->sym_error = "function not in the binary's symbol table";
		return;
	}
	/*
	 * kallsyms' size runs to the next symbol, alignment padding
	 * included; the ELF size is the function's own. A binary whose
	 * function does not fit the printed size is not the one that ran.
	 */
	if (fr->size && size &&
	    (size > fr->size || fr->size - size >= FUNC_PAD_MAX)) {
		fr->sym_error = "function size differs: not the binary that crashed";
		return;
	}
	if (!oops_elf_has_lines(q.bin->elf)) {
		fr->sym_error = "binary has no debug info (.debug_line)";
		return;
	}
	q.addr = value + fr->off - (fr->exact || !fr->off ? 0 : 1);
	if (!oops_elf_is_rel(q.bin->elf))
		fr->addr = value + fr->off;
	if (query_add(s, &q))
		fr->sym_error = strerror(ENOMEM);
}

static void stack_prepare(struct symbolizer *s, struct oops_stack *st,
			  const char *bid)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		frame_prepare(s, &st->frames[i], bid);
}

/* "file:line (discriminator 2)" -> file, line; false for "??:0". */
static bool split_loc(char *loc, unsigned long *line)
{
	char *colon, *sp;

	loc[strcspn(loc, "\n")] = '\0';
	sp = strstr(loc, " (discriminator");
	if (sp)
		*sp = '\0';
	colon = strrchr(loc, ':');
	if (!colon || !strncmp(loc, "??", 2))
		return false;
	*colon = '\0';
	*line = strtoul(colon + 1, NULL, 10);
	return *line != 0;
}

/*
 * One address's answer, innermost inlined function first: the frame's
 * file:line is the outermost (the function the frame names), the
 * innermost is kept as where it was inlined from.
 */
struct a2l_answer {
	char func[2][OOPS_NAME_LEN];	/* innermost, outermost */
	char loc[2][OOPS_PATH_LEN + 64];
	unsigned int depth;
};

static void set_line(struct oops_frame *fr, struct a2l_answer *a)
{
	unsigned long line, iline;

	if (!a->depth || !split_loc(a->loc[1], &line)) {
		fr->sym_error = "no line information at this address";
		return;
	}
	snprintf(fr->file, sizeof(fr->file), "%.*s",
		 (int)sizeof(fr->file) - 1, a->loc[1]);
	fr->line = line;
	if (a->depth > 1 && split_loc(a->loc[0], &iline)) {
		snprintf(fr->inlined, sizeof(fr->inlined), "%.*s",
			 (int)sizeof(fr->inlined) - 1, a->func[0]);
		snprintf(fr->inline_file, sizeof(fr->inline_file), "%.*s",
			 (int)sizeof(fr->inline_file) - 1, a->loc[0]);
		fr->inline_line = iline;
	}
}

/* Read one address's lines: "0x...", then (function, location) pairs. */
static bool read_answer(FILE *f, struct a2l_answer *a, char *pending,
			size_t len)
{
	char func[512], loc[OOPS_PATH_LEN + 64];

	memset(a, 0, sizeof(*a));
	if (!pending[0] && !fgets(pending, len, f))
		return false;
	if (strncmp(pending, "0x", 2))
		return false;
	pending[0] = '\0';
	while (fgets(func, sizeof(func), f)) {
		if (!strncmp(func, "0x", 2)) {
			snprintf(pending, len, "%.*s", (int)len - 1, func);
			break;
		}
		if (!fgets(loc, sizeof(loc), f))
			return false;
		func[strcspn(func, "\n")] = '\0';
		/* the first pair is the innermost; the last, the outermost */
		if (!a->depth) {
			snprintf(a->func[0], sizeof(a->func[0]), "%.*s",
				 (int)sizeof(a->func[0]) - 1, func);
			snprintf(a->loc[0], sizeof(a->loc[0]), "%s", loc);
		}
		snprintf(a->func[1], sizeof(a->func[1]), "%.*s",
			 (int)sizeof(a->func[1]) - 1, func);
		snprintf(a->loc[1], sizeof(a->loc[1]), "%s", loc);
		a->depth++;
	}
	return true;
}

/* One addr2line run for @n queries of one binary and section. */
static void run_addr2line(struct symbolizer *s, struct query *q, size_t n)
{
	const char *tool = s->o->addr2line ? s->o->addr2line : "addr2line";
	char *argv[A2L_BATCH + 8], addrs[A2L_BATCH][24], pending[64] = "";
	struct a2l_answer a;
	int fds[2], argc = 0, status;
	size_t i;
	pid_t pid;
	FILE *f;

	argv[argc++] = (char *)tool;
	argv[argc++] = "-a";
	argv[argc++] = "-f";
	argv[argc++] = "-i";
	argv[argc++] = "-e";
	argv[argc++] = q[0].bin->path;
	if (oops_elf_is_rel(q[0].bin->elf)) {
		argv[argc++] = "-j";
		argv[argc++] = (char *)q[0].section;
	}
	for (i = 0; i < n; i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "0x%llx",
			 (unsigned long long)q[i].addr);
		argv[argc++] = addrs[i];
	}
	argv[argc] = NULL;
	if (pipe(fds)) {
		for (i = 0; i < n; i++)
			q[i].fr->sym_error = strerror(errno);
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(tool, argv);
		_exit(127);
	}
	close(fds[1]);
	f = pid > 0 ? fdopen(fds[0], "r") : NULL;
	for (i = 0; i < n; i++) {
		if (!f || !read_answer(f, &a, pending, sizeof(pending))) {
			q[i].fr->sym_error = "addr2line failed (is binutils installed?)";
			continue;
		}
		set_line(q[i].fr, &a);
		if (!q[i].fr->sym_error)
			s->resolved++;
	}
	if (f)
		fclose(f);
	else
		close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
}

static int query_cmp(const void *a, const void *b)
{
	const struct query *x = a, *y = b;

	if (x->bin != y->bin)
		return x->bin < y->bin ? -1 : 1;
	if (!x->section || !y->section)
		return !!x->section - !!y->section;
	return strcmp(x->section, y->section);
}

size_t oops_symbolize(struct oops_list *list, const struct oops_sym_opts *o)
{
	struct symbolizer s = { .o = o };
	size_t i, j, start;
	int b;

	for (i = 0; i < list->nr; i++) {
		struct oops_report *r = list->reports[i];

		if (r->has_location)
			frame_prepare(&s, &r->where, r->build_id);
		stack_prepare(&s, &r->trace, r->build_id);
		stack_prepare(&s, &r->kasan.alloc.stack, r->build_id);
		stack_prepare(&s, &r->kasan.free.stack, r->build_id);
		if (r->lockdep.acquiring.at.func[0])
			frame_prepare(&s, &r->lockdep.acquiring.at, r->build_id);
		if (r->lockdep.holding.at.func[0])
			frame_prepare(&s, &r->lockdep.holding.at, r->build_id);
	}
	for (i = 0; i < list->nr_rec; i++)
		for (j = 0; j < list->recorders[i]->nr; j++)
			stack_prepare(&s, &list->recorders[i]->events[j].stack,
				      "");

	/* A stable sort is not needed: each query points at its frame. */
	qsort(s.q, s.nr_q, sizeof(*s.q), query_cmp);
	for (start = 0; start < s.nr_q;) {
		size_t end = start + 1;

		while (end < s.nr_q && end - start < A2L_BATCH &&
		       !query_cmp(&s.q[start], &s.q[end]))
			end++;
		run_addr2line(&s, s.q + start, end - start);
		start = end;
	}
	free(s.q);
	for (b = 0; b < s.nr_bins; b++)
		oops_elf_close(s.bins[b].elf);
	return s.resolved;
}
