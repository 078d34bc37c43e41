// SPDX-License-Identifier: GPL-2.0
/*
 * The aggregation protocol's netlink half (see agg.h): the SOURCE_AGG
 * nest, pattern add replies, AGG_GET and STACK_GET dumps. Parsers take
 * one message and grow caller-owned tables, so a dump is read by calling
 * them from the talk loop's callback and a test by calling them directly.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "kdbgctl.h"
#include "nl.h"

void kdbg_nl_put_agg(struct nlmsghdr *nlh, const struct kdbg_agg_spec *spec)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_AGG);

	/* KEYS 0 (a plain counter) is said explicitly: it is the request. */
	mnl_attr_put_u32(nlh, KDBG_A_AGG_KEYS, spec->keys);
	if (spec->keys & KDBG_AGG_KEY_ARG)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_KEY_ARG, spec->key_arg);
	if (spec->value) {
		mnl_attr_put_u32(nlh, KDBG_A_AGG_VALUE, spec->value);
		if (spec->value == KDBG_AGG_VALUE_ARG)
			mnl_attr_put_u32(nlh, KDBG_A_AGG_VALUE_ARG,
					 spec->value_arg);
	}
	if (spec->hist) {
		mnl_attr_put_u32(nlh, KDBG_A_AGG_HIST, spec->hist);
		if (spec->hist == KDBG_AGG_HIST_LINEAR) {
			mnl_attr_put_u64(nlh, KDBG_A_AGG_HIST_MIN, spec->hist_min);
			mnl_attr_put_u64(nlh, KDBG_A_AGG_HIST_MAX, spec->hist_max);
			mnl_attr_put_u64(nlh, KDBG_A_AGG_HIST_STEP, spec->hist_step);
		}
	}
	if (spec->entries)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_ENTRIES, spec->entries);
	if (spec->stacks)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_STACKS, spec->stacks);
	mnl_attr_nest_end(nlh, nest);
}

int kdbg_agg_spec_parse(const struct nlattr *nest, struct kdbg_agg_spec *spec)
{
	const struct nlattr *tb[KDBG_A_AGG_MAX + 1];

	memset(spec, 0, sizeof(*spec));
	if (!nest || kdbg_nl_parse_nested(nest, tb, KDBG_A_AGG_MAX) < 0)
		return -EINVAL;
	spec->keys = kdbg_nl_u32(tb[KDBG_A_AGG_KEYS], 0);
	spec->key_arg = kdbg_nl_u32(tb[KDBG_A_AGG_KEY_ARG], 0);
	spec->value = kdbg_nl_u32(tb[KDBG_A_AGG_VALUE], 0);
	spec->value_arg = kdbg_nl_u32(tb[KDBG_A_AGG_VALUE_ARG], 0);
	spec->hist = kdbg_nl_u32(tb[KDBG_A_AGG_HIST], 0);
	spec->hist_min = kdbg_nl_u64(tb[KDBG_A_AGG_HIST_MIN], 0);
	spec->hist_max = kdbg_nl_u64(tb[KDBG_A_AGG_HIST_MAX], 0);
	spec->hist_step = kdbg_nl_u64(tb[KDBG_A_AGG_HIST_STEP], 0);
	spec->entries = kdbg_nl_u32(tb[KDBG_A_AGG_ENTRIES], 0);
	spec->stacks = kdbg_nl_u32(tb[KDBG_A_AGG_STACKS], 0);
	return 0;
}

uint32_t kdbg_agg_linear_buckets(uint64_t min, uint64_t max, uint64_t step)
{
	uint64_t n;

	if (min >= max || !step)
		return 0;
	n = (max - min) / step + ((max - min) % step != 0);
	if (n > KDBG_AGG_LINEAR_MAX)
		return 0;
	return n + 2;	/* below MIN, and >= MAX */
}

bool kdbg_target_is_pattern(const char *target)
{
	return target && strpbrk(target, "*?[") != NULL;
}

/* ---- SOURCE_ADD replies ---- */

const char *const kdbg_skip_names[KDBG_A_SKIP_MAX + 1] = {
	[KDBG_A_SKIP_NOTRACE]	= "notrace",
	[KDBG_A_SKIP_REFUSED]	= "refused",
	[KDBG_A_SKIP_OWN]	= "own",
	[KDBG_A_SKIP_EXISTS]	= "exists",
	[KDBG_A_SKIP_OTHER]	= "other",
};

