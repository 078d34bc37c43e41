// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the BCC-style tools' output (user/cmd/tools.h): reads
 * parsed from AGG_GET and STACK_GET messages built with libmnl, printed
 * by funccount (FUNC/COUNT, zero counts left out, ascending; JSON with
 * the pattern's counts), funclatency (summed histograms, BCC's avg line,
 * -u rebucketing; JSON), stackcount (BCC's text, folded lines, lost
 * stacks) and agg show (key columns, values, histograms; JSON).
 */
#include "kdbg_test.h"
#include "agg_msgs.h"
#include "fold.h"
#include "symbols.h"
#include "tools.h"

#include <unistd.h>

static char buf[16384] __attribute__((aligned(8)));

/* A read of sources @ids with one entry each, counts @counts. */
static void counters(struct kdbg_agg_dump *d, const char *const *names,
		     const uint64_t *counts, unsigned int n)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++) {
		struct entry_spec e = { .id = i + 1, .count = counts[i] };

		assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e)), 0);
		assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, i + 1,
							names[i], 0, 0)), 0);
	}
}

static struct trace pattern_trace(const char *cmd)
{
	struct trace t = { .cmd = cmd };

	t.reply.pattern = true;
	t.reply.id = 1;
	t.reply.matched = 5;
	t.reply.attached = 3;
	t.reply.skipped[KDBG_A_SKIP_NOTRACE] = 2;
	return t;
}

static void test_funccount(void **state)
{
	static const char *const names[] = { "vfs_read", "vfs_write",
					     "vfs_open" };
	static const uint64_t counts[] = { 10, 5, 0 };
	struct trace t = pattern_trace("funccount");
	struct kdbg_agg_dump d;

	(void)state;
	counters(&d, names, counts, 3);
	cap_begin(false, false);
	assert_int_equal(funccount_print(&t, &d, NULL), 0);
	assert_string_equal(cap_end(),
		"FUNC                                    COUNT\n"
		"vfs_write                                   5\n"
		"vfs_read                                   10\n");
	cap_begin(true, false);
	assert_int_equal(funccount_print(&t, &d, NULL), 0);
	assert_string_equal(cap_end(),
		"{\"functions\":[{\"func\":\"vfs_write\",\"count\":5},"
		"{\"func\":\"vfs_read\",\"count\":10}],"
		"\"matched\":5,\"attached\":3,\"skipped\":{\"notrace\":2,"
		"\"refused\":0,\"own\":0,\"exists\":0,\"other\":0}}\n");
	/* a later interval: BCC's blank line first (text only) */
	t.reads = 1;
	cap_begin(false, false);
	assert_int_equal(funccount_print(&t, &d, NULL), 0);
	assert_string_equal(cap_end(),
		"\n"
		"FUNC                                    COUNT\n"
		"vfs_write                                   5\n"
		"vfs_read                                   10\n");
	cap_begin(true, false);
	assert_int_equal(funccount_print(&t, &d, NULL), 0);
	assert_int_equal(cap_end()[0], '{');
	kdbg_agg_dump_free(&d);
}

/* Two functions' latency histograms, summed. */
static void latencies(struct kdbg_agg_dump *d)
{
	uint64_t h1[KDBG_AGG_LOG2_BUCKETS] = { 0 }, h2[KDBG_AGG_LOG2_BUCKETS] = { 0 };
	struct entry_spec e1 = { .id = 1, .count = 4, .sum = 6000, .min = 700,
				 .max = 2500, .hist = h1,
				 .nr_hist = KDBG_AGG_LOG2_BUCKETS };
	struct entry_spec e2 = { .id = 2, .count = 2, .sum = 9000, .min = 1100,
				 .max = 7900, .hist = h2,
				 .nr_hist = KDBG_AGG_LOG2_BUCKETS };

	h1[10] = 1;	/* 700 */
	h1[11] = 2;
	h1[12] = 1;	/* 2500 */
	h2[11] = 1;	/* 1100 */
	h2[13] = 1;	/* 7900 */
	memset(d, 0, sizeof(*d));
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e1)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 1, "a", 0, 0)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e2)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 2, "b", 0, 0)), 0);
}

