// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel symbol resolution (see symbols.h). Only text symbols are kept:
 * stack entries are return addresses. Names live in one string pool per
 * load. The kernel image's extent is taken from its first and last text
 * symbols, each module's from /proc/modules (or, without it, from its
 * symbols); an address outside all of them triggers a reload, at most once
 * per reload interval, before it is printed as a bare hex address.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "symbols.h"

/* Slack after the last known symbol of a range: its own length. */
#define KSYM_TAIL_SLACK		0x10000

struct ksym_range {
	uint64_t start, end;	/* [start, end) */
	char *module;		/* NULL: the kernel image */
	bool exact;		/* from /proc/modules, not from symbols */
};

struct ksyms {
	char *kallsyms_path;
	char *modules_path;
	struct ksym *syms;
	size_t nr, cap;
	char **pools;		/* one string pool per load, freed on reload */
	size_t nr_pools;
	struct ksym_range *ranges;
	size_t nr_ranges;
	bool loaded;
	double interval;
	double last_load;
	unsigned int reloads;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct ksyms *ksyms_new(const char *kallsyms, const char *modules)
{
	struct ksyms *ks = calloc(1, sizeof(*ks));

	if (!ks)
		return NULL;
	ks->kallsyms_path = strdup(kallsyms ? kallsyms : "/proc/kallsyms");
	ks->modules_path = strdup(modules ? modules : "/proc/modules");
	ks->interval = 1.0;
	if (!ks->kallsyms_path || !ks->modules_path) {
		ksyms_free(ks);
		return NULL;
	}
	return ks;
}

static void ksyms_clear(struct ksyms *ks)
{
	size_t i;

	for (i = 0; i < ks->nr_pools; i++)
		free(ks->pools[i]);
	free(ks->pools);
	ks->pools = NULL;
	ks->nr_pools = 0;
	free(ks->syms);
	ks->syms = NULL;
	ks->nr = ks->cap = 0;
	for (i = 0; i < ks->nr_ranges; i++)
		free(ks->ranges[i].module);
	free(ks->ranges);
	ks->ranges = NULL;
	ks->nr_ranges = 0;
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	ksyms_clear(ks);
	free(ks->kallsyms_path);
	free(ks->modules_path);
	free(ks);
}

void ksyms_set_reload_interval(struct ksyms *ks, double seconds)
{
	ks->interval = seconds;
}

unsigned int ksyms_reloads(const struct ksyms *ks)
{
	return ks->reloads;
}

size_t ksyms_count(const struct ksyms *ks)
{
	return ks->nr;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Prefer global names among aliases: stable, and sorts first. */
	return strcmp(x->name, y->name);
}

static struct ksym_range *add_range(struct ksyms *ks, const char *module)
{
	struct ksym_range *r;

