// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the flight recorder's part of module/ring.c: freezing a
 * ring (writers refused and counted, readers drain nothing), and the
 * validated walk of the frozen snapshot: empty, wrapped with padding, a
 * record still open on the frozen CPU, a torn record (each way a header can
 * be wrong), records overwritten after the freeze by a late writer, a
 * walk resumed where a full consumer stopped it, and counting and skipping
 * records from their headers alone.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include "../module/ring.h"

#define WALK_RING_SIZE	KDBG_RING_SIZE_MIN

struct walk_ctx {
	struct kdbg_ring ring;
	void *scratch;
	u32 seen[256];		/* source ids visited, in order */
	unsigned int nseen;
	int refuse_after;	/* the callback refuses past this many */
};

static struct walk_ctx *walk_ctx_new(struct kunit *test,
				     enum kdbg_ring_mode mode)
{
	struct walk_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	void *data = kunit_kzalloc(test, WALK_RING_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_NOT_NULL(test, data);
	ctx->scratch = kunit_kzalloc(test, KDBG_RING_MAX_RECORD, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->scratch);
	KUNIT_ASSERT_EQ(test, kdbg_ring_init(&ctx->ring, data, WALK_RING_SIZE,
					     mode), 0);
	ctx->refuse_after = -1;
	return ctx;
}

/* Reserve a kprobe record of @size bytes tagged @id; not committed. */
static struct kdbg_record *walk_put(struct walk_ctx *ctx, u32 size, u32 id)
{
	struct kdbg_record *rec = kdbg_ring_reserve(&ctx->ring, size, NULL);

	if (!rec)
		return NULL;
	memset(rec, 0, size);
	rec->type = KDBG_SOURCE_KPROBE;
	rec->hdr_size = sizeof(*rec);
	rec->size = size;
	rec->source_id = id;
	return rec;
}

static bool walk_write(struct walk_ctx *ctx, u32 size, u32 id)
{
	if (!walk_put(ctx, size, id))
		return false;
	kdbg_ring_commit(&ctx->ring);
	return true;
}

static int walk_collect(const struct kdbg_record *rec, void *arg)
{
	struct walk_ctx *ctx = arg;

	if (!rec)
		return -EINVAL;	/* the walk never takes a record back */
	if (ctx->refuse_after >= 0 && ctx->nseen >= ctx->refuse_after)
		return -EMSGSIZE;
	if (ctx->nseen < ARRAY_SIZE(ctx->seen))
		ctx->seen[ctx->nseen] = rec->source_id;
	ctx->nseen++;
	return 0;
}

/* Walk the whole snapshot from its start. */
static unsigned int walk_all(struct walk_ctx *ctx, struct kdbg_ring_walk *w)
{
	kdbg_ring_walk_start(&ctx->ring, w);
	return kdbg_ring_walk(&ctx->ring, w, walk_collect, ctx, ctx->scratch);
}

static void kdbg_ring_walk_empty_ring(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w;

	kdbg_ring_freeze(&ctx->ring);
	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), 0U);
	KUNIT_EXPECT_TRUE(test, kdbg_ring_walk_done(&w));
	KUNIT_EXPECT_FALSE(test, w.torn);
	KUNIT_EXPECT_EQ(test, w.gaps, 0U);
	KUNIT_EXPECT_EQ(test, ctx->nseen, 0U);
}

static void kdbg_ring_walk_wraparound(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w;
	unsigned int i, n;

	/* 200-byte records: every lap ends in padding; 10 laps overwritten. */
	for (i = 1; i <= 200; i++)
		KUNIT_ASSERT_TRUE(test, walk_write(ctx, 200, i));
	kdbg_ring_freeze(&ctx->ring);
	n = walk_all(ctx, &w);

	KUNIT_EXPECT_EQ(test, n, kdbg_ring_count(&ctx->ring));
	KUNIT_EXPECT_EQ(test, n, w.records);
	KUNIT_EXPECT_GT(test, n, 15U);	/* 4096 / 200, less one for padding */
	KUNIT_EXPECT_FALSE(test, w.torn);
	KUNIT_EXPECT_EQ(test, w.gaps, 0U);
	KUNIT_ASSERT_EQ(test, ctx->nseen, n);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, ctx->seen[i], 200 - n + 1 + i);
	/* The walk consumes nothing: a second one sees the same. */
	ctx->nseen = 0;
	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), n);
	KUNIT_EXPECT_EQ(test, ctx->seen[n - 1], 200U);
}

