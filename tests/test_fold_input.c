// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for fold_input.c: already-folded input, kdbg stream JSON,
 * format detection, and reading in blocks from a pipe.
 */
#include <errno.h>
#include <unistd.h>

#include "fold_test_util.h"

static const struct fold_parse_opts none;

static const char kdbg_rec[] =
	"{\"type\":\"kprobe\",\"cpu\":0,\"timestamp-ns\":123,\"pid\":42,"
	"\"tgid\":41,\"comm\":\"curl\",\"source-id\":1,"
	"\"source\":\"tcp_v4_connect\",\"stack\":[\"tcp_v4_connect+0x5\","
	"\"__sys_connect+0x80\",\"do_syscall_64+0x3b\","
	"\"entry_SYSCALL_64_after_hwframe+0x63\"]}\n";

static void fold_folded_input_merges(void **state)
{
	(void)state;
	assert_folded("a;b;c 3\na;b 1\na;b;c 4\n# comment\n\nbroken\n",
		      FOLD_IN_FOLDED, &none, "a;b 1\na;b;c 7\n");
	/* flamegraph.pl accepts fractions; so do we, truncated */
	assert_folded("a;b 2.5\r\n", FOLD_IN_FOLDED, &none, "a;b 2\n");
	/* a frame may end in a space: only one separator goes */
	assert_folded("a;foo  3\n", FOLD_IN_FOLDED, &none, "a;foo  3\n");
}

static void fold_kdbg_json_record(void **state)
{
	(void)state;
	assert_folded(kdbg_rec, FOLD_IN_KDBG, &none,
		      "curl;entry_SYSCALL_64_after_hwframe;do_syscall_64;"
		      "__sys_connect;tcp_v4_connect 1\n");
}

static void fold_kdbg_json_options(void **state)
{
	struct fold_parse_opts o = { .tid = true, .addrs = true };
	struct fold_parse_opts k = { .pid = true, .kernel = true };

	(void)state;
	assert_folded(kdbg_rec, FOLD_IN_KDBG, &o,
		      "curl-41/42;entry_SYSCALL_64_after_hwframe+0x63;"
		      "do_syscall_64+0x3b;__sys_connect+0x80;"
		      "tcp_v4_connect+0x5 1\n");
	assert_folded(kdbg_rec, FOLD_IN_KDBG, &k,
		      "curl-41;entry_SYSCALL_64_after_hwframe_[k];"
		      "do_syscall_64_[k];__sys_connect_[k];tcp_v4_connect_[k] 1\n");
}

static void fold_kdbg_json_modules_addresses_extras(void **state)
{
	(void)state;
	assert_folded("{\"comm\":\"my app\",\"latency-ns\":5,"
		      "\"args\":{\"a\":[1,{\"b\":null}],\"s\":\"x]}\"},"
		      "\"retval\":-1.5e3,\"ok\":true,"
		      "\"stack\":[\"nf_hook+0x10 [nf_tables]\","
		      "\"0xffffffff81000000\",\"f\\u00e9;g\\n\"]}\n",
		      FOLD_IN_KDBG, &none,
		      "my_app;f\xc3\xa9:g ;0xffffffff81000000;nf_hook 1\n");
}

static void fold_kdbg_json_event_filter_by_source(void **state)
{
	struct fold_parse_opts o = { .event_filter = "tcp_v4_connect" };
	struct fold_parse_opts x = { .event_filter = "vfs_read" };

	(void)state;
	assert_folded(kdbg_rec, FOLD_IN_KDBG, &o,
		      "curl;entry_SYSCALL_64_after_hwframe;do_syscall_64;"
		      "__sys_connect;tcp_v4_connect 1\n");
	assert_folded(kdbg_rec, FOLD_IN_KDBG, &x, "");
}

static void fold_kdbg_json_bad_records_skipped(void **state)
{
	const char *in = "{\"comm\":\"a\",\"stack\":[\"f+0x1\"]}\n"
			 "{\"comm\":\"a\",\"stack\":[\"f+0x1\"\n"
			 "not json\n"
			 "{\"comm\":\"a\"}\n"
			 "{\"comm\":\"a\",\"stack\":[]}\n"
			 "{\"comm\":\"a\",\"stack\":[1]}\n"
			 "{\"comm\":\"a\",\"stack\":[\"g\"]}\n";
	struct fold_parse_stats st = { 0 };
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	assert_int_equal(fold_parse_buffer(t, in, strlen(in), FOLD_IN_KDBG,
					   &none, &st), 0);
	assert_int_equal(st.samples, 2);
	assert_int_equal(st.skipped, 5);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "a;f 1\na;g 1\n");
	free(out);
	fold_table_free(t);
}

