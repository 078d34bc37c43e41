// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for flamegraph.c: the SVG's structure (frames, widths,
 * depths, tooltips), escaping of hostile names, the layout options, the
 * colours by frame kind, and differential colouring.  The browser-side
 * behaviour is tests/svg_chromium.sh's job.
 */
#include "fold_test_util.h"

static char *svg_of(struct fold_table *t, const struct fold_output_opts *o)
{
	return fold_test_render(t, FOLD_FMT_SVG, o, NULL);
}

static int count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s++;
	}
	return n;
}

static struct fold_table *sample_table(void)
{
	const char *a[] = { "app", "main", "work", "leaf" };
	const char *b[] = { "app", "main", "idle" };
	struct fold_table *t = fold_table_new();

	fold_table_add(t, a, 4, 3);
	fold_table_add(t, b, 3, 1);
	return t;
}

static void flamegraph_frames_and_tooltips(void **state)
{
	struct fold_table *t = sample_table();
	char *s = svg_of(t, NULL);

	(void)state;
	assert_non_null(strstr(s, "<?xml"));
	assert_non_null(strstr(s, "</svg>\n"));
	/* all, app, main, work, leaf, idle */
	assert_int_equal(count(s, "<g class=\"f\""), 6);
	assert_non_null(strstr(s, "<title>all (4 samples, 100.00%)</title>"));
	assert_non_null(strstr(s, "<title>work (3 samples, 75.00%)</title>"));
	assert_non_null(strstr(s, "<title>idle (1 samples, 25.00%)</title>"));
	assert_non_null(strstr(s, "data-d=\"4\" data-s=\"1\" data-v=\"3\""));
	assert_non_null(strstr(s, ">Flame Graph</text>"));
	assert_non_null(strstr(s, "data-total=\"4\""));
	/* siblings sorted by name: idle left of work */
	assert_non_null(strstr(s, "data-d=\"3\" data-s=\"0\" data-v=\"1\"><title>idle"));
	free(s);
	fold_table_free(t);
}

static void flamegraph_width_and_minwidth(void **state)
{
	struct fold_table *t = sample_table();
	struct fold_output_opts o;
	char *s;

	(void)state;
	fold_output_opts_init(&o);
	o.width = 420;
	o.minwidth = 150;	/* only frames of 3+ samples: 300 px */
	s = svg_of(t, &o);
	assert_non_null(strstr(s, "width=\"420\""));
	assert_int_equal(count(s, "<g class=\"f\""), 5);
	assert_null(strstr(s, "<title>idle"));
	assert_non_null(strstr(s, "width=\"400.00\""));
	free(s);
	fold_table_free(t);
}

static void flamegraph_inverted_and_reverse(void **state)
{
	struct fold_table *t = sample_table();
	struct fold_output_opts o;
	char *s;

	(void)state;
	fold_output_opts_init(&o);
	o.inverted = true;
	o.title = "T";
	s = svg_of(t, &o);
	/* icicle: the root row right under the title */
	assert_non_null(strstr(s, "<title>all (4 samples, 100.00%)</title>"
			"<rect x=\"10.00\" y=\"36.0\""));
	assert_non_null(strstr(s, ">T</text>"));
	free(s);

	o.inverted = false;
	o.reverse = true;
	s = svg_of(t, &o);
	/* leaf-up merge: leaf and idle sit on all */
	assert_non_null(strstr(s, "data-d=\"1\" data-s=\"1\" data-v=\"3\"><title>leaf"));
	assert_non_null(strstr(s, "data-d=\"1\" data-s=\"0\" data-v=\"1\"><title>idle"));
	assert_non_null(strstr(s, "data-d=\"4\" data-s=\"1\" data-v=\"3\"><title>app"));
	free(s);
	fold_table_free(t);
}

