// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for module/pairmap.c, the layer sources' pairing map:
 * store and take, replacement, forced hash collisions, a full window
 * (missed counted, nothing overwritten), deletion freeing a slot for a new
 * key, windows that wrap around the array, refused zero keys and values,
 * concurrent updaters on distinct keys losing nothing, and the auxiliary
 * words that travel with a value (put_aux, take_aux, peek).
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched.h>

/* The map is pure logic: compiled into this module, as pure.c does. */
#include "../module/pairmap.c"

static int pairmap_test_res_init(struct kunit_resource *res, void *map)
{
	res->data = map;
	return 0;
}

static void pairmap_test_res_free(struct kunit_resource *res)
{
	kdbg_pairmap_destroy(res->data);
}

static struct kdbg_pairmap *pairmap_new(struct kunit *test, u32 capacity)
{
	struct kdbg_pairmap *map = kdbg_pairmap_create(capacity);

	KUNIT_ASSERT_NOT_NULL(test, map);
	kunit_alloc_resource(test, pairmap_test_res_init, pairmap_test_res_free,
			     GFP_KERNEL, map);
	return map;
}

static void kdbg_pairmap_create_rounds_up(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_capacity(pairmap_new(test, 1)),
			(u32)KDBG_PAIRMAP_PROBES);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_capacity(pairmap_new(test, 100)),
			128U);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_capacity(pairmap_new(test, 4096)),
			4096U);
	KUNIT_EXPECT_NULL(test, kdbg_pairmap_create((1U << 24) + 1));
}

static void kdbg_pairmap_take_after_put(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	u64 v = 0;

	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 42, 1000), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 1U);
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take(map, 42, &v));
	KUNIT_EXPECT_EQ(test, v, 1000ULL);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 0U);
	/* Taken: gone. */
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take(map, 42, &v));
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 0ULL);
}

static void kdbg_pairmap_take_unknown_key(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	u64 v = 7;

	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take(map, 1, &v));
	KUNIT_EXPECT_EQ(test, v, 7ULL);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 2, 5), 0);
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take(map, 3, &v));
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take(map, 0, &v));
}

static void kdbg_pairmap_put_replaces(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	u64 v;

	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 9, 100), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 9, 200), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 1U);
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take(map, 9, &v));
	KUNIT_EXPECT_EQ(test, v, 200ULL);
}

static void kdbg_pairmap_put_zero_refused(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);

	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 0ULL);
}

/* Every key of one window shares the first slot: each is still found. */
static void kdbg_pairmap_put_hashed_collision(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 256);
	u64 k, v;

	for (k = 1; k <= KDBG_PAIRMAP_PROBES; k++)
		KUNIT_EXPECT_EQ(test,
				kdbg_pairmap_put_hashed(map, k, 1000 + k, 17), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), (u32)KDBG_PAIRMAP_PROBES);
	/* In another order than stored. */
	for (k = KDBG_PAIRMAP_PROBES; k >= 1; k--) {
		KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, k, &v, 17));
		KUNIT_EXPECT_EQ(test, v, 1000 + k);
	}
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 0U);
}

/* A full window refuses a new key and counts it; old keys keep values. */
static void kdbg_pairmap_put_full_counts_missed(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 256);
	u64 k, v;

	for (k = 1; k <= KDBG_PAIRMAP_PROBES; k++)
		KUNIT_ASSERT_EQ(test, kdbg_pairmap_put_hashed(map, k, k, 3), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_hashed(map, 100, 1, 3), -ENOSPC);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_hashed(map, 101, 1, 3), -ENOSPC);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 2ULL);
	/* A key already stored is still replaced in a full window. */
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_hashed(map, 5, 55, 3), 0);
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take_hashed(map, 100, &v, 3));
	for (k = 1; k <= KDBG_PAIRMAP_PROBES; k++) {
		KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, k, &v, 3));
		KUNIT_EXPECT_EQ(test, v, k == 5 ? 55ULL : k);
	}
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 2ULL);
}