static void test_funclatency_nsecs(void **state)
{
	struct funclatency_unit u = { "nsecs", 1 };
	struct trace t = pattern_trace("funclatency");
	struct kdbg_agg_dump d;

	(void)state;
	latencies(&d);
	cap_begin(false, false);
	assert_int_equal(funclatency_print(&t, &d, &u), 0);
	assert_string_equal(cap_end(),
		"     nsecs               : count     distribution\n"
		"       512 -> 1023       : 1        |*************                           |\n"
		"      1024 -> 2047       : 3        |****************************************|\n"
		"      2048 -> 4095       : 1        |*************                           |\n"
		"      4096 -> 8191       : 1        |*************                           |\n"
		"\n"
		"avg = 2500 nsecs, total: 15000 nsecs, count: 6\n"
		"\n");
	cap_begin(true, false);
	assert_int_equal(funclatency_print(&t, &d, &u), 0);
	assert_string_equal(cap_end(),
		"{\"unit\":\"nsecs\",\"buckets\":[{\"low\":512,\"high\":1023,\"count\":1},"
		"{\"low\":1024,\"high\":2047,\"count\":3},"
		"{\"low\":2048,\"high\":4095,\"count\":1},"
		"{\"low\":4096,\"high\":8191,\"count\":1}],"
		"\"count\":6,\"sum-ns\":15000,\"min-ns\":700,\"max-ns\":7900,"
		"\"matched\":5,\"attached\":3,\"skipped\":{\"notrace\":2,"
		"\"refused\":0,\"own\":0,\"exists\":0,\"other\":0}}\n");
	kdbg_agg_dump_free(&d);
}

static void test_funclatency_usecs(void **state)
{
	struct funclatency_unit u = { "usecs", 1000 };
	struct trace t = pattern_trace("funclatency");
	struct kdbg_agg_dump d;

	(void)state;
	latencies(&d);
	cap_begin(false, false);
	assert_int_equal(funclatency_print(&t, &d, &u), 0);
	/* 512 ns is 0 us, 1024 ns 1 us (BCC's "0 -> 1" row: 4), 2048 2, 4096 4 */
	assert_string_equal(cap_end(),
		"     usecs               : count     distribution\n"
		"         0 -> 1          : 4        |****************************************|\n"
		"         2 -> 3          : 1        |**********                              |\n"
		"         4 -> 7          : 1        |**********                              |\n"
		"\n"
		"avg = 2 usecs, total: 15 usecs, count: 6\n"
		"\n");
	kdbg_agg_dump_free(&d);
}

static void test_funclatency_empty(void **state)
{
	struct funclatency_unit u = { "msecs", 1000000 };
	struct trace t = pattern_trace("funclatency");
	struct kdbg_agg_dump d = { 0 };

	(void)state;
	assert_int_equal(kdbg_agg_dump_parse(&d, close_msg(buf, 1, "a", 0, 0)), 0);
	cap_begin(false, false);
	assert_int_equal(funclatency_print(&t, &d, &u), 0);
	assert_string_equal(cap_end(), "");
	kdbg_agg_dump_free(&d);
}

static char kpath[] = "/tmp/kdbg-test-tools-XXXXXX";
static struct ksyms *ks;

