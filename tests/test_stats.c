// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/stats.c and the source printer of user/probe.c:
 * STATS_GET and SOURCE_GET replies built with libmnl as the module builds
 * them print as the documented text and JSON (the JSON keys that
 * tests/integration/lib/accounting.py reads included); stats against the
 * golden files tests/golden/stats.{txt,json}, whose text has the layout
 * of /sys/kernel/debug/kdbg/stats.
 */
#include "kdbg_test.h"
#include "nl.h"

static char buf[8192] __attribute__((aligned(8)));

static void put_counters(struct nlmsghdr *nlh, uint64_t base)
{
	unsigned int i;

	for (i = KDBG_A_COUNTER_HITS; i <= KDBG_A_COUNTER_MAX; i++)
		mnl_attr_put_u64(nlh, i, base + i);
}

static struct nlmsghdr *stats_reply(void)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_STATS_GET);
	struct nlattr *nest, *c;
	unsigned int cpu;

	for (cpu = 0; cpu < 2; cpu++) {
		nest = mnl_attr_nest_start(nlh, KDBG_A_STATS_CPU);
		mnl_attr_put_u32(nlh, KDBG_A_STATS_CPU_ID, cpu);
		put_counters(nlh, cpu * 100);
		mnl_attr_put_u32(nlh, KDBG_A_STATS_RING_USED, 64);
		mnl_attr_put_u32(nlh, KDBG_A_STATS_RING_RECORDS, 1);
		mnl_attr_put_u32(nlh, KDBG_A_STATS_RING_SIZE, 65536);
		mnl_attr_nest_end(nlh, nest);
	}
	nest = mnl_attr_nest_start(nlh, KDBG_A_STATS_SOURCE);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 4);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_TYPE, KDBG_SOURCE_KPROBE);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, "tcp_v4_connect");
	c = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_COUNTERS);
	put_counters(nlh, 10);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

/* The contents of tests/golden/@name (run from the top or from tests/). */
static char *golden(const char *name)
{
	static const char *const dirs[] = { "tests/golden", "golden", NULL };
	char path[256];
	char *text = NULL;
	size_t len = 0;
	FILE *f = NULL, *m;
	int i, c;

	for (i = 0; dirs[i] && !f; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		f = fopen(path, "r");
	}
	assert_non_null(f);
	m = open_memstream(&text, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return text;
}

static void test_stats_text(void **state)
{
	char *want = golden("stats.txt");

	(void)state;
	cap_begin(false, false);
	assert_int_equal(kdbg_stats_print(stats_reply(), NULL), MNL_CB_OK);
	assert_string_equal(cap_end(), want);
	free(want);
}

static void test_stats_json(void **state)
{
	char *want = golden("stats.json");

	(void)state;
	cap_begin(true, false);
	assert_int_equal(kdbg_stats_print(stats_reply(), NULL), MNL_CB_OK);
	assert_string_equal(cap_end(), want);
	free(want);
}

static struct nlmsghdr *source_msg(void)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_GET);
	struct nlattr *c;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 2);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_TYPE, KDBG_SOURCE_KRETPROBE);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, "do_sys_openat2");
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_FLAGS, KDBG_SOURCE_F_NO_STACK);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_FILTER_PID, 42);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_FILTER_COMM, "curl");
	mnl_attr_put_u64(nlh, KDBG_A_SOURCE_ADDR, 0xffffffff812f1e40ULL);
	c = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_COUNTERS);
	put_counters(nlh, 0);
	mnl_attr_nest_end(nlh, c);
	return nlh;
}

static void print_source(struct nlmsghdr *nlh)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];

	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), 0);
	out_open_array(NULL);
	out_open_object(NULL);
	out_source(tb);
	out_close_object();
	out_close_array();
}

static void test_source_text(void **state)
{
	(void)state;
	cap_begin(false, false);
	print_source(source_msg());
	assert_string_equal(cap_end(),
		"2: kretprobe do_sys_openat2 addr 0xffffffff812f1e40 no-stack pid 42 comm curl\n"
		"    hits 2 filtered 3 written 4 delivered 5 dropped 6 missed 7\n");
}

static void test_source_json_pretty(void **state)
{
	(void)state;
	cap_begin(true, true);
	print_source(source_msg());
	assert_string_equal(cap_end(),
		"[\n"
		"    {\n"
		"        \"id\": 2,\n"
		"        \"type\": \"kretprobe\",\n"
		"        \"target\": \"do_sys_openat2\",\n"
		"        \"addr\": \"0xffffffff812f1e40\",\n"
		"        \"stack\": false,\n"
		"        \"count-only\": false,\n"
		"        \"filter-pid\": 42,\n"
		"        \"filter-comm\": \"curl\",\n"
		"        \"counters\": {\n"
		"            \"hits\": 2,\n"
		"            \"filtered\": 3,\n"
		"            \"written\": 4,\n"
		"            \"delivered\": 5,\n"
		"            \"dropped\": 6,\n"
		"            \"missed\": 7\n"
		"        }\n"
		"    }\n"
		"]\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_text),
		cmocka_unit_test(test_stats_json),
		cmocka_unit_test(test_source_text),
		cmocka_unit_test(test_source_json_pretty),
	};

	return cmocka_run_group_tests_name("kdbgctl_stats", tests, NULL, NULL);
}