static void fold_table_add_kdbg_matches_json_input(void **state)
{
	const char *stack[] = { "tcp_v4_connect+0x5", "__sys_connect+0x80",
				"do_syscall_64+0x3b",
				"entry_SYSCALL_64_after_hwframe+0x63" };
	struct fold_parse_opts o = { .pid = true };
	struct fold_table *t = fold_table_new();
	char *out, *want;

	(void)state;
	assert_int_equal(fold_table_add_kdbg(t, "curl", 41, 42, stack, 4, 1,
					     &o), 0);
	assert_int_equal(fold_table_add_kdbg(t, "curl", 41, 42, NULL, 0, 1,
					     &o), -EINVAL);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	want = fold_test_fold(kdbg_rec, FOLD_IN_KDBG, &o);
	assert_string_equal(out, want);
	free(out);
	free(want);
	fold_table_free(t);
}

static void fold_detect_formats(void **state)
{
	(void)state;
	assert_int_equal(fold_detect(kdbg_rec, strlen(kdbg_rec)), FOLD_IN_KDBG);
	assert_int_equal(fold_detect("a;b 1\nc 2\n", 10), FOLD_IN_FOLDED);
	assert_int_equal(fold_detect("# x\n\na;b 1\n", 11), FOLD_IN_FOLDED);
	assert_int_equal(fold_detect("java 1 cycles:\n\t1 f (x)\n\n", 24),
			 FOLD_IN_PERF);
	assert_int_equal(fold_detect("dd 1 2.0:  10 cpu-clock: \n", 26),
			 FOLD_IN_PERF);
	assert_int_equal(fold_detect("", 0), FOLD_IN_PERF);
	/* a folded-looking first line, then perf frames */
	assert_int_equal(fold_detect("java 1\n\t1 f (x)\n", 16), FOLD_IN_PERF);
}

static void fold_parse_auto(void **state)
{
	(void)state;
	assert_folded("a;b 1\n", FOLD_IN_AUTO, &none, "a;b 1\n");
	assert_folded(kdbg_rec, FOLD_IN_AUTO, &none,
		      "curl;entry_SYSCALL_64_after_hwframe;do_syscall_64;"
		      "__sys_connect;tcp_v4_connect 1\n");
	assert_folded("java 1 cycles:\n\t1 f (x)\n\n", FOLD_IN_AUTO, &none,
		      "java;f 1\n");
}

/* Input bigger than one read block, from a pipe, with a very long line. */
static void fold_parse_stream_pipe(void **state)
{
	struct fold_table *t;
	size_t n = 0, longlen = 3 << 20;
	int fds[2];
	pid_t pid;
	FILE *in;
	char *out;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		FILE *w = fdopen(fds[1], "w");

		close(fds[0]);
		for (int i = 0; i < 200000; i++)
			fprintf(w, "proc;f%d;g 1\n", i % 1000);
		fputs("proc;", w);
		for (size_t i = 0; i < longlen; i++)
			putc('x', w);
		fputs(" 5\n", w);
		fclose(w);
		_exit(0);
	}
	close(fds[1]);
	t = fold_table_new();
	in = fdopen(fds[0], "r");
	assert_int_equal(fold_parse_stream(t, in, FOLD_IN_AUTO, &none, NULL),
			 0);
	fclose(in);
	assert_int_equal(fold_table_size(t), 1001);
	assert_int_equal(fold_table_total(t), 200005);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, &n);
	assert_true(n > longlen);
	free(out);
	fold_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_folded_input_merges),
		cmocka_unit_test(fold_kdbg_json_record),
		cmocka_unit_test(fold_kdbg_json_options),
		cmocka_unit_test(fold_kdbg_json_modules_addresses_extras),
		cmocka_unit_test(fold_kdbg_json_event_filter_by_source),
		cmocka_unit_test(fold_kdbg_json_bad_records_skipped),
		cmocka_unit_test(fold_table_add_kdbg_matches_json_input),
		cmocka_unit_test(fold_detect_formats),
		cmocka_unit_test(fold_parse_auto),
		cmocka_unit_test(fold_parse_stream_pipe),
	};

	return cmocka_run_group_tests_name("fold_input", tests, NULL, NULL);
}
