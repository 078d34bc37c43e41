// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/core/hist.c, BCC's printers: the golden strings
 * were printed by a transcription of bcc/table.py's _print_log2_hist()
 * and _print_linear_hist() (leading rows kept and stripped, the wide
 * layout of bucket 64, BCC's "0 -> 1" row holding kdbg's buckets 0 and
 * 1), the us/ms rebucketing of ns histograms, the linear printer's
 * under/overflow rows, funccount's sorted table, and their JSON.
 */
#include "kdbg_test.h"
#include "hist.h"

/* kdbg buckets 10..15: 512 ns to 32 us */
static void latency_buckets(uint64_t *b)
{
	memset(b, 0, KDBG_AGG_LOG2_BUCKETS * sizeof(*b));
	b[10] = 3;
	b[11] = 7;
	b[12] = 40;
	b[13] = 12;
	b[15] = 1;
}

static void test_log2_bcc_layout(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS];

	(void)state;
	latency_buckets(b);
	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, "nsecs", false);
	assert_string_equal(cap_end(),
		"     nsecs               : count     distribution\n"
		"         0 -> 1          : 0        |                                        |\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 0        |                                        |\n"
		"         8 -> 15         : 0        |                                        |\n"
		"        16 -> 31         : 0        |                                        |\n"
		"        32 -> 63         : 0        |                                        |\n"
		"        64 -> 127        : 0        |                                        |\n"
		"       128 -> 255        : 0        |                                        |\n"
		"       256 -> 511        : 0        |                                        |\n"
		"       512 -> 1023       : 3        |***                                     |\n"
		"      1024 -> 2047       : 7        |*******                                 |\n"
		"      2048 -> 4095       : 40       |****************************************|\n"
		"      4096 -> 8191       : 12       |************                            |\n"
		"      8192 -> 16383      : 0        |                                        |\n"
		"     16384 -> 32767      : 1        |*                                       |\n");
}

static void test_log2_strip_leading(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS];

	(void)state;
	latency_buckets(b);
	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, "nsecs", true);
	assert_string_equal(cap_end(),
		"     nsecs               : count     distribution\n"
		"       512 -> 1023       : 3        |***                                     |\n"
		"      1024 -> 2047       : 7        |*******                                 |\n"
		"      2048 -> 4095       : 40       |****************************************|\n"
		"      4096 -> 8191       : 12       |************                            |\n"
		"      8192 -> 16383      : 0        |                                        |\n"
		"     16384 -> 32767      : 1        |*                                       |\n");
}

static void test_log2_empty(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS] = { 0 };

	(void)state;
	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, "nsecs", true);
	assert_string_equal(cap_end(), "");
	cap_begin(true, false);
	kdbg_print_log2_hist(NULL, b, KDBG_AGG_LOG2_BUCKETS, "nsecs", true);
	assert_string_equal(cap_end(), "[]\n");
}

/* kdbg's buckets 0 (value 0) and 1 (value 1) are BCC's one "0 -> 1" row. */
static void test_log2_single_row(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS] = { 2, 3 };

	(void)state;
	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, "usecs", false);
	assert_string_equal(cap_end(),
		"     usecs               : count     distribution\n"
		"         0 -> 1          : 5        |****************************************|\n");
}