const char *const kdbg_skip_words[KDBG_A_SKIP_MAX + 1] = {
	[KDBG_A_SKIP_NOTRACE]	= "notrace",
	[KDBG_A_SKIP_REFUSED]	= "refused by kprobes",
	[KDBG_A_SKIP_OWN]	= "kdbg's own",
	[KDBG_A_SKIP_EXISTS]	= "already attached",
	[KDBG_A_SKIP_OTHER]	= "other errors",
};

int kdbg_add_reply_parse(const struct nlmsghdr *nlh, struct kdbg_add_reply *r)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	const struct nlattr *sk[KDBG_A_SKIP_MAX + 1];
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return -EINVAL;
	r->id = kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0);
	r->pattern = tb[KDBG_A_SOURCE_MATCHED] || tb[KDBG_A_SOURCE_ATTACHED];
	r->matched = kdbg_nl_u32(tb[KDBG_A_SOURCE_MATCHED], 0);
	r->attached = kdbg_nl_u32(tb[KDBG_A_SOURCE_ATTACHED], 0);
	if (!r->pattern)
		r->matched = r->attached = r->id ? 1 : 0;
	if (tb[KDBG_A_SOURCE_SKIPPED]) {
		if (kdbg_nl_parse_nested(tb[KDBG_A_SOURCE_SKIPPED], sk,
					 KDBG_A_SKIP_MAX) < 0)
			return -EINVAL;
		for (i = 1; i <= KDBG_A_SKIP_MAX; i++)
			r->skipped[i] = kdbg_nl_u32(sk[i], 0);
	}
	return 0;
}

uint32_t kdbg_add_reply_skipped(const struct kdbg_add_reply *r)
{
	uint32_t n = 0;
	unsigned int i;

	for (i = 1; i <= KDBG_A_SKIP_MAX; i++)
		n += r->skipped[i];
	return n;
}

/* ---- AGG_GET ---- */

static struct kdbg_agg_source *find_source(struct kdbg_agg_dump *d,
					   uint32_t id)
{
	struct kdbg_agg_source *s;
	size_t i;

	for (i = d->nr_src; i-- > 0;)
		if (d->src[i].id == id)
			return &d->src[i];
	s = realloc(d->src, (d->nr_src + 1) * sizeof(*s));
	if (!s)
		return NULL;
	d->src = s;
	s += d->nr_src++;
	memset(s, 0, sizeof(*s));
	s->id = id;
	return s;
}

static int parse_row(struct kdbg_agg_row *r, const struct nlattr *nest)
{
	const struct nlattr *tb[KDBG_A_AGG_E_MAX + 1];
	const struct nlattr *a;
	static const struct { unsigned int attr; uint32_t key; } keys[] = {
		{ KDBG_A_AGG_E_STACK_ID, KDBG_AGG_KEY_STACK },
		{ KDBG_A_AGG_E_COMM, KDBG_AGG_KEY_COMM },
		{ KDBG_A_AGG_E_PID, KDBG_AGG_KEY_PID },
		{ KDBG_A_AGG_E_TGID, KDBG_AGG_KEY_TGID },
		{ KDBG_A_AGG_E_CPU, KDBG_AGG_KEY_CPU },
		{ KDBG_A_AGG_E_ARG, KDBG_AGG_KEY_ARG },
		{ KDBG_A_AGG_E_RETVAL, KDBG_AGG_KEY_RETVAL },
		{ KDBG_A_AGG_E_USTACK_ID, KDBG_AGG_KEY_USTACK },
	};
	unsigned int i;
	size_t n;

	memset(r, 0, sizeof(*r));
	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_AGG_E_MAX) < 0)
		return -EINVAL;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (tb[keys[i].attr])
			r->keys |= keys[i].key;
	r->stack_id = kdbg_nl_u32(tb[KDBG_A_AGG_E_STACK_ID], 0);
	r->pid = kdbg_nl_u32(tb[KDBG_A_AGG_E_PID], 0);
	r->tgid = kdbg_nl_u32(tb[KDBG_A_AGG_E_TGID], 0);
	r->cpu = kdbg_nl_u32(tb[KDBG_A_AGG_E_CPU], 0);
	r->ustack_id = kdbg_nl_u32(tb[KDBG_A_AGG_E_USTACK_ID], 0);
	r->arg = kdbg_nl_u64(tb[KDBG_A_AGG_E_ARG], 0);
	r->retval = kdbg_nl_u64(tb[KDBG_A_AGG_E_RETVAL], 0);
	kdbg_nl_strcpy(tb[KDBG_A_AGG_E_COMM], r->comm, sizeof(r->comm));
	r->count = kdbg_nl_u64(tb[KDBG_A_AGG_E_COUNT], 0);
	r->has_value = tb[KDBG_A_AGG_E_SUM] != NULL;
	r->sum = kdbg_nl_u64(tb[KDBG_A_AGG_E_SUM], 0);
	r->min = kdbg_nl_u64(tb[KDBG_A_AGG_E_VALUE_MIN], 0);
	r->max = kdbg_nl_u64(tb[KDBG_A_AGG_E_VALUE_MAX], 0);
	a = tb[KDBG_A_AGG_E_HIST];
	if (a) {
		n = mnl_attr_get_payload_len(a) / sizeof(uint64_t);
		if (n > KDBG_AGG_LINEAR_MAX + 2)	/* the widest histogram */
			return -EINVAL;
		r->hist = calloc(n ? n : 1, sizeof(uint64_t));
		if (!r->hist)
			return -ENOMEM;
		/* Attribute payloads are only 4-byte aligned. */
		memcpy(r->hist, mnl_attr_get_payload(a), n * sizeof(uint64_t));
		r->nr_buckets = n;
	}
	return 0;
}

