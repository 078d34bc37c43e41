// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl funclatency`: BCC's funclatency (without -F) on kdbg. One
 * kretprobe per matching function, each aggregating its latency into a
 * log2 histogram of nanoseconds in the kernel; the histograms of all
 * functions are summed and printed as BCC prints them, then BCC's
 * "avg = ..." line.
 *
 * -u and -m: BCC divides each latency before bucketing it; the kernel
 * buckets nanoseconds and the protocol has no divisor, and a us or ms
 * bucket boundary (1000 * 2^k ns) is never a ns one, so the ns buckets are
 * moved to the unit bucket their lowest value falls in (hist.h). Those
 * rows are exact but at the boundaries; sum, min, max and avg are exact.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hist.h"
#include "kdbgctl.h"
#include "output.h"
#include "tools.h"

static int funclatency_help(void)
{
	printf("Usage: kdbgctl funclatency [-d SEC] [-i SEC] [-p PID] [-T] [-u|-m] PATTERN\n"
	       "       kdbgctl funclatency help\n"
	       "PATTERN := { FUNCTION | GLOB | MODULE:GLOB }\n");
	return KDBG_EXIT_OK;
}

int funclatency_print(struct trace *t, const struct kdbg_agg_dump *d,
			     void *arg)
{
	uint64_t ns[KDBG_AGG_LOG2_BUCKETS], b[KDBG_AGG_LOG2_BUCKETS];
	const struct funclatency_unit *u = arg;
	struct kdbg_agg_total tot;

	kdbg_agg_dump_sum(d, ns, KDBG_AGG_LOG2_BUCKETS, &tot);
	if (u->div > 1)
		kdbg_log2_rebucket(ns, KDBG_AGG_LOG2_BUCKETS, u->div, b);
	else
		memcpy(b, ns, sizeof(b));
	if (t->reads)	/* BCC: a blank line before each output */
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	out_str("unit", NULL, u->label);
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, u->label,
			     true);
	out_u64("count", NULL, tot.count);
	out_u64("sum-ns", NULL, tot.sum);
	out_u64("min-ns", NULL, tot.min);
	out_u64("max-ns", NULL, tot.max);
	/* BCC: "\navg = %ld %s, total: %ld %s, count: %ld\n", truncated */
	if (tot.count)
		out_text("\navg = %" PRIu64 " %s, total: %" PRIu64 " %s, count: %" PRIu64 "\n\n",
			 tot.sum / u->div / tot.count, u->label,
			 tot.sum / u->div, u->label, tot.count);
	out_add_reply(&t->reply);
	out_close_object();
	return 0;
}

int cmd_funclatency(int argc, char **argv)
{
	struct funclatency_unit u = { "nsecs", 1 };
	struct trace t = {
		.cmd = "funclatency",
		.req = { .type = KDBG_SOURCE_KRETPROBE },
		.spec = { .value = KDBG_AGG_VALUE_LATENCY,
			  .hist = KDBG_AGG_HIST_LOG2 },
	};

	if (trace_is_help(argc, argv))
		return funclatency_help();
	if (trace_parse_args(&t, argc, argv, trace_unit_opt, &u))
		return KDBG_EXIT_USAGE;
	return trace_run(&t, funclatency_print, &u);
}
