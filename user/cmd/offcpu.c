// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl offcpu`: BCC's offcputime on the module's "offcpu" analysis:
 * the time tasks spend off CPU, summed in the kernel per (kernel stack
 * they were switched out with, thread, comm). Text prints BCC's blocks
 * (frames innermost first, "-  comm (pid)", the total in microseconds),
 * -f folded lines ("comm;outermost;...;innermost US") through the fold
 * library, ready for a flame graph. --min-block US leaves out shorter
 * times in the kernel ("offcpu:MIN_NS"), -p PID / -c COMM select tasks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "kdbgctl.h"
#include "layer_stacks.h"
#include "output.h"
#include "symbols.h"

static int offcpu_help(void)
{
	printf("Usage: kdbgctl offcpu [-d SEC] [-i SEC] [-p PID] [-c COMM] [-T] [--min-block US] [-f]\n"
	       "       kdbgctl offcpu help\n");
	return KDBG_EXIT_OK;
}

static int row_cmp(const void *a, const void *b)
{
	const struct kdbg_agg_row *x = *(const struct kdbg_agg_row *const *)a;
	const struct kdbg_agg_row *y = *(const struct kdbg_agg_row *const *)b;

	if (x->sum != y->sum)
		return x->sum < y->sum ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->stack_id < y->stack_id ? -1 : x->stack_id > y->stack_id;
}

static char frames[KDBG_EVENT_STACK_MAX + 2][KDBG_FRAME_LEN];

/* BCC: "    %s" per frame, "    %-16s %s (%d)", "        %d\n". */
static void print_text(struct trace *t, struct offcpu_opts *o,
		       const struct kdbg_agg_row *r)
{
	size_t n = layer_frames(t, &o->st, r->stack_id, frames,
				KDBG_EVENT_STACK_MAX + 1);
	char who[KDBG_COMM_LEN + 32];

	out_open_object(NULL);
	out_open_array("frames");
	while (n-- > 0)
		out_str(NULL, "    %s\n", frames[n]);
	out_close_array();
	snprintf(who, sizeof(who), "%s (%" PRIu32 ")", r->comm, r->pid);
	if (!out_json())
		out_text("    %-16s %s\n", "-", who);
	out_str("comm", NULL, r->comm);
	out_u64("pid", NULL, r->pid);
	out_u64("count", NULL, r->count);
	out_u64("total-us", "        %" PRIu64 "\n\n", r->sum / 1000);
	out_u64("max-us", NULL, r->max / 1000);
	out_close_object();
}

/* "comm;outermost;...;innermost US", merged by the fold table. */
static int fold_row(struct trace *t, struct offcpu_opts *o,
		    struct fold_table *ft, const struct kdbg_agg_row *r)
{
	const char *ptrs[KDBG_EVENT_STACK_MAX + 2];
	unsigned char kinds[KDBG_EVENT_STACK_MAX + 2];
	struct fold_sample_info info = {
		.comm = r->comm, .pid = -1, .tid = -1, .kinds = kinds,
		.root_is_comm = true,
	};
	size_t n, i;

	n = layer_frames(t, &o->st, r->stack_id, frames + 1,
			 KDBG_EVENT_STACK_MAX + 1);
	snprintf(frames[0], KDBG_FRAME_LEN, "%s", r->comm);
	for (i = 0; i <= n; i++) {
		ptrs[i] = frames[i];
		kinds[i] = i ? FOLD_KIND_KERNEL : FOLD_KIND_ROOT;
	}
	return fold_table_add_info(ft, ptrs, n + 1, r->sum / 1000, &info);
}

static int print_folded(struct trace *t, struct offcpu_opts *o,
			const struct kdbg_agg_row **rows, size_t n)
{
	struct fold_table *ft = fold_table_new();
	struct fold_output_opts fo;
	size_t i;
	int err = ft ? 0 : -ENOMEM;

	for (i = 0; i < n && !err; i++)
		if (rows[i]->sum >= 1000)
			err = fold_row(t, o, ft, rows[i]);
	if (!err) {
		fold_output_opts_init(&fo);
		fo.json = out_json();
		err = fold_table_write(ft, out_file(), FOLD_FMT_FOLDED, &fo);
	}
	fold_table_free(ft);
	if (err)
		kdbg_err("offcpu: %s", strerror(-err));
	return err ? -1 : 0;
}

int offcpu_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg)
{
	struct offcpu_opts *o = arg;
	const struct kdbg_agg_row **rows;
	size_t i, n;
	int err = 0;

	layer_warn_missed(t, &o->missed);
	rows = layer_rows(d, &n);
	if (!rows) {
		kdbg_err("offcpu: %s", strerror(ENOMEM));
		return -1;
	}
	qsort(rows, n, sizeof(*rows), row_cmp);
	if (o->folded) {
		if (!out_json())
			trace_print_time(t);
		err = print_folded(t, o, rows, n);
	} else {
		if (t->reads)
			out_text("\n");
		out_open_object(NULL);
		trace_print_time(t);
		out_open_array("stacks");
		for (i = 0; i < n; i++)
			print_text(t, o, rows[i]);
		out_close_array();
		out_close_object();
	}
	free(rows);
	return err;
}

static int offcpu_opt(struct trace *t, int argc, char **argv, int *i,
		      void *arg)
{
	struct offcpu_opts *o = arg;

	if (!strcmp(argv[*i], "-f")) {
		o->folded = true;
		return 1;
	}
	if (strcmp(argv[*i], "--min-block"))
		return layer_comm_opt(t, argc, argv, i, NULL);
	if (*i + 1 >= argc) {
		kdbg_err("offcpu: option '--min-block' needs a value");
		return -1;
	}
	if (kdbg_parse_u64(argv[++*i], &o->min_block_us) ||
	    o->min_block_us > UINT64_MAX / 1000) {
		kdbg_err("offcpu: --min-block '%s': expected microseconds",
			 argv[*i]);
		return -1;
	}
	return 1;
}

int cmd_offcpu(int argc, char **argv)
{
	struct offcpu_opts o = { 0 };
	char target[64] = "offcpu";
	struct trace t = {
		.cmd = "offcpu",
		.banner = "Tracing off-CPU time (us) by kernel stack... Hit Ctrl-C to end.",
		.req = { .type = KDBG_SOURCE_LAYER, .target = target },
		.spec = { .keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_PID |
				  KDBG_AGG_KEY_COMM,
			  .value = KDBG_AGG_VALUE_ARG,
			  .value_arg = KDBG_LAYER_OFFCPU_ARG_TIME },
	};
	int ret;

	if (trace_is_help(argc, argv))
		return offcpu_help();
	if (trace_parse_opts(&t, argc, argv, offcpu_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	if (o.min_block_us)
		snprintf(target, sizeof(target), "offcpu:%" PRIu64,
			 o.min_block_us * 1000);
	o.st.ks = ksyms_new(NULL, NULL);
	if (!o.st.ks) {
		kdbg_err("offcpu: %s", strerror(ENOMEM));
		return KDBG_EXIT_RUNTIME;
	}
	ret = trace_run(&t, offcpu_print, &o);
	kdbg_stacks_free(&o.st.m);
	ksyms_free(o.st.ks);
	return ret;
}