static void kdbg_ring_walk_excludes_open_record(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w;
	struct kdbg_record *open;

	KUNIT_ASSERT_TRUE(test, walk_write(ctx, 64, 1));
	KUNIT_ASSERT_TRUE(test, walk_write(ctx, 64, 2));
	/* The frozen CPU was in the middle of its third record. */
	open = walk_put(ctx, 64, 3);
	KUNIT_ASSERT_NOT_NULL(test, open);
	open->size = 12345;
	kdbg_ring_freeze(&ctx->ring);

	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), 2U);
	KUNIT_EXPECT_FALSE(test, w.torn);
	KUNIT_EXPECT_EQ(test, ctx->seen[1], 2U);
}

/* One way a record's header can be wrong. */
struct walk_tear {
	const char *name;
	void (*tear)(struct kdbg_record *rec);
};

static void tear_size_unaligned(struct kdbg_record *rec)
{
	rec->size = 61;
}

static void tear_size_zero(struct kdbg_record *rec)
{
	rec->size = 0;
}

static void tear_size_past_commit(struct kdbg_record *rec)
{
	rec->size = 4000;
}

static void tear_type_unknown(struct kdbg_record *rec)
{
	rec->type = KDBG_SOURCE_MAX + 1;
}

static void tear_hdr_short(struct kdbg_record *rec)
{
	rec->hdr_size = 8;
}

static void tear_stack_overruns(struct kdbg_record *rec)
{
	rec->nr_stack = 3;	/* 48 + 24 > 64 */
}

static void tear_stack_too_deep(struct kdbg_record *rec)
{
	rec->nr_stack = KDBG_STACK_MAX + 1;
}

static void tear_kretprobe_no_payload(struct kdbg_record *rec)
{
	rec->type = KDBG_SOURCE_KRETPROBE;
	rec->nr_stack = 1;	/* 48 + 8 + 16 > 64 */
}

static void tear_padding_short(struct kdbg_record *rec)
{
	/* Padding that does not reach the end of the buffer. */
	rec->type = KDBG_SOURCE_UNSPEC;
}

static const struct walk_tear walk_tears[] = {
	{ "size unaligned", tear_size_unaligned },
	{ "size zero", tear_size_zero },
	{ "size past commit", tear_size_past_commit },
	{ "type unknown", tear_type_unknown },
	{ "header short", tear_hdr_short },
	{ "stack overruns", tear_stack_overruns },
	{ "stack too deep", tear_stack_too_deep },
	{ "kretprobe without payload", tear_kretprobe_no_payload },
	{ "padding short", tear_padding_short },
};

static void walk_tear_desc(const struct walk_tear *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(walk_tear, walk_tears, walk_tear_desc);

static void kdbg_ring_walk_torn_record(struct kunit *test)
{
	const struct walk_tear *t = test->param_value;
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_record *recs[6];
	struct kdbg_ring_walk w;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(recs); i++) {
		recs[i] = walk_put(ctx, 64, i + 1);
		KUNIT_ASSERT_NOT_NULL(test, recs[i]);
		kdbg_ring_commit(&ctx->ring);
	}
	t->tear(recs[3]);
	kdbg_ring_freeze(&ctx->ring);

	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), 3U);
	KUNIT_EXPECT_TRUE(test, w.torn);
	KUNIT_EXPECT_TRUE(test, kdbg_ring_walk_done(&w));
	KUNIT_EXPECT_EQ(test, ctx->seen[2], 3U);
	/* Stopped for good: walking on visits nothing more. */
	KUNIT_EXPECT_EQ(test, kdbg_ring_walk(&ctx->ring, &w, walk_collect, ctx,
					     ctx->scratch), 0U);
	/* Counting from the headers alone finds the same tear. */
	kdbg_ring_walk_start(&ctx->ring, &w);
	KUNIT_EXPECT_EQ(test, kdbg_ring_walk(&ctx->ring, &w, NULL, NULL, NULL),
			3U);
	KUNIT_EXPECT_TRUE(test, w.torn);
}