static void flamegraph_escapes_hostile_names(void **state)
{
	const char *a[] = { "<script>", "a&b\"c'd", "\x01\xff\xc3(ok\xe2\x82\xac" };
	struct fold_table *t = fold_table_new();
	struct fold_output_opts o;
	char *s;

	(void)state;
	fold_output_opts_init(&o);
	o.title = "</text><script>alert(1)</script>";
	fold_table_add(t, a, 3, 1);
	s = svg_of(t, &o);
	assert_null(strstr(s, "<script>alert"));
	assert_non_null(strstr(s, "&lt;/text&gt;&lt;script&gt;"));
	assert_non_null(strstr(s, "&lt;script&gt; (1 samples"));
	assert_non_null(strstr(s, "a&amp;b&quot;c&apos;d"));
	/* control bytes and broken UTF-8 become '?', valid UTF-8 stays */
	assert_non_null(strstr(s, "??\?(ok\xe2\x82\xac"));
	free(s);
	fold_table_free(t);
}

static void flamegraph_colours_by_kind(void **state)
{
	const char *a[] = { "comm", "main", "do_sys_[k]", "Ljava_[j]" };
	unsigned char kinds[] = { FOLD_KIND_ROOT, FOLD_KIND_USER,
				  FOLD_KIND_UNKNOWN, FOLD_KIND_UNKNOWN };
	struct fold_sample_info info = { .pid = -1, .tid = -1, .kinds = kinds };
	struct fold_table *t = fold_table_new();
	char *s, *p;
	int r, g, b;

	(void)state;
	fold_table_add_info(t, a, 4, 1, &info);
	s = svg_of(t, NULL);
	/* kernel: orange (r high, b low); JIT: green (g dominant) */
	p = strstr(strstr(s, "<title>do_sys_[k]"), "fill=\"rgb(");
	assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(r >= 225 && b <= 60 && g >= 120 && g <= 190);
	p = strstr(strstr(s, "<title>Ljava_[j]"), "fill=\"rgb(");
	assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(g > r && g > b);
	p = strstr(strstr(s, "<title>comm"), "fill=\"rgb(");
	assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(r == g && b > r);
	free(s);
	fold_table_free(t);
}

static void flamegraph_colour_stable_per_name(void **state)
{
	const char *a[] = { "p", "alpha", "beta" }, *b[] = { "q", "beta" };
	struct fold_table *t = fold_table_new();
	char *s, *p1, *p2;

	(void)state;
	fold_table_add(t, a, 3, 1);
	fold_table_add(t, b, 2, 1);
	s = svg_of(t, NULL);
	p1 = strstr(strstr(s, "<title>beta"), "fill=");
	p2 = strstr(strstr(strstr(s, "<title>beta") + 1, "<title>beta"), "fill=");
	assert_int_equal(strncmp(p1, p2, 24), 0);
	free(s);
	fold_table_free(t);
}

static void flamegraph_empty_table(void **state)
{
	struct fold_table *t = fold_table_new();
	char *s = svg_of(t, NULL);

	(void)state;
	assert_non_null(strstr(s, "</svg>"));
	assert_int_equal(count(s, "<g class=\"f\""), 0);
	free(s);
	fold_table_free(t);
}

static void flamegraph_deep_stack(void **state)
{
	static const char *f[20000];
	struct fold_table *t = fold_table_new();
	char *s;

	(void)state;
	for (size_t i = 0; i < 20000; i++)
		f[i] = i & 1 ? "odd" : "even";
	assert_int_equal(fold_table_add(t, f, 20000, 1), 0);
	s = svg_of(t, NULL);
	assert_int_equal(count(s, "<g class=\"f\""), 20001);
	free(s);
	fold_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flamegraph_frames_and_tooltips),
		cmocka_unit_test(flamegraph_width_and_minwidth),
		cmocka_unit_test(flamegraph_inverted_and_reverse),
		cmocka_unit_test(flamegraph_escapes_hostile_names),
		cmocka_unit_test(flamegraph_colours_by_kind),
		cmocka_unit_test(flamegraph_colour_stable_per_name),
		cmocka_unit_test(flamegraph_empty_table),
		cmocka_unit_test(flamegraph_deep_stack),
	};

	return cmocka_run_group_tests_name("flamegraph", tests, NULL, NULL);
}
