// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for module/agg.c and module/stackmap.c: histogram bucketing
 * edges, request checking, the stack table (dedup, forced hash collisions,
 * full table, walk order), and the aggregation table (keys, values,
 * histograms, full table accounting, read-and-clear, the snapshot's merge
 * of repeated keys, no hit lost to clearing reads under concurrent
 * updaters).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include "../module/agg.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static int agg_test_res_init(struct kunit_resource *res, void *agg)
{
	res->data = agg;
	return 0;
}

static void agg_test_res_free(struct kunit_resource *res)
{
	kdbg_agg_destroy(res->data);
}

/* A table destroyed when the test ends, however it ends. */
static struct kdbg_agg *agg_new(struct kunit *test,
				const struct kdbg_agg_spec *spec)
{
	struct kdbg_agg *agg = kdbg_agg_create(spec);

	KUNIT_ASSERT_NOT_NULL(test, agg);
	kunit_alloc_resource(test, agg_test_res_init, agg_test_res_free,
			     GFP_KERNEL, agg);
	return agg;
}

static void stackmap_test_res_free(struct kunit_resource *res)
{
	kdbg_stackmap_destroy(res->data);
}

static struct kdbg_stackmap *stackmap_new(struct kunit *test, u32 capacity)
{
	struct kdbg_stackmap *map = kdbg_stackmap_create(capacity);

	KUNIT_ASSERT_NOT_NULL(test, map);
	kunit_alloc_resource(test, agg_test_res_init, stackmap_test_res_free,
			     GFP_KERNEL, map);
	return map;
}

static void snap_test_res_free(struct kunit_resource *res)
{
	kvfree(res->data);
}

static struct kdbg_agg_snap *snap_take(struct kunit *test,
				       struct kdbg_agg *agg, bool clear)
{
	struct kdbg_agg_snap *snap = kdbg_agg_snapshot(agg, clear);

	KUNIT_ASSERT_NOT_NULL(test, snap);
	kunit_alloc_resource(test, agg_test_res_init, snap_test_res_free,
			     GFP_KERNEL, snap);
	return snap;
}

/* Updates run with preemption disabled, as the handlers run them. */
static void agg_hit(struct kdbg_agg *agg, const struct kdbg_agg_hit *hit)
{
	preempt_disable();
	kdbg_agg_update(agg, hit);
	preempt_enable();
}

static void agg_hit_pid(struct kdbg_agg *agg, u32 pid)
{
	struct kdbg_agg_hit hit = { .pid = pid };

	agg_hit(agg, &hit);
}

static void agg_hit_latency(struct kdbg_agg *agg, u64 latency)
{
	struct kdbg_agg_hit hit = { .latency = latency };

	agg_hit(agg, &hit);
}

static u64 snap_count_sum(const struct kdbg_agg_snap *snap)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < snap->nr; i++)
		sum += kdbg_agg_snap_entry(snap, i)->count;
	return sum;
}

/* The entry of @pid in a table keyed by pid alone; NULL if none. */
static const struct kdbg_agg_snap_entry *
snap_find_pid(const struct kdbg_agg_snap *snap, u32 pid)
{
	u32 i;

	for (i = 0; i < snap->nr; i++)
		if (kdbg_agg_snap_entry(snap, i)->key.pid == pid)
			return kdbg_agg_snap_entry(snap, i);
	return NULL;
}

static const struct kdbg_agg_caps kprobe_caps = {};

static const struct kdbg_agg_caps kretprobe_caps = {
	.keys = KDBG_AGG_KEY_RETVAL,
	.values = BIT(KDBG_AGG_VALUE_LATENCY) | BIT(KDBG_AGG_VALUE_RETVAL),
};

static const struct kdbg_agg_caps tracepoint_caps = {
	.keys = KDBG_AGG_KEY_ARG,
	.values = BIT(KDBG_AGG_VALUE_ARG),
	.nargs = 3,
};

/* ------------------------------------------------------------------ */
/* Bucketing                                                           */

struct bucket_case {
	u64 v;
	u32 bucket;
};

static const struct bucket_case log2_cases[] = {
	{ 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 2 }, { 4, 3 }, { 7, 3 }, { 8, 4 },
	{ 1ULL << 63, 64 }, { (1ULL << 63) - 1, 63 }, { U64_MAX, 64 },
};

static void bucket_case_desc(const struct bucket_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "v=%llu", c->v);
}

KUNIT_ARRAY_PARAM(log2, log2_cases, bucket_case_desc);

static void kdbg_agg_log2_bucket_edges(struct kunit *test)
{
	const struct bucket_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, kdbg_agg_log2_bucket(c->v), c->bucket);
	KUNIT_EXPECT_LT(test, kdbg_agg_log2_bucket(c->v),
			(u32)KDBG_AGG_LOG2_BUCKETS);
}

/* min 100, max 200, step 10: below, 10 steps, at or above. */
static const struct bucket_case linear_cases[] = {
	{ 0, 0 }, { 99, 0 }, { 100, 1 }, { 109, 1 }, { 110, 2 },
	{ 199, 10 }, { 200, 11 }, { 201, 11 }, { U64_MAX, 11 },
};

KUNIT_ARRAY_PARAM(linear, linear_cases, bucket_case_desc);

static void kdbg_agg_linear_bucket_edges(struct kunit *test)
{
	const struct bucket_case *c = test->param_value;
	struct kdbg_agg_spec spec = {
		.value = KDBG_AGG_VALUE_LATENCY, .hist = KDBG_AGG_HIST_LINEAR,
		.hist_min = 100, .hist_max = 200, .hist_step = 10,
	};

	KUNIT_EXPECT_EQ(test, kdbg_agg_nr_buckets(&spec), 12U);
	KUNIT_EXPECT_EQ(test, kdbg_agg_linear_bucket(&spec, c->v), c->bucket);
}

