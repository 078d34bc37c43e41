// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/cmd/recorder.c's kernel-free parts, fed
 * RECORDER_GET replies and RECORDER_DUMP messages built with libmnl as
 * the module builds them (u64s after a pad attribute, one nest per CPU,
 * unknown future attributes): the state in text and JSON (the JSON byte
 * for byte), live and frozen, and the dump's events decoded like stream's,
 * with source names, a deleted source, symbolized stacks under --stack.
 */
#include "kdbg_test.h"
#include "nl.h"
#include "recorder.h"
#include "symbols.h"

static char buf[16384] __attribute__((aligned(8)));
static char kpath[] = "/tmp/kdbg-test-recorder-XXXXXX";
static struct ksyms *ks;

static const char kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81200000 T do_syscall_64\n"
	"ffffffff81300000 T __x64_sys_getppid\n";

static int setup(void **state)
{
	(void)state;
	ks = test_ksyms_from_text(kpath, kallsyms);
	return ks ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ksyms_free(ks);
	unlink(kpath);
	return 0;
}

struct ring_spec {
	uint32_t cpu, records, gaps;
	uint64_t refused;
	bool torn;
};

static void put_ring(struct nlmsghdr *nlh, const struct ring_spec *r)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, KDBG_A_RECORDER_RING);

	mnl_attr_put_u32(nlh, KDBG_A_RECORDER_RING_CPU, r->cpu);
	mnl_attr_put_u32(nlh, KDBG_A_RECORDER_RING_RECORDS, r->records);
	put_u64(nlh, KDBG_A_RECORDER_RING_REFUSED, r->refused,
		KDBG_A_RECORDER_RING_PAD);
	mnl_attr_put_u32(nlh, KDBG_A_RECORDER_RING_GAPS, r->gaps);
	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_RING_TORN, r->torn);
	mnl_attr_put_u32(nlh, KDBG_A_RECORDER_RING_MAX + 3, 7);	/* future */
	mnl_attr_nest_end(nlh, nest);
}

static const struct ring_spec rings[] = {
	{ .cpu = 0, .records = 40, .refused = 25 },
	{ .cpu = 1, .records = 3, .gaps = 1, .torn = true },
};

/* A RECORDER_GET reply: on, 64 KiB, last 4; frozen by an oops if @frozen. */
static struct nlmsghdr *state_reply(bool frozen)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_RECORDER_GET);

	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_ENABLED, 1);
	mnl_attr_put_u32(nlh, KDBG_A_RING_SIZE, 65536);
	mnl_attr_put_u32(nlh, KDBG_A_RING_MODE, KDBG_RING_MODE_OVERWRITE);
	mnl_attr_put_u32(nlh, KDBG_A_RECORDER_LAST, 4);
	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_FROZEN, frozen);
	if (frozen) {
		mnl_attr_put_u32(nlh, KDBG_A_RECORDER_REASON,
				 KDBG_RECORDER_REASON_OOPS);
		mnl_attr_put_u32(nlh, KDBG_A_RECORDER_CPU, 1);
		put_u64(nlh, KDBG_A_RECORDER_TIMESTAMP, 12345678901ULL,
			KDBG_A_PAD);
		/* 2026-12-03T14:05:00Z */
		put_u64(nlh, KDBG_A_RECORDER_REALTIME,
			1796306700ULL * 1000000000ULL + 5, KDBG_A_PAD);
	}
	put_ring(nlh, &rings[0]);
	put_ring(nlh, &rings[1]);
	mnl_attr_put_u32(nlh, KDBG_A_MAX + 9, 1);	/* a future attribute */
	return nlh;
}

static const char *print_state(bool frozen, bool json)
{
	struct nlmsghdr *nlh = state_reply(frozen);

	cap_begin(json, false);
	assert_int_equal(kdbg_recorder_print_state(nlh, NULL), MNL_CB_OK);
	return cap_end();
}

static void test_state_text_frozen(void **state)
{
	(void)state;
	assert_string_equal(print_state(true, false),
		"recorder on size 65536 mode overwrite last 4 frozen yes\n"
		"frozen by oops on cpu 1 at 12.345678 (2026-12-03T14:05:00Z)\n"
		"  cpu 0    records 40 refused 25 gaps 0 torn no\n"
		"  cpu 1    records 3 refused 0 gaps 1 torn yes\n");
}

static void test_state_text_live(void **state)
{
	(void)state;
	assert_string_equal(print_state(false, false),
		"recorder on size 65536 mode overwrite last 4 frozen no\n"
		"  cpu 0    records 40 refused 25 gaps 0 torn no\n"
		"  cpu 1    records 3 refused 0 gaps 1 torn yes\n");
}

static void test_state_json_frozen(void **state)
{
	(void)state;
	assert_string_equal(print_state(true, true),
		"{\"enabled\":true,\"size\":65536,\"mode\":\"overwrite\","
		"\"last\":4,\"frozen\":true,\"reason\":\"oops\",\"cpu\":1,"
		"\"timestamp-ns\":12345678901,"
		"\"realtime-ns\":1796306700000000005,"
		"\"rings\":[{\"cpu\":0,\"records\":40,\"refused\":25,\"gaps\":0,"
		"\"torn\":false},{\"cpu\":1,\"records\":3,\"refused\":0,"
		"\"gaps\":1,\"torn\":true}]}\n");
}