static void test_log2_bucket_64_wide(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS] = { 0 };

	(void)state;
	b[3] = 1;
	b[64] = 2;
	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", b, KDBG_AGG_LOG2_BUCKETS, "nsecs", true);
	assert_string_equal(cap_end(),
		"               nsecs                         : count     distribution\n"
		"                   4 -> 7                    : 1        |**********          |\n"
		"                   8 -> 15                   : 0        |                    |\n"
		"                  16 -> 31                   : 0        |                    |\n"
		"                  32 -> 63                   : 0        |                    |\n"
		"                  64 -> 127                  : 0        |                    |\n"
		"                 128 -> 255                  : 0        |                    |\n"
		"                 256 -> 511                  : 0        |                    |\n"
		"                 512 -> 1023                 : 0        |                    |\n"
		"                1024 -> 2047                 : 0        |                    |\n"
		"                2048 -> 4095                 : 0        |                    |\n"
		"                4096 -> 8191                 : 0        |                    |\n"
		"                8192 -> 16383                : 0        |                    |\n"
		"               16384 -> 32767                : 0        |                    |\n"
		"               32768 -> 65535                : 0        |                    |\n"
		"               65536 -> 131071               : 0        |                    |\n"
		"              131072 -> 262143               : 0        |                    |\n"
		"              262144 -> 524287               : 0        |                    |\n"
		"              524288 -> 1048575              : 0        |                    |\n"
		"             1048576 -> 2097151              : 0        |                    |\n"
		"             2097152 -> 4194303              : 0        |                    |\n"
		"             4194304 -> 8388607              : 0        |                    |\n"
		"             8388608 -> 16777215             : 0        |                    |\n"
		"            16777216 -> 33554431             : 0        |                    |\n"
		"            33554432 -> 67108863             : 0        |                    |\n"
		"            67108864 -> 134217727            : 0        |                    |\n"
		"           134217728 -> 268435455            : 0        |                    |\n"
		"           268435456 -> 536870911            : 0        |                    |\n"
		"           536870912 -> 1073741823           : 0        |                    |\n"
		"          1073741824 -> 2147483647           : 0        |                    |\n"
		"          2147483648 -> 4294967295           : 0        |                    |\n"
		"          4294967296 -> 8589934591           : 0        |                    |\n"
		"          8589934592 -> 17179869183          : 0        |                    |\n"
		"         17179869184 -> 34359738367          : 0        |                    |\n"
		"         34359738368 -> 68719476735          : 0        |                    |\n"
		"         68719476736 -> 137438953471         : 0        |                    |\n"
		"        137438953472 -> 274877906943         : 0        |                    |\n"
		"        274877906944 -> 549755813887         : 0        |                    |\n"
		"        549755813888 -> 1099511627775        : 0        |                    |\n"
		"       1099511627776 -> 2199023255551        : 0        |                    |\n"
		"       2199023255552 -> 4398046511103        : 0        |                    |\n"
		"       4398046511104 -> 8796093022207        : 0        |                    |\n"
		"       8796093022208 -> 17592186044415       : 0        |                    |\n"
		"      17592186044416 -> 35184372088831       : 0        |                    |\n"
		"      35184372088832 -> 70368744177663       : 0        |                    |\n"
		"      70368744177664 -> 140737488355327      : 0        |                    |\n"
		"     140737488355328 -> 281474976710655      : 0        |                    |\n"
		"     281474976710656 -> 562949953421311      : 0        |                    |\n"
		"     562949953421312 -> 1125899906842623     : 0        |                    |\n"
		"    1125899906842624 -> 2251799813685247     : 0        |                    |\n"
		"    2251799813685248 -> 4503599627370495     : 0        |                    |\n"
		"    4503599627370496 -> 9007199254740991     : 0        |                    |\n"
		"    9007199254740992 -> 18014398509481983    : 0        |                    |\n"
		"   18014398509481984 -> 36028797018963967    : 0        |                    |\n"
		"   36028797018963968 -> 72057594037927935    : 0        |                    |\n"
		"   72057594037927936 -> 144115188075855871   : 0        |                    |\n"
		"  144115188075855872 -> 288230376151711743   : 0        |                    |\n"
		"  288230376151711744 -> 576460752303423487   : 0        |                    |\n"
		"  576460752303423488 -> 1152921504606846975  : 0        |                    |\n"
		" 1152921504606846976 -> 2305843009213693951  : 0        |                    |\n"
		" 2305843009213693952 -> 4611686018427387903  : 0        |                    |\n"
		" 4611686018427387904 -> 9223372036854775807  : 0        |                    |\n"
		" 9223372036854775808 -> 18446744073709551615 : 2        |********************|\n");
}

static void test_log2_json_rows(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS];

	(void)state;
	latency_buckets(b);
	cap_begin(true, false);
	kdbg_print_log2_hist(NULL, b, KDBG_AGG_LOG2_BUCKETS, "nsecs", true);
	assert_string_equal(cap_end(),
		"[{\"low\":512,\"high\":1023,\"count\":3},"
		"{\"low\":1024,\"high\":2047,\"count\":7},"
		"{\"low\":2048,\"high\":4095,\"count\":40},"
		"{\"low\":4096,\"high\":8191,\"count\":12},"
		"{\"low\":8192,\"high\":16383,\"count\":0},"
		"{\"low\":16384,\"high\":32767,\"count\":1}]\n");
}

static void test_rebucket_usecs(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS], us[KDBG_AGG_LOG2_BUCKETS];
	uint64_t want[KDBG_AGG_LOG2_BUCKETS] = { 0 };

	(void)state;
	latency_buckets(b);
	b[0] = 1;		/* 0 ns */
	b[21] = 4;		/* [1048576, 2097151] ns: lowest is 1048 us */
	b[64] = 1;		/* [2^63, 2^64 - 1] ns */
	kdbg_log2_rebucket(b, KDBG_AGG_LOG2_BUCKETS, 1000, us);
	want[0] = 1 + 3;	/* 0 ns, and 512 ns = 0 us */
	want[1] = 7;		/* 1024 ns = 1 us */
	want[2] = 40;		/* 2048 ns = 2 us */
	want[3] = 12;		/* 4096 ns = 4 us */
	want[5] = 1;		/* 16384 ns = 16 us */
	want[11] = 4;		/* 1048 us */
	want[54] = 1;		/* 2^63 / 1000 = 9223372036854775 us */
	assert_memory_equal(us, want, sizeof(want));

	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", us, KDBG_AGG_LOG2_BUCKETS, "usecs", false);
	assert_non_null(strstr(cap_end(),
		"               usecs                         : count     distribution\n"
		"                   0 -> 1                    : 11       |*****               |\n"));
}

