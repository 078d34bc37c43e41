// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl lock`: `perf lock contention` on the module's "lock" analysis:
 * contended kernel locks, their contention count and total, max and
 * average wait, summed in the kernel per (lock and kind, stack at the
 * begin). A read prints two tables made from that one: by lock (its
 * address, named from /proc/kallsyms's data symbols when it is a static
 * lock, perf's -a) and by caller (the first frame of the stack outside the
 * locking code, perf's default), with --stacks each caller's stack.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "layer_stacks.h"
#include "output.h"
#include "symbols.h"

static int lock_help(void)
{
	printf("Usage: kdbgctl lock [-d SEC] [-i SEC] [-p PID] [-c COMM] [-T] [--stacks]\n"
	       "       kdbgctl lock help\n");
	return KDBG_EXIT_OK;
}

/* perf's get_type_str() names, by LCB_F_* flags (lock.h). */
const char *lock_type_name(uint32_t flags)
{
	static const struct { uint32_t flags; const char *name; } types[] = {
		{ 0, "semaphore" },
		{ 1, "spinlock" },		/* SPIN */
		{ 1 | 2, "rwlock:R" },		/* SPIN | READ */
		{ 1 | 4, "rwlock:W" },		/* SPIN | WRITE */
		{ 2, "rwsem:R" },
		{ 4, "rwsem:W" },
		{ 8, "rtmutex" },		/* RT */
		{ 8 | 2, "rwlock-rt:R" },
		{ 8 | 4, "rwlock-rt:W" },
		{ 16 | 2, "pcpu-sem:R" },	/* PERCPU | READ */
		{ 16 | 4, "pcpu-sem:W" },
		{ 32, "mutex" },		/* MUTEX */
		{ 32 | 1, "mutex" },		/* MUTEX | SPIN: spinning */
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].flags == flags)
			return types[i].name;
	return "unknown";
}

/*
 * The locking code's own functions, skipped to find the caller; with
 * trace_contention_*(), the tracepoint's static inline wrappers, which a
 * debug kernel's compiler may emit out of line (a frame of their own
 * above __mutex_lock), where a stock one inlines them.
 */
