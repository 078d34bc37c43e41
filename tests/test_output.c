// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/output.c: one sequence of printing calls gives
 * matching text and JSON (compact, pretty, one object per line for
 * streams, escaped strings, hex addresses), and the shared argument
 * helpers: verb matching by unique prefix, numbers, sizes, seconds and the
 * source options of probe/tracepoint add.
 */
#include "kdbg_test.h"
#include "nl.h"

static void print_sample(void)
{
	out_open_object(NULL);
	out_u64("id", "%" PRIu64 ": ", 7);
	out_str("target", "%s", "tcp_v4_connect");
	out_hex("addr", " addr 0x%" PRIx64, 0xffffffff81a0c0f0ULL);
	out_s64("retval", " retval %" PRId64, -111);
	out_bool("stack", " stack %s", true);
	out_open_array("frames");
	out_str(NULL, " %s", "a+0x1");
	out_str(NULL, " %s", "b+0x2 [mod]");
	out_close_array();
	out_close_object();
	out_text("\n");
}

static void test_out_text(void **state)
{
	(void)state;
	cap_begin(false, false);
	print_sample();
	assert_string_equal(cap_end(),
		"7: tcp_v4_connect addr 0xffffffff81a0c0f0 retval -111 stack yes a+0x1 b+0x2 [mod]\n");
}

static void test_out_json(void **state)
{
	(void)state;
	cap_begin(true, false);
	print_sample();
	print_sample();
	assert_string_equal(cap_end(),
		"{\"id\":7,\"target\":\"tcp_v4_connect\",\"addr\":\"0xffffffff81a0c0f0\",\"retval\":-111,\"stack\":true,\"frames\":[\"a+0x1\",\"b+0x2 [mod]\"]}\n"
		"{\"id\":7,\"target\":\"tcp_v4_connect\",\"addr\":\"0xffffffff81a0c0f0\",\"retval\":-111,\"stack\":true,\"frames\":[\"a+0x1\",\"b+0x2 [mod]\"]}\n");
}

static void test_out_json_pretty_array(void **state)
{
	(void)state;
	cap_begin(true, true);
	out_open_array(NULL);
	out_open_object(NULL);
	out_u64("id", NULL, 1);
	out_open_array("empty");
	out_close_array();
	out_close_object();
	out_close_array();
	assert_string_equal(cap_end(),
		"[\n    {\n        \"id\": 1,\n        \"empty\": []\n    }\n]\n");
}

static void test_out_json_escape(void **state)
{
	(void)state;
	cap_begin(true, false);
	out_open_object(NULL);
	out_str("comm", NULL, "a\"b\\c\n\x01");
	out_close_object();
	assert_string_equal(cap_end(), "{\"comm\":\"a\\\"b\\\\c\\n\\u0001\"}\n");
}

static void test_out_json_empty_array_top(void **state)
{
	(void)state;
	cap_begin(true, false);
	out_open_array(NULL);
	out_close_array();
	assert_string_equal(cap_end(), "[]\n");
}

static void test_out_defer(void **state)
{
	(void)state;
	cap_begin(true, false);
	out_defer();
	out_open_array(NULL);
	out_u64(NULL, NULL, 1);
	out_close_array();
	out_commit(false);
	out_defer();
	out_open_array(NULL);
	out_u64(NULL, NULL, 2);
	out_close_array();
	out_commit(true);
	assert_string_equal(cap_end(), "[2]\n");
}

static void test_kdbg_match_prefixes(void **state)
{
	static const char *const names[] = { "stats", "stream", "probe",
					     "list", NULL };

	(void)state;
	assert_int_equal(kdbg_match("p", names), 2);
	assert_int_equal(kdbg_match("stre", names), 1);
	assert_int_equal(kdbg_match("st", names), -2);
	assert_int_equal(kdbg_match("stats", names), 0);
	assert_int_equal(kdbg_match("x", names), -1);
	assert_int_equal(kdbg_match("", names), -1);
	assert_int_equal(kdbg_match("lists", names), -1);
}

static int verb_called;

static int verb_a(int argc, char **argv)
{
	(void)argv;
	verb_called = 1 + argc;
	return 0;
}

static int verb_b(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	verb_called = 100;
	return 0;
}

static void test_kdbg_cmd_run_dispatch(void **state)
{
	static const struct kdbg_verb verbs[] = {
		{ "add", verb_a }, { "addr", verb_b }, { "del", verb_b },
		{ NULL, NULL }
	};
	char *argv1[] = { "add", "x", "y", NULL };
	char *argv2[] = { "ad", NULL };
	char *argv3[] = { "nope", NULL };
	char *argv4[] = { "d", NULL };

	(void)state;
	reset_err();
	assert_int_equal(kdbg_cmd_run("obj", verbs, 3, argv1), 0);
	assert_int_equal(verb_called, 3);
	assert_int_equal(kdbg_cmd_run("obj", verbs, 0, argv1), 0);
	assert_int_equal(verb_called, 1);
	assert_int_equal(kdbg_cmd_run("obj", verbs, 1, argv2), KDBG_EXIT_USAGE);
	assert_string_equal(last_err,
			    "obj: ambiguous command 'ad' (see: kdbgctl obj help)");
	assert_int_equal(kdbg_cmd_run("obj", verbs, 1, argv3), KDBG_EXIT_USAGE);
	assert_string_equal(last_err,
			    "obj: unknown command 'nope' (see: kdbgctl obj help)");
	assert_int_equal(kdbg_cmd_run("obj", verbs, 1, argv4), 0);
	assert_int_equal(verb_called, 100);
}

