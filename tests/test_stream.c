// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/stream.c's kernel-free parts, fed EVENTS_READ
 * replies built with libmnl exactly as the module builds them (u64s with
 * KDBG_A_EVENT_PAD, a binary stack, unknown future attributes): event
 * decoding, the text and JSON lines (the JSON one byte for byte), the
 * folded frames (bare names, --addrs, stack-less events), and folding
 * them through the fold library into the line flamegraph.pl reads.
 */
#include "kdbg_test.h"
#include "fold.h"
#include "nl.h"
#include "stream.h"
#include "symbols.h"

#include <unistd.h>

static char buf[16384] __attribute__((aligned(8)));
static char kpath[] = "/tmp/kdbg-test-stream-XXXXXX";
static struct ksyms *ks;

static const char kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81100000 T entry_SYSCALL_64_after_hwframe\n"
	"ffffffff81200000 T do_syscall_64\n"
	"ffffffff81300000 T __x64_sys_connect\n"
	"ffffffff81400000 T __sys_connect\n"
	"ffffffff81500000 T tcp_v4_connect\n"
	"ffffffffc0001000 t mod_fn\t[somemod]\n";

static const uint64_t connect_stack[] = {	/* innermost first */
	0xffffffff81500005ULL, 0xffffffff81400080ULL, 0xffffffff81300010ULL,
	0xffffffff81200040ULL, 0xffffffff81100063ULL,
};

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

struct ev_spec {
	uint32_t type, cpu, pid, tgid, source_id;
	uint64_t ts;
	const char *comm;
	const uint64_t *stack;
	unsigned int nr_stack;
	bool ret;
	uint64_t latency, retval;
	const uint64_t *args;
	unsigned int nr_args;
};

static void put_event(struct nlmsghdr *nlh, const struct ev_spec *e)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, KDBG_A_EVENT);

	mnl_attr_put_u32(nlh, KDBG_A_EVENT_TYPE, e->type);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_CPU, e->cpu);
	put_u64(nlh, KDBG_A_EVENT_TIMESTAMP, e->ts, KDBG_A_EVENT_PAD);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_PID, e->pid);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_TGID, e->tgid);
	mnl_attr_put_strz(nlh, KDBG_A_EVENT_COMM, e->comm);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_SOURCE_ID, e->source_id);
	if (e->nr_stack)
		mnl_attr_put(nlh, KDBG_A_EVENT_STACK,
			     e->nr_stack * sizeof(uint64_t), e->stack);
	if (e->ret) {
		put_u64(nlh, KDBG_A_EVENT_LATENCY, e->latency, KDBG_A_EVENT_PAD);
		put_u64(nlh, KDBG_A_EVENT_RETVAL, e->retval, KDBG_A_EVENT_PAD);
	}
	if (e->nr_args)
		mnl_attr_put(nlh, KDBG_A_EVENT_TP_ARGS,
			     e->nr_args * sizeof(uint64_t), e->args);
	mnl_attr_put_u32(nlh, KDBG_A_EVENT_MAX + 5, 1);	/* a future field */
	mnl_attr_nest_end(nlh, nest);
}

static struct nlmsghdr *reply(void)
{
	return put_genl(buf, KDBG_CMD_EVENTS_READ);
}

static const struct ev_spec kprobe_ev = {
	.type = KDBG_SOURCE_KPROBE, .cpu = 0, .pid = 42, .tgid = 42,
	.source_id = 1, .ts = 123, .comm = "curl", .stack = connect_stack,
	.nr_stack = 5,
};

/* Decode the first KDBG_A_EVENT of @nlh. */
static void first_event(struct nlmsghdr *nlh, struct kdbg_event *ev)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KDBG_A_EVENT) {
			assert_int_equal(kdbg_event_parse(attr, ev), 0);
			return;
		}
	fail_msg("no event in the reply");
}

static void test_event_parse_kprobe(void **state)
{
	struct nlmsghdr *nlh = reply();
	struct kdbg_event ev;

	(void)state;
	put_event(nlh, &kprobe_ev);
	put_u64(nlh, KDBG_A_READ_LOST, 0, KDBG_A_PAD);
	first_event(nlh, &ev);
	assert_int_equal(ev.type, KDBG_SOURCE_KPROBE);
	assert_int_equal(ev.pid, 42);
	assert_true(ev.timestamp == 123);
	assert_string_equal(ev.comm, "curl");
	assert_int_equal(ev.nr_stack, 5);
	assert_true(ev.stack[0] == connect_stack[0]);
	assert_true(ev.stack[4] == connect_stack[4]);
	assert_false(ev.has_latency);
	assert_int_equal(ev.nr_args, 0);
}