bool lock_frame_is_locking(const char *f)
{
	static const char *const prefixes[] = {
		"trace_contention_",
		"__mutex_lock", "mutex_lock", "__ww_mutex", "ww_mutex",
		"mutex_spin", "osq_lock", "__down", "down_", "down",
		"rwsem_", "__rwsem", "_raw_spin", "_raw_read", "_raw_write",
		"queued_", "native_queued", "__pv_queued", "pv_queued",
		"rt_mutex", "__rt_mutex", "rt_spin", "rtlock", "percpu_down",
		"__percpu_down", "__schedule", "schedule", "preempt_schedule",
		"[stack lost]", NULL
	};
	size_t i;

	for (i = 0; prefixes[i]; i++)
		if (!strncmp(f, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Data symbols                                                        */

static int dsym_cmp(const void *a, const void *b)
{
	const struct lock_dsym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int lock_dsyms_load(struct lock_dsyms *ds, const char *path)
{
	char line[512], name[256], mod[128];
	unsigned long long addr;
	char type;
	FILE *f = fopen(path ? path : "/proc/kallsyms", "r");
	struct lock_dsym *n;

	memset(ds, 0, sizeof(*ds));
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		mod[0] = '\0';
		if (sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type,
			   name, mod) < 3 || !addr)
			continue;
		/* Every symbol bounds the one before it; data ones name. */
		if (ds->nr == ds->cap) {
			ds->cap = ds->cap ? 2 * ds->cap : 4096;
			n = realloc(ds->s, ds->cap * sizeof(*n));
			if (!n) {
				fclose(f);
				return -ENOMEM;
			}
			ds->s = n;
		}
		n = &ds->s[ds->nr++];
		n->addr = addr;
		n->name = NULL;
		if (strchr("dDbBrR", type) &&
		    asprintf(&n->name, "%s%s%s%s", name, mod[0] ? " [" : "",
			     mod, mod[0] ? "]" : "") < 0)
			n->name = NULL;
	}
	fclose(f);
	qsort(ds->s, ds->nr, sizeof(*ds->s), dsym_cmp);
	return 0;
}

void lock_dsyms_free(struct lock_dsyms *ds)
{
	size_t i;

	for (i = 0; i < ds->nr; i++)
		free(ds->s[i].name);
	free(ds->s);
	memset(ds, 0, sizeof(*ds));
}

const char *lock_dsym_name(const struct lock_dsyms *ds, uint64_t addr,
			   char *buf, size_t len)
{
	size_t lo = 0, hi = ds->nr;
	const struct lock_dsym *s;

	while (lo < hi) {	/* the last symbol at or below @addr */
		size_t mid = lo + (hi - lo) / 2;

		if (ds->s[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	s = &ds->s[lo - 1];
	/*
	 * kallsyms has no sizes: a lock more than a page past the variable
	 * below it is taken for a heap lock (or a gap between modules).
	 */
	if (!s->name || addr - s->addr >= 4096)
		return NULL;
	if (addr == s->addr)
		snprintf(buf, len, "%s", s->name);
	else
		snprintf(buf, len, "%s+0x%" PRIx64, s->name, addr - s->addr);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Printing                                                            */

struct lock_sum {
	uint64_t key;			/* by lock: KEY; by caller: stack id */
	uint32_t flags;
	uint64_t count, sum, max;
};

static int sum_cmp(const void *a, const void *b)
{
	const struct lock_sum *x = a, *y = b;

	if (x->sum != y->sum)
		return x->sum > y->sum ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/*
 * Merge the rows by lock address (@by_lock) or by stack id into @out,
 * the kind of the first; return the count.
 */
static size_t lock_merge(const struct kdbg_agg_dump *d, bool by_lock,
			 struct lock_sum *out)
{
	size_t s, i, j, n = 0;

	for (s = 0; s < d->nr_src; s++) {
		for (i = 0; i < d->src[s].nr_rows; i++) {
			const struct kdbg_agg_row *r = &d->src[s].rows[i];
			/* By lock: by address, whatever kind it was taken as. */
			uint64_t key = by_lock ? r->arg & ((1ULL << 48) - 1) :
					r->stack_id;

			if (!r->count)
				continue;
			for (j = 0; j < n && out[j].key != key; j++)
				;
			if (j == n)
				out[n++] = (struct lock_sum){
					.key = key, .flags = r->arg >> 48,
				};
			out[j].count += r->count;
			out[j].sum += r->sum;
			if (r->max > out[j].max)
				out[j].max = r->max;
		}
	}
	qsort(out, n, sizeof(*out), sum_cmp);
	return n;
}

/* perf's times: "123 ns", "1.23 us", "1.23 ms", "1.23 s". */
void lock_fmt_time(uint64_t ns, char *buf, size_t len)
{
	if (ns < 1000)
		snprintf(buf, len, "%" PRIu64 " ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.2f us", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
}

static void print_counts(const struct lock_sum *l)
{
	char tot[32], mx[32], avg[32], line[128];

	lock_fmt_time(l->sum, tot, sizeof(tot));
	lock_fmt_time(l->max, mx, sizeof(mx));
	lock_fmt_time(l->sum / l->count, avg, sizeof(avg));
	snprintf(line, sizeof(line), "%10" PRIu64 " %12s %12s %12s ",
		 l->count, tot, mx, avg);
	if (!out_json())
		out_text("%s", line);
	out_u64("contended", NULL, l->count);
	out_u64("total-wait-ns", NULL, l->sum);
	out_u64("max-wait-ns", NULL, l->max);
	out_u64("avg-wait-ns", NULL, l->sum / l->count);
	out_str("type", "%12s   ", lock_type_name(l->flags));
}

static char frames[KDBG_EVENT_STACK_MAX + 1][KDBG_FRAME_LEN];

static void print_caller(struct trace *t, struct lock_opts *o,
			 const struct lock_sum *l)
{
	size_t n = layer_frames(t, &o->st, l->key, frames,
				KDBG_EVENT_STACK_MAX + 1), i = n;

	out_open_object(NULL);
	print_counts(l);
	/* Outermost first: the caller is the innermost non-locking frame. */
	while (i > 0 && lock_frame_is_locking(frames[i - 1]))
		i--;
	out_str("caller", "%s\n", i ? frames[i - 1] : frames[n ? n - 1 : 0]);
	out_open_array("frames");
	while (n-- > 0)
		out_str(NULL, o->stacks ? "\t\t\t%s\n" : "", frames[n]);
	out_close_array();
	out_close_object();
}

static void print_lock(struct lock_opts *o, const struct lock_sum *l)
{
	uint64_t addr = layer_key_addr(l->key);
	char sym[320];
	const char *name = lock_dsym_name(&o->ds, addr, sym, sizeof(sym));

	out_open_object(NULL);
	print_counts(l);
	out_hex("address", "%016" PRIx64 "   ", addr);
	out_str("symbol", "%s\n", name ? name : "");
	out_close_object();
}

int lock_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg)
{
	struct lock_opts *o = arg;
	struct lock_sum *ls;
	size_t s, i, n = 0;

	layer_warn_missed(t, &o->missed);
	/* Modules loaded since the last read have their variables too. */
	if (o->kallsyms_reload) {
		lock_dsyms_free(&o->ds);
		lock_dsyms_load(&o->ds, NULL);
	}
	for (s = 0; s < d->nr_src; s++)
		n += d->src[s].nr_rows;
	ls = calloc(n ? n : 1, sizeof(*ls));
	if (!ls) {
		kdbg_err("lock: %s", strerror(ENOMEM));
		return -1;
	}
	if (t->reads)
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	out_text(" contended   total wait     max wait     avg wait         type   caller\n\n");
	n = lock_merge(d, false, ls);
	out_open_array("callers");
	for (i = 0; i < n; i++)
		print_caller(t, o, &ls[i]);
	out_close_array();
	out_text("\n contended   total wait     max wait     avg wait         type   address            symbol\n\n");
	n = lock_merge(d, true, ls);
	out_open_array("locks");
	for (i = 0; i < n; i++)
		print_lock(o, &ls[i]);
	out_close_array();
	out_close_object();
	free(ls);
	return 0;
}

static int lock_opt(struct trace *t, int argc, char **argv, int *i, void *arg)
{
	struct lock_opts *o = arg;

	if (!strcmp(argv[*i], "--stacks")) {
		o->stacks = true;
		return 1;
	}
	return layer_comm_opt(t, argc, argv, i, NULL);
}

int cmd_lock(int argc, char **argv)
{
	struct lock_opts o = { 0 };
	struct trace t = {
		.cmd = "lock",
		.banner = "Tracing contended locks... Hit Ctrl-C to end.",
		.req = { .type = KDBG_SOURCE_LAYER, .target = "lock" },
		.spec = { .keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_ARG,
			  .key_arg = KDBG_LAYER_LOCK_ARG_KEY,
			  .value = KDBG_AGG_VALUE_ARG,
			  .value_arg = KDBG_LAYER_LOCK_ARG_WAIT },
	};
	int ret = KDBG_EXIT_RUNTIME;

	if (trace_is_help(argc, argv))
		return lock_help();
	if (trace_parse_opts(&t, argc, argv, lock_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	o.st.ks = ksyms_new(NULL, NULL);
	o.kallsyms_reload = true;
	if (!o.st.ks)
		kdbg_err("lock: %s", strerror(ENOMEM));
	else
		ret = trace_run(&t, lock_print, &o);
	lock_dsyms_free(&o.ds);
	kdbg_stacks_free(&o.st.m);
	ksyms_free(o.st.ks);
	return ret;
}