static void kdbg_agg_linear_bucket_partial_step(struct kunit *test)
{
	/* 25 / 10: two whole steps and a partial one, then >= max. */
	struct kdbg_agg_spec spec = {
		.value = KDBG_AGG_VALUE_LATENCY, .hist = KDBG_AGG_HIST_LINEAR,
		.hist_min = 0, .hist_max = 25, .hist_step = 10,
	};

	KUNIT_EXPECT_EQ(test, kdbg_agg_nr_buckets(&spec), 5U);
	KUNIT_EXPECT_EQ(test, kdbg_agg_linear_bucket(&spec, 0), 1U);
	KUNIT_EXPECT_EQ(test, kdbg_agg_linear_bucket(&spec, 20), 3U);
	KUNIT_EXPECT_EQ(test, kdbg_agg_linear_bucket(&spec, 24), 3U);
	KUNIT_EXPECT_EQ(test, kdbg_agg_linear_bucket(&spec, 25), 4U);
}

static void kdbg_agg_nr_buckets_kinds(struct kunit *test)
{
	struct kdbg_agg_spec spec = { .value = KDBG_AGG_VALUE_LATENCY };

	KUNIT_EXPECT_EQ(test, kdbg_agg_nr_buckets(&spec), 0U);
	spec.hist = KDBG_AGG_HIST_LOG2;
	KUNIT_EXPECT_EQ(test, kdbg_agg_nr_buckets(&spec),
			(u32)KDBG_AGG_LOG2_BUCKETS);
	spec.hist = KDBG_AGG_HIST_LINEAR;
	spec.hist_max = KDBG_AGG_LINEAR_MAX;
	spec.hist_step = 1;
	KUNIT_EXPECT_EQ(test, kdbg_agg_nr_buckets(&spec),
			(u32)KDBG_AGG_LINEAR_MAX + 2);
}

/* ------------------------------------------------------------------ */
/* Request checking                                                    */

struct spec_case {
	const char *name;
	struct kdbg_agg_spec spec;
	const struct kdbg_agg_caps *caps;
	int err;
	const char *msg;
};

#define LAT	.value = KDBG_AGG_VALUE_LATENCY
#define LINEAR(lo, hi, st)	LAT, .hist = KDBG_AGG_HIST_LINEAR, \
				.hist_min = (lo), .hist_max = (hi), \
				.hist_step = (st)

static const struct spec_case spec_cases[] = {
	{ "unknown key", { .keys = KDBG_AGG_KEY_ALL + 1 }, &kretprobe_caps,
	  -EINVAL, "unknown aggregation keys" },
	{ "arg key on kprobe", { .keys = KDBG_AGG_KEY_ARG }, &kprobe_caps,
	  -EINVAL, "this source type has no such aggregation key" },
	{ "retval key on tracepoint", { .keys = KDBG_AGG_KEY_RETVAL },
	  &tracepoint_caps,
	  -EINVAL, "this source type has no such aggregation key" },
	{ "key arg past nargs", { .keys = KDBG_AGG_KEY_ARG, .key_arg = 3 },
	  &tracepoint_caps, -EINVAL, "aggregation key argument out of range" },
	{ "unknown value", { .value = KDBG_AGG_VALUE_MAX + 1 },
	  &kretprobe_caps, -EINVAL, "unknown aggregation value" },
	{ "latency on kprobe", { LAT }, &kprobe_caps,
	  -EINVAL, "this source type cannot aggregate that value" },
	{ "arg value on kretprobe", { .value = KDBG_AGG_VALUE_ARG },
	  &kretprobe_caps,
	  -EINVAL, "this source type cannot aggregate that value" },
	{ "value arg past nargs",
	  { .value = KDBG_AGG_VALUE_ARG, .value_arg = 3 }, &tracepoint_caps,
	  -EINVAL, "aggregation value argument out of range" },
	{ "unknown hist", { LAT, .hist = KDBG_AGG_HIST_MAX + 1 },
	  &kretprobe_caps, -EINVAL, "unknown aggregation histogram" },
	{ "hist without value", { .hist = KDBG_AGG_HIST_LOG2 },
	  &kretprobe_caps, -EINVAL, "a histogram needs a value" },
	{ "linear min == max", { LINEAR(10, 10, 1) }, &kretprobe_caps,
	  -EINVAL, "linear histogram needs min < max" },
	{ "linear min > max", { LINEAR(11, 10, 1) }, &kretprobe_caps,
	  -EINVAL, "linear histogram needs min < max" },
	{ "linear step 0", { LINEAR(0, 10, 0) }, &kretprobe_caps,
	  -EINVAL, "linear histogram needs a step > 0" },
	{ "linear too many", { LINEAR(0, KDBG_AGG_LINEAR_MAX + 1, 1) },
	  &kretprobe_caps, -EINVAL, "linear histogram has too many buckets" },
	{ "linear partial step too many",
	  { LINEAR(0, 2 * KDBG_AGG_LINEAR_MAX + 1, 2) }, &kretprobe_caps,
	  -EINVAL, "linear histogram has too many buckets" },
	{ "entries too many", { .entries = KDBG_AGG_ENTRIES_MAX + 1 },
	  &kprobe_caps, -ERANGE, "aggregation entries out of range" },
	{ "stacks too many",
	  { .keys = KDBG_AGG_KEY_STACK, .stacks = KDBG_AGG_STACKS_MAX + 1 },
	  &kprobe_caps, -ERANGE, "aggregation stacks out of range" },
	/* Accepted. */
	{ "counter", {}, &kprobe_caps, 0, NULL },
	{ "kretprobe latency log2 by stack comm retval",
	  { .keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_COMM |
		    KDBG_AGG_KEY_RETVAL, LAT, .hist = KDBG_AGG_HIST_LOG2,
	    .entries = KDBG_AGG_ENTRIES_MAX, .stacks = KDBG_AGG_STACKS_MAX },
	  &kretprobe_caps, 0, NULL },
	{ "tracepoint arg by arg, linear at the bucket limit",
	  { .keys = KDBG_AGG_KEY_ARG | KDBG_AGG_KEY_PID, .key_arg = 2,
	    .value = KDBG_AGG_VALUE_ARG, .value_arg = 1,
	    .hist = KDBG_AGG_HIST_LINEAR, .hist_min = 5,
	    .hist_max = 5 + 2 * KDBG_AGG_LINEAR_MAX, .hist_step = 2,
	    .entries = 1, .stacks = 1 },
	  &tracepoint_caps, 0, NULL },
};