	r = realloc(ks->ranges, (ks->nr_ranges + 1) * sizeof(*r));
	if (!r)
		return NULL;
	ks->ranges = r;
	r = &ks->ranges[ks->nr_ranges];
	memset(r, 0, sizeof(*r));
	if (module) {
		r->module = strdup(module);
		if (!r->module)
			return NULL;
	}
	ks->nr_ranges++;
	return r;
}

static bool same_module(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static struct ksym_range *find_range(struct ksyms *ks, const char *module)
{
	size_t i;

	for (i = 0; i < ks->nr_ranges; i++)
		if (same_module(ks->ranges[i].module, module))
			return &ks->ranges[i];
	return NULL;
}

/* Read a whole file (procfs files have no size) into a NUL-ended pool. */
static char *read_file(const char *path, size_t *lenp)
{
	size_t len = 0, cap = 1 << 20;
	char *buf = malloc(cap), *p;
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f || !buf) {
		int err = errno;

		free(buf);
		if (f)
			fclose(f);
		errno = err ? err : ENOMEM;
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
	}
	fclose(f);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* "name size refcount deps state 0xaddr ..." */
static void load_modules(struct ksyms *ks)
{
	char line[512], name[128];
	unsigned long long size, addr;
	FILE *f = fopen(ks->modules_path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		struct ksym_range *r;

		if (sscanf(line, "%127s %llu %*s %*s %*s %llx", name, &size,
			   &addr) != 3 || !addr)
			continue;
		r = add_range(ks, name);
		if (!r)
			break;
		r->start = addr;
		r->end = addr + size;
		r->exact = true;
	}
	fclose(f);
}

static bool is_text(char t)
{
	return t == 't' || t == 'T' || t == 'w' || t == 'W';
}

int ksyms_load(struct ksyms *ks)
{
	char *pool, *line, *next, **pools;
	struct ksym_range *r = NULL;
	size_t len, i;

	ks->last_load = now();
	pool = read_file(ks->kallsyms_path, &len);
	if (!pool)
		return -errno;
	ksyms_clear(ks);
	pools = malloc(sizeof(*pools));
	if (!pools) {
		free(pool);
		return -ENOMEM;
	}
	pools[0] = pool;
	ks->pools = pools;
	ks->nr_pools = 1;
	ks->loaded = true;

	load_modules(ks);

	/* "ffffffff81000000 T _text" or "... t name\t[module]" */
	for (line = pool; line && *line; line = next) {
		char *addr_end, *name, *module = NULL, *p;
		unsigned long long addr;
		char type;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		addr = strtoull(line, &addr_end, 16);
		if (addr_end == line || addr_end[0] != ' ' || !addr_end[1] ||
		    addr_end[2] != ' ')
			continue;
		type = addr_end[1];
		name = addr_end + 3;
		if (!is_text(type) || !addr || !*name)
			continue;
		p = strpbrk(name, " \t");
		if (p) {
			*p++ = '\0';
			p += strspn(p, " \t");
			if (*p == '[') {
				module = p + 1;
				p = strchr(module, ']');
				if (p)
					*p = '\0';
			}
		}
		if (ks->nr == ks->cap) {
			size_t cap = ks->cap ? ks->cap * 2 : 4096;
			struct ksym *s = realloc(ks->syms, cap * sizeof(*s));

			if (!s)
				return -ENOMEM;
			ks->syms = s;
			ks->cap = cap;
		}
		ks->syms[ks->nr].addr = addr;
		ks->syms[ks->nr].name = name;
		ks->syms[ks->nr].module = module;
		ks->nr++;
	}
	qsort(ks->syms, ks->nr, sizeof(*ks->syms), cmp_sym);

	/*
	 * Extents from the symbols: the kernel image always, modules only
	 * when /proc/modules did not give them.
	 */
	for (i = 0; i < ks->nr; i++) {
		const struct ksym *s = &ks->syms[i];

		if (!r || !same_module(r->module, s->module))
			r = find_range(ks, s->module);
		if (!r) {
			r = add_range(ks, s->module);
			if (!r)
				return -ENOMEM;
			r->start = s->addr;
		}
		if (r->exact)
			continue;
		if (s->addr < r->start)
			r->start = s->addr;
		if (s->addr + KSYM_TAIL_SLACK > r->end)
			r->end = s->addr + KSYM_TAIL_SLACK;
	}
	return 0;
}

static const struct ksym *bisect(const struct ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->nr;

	if (!ks->nr || addr < ks->syms[0].addr)
		return NULL;
	/* Last symbol with start <= addr. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Among aliases at one address, the first sorted name. */
	while (lo > 0 && ks->syms[lo - 1].addr == ks->syms[lo].addr)
		lo--;
	return &ks->syms[lo];
}

static bool in_known_range(const struct ksyms *ks, uint64_t addr)
{
	size_t i;

	for (i = 0; i < ks->nr_ranges; i++)
		if (addr >= ks->ranges[i].start && addr < ks->ranges[i].end)
			return true;
	return false;
}

const struct ksym *ksyms_lookup(struct ksyms *ks, uint64_t addr,
				uint64_t *off)
{
	const struct ksym *s;

	if (!ks->loaded || (!in_known_range(ks, addr) &&
			    now() - ks->last_load >= ks->interval)) {
		if (ks->loaded)
			ks->reloads++;
		if (ksyms_load(ks) < 0)
			return NULL;
	}
	if (!in_known_range(ks, addr))
		return NULL;
	s = bisect(ks, addr);
	if (s && off)
		*off = addr - s->addr;
	return s;
}

int ksyms_format(struct ksyms *ks, uint64_t addr, char *buf, size_t len)
{
	const struct ksym *s;
	uint64_t off = 0;

	s = ksyms_lookup(ks, addr, &off);
	if (!s)
		return snprintf(buf, len, "0x%016" PRIx64, addr);
	if (s->module)
		return snprintf(buf, len, "%s+0x%" PRIx64 " [%s]", s->name,
				off, s->module);
	return snprintf(buf, len, "%s+0x%" PRIx64, s->name, off);
}

void ksym_frame_name(const char *frame, bool keep_off, char *buf, size_t len)
{
	size_t n;

	if (!strncmp(frame, "0x", 2)) {
		snprintf(buf, len, "%s", frame);
		return;
	}
	n = strcspn(frame, keep_off ? " " : "+ ");
	snprintf(buf, len, "%.*s", (int)n, frame);
}
