/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the fold cmocka tests: parse a string, render a table
 * into a string, and the globals main.c would provide (tests link every
 * user object but main.o).
 */
#ifndef KDBG_TEST_FOLD_UTIL_H
#define KDBG_TEST_FOLD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fold.h"
#include "kdbgctl.h"

bool opt_json;
bool opt_pretty;
static char fold_test_last_err[512];

void kdbg_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fold_test_last_err, sizeof(fold_test_last_err), fmt, ap);
	va_end(ap);
}

/* The table written in @fmt, as a malloc'd string (binary-safe: *len). */
/* noinline: gcc otherwise mistakes open_memstream's buffer for a local */
static __attribute__((noinline, unused))
char *fold_test_render(struct fold_table *t, enum fold_format fmt,
		       const struct fold_output_opts *o, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(fold_table_write(t, f, fmt, o), 0);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

/* Fold @in (of @kind, with @opts) and return the folded text. */
static __attribute__((unused))
char *fold_test_fold(const char *in, enum fold_input_kind kind,
		     const struct fold_parse_opts *opts)
{
	struct fold_table *t = fold_table_new();
	char *out;

	assert_non_null(t);
	assert_int_equal(fold_parse_buffer(t, in, strlen(in), kind, opts,
					   NULL), 0);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	fold_table_free(t);
	return out;
}

#define assert_folded(in, kind, opts, want)				\
	do {								\
		char *got_ = fold_test_fold((in), (kind), (opts));	\
		assert_string_equal(got_, (want));			\
		free(got_);						\
	} while (0)

#endif /* KDBG_TEST_FOLD_UTIL_H */