static int setup(void **state)
{
	static const char kallsyms[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81100000 T entry_SYSCALL_64\n"
		"ffffffff81200000 T ksys_read\n"
		"ffffffff81300000 T ksys_write\n"
		"ffffffff81500000 T vfs_read\n"
		"ffffffff81600000 T vfs_write\n";
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

/* vfs_read (source 1): stack 1 x3, stack 2 x7, a lost stack x1. */
static void stacks_read(struct kdbg_agg_dump *d, struct stackcount *sc)
{
	static const uint64_t s1[] = { 0xffffffff81500010ULL, 0xffffffff81200020ULL,
				       0xffffffff81100030ULL };
	static const uint64_t s2[] = { 0xffffffff81500010ULL, 0xffffffff81300040ULL };
	struct entry_spec e1 = { .id = 1, .stack = true, .stack_v = 1, .count = 3 };
	struct entry_spec e2 = { .id = 1, .stack = true, .stack_v = 2, .count = 7 };
	struct entry_spec e0 = { .id = 1, .stack = true, .stack_v = 0, .count = 1 };
	struct kdbg_stacks *m;

	memset(d, 0, sizeof(*d));
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e1)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e2)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e0)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 1, "vfs_read",
							  0, 1)), 0);
	/* the stack table the session would have fetched (STACK_GET) */
	m = stackcount_stacks(sc, 1);
	assert_non_null(m);
	assert_int_equal(kdbg_stacks_parse(m, stack_msg(buf, 2, s2, 2)), 0);
	assert_int_equal(kdbg_stacks_parse(m, stack_msg(buf, 1, s1, 3)), 0);
	kdbg_stacks_sort(m);
}

static void sc_free(struct stackcount *sc)
{
	size_t i;

	for (i = 0; i < sc->nr_st; i++)
		kdbg_stacks_free(&sc->st[i].m);
	free(sc->st);
	fold_table_free(sc->fold);
}

static void test_stackcount_text(void **state)
{
	struct trace t = { .cmd = "stackcount" };
	struct stackcount sc = { .fmt = SC_TEXT, .ks = ks };
	struct kdbg_agg_dump d;

	(void)state;
	stacks_read(&d, &sc);
	cap_begin(false, false);
	assert_int_equal(stackcount_print(&t, &d, &sc), 0);
	assert_string_equal(cap_end(),
		"  [stack lost]\n"
		"    1\n"
		"\n"
		"  vfs_read\n"
		"  ksys_read\n"
		"  entry_SYSCALL_64\n"
		"    3\n"
		"\n"
		"  vfs_read\n"
		"  ksys_write\n"
		"    7\n"
		"\n");
	cap_begin(true, false);
	assert_int_equal(stackcount_print(&t, &d, &sc), 0);
	assert_string_equal(cap_end(),
		"{\"stacks\":[{\"func\":\"vfs_read\",\"frames\":[\"[stack lost]\"],\"count\":1},"
		"{\"func\":\"vfs_read\",\"frames\":[\"vfs_read\",\"ksys_read\",\"entry_SYSCALL_64\"],\"count\":3},"
		"{\"func\":\"vfs_read\",\"frames\":[\"vfs_read\",\"ksys_write\"],\"count\":7}],"
		"\"matched\":0,\"attached\":0,\"skipped\":{\"notrace\":0,"
		"\"refused\":0,\"own\":0,\"exists\":0,\"other\":0}}\n");
	kdbg_agg_dump_free(&d);
	sc_free(&sc);
}

static void test_stackcount_folded(void **state)
{
	struct trace t = { .cmd = "stackcount" };
	struct stackcount sc = { .fmt = SC_FOLDED, .ks = ks };
	struct kdbg_agg_dump d;
	char *text = NULL;
	size_t len = 0;

	(void)state;
	sc.fold = fold_table_new();
	assert_non_null(sc.fold);
	sc.out = open_memstream(&text, &len);
	assert_non_null(sc.out);
	stacks_read(&d, &sc);
	assert_int_equal(stackcount_print(&t, &d, &sc), 0);
	fclose(sc.out);
	assert_string_equal(text,
		"[stack lost] 1\n"
		"entry_SYSCALL_64;ksys_read;vfs_read 3\n"
		"ksys_write;vfs_read 7\n");
	/* each read prints its own stacks: the table was cleared */
	assert_int_equal(fold_table_size(sc.fold), 0);
	free(text);
	kdbg_agg_dump_free(&d);
	sc_free(&sc);
}