static void spec_case_desc(const struct spec_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(spec, spec_cases, spec_case_desc);

static void kdbg_agg_spec_check_cases(struct kunit *test)
{
	const struct spec_case *c = test->param_value;
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ(test, kdbg_agg_spec_check(&c->spec, c->caps, &extack),
			c->err);
	if (c->msg) {
		KUNIT_ASSERT_NOT_NULL(test, extack._msg);
		KUNIT_EXPECT_STREQ(test, extack._msg, c->msg);
	} else {
		KUNIT_EXPECT_NULL(test, extack._msg);
	}
}

/* ------------------------------------------------------------------ */
/* Stack table                                                         */

struct walk_ctx {
	u32 n;
	u32 ids[8];
	u32 nr[8];
	u64 first[8];		/* innermost frame */
	u64 last[8];		/* outermost frame */
	u32 stop_after;		/* 0: never */
};

/* On the heap: KASAN's redzones make test frames large enough as it is. */
static struct walk_ctx *walk_new(struct kunit *test, u32 stop_after)
{
	struct walk_ctx *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->stop_after = stop_after;
	return w;
}

static int walk_collect(u32 id, const u64 *ips, u32 nr, void *arg)
{
	struct walk_ctx *w = arg;

	if (w->stop_after && w->n == w->stop_after)
		return -EMSGSIZE;
	if (w->n < ARRAY_SIZE(w->ids)) {
		w->ids[w->n] = id;
		w->nr[w->n] = nr;
		w->first[w->n] = ips[0];
		w->last[w->n] = ips[nr - 1];
	}
	w->n++;
	return 0;
}

static void kdbg_stackmap_get_same_stack_same_id(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 8);
	unsigned long a[] = { 0x1000, 0x2000, 0x3000 };
	u32 id = kdbg_stackmap_get(map, a, ARRAY_SIZE(a));

	KUNIT_EXPECT_GE(test, id, 1U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get(map, a, ARRAY_SIZE(a)), id);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_count(map), 1U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_missed(map), 0ULL);
}

static void kdbg_stackmap_get_different_stacks(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 8);
	unsigned long a[] = { 0x1000, 0x2000, 0x3000 };
	unsigned long b[] = { 0x1000, 0x2000, 0x3001 };
	u32 ida, idb, idc;

	ida = kdbg_stackmap_get(map, a, 3);
	idb = kdbg_stackmap_get(map, b, 3);
	idc = kdbg_stackmap_get(map, a, 2);	/* a prefix is another stack */
	KUNIT_EXPECT_NE(test, ida, 0U);
	KUNIT_EXPECT_NE(test, idb, 0U);
	KUNIT_EXPECT_NE(test, idc, 0U);
	KUNIT_EXPECT_NE(test, ida, idb);
	KUNIT_EXPECT_NE(test, ida, idc);
	KUNIT_EXPECT_NE(test, idb, idc);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_count(map), 3U);
}

static void kdbg_stackmap_get_empty_stack(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 8);
	unsigned long a[] = { 0x1000 };

	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get(map, a, 0), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_count(map), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_missed(map), 0ULL);
}

static void kdbg_stackmap_get_truncates_deep_stack(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 8);
	struct walk_ctx *w = walk_new(test, 0);
	const u32 depth = KDBG_STACK_MAX + 4;
	unsigned long *deep;
	u32 i, id;

	deep = kunit_kmalloc_array(test, depth, sizeof(*deep), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, deep);
	for (i = 0; i < depth; i++)
		deep[i] = 0x1000 + i;
	id = kdbg_stackmap_get(map, deep, depth);
	KUNIT_EXPECT_NE(test, id, 0U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get(map, deep, KDBG_STACK_MAX), id);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_walk(map, 0, walk_collect, w), 0);
	KUNIT_ASSERT_EQ(test, w->n, 1U);
	KUNIT_EXPECT_EQ(test, w->nr[0], (u32)KDBG_STACK_MAX);
	KUNIT_EXPECT_EQ(test, w->last[0], 0x1000ULL + KDBG_STACK_MAX - 1);
}