static void test_rebucket_msecs(void **state)
{
	uint64_t b[KDBG_AGG_LOG2_BUCKETS] = { 0 }, ms[KDBG_AGG_LOG2_BUCKETS];

	(void)state;
	b[20] = 2;	/* [524288, 1048575] ns: 0 ms */
	b[21] = 5;	/* 1048576 ns: 1 ms */
	b[31] = 9;	/* 2^30 ns: 1073 ms, bucket 11 */
	kdbg_log2_rebucket(b, KDBG_AGG_LOG2_BUCKETS, 1000000, ms);
	assert_int_equal(ms[0], 2);
	assert_int_equal(ms[1], 5);
	assert_int_equal(ms[11], 9);
	cap_begin(false, false);
	kdbg_print_log2_hist("buckets", ms, KDBG_AGG_LOG2_BUCKETS, "msecs", true);
	assert_string_equal(cap_end(),
		"     msecs               : count     distribution\n"
		"         0 -> 1          : 7        |*******************************         |\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 0        |                                        |\n"
		"         8 -> 15         : 0        |                                        |\n"
		"        16 -> 31         : 0        |                                        |\n"
		"        32 -> 63         : 0        |                                        |\n"
		"        64 -> 127        : 0        |                                        |\n"
		"       128 -> 255        : 0        |                                        |\n"
		"       256 -> 511        : 0        |                                        |\n"
		"       512 -> 1023       : 0        |                                        |\n"
		"      1024 -> 2047       : 9        |****************************************|\n");
}

/* min 10, max 40, step 10: below 10, 10, 20, 30, >= 40 */
static void test_linear(void **state)
{
	uint64_t b[5] = { 0, 2, 0, 5, 1 };

	(void)state;
	cap_begin(false, false);
	kdbg_print_linear_hist("buckets", b, 5, 10, 40, 10, "value", false);
	assert_string_equal(cap_end(),
		"     value         : count     distribution\n"
		"        10         : 2        |****************                        |\n"
		"        20         : 0        |                                        |\n"
		"        30         : 5        |****************************************|\n"
		"        >=40       : 1        |********                                |\n");
	b[0] = 5;
	b[4] = 0;
	cap_begin(true, false);
	kdbg_print_linear_hist(NULL, b, 5, 10, 40, 10, "value", false);
	assert_string_equal(cap_end(),
		"[{\"low\":0,\"high\":9,\"count\":5},"
		"{\"low\":10,\"high\":19,\"count\":2},"
		"{\"low\":20,\"high\":29,\"count\":0},"
		"{\"low\":30,\"high\":39,\"count\":5}]\n");
}

/* A last step that MAX cuts: min 0, max 25, step 10 -> 0, 10, 20..24 */
static void test_linear_cut_step(void **state)
{
	uint64_t b[5] = { 0, 0, 1, 1, 0 };

	(void)state;
	cap_begin(true, false);
	kdbg_print_linear_hist(NULL, b, 5, 0, 25, 10, "value", true);
	assert_string_equal(cap_end(),
		"[{\"low\":10,\"high\":19,\"count\":1},"
		"{\"low\":20,\"high\":24,\"count\":1}]\n");
}

static void test_count_table_sorted(void **state)
{
	struct kdbg_count_row rows[] = {
		{ "vfs_read", 10 }, { "vfs_write", 5 }, { "vfs_open", 0 },
		{ "vfs_fsync", 5 }, { "vfs_statx", 1234567 },
	};

	(void)state;
	cap_begin(false, false);
	kdbg_print_counts("functions", rows, 5);
	assert_string_equal(cap_end(),
		"FUNC                                    COUNT\n"
		"vfs_fsync                                   5\n"
		"vfs_write                                   5\n"
		"vfs_read                                   10\n"
		"vfs_statx                             1234567\n");
	cap_begin(true, false);
	out_open_object(NULL);
	kdbg_print_counts("functions", rows, 5);
	out_close_object();
	assert_string_equal(cap_end(),
		"{\"functions\":[{\"func\":\"vfs_fsync\",\"count\":5},"
		"{\"func\":\"vfs_write\",\"count\":5},"
		"{\"func\":\"vfs_read\",\"count\":10},"
		"{\"func\":\"vfs_statx\",\"count\":1234567}]}\n");
}

static void test_count_table_empty(void **state)
{
	(void)state;
	cap_begin(false, false);
	kdbg_print_counts("functions", NULL, 0);
	assert_string_equal(cap_end(),
		"FUNC                                    COUNT\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log2_bcc_layout),
		cmocka_unit_test(test_log2_strip_leading),
		cmocka_unit_test(test_log2_empty),
		cmocka_unit_test(test_log2_single_row),
		cmocka_unit_test(test_log2_bucket_64_wide),
		cmocka_unit_test(test_log2_json_rows),
		cmocka_unit_test(test_rebucket_usecs),
		cmocka_unit_test(test_rebucket_msecs),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_linear_cut_step),
		cmocka_unit_test(test_count_table_sorted),
		cmocka_unit_test(test_count_table_empty),
	};

	return cmocka_run_group_tests_name("kdbgctl_hist", tests, NULL, NULL);
}
