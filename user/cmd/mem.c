// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl mem`: how much memory pressure the box is under, from the
 * counters the kernel keeps (no probe): the levels of /proc/meminfo
 * (available, free, shmem, anon, reclaimable and unreclaimable slab, swap
 * in use) and the events of /proc/vmstat (swap in/out, pages scanned and
 * reclaimed by kswapd and by direct reclaim, compaction stalls and
 * failures, allocation stalls, OOM kills) as rates, vmstat 1 style: one
 * line per interval. Without -i or -d one line: the levels now and the
 * event rates averaged since boot, as vmstat's first line. Beside each
 * interval, the slab caches that grew most (mem_slab_reader; by default
 * /proc/slabinfo).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "interval.h"
#include "kdbgctl.h"
#include "mem.h"
#include "output.h"
#include "trace.h"

static int mem_help(void)
{
	printf("Usage: kdbgctl mem [-i SEC] [-d SEC] [--slabs N]\n"
	       "       kdbgctl mem help\n");
	return KDBG_EXIT_OK;
}

/* A /proc/meminfo level: JSON key, meminfo name, text column. */
static const struct mem_level {
	const char *key, *name, *col;
} levels[] = {
	{ "mem-total",		"MemTotal",	NULL },
	{ "mem-available",	"MemAvailable",	"avail" },
	{ "mem-free",		"MemFree",	"free" },
	{ "cached",		"Cached",	NULL },
	{ "shmem",		"Shmem",	"shmem" },
	{ "anon",		"AnonPages",	"anon" },
	{ "slab-reclaimable",	"SReclaimable",	"slabrec" },
	{ "slab-unreclaimable",	"SUnreclaim",	"slabunr" },
	{ "dirty",		"Dirty",	NULL },
	{ "writeback",		"Writeback",	NULL },
	{ "swap-total",		"SwapTotal",	NULL },
	{ "swap-used",		NULL,		"swap" },	/* total - free */
};

/*
 * A /proc/vmstat event (pages or occurrences): JSON key, vmstat name
 * (a trailing '*' sums the per-zone counters), text column. A kernel
 * without the counter (no CONFIG_SWAP, CONFIG_COMPACTION) counts 0.
 */
static const struct mem_event {
	const char *key, *name, *col;
} events[] = {
	{ "swap-in",		"pswpin",		"si" },
	{ "swap-out",		"pswpout",		"so" },
	{ "scan-kswapd",	"pgscan_kswapd",	"kscan" },
	{ "scan-direct",	"pgscan_direct",	"dscan" },
	{ "steal-kswapd",	"pgsteal_kswapd",	"ksteal" },
	{ "steal-direct",	"pgsteal_direct",	"dsteal" },
	{ "compact-stall",	"compact_stall",	"cstall" },
	{ "compact-fail",	"compact_fail",		"cfail" },
	{ "compact-success",	"compact_success",	NULL },
	{ "alloc-stall",	"allocstall_*",		"astall" },
	{ "major-faults",	"pgmajfault",		"majflt" },
	{ "oom-kill",		"oom_kill",		"oom" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int slabinfo_read(struct kc_slabs *out)
{
	char *text = kc_read_file("/proc/slabinfo");
	int r;

	if (!text)
		return -errno;
	r = kc_parse_slabinfo(out, text);
	free(text);
	return r < 0 ? -EINVAL : 0;
}

static const struct mem_slab_reader slabinfo_reader = {
	"/proc/slabinfo", slabinfo_read,
};
const struct mem_slab_reader *mem_slab_reader = &slabinfo_reader;

void mem_snap_free(struct mem_snap *s)
{
	kc_free(&s->meminfo);
	kc_free(&s->vmstat);
	kc_slabs_free(&s->slabs);
}

int mem_parse(struct mem_snap *s, const char *meminfo, const char *vmstat,
	      const char *slabinfo, const char **bad)
{
	memset(s, 0, sizeof(*s));
	*bad = "/proc/meminfo";
	if (kc_parse_keyval(&s->meminfo, meminfo) <= 0 ||
	    !kc_find(&s->meminfo, "MemTotal"))
		return -1;
	*bad = "/proc/vmstat";
	if (kc_parse_keyval(&s->vmstat, vmstat) <= 0)
		return -1;
	*bad = "/proc/slabinfo";
	if (slabinfo && kc_parse_slabinfo(&s->slabs, slabinfo) < 0)
		return -1;
	s->have_slabs = slabinfo;
	*bad = NULL;
	return 0;
}

static uint64_t level_kb(const struct mem_snap *s, const struct mem_level *l)
{
	if (!l->name)
		return kc_get(&s->meminfo, "SwapTotal", 0) -
		       kc_get(&s->meminfo, "SwapFree", 0);
	return kc_get(&s->meminfo, l->name, 0);
}

static uint64_t event_count(const struct mem_snap *s,
			    const struct mem_event *e)
{
	size_t len = strlen(e->name);
	char prefix[64];

	if (e->name[len - 1] != '*')
		return kc_get(&s->vmstat, e->name, 0);
	snprintf(prefix, sizeof(prefix), "%.*s", (int)(len - 1), e->name);
	return kc_sum_prefix(&s->vmstat, prefix);
}

/* "--- title ---" over @w columns. */
static void group(const char *title, int w)
{
	int pad = w - (int)strlen(title) - 2, i;

	for (i = 0; i < pad / 2; i++)
		out_text("-");
	out_text(" %s ", title);
	for (i = 0; i < pad - pad / 2; i++)
		out_text("-");
}

static void print_header(void)
{
	size_t i;
	int nl = 0, ne = 0;

	for (i = 0; i < ARRAY_SIZE(levels); i++)
		nl += !!levels[i].col;
	for (i = 0; i < ARRAY_SIZE(events); i++)
		ne += !!events[i].col;
	group("memory (MiB)", 8 * nl);
	out_text(" ");
	group("events/s", 8 * ne);
	out_text("\n");
	for (i = 0; i < ARRAY_SIZE(levels); i++)
		if (levels[i].col)
			out_text("%8s", levels[i].col);
	out_text(" ");
	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].col)
			out_text("%8s", events[i].col);
	out_text("\n");
}