static void kdbg_stackmap_get_hashed_collision(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 8);
	unsigned long a[] = { 0xa1, 0xa2 };
	unsigned long b[] = { 0xb1, 0xb2, 0xb3 };
	unsigned long c[] = { 0xc1 };
	struct walk_ctx *w = walk_new(test, 0);
	u32 ida, idb, idc, i;

	/* a and b share a hash; c's hash 0 shares a READY state with 2. */
	ida = kdbg_stackmap_get_hashed(map, a, 2, 2);
	idb = kdbg_stackmap_get_hashed(map, b, 3, 2);
	idc = kdbg_stackmap_get_hashed(map, c, 1, 0);
	KUNIT_EXPECT_NE(test, ida, 0U);
	KUNIT_EXPECT_NE(test, idb, 0U);
	KUNIT_EXPECT_NE(test, idc, 0U);
	KUNIT_EXPECT_NE(test, ida, idb);
	KUNIT_EXPECT_NE(test, idc, ida);
	KUNIT_EXPECT_NE(test, idc, idb);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get_hashed(map, a, 2, 2), ida);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get_hashed(map, b, 3, 2), idb);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get_hashed(map, c, 1, 0), idc);

	KUNIT_EXPECT_EQ(test, kdbg_stackmap_walk(map, 0, walk_collect, w), 0);
	KUNIT_ASSERT_EQ(test, w->n, 3U);
	for (i = 0; i < w->n; i++) {
		if (i)
			KUNIT_EXPECT_LT(test, w->ids[i - 1], w->ids[i]);
		if (w->ids[i] == ida) {
			KUNIT_EXPECT_EQ(test, w->nr[i], 2U);
			KUNIT_EXPECT_EQ(test, w->first[i], 0xa1ULL);
			KUNIT_EXPECT_EQ(test, w->last[i], 0xa2ULL);
		} else if (w->ids[i] == idb) {
			KUNIT_EXPECT_EQ(test, w->nr[i], 3U);
			KUNIT_EXPECT_EQ(test, w->first[i], 0xb1ULL);
			KUNIT_EXPECT_EQ(test, w->last[i], 0xb3ULL);
		} else {
			KUNIT_EXPECT_EQ(test, w->ids[i], idc);
			KUNIT_EXPECT_EQ(test, w->nr[i], 1U);
			KUNIT_EXPECT_EQ(test, w->first[i], 0xc1ULL);
		}
	}
}

static void kdbg_stackmap_get_full_counts_missed(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 4);
	unsigned long s[6][1] = { { 1 }, { 2 }, { 3 }, { 4 }, { 5 }, { 6 } };
	u32 ids[4], i;

	for (i = 0; i < 4; i++) {
		ids[i] = kdbg_stackmap_get(map, s[i], 1);
		KUNIT_EXPECT_NE(test, ids[i], 0U);
	}
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get(map, s[4], 1), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_get(map, s[5], 1), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_missed(map), 2ULL);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_count(map), 4U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_capacity(map), 4U);
	/* Stored stacks are still found, and not counted as missed. */
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, kdbg_stackmap_get(map, s[i], 1), ids[i]);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_missed(map), 2ULL);
}

static void kdbg_stackmap_walk_resumes(struct kunit *test)
{
	struct kdbg_stackmap *map = stackmap_new(test, 8);
	unsigned long s[5][1] = { { 1 }, { 2 }, { 3 }, { 4 }, { 5 } };
	struct walk_ctx *w = walk_new(test, 2);
	struct walk_ctx *rest = walk_new(test, 0);
	u32 i;

	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_NE(test, kdbg_stackmap_get(map, s[i], 1), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_walk(map, 0, walk_collect, w),
			-EMSGSIZE);
	KUNIT_ASSERT_EQ(test, w->n, 2U);
	/* A dump resumes after the last id it sent. */
	KUNIT_EXPECT_EQ(test, kdbg_stackmap_walk(map, w->ids[1] + 1,
						 walk_collect, rest), 0);
	KUNIT_ASSERT_EQ(test, rest->n, 3U);
	KUNIT_EXPECT_GT(test, rest->ids[0], w->ids[1]);
	KUNIT_EXPECT_LT(test, rest->ids[0], rest->ids[1]);
	KUNIT_EXPECT_LT(test, rest->ids[1], rest->ids[2]);
}

/* ------------------------------------------------------------------ */
/* Aggregation table                                                   */

static void kdbg_agg_update_count_no_keys(struct kunit *test)
{
	struct kdbg_agg_spec spec = {};
	struct kdbg_agg *agg = agg_new(test, &spec);
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;
	u32 i;

	KUNIT_EXPECT_FALSE(test, kdbg_agg_wants_stack(agg));
	KUNIT_EXPECT_NULL(test, kdbg_agg_stackmap(agg));
	for (i = 0; i < 100; i++)
		agg_hit_pid(agg, i);	/* not a key: one entry */
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 1U);
	KUNIT_EXPECT_EQ(test, snap->nr_buckets, 0U);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->count, 100ULL);
	KUNIT_EXPECT_EQ(test, e->key.pid, 0U);
	KUNIT_EXPECT_EQ(test, snap->stats.entries, 1U);
	KUNIT_EXPECT_EQ(test, snap->stats.capacity,
			(u32)KDBG_AGG_ENTRIES_DEFAULT);
	KUNIT_EXPECT_EQ(test, snap->stats.missed, 0ULL);
	KUNIT_EXPECT_EQ(test, snap->stats.stack_capacity, 0U);
}

static void kdbg_agg_update_keyed_by_pid_and_comm(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_PID | KDBG_AGG_KEY_COMM,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	/* What follows the NUL is stale and must not split a key. */
	char sh1[KDBG_COMM_LEN] = "sh\0stale";
	char sh2[KDBG_COMM_LEN] = "sh\0other";
	char cat[KDBG_COMM_LEN] = "cat";
	struct kdbg_agg_hit hits[] = {
		{ .pid = 10, .cpu = 1, .comm = sh1 },
		{ .pid = 10, .cpu = 2, .comm = sh2 },
		{ .pid = 10, .comm = cat },
		{ .pid = 11, .comm = sh1 },
		{ .pid = 11, .comm = sh2 },
		{ .pid = 11, .comm = sh1 },
	};
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(hits); i++)
		agg_hit(agg, &hits[i]);
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 3U);
	/* Sorted by pid, then comm; keys not asked for are 0. */
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->key.pid, 10U);
	KUNIT_EXPECT_STREQ(test, e->key.comm, "cat");
	KUNIT_EXPECT_EQ(test, e->count, 1ULL);
	e = kdbg_agg_snap_entry(snap, 1);
	KUNIT_EXPECT_EQ(test, e->key.pid, 10U);
	KUNIT_EXPECT_STREQ(test, e->key.comm, "sh");
	KUNIT_EXPECT_EQ(test, e->key.comm[3], 0);
	KUNIT_EXPECT_EQ(test, e->key.cpu, 0U);
	KUNIT_EXPECT_EQ(test, e->count, 2ULL);
	e = kdbg_agg_snap_entry(snap, 2);
	KUNIT_EXPECT_EQ(test, e->key.pid, 11U);
	KUNIT_EXPECT_STREQ(test, e->key.comm, "sh");
	KUNIT_EXPECT_EQ(test, e->count, 3ULL);
}

