// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for fold_diff.c: differential tables as difffolded.pl
 * makes them (both counts per stack, zero where a stack is missing,
 * normalisation), printed as folded lines, JSON and SVG.
 */
#include <errno.h>

#include "fold_test_util.h"

static struct fold_table *table(const char *folded)
{
	struct fold_table *t = fold_table_new();

	assert_int_equal(fold_parse_buffer(t, folded, strlen(folded),
					   FOLD_IN_FOLDED, NULL, NULL), 0);
	return t;
}

static void fold_diff_both_counts(void **state)
{
	struct fold_table *b = table("a;b 10\na;c 5\n");
	struct fold_table *a = table("a;b 4\na;d 8\n");
	struct fold_table *d = fold_diff_tables(b, a, false);
	char *out;

	(void)state;
	assert_non_null(d);
	out = fold_test_render(d, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "a;b 10 4\na;c 5 0\na;d 0 8\n");
	free(out);
	/* a diff's size is AFTER's */
	assert_int_equal(fold_table_total(d), 12);
	fold_table_free(a);
	fold_table_free(b);
	fold_table_free(d);
}

static void fold_diff_normalize(void **state)
{
	struct fold_table *b = table("a;b 10\na;c 30\n");
	struct fold_table *a = table("a;b 10\na;c 10\n");
	struct fold_table *d = fold_diff_tables(b, a, true);
	char *out;

	(void)state;
	out = fold_test_render(d, FOLD_FMT_FOLDED, NULL, NULL);
	/* BEFORE scaled by 20/40, truncated as difffolded.pl's int() */
	assert_string_equal(out, "a;b 5 10\na;c 15 10\n");
	free(out);
	fold_table_free(a);
	fold_table_free(b);
	fold_table_free(d);
}

static void fold_diff_json(void **state)
{
	struct fold_table *b = table("x 1\n"), *a = table("x 3\n");
	struct fold_table *d = fold_diff_tables(b, a, false);
	struct fold_output_opts o;
	char *out;

	(void)state;
	fold_output_opts_init(&o);
	o.json = true;
	out = fold_test_render(d, FOLD_FMT_FOLDED, &o, NULL);
	assert_string_equal(out,
		"[\n{\"stack\":[\"x\"],\"before\":1,\"after\":3}\n]\n");
	free(out);
	fold_table_free(a);
	fold_table_free(b);
	fold_table_free(d);
}

static void fold_diff_svg_red_grows_blue_shrinks(void **state)
{
	struct fold_table *b = table("m;grow 1\nm;shrink 9\nm;same 5\n");
	struct fold_table *a = table("m;grow 9\nm;shrink 1\nm;same 5\n");
	struct fold_table *d = fold_diff_tables(b, a, false);
	char *s, *p;
	int r, g, bl;

	(void)state;
	s = fold_test_render(d, FOLD_FMT_SVG, NULL, NULL);
	assert_non_null(strstr(s, ">Differential Flame Graph</text>"));
	/* sized by AFTER: grow is 9 of 15 */
	assert_non_null(strstr(s, "<title>grow (9 samples, 60.00%; +8, +53.33%)"));
	p = strstr(strstr(s, "<title>grow"), "fill=\"rgb(");
	assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &bl), 3);
	assert_true(r == 255 && g == 0 && bl == 0);
	p = strstr(strstr(s, "<title>shrink"), "fill=\"rgb(");
	assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &bl), 3);
	assert_true(bl == 255 && r == 0 && g == 0);
	p = strstr(strstr(s, "<title>same"), "fill=\"rgb(");
	assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &bl), 3);
	assert_true(r == g && g == bl && r > 240);
	free(s);
	fold_table_free(a);
	fold_table_free(b);
	fold_table_free(d);
}

static void fold_diff_pprof_refused(void **state)
{
	struct fold_table *b = table("x 1\n"), *a = table("x 3\n");
	struct fold_table *d = fold_diff_tables(b, a, false);
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(fold_table_write(d, f, FOLD_FMT_PPROF, NULL), -EINVAL);
	fclose(f);
	fold_table_free(a);
	fold_table_free(b);
	fold_table_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_diff_both_counts),
		cmocka_unit_test(fold_diff_normalize),
		cmocka_unit_test(fold_diff_json),
		cmocka_unit_test(fold_diff_svg_red_grows_blue_shrinks),
		cmocka_unit_test(fold_diff_pprof_refused),
	};

	return cmocka_run_group_tests_name("fold_diff", tests, NULL, NULL);
}
