// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl runqlat`: BCC's runqlat on the module's "runqlat" analysis:
 * how long runnable tasks wait on a run queue, from their wakeup (or
 * preemption) to running, as a log2 histogram built in the kernel. BCC's
 * unit is the microsecond (-m: milliseconds); the kernel buckets
 * nanoseconds, converted as funclatency does (hist.h). -p PID keeps the
 * waits of process PID's threads; --per-cpu prints one histogram per CPU
 * the tasks ran on ("cpu = N", BCC's -C).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "layer.h"
#include "output.h"

static int runqlat_help(void)
{
	printf("Usage: kdbgctl runqlat [-d SEC] [-i SEC] [-p PID] [-T] [-u|-m] [--per-cpu]\n"
	       "       kdbgctl runqlat help\n");
	return KDBG_EXIT_OK;
}

static int cpu_cmp(const void *a, const void *b)
{
	const struct kdbg_agg_row *x = a, *y = b;

	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

static void cpu_key(const struct kdbg_agg_row *r, void *arg)
{
	(void)arg;
	out_u64("cpu", "\ncpu = %" PRIu64 "\n", r->cpu);
}

int runqlat_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg)
{
	struct runqlat_opts *o = arg;

	layer_warn_missed(t, &o->missed);
	if (t->reads)
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	out_str("unit", NULL, o->unit.label);
	if (o->per_cpu)
		layer_print_rows_hist(d, "cpus", cpu_cmp, cpu_key, NULL,
				      &o->unit);
	else
		layer_print_agg_hist(d, NULL, &o->unit);
	out_close_object();
	return 0;
}

static int runqlat_opt(struct trace *t, int argc, char **argv, int *i,
		       void *arg)
{
	struct runqlat_opts *o = arg;

	if (!strcmp(argv[*i], "--per-cpu")) {
		o->per_cpu = true;
		return 1;
	}
	return trace_unit_opt(t, argc, argv, i, &o->unit);
}

int cmd_runqlat(int argc, char **argv)
{
	struct runqlat_opts o = { .unit = { "usecs", 1000 } };
	struct trace t = {
		.cmd = "runqlat",
		.banner = "Tracing run queue latency... Hit Ctrl-C to end.",
		.req = { .type = KDBG_SOURCE_LAYER, .target = "runqlat" },
		.spec = { .value = KDBG_AGG_VALUE_ARG,
			  .value_arg = KDBG_LAYER_RUNQLAT_ARG_LATENCY,
			  .hist = KDBG_AGG_HIST_LOG2 },
	};

	if (trace_is_help(argc, argv))
		return runqlat_help();
	if (trace_parse_opts(&t, argc, argv, runqlat_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	if (o.per_cpu)
		t.spec.keys = KDBG_AGG_KEY_CPU;
	return trace_run(&t, runqlat_print, &o);
}