static void kdbg_agg_update_keyed_by_arg(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_ARG, .key_arg = 2,
		.value = KDBG_AGG_VALUE_ARG, .value_arg = 0,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	u64 args[3] = { 5, 0, 77 };
	struct kdbg_agg_hit full = { .args = args, .nr_args = 3 };
	struct kdbg_agg_hit shortargs = { .args = args, .nr_args = 2 };
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;

	KUNIT_ASSERT_EQ(test, kdbg_agg_spec_check(&spec, &tracepoint_caps,
						  NULL), 0);
	agg_hit(agg, &full);
	agg_hit(agg, &shortargs);	/* no argument 2: keyed by 0 */
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 2U);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->key.arg, 0ULL);
	KUNIT_EXPECT_EQ(test, e->sum, 5ULL);
	e = kdbg_agg_snap_entry(snap, 1);
	KUNIT_EXPECT_EQ(test, e->key.arg, 77ULL);
	KUNIT_EXPECT_EQ(test, e->sum, 5ULL);
}

static void kdbg_agg_update_value_log2(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.value = KDBG_AGG_VALUE_LATENCY, .hist = KDBG_AGG_HIST_LOG2,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	static const u64 values[] = { 0, 1, 3, 3, 1000, 1ULL << 40 };
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;
	u64 sum = 0, total = 0;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		agg_hit_latency(agg, values[i]);
		sum += values[i];
	}
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 1U);
	KUNIT_ASSERT_EQ(test, snap->nr_buckets, (u32)KDBG_AGG_LOG2_BUCKETS);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->count, (u64)ARRAY_SIZE(values));
	KUNIT_EXPECT_EQ(test, e->sum, sum);
	KUNIT_EXPECT_EQ(test, e->min, 0ULL);
	KUNIT_EXPECT_EQ(test, e->max, 1ULL << 40);
	KUNIT_EXPECT_EQ(test, e->hist[0], 1ULL);	/* 0 */
	KUNIT_EXPECT_EQ(test, e->hist[1], 1ULL);	/* 1 */
	KUNIT_EXPECT_EQ(test, e->hist[2], 2ULL);	/* 3, 3 */
	KUNIT_EXPECT_EQ(test, e->hist[10], 1ULL);	/* 512..1023 */
	KUNIT_EXPECT_EQ(test, e->hist[41], 1ULL);	/* 2^40 */
	for (i = 0; i < snap->nr_buckets; i++)
		total += e->hist[i];
	KUNIT_EXPECT_EQ(test, total, e->count);
}

static void kdbg_agg_update_min_max_from_retval(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_TGID, .value = KDBG_AGG_VALUE_RETVAL,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	struct kdbg_agg_hit hit = { .tgid = 3 };
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;

	hit.retval = 500;
	agg_hit(agg, &hit);
	hit.retval = 7;
	agg_hit(agg, &hit);
	hit.retval = (u64)-EINVAL;	/* errors are huge as u64 */
	agg_hit(agg, &hit);
	hit.retval = 9;
	agg_hit(agg, &hit);
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 1U);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->key.tgid, 3U);
	KUNIT_EXPECT_EQ(test, e->count, 4ULL);
	KUNIT_EXPECT_EQ(test, e->min, 7ULL);
	KUNIT_EXPECT_EQ(test, e->max, (u64)-EINVAL);
	KUNIT_EXPECT_EQ(test, e->sum, 500ULL + 7 + 9 + (u64)-EINVAL);
}

static void kdbg_agg_update_linear_hist(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.value = KDBG_AGG_VALUE_LATENCY, .hist = KDBG_AGG_HIST_LINEAR,
		.hist_min = 100, .hist_max = 200, .hist_step = 10,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	static const u64 values[] = { 5, 100, 109, 110, 199, 200, 5000 };
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(values); i++)
		agg_hit_latency(agg, values[i]);
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 1U);
	KUNIT_ASSERT_EQ(test, snap->nr_buckets, 12U);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->hist[0], 1ULL);
	KUNIT_EXPECT_EQ(test, e->hist[1], 2ULL);
	KUNIT_EXPECT_EQ(test, e->hist[2], 1ULL);
	KUNIT_EXPECT_EQ(test, e->hist[10], 1ULL);
	KUNIT_EXPECT_EQ(test, e->hist[11], 2ULL);
	for (i = 3; i < 10; i++)
		KUNIT_EXPECT_EQ(test, e->hist[i], 0ULL);
	KUNIT_EXPECT_EQ(test, e->min, 5ULL);
	KUNIT_EXPECT_EQ(test, e->max, 5000ULL);
}

