/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kdbgctl's layer tools (syscount, runqlat, biolatency, offcpu,
 * lock, drops, tcpretrans) share: each runs a trace session (trace.h)
 * on one layer source, an analysis of the module named by its target
 * (see "Layer sources" in the uapi header), and has no PATTERN argument.
 */
#ifndef KDBGCTL_LAYER_H
#define KDBGCTL_LAYER_H

#include "tools.h"

/*
 * Print ns log2 buckets @ns[0..KDBG_AGG_LOG2_BUCKETS) in @u's unit (BCC's
 * print_log2_hist), with their count, sum, min and max in ns (JSON only).
 */
void layer_print_hist(const uint64_t *ns, const struct funclatency_unit *u,
		      uint64_t count, uint64_t sum, uint64_t min, uint64_t max);

/*
 * layer_print_hist of one aggregation row's histogram, or with @r NULL of
 * the whole dump @d summed (the tools' one-histogram mode).
 */
void layer_print_agg_hist(const struct kdbg_agg_dump *d,
			  const struct kdbg_agg_row *r,
			  const struct funclatency_unit *u);

/*
 * The per-key mode of runqlat --per-cpu and biolatency -D: a JSON array
 * @name of one object per row of @d, rows sorted by @cmp within each
 * source, each opened with @key(row, @arg) and closed after its histogram.
 */
void layer_print_rows_hist(const struct kdbg_agg_dump *d, const char *name,
			   int (*cmp)(const void *, const void *),
			   void (*key)(const struct kdbg_agg_row *, void *),
			   void *arg, const struct funclatency_unit *u);

/*
 * A layer source's MISSED counter (start events its pairing map had no
 * room for) from one SOURCE_GET message: *@missed is set and 1 returned
 * when @nlh describes source @id, 0 for another source, -1 if malformed.
 */
int layer_missed_parse(const struct nlmsghdr *nlh, uint32_t id,
		       uint64_t *missed);

/*
 * Warn on stderr when @t's source missed start events since the last
 * call (*@last), never silently; 0 without a socket (tests) or a source.
 */
unsigned int layer_warn_missed(struct trace *t, uint64_t *last);

/* -c COMM or --comm COMM into t->req.comm: a trace_opt_fn. */
int layer_comm_opt(struct trace *t, int argc, char **argv, int *i, void *arg);

#endif /* KDBGCTL_LAYER_H */