/* Deleting a key in the middle of a full window makes room; no tombstone. */
static void kdbg_pairmap_take_frees_slot(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 256);
	u64 k, v;

	for (k = 1; k <= KDBG_PAIRMAP_PROBES; k++)
		KUNIT_ASSERT_EQ(test, kdbg_pairmap_put_hashed(map, k, k, 40), 0);
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, 4, NULL, 40));
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take_hashed(map, 4, &v, 40));
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_hashed(map, 99, 990, 40), 0);
	/* Keys after the freed slot are found: lookups do not stop at it. */
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, KDBG_PAIRMAP_PROBES,
							 &v, 40));
	KUNIT_EXPECT_EQ(test, v, (u64)KDBG_PAIRMAP_PROBES);
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, 99, &v, 40));
	KUNIT_EXPECT_EQ(test, v, 990ULL);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 0ULL);
}

/* A window starting at the last slot wraps to the first ones. */
static void kdbg_pairmap_window_wraps(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	u64 k, v;

	for (k = 1; k <= KDBG_PAIRMAP_PROBES; k++)
		KUNIT_ASSERT_EQ(test, kdbg_pairmap_put_hashed(map, k, k, 63), 0);
	/* Slots 63, 0 .. 14 are taken; a window from 20 is still empty. */
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_hashed(map, 77, 7, 20), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_hashed(map, 78, 8, 63), -ENOSPC);
	for (k = 1; k <= KDBG_PAIRMAP_PROBES; k++)
		KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, k, &v, 63));
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_hashed(map, 77, &v, 20));
}

/* Many keys through the real hash: all stored, none lost. */
static void kdbg_pairmap_put_many_keys(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 4096);
	u64 k, v;

	for (k = 1; k <= 1024; k++)
		KUNIT_ASSERT_EQ(test, kdbg_pairmap_put(map, k * 4096, k), 0);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 1024U);
	for (k = 1; k <= 1024; k++) {
		KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take(map, k * 4096, &v));
		KUNIT_EXPECT_EQ(test, v, k);
	}
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 0ULL);
}

struct pairmap_worker {
	struct kdbg_pairmap *map;
	u64 base;		/* this worker's keys: base + 1 .. base + n */
	unsigned int rounds;
	unsigned long bad;	/* takes that failed or gave a wrong value */
	struct completion done;
};

static int pairmap_worker_fn(void *arg)
{
	struct pairmap_worker *w = arg;
	unsigned int r, i;
	u64 v;

	for (r = 0; r < w->rounds; r++) {
		for (i = 1; i <= 32; i++) {
			preempt_disable();
			if (kdbg_pairmap_put(w->map, w->base + i, r + i))
				w->bad++;
			preempt_enable();
		}
		for (i = 1; i <= 32; i++) {
			preempt_disable();
			if (!kdbg_pairmap_take(w->map, w->base + i, &v) ||
			    v != r + i)
				w->bad++;
			preempt_enable();
		}
		cond_resched();
	}
	complete(&w->done);
	return 0;
}

/* Updaters on every CPU, distinct keys, shared windows: nothing lost. */
static void kdbg_pairmap_concurrent_distinct_keys(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 256);
	struct pairmap_worker w[4];
	struct task_struct *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w); i++) {
		w[i] = (struct pairmap_worker){
			.map = map, .base = (u64)i << 40, .rounds = 2000,
		};
		init_completion(&w[i].done);
		t = kthread_run(pairmap_worker_fn, &w[i], "kdbg_pairmap/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].bad, 0UL);
	}
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_missed(map), 0ULL);
}

