// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for fold_perf.c, the perf script parser: every variant of
 * perf script output the parser must handle (with and without headers,
 * [unknown] frames, inlined frames, periods, kernel and user frames, JIT
 * maps, blank-line variants, several events), stackcollapse-perf.pl's
 * corner cases, and the crashing inputs the fuzzer once found
 * (tests/fuzz/corpus-regress/), replayed.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "fold_test_util.h"

static const struct fold_parse_opts none;

static void fold_perf_basic_stack(void **state)
{
	(void)state;
	assert_folded(
		"swapper     0 [000] 158665.570607: cpu-clock: \n"
		"\tffffffff8103ce3b native_safe_halt ([kernel.kallsyms])\n"
		"\tffffffff8101c6a3 default_idle ([kernel.kallsyms])\n"
		"\tffffffff81aebbfe start_kernel ([kernel.kallsyms].init.text)\n"
		"\n",
		FOLD_IN_PERF, &none,
		"swapper;start_kernel;default_idle;native_safe_halt 1\n");
}

/* perf 6.x: right-aligned addresses, offsets, periods, "event:ppp:" */
static void fold_perf_modern_perf_output(void **state)
{
	struct fold_parse_opts pid = { .pid = true, .kernel = true };
	const char *in =
		"sh  2988  2105.706333:     500000 cpu-clock:ppp: \n"
		"\tffffffff82265fc4 __schedule+0x3e4 ([kernel.kallsyms])\n"
		"\tffffffff81000c82 asm_exc_page_fault+0x22 ([kernel.kallsyms])\n"
		"\t            ddcc _dl_relocate_object+0x1ac "
		"(/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)\n"
		"\t           1ab78 _dl_start_user+0x0 "
		"(/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)\n"
		"\n"
		"sh  3007/3007   2105.706853:     500000 cpu-clock:ppp: \n"
		"\tffffffff8222df80 ida_alloc_range+0x200 ([kernel.kallsyms])\n"
		"\t           d4ad7 __GI___execve+0x7 "
		"(/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
		"\t    56170464fc40 [unknown] ([unknown])\n"
		"\n";

	(void)state;
	assert_folded(in, FOLD_IN_PERF, &none,
		      "sh;[unknown];__GI___execve;ida_alloc_range 500000\n"
		      "sh;_dl_start_user;_dl_relocate_object;asm_exc_page_fault;"
		      "__schedule 500000\n");
	assert_folded(in, FOLD_IN_PERF, &pid,
		      "sh-3007;[unknown];__GI___execve;ida_alloc_range_[k] "
		      "500000\n"
		      "sh-?;_dl_start_user;_dl_relocate_object;"
		      "asm_exc_page_fault_[k];__schedule_[k] 500000\n");
}

static void fold_perf_header_comments_skipped(void **state)
{
	(void)state;
	assert_folded(
		"# ========\n"
		"# captured on    : Mon Nov 30 10:00:00 2026\n"
		"# cmdline : /usr/bin/perf record -g -a sleep 1\n"
		"# ========\n"
		"#\n"
		"ab 1 cycles:\n\t1 f (x)\n\n",
		FOLD_IN_PERF, &none, "ab;f 1\n");
}

static void fold_perf_no_header_no_stack(void **state)
{
	(void)state;
	/* frames without a header line belong to no sample */
	assert_folded("\t1 f (x)\n\t2 g (x)\n\n", FOLD_IN_PERF, &none, "");
	/* a header without frames is a sample of just the process */
	assert_folded("ab 1 cycles:\n\n", FOLD_IN_PERF, &none, "ab 1\n");
}

static void fold_perf_comm_with_spaces(void **state)
{
	(void)state;
	assert_folded(
		"V8 WorkerThread 24636/25607 [000] 94564.109216: cycles:\n"
		"\t1 f (x)\n\n",
		FOLD_IN_PERF, &none, "V8_WorkerThread;f 1\n");
}

