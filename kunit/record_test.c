// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for module/record.c: record sizes, where stack and payload
 * sit, and the text rendering of /sys/kernel/debug/kdbg/events.
 */
#include <kunit/test.h>
#include "../module/kdbg.h"

static void kdbg_record_size_aligned(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kdbg_record_size(0, 0),
			(u32)sizeof(struct kdbg_record));
	KUNIT_EXPECT_EQ(test, kdbg_record_size(3, 4),
			(u32)sizeof(struct kdbg_record) + 24 + 8);
	KUNIT_EXPECT_EQ(test, kdbg_record_size(KDBG_STACK_MAX, 16) % 8, 0U);
}

/* Encode a kretprobe record by hand, as kdbg_event_emit() lays it out. */
static struct kdbg_record *record_build(struct kunit *test, u16 type,
					u16 nr_stack, const void *payload,
					u32 psize, u16 nr_args)
{
	u32 size = kdbg_record_size(nr_stack, psize);
	struct kdbg_record *rec = kunit_kzalloc(test, size, GFP_KERNEL);
	u64 *stack;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->type = type;
	rec->hdr_size = sizeof(*rec);
	rec->size = size;
	rec->timestamp = 12 * NSEC_PER_SEC + 345678 * NSEC_PER_USEC;
	rec->cpu = 1;
	rec->pid = 42;
	rec->tgid = 41;
	rec->source_id = 7;
	strscpy(rec->comm, "curl", sizeof(rec->comm));
	rec->nr_stack = nr_stack;
	rec->nr_args = nr_args;
	stack = (u64 *)(rec + 1);
	for (i = 0; i < nr_stack; i++)
		stack[i] = (unsigned long)kdbg_record_size + i;
	memcpy(stack + nr_stack, payload, psize);
	return rec;
}

static void kdbg_record_decode_roundtrip(struct kunit *test)
{
	struct kdbg_ret_payload ret = { .latency_ns = 1500, .retval = -22 };
	struct kdbg_record *rec = record_build(test, KDBG_SOURCE_KRETPROBE, 3,
					       &ret, sizeof(ret), 0);
	const struct kdbg_ret_payload *got = kdbg_record_payload(rec);

	KUNIT_EXPECT_EQ(test, kdbg_record_stack(rec)[2],
			(u64)(unsigned long)kdbg_record_size + 2);
	KUNIT_EXPECT_EQ(test, kdbg_record_payload_size(rec), (u32)sizeof(ret));
	KUNIT_EXPECT_EQ(test, got->latency_ns, 1500ULL);
	KUNIT_EXPECT_EQ(test, got->retval, (u64)-22);
}

static void kdbg_record_decode_future_header(struct kunit *test)
{
	/* A later writer's bigger header: readers find the stack by hdr_size. */
	u64 args[2] = { 0xaa, 0xbb };
	u32 size = kdbg_record_size(0, sizeof(args)) + 16;
	struct kdbg_record *rec = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->type = KDBG_SOURCE_TRACEPOINT;
	rec->hdr_size = sizeof(*rec) + 16;
	rec->size = size;
	rec->nr_args = 2;
	memcpy((void *)rec + rec->hdr_size, args, sizeof(args));
	KUNIT_EXPECT_EQ(test, ((const u64 *)kdbg_record_payload(rec))[1],
			0xbbULL);
	KUNIT_EXPECT_EQ(test, kdbg_record_payload_size(rec), 16U);
}

static void kdbg_record_format_kretprobe(struct kunit *test)
{
	struct kdbg_ret_payload ret = { .latency_ns = 1500, .retval = 0 };
	struct kdbg_record *rec = record_build(test, KDBG_SOURCE_KRETPROBE, 2,
					       &ret, sizeof(ret), 0);
	char *buf = kunit_kzalloc(test, 1024, GFP_KERNEL);
	int n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = kdbg_record_format(rec, buf, 1024);
	KUNIT_EXPECT_EQ(test, n, (int)strlen(buf));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "curl-42"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "[001]"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "12.345678: id=7 kretprobe"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "latency=1500ns ret=0x0"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " => kdbg_record_size"));
}

static void kdbg_record_format_truncates(struct kunit *test)
{
	u64 args[3] = { 1, 2, 3 };
	struct kdbg_record *rec = record_build(test, KDBG_SOURCE_TRACEPOINT, 0,
					       args, sizeof(args), 3);
	char buf[32];

	KUNIT_EXPECT_EQ(test, kdbg_record_format(rec, buf, sizeof(buf)), 31);
	KUNIT_EXPECT_EQ(test, buf[31], '\0');
}

static struct kunit_case kdbg_record_cases[] = {
	KUNIT_CASE(kdbg_record_size_aligned),
	KUNIT_CASE(kdbg_record_decode_roundtrip),
	KUNIT_CASE(kdbg_record_decode_future_header),
	KUNIT_CASE(kdbg_record_format_kretprobe),
	KUNIT_CASE(kdbg_record_format_truncates),
	{}
};

static struct kunit_suite kdbg_record_suite = {
	.name = "kdbg_record",
	.test_cases = kdbg_record_cases,
};

kunit_test_suite(kdbg_record_suite);