static void test_event_print_json_kprobe(void **state)
{
	struct nlmsghdr *nlh = reply();
	struct kdbg_event ev;

	(void)state;
	put_event(nlh, &kprobe_ev);
	first_event(nlh, &ev);
	cap_begin(true, false);
	kdbg_event_print(&ev, "tcp_v4_connect", ks, false);
	assert_string_equal(cap_end(),
		"{\"type\":\"kprobe\",\"cpu\":0,\"timestamp-ns\":123,\"pid\":42,"
		"\"tgid\":42,\"comm\":\"curl\",\"source-id\":1,"
		"\"source\":\"tcp_v4_connect\",\"stack\":["
		"\"tcp_v4_connect+0x5\",\"__sys_connect+0x80\","
		"\"__x64_sys_connect+0x10\",\"do_syscall_64+0x40\","
		"\"entry_SYSCALL_64_after_hwframe+0x63\"]}\n");
}

static void test_event_print_json_kretprobe_and_module(void **state)
{
	static const uint64_t stack[] = { 0xffffffffc0001010ULL,
					  0xfffffffff0000000ULL };
	struct ev_spec e = kprobe_ev;
	struct nlmsghdr *nlh = reply();
	struct kdbg_event ev;

	(void)state;
	e.type = KDBG_SOURCE_KRETPROBE;
	e.ret = true;
	e.latency = 4567;
	e.retval = (uint64_t)-111;
	e.stack = stack;
	e.nr_stack = 2;
	e.cpu = 1;
	e.tgid = 40;
	put_event(nlh, &e);
	first_event(nlh, &ev);
	cap_begin(true, false);
	kdbg_event_print(&ev, "tcp_v4_connect", ks, false);
	assert_string_equal(cap_end(),
		"{\"type\":\"kretprobe\",\"cpu\":1,\"timestamp-ns\":123,\"pid\":42,"
		"\"tgid\":40,\"comm\":\"curl\",\"source-id\":1,"
		"\"source\":\"tcp_v4_connect\",\"latency-ns\":4567,\"retval\":-111,"
		"\"stack\":[\"mod_fn+0x10 [somemod]\",\"0xfffffffff0000000\"]}\n");
}

static void test_event_print_json_tracepoint(void **state)
{
	static const uint64_t args[] = { 0xffff888003a4b000ULL, 0x2a, 0 };
	struct ev_spec e = kprobe_ev;
	struct nlmsghdr *nlh = reply();
	struct kdbg_event ev;

	(void)state;
	e.type = KDBG_SOURCE_TRACEPOINT;
	e.args = args;
	e.nr_args = 3;
	e.nr_stack = 0;
	e.comm = "a \"quoted\" comm";
	put_event(nlh, &e);
	first_event(nlh, &ev);
	cap_begin(true, false);
	kdbg_event_print(&ev, "sched:sched_process_exec", ks, false);
	assert_string_equal(cap_end(),
		"{\"type\":\"tracepoint\",\"cpu\":0,\"timestamp-ns\":123,\"pid\":42,"
		"\"tgid\":42,\"comm\":\"a \\\"quoted\\\" comm\",\"source-id\":1,"
		"\"source\":\"sched:sched_process_exec\","
		"\"args\":[\"0xffff888003a4b000\",\"0x2a\",\"0x0\"],\"stack\":[]}\n");
}

static void test_event_print_text(void **state)
{
	struct nlmsghdr *nlh = reply();
	struct kdbg_event ev;

	(void)state;
	put_event(nlh, &kprobe_ev);
	first_event(nlh, &ev);
	ev.timestamp = 5123456789ULL;
	cap_begin(false, false);
	kdbg_event_print(&ev, "tcp_v4_connect", ks, false);
	kdbg_event_print(&ev, "tcp_v4_connect", ks, true);
	assert_string_equal(cap_end(),
		"     5.123456 cpu 0 curl 42/42 kprobe tcp_v4_connect\n"
		"     5.123456 cpu 0 curl 42/42 kprobe tcp_v4_connect\n"
		"    tcp_v4_connect+0x5\n"
		"    __sys_connect+0x80\n"
		"    __x64_sys_connect+0x10\n"
		"    do_syscall_64+0x40\n"
		"    entry_SYSCALL_64_after_hwframe+0x63\n");
}

