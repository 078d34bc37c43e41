// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for fold_cmd.c, the `kdbgctl fold` command line: options,
 * exit codes (0 ok, 1 runtime, 2 usage), error messages, -o, -j and the
 * diff verb, driven through cmd_fold() as main.c calls it.
 */
#include <unistd.h>

#include "fold_test_util.h"

static char dir[] = "/tmp/kdbg-test-fold-cmd.XXXXXX";

static char *path(const char *name)
{
	static char p[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(path(name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *get(const char *name)
{
	FILE *f = fopen(path(name), "r");
	static char buf[65536];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* cmd_fold(argv) with argv given as a NULL-terminated list. */
static int run(const char *first, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	fold_test_last_err[0] = '\0';
	return cmd_fold(argc, argv);
}

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	put("perf.txt", "java 12/13 [000] 1.0: 5 cycles:\n"
			"\tffffffff81 do_sys ([kernel.kallsyms])\n"
			"\t7f72 Lfoo/Bar;::x (/tmp/perf-12.map)\n"
			"\t400 main (/usr/bin/java)\n\n");
	put("before.folded", "a;b 4\na;c 1\n");
	put("after.folded", "a;b 1\na;c 4\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void cmd_fold_options_like_stackcollapse(void **state)
{
	(void)state;
	assert_int_equal(run("--all", "--tid", "-o", path("out"),
			     path("perf.txt"), NULL), 0);
	assert_string_equal(get("out"),
		"java-12/13;main;Lfoo/Bar:::x_[j];do_sys_[k] 5\n");
	assert_int_equal(run("--input", "perf", "--output", path("out"),
			     path("perf.txt"), NULL), 0);
	assert_string_equal(get("out"), "java;main;foo/Bar:::x;do_sys 5\n");
}

static void cmd_fold_json(void **state)
{
	(void)state;
	opt_json = true;
	assert_int_equal(run("-o", path("out"), path("perf.txt"), NULL), 0);
	opt_json = false;
	assert_string_equal(get("out"),
		"[\n{\"stack\":[\"java\",\"main\",\"foo/Bar:::x\",\"do_sys\"],"
		"\"count\":5}\n]\n");
}

static void cmd_fold_svg_and_pprof_files(void **state)
{
	(void)state;
	assert_int_equal(run("--format", "svg", "--title", "T", "--width",
			     "800", "--inverted", "-o", path("out.svg"),
			     path("perf.txt"), NULL), 0);
	assert_non_null(strstr(get("out.svg"), ">T</text>"));
	assert_int_equal(run("--format", "pprof", "-o", path("out.pb.gz"),
			     path("perf.txt"), NULL), 0);
	assert_int_equal((unsigned char)get("out.pb.gz")[0], 0x1f);
}

static void cmd_fold_diff_verb(void **state)
{
	(void)state;
	assert_int_equal(run("diff", "-o", path("out"), path("before.folded"),
			     path("after.folded"), NULL), 0);
	assert_string_equal(get("out"), "a;b 4 1\na;c 1 4\n");
	assert_int_equal(run("diff", "--normalize", "--format", "svg", "-o",
			     path("out.svg"), path("before.folded"),
			     path("after.folded"), NULL), 0);
	assert_non_null(strstr(get("out.svg"), "Differential"));
}

static void cmd_fold_usage_errors_exit_2(void **state)
{
	(void)state;
	assert_int_equal(run("--bogus", NULL), 2);
	assert_string_equal(fold_test_last_err,
		"fold: bad option '--bogus'; see 'kdbgctl fold help'");
	assert_int_equal(run("--format", "png", NULL), 2);
	assert_non_null(strstr(fold_test_last_err, "unknown output format 'png'"));
	assert_int_equal(run("--input", "xml", NULL), 2);
	assert_int_equal(run("--width", "12", NULL), 2);
	assert_int_equal(run("--minwidth", "-1", NULL), 2);
	assert_int_equal(run("diff", path("before.folded"), NULL), 2);
	assert_string_equal(fold_test_last_err,
		"fold diff: wants two profiles, BEFORE and AFTER");
	assert_int_equal(run("diff", "--format", "pprof", path("before.folded"),
			     path("after.folded"), NULL), 2);
}

static void cmd_fold_runtime_errors_exit_1(void **state)
{
	(void)state;
	assert_int_equal(run(path("missing"), NULL), 1);
	assert_non_null(strstr(fold_test_last_err, "No such file or directory"));
	assert_int_equal(run("-o", "/nonexistent-dir/x", path("perf.txt"),
			     NULL), 1);
	assert_int_equal(run("diff", path("missing"), path("after.folded"),
			     NULL), 1);
}

static void cmd_fold_help_exit_0(void **state)
{
	(void)state;
	assert_int_equal(run("help", NULL), 0);
	assert_int_equal(run("--help", NULL), 0);
	assert_int_equal(run("diff", "-h", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cmd_fold_options_like_stackcollapse),
		cmocka_unit_test(cmd_fold_json),
		cmocka_unit_test(cmd_fold_svg_and_pprof_files),
		cmocka_unit_test(cmd_fold_diff_verb),
		cmocka_unit_test(cmd_fold_usage_errors_exit_2),
		cmocka_unit_test(cmd_fold_runtime_errors_exit_1),
		cmocka_unit_test(cmd_fold_help_exit_0),
	};

	return cmocka_run_group_tests_name("fold_cmd", tests, setup, teardown);
}
