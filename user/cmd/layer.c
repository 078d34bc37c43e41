// SPDX-License-Identifier: GPL-2.0
/*
 * The pieces kdbgctl's layer tools share (layer.h): the unit-converted
 * histogram and the warning when the pairing map missed starts (their
 * options go through trace.c's trace_parse_opts() and trace_unit_opt()).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "kdbgctl.h"
#include "layer.h"
#include "layer_stacks.h"
#include "output.h"

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

void layer_print_agg_hist(const struct kdbg_agg_dump *d,
			  const struct kdbg_agg_row *r,
			  const struct funclatency_unit *u)
{
	uint64_t ns[KDBG_AGG_LOG2_BUCKETS] = { 0 };
	struct kdbg_agg_total tot;
	uint32_t i;

	if (!r) {
		kdbg_agg_dump_sum(d, ns, KDBG_AGG_LOG2_BUCKETS, &tot);
		layer_print_hist(ns, u, tot.count, tot.sum, tot.min, tot.max);
		return;
	}
	for (i = 0; i < r->nr_buckets && i < KDBG_AGG_LOG2_BUCKETS; i++)
		ns[i] = r->hist[i];
	layer_print_hist(ns, u, r->count, r->sum, r->min, r->max);
}

void layer_print_rows_hist(const struct kdbg_agg_dump *d, const char *name,
			   int (*cmp)(const void *, const void *),
			   void (*key)(const struct kdbg_agg_row *, void *),
			   void *arg, const struct funclatency_unit *u)
{
	size_t s, i;

	out_open_array(name);
	for (s = 0; s < d->nr_src; s++) {
		struct kdbg_agg_source *src = &d->src[s];

		if (src->nr_rows)
			qsort(src->rows, src->nr_rows, sizeof(*src->rows), cmp);
		for (i = 0; i < src->nr_rows; i++) {
			out_open_object(NULL);
			key(&src->rows[i], arg);
			layer_print_agg_hist(d, &src->rows[i], u);
			out_close_object();
		}
	}
	out_close_array();
}

int layer_missed_parse(const struct nlmsghdr *nlh, uint32_t id,
		       uint64_t *missed)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	const struct nlattr *c[KDBG_A_COUNTER_MAX + 1];

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return -1;
	if (kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0) != id)
		return 0;
	if (!tb[KDBG_A_SOURCE_COUNTERS] ||
	    kdbg_nl_parse_nested(tb[KDBG_A_SOURCE_COUNTERS], c,
				 KDBG_A_COUNTER_MAX) < 0)
		return -1;
	*missed = kdbg_nl_u64(c[KDBG_A_COUNTER_MISSED], 0);
	return 1;
}

struct missed_ctx {
	uint32_t id;
	uint64_t missed;
	bool found;
};

static int missed_cb(const struct nlmsghdr *nlh, void *data)
{
	struct missed_ctx *m = data;
	int r = layer_missed_parse(nlh, m->id, &m->missed);

	if (r < 0)
		return MNL_CB_ERROR;
	m->found |= r;
	return MNL_CB_OK;
}

unsigned int layer_warn_missed(struct trace *t, uint64_t *last)
{
	struct missed_ctx m = { .id = t->reply.id };
	struct nlmsghdr *nlh;

	if (!t->nl || !t->attached)
		return 0;
	nlh = kdbg_nl_msg(t->nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	if (kdbg_nl_talk(t->nl, nlh, missed_cb, &m) || !m.found ||
	    m.missed <= *last)
		return 0;
	fflush(stdout);
	fprintf(stderr, "kdbgctl: warning: %s (source %" PRIu32 "): %" PRIu64 " start events missed: the pairing map was full\n",
		t->req.target, m.id, m.missed - *last);
	*last = m.missed;
	return 1;
}

const struct kdbg_stack *layer_stack(struct trace *t, struct layer_stacks *ls,
				     uint32_t stack_id)
{
	const struct kdbg_stack *found;
	char context[KDBG_TARGET_MAX + 32];

	if (!stack_id)
		return NULL;	/* no room in the stack table: "[stack lost]" */
	found = kdbg_stacks_find(&ls->m, stack_id);
	if (found || !t->nl)
		return found;
	snprintf(context, sizeof(context), "%s: stacks of source %" PRIu32,
		 t->cmd, t->reply.id);
	if (kdbg_stacks_get(t->nl, t->reply.id, &ls->m, context))
		return NULL;
	return kdbg_stacks_find(&ls->m, stack_id);
}

size_t layer_frames(struct trace *t, struct layer_stacks *ls,
		    uint32_t stack_id, char (*buf)[KDBG_FRAME_LEN], size_t n)
{
	return kdbg_stack_frames(ls->ks, layer_stack(t, ls, stack_id), false,
				 buf, n);
}

int layer_comm_opt(struct trace *t, int argc, char **argv, int *i, void *arg)
{
	const char *a = argv[*i];

	(void)arg;
	if (strcmp(a, "-c") && strcmp(a, "--comm"))
		return 0;
	if (*i + 1 >= argc) {
		kdbg_err("%s: option '%s' needs a value", t->cmd, a);
		return -1;
	}
	t->req.comm = argv[++*i];
	if (!*t->req.comm || strlen(t->req.comm) >= KDBG_COMM_LEN) {
		kdbg_err("%s: %s '%s': a command name has 1 to %d characters",
			 t->cmd, a, t->req.comm, KDBG_COMM_LEN - 1);
		return -1;
	}
	return 1;
}

uint64_t layer_key_addr(uint64_t key)
{
	return (key & ((1ULL << 48) - 1)) | (0xffffULL << 48);
}

const struct kdbg_agg_row **layer_rows(const struct kdbg_agg_dump *d,
				       size_t *n)
{
	const struct kdbg_agg_row **rows;
	size_t s, i, nr = 0;

	for (s = 0; s < d->nr_src; s++)
		nr += d->src[s].nr_rows;
	rows = calloc(nr ? nr : 1, sizeof(*rows));
	if (!rows)
		return NULL;
	*n = 0;
	for (s = 0; s < d->nr_src; s++)
		for (i = 0; i < d->src[s].nr_rows; i++)
			if (d->src[s].rows[i].count)
				rows[(*n)++] = &d->src[s].rows[i];
	return rows;
}
