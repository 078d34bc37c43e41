// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for module/ring.c: reservation, wrap, full ring in drop and
 * overwrite mode, nested writers, reader callbacks and the accounting
 * identity written = delivered + dropped + buffered.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include "../module/ring.h"

#define RING_SIZE	KDBG_RING_SIZE_MIN

struct ring_ctx {
	struct kdbg_ring ring;
	void *data;
	void *scratch;
	u32 seen[64];		/* source ids read, in order */
	unsigned int nseen;
	int refuse_after;	/* reader callback refuses past this many */
	unsigned int overwritten;
};

static struct ring_ctx *ring_ctx_new(struct kunit *test,
				     enum kdbg_ring_mode mode)
{
	struct ring_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->data = kunit_kzalloc(test, RING_SIZE, GFP_KERNEL);
	ctx->scratch = kunit_kzalloc(test, KDBG_RING_MAX_RECORD, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->data);
	KUNIT_ASSERT_NOT_NULL(test, ctx->scratch);
	KUNIT_ASSERT_EQ(test, kdbg_ring_init(&ctx->ring, ctx->data, RING_SIZE,
					     mode), 0);
	ctx->refuse_after = -1;
	return ctx;
}

static struct ring_ctx *cur_ctx;

static void ring_test_dropped(u32 source_id)
{
	cur_ctx->overwritten++;
}

/* Reserve a record of @size bytes tagged @id; does not commit. */
static struct kdbg_record *ring_put(struct ring_ctx *ctx, u32 size, u32 id)
{
	struct kdbg_record *rec;

	cur_ctx = ctx;
	rec = kdbg_ring_reserve(&ctx->ring, size, ring_test_dropped);
	if (!rec)
		return NULL;
	memset(rec, 0, size);
	rec->type = KDBG_SOURCE_KPROBE;
	rec->hdr_size = sizeof(*rec);
	rec->size = size;
	rec->source_id = id;
	return rec;
}

static bool ring_write(struct ring_ctx *ctx, u32 size, u32 id)
{
	if (!ring_put(ctx, size, id))
		return false;
	kdbg_ring_commit(&ctx->ring);
	return true;
}

static int ring_test_collect(const struct kdbg_record *rec, void *arg)
{
	struct ring_ctx *ctx = arg;

	if (!rec) {
		ctx->nseen--;
		return 0;
	}
	if (ctx->refuse_after >= 0 && ctx->nseen >= ctx->refuse_after)
		return -ENOSPC;
	if (ctx->nseen < ARRAY_SIZE(ctx->seen))
		ctx->seen[ctx->nseen] = rec->source_id;
	ctx->nseen++;
	return 0;
}

static unsigned int ring_drain(struct ring_ctx *ctx)
{
	return kdbg_ring_read(&ctx->ring, ring_test_collect, ctx, UINT_MAX,
			      ctx->scratch);
}

static void ring_expect_identity(struct kunit *test, struct ring_ctx *ctx)
{
	u64 written = local_read(&ctx->ring.written);
	u64 dropped = local_read(&ctx->ring.dropped);

	KUNIT_EXPECT_EQ(test, written, ctx->ring.delivered + dropped +
			kdbg_ring_count(&ctx->ring));
}

static void kdbg_ring_init_bad_size(struct kunit *test)
{
	struct kdbg_ring r;
	char buf[64] __aligned(8);

	KUNIT_EXPECT_EQ(test, kdbg_ring_init(&r, buf, 3000,
					     KDBG_RING_MODE_DROP), -EINVAL);
	KUNIT_EXPECT_EQ(test, kdbg_ring_init(&r, buf, 2048,
					     KDBG_RING_MODE_DROP), -EINVAL);
	KUNIT_EXPECT_EQ(test, kdbg_ring_init(&r, buf, RING_SIZE, 0), -EINVAL);
}

