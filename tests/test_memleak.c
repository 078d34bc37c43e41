// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of `kdbgctl memleak`'s logic (user/core/memleak.c): its
 * options (defaults, ranges, usage errors), MEMLEAK_GET messages built
 * with libmnl as the module sends them (stack entries and the closing
 * totals), and the order stacks are printed in.
 */
#include "kdbg_test.h"
#include "memleak.h"

static char buf[4096] __attribute__((aligned(8)));

static int parse(struct memleak_opts *o, const char *const *args)
{
	char *argv[16];
	int argc = 0;

	while (args[argc])
		argv[argc] = (char *)args[argc], argc++;
	return memleak_parse_opts(argc, argv, o);
}

static void test_memleak_opts_defaults_and_values(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const all[] = {
		"-d", "0.5", "--sample", "64", "--min-age", "1.5",
		"--cache", "kmalloc-1k", "-n", "3", NULL
	};
	struct memleak_opts o;

	(void)state;
	assert_int_equal(parse(&o, none), 0);
	assert_true(o.duration == 5);
	assert_int_equal(o.sample, 0);
	assert_int_equal(o.min_age_ms, 0);
	assert_null(o.cache);
	assert_int_equal(parse(&o, all), 0);
	assert_true(o.duration == 0.5);
	assert_int_equal(o.sample, 64);
	assert_int_equal(o.min_age_ms, 1500);
	assert_string_equal(o.cache, "kmalloc-1k");
	assert_int_equal(o.top, 3);
}

static void test_memleak_opts_errors(void **state)
{
	static const struct {
		const char *args[4];
		const char *error;
	} cases[] = {
		{ { "-d", "0", NULL }, "-d '0': expected seconds > 0" },
		{ { "--sample", "0", NULL }, "--sample '0': expected N >= 1" },
		{ { "--sample", "x", NULL }, "--sample 'x': expected N >= 1" },
		{ { "--min-age", "-2", NULL },
		  "--min-age '-2': expected seconds >= 0" },
		{ { "--cache", "", NULL }, "--cache '': expected a cache name" },
		{ { "-n", "0", NULL }, "-n '0': expected a number > 0" },
		{ { "-d", NULL }, "-d needs a value" },
		{ { "-x", NULL }, "unknown option '-x'" },
	};
	struct memleak_opts o;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(&o, cases[i].args), -1);
		assert_string_equal(o.error, cases[i].error);
	}
}

static struct nlmsghdr *stack_msg(uint32_t id, uint64_t count, uint64_t bytes)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_MEMLEAK_GET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 1);
	nest = mnl_attr_nest_start(nlh, KDBG_A_MEMLEAK);
	mnl_attr_put_u32(nlh, KDBG_A_MEMLEAK_STACK_ID, id);
	put_u64(nlh, KDBG_A_MEMLEAK_COUNT, count, KDBG_A_MEMLEAK_PAD);
	put_u64(nlh, KDBG_A_MEMLEAK_BYTES, bytes, KDBG_A_MEMLEAK_PAD);
	put_u64(nlh, KDBG_A_MEMLEAK_AGE_MIN_MS, 10, KDBG_A_MEMLEAK_PAD);
	put_u64(nlh, KDBG_A_MEMLEAK_AGE_MAX_MS, 20, KDBG_A_MEMLEAK_PAD);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void test_memleak_parse_and_sort(void **state)
{
	struct memleak_dump d = {};
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	(void)state;
	assert_int_equal(memleak_parse(&d, stack_msg(3, 10, 2000)), 0);
	assert_int_equal(memleak_parse(&d, stack_msg(1, 100, 20000)), 0);
	assert_int_equal(memleak_parse(&d, stack_msg(2, 50, 20000)), 0);
	assert_int_equal(memleak_parse(&d, stack_msg(0, 1, 2000)), 0);
	nlh = put_genl(buf, KDBG_CMD_MEMLEAK_GET);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 1);
	nest = mnl_attr_nest_start(nlh, KDBG_A_MEMLEAK);
	mnl_attr_put_u32(nlh, KDBG_A_MEMLEAK_TRACKED, 161);
	mnl_attr_put_u32(nlh, KDBG_A_MEMLEAK_CAPACITY, 131072);
	mnl_attr_put_u32(nlh, KDBG_A_MEMLEAK_SAMPLE, 8);
	put_u64(nlh, KDBG_A_MEMLEAK_OVERFLOW, 7, KDBG_A_MEMLEAK_PAD);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(memleak_parse(&d, nlh), 0);

	assert_int_equal(d.nr, 4);
	assert_int_equal(d.tracked, 161);
	assert_int_equal(d.capacity, 131072);
	assert_int_equal(d.sample, 8);
	assert_int_equal(d.overflow, 7);
	assert_int_equal(d.s[0].age_min_ms, 10);
	assert_int_equal(d.s[0].age_max_ms, 20);
	memleak_sort(&d);
	/* Bytes, then count, then stack id. */
	assert_int_equal(d.s[0].stack_id, 1);
	assert_int_equal(d.s[1].stack_id, 2);
	assert_int_equal(d.s[2].stack_id, 3);
	assert_int_equal(d.s[3].stack_id, 0);
	memleak_free(&d);
}

static void test_memleak_parse_malformed(void **state)
{
	struct memleak_dump d = {};
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_MEMLEAK_GET);

	(void)state;
	assert_int_equal(memleak_parse(&d, nlh), -1);	/* no nest */
	nlh = put_genl(buf, KDBG_CMD_MEMLEAK_GET);
	mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, KDBG_A_MEMLEAK));
	assert_int_equal(memleak_parse(&d, nlh), -1);	/* no count */
	assert_int_equal(d.nr, 0);
	memleak_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memleak_opts_defaults_and_values),
		cmocka_unit_test(test_memleak_opts_errors),
		cmocka_unit_test(test_memleak_parse_and_sort),
		cmocka_unit_test(test_memleak_parse_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