static void test_agg_show_hist(void **state)
{
	uint64_t h[KDBG_AGG_LOG2_BUCKETS] = { 0 };
	struct entry_spec e1 = { .id = 4, .pid = true, .comm = true,
				 .pid_v = 42, .comm_v = "curl", .count = 3,
				 .sum = 3000, .min = 600, .max = 1400, .hist = h,
				 .nr_hist = KDBG_AGG_LOG2_BUCKETS };
	const struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_PID | KDBG_AGG_KEY_COMM,
		.value = KDBG_AGG_VALUE_LATENCY, .hist = KDBG_AGG_HIST_LOG2,
	};
	struct kdbg_agg_dump d = { 0 };

	(void)state;
	h[10] = 1;
	h[11] = 2;
	assert_int_equal(kdbg_agg_dump_parse(&d, entry_msg(buf, &e1)), 0);
	assert_int_equal(kdbg_agg_dump_parse(&d, close_msg(buf, 4, "vfs_read",
							   0, 0)), 0);
	cap_begin(false, false);
	agg_print_source(&d.src[0], KDBG_SOURCE_KRETPROBE, &spec);
	assert_string_equal(cap_end(),
		"4: kretprobe vfs_read  entries 2/1024 missed 0 stacks 5/512 stack-missed 0\n"
		"COMM                  PID        COUNT              SUM          MIN          MAX\n"
		"curl                   42            3             3000          600         1400\n"
		"     nsecs               : count     distribution\n"
		"       512 -> 1023       : 1        |********************                    |\n"
		"      1024 -> 2047       : 2        |****************************************|\n"
		"\n");
	cap_begin(true, false);
	agg_print_source(&d.src[0], KDBG_SOURCE_KRETPROBE, &spec);
	assert_string_equal(cap_end(),
		"{\"id\":4,\"type\":\"kretprobe\",\"target\":\"vfs_read\","
		"\"entries\":2,\"capacity\":1024,\"missed\":0,\"stacks\":5,"
		"\"stack-capacity\":512,\"stack-missed\":0,\"rows\":[{"
		"\"comm\":\"curl\",\"pid\":42,\"count\":3,\"sum\":3000,"
		"\"min\":600,\"max\":1400,\"hist\":[{\"low\":512,\"high\":1023,"
		"\"count\":1},{\"low\":1024,\"high\":2047,\"count\":2}]}]}\n");
	kdbg_agg_dump_free(&d);
}

/* Counts only, keyed by stack: sorted by count, no value columns. */
static void test_agg_show_counts(void **state)
{
	struct entry_spec e1 = { .id = 2, .stack = true, .stack_v = 9, .count = 30 };
	struct entry_spec e2 = { .id = 2, .stack = true, .stack_v = 0, .count = 4 };
	struct kdbg_agg_dump d = { 0 };

	(void)state;
	assert_int_equal(kdbg_agg_dump_parse(&d, entry_msg(buf, &e1)), 0);
	assert_int_equal(kdbg_agg_dump_parse(&d, entry_msg(buf, &e2)), 0);
	assert_int_equal(kdbg_agg_dump_parse(&d, close_msg(buf, 2, "submit_bio",
							   0, 4)), 0);
	cap_begin(false, false);
	agg_print_source(&d.src[0], KDBG_SOURCE_KPROBE, NULL);
	assert_string_equal(cap_end(),
		"2: kprobe submit_bio  entries 2/1024 missed 0 stacks 5/512 stack-missed 4\n"
		"  STACK        COUNT\n"
		"      0            4\n"
		"      9           30\n"
		"\n");
	kdbg_agg_dump_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_funccount),
		cmocka_unit_test(test_funclatency_nsecs),
		cmocka_unit_test(test_funclatency_usecs),
		cmocka_unit_test(test_funclatency_empty),
		cmocka_unit_test(test_stackcount_text),
		cmocka_unit_test(test_stackcount_folded),
		cmocka_unit_test(test_agg_show_hist),
		cmocka_unit_test(test_agg_show_counts),
	};

	return cmocka_run_group_tests_name("kdbgctl_tools", tests, setup,
					   teardown);
}