static void parse_stats(struct kdbg_agg_stats *st, const struct nlattr *nest)
{
	const struct nlattr *tb[KDBG_A_AGG_S_MAX + 1];

	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_AGG_S_MAX) < 0)
		return;
	st->entries = kdbg_nl_u32(tb[KDBG_A_AGG_S_ENTRIES], 0);
	st->capacity = kdbg_nl_u32(tb[KDBG_A_AGG_S_CAPACITY], 0);
	st->missed = kdbg_nl_u64(tb[KDBG_A_AGG_S_MISSED], 0);
	st->stacks = kdbg_nl_u32(tb[KDBG_A_AGG_S_STACKS], 0);
	st->stack_capacity = kdbg_nl_u32(tb[KDBG_A_AGG_S_STACK_CAPACITY], 0);
	st->stack_missed = kdbg_nl_u64(tb[KDBG_A_AGG_S_STACK_MISSED], 0);
}

int kdbg_agg_dump_parse(struct kdbg_agg_dump *d, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct kdbg_agg_source *s;
	struct kdbg_agg_row row;
	int err;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0 || !tb[KDBG_A_SOURCE_ID])
		return -EINVAL;
	s = find_source(d, kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0));
	if (!s)
		return -ENOMEM;
	if (tb[KDBG_A_AGG_STATS]) {
		/* The message closing the source. */
		snprintf(s->target, sizeof(s->target), "%s",
			 kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""));
		parse_stats(&s->stats, tb[KDBG_A_AGG_STATS]);
		s->closed = true;
	}
	if (!tb[KDBG_A_AGG_ENTRY])
		return 0;
	err = parse_row(&row, tb[KDBG_A_AGG_ENTRY]);
	if (err)
		return err;
	if (s->nr_rows == s->cap_rows) {
		size_t cap = s->cap_rows ? 2 * s->cap_rows : 16;
		struct kdbg_agg_row *r = realloc(s->rows, cap * sizeof(*r));

		if (!r) {
			free(row.hist);
			return -ENOMEM;
		}
		s->rows = r;
		s->cap_rows = cap;
	}
	s->rows[s->nr_rows++] = row;
	s->keys |= row.keys;
	s->has_value |= row.has_value;
	if (row.nr_buckets > s->nr_buckets)
		s->nr_buckets = row.nr_buckets;
	return 0;
}

void kdbg_agg_dump_free(struct kdbg_agg_dump *d)
{
	size_t i, j;

	for (i = 0; i < d->nr_src; i++) {
		for (j = 0; j < d->src[i].nr_rows; j++)
			free(d->src[i].rows[j].hist);
		free(d->src[i].rows);
	}
	free(d->src);
	d->src = NULL;
	d->nr_src = 0;
}

static int agg_cb(const struct nlmsghdr *nlh, void *data)
{
	int err = kdbg_agg_dump_parse(data, nlh);

	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int kdbg_agg_get(struct kdbg_nl *nl, uint32_t id, const char *pattern,
		 bool clear, struct kdbg_agg_dump *d, const char *context)
{
	struct nlmsghdr *nlh = kdbg_nl_msg(nl, KDBG_CMD_AGG_GET, NLM_F_DUMP);

	kdbg_agg_dump_free(d);
	if (id)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, id);
	else if (pattern)
		mnl_attr_put_strz(nlh, KDBG_A_SOURCE_PATTERN, pattern);
	if (clear)
		mnl_attr_put(nlh, KDBG_A_AGG_CLEAR, 0, NULL);
	return kdbg_nl_run(nl, nlh, agg_cb, d, context);
}