static void kdbg_agg_update_full_counts_missed(struct kunit *test)
{
	struct kdbg_agg_spec spec = { .keys = KDBG_AGG_KEY_PID, .entries = 4 };
	struct kdbg_agg *agg = agg_new(test, &spec);
	struct kdbg_agg_stats st;
	struct kdbg_agg_snap *snap;
	u32 i, hits = 0;

	for (i = 1; i <= 10; i++, hits++)
		agg_hit_pid(agg, i);
	/* Keys already in the table are still counted when it is full. */
	for (i = 1; i <= 10; i++, hits++)
		agg_hit_pid(agg, 1);
	kdbg_agg_get_stats(agg, &st);
	KUNIT_EXPECT_EQ(test, st.entries, 4U);
	KUNIT_EXPECT_EQ(test, st.capacity, 4U);
	KUNIT_EXPECT_EQ(test, st.missed, 6ULL);
	snap = snap_take(test, agg, false);
	KUNIT_EXPECT_EQ(test, snap->nr, 4U);
	KUNIT_EXPECT_EQ(test, snap_find_pid(snap, 1)->count, 11ULL);
	KUNIT_EXPECT_EQ(test, snap_count_sum(snap) + snap->stats.missed,
			(u64)hits);
}

static void kdbg_agg_update_keyed_by_stack(struct kunit *test)
{
	struct kdbg_agg_spec spec = { .keys = KDBG_AGG_KEY_STACK, .stacks = 2 };
	struct kdbg_agg *agg = agg_new(test, &spec);
	unsigned long s[3][2] = { { 1, 2 }, { 3, 4 }, { 5, 6 } };
	struct kdbg_agg_hit hit = { .nr_stack = 2 };
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;
	u32 i;

	KUNIT_ASSERT_TRUE(test, kdbg_agg_wants_stack(agg));
	KUNIT_ASSERT_NOT_NULL(test, kdbg_agg_stackmap(agg));
	for (i = 0; i < 3; i++) {
		hit.stack = s[i];
		agg_hit(agg, &hit);
		agg_hit(agg, &hit);
	}
	hit.stack = NULL;		/* no stack: keyed by 0, not missed */
	agg_hit(agg, &hit);
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 3U);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->key.stack_id, 0U);	/* s[2] and none */
	KUNIT_EXPECT_EQ(test, e->count, 3ULL);
	KUNIT_EXPECT_NE(test, kdbg_agg_snap_entry(snap, 1)->key.stack_id, 0U);
	KUNIT_EXPECT_EQ(test, kdbg_agg_snap_entry(snap, 1)->count, 2ULL);
	KUNIT_EXPECT_EQ(test, kdbg_agg_snap_entry(snap, 2)->count, 2ULL);
	KUNIT_EXPECT_EQ(test, snap->stats.stacks, 2U);
	KUNIT_EXPECT_EQ(test, snap->stats.stack_capacity, 2U);
	KUNIT_EXPECT_EQ(test, snap->stats.stack_missed, 2ULL);
}

/* Returns what the update lost, with preemption disabled as in a handler. */
static u32 agg_hit_lost(struct kdbg_agg *agg, const struct kdbg_agg_hit *hit)
{
	u32 lost;

	preempt_disable();
	lost = kdbg_agg_update(agg, hit);
	preempt_enable();
	return lost;
}

/*
 * Kernel and user stacks share the stack table: a pair of distinct stacks
 * keys one entry, and what the table had no room for is reported per hit.
 */
static void kdbg_agg_update_keyed_by_both_stacks(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_USTACK, .stacks = 3,
		.entries = 3,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	unsigned long k[2] = { 0xffffffff81000010UL, 0xffffffff81000020UL };
	unsigned long u[3][2] = { { 0x401000, 0x402000 },
				  { 0x401100, 0x402000 },
				  { 0x401200, 0x402000 } };
	struct kdbg_agg_hit hit = { .stack = k, .nr_stack = 2, .nr_ustack = 2 };
	const struct kdbg_agg_snap_entry *e0, *e1, *e2;
	struct kdbg_agg_snap *snap;

	KUNIT_ASSERT_NOT_NULL(test, kdbg_agg_stackmap(agg));
	hit.ustack = u[0];
	KUNIT_EXPECT_EQ(test, agg_hit_lost(agg, &hit), 0U);
	KUNIT_EXPECT_EQ(test, agg_hit_lost(agg, &hit), 0U);
	hit.ustack = u[1];
	KUNIT_EXPECT_EQ(test, agg_hit_lost(agg, &hit), 0U);
	/* Three stacks stored (k, u0, u1): u2 is keyed by user id 0. */
	hit.ustack = u[2];
	KUNIT_EXPECT_EQ(test, agg_hit_lost(agg, &hit),
			(u32)KDBG_AGG_LOST_USTACK);
	/* Three entries in use: a fourth key finds none. */
	hit.stack = NULL;
	hit.ustack = u[0];
	KUNIT_EXPECT_EQ(test, agg_hit_lost(agg, &hit),
			(u32)KDBG_AGG_LOST_ENTRY);
	snap = snap_take(test, agg, false);
	KUNIT_ASSERT_EQ(test, snap->nr, 3U);
	/* Sorted by stack id, then user stack id: (k, 0) first. */
	e0 = kdbg_agg_snap_entry(snap, 0);
	e1 = kdbg_agg_snap_entry(snap, 1);
	e2 = kdbg_agg_snap_entry(snap, 2);
	KUNIT_EXPECT_NE(test, e0->key.stack_id, 0U);
	KUNIT_EXPECT_EQ(test, e0->key.ustack_id, 0U);
	KUNIT_EXPECT_EQ(test, e0->count, 1ULL);
	KUNIT_EXPECT_EQ(test, e1->key.stack_id, e0->key.stack_id);
	KUNIT_EXPECT_NE(test, e1->key.ustack_id, 0U);
	KUNIT_EXPECT_NE(test, e1->key.ustack_id, e1->key.stack_id);
	KUNIT_EXPECT_NE(test, e2->key.ustack_id, e1->key.ustack_id);
	KUNIT_EXPECT_EQ(test, e1->count + e2->count, 3ULL);
	KUNIT_EXPECT_EQ(test, snap->stats.stacks, 3U);
	KUNIT_EXPECT_EQ(test, snap->stats.stack_missed, 1ULL);
	KUNIT_EXPECT_EQ(test, snap->stats.missed, 1ULL);
}

