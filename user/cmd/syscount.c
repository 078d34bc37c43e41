// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl syscount`: BCC's syscount (and the summary of `perf trace -s`)
 * on the module's "syscalls" analysis. The kernel pairs each system
 * call's entry and exit and aggregates, per call and errno (the
 * analysis's KEY argument), the count and the duration's sum, min and
 * max; this file merges a call's outcomes into one row: count, errors,
 * total, average and max time, and which errnos.
 *
 * BCC's columns ("%-22s %8s", with -L "%16s" of TIME (us)) with ERRORS
 * added, and AVG and MAX with -L as perf trace -s gives them. Rows by
 * descending count, or with -L by descending total time, as BCC sorts.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "layer.h"
#include "output.h"
#include "syscalls.h"

static int syscount_help(void)
{
	printf("Usage: kdbgctl syscount [-d SEC] [-i SEC] [-p PID] [-c COMM] [-T] [-L] [-m] [-e LIST]\n"
	       "       kdbgctl syscount help\n"
	       "LIST := SYSCALL[,SYSCALL...]\n");
	return KDBG_EXIT_OK;
}

/* One system call's merged outcomes. */
struct sc_row {
	uint32_t nr;
	uint64_t count, errors, total, min, max;
	struct { uint32_t err; uint64_t count; } errnos[8];
	unsigned int nr_errnos;
	uint64_t other_errors;	/* errnos past the array */
};

static struct sc_row *row_of(struct sc_row **rows, size_t *n, uint32_t nr)
{
	struct sc_row *r;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*rows)[i].nr == nr)
			return &(*rows)[i];
	r = realloc(*rows, (*n + 1) * sizeof(*r));
	if (!r)
		return NULL;
	*rows = r;
	r += (*n)++;
	memset(r, 0, sizeof(*r));
	r->nr = nr;
	r->min = UINT64_MAX;
	return r;
}

static bool wanted(const struct syscount_opts *o, uint32_t nr)
{
	size_t i;

	if (!o->nr_only)
		return true;
	for (i = 0; i < o->nr_only; i++)
		if (o->only[i] == nr)
			return true;
	return false;
}

/* Merge the per-(call, errno) entries of @d into one row per call. */
static struct sc_row *sc_rows(const struct kdbg_agg_dump *d,
			      const struct syscount_opts *o, size_t *n)
{
	struct sc_row *rows = NULL, *r;
	size_t s, i;

	*n = 0;
	for (s = 0; s < d->nr_src; s++) {
		for (i = 0; i < d->src[s].nr_rows; i++) {
			const struct kdbg_agg_row *e = &d->src[s].rows[i];
			uint32_t nr = e->arg >> 32, err = (uint32_t)e->arg;

			if (!e->count || !wanted(o, nr))
				continue;
			r = row_of(&rows, n, nr);
			if (!r)
				continue;
			r->count += e->count;
			r->total += e->sum;
			if (e->min < r->min)
				r->min = e->min;
			if (e->max > r->max)
				r->max = e->max;
			if (!err)
				continue;
			r->errors += e->count;
			if (r->nr_errnos < sizeof(r->errnos) / sizeof(r->errnos[0])) {
				r->errnos[r->nr_errnos].err = err;
				r->errnos[r->nr_errnos++].count = e->count;
			} else {
				r->other_errors += e->count;
			}
		}
	}
	return rows;
}

