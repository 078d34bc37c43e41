// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl funccount`: BCC's funccount on kdbg. One kprobe per matching
 * function, each aggregating into a plain counter in the kernel (no key,
 * no value: one table entry), printed as BCC's FUNC/COUNT table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "kdbgctl.h"
#include "output.h"
#include "tools.h"

static int funccount_help(void)
{
	printf("Usage: kdbgctl funccount [-d SEC] [-i SEC] [-p PID] [-T] PATTERN\n"
	       "       kdbgctl funccount help\n"
	       "PATTERN := { FUNCTION | GLOB | MODULE:GLOB }\n");
	return KDBG_EXIT_OK;
}

int funccount_print(struct trace *t, const struct kdbg_agg_dump *d,
			   void *arg)
{
	struct kdbg_count_row *rows;
	size_t i, j;

	(void)arg;
	rows = calloc(d->nr_src ? d->nr_src : 1, sizeof(*rows));
	if (!rows) {
		kdbg_err("funccount: %s", strerror(ENOMEM));
		return -1;
	}
	for (i = 0; i < d->nr_src; i++) {
		rows[i].name = d->src[i].target;
		for (j = 0; j < d->src[i].nr_rows; j++)
			rows[i].count += d->src[i].rows[j].count;
	}
	if (t->reads)	/* BCC: a blank line before each output */
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	kdbg_print_counts("functions", rows, d->nr_src);
	out_add_reply(&t->reply);
	out_close_object();
	free(rows);
	return 0;
}

int cmd_funccount(int argc, char **argv)
{
	struct trace t = {
		.cmd = "funccount",
		.req = { .type = KDBG_SOURCE_KPROBE },
	};

	if (trace_is_help(argc, argv))
		return funccount_help();
	if (trace_parse_args(&t, argc, argv, NULL, NULL))
		return KDBG_EXIT_USAGE;
	return trace_run(&t, funccount_print, NULL);
}