static void kdbg_ring_walk_skips_overwritten(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w;
	unsigned int i;

	for (i = 1; i <= 10; i++)
		KUNIT_ASSERT_TRUE(test, walk_write(ctx, 64, i));
	kdbg_ring_freeze(&ctx->ring);
	/*
	 * A writer of another CPU that missed the flag made room as
	 * kdbg_ring_make_room() does: @tail past the two oldest records,
	 * which it then overwrites.
	 */
	WRITE_ONCE(ctx->ring.tail, ctx->ring.tail + 2 * 64);
	memset(ctx->ring.data, 0xa5, 2 * 64);

	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), 8U);
	KUNIT_EXPECT_EQ(test, w.gaps, 1U);
	KUNIT_EXPECT_FALSE(test, w.torn);
	KUNIT_EXPECT_EQ(test, ctx->seen[0], 3U);
	KUNIT_EXPECT_EQ(test, ctx->seen[7], 10U);
}

static void kdbg_ring_walk_resumes_after_refusal(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w;
	unsigned int i;

	for (i = 1; i <= 5; i++)
		KUNIT_ASSERT_TRUE(test, walk_write(ctx, 72, i));
	kdbg_ring_freeze(&ctx->ring);
	ctx->refuse_after = 2;
	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), 2U);
	KUNIT_EXPECT_FALSE(test, kdbg_ring_walk_done(&w));
	/* A fresh message: the refused record comes first. */
	ctx->refuse_after = -1;
	KUNIT_EXPECT_EQ(test, kdbg_ring_walk(&ctx->ring, &w, walk_collect, ctx,
					     ctx->scratch), 3U);
	KUNIT_EXPECT_TRUE(test, kdbg_ring_walk_done(&w));
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, ctx->seen[i], i + 1);
}

static void kdbg_ring_walk_counts_and_skips_by_headers(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w, full;
	unsigned int i, counted;

	for (i = 1; i <= 60; i++)
		KUNIT_ASSERT_TRUE(test, walk_write(ctx, 56 + (i % 7) * 72, i));
	kdbg_ring_freeze(&ctx->ring);
	kdbg_ring_walk_start(&ctx->ring, &w);
	counted = kdbg_ring_walk(&ctx->ring, &w, NULL, NULL, NULL);
	KUNIT_EXPECT_EQ(test, counted, walk_all(ctx, &full));
	KUNIT_EXPECT_EQ(test, w.records, kdbg_ring_count(&ctx->ring));
	KUNIT_ASSERT_GT(test, w.records, 5U);

	/* The last five, as the console prints them: skip, then visit. */
	ctx->nseen = 0;
	kdbg_ring_walk_start(&ctx->ring, &w);
	w.limit = kdbg_ring_count(&ctx->ring) - 5;
	KUNIT_EXPECT_EQ(test, kdbg_ring_walk(&ctx->ring, &w, NULL, NULL, NULL),
			w.limit);
	w.limit = 0;
	KUNIT_EXPECT_EQ(test, kdbg_ring_walk(&ctx->ring, &w, walk_collect, ctx,
					     ctx->scratch), 5U);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, ctx->seen[i], 56 + i);
}