static void kdbg_ring_read_in_order(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	unsigned int i;

	for (i = 1; i <= 10; i++)
		KUNIT_ASSERT_TRUE(test, ring_write(ctx, 64 + 8 * i, i));
	KUNIT_EXPECT_EQ(test, kdbg_ring_count(&ctx->ring), 10U);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 10U);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, ctx->seen[i], i + 1);
	KUNIT_EXPECT_EQ(test, kdbg_ring_used(&ctx->ring), 0UL);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_wraps_with_padding(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	unsigned int i, id = 0, total = 0;

	/* 200-byte records do not divide 4096: every lap ends in padding. */
	for (i = 0; i < 5; i++) {
		while (ring_write(ctx, 200, ++id))
			;
		id--;	/* the refused one */
		ctx->nseen = 0;
		total += ring_drain(ctx);
		KUNIT_EXPECT_EQ(test, ctx->seen[0], total - ctx->nseen + 1);
	}
	KUNIT_EXPECT_EQ(test, total, id);
	KUNIT_EXPECT_GT(test, local_read(&ctx->ring.head), (long)RING_SIZE * 4);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_full_drops_newest(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	unsigned int n = 0;

	while (ring_write(ctx, 512, n + 1))
		n++;
	KUNIT_EXPECT_EQ(test, n, RING_SIZE / 512);
	KUNIT_EXPECT_FALSE(test, ring_write(ctx, 512, 99));
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.dropped), 2L);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), n);
	/* The oldest survived: drop mode keeps what is buffered. */
	KUNIT_EXPECT_EQ(test, ctx->seen[0], 1U);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_full_overwrites_oldest(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	unsigned int i, n = RING_SIZE / 512;

	for (i = 1; i <= n + 3; i++)
		KUNIT_ASSERT_TRUE(test, ring_write(ctx, 512, i));
	KUNIT_EXPECT_EQ(test, ctx->overwritten, 3U);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.dropped), 3L);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), n);
	KUNIT_EXPECT_EQ(test, ctx->seen[0], 4U);
	KUNIT_EXPECT_EQ(test, ctx->seen[n - 1], n + 3);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_commit_nested_publishes_at_outermost(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	struct kdbg_record *outer;

	outer = ring_put(ctx, 128, 1);
	KUNIT_ASSERT_NOT_NULL(test, outer);
	/* An interrupt writes and commits a record of its own... */
	KUNIT_ASSERT_TRUE(test, ring_write(ctx, 96, 2));
	/* ...which must stay invisible: the outer record is incomplete. */
	KUNIT_EXPECT_EQ(test, kdbg_ring_used(&ctx->ring), 0UL);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 0U);
	kdbg_ring_commit(&ctx->ring);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 2U);
	KUNIT_EXPECT_EQ(test, ctx->seen[0], 1U);
	KUNIT_EXPECT_EQ(test, ctx->seen[1], 2U);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.nest), 0L);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_nested_never_overwrites_open(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	unsigned int i, ok = 0;

	KUNIT_ASSERT_NOT_NULL(test, ring_put(ctx, 512, 1));
	/* Nested writers fill the ring: they may not reuse the open record. */
	for (i = 0; i < 20; i++)
		ok += ring_write(ctx, 512, 100 + i);
	KUNIT_EXPECT_EQ(test, ok, RING_SIZE / 512 - 1);
	kdbg_ring_commit(&ctx->ring);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), RING_SIZE / 512);
	KUNIT_EXPECT_EQ(test, ctx->seen[0], 1U);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_drop_inside_nest(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, ring_put(ctx, 600, 1));
	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_TRUE(test, ring_write(ctx, 600, 2 + i));
	/* No room left: dropped while the outer record is still open. */
	KUNIT_EXPECT_FALSE(test, ring_write(ctx, 600, 9));
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 0U);
	kdbg_ring_commit(&ctx->ring);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 6U);
	KUNIT_EXPECT_EQ(test, ctx->seen[5], 6U);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.nest), 0L);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_overwrites_short_padding(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	unsigned int i;

	/* 7 * 584 = 4088: each lap ends in an 8-byte padding record, which
	 * the overwriting writer must step over without reading past it.
	 */
	for (i = 1; i <= 40; i++)
		KUNIT_ASSERT_TRUE(test, ring_write(ctx, 584, i));
	KUNIT_EXPECT_EQ(test, ctx->overwritten, 40U - 7);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 7U);
	KUNIT_EXPECT_EQ(test, ctx->seen[6], 40U);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_reserve_largest_record(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	u32 size = ALIGN(KDBG_RING_MAX_RECORD, 8);
	unsigned int n = 0;

	while (ring_write(ctx, size, n + 1))
		n++;
	KUNIT_EXPECT_EQ(test, n, RING_SIZE / size);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.nest), 0L);
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), n);
	ring_expect_identity(test, ctx);
}