static void fold_perf_pid_tid(void **state)
{
	struct fold_parse_opts pid = { .pid = true }, tid = { .tid = true };
	const char *in = "java 12688/12764 6544038.708352: cpu-clock:\n"
			 "\t1 f (x)\n\n"
			 "java 25607 4794564.109216: cpu-clock:\n"
			 "\t1 f (x)\n\n";

	(void)state;
	assert_folded(in, FOLD_IN_PERF, &pid, "java-12688;f 1\njava-?;f 1\n");
	assert_folded(in, FOLD_IN_PERF, &tid,
		      "java-12688/12764;f 1\njava-?/25607;f 1\n");
}

static void fold_perf_unknown_frames(void **state)
{
	struct fold_parse_opts addrs = { .addrs = true };
	const char *in = "ab 1 cycles:\n"
			 "\t7f00 [unknown] (/usr/lib/libc.so.6)\n"
			 "\t7f01 [unknown] ([unknown])\n\n";

	(void)state;
	assert_folded(in, FOLD_IN_PERF, &none, "ab;[unknown];[libc.so.6] 1\n");
	assert_folded(in, FOLD_IN_PERF, &addrs,
		      "ab;[unknown <7f01>];[libc.so.6 <7f00>] 1\n");
}

static void fold_perf_inlined_frames(void **state)
{
	(void)state;
	/* "a->b": a is shown, b is marked inlined, both before older lines */
	assert_folded("ab 1 cycles:\n"
		      "\t10 leaf (x)\n"
		      "\t20 inl_a->inl_b->inl_c (x)\n"
		      "\t30 main (x)\n\n",
		      FOLD_IN_PERF, &none,
		      "ab;main;inl_a;inl_b_[i];inl_c_[i];leaf 1\n");
	/* split drops trailing empty fields, keeps leading ones */
	assert_folded("ab 1 cycles:\n\t10 x->-> (m)\n\t11 ->y (m)\n\n",
		      FOLD_IN_PERF, &none, "ab;;y_[i];x 1\n");
}

static void fold_perf_offsets_and_args(void **state)
{
	(void)state;
	assert_folded("ab 1 cycles:\n"
		      "\tffffffff81 tcp_sendmsg+0x1f ([kernel.kallsyms])\n"
		      "\t400 Foo::bar(int, char*) const (/bin/a)\n"
		      "\t401 net/http.(*Client).Do (/bin/a)\n"
		      "\t402 ns::(anonymous namespace)::f(int) (/bin/a)\n"
		      "\t403 say\"hi'; (/bin/a)\n"
		      "\t404 x+0xABC (/bin/a)\n\n",
		      FOLD_IN_PERF, &none,
		      "ab;x+0xABC;sayhi:;ns::(anonymous namespace)::f;"
		      "net/http.(*Client).Do;Foo::bar;tcp_sendmsg 1\n");
}

static void fold_perf_periods(void **state)
{
	(void)state;
	/* a period before the event weighs the sample; 0 counts as 1 */
	assert_folded("dd 29776 666709.771979:   10101010 cpu-clock: \n"
		      "\t1 f (x)\n\n"
		      "dd 29776 666709.782078:   10101010 cpu-clock: \n"
		      "\t1 f (x)\n\n"
		      "dd 29776 666709.782078:   0 cpu-clock: \n"
		      "\t1 f (x)\n\n",
		      FOLD_IN_PERF, &none, "dd;f 20202021\n");
}

static void fold_perf_event_filter(void **state)
{
	struct fold_parse_opts ev = { .event_filter = "cycles" };
	const char *in = "ab 1 100.0: instructions:\n\t1 f (x)\n\n"
			 "ab 1 100.1: cycles:\n\t1 g (x)\n\n"
			 "ab 1 100.2: instructions:\n\t1 h (x)\n\n";
	struct fold_parse_stats st = { 0 };
	struct fold_table *t = fold_table_new();

	(void)state;
	/* by default only the first event seen counts */
	assert_folded(in, FOLD_IN_PERF, &none, "ab;f 1\nab;h 1\n");
	assert_folded(in, FOLD_IN_PERF, &ev, "ab;g 1\n");
	assert_int_equal(fold_parse_buffer(t, in, strlen(in), FOLD_IN_PERF,
					   &none, &st), 0);
	assert_int_equal(st.filtered, 1);
	assert_int_equal(st.samples, 2);
	fold_table_free(t);
}