struct slab_growth {
	const struct kc_slab *c;
	int64_t objs;
	int64_t bytes;
};

static int growth_cmp(const void *a, const void *b)
{
	const struct slab_growth *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return strcmp(x->c->name, y->c->name);
}

/* The @top caches whose objects in use grew most since @prev (bytes). */
static void print_slabs(const struct mem_snap *prev,
			const struct mem_snap *cur, unsigned int top)
{
	struct slab_growth *g;
	size_t i, n = 0;

	out_open_array("slab-growth");
	g = cur->slabs.n ? calloc(cur->slabs.n, sizeof(*g)) : NULL;
	for (i = 0; g && i < cur->slabs.n; i++) {
		const struct kc_slab *c = &cur->slabs.c[i];
		const struct kc_slab *p = kc_slab_find(&prev->slabs, c->name);
		int64_t objs = kc_delta(c->active_objs,
					p ? p->active_objs : 0);

		if (objs <= 0)
			continue;
		g[n++] = (struct slab_growth){ c, objs,
					       objs * (int64_t)c->objsize };
	}
	if (n)
		qsort(g, n, sizeof(*g), growth_cmp);
	for (i = 0; i < n && i < top; i++) {
		out_text(i ? ", " : "  slab growth: ");
		out_open_object(NULL);
		out_str("name", "%s", g[i].c->name);
		out_s64("objs-change", " +%" PRId64, g[i].objs);
		out_u64("obj-size", NULL, g[i].c->objsize);
		out_s64("change-kb", " (+%" PRId64 " KiB)",
			(g[i].bytes + 1023) / 1024);
		out_close_object();
	}
	if (i)
		out_text("\n");
	out_close_array();
	free(g);
}

void mem_print(const struct mem_snap *prev, const struct mem_snap *cur,
	       const struct mem_print_opts *o)
{
	size_t i;

	if (o->header)
		print_header();
	out_open_object(NULL);
	out_double("interval-s", NULL, o->secs);
	out_bool("since-boot", NULL, !prev);
	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		const struct mem_level *l = &levels[i];
		uint64_t kb = level_kb(cur, l);

		out_open_object(l->key);
		out_u64("kb", NULL, kb);
		if (prev)
			out_s64("change-kb", NULL,
				kc_delta(kb, level_kb(prev, l)));
		out_close_object();
		if (l->col)
			out_text("%8" PRIu64, kb / 1024);
	}
	out_text(" ");
	for (i = 0; i < ARRAY_SIZE(events); i++) {
		const struct mem_event *e = &events[i];
		int64_t d = kc_delta(event_count(cur, e),
				     prev ? event_count(prev, e) : 0);
		double rate = o->secs > 0 ? d / o->secs : 0;

		out_open_object(e->key);
		out_s64("count", NULL, d);
		out_double("rate", NULL, rate);
		out_close_object();
		if (e->col)
			out_text(rate >= 100 || rate == 0 ? "%8.0f" : "%8.1f",
				 rate);
	}
	out_text("\n");
	if (prev && prev->have_slabs && cur->have_slabs)
		print_slabs(prev, cur, o->top);
	out_close_object();
}