static void test_event_print_text_kretprobe(void **state)
{
	struct kdbg_event ev = { .type = KDBG_SOURCE_KRETPROBE, .cpu = 3,
				 .pid = 7, .tgid = 5, .comm = "python3",
				 .has_latency = true, .latency = 900,
				 .has_retval = true, .retval = (uint64_t)-2 };

	(void)state;
	cap_begin(false, false);
	kdbg_event_print(&ev, "do_sys_openat2", NULL, false);
	assert_string_equal(cap_end(),
		"     0.000000 cpu 3 python3 7/5 kretprobe do_sys_openat2 latency 900 ns retval -2\n");
}

static void test_event_parse_truncated_stack(void **state)
{
	uint64_t big[KDBG_EVENT_STACK_MAX + 8];
	struct ev_spec e = kprobe_ev;
	struct nlmsghdr *nlh = reply();
	struct kdbg_event ev;
	unsigned int i;

	(void)state;
	for (i = 0; i < KDBG_EVENT_STACK_MAX + 8; i++)
		big[i] = 0xffffffff81500000ULL + i;
	e.stack = big;
	e.nr_stack = KDBG_EVENT_STACK_MAX + 8;
	put_event(nlh, &e);
	first_event(nlh, &ev);
	assert_int_equal(ev.nr_stack, KDBG_EVENT_STACK_MAX);
}

static void test_event_frames_bare_and_addrs(void **state)
{
	char frames[8][KDBG_FRAME_LEN];
	struct kdbg_event ev = { .nr_stack = 5, .comm = "my comm" };
	size_t n;

	(void)state;
	memcpy(ev.stack, connect_stack, sizeof(connect_stack));
	n = kdbg_event_frames(&ev, "tcp_v4_connect", ks, false, frames, 8);
	assert_int_equal(n, 6);
	assert_string_equal(frames[0], "my_comm");
	assert_string_equal(frames[1], "entry_SYSCALL_64_after_hwframe");
	assert_string_equal(frames[3], "__x64_sys_connect");
	assert_string_equal(frames[5], "tcp_v4_connect");
	n = kdbg_event_frames(&ev, "tcp_v4_connect", ks, true, frames, 8);
	assert_string_equal(frames[5], "tcp_v4_connect+0x5");
	/* no room: the outermost frames are kept */
	n = kdbg_event_frames(&ev, "tcp_v4_connect", ks, false, frames, 3);
	assert_int_equal(n, 3);
	assert_string_equal(frames[2], "do_syscall_64");
}

static void test_event_frames_no_stack(void **state)
{
	char frames[4][KDBG_FRAME_LEN];
	struct kdbg_event ev = { .comm = "" };

	(void)state;
	assert_int_equal(kdbg_event_frames(&ev, "vfs_read", ks, false, frames,
					   4), 2);
	assert_string_equal(frames[0], "?");
	assert_string_equal(frames[1], "vfs_read");
}

static void test_fold_connect_stacks(void **state)
{
	char frames[8][KDBG_FRAME_LEN];
	const char *ptrs[8];
	struct kdbg_event ev = { .nr_stack = 5, .comm = "curl" };
	struct fold_table *t = fold_table_new();
	size_t n, i;
	int k;

	(void)state;
	memcpy(ev.stack, connect_stack, sizeof(connect_stack));
	for (k = 0; k < 3; k++) {
		n = kdbg_event_frames(&ev, "tcp_v4_connect", ks, false, frames,
				      8);
		for (i = 0; i < n; i++)
			ptrs[i] = frames[i];
		assert_int_equal(fold_table_add(t, ptrs, n, 1), 0);
	}
	cap_begin(false, false);
	assert_int_equal(fold_table_write(t, out_file(), FOLD_FMT_FOLDED, NULL),
			 0);
	assert_string_equal(cap_end(),
		"curl;entry_SYSCALL_64_after_hwframe;do_syscall_64;"
		"__x64_sys_connect;__sys_connect;tcp_v4_connect 3\n");
	fold_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_parse_kprobe),
		cmocka_unit_test(test_event_print_json_kprobe),
		cmocka_unit_test(test_event_print_json_kretprobe_and_module),
		cmocka_unit_test(test_event_print_json_tracepoint),
		cmocka_unit_test(test_event_print_text),
		cmocka_unit_test(test_event_print_text_kretprobe),
		cmocka_unit_test(test_event_parse_truncated_stack),
		cmocka_unit_test(test_event_frames_bare_and_addrs),
		cmocka_unit_test(test_event_frames_no_stack),
		cmocka_unit_test(test_fold_connect_stacks),
	};

	return cmocka_run_group_tests_name("kdbgctl_stream", tests, setup,
					   teardown);
}