static void test_kdbg_parse_numbers(void **state)
{
	uint32_t u32;
	uint64_t u64;
	double d;

	(void)state;
	assert_int_equal(kdbg_parse_u32("42", &u32), 0);
	assert_int_equal(u32, 42);
	assert_int_equal(kdbg_parse_u32("0x10", &u32), 0);
	assert_int_equal(u32, 16);
	assert_int_equal(kdbg_parse_u32("4294967296", &u32), -ERANGE);
	assert_int_equal(kdbg_parse_u32("-1", &u32), -EINVAL);
	assert_int_equal(kdbg_parse_u32("12abc", &u32), -EINVAL);
	assert_int_equal(kdbg_parse_u32("", &u32), -EINVAL);
	assert_int_equal(kdbg_parse_size("64k", &u64), 0);
	assert_int_equal(u64, 65536);
	assert_int_equal(kdbg_parse_size("8M", &u64), 0);
	assert_int_equal(u64, 8 << 20);
	assert_int_equal(kdbg_parse_size("4096", &u64), 0);
	assert_int_equal(u64, 4096);
	assert_int_equal(kdbg_parse_size("k", &u64), -EINVAL);
	assert_int_equal(kdbg_parse_size("1q", &u64), -EINVAL);
	assert_int_equal(kdbg_parse_seconds("0.5", &d), 0);
	assert_true(d == 0.5);
	assert_int_equal(kdbg_parse_seconds("-1", &d), -EINVAL);
	assert_int_equal(kdbg_parse_seconds("nan", &d), -EINVAL);
	assert_int_equal(kdbg_parse_seconds("2s", &d), -EINVAL);
}

static void test_kdbg_parse_source_opts(void **state)
{
	char *argv[] = { "--pid", "42", "tcp_v4_connect", "--no-stack",
			 "--comm", "curl", "--ret", "--tgid", "7", "--count",
			 NULL };
	struct kdbg_source_req req = { 0 };
	bool ret = false;

	(void)state;
	assert_int_equal(kdbg_parse_source_opts("probe add", 10, argv, &req,
						&ret), 1);
	assert_string_equal(argv[0], "tcp_v4_connect");
	assert_int_equal(req.pid, 42);
	assert_int_equal(req.tgid, 7);
	assert_string_equal(req.comm, "curl");
	assert_int_equal(req.flags,
			 KDBG_SOURCE_F_NO_STACK | KDBG_SOURCE_F_COUNT);
	assert_true(ret);
}

static void test_kdbg_parse_source_opts_errors(void **state)
{
	char *bad_pid[] = { "f", "--pid", "x1", NULL };
	char *no_val[] = { "f", "--pid", NULL };
	char *long_comm[] = { "f", "--comm", "0123456789abcdef", NULL };
	char *unknown[] = { "f", "--bogus", NULL };
	char *ret_tp[] = { "a:b", "--ret", NULL };
	struct kdbg_source_req req = { 0 };
	bool ret;

	(void)state;
	assert_int_equal(kdbg_parse_source_opts("probe add", 3, bad_pid, &req,
						&ret), -1);
	assert_string_equal(last_err, "probe add: --pid 'x1': not a process id");
	assert_int_equal(kdbg_parse_source_opts("probe add", 2, no_val, &req,
						&ret), -1);
	assert_string_equal(last_err, "probe add: option '--pid' needs a value");
	assert_int_equal(kdbg_parse_source_opts("probe add", 3, long_comm, &req,
						&ret), -1);
	assert_string_equal(last_err,
			    "probe add: --comm '0123456789abcdef': a command name has 1 to 15 characters");
	assert_int_equal(kdbg_parse_source_opts("probe add", 2, unknown, &req,
						&ret), -1);
	assert_string_equal(last_err,
			    "probe add: unknown option '--bogus' (see: kdbgctl probe help)");
	/* tracepoints have no --ret */
	assert_int_equal(kdbg_parse_source_opts("tracepoint add", 2, ret_tp,
						&req, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_text),
		cmocka_unit_test(test_out_json),
		cmocka_unit_test(test_out_json_pretty_array),
		cmocka_unit_test(test_out_json_escape),
		cmocka_unit_test(test_out_json_empty_array_top),
		cmocka_unit_test(test_out_defer),
		cmocka_unit_test(test_kdbg_match_prefixes),
		cmocka_unit_test(test_kdbg_cmd_run_dispatch),
		cmocka_unit_test(test_kdbg_parse_numbers),
		cmocka_unit_test(test_kdbg_parse_source_opts),
		cmocka_unit_test(test_kdbg_parse_source_opts_errors),
	};

	return cmocka_run_group_tests_name("kdbgctl_output", tests, NULL, NULL);
}
