// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for fold_writers.c, the registry of output formats: every
 * enum fold_format has exactly one writer, every name maps back to its
 * format, and what the commands ask of a format (binary? diff tables?)
 * is what they hard-coded before the registry.
 */
#include <errno.h>

#include "fold_test_util.h"
#include "fold_writer.h"

/*
 * The formats fold.h declares.  No default: -Wswitch (in -Wall, an error
 * with -Werror) stops the build here when fold.h grows a format this
 * list lacks, so the checks below cannot silently miss it.
 */
static bool is_format(enum fold_format f)
{
	switch (f) {
	case FOLD_FMT_FOLDED:
	case FOLD_FMT_SVG:
	case FOLD_FMT_PPROF:
		return true;
	}
	return false;
}

/* Well past the last format, to see that nothing else answers. */
#define FMT_PROBE_MAX	64

static void fold_writers_one_per_format(void **state)
{
	size_t i, nfmts = 0;
	int f;

	(void)state;
	for (f = 0; f < FMT_PROBE_MAX; f++) {
		size_t hits = 0;

		for (i = 0; i < fold_nwriters; i++)
			if ((int)fold_writers[i]->fmt == f)
				hits++;
		if (!is_format(f)) {
			assert_int_equal(hits, 0);
			assert_null(fold_writer_get(f));
			continue;
		}
		nfmts++;
		assert_int_equal(hits, 1);
		assert_non_null(fold_writer_get(f));
		assert_int_equal(fold_writer_get(f)->fmt, f);
		assert_non_null(fold_writer_get(f)->write);
	}
	assert_int_equal(nfmts, fold_nwriters);
	assert_null(fold_writer_get((enum fold_format)-1));
}

static void fold_writers_names_round_trip(void **state)
{
	enum fold_format got;
	size_t i, j;

	(void)state;
	for (i = 0; i < fold_nwriters; i++) {
		const struct fold_writer *w = fold_writers[i];

		assert_non_null(w->name);
		assert_true(w->name[0]);
		for (j = 0; j < i; j++)
			assert_string_not_equal(fold_writers[j]->name, w->name);
		assert_string_equal(fold_format_name(w->fmt), w->name);
		got = (enum fold_format)-1;
		assert_int_equal(fold_format_from_name(w->name, &got), 0);
		assert_int_equal(got, w->fmt);
	}
	got = FOLD_FMT_SVG;
	assert_int_equal(fold_format_from_name("bogus", &got), -EINVAL);
	assert_int_equal(fold_format_from_name("", &got), -EINVAL);
	assert_int_equal(fold_format_from_name("SVG", &got), -EINVAL);
	assert_int_equal(got, FOLD_FMT_SVG);	/* untouched on failure */
	assert_null(fold_format_name((enum fold_format)42));
}

/* The spellings and properties `kdbgctl fold` had before the registry. */
static void fold_writers_known_formats(void **state)
{
	(void)state;
	assert_string_equal(fold_format_name(FOLD_FMT_FOLDED), "folded");
	assert_string_equal(fold_format_name(FOLD_FMT_SVG), "svg");
	assert_string_equal(fold_format_name(FOLD_FMT_PPROF), "pprof");
	assert_false(fold_format_binary(FOLD_FMT_FOLDED));
	assert_false(fold_format_binary(FOLD_FMT_SVG));
	assert_true(fold_format_binary(FOLD_FMT_PPROF));
	assert_true(fold_format_diff(FOLD_FMT_FOLDED));
	assert_true(fold_format_diff(FOLD_FMT_SVG));
	assert_false(fold_format_diff(FOLD_FMT_PPROF));
	assert_false(fold_format_binary((enum fold_format)42));
	assert_false(fold_format_diff((enum fold_format)42));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_writers_one_per_format),
		cmocka_unit_test(fold_writers_names_round_trip),
		cmocka_unit_test(fold_writers_known_formats),
	};

	return cmocka_run_group_tests_name("fold_writers", tests, NULL, NULL);
}