static void fold_perf_kernel_jit_annotations(void **state)
{
	struct fold_parse_opts all = { .kernel = true, .jit = true };
	const char *in =
		"java 1 cycles:\n"
		"\tffffffff81 do_page_fault ([kernel.kallsyms])\n"
		"\t8c3453 tcp_sendmsg (/lib/modules/6.1/build/vmlinux)\n"
		"\t7d8 ipv4_conntrack_local+0x7f8f80b8 ([nf_conntrack_ipv4])\n"
		"\t7f72 Ljava/io/PrintStream;::print (/tmp/perf-19982.map)\n"
		"\t7f73 [unknown] (/tmp/perf-19982.map)\n"
		"\t400 main (/usr/bin/java)\n\n";

	(void)state;
	assert_folded(in, FOLD_IN_PERF, &all,
		      "java;main;[perf-19982.map]_[j];"
		      "java/io/PrintStream:::print_[j];"
		      "ipv4_conntrack_local_[k];tcp_sendmsg_[k];"
		      "do_page_fault_[k] 1\n");
	assert_folded(in, FOLD_IN_PERF, &none,
		      "java;main;[perf-19982.map];"
		      "java/io/PrintStream:::print;"
		      "ipv4_conntrack_local;tcp_sendmsg;do_page_fault 1\n");
}

static void fold_perf_java_tidy_only_for_java(void **state)
{
	struct fold_parse_opts pid = { .pid = true };
	const char *in = "java 7 cycles:\n\t1 Lorg/a/B;.c (x)\n\n";

	(void)state;
	assert_folded(in, FOLD_IN_PERF, &none, "java;org/a/B:.c 1\n");
	/* stackcollapse-perf.pl compares the whole root with "java" */
	assert_folded(in, FOLD_IN_PERF, &pid, "java-?;Lorg/a/B:.c 1\n");
}

static void fold_perf_blank_line_variants(void **state)
{
	(void)state;
	/* CRLF files, and lines of only white space, end samples too */
	assert_folded("ab 1 cycles:\r\n\t1 f (x)\r\n\r\n"
		      "ab 1 cycles:\n\t1 g (x)\n \t \n"
		      "ab 1 cycles:\n\t1 h (x)\n\n\n\n",
		      FOLD_IN_PERF, &none, "ab;f 1\nab;g 1\nab;h 1\n");
	/* as in stackcollapse-perf.pl, a sample counts at its blank line */
	assert_folded("ab 1 cycles:\n\t1 f (x)\n\na 1 cycles:\n\t1 g (x)\n",
		      FOLD_IN_PERF, &none, "ab;f 1\n");
}

static void fold_perf_unindented_frames(void **state)
{
	(void)state;
	/* old perf printed frames at column 0 */
	assert_folded("java 19983 cycles:\n"
		      "ffffffff8103d0ca native_write_msr_safe ([kernel.kallsyms])\n"
		      "7f5d2ba50a84 start_thread (/lib/libpthread-2.15.so)\n\n",
		      FOLD_IN_PERF, &none,
		      "java;start_thread;native_write_msr_safe 1\n");
}

static void fold_perf_process_name_frames_skipped(void **state)
{
	(void)state;
	assert_folded("ab 1 cycles:\n\t1 f (x)\n\t2 (deleted) (x)\n\n",
		      FOLD_IN_PERF, &none, "ab;f 1\n");
}

