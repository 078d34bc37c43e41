// SPDX-License-Identifier: GPL-2.0
/*
 * The pieces kdbgctl's layer tools share (layer.h): argument parsing
 * without a PATTERN, the unit options and the unit-converted histogram.
 */
#include <stdio.h>
#include <string.h>

#include "hist.h"
#include "kdbgctl.h"
#include "layer.h"
#include "output.h"

int layer_parse_args(struct trace *t, int argc, char **argv,
		     trace_opt_fn extra, void *arg)
{
	int i, r;

	for (i = 0; i < argc; i++) {
		r = trace_parse_opt(t->cmd, argc, argv, &i, &t->opts);
		if (!r && extra)
			r = extra(t, argc, argv, &i, arg);
		if (r < 0)
			return -1;
		if (r)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			kdbg_err("%s: unknown option '%s' (see: kdbgctl %s help)",
				 t->cmd, argv[i], t->cmd);
		else
			kdbg_err("%s: unexpected argument '%s' (see: kdbgctl %s help)",
				 t->cmd, argv[i], t->cmd);
		return -1;
	}
	return 0;
}

int layer_unit_opt(struct trace *t, int argc, char **argv, int *i, void *arg)
{
	struct funclatency_unit *u = arg;

	(void)t;
	(void)argc;
	if (!strcmp(argv[*i], "-u"))
		*u = (struct funclatency_unit){ "usecs", 1000 };
	else if (!strcmp(argv[*i], "-m"))
		*u = (struct funclatency_unit){ "msecs", 1000000 };
	else
		return 0;
	return 1;
}

void layer_print_hist(const uint64_t *ns, const struct funclatency_unit *u,
		      uint64_t count, uint64_t sum, uint64_t min, uint64_t max)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS];

	if (u->div > 1)
		kdbg_log2_rebucket(ns, KDBG_AGG_LOG2_BUCKETS, u->div, b);
	else
		memcpy(b, ns, sizeof(b));
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, u->label,
			     true);
	out_u64("count", NULL, count);
	out_u64("sum-ns", NULL, sum);
	out_u64("min-ns", NULL, count ? min : 0);
	out_u64("max-ns", NULL, max);
}