static void kdbg_ring_read_refused_record_stays(struct kunit *test)
{
	struct ring_ctx *ctx = ring_ctx_new(test, KDBG_RING_MODE_DROP);
	unsigned int i;

	for (i = 1; i <= 5; i++)
		KUNIT_ASSERT_TRUE(test, ring_write(ctx, 64, i));
	ctx->refuse_after = 2;
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 2U);
	KUNIT_EXPECT_EQ(test, kdbg_ring_count(&ctx->ring), 3U);
	ctx->refuse_after = -1;
	KUNIT_EXPECT_EQ(test, ring_drain(ctx), 3U);
	KUNIT_EXPECT_EQ(test, ctx->seen[2], 3U);
	ring_expect_identity(test, ctx);
}

/* Parameterised: record sizes and a drain period, in both modes. */
struct ring_mix {
	enum kdbg_ring_mode mode;
	u32 size_step;
	unsigned int drain_every;
};

static const struct ring_mix ring_mixes[] = {
	{ KDBG_RING_MODE_DROP, 8, 7 },
	{ KDBG_RING_MODE_DROP, 40, 50 },
	{ KDBG_RING_MODE_OVERWRITE, 8, 7 },
	{ KDBG_RING_MODE_OVERWRITE, 40, 50 },
	{ KDBG_RING_MODE_OVERWRITE, 120, 1000 },
};

static void ring_mix_desc(const struct ring_mix *m, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s step=%u drain=%u",
		 m->mode == KDBG_RING_MODE_DROP ? "drop" : "overwrite",
		 m->size_step, m->drain_every);
}

KUNIT_ARRAY_PARAM(ring_mix, ring_mixes, ring_mix_desc);

static void kdbg_ring_accounting_identity(struct kunit *test)
{
	const struct ring_mix *m = test->param_value;
	struct ring_ctx *ctx = ring_ctx_new(test, m->mode);
	unsigned int i, last = 0;
	bool ordered = true;

	for (i = 1; i <= 3000; i++) {
		ring_write(ctx, 56 + (i * m->size_step) % 560, i);
		if (i % m->drain_every == 0) {
			ctx->nseen = 0;
			ring_drain(ctx);
			if (ctx->nseen && ctx->seen[0] <= last)
				ordered = false;
			if (ctx->nseen)
				last = ctx->seen[min_t(unsigned int,
						ctx->nseen, 64) - 1];
		}
		ring_expect_identity(test, ctx);
	}
	ring_drain(ctx);
	KUNIT_EXPECT_TRUE(test, ordered);
	KUNIT_EXPECT_EQ(test, kdbg_ring_count(&ctx->ring), 0U);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.written), 3000L);
	ring_expect_identity(test, ctx);
}

static struct kunit_case kdbg_ring_cases[] = {
	KUNIT_CASE(kdbg_ring_init_bad_size),
	KUNIT_CASE(kdbg_ring_read_in_order),
	KUNIT_CASE(kdbg_ring_reserve_wraps_with_padding),
	KUNIT_CASE(kdbg_ring_reserve_full_drops_newest),
	KUNIT_CASE(kdbg_ring_reserve_full_overwrites_oldest),
	KUNIT_CASE(kdbg_ring_commit_nested_publishes_at_outermost),
	KUNIT_CASE(kdbg_ring_reserve_nested_never_overwrites_open),
	KUNIT_CASE(kdbg_ring_reserve_drop_inside_nest),
	KUNIT_CASE(kdbg_ring_reserve_overwrites_short_padding),
	KUNIT_CASE(kdbg_ring_reserve_largest_record),
	KUNIT_CASE(kdbg_ring_read_refused_record_stays),
	KUNIT_CASE_PARAM(kdbg_ring_accounting_identity, ring_mix_gen_params),
	{}
};

static struct kunit_suite kdbg_ring_suite = {
	.name = "kdbg_ring",
	.test_cases = kdbg_ring_cases,
};

kunit_test_suite(kdbg_ring_suite);
MODULE_LICENSE("GPL");