static void kdbg_pairmap_put_aux_travels(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	const u64 aux[KDBG_PAIRMAP_AUX] = { 7, 0xffffffffc0002000ULL };
	u64 got[KDBG_PAIRMAP_AUX] = { 0 }, v = 0;

	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_aux(map, 42, 1000, aux), 0);
	/* Peek leaves the key in place, with its words. */
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_peek(map, 42, &v, got));
	KUNIT_EXPECT_EQ(test, v, 1000ULL);
	KUNIT_EXPECT_EQ(test, got[1], aux[1]);
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_count(map), 1U);
	memset(got, 0, sizeof(got));
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_aux(map, 42, &v, got));
	KUNIT_EXPECT_EQ(test, got[0], aux[0]);
	KUNIT_EXPECT_EQ(test, got[1], aux[1]);
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_peek(map, 42, NULL, NULL));
	KUNIT_EXPECT_FALSE(test, kdbg_pairmap_take_aux(map, 42, NULL, got));
}

static void kdbg_pairmap_put_without_aux_zeroes(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	const u64 aux[KDBG_PAIRMAP_AUX] = { 7, 8 };
	u64 got[KDBG_PAIRMAP_AUX] = { 1, 1 };

	/* A slot reused, and a plain put: no words of an earlier owner. */
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put_aux(map, 42, 1000, aux), 0);
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take(map, 42, NULL));
	KUNIT_EXPECT_EQ(test, kdbg_pairmap_put(map, 42, 2000), 0);
	KUNIT_EXPECT_TRUE(test, kdbg_pairmap_take_aux(map, 42, NULL, got));
	KUNIT_EXPECT_EQ(test, got[0], 0ULL);
	KUNIT_EXPECT_EQ(test, got[1], 0ULL);
}

struct pairmap_walk_sum {
	u32 n;
	u64 keys, vals;
};

static void pairmap_walk_add(u64 key, u64 val, void *arg)
{
	struct pairmap_walk_sum *s = arg;

	s->n++;
	s->keys += key;
	s->vals += val;
}

static void kdbg_pairmap_walk_sees_stored_only(struct kunit *test)
{
	struct kdbg_pairmap *map = pairmap_new(test, 64);
	struct pairmap_walk_sum s = {};

	/* Arrange: three keys stored, one of them taken again. */
	KUNIT_ASSERT_EQ(test, kdbg_pairmap_put(map, 1, 10), 0);
	KUNIT_ASSERT_EQ(test, kdbg_pairmap_put(map, 2, 20), 0);
	KUNIT_ASSERT_EQ(test, kdbg_pairmap_put(map, 3, 30), 0);
	KUNIT_ASSERT_TRUE(test, kdbg_pairmap_take(map, 2, NULL));
	/* Act. */
	kdbg_pairmap_walk(map, pairmap_walk_add, &s);
	/* Assert: each stored key once, with its value. */
	KUNIT_EXPECT_EQ(test, s.n, 2U);
	KUNIT_EXPECT_EQ(test, s.keys, 4ULL);
	KUNIT_EXPECT_EQ(test, s.vals, 40ULL);
}

static struct kunit_case kdbg_pairmap_cases[] = {
	KUNIT_CASE(kdbg_pairmap_create_rounds_up),
	KUNIT_CASE(kdbg_pairmap_take_after_put),
	KUNIT_CASE(kdbg_pairmap_take_unknown_key),
	KUNIT_CASE(kdbg_pairmap_put_replaces),
	KUNIT_CASE(kdbg_pairmap_put_zero_refused),
	KUNIT_CASE(kdbg_pairmap_put_hashed_collision),
	KUNIT_CASE(kdbg_pairmap_put_full_counts_missed),
	KUNIT_CASE(kdbg_pairmap_take_frees_slot),
	KUNIT_CASE(kdbg_pairmap_window_wraps),
	KUNIT_CASE(kdbg_pairmap_put_many_keys),
	KUNIT_CASE(kdbg_pairmap_concurrent_distinct_keys),
	KUNIT_CASE(kdbg_pairmap_put_aux_travels),
	KUNIT_CASE(kdbg_pairmap_put_without_aux_zeroes),
	KUNIT_CASE(kdbg_pairmap_walk_sees_stored_only),
	{}
};

static struct kunit_suite kdbg_pairmap_suite = {
	.name = "kdbg_pairmap",
	.test_cases = kdbg_pairmap_cases,
};

kunit_test_suites(&kdbg_pairmap_suite);