static void kdbg_agg_snapshot_clear_restarts(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_PID, .value = KDBG_AGG_VALUE_LATENCY,
		.hist = KDBG_AGG_HIST_LOG2,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	const struct kdbg_agg_snap_entry *e;
	struct kdbg_agg_snap *snap;
	struct kdbg_agg_hit hit = { .pid = 1 };
	struct kdbg_agg_stats st;
	u32 round, i;

	/* Three rounds: each of the two tables is emptied and reused. */
	for (round = 1; round <= 3; round++) {
		for (i = 0; i < 5 * round; i++) {
			hit.latency = 100 * round;
			agg_hit(agg, &hit);
		}
		hit.pid = 2;
		hit.latency = 7;
		agg_hit(agg, &hit);
		hit.pid = 1;

		snap = snap_take(test, agg, true);
		KUNIT_ASSERT_EQ(test, snap->nr, 2U);
		KUNIT_EXPECT_EQ(test, snap->stats.entries, 2U);
		e = snap_find_pid(snap, 1);
		KUNIT_ASSERT_NOT_NULL(test, e);
		KUNIT_EXPECT_EQ(test, e->count, 5ULL * round);
		KUNIT_EXPECT_EQ(test, e->sum, 500ULL * round * round);
		KUNIT_EXPECT_EQ(test, e->min, 100ULL * round);
		KUNIT_EXPECT_EQ(test, e->hist[fls64(100 * round)],
				5ULL * round);
		e = snap_find_pid(snap, 2);
		KUNIT_ASSERT_NOT_NULL(test, e);
		KUNIT_EXPECT_EQ(test, e->count, 1ULL);
		KUNIT_EXPECT_EQ(test, e->min, 7ULL);

		kdbg_agg_get_stats(agg, &st);
		KUNIT_EXPECT_EQ(test, st.entries, 0U);
		snap = snap_take(test, agg, false);
		KUNIT_EXPECT_EQ(test, snap->nr, 0U);
	}
	/* A plain snapshot leaves the counts where they are. */
	agg_hit_pid(agg, 9);
	snap = snap_take(test, agg, false);
	KUNIT_EXPECT_EQ(test, snap_count_sum(snap), 1ULL);
	snap = snap_take(test, agg, false);
	KUNIT_EXPECT_EQ(test, snap_count_sum(snap), 1ULL);
	snap = snap_take(test, agg, true);
	KUNIT_EXPECT_EQ(test, snap_count_sum(snap), 1ULL);
	snap = snap_take(test, agg, true);
	KUNIT_EXPECT_EQ(test, snap->nr, 0U);
}

static void kdbg_agg_snapshot_sorted_by_key(struct kunit *test)
{
	struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_PID | KDBG_AGG_KEY_CPU,
	};
	struct kdbg_agg *agg = agg_new(test, &spec);
	const struct kdbg_agg_snap_entry *a, *b;
	struct kdbg_agg_hit hit = {};
	struct kdbg_agg_snap *snap;
	u32 i;

	for (i = 0; i < 200; i++) {
		hit.pid = (i * 37) % 50;
		hit.cpu = i % 3;
		agg_hit(agg, &hit);
	}
	snap = snap_take(test, agg, true);
	KUNIT_EXPECT_EQ(test, snap->nr, 150U);
	KUNIT_EXPECT_EQ(test, snap_count_sum(snap), 200ULL);
	for (i = 1; i < snap->nr; i++) {
		a = kdbg_agg_snap_entry(snap, i - 1);
		b = kdbg_agg_snap_entry(snap, i);
		KUNIT_EXPECT_TRUE(test, a->key.pid < b->key.pid ||
				  (a->key.pid == b->key.pid &&
				   a->key.cpu < b->key.cpu));
	}
}