static int by_count(const void *a, const void *b)
{
	const struct sc_row *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static int by_time(const void *a, const void *b)
{
	const struct sc_row *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return by_count(a, b);
}

static void print_row(const struct sc_row *r, const struct syscount_opts *o)
{
	char name[64], en[32];
	unsigned int i;
	double div = (double)o->unit.div;

	out_open_object(NULL);
	out_str("name", "%-22s", kdbg_syscall_name(r->nr, name, sizeof(name)));
	out_u64("nr", NULL, r->nr);
	out_u64("count", " %8" PRIu64, r->count);
	out_u64("errors", " %8" PRIu64, r->errors);
	out_u64("total-ns", NULL, r->total);
	out_u64("avg-ns", NULL, r->total / r->count);
	out_u64("min-ns", NULL, r->min);
	out_u64("max-ns", NULL, r->max);
	if (o->latency)
		out_text(" %16.3f %12.3f %12.3f", r->total / div,
			 r->total / div / r->count, r->max / div);
	out_open_array("errnos");
	for (i = 0; i < r->nr_errnos; i++) {
		out_open_object(NULL);
		out_str("errno", NULL, kdbg_errno_name(r->errnos[i].err, en,
							sizeof(en)));
		out_u64("count", NULL, r->errnos[i].count);
		out_close_object();
	}
	out_close_array();
	if (r->other_errors)
		out_u64("other-errors", NULL, r->other_errors);
	/* Text: which errnos, as strace -c's errors column hints. */
	for (i = 0; i < r->nr_errnos; i++)
		out_text("%s%s %" PRIu64, i ? ", " : "  ",
			 kdbg_errno_name(r->errnos[i].err, en, sizeof(en)),
			 r->errnos[i].count);
	out_text("\n");
	out_close_object();
}

int syscount_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg)
{
	struct syscount_opts *o = arg;
	struct sc_row *rows;
	size_t n, i;

	rows = sc_rows(d, o, &n);
	if (n)
		qsort(rows, n, sizeof(*rows), o->latency ? by_time : by_count);
	layer_warn_missed(t, &o->missed);
	if (t->reads)
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	out_str("unit", NULL, o->unit.label);
	out_text("%-22s %8s %8s", "SYSCALL", "COUNT", "ERRORS");
	if (o->latency)
		out_text(" %16s %12s %12s", o->unit.div == 1000 ? "TIME (us)" :
			 "TIME (ms)", "AVG", "MAX");
	out_text("\n");
	out_open_array("syscalls");
	for (i = 0; i < n; i++)
		print_row(&rows[i], o);
	out_close_array();
	out_close_object();
	free(rows);
	return 0;
}

static int parse_list(struct syscount_opts *o, const char *list)
{
	char *dup = strdup(list), *tok, *save;
	int nr, ret = 0;

	if (!dup)
		return -1;
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		nr = kdbg_syscall_nr(tok);
		if (nr < 0) {
			kdbg_err("syscount: -e: unknown system call '%s'", tok);
			ret = -1;
			break;
		}
		if (o->nr_only < sizeof(o->only) / sizeof(o->only[0]))
			o->only[o->nr_only++] = nr;
	}
	if (!ret && !o->nr_only) {
		kdbg_err("syscount: -e: expected SYSCALL[,SYSCALL...]");
		ret = -1;
	}
	free(dup);
	return ret;
}

static int syscount_opt(struct trace *t, int argc, char **argv, int *i,
			void *arg)
{
	struct syscount_opts *o = arg;
	const char *a = argv[*i];

	if (!strcmp(a, "-L")) {
		o->latency = true;
		return 1;
	}
	if (!strcmp(a, "-m")) {
		o->unit = (struct funclatency_unit){ "msecs", 1000000 };
		return 1;
	}
	if (strcmp(a, "-e"))
		return layer_comm_opt(t, argc, argv, i, NULL);
	if (*i + 1 >= argc) {
		kdbg_err("syscount: option '%s' needs a value", a);
		return -1;
	}
	return parse_list(o, argv[++*i]) ? -1 : 1;
}

int cmd_syscount(int argc, char **argv)
{
	struct syscount_opts o = { .unit = { "usecs", 1000 } };
	struct trace t = {
		.cmd = "syscount",
		.banner = "Tracing syscalls... Hit Ctrl-C to end.",
		.req = { .type = KDBG_SOURCE_LAYER, .target = "syscalls" },
		.spec = { .keys = KDBG_AGG_KEY_ARG,
			  .key_arg = KDBG_LAYER_SYSCALLS_ARG_KEY,
			  .value = KDBG_AGG_VALUE_ARG,
			  .value_arg = KDBG_LAYER_SYSCALLS_ARG_DURATION },
	};

	if (trace_is_help(argc, argv))
		return syscount_help();
	if (trace_parse_opts(&t, argc, argv, syscount_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	return trace_run(&t, syscount_print, &o);
}