static int walk_read_collect(const struct kdbg_record *rec, void *arg)
{
	struct walk_ctx *ctx = arg;

	if (rec && ctx->nseen < ARRAY_SIZE(ctx->seen))
		ctx->seen[ctx->nseen++] = rec->source_id;
	return 0;
}

static void kdbg_ring_reserve_frozen_refused(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_OVERWRITE);
	struct kdbg_ring_walk w;

	KUNIT_ASSERT_TRUE(test, walk_write(ctx, 64, 1));
	KUNIT_ASSERT_TRUE(test, walk_write(ctx, 64, 2));
	kdbg_ring_freeze(&ctx->ring);

	KUNIT_EXPECT_FALSE(test, walk_write(ctx, 64, 3));
	KUNIT_EXPECT_FALSE(test, walk_write(ctx, 64, 4));
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.refused), 2L);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.dropped), 2L);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.written), 4L);
	KUNIT_EXPECT_EQ(test, local_read(&ctx->ring.nest), 0L);
	/* Readers drain nothing, and pollers see nothing to read. */
	KUNIT_EXPECT_EQ(test, kdbg_ring_read(&ctx->ring, walk_read_collect, ctx,
					     UINT_MAX, ctx->scratch), 0U);
	KUNIT_EXPECT_EQ(test, kdbg_ring_readable(&ctx->ring), 0UL);
	KUNIT_EXPECT_EQ(test, walk_all(ctx, &w), 2U);

	kdbg_ring_unfreeze(&ctx->ring);
	KUNIT_EXPECT_TRUE(test, walk_write(ctx, 64, 5));
	ctx->nseen = 0;
	KUNIT_EXPECT_EQ(test, kdbg_ring_read(&ctx->ring, walk_read_collect, ctx,
					     UINT_MAX, ctx->scratch), 3U);
	KUNIT_EXPECT_EQ(test, ctx->seen[0], 1U);
	KUNIT_EXPECT_EQ(test, ctx->seen[2], 5U);
}

static void kdbg_ring_set_mode_in_place(struct kunit *test)
{
	struct walk_ctx *ctx = walk_ctx_new(test, KDBG_RING_MODE_DROP);
	unsigned int i, n = 0;

	while (walk_write(ctx, 128, ++n))
		;
	/* Full in drop mode; overwrite mode takes the next record. */
	kdbg_ring_set_mode(&ctx->ring, KDBG_RING_MODE_OVERWRITE);
	KUNIT_EXPECT_TRUE(test, walk_write(ctx, 128, 1000));
	kdbg_ring_freeze(&ctx->ring);
	for (i = 0; i < 2; i++) {
		struct kdbg_ring_walk w;

		ctx->nseen = 0;
		walk_all(ctx, &w);
		KUNIT_ASSERT_GT(test, ctx->nseen, 0U);
		KUNIT_EXPECT_EQ(test, ctx->seen[ctx->nseen - 1], 1000U);
		KUNIT_EXPECT_EQ(test, ctx->seen[0], 2U);
	}
}

static struct kunit_case kdbg_ring_walk_cases[] = {
	KUNIT_CASE(kdbg_ring_walk_empty_ring),
	KUNIT_CASE(kdbg_ring_walk_wraparound),
	KUNIT_CASE(kdbg_ring_walk_excludes_open_record),
	KUNIT_CASE_PARAM(kdbg_ring_walk_torn_record, walk_tear_gen_params),
	KUNIT_CASE(kdbg_ring_walk_skips_overwritten),
	KUNIT_CASE(kdbg_ring_walk_resumes_after_refusal),
	KUNIT_CASE(kdbg_ring_walk_counts_and_skips_by_headers),
	KUNIT_CASE(kdbg_ring_reserve_frozen_refused),
	KUNIT_CASE(kdbg_ring_set_mode_in_place),
	{}
};

static struct kunit_suite kdbg_ring_walk_suite = {
	.name = "kdbg_ring_walk",
	.test_cases = kdbg_ring_walk_cases,
};

kunit_test_suite(kdbg_ring_walk_suite);
