// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for fold.c, the fold table and its folded/JSON writer:
 * the library API that `kdbgctl stream --format` uses.
 */
#include <errno.h>

#include "fold_test_util.h"

static void fold_table_add_counts_repeats(void **state)
{
	const char *a[] = { "curl", "entry", "tcp_v4_connect" };
	const char *b[] = { "curl", "entry" };
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	assert_int_equal(fold_table_add(t, a, 3, 1), 0);
	assert_int_equal(fold_table_add(t, a, 3, 2), 0);
	assert_int_equal(fold_table_add(t, b, 2, 5), 0);
	assert_int_equal(fold_table_size(t), 2);
	assert_int_equal(fold_table_total(t), 8);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "curl;entry 5\ncurl;entry;tcp_v4_connect 3\n");
	free(out);
	fold_table_free(t);
}

static void fold_table_add_sanitises_separators(void **state)
{
	const char *a[] = { "my comm", "a;b", "c\nd" };
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	assert_int_equal(fold_table_add(t, a, 3, 1), 0);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "my comm;a:b;c d 1\n");
	free(out);
	fold_table_free(t);
}

static void fold_table_add_empty_stack_einval(void **state)
{
	struct fold_table *t = fold_table_new();

	(void)state;
	assert_int_equal(fold_table_add(t, NULL, 0, 1), -EINVAL);
	assert_int_equal(fold_table_size(t), 0);
	fold_table_free(t);
}

static void fold_table_clear_forgets_everything(void **state)
{
	const char *a[] = { "x", "y" };
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		char name[32];
		const char *f[] = { "x", name };

		snprintf(name, sizeof(name), "f%d", i);
		assert_int_equal(fold_table_add(t, f, 2, 1), 0);
	}
	assert_int_equal(fold_table_size(t), 10000);
	fold_table_clear(t);
	assert_int_equal(fold_table_size(t), 0);
	assert_int_equal(fold_table_total(t), 0);
	assert_int_equal(fold_table_add(t, a, 2, 3), 0);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "x;y 3\n");
	free(out);
	fold_table_free(t);
}

static void fold_table_many_stacks_stay_distinct(void **state)
{
	struct fold_table *t = fold_table_new();

	(void)state;
	/* enough to grow the hash table several times */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 50000; i++) {
			char a[16], b[16];
			const char *f[] = { "p", a, b };

			snprintf(a, sizeof(a), "a%d", i % 97);
			snprintf(b, sizeof(b), "b%d", i);
			assert_int_equal(fold_table_add(t, f, 3, 1), 0);
		}
	}
	assert_int_equal(fold_table_size(t), 50000);
	assert_int_equal(fold_table_total(t), 100000);
	fold_table_free(t);
}

static void fold_table_write_sorted_bytewise(void **state)
{
	const char *a[] = { "b" }, *b[] = { "a", "z" }, *c[] = { "B" };
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	fold_table_add(t, a, 1, 1);
	fold_table_add(t, b, 2, 1);
	fold_table_add(t, c, 1, 1);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "B 1\na;z 1\nb 1\n");
	free(out);
	fold_table_free(t);
}

static void fold_table_write_json(void **state)
{
	const char *a[] = { "cu\"rl", "f" };
	struct fold_output_opts o;
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	fold_output_opts_init(&o);
	o.json = true;
	out = fold_test_render(t, FOLD_FMT_FOLDED, &o, NULL);
	assert_string_equal(out, "[]\n");
	free(out);
	fold_table_add(t, a, 2, 7);
	out = fold_test_render(t, FOLD_FMT_FOLDED, &o, NULL);
	assert_string_equal(out,
		"[\n{\"stack\":[\"cu\\\"rl\",\"f\"],\"count\":7}\n]\n");
	free(out);
	fold_table_free(t);
}

static void fold_table_counts_saturate(void **state)
{
	const char *a[] = { "x" };
	struct fold_table *t = fold_table_new();
	char *out;

	(void)state;
	fold_table_add(t, a, 1, ~0ull - 1);
	fold_table_add(t, a, 1, 5);
	assert_true(fold_table_total(t) == ~0ull);
	out = fold_test_render(t, FOLD_FMT_FOLDED, NULL, NULL);
	assert_string_equal(out, "x 18446744073709551615\n");
	free(out);
	fold_table_free(t);
}

static void fold_output_opts_init_defaults(void **state)
{
	struct fold_output_opts o;

	(void)state;
	memset(&o, 0x55, sizeof(o));
	fold_output_opts_init(&o);
	assert_int_equal(o.width, 1200);
	assert_true(o.minwidth > 0.09 && o.minwidth < 0.11);
	assert_false(o.inverted);
	assert_false(o.reverse);
	assert_null(o.title);
}

static void fold_table_write_bad_format_einval(void **state)
{
	struct fold_table *t = fold_table_new();
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(fold_table_write(t, f, (enum fold_format)42, NULL),
			 -EINVAL);
	fclose(f);
	fold_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_table_add_counts_repeats),
		cmocka_unit_test(fold_table_add_sanitises_separators),
		cmocka_unit_test(fold_table_add_empty_stack_einval),
		cmocka_unit_test(fold_table_clear_forgets_everything),
		cmocka_unit_test(fold_table_many_stacks_stay_distinct),
		cmocka_unit_test(fold_table_write_sorted_bytewise),
		cmocka_unit_test(fold_table_write_json),
		cmocka_unit_test(fold_table_counts_saturate),
		cmocka_unit_test(fold_output_opts_init_defaults),
		cmocka_unit_test(fold_table_write_bad_format_einval),
	};

	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