static void test_state_json_off(void **state)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_RECORDER_GET);

	(void)state;
	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_ENABLED, 0);
	mnl_attr_put_u32(nlh, KDBG_A_RING_SIZE, 1048576);
	mnl_attr_put_u32(nlh, KDBG_A_RING_MODE, KDBG_RING_MODE_DROP);
	mnl_attr_put_u32(nlh, KDBG_A_RECORDER_LAST, 16);
	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_FROZEN, 0);
	cap_begin(true, false);
	assert_int_equal(kdbg_recorder_print_state(nlh, NULL), MNL_CB_OK);
	assert_string_equal(cap_end(),
		"{\"enabled\":false,\"size\":1048576,\"mode\":\"drop\","
		"\"last\":16,\"frozen\":false,\"rings\":[]}\n");
}

static void test_reason_names(void **state)
{
	(void)state;
	assert_string_equal(kdbg_recorder_reason_name(KDBG_RECORDER_REASON_MANUAL),
			    "manual");
	assert_string_equal(kdbg_recorder_reason_name(KDBG_RECORDER_REASON_PANIC),
			    "panic");
	assert_string_equal(kdbg_recorder_reason_name(KDBG_RECORDER_REASON_MAX + 1),
			    "?");
}

static const uint64_t getppid_stack[] = {	/* innermost first */
	0xffffffff81300000ULL, 0xffffffff81200040ULL,
};

static void put_event(struct nlmsghdr *nlh, uint32_t cpu, uint64_t ts,
		      uint32_t source_id, bool stack)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, KDBG_A_EVENT);

	mnl_attr_put_u32(nlh, KDBG_A_EVENT_TYPE, KDBG_SOURCE_KPROBE);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_CPU, cpu);
	put_u64(nlh, KDBG_A_EVENT_TIMESTAMP, ts, KDBG_A_EVENT_PAD);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_PID, 300);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_TGID, 299);
	mnl_attr_put_strz(nlh, KDBG_A_EVENT_COMM, "kdbgrec");
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_SOURCE_ID, source_id);
	if (stack)
		mnl_attr_put(nlh, KDBG_A_EVENT_STACK, sizeof(getppid_stack),
			     getppid_stack);
	mnl_attr_nest_end(nlh, nest);
}

static const struct recorder_source names[] = {
	{ .id = 3, .name = "__x64_sys_getppid" },
};

static struct nlmsghdr *dump_msg(void)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_RECORDER_DUMP);

	put_event(nlh, 0, 1500000000ULL, 3, true);
	put_event(nlh, 1, 2000001000ULL, 9, false);	/* deleted source */
	mnl_attr_put_u32(nlh, KDBG_A_MAX + 9, 1);	/* a future attribute */
	return nlh;
}

static void test_dump_text_stack(void **state)
{
	struct recorder_dump d = {
		.names = names, .nr_names = 1, .ks = ks, .text_stack = true,
	};

	(void)state;
	cap_begin(false, false);
	assert_int_equal(kdbg_recorder_print_dump(dump_msg(), &d), MNL_CB_OK);
	assert_string_equal(cap_end(),
		"     1.500000 cpu 0 kdbgrec 300/299 kprobe __x64_sys_getppid\n"
		"    __x64_sys_getppid+0x0\n"
		"    do_syscall_64+0x40\n"
		"     2.000001 cpu 1 kdbgrec 300/299 kprobe source-9\n");
	assert_int_equal(d.events, 2);
}

static void test_dump_json_lines(void **state)
{
	struct recorder_dump d = { .names = names, .nr_names = 1 };

	(void)state;
	cap_begin(true, false);
	assert_int_equal(kdbg_recorder_print_dump(dump_msg(), &d), MNL_CB_OK);
	assert_string_equal(cap_end(),
		"{\"type\":\"kprobe\",\"cpu\":0,\"timestamp-ns\":1500000000,"
		"\"pid\":300,\"tgid\":299,\"comm\":\"kdbgrec\",\"source-id\":3,"
		"\"source\":\"__x64_sys_getppid\","
		"\"stack\":[\"0xffffffff81300000\",\"0xffffffff81200040\"]}\n"
		"{\"type\":\"kprobe\",\"cpu\":1,\"timestamp-ns\":2000001000,"
		"\"pid\":300,\"tgid\":299,\"comm\":\"kdbgrec\",\"source-id\":9,"
		"\"source\":\"source-9\",\"stack\":[]}\n");
	assert_int_equal(d.events, 2);
}

static void test_dump_empty_message(void **state)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_RECORDER_DUMP);
	struct recorder_dump d = { 0 };

	(void)state;
	cap_begin(false, false);
	assert_int_equal(kdbg_recorder_print_dump(nlh, &d), MNL_CB_OK);
	assert_string_equal(cap_end(), "");
	assert_int_equal(d.events, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_text_frozen),
		cmocka_unit_test(test_state_text_live),
		cmocka_unit_test(test_state_json_frozen),
		cmocka_unit_test(test_state_json_off),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_dump_text_stack),
		cmocka_unit_test(test_dump_json_lines),
		cmocka_unit_test(test_dump_empty_message),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