/* Read the files now: 0, or -1 after reporting what failed. */
static int mem_read(struct mem_snap *s, bool slabs, bool *warned)
{
	char *mi = kc_read_file("/proc/meminfo"), *vm = NULL;
	const char *bad = NULL;
	int r = -1, e = 0;

	if (!mi) {
		kdbg_err("mem: /proc/meminfo: %s", strerror(errno));
		return -1;
	}
	vm = kc_read_file("/proc/vmstat");
	if (!vm) {
		kdbg_err("mem: /proc/vmstat: %s", strerror(errno));
		goto out;
	}
	if (mem_parse(s, mi, vm, NULL, &bad)) {
		mem_snap_free(s);
		kdbg_err("mem: %s: unexpected format", bad);
		goto out;
	}
	if (slabs)
		e = mem_slab_reader->read(&s->slabs);
	s->have_slabs = slabs && !e;
	if (e && !*warned) {
		fflush(out_file());
		fprintf(stderr, "kdbgctl: warning: mem: %s: %s: no slab growth\n",
			mem_slab_reader->what, strerror(-e));
		*warned = true;
	}
	r = 0;
out:
	free(mi);
	free(vm);
	return r;
}

static double uptime(void)
{
	char *t = kc_read_file("/proc/uptime");
	double up = 0;

	if (t && sscanf(t, "%lf", &up) != 1)
		up = 0;
	free(t);
	return up;
}

int cmd_mem(int argc, char **argv)
{
	struct kdbg_interval iv = { .sfd = -1 };
	struct mem_print_opts o = { .top = 5, .header = true };
	struct mem_snap prev, cur;
	int i, r, last, ret = KDBG_EXIT_RUNTIME;
	bool warned = false;
	double t0, t1;

	if (trace_is_help(argc, argv))
		return mem_help();
	for (i = 0; i < argc; i++) {
		r = kdbg_interval_opt("mem", argc, argv, &i, &iv);
		if (r < 0)
			return KDBG_EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "--slabs")) {
			if (i + 1 >= argc ||
			    kdbg_parse_u32(argv[i + 1], &o.top)) {
				kdbg_err("mem: --slabs '%s': expected a number of caches",
					 i + 1 < argc ? argv[i + 1] : "");
				return KDBG_EXIT_USAGE;
			}
			i++;
			continue;
		}
		kdbg_err("mem: %s '%s' (see: kdbgctl mem help)",
			 argv[i][0] == '-' ? "unknown option" :
			 "unexpected argument", argv[i]);
		return KDBG_EXIT_USAGE;
	}
	if (mem_read(&cur, false, &warned))
		return KDBG_EXIT_RUNTIME;
	if (!iv.interval && !iv.duration) {
		o.secs = uptime();
		mem_print(NULL, &cur, &o);
		mem_snap_free(&cur);
		return KDBG_EXIT_OK;
	}
	mem_snap_free(&cur);
	/* The baseline, with the signals held, then the clock. */
	kdbg_interval_block();
	if (mem_read(&cur, o.top > 0, &warned))
		goto out;
	if (kdbg_interval_start(&iv, "mem")) {
		mem_snap_free(&cur);
		goto out;
	}
	t0 = kdbg_now();
	do {
		prev = cur;
		last = kdbg_interval_wait(&iv);
		t1 = kdbg_now();
		if (mem_read(&cur, o.top > 0, &warned)) {
			mem_snap_free(&prev);
			goto out;
		}
		o.secs = t1 - t0;
		t0 = t1;
		mem_print(&prev, &cur, &o);
		fflush(out_file());
		o.header = false;
		mem_snap_free(&prev);
	} while (!last);
	mem_snap_free(&cur);
	ret = KDBG_EXIT_OK;
out:
	kdbg_interval_stop(&iv);
	return ret;
}