/* A snapshot whose entries repeat keys, as racing updates leave them. */
static struct kdbg_agg_snap *snap_build(struct kunit *test, u32 nr,
					u32 nr_buckets)
{
	u32 entry_size = struct_size((struct kdbg_agg_snap_entry *)NULL, hist,
				     nr_buckets);
	struct kdbg_agg_snap *snap;

	snap = kunit_kzalloc(test, sizeof(*snap) + nr * entry_size,
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	snap->nr = nr;
	snap->nr_buckets = nr_buckets;
	snap->entry_size = entry_size;
	return snap;
}

static void snap_set(struct kdbg_agg_snap *snap, u32 i, u32 pid, u64 count,
		     u64 min, u64 max, u64 bucket0)
{
	struct kdbg_agg_snap_entry *e =
		(void *)kdbg_agg_snap_entry(snap, i);

	e->key.pid = pid;
	e->count = count;
	e->sum = count * 10;
	e->min = min;
	e->max = max;
	e->hist[0] = bucket0;
	e->hist[1] = count - bucket0;
}

static void kdbg_agg_snap_merge_repeated_keys(struct kunit *test)
{
	struct kdbg_agg_snap *snap = snap_build(test, 5, 2);
	const struct kdbg_agg_snap_entry *e;

	snap_set(snap, 0, 2, 3, 5, 50, 1);
	snap_set(snap, 1, 1, 1, 7, 7, 1);
	snap_set(snap, 2, 2, 4, 2, 20, 4);
	/* Published but not yet counted: min U64_MAX, max 0. */
	snap_set(snap, 3, 2, 0, U64_MAX, 0, 0);
	snap_set(snap, 4, 3, 2, 1, 1, 0);
	kdbg_agg_snap_merge(snap);

	KUNIT_ASSERT_EQ(test, snap->nr, 3U);
	e = kdbg_agg_snap_entry(snap, 0);
	KUNIT_EXPECT_EQ(test, e->key.pid, 1U);
	KUNIT_EXPECT_EQ(test, e->count, 1ULL);
	KUNIT_EXPECT_EQ(test, e->min, 7ULL);
	e = kdbg_agg_snap_entry(snap, 1);
	KUNIT_EXPECT_EQ(test, e->key.pid, 2U);
	KUNIT_EXPECT_EQ(test, e->count, 7ULL);
	KUNIT_EXPECT_EQ(test, e->sum, 70ULL);
	KUNIT_EXPECT_EQ(test, e->min, 2ULL);
	KUNIT_EXPECT_EQ(test, e->max, 50ULL);
	KUNIT_EXPECT_EQ(test, e->hist[0], 5ULL);
	KUNIT_EXPECT_EQ(test, e->hist[1], 2ULL);
	e = kdbg_agg_snap_entry(snap, 2);
	KUNIT_EXPECT_EQ(test, e->key.pid, 3U);
	KUNIT_EXPECT_EQ(test, e->count, 2ULL);
	KUNIT_EXPECT_EQ(test, e->hist[1], 2ULL);
}

/* Clearing reads while two threads update: every hit lands exactly once. */
#define HAMMER_HITS	200000

struct hammer {
	struct kdbg_agg *agg;
	struct completion done;
	u32 base;
};

static int hammer_fn(void *arg)
{
	struct hammer *h = arg;
	u32 i;

	for (i = 0; i < HAMMER_HITS; i++) {
		agg_hit_pid(h->agg, h->base + i % 8);
		if (i % 256 == 0)
			cond_resched();
	}
	complete(&h->done);
	return 0;
}

static void kdbg_agg_snapshot_clear_loses_nothing(struct kunit *test)
{
	struct kdbg_agg_spec spec = { .keys = KDBG_AGG_KEY_PID };
	struct kdbg_agg *agg = agg_new(test, &spec);
	struct hammer h[2] = {
		{ .agg = agg, .base = 0 }, { .agg = agg, .base = 8 },
	};
	struct kdbg_agg_snap *snap;
	struct task_struct *t;
	int i, started, reads = 0;
	u64 total = 0;
	bool ok = true;

	for (started = 0; started < 2; started++) {
		init_completion(&h[started].done);
		t = kthread_run(hammer_fn, &h[started], "kdbg_agg_hammer%d",
				started);
		if (IS_ERR(t))
			break;
	}
	/* Nothing may return before the threads finish: they use @agg. */
	while (started == 2 && ok && (!completion_done(&h[0].done) ||
				      !completion_done(&h[1].done))) {
		snap = kdbg_agg_snapshot(agg, true);
		ok = snap;
		if (snap)
			total += snap_count_sum(snap);
		kvfree(snap);
		reads++;
	}
	for (i = 0; i < started; i++)
		wait_for_completion(&h[i].done);
	KUNIT_ASSERT_EQ(test, started, 2);
	KUNIT_ASSERT_TRUE(test, ok);

	snap = snap_take(test, agg, true);
	total += snap_count_sum(snap);
	KUNIT_EXPECT_EQ(test, total, 2ULL * HAMMER_HITS);
	KUNIT_EXPECT_EQ(test, snap->stats.missed, 0ULL);
	kunit_info(test, "%d clearing reads during the run\n", reads);
}

static struct kunit_case kdbg_agg_cases[] = {
	KUNIT_CASE_PARAM(kdbg_agg_log2_bucket_edges, log2_gen_params),
	KUNIT_CASE_PARAM(kdbg_agg_linear_bucket_edges, linear_gen_params),
	KUNIT_CASE(kdbg_agg_linear_bucket_partial_step),
	KUNIT_CASE(kdbg_agg_nr_buckets_kinds),
	KUNIT_CASE_PARAM(kdbg_agg_spec_check_cases, spec_gen_params),
	KUNIT_CASE(kdbg_agg_update_count_no_keys),
	KUNIT_CASE(kdbg_agg_update_keyed_by_pid_and_comm),
	KUNIT_CASE(kdbg_agg_update_keyed_by_arg),
	KUNIT_CASE(kdbg_agg_update_value_log2),
	KUNIT_CASE(kdbg_agg_update_min_max_from_retval),
	KUNIT_CASE(kdbg_agg_update_linear_hist),
	KUNIT_CASE(kdbg_agg_update_full_counts_missed),
	KUNIT_CASE(kdbg_agg_update_keyed_by_stack),
	KUNIT_CASE(kdbg_agg_update_keyed_by_both_stacks),
	KUNIT_CASE(kdbg_agg_snapshot_clear_restarts),
	KUNIT_CASE(kdbg_agg_snapshot_sorted_by_key),
	KUNIT_CASE(kdbg_agg_snap_merge_repeated_keys),
	KUNIT_CASE(kdbg_agg_snapshot_clear_loses_nothing),
	{}
};

static struct kunit_suite kdbg_agg_suite = {
	.name = "kdbg_agg",
	.test_cases = kdbg_agg_cases,
};

static struct kunit_case kdbg_stackmap_cases[] = {
	KUNIT_CASE(kdbg_stackmap_get_same_stack_same_id),
	KUNIT_CASE(kdbg_stackmap_get_different_stacks),
	KUNIT_CASE(kdbg_stackmap_get_empty_stack),
	KUNIT_CASE(kdbg_stackmap_get_truncates_deep_stack),
	KUNIT_CASE(kdbg_stackmap_get_hashed_collision),
	KUNIT_CASE(kdbg_stackmap_get_full_counts_missed),
	KUNIT_CASE(kdbg_stackmap_walk_resumes),
	{}
};

static struct kunit_suite kdbg_stackmap_suite = {
	.name = "kdbg_stackmap",
	.test_cases = kdbg_stackmap_cases,
};

kunit_test_suites(&kdbg_agg_suite, &kdbg_stackmap_suite);