static void fold_perf_unrecognised_lines_counted(void **state)
{
	const char *in = "ab 1 cycles:\n\tgarbage\n\t1 f (x)\n\n";
	struct fold_parse_stats st = { 0 };
	struct fold_table *t = fold_table_new();

	(void)state;
	assert_int_equal(fold_parse_buffer(t, in, strlen(in), FOLD_IN_PERF,
					   &none, &st), 0);
	assert_int_equal(st.skipped, 1);
	assert_int_equal(st.samples, 1);
	assert_int_equal(fold_table_total(t), 1);
	fold_table_free(t);
}

static void fold_perf_files_continue_like_perl(void **state)
{
	const char *a = "ab 1 cycles:\n\t1 f (x)\n", *b = "\t2 g (x)\n\n";
	FILE *in[2];
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	in[0] = fmemopen((void *)a, strlen(a), "r");
	in[1] = fmemopen((void *)b, strlen(b), "r");
	assert_int_equal(fold_parse_files(t, in, 2, FOLD_IN_PERF, &none, NULL),
			 0);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "ab;g;f 1\n");
	free(out);
	fclose(in[0]);
	fclose(in[1]);
	fold_table_free(t);
}

static void replay(const char *buf, size_t len, enum fold_input_kind k,
		   const struct fold_parse_opts *o)
{
	struct fold_table *t = fold_table_new();
	char *out;

	assert_int_equal(fold_parse_buffer(t, buf, len, k, o, NULL), 0);
	out = fold_test_render(t, FOLD_FMT_SVG, NULL, NULL);
	free(out);
	out = fold_test_render(t, FOLD_FMT_PPROF, NULL, NULL);
	free(out);
	fold_table_free(t);
}

/* Every crashing input the fuzzer found must now parse, in every mode. */
static void fold_perf_fuzz_regressions(void **state)
{
	const char *dir = getenv("FOLD_REGRESS_DIR");
	struct fold_parse_opts opts[] = {
		{ 0 }, { .pid = true }, { .tid = true, .addrs = true },
		{ .kernel = true, .jit = true },
	};
	char path[4096];
	struct dirent *de;
	int files = 0;
	DIR *d;

	(void)state;
	if (!dir)
		dir = "tests/fuzz/corpus-regress";
	d = opendir(dir);
	if (!d) {
		skip();
		return;
	}
	while ((de = readdir(d))) {
		struct stat sb;
		char *buf;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || stat(path, &sb) ||
		    !S_ISREG(sb.st_mode))
			continue;
		buf = malloc(sb.st_size + 1);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fread(buf, 1, sb.st_size, f),
				 (size_t)sb.st_size);
		fclose(f);
		for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
			for (int k = FOLD_IN_AUTO; k <= FOLD_IN_KDBG; k++)
				replay(buf, sb.st_size, k, &opts[i]);
		free(buf);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_perf_basic_stack),
		cmocka_unit_test(fold_perf_modern_perf_output),
		cmocka_unit_test(fold_perf_header_comments_skipped),
		cmocka_unit_test(fold_perf_no_header_no_stack),
		cmocka_unit_test(fold_perf_comm_with_spaces),
		cmocka_unit_test(fold_perf_pid_tid),
		cmocka_unit_test(fold_perf_unknown_frames),
		cmocka_unit_test(fold_perf_inlined_frames),
		cmocka_unit_test(fold_perf_offsets_and_args),
		cmocka_unit_test(fold_perf_periods),
		cmocka_unit_test(fold_perf_event_filter),
		cmocka_unit_test(fold_perf_kernel_jit_annotations),
		cmocka_unit_test(fold_perf_java_tidy_only_for_java),
		cmocka_unit_test(fold_perf_blank_line_variants),
		cmocka_unit_test(fold_perf_unindented_frames),
		cmocka_unit_test(fold_perf_process_name_frames_skipped),
		cmocka_unit_test(fold_perf_unrecognised_lines_counted),
		cmocka_unit_test(fold_perf_files_continue_like_perl),
		cmocka_unit_test(fold_perf_fuzz_regressions),
	};

	return cmocka_run_group_tests_name("fold_perf", tests, NULL, NULL);
}