void kdbg_agg_dump_sum(const struct kdbg_agg_dump *d, uint64_t *out,
		       uint32_t n, struct kdbg_agg_total *t)
{
	size_t i, j;
	uint32_t b;

	memset(out, 0, n * sizeof(*out));
	memset(t, 0, sizeof(*t));
	for (i = 0; i < d->nr_src; i++) {
		for (j = 0; j < d->src[i].nr_rows; j++) {
			const struct kdbg_agg_row *r = &d->src[i].rows[j];

			for (b = 0; b < r->nr_buckets && b < n; b++)
				out[b] += r->hist[b];
			t->count += r->count;
			if (!r->has_value || !r->count)
				continue;
			t->sum += r->sum;
			if (!t->has_value || r->min < t->min)
				t->min = r->min;
			if (!t->has_value || r->max > t->max)
				t->max = r->max;
			t->has_value = true;
		}
	}
}

unsigned int kdbg_agg_dump_warn(const struct kdbg_agg_dump *d)
{
	unsigned int n = 0;
	size_t i;

	fflush(stdout);
	for (i = 0; i < d->nr_src; i++) {
		const struct kdbg_agg_source *s = &d->src[i];

		if (s->stats.missed) {
			fprintf(stderr, "kdbgctl: warning: %s (source %" PRIu32 "): %" PRIu64 " hits missed: the table's %" PRIu32 " entries were full (raise --entries)\n",
				s->target, s->id, s->stats.missed,
				s->stats.capacity);
			n++;
		}
		if (s->stats.stack_missed) {
			fprintf(stderr, "kdbgctl: warning: %s (source %" PRIu32 "): %" PRIu64 " stacks lost: the stack table's %" PRIu32 " entries were full (raise --stacks)\n",
				s->target, s->id, s->stats.stack_missed,
				s->stats.stack_capacity);
			n++;
		}
	}
	return n;
}

/* ---- STACK_GET ---- */

int kdbg_stacks_parse(struct kdbg_stacks *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	const struct nlattr *a;
	struct kdbg_stack *s;
	size_t n;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0 || !tb[KDBG_A_STACK_ID])
		return -EINVAL;
	if (m->nr == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;

		s = realloc(m->s, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		m->s = s;
		m->cap = cap;
	}
	s = &m->s[m->nr];
	s->id = kdbg_nl_u32(tb[KDBG_A_STACK_ID], 0);
	a = tb[KDBG_A_EVENT_STACK];
	n = a ? mnl_attr_get_payload_len(a) / sizeof(uint64_t) : 0;
	s->ips = calloc(n ? n : 1, sizeof(uint64_t));
	if (!s->ips)
		return -ENOMEM;
	if (n)
		memcpy(s->ips, mnl_attr_get_payload(a), n * sizeof(uint64_t));
	s->nr = n;
	m->nr++;
	return 0;
}

static int stack_cmp(const void *a, const void *b)
{
	const struct kdbg_stack *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

void kdbg_stacks_sort(struct kdbg_stacks *m)
{
	if (m->nr)
		qsort(m->s, m->nr, sizeof(*m->s), stack_cmp);
}

const struct kdbg_stack *kdbg_stacks_find(const struct kdbg_stacks *m,
					  uint32_t id)
{
	struct kdbg_stack key = { .id = id };

	if (!id || !m->nr)
		return NULL;
	return bsearch(&key, m->s, m->nr, sizeof(*m->s), stack_cmp);
}

void kdbg_stacks_free(struct kdbg_stacks *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		free(m->s[i].ips);
	free(m->s);
	memset(m, 0, sizeof(*m));
}

static int stacks_cb(const struct nlmsghdr *nlh, void *data)
{
	int err = kdbg_stacks_parse(data, nlh);

	if (err) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int kdbg_stacks_get(struct kdbg_nl *nl, uint32_t id, struct kdbg_stacks *m,
		    const char *context)
{
	struct nlmsghdr *nlh = kdbg_nl_msg(nl, KDBG_CMD_STACK_GET, NLM_F_DUMP);
	int err;

	kdbg_stacks_free(m);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, id);
	err = kdbg_nl_run(nl, nlh, stacks_cb, m, context);
	kdbg_stacks_sort(m);
	return err;
}
