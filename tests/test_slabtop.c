// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of `kdbgctl slab top`'s logic (user/core/slabtop.c) on
 * SLAB_GET messages built with libmnl as the module sends them: parsing
 * (flags absent means unknown), growth since the previous and the first
 * read (a new cache grows from 0, a gone one is dropped), the three sort
 * orders with their tie-break by name, and the -s parser.
 */
#include "kdbg_test.h"
#include "slabtop.h"

static char buf[4096] __attribute__((aligned(8)));

static struct nlmsghdr *slab_msg(const char *name, uint32_t size,
				 uint64_t active, int64_t flags)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SLAB_GET);
	struct nlattr *nest = mnl_attr_nest_start(nlh, KDBG_A_SLAB);

	mnl_attr_put_strz(nlh, KDBG_A_SLAB_NAME, name);
	mnl_attr_put_u32(nlh, KDBG_A_SLAB_SIZE, size);
	mnl_attr_put_u32(nlh, KDBG_A_SLAB_OBJS_PER_SLAB, 16);
	mnl_attr_put_u32(nlh, KDBG_A_SLAB_PAGES_PER_SLAB, 1);
	put_u64(nlh, KDBG_A_SLAB_ACTIVE_OBJS, active, KDBG_A_SLAB_PAD);
	put_u64(nlh, KDBG_A_SLAB_NUM_OBJS, active + 3, KDBG_A_SLAB_PAD);
	put_u64(nlh, KDBG_A_SLAB_NUM_SLABS, (active + 3) / 16 + 1,
		KDBG_A_SLAB_PAD);
	if (flags >= 0)
		mnl_attr_put_u32(nlh, KDBG_A_SLAB_FLAGS, (uint32_t)flags);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void add(struct slab_set *s, const char *name, uint32_t size,
		uint64_t active, int64_t flags)
{
	assert_int_equal(slab_set_parse(s, slab_msg(name, size, active, flags)), 0);
}

static void test_slab_set_parse_fields(void **state)
{
	struct slab_set s = {};

	(void)state;
	add(&s, "kmalloc-rcl-64", 64, 100, KDBG_SLAB_F_RECLAIMABLE);
	add(&s, "dentry", 192, 7, -1);
	assert_int_equal(s.nr, 2);
	assert_string_equal(s.r[0].name, "kmalloc-rcl-64");
	assert_int_equal(s.r[0].size, 64);
	assert_int_equal(s.r[0].active_objs, 100);
	assert_int_equal(s.r[0].num_objs, 103);
	assert_int_equal(s.r[0].objs_per_slab, 16);
	assert_int_equal(s.r[0].flags, KDBG_SLAB_F_RECLAIMABLE);
	/* No FLAGS attribute: not known, never "none". */
	assert_int_equal(s.r[1].flags, KDBG_SLAB_F_UNKNOWN);
	slab_set_free(&s);
}

static void test_slab_set_parse_malformed(void **state)
{
	struct slab_set s = {};
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SLAB_GET);

	(void)state;
	assert_int_equal(slab_set_parse(&s, nlh), -1);	/* no nest */
	nlh = put_genl(buf, KDBG_CMD_SLAB_GET);
	mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, KDBG_A_SLAB));
	assert_int_equal(slab_set_parse(&s, nlh), -1);	/* no name */
	assert_int_equal(s.nr, 0);
	slab_set_free(&s);
}

static void test_slab_set_growth_prev_and_start(void **state)
{
	struct slab_set start = {}, prev = {}, cur = {};

	(void)state;
	add(&start, "a", 8, 10, 0);
	add(&start, "gone", 8, 50, 0);
	add(&prev, "a", 8, 15, 0);
	add(&cur, "a", 8, 12, 0);
	add(&cur, "new", 8, 30, 0);
	slab_set_growth(&cur, &prev, &start);
	assert_int_equal(cur.r[0].grow_prev, -3);
	assert_int_equal(cur.r[0].grow_start, 2);
	assert_int_equal(cur.r[1].grow_prev, 30);
	assert_int_equal(cur.r[1].grow_start, 30);
	/* The first read has nothing to grow from. */
	slab_set_growth(&cur, NULL, NULL);
	assert_int_equal(cur.r[0].grow_prev, 0);
	assert_int_equal(cur.r[1].grow_start, 0);
	slab_set_free(&start);
	slab_set_free(&prev);
	slab_set_free(&cur);
}

static void test_slab_set_sort_orders(void **state)
{
	struct slab_set s = {}, prev = {};

	(void)state;
	add(&s, "small", 8, 1000, 0);	/* 8000 bytes */
	add(&s, "big", 4096, 10, 0);	/* 40960 bytes */
	add(&s, "b-tie", 4096, 10, 0);
	add(&prev, "small", 8, 990, 0);
	add(&prev, "big", 4096, 0, 0);
	add(&prev, "b-tie", 4096, 10, 0);
	slab_set_growth(&s, &prev, &prev);

	slab_set_sort(&s, SLAB_SORT_OBJS);
	assert_string_equal(s.r[0].name, "small");
	assert_string_equal(s.r[1].name, "b-tie");	/* ties by name */
	assert_string_equal(s.r[2].name, "big");
	slab_set_sort(&s, SLAB_SORT_SIZE);
	assert_string_equal(s.r[0].name, "b-tie");
	assert_string_equal(s.r[1].name, "big");
	assert_string_equal(s.r[2].name, "small");
	slab_set_sort(&s, SLAB_SORT_GROWTH);
	assert_string_equal(s.r[0].name, "big");	/* +10 */
	assert_string_equal(s.r[1].name, "small");	/* +10, then name */
	assert_string_equal(s.r[2].name, "b-tie");	/* 0 */
	slab_set_free(&s);
	slab_set_free(&prev);
}

static void test_slab_sort_parse_prefixes(void **state)
{
	(void)state;
	assert_int_equal(slab_sort_parse("objs"), SLAB_SORT_OBJS);
	assert_int_equal(slab_sort_parse("si"), SLAB_SORT_SIZE);
	assert_int_equal(slab_sort_parse("g"), SLAB_SORT_GROWTH);
	assert_int_equal(slab_sort_parse("x"), -1);
	assert_int_equal(slab_sort_parse(""), -1);
}

static void test_slab_set_copy_is_deep(void **state)
{
	struct slab_set a = {}, b = {};

	(void)state;
	add(&a, "x", 8, 1, 0);
	assert_int_equal(slab_set_copy(&b, &a), 0);
	a.r[0].active_objs = 99;
	assert_int_equal(b.nr, 1);
	assert_int_equal(b.r[0].active_objs, 1);
	assert_non_null(slab_set_find(&b, "x"));
	assert_null(slab_set_find(&b, "y"));
	slab_set_free(&a);
	slab_set_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slab_set_parse_fields),
		cmocka_unit_test(test_slab_set_parse_malformed),
		cmocka_unit_test(test_slab_set_growth_prev_and_start),
		cmocka_unit_test(test_slab_set_sort_orders),
		cmocka_unit_test(test_slab_sort_parse_prefixes),
		cmocka_unit_test(test_slab_set_copy_is_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
