// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of `kdbgctl stat`'s events and output (user/cmd/
 * stat_print.c) on recorded counts: the scaling of multiplexed readings, perf's names and aliases in -e, the
 * default events (task-clock, or cpu-clock with -a), and perf stat's
 * text byte for byte (the value, unit and name columns, each metric:
 * CPUs utilized, GHz, insn per cycle, % of all branches, % of all cache
 * refs, K/M/sec rates; the multiplexed share; the footer), the one line
 * of events not supported here, the "<not counted>" line, and the JSON.
 */
#include "kdbg_test.h"
#include "stat.h"

#include <linux/perf_event.h>

static void set(struct stat_run *r, const char *name, uint64_t v,
		enum stat_state st)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->c[i].name, name))
			continue;
		r->c[i].value = v;
		r->c[i].state = st;
		r->c[i].enabled = r->c[i].running = 480000;
		return;
	}
	fail_msg("no counter %s", name);
}

static void stat_parse_events_names(void **state)
{
	static struct stat_run r;
	char list[] = "cycles,cs,faults,task-clock,branches,cache-misses";
	char bad_list[] = "cycles,bogus";
	char many[512];
	const char *bad = NULL;
	int i;

	(void)state;
	assert_int_equal(stat_parse_events(&r, list, &bad), 0);
	assert_int_equal(r.n, 6);
	assert_string_equal(r.c[0].name, "cycles");
	assert_int_equal(r.c[0].ev->type, PERF_TYPE_HARDWARE);
	assert_int_equal(r.c[0].ev->config, PERF_COUNT_HW_CPU_CYCLES);
	assert_int_equal(r.c[1].ev->config, PERF_COUNT_SW_CONTEXT_SWITCHES);
	assert_int_equal(r.c[2].ev->config, PERF_COUNT_SW_PAGE_FAULTS);
	assert_int_equal(r.c[3].ev->type, PERF_TYPE_SOFTWARE);
	assert_int_equal(r.c[4].ev->config, PERF_COUNT_HW_BRANCH_INSTRUCTIONS);
	assert_ptr_equal(stat_event_find("cpu-cycles"), r.c[0].ev);
	assert_ptr_equal(stat_event_find("context-switches"), r.c[1].ev);
	assert_null(stat_event_find("cycle"));

	memset(&r, 0, sizeof(r));
	assert_int_equal(stat_parse_events(&r, bad_list, &bad), -1);
	assert_string_equal(bad, "bogus");

	memset(&r, 0, sizeof(r));
	many[0] = '\0';
	for (i = 0; i <= STAT_MAX_EVENTS; i++)
		strcat(many, i ? ",cs" : "cs");
	assert_int_equal(stat_parse_events(&r, many, &bad), -1);
	assert_int_equal(r.n, STAT_MAX_EVENTS);
}

static void stat_default_events_like_perf(void **state)
{
	static struct stat_run r;
	const char *const want[] = {
		"task-clock", "context-switches", "cpu-migrations",
		"page-faults", "cycles", "instructions", "branches",
		"branch-misses",
	};
	size_t i;

	(void)state;
	memset(&r, 0, sizeof(r));
	stat_default_events(&r, false);
	assert_int_equal(r.n, 8);
	for (i = 0; i < 8; i++)
		assert_string_equal(r.c[i].name, want[i]);
	memset(&r, 0, sizeof(r));
	stat_default_events(&r, true);
	assert_string_equal(r.c[0].name, "cpu-clock");
}

/* perf stat -- true on a TCG guest: no PMU. */
static void stat_print_no_pmu_text(void **state)
{
	static struct stat_run r;
	const char *t;

	(void)state;
	memset(&r, 0, sizeof(r));
	stat_default_events(&r, false);
	snprintf(r.target, sizeof(r.target), "true");
	r.kind = STAT_COMMAND;
	set(&r, "task-clock", 490000, STAT_COUNTED);
	set(&r, "context-switches", 1, STAT_COUNTED);
	set(&r, "cpu-migrations", 0, STAT_COUNTED);
	set(&r, "page-faults", 50, STAT_COUNTED);
	set(&r, "cycles", 0, STAT_NOT_SUPPORTED);
	set(&r, "instructions", 0, STAT_NOT_SUPPORTED);
	set(&r, "branches", 0, STAT_NOT_SUPPORTED);
	set(&r, "branch-misses", 0, STAT_NOT_SUPPORTED);
	r.elapsed = 0.002412678;
	r.rusage = true;
	r.user = 0.001519;
	r.sys = 0;
	cap_begin(false, false);
	stat_print(&r);
	t = cap_end();
	/* perf 6.1's lines (trailing blanks included) for the same counts */
	assert_string_equal(t,
		"\n Performance counter stats for 'true':\n\n"
		"              0.49 msec task-clock                       #    0.203 CPUs utilized          \n"
		"                 1      context-switches                 #    2.041 K/sec                  \n"
		"                 0      cpu-migrations                   #    0.000 /sec                   \n"
		"                50      page-faults                      #  102.041 K/sec                  \n"
		"not supported here      cycles, instructions, branches, branch-misses\n"
		"\n       0.002412678 seconds time elapsed\n\n"
		"       0.001519000 seconds user\n"
		"       0.000000000 seconds sys\n\n\n");
}

/* With a PMU: every hardware metric, and a multiplexed counter. */
static void stat_print_pmu_metrics(void **state)
{
	static struct stat_run r;
	char list[] = "task-clock,cycles,instructions,branches,branch-misses,cache-references,cache-misses";
	const char *t, *bad;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(stat_parse_events(&r, list, &bad), 0);
	snprintf(r.target, sizeof(r.target), "42");
	r.kind = STAT_PROCESS;
	set(&r, "task-clock", 1000000000, STAT_COUNTED);
	set(&r, "cycles", 3000000000ULL, STAT_COUNTED);
	set(&r, "instructions", 4500000000ULL, STAT_COUNTED);
	set(&r, "branches", 800000000, STAT_COUNTED);
	set(&r, "branch-misses", 8000000, STAT_COUNTED);
	set(&r, "cache-references", 2000000, STAT_COUNTED);
	set(&r, "cache-misses", 500000, STAT_COUNTED);
	r.c[6].enabled = 1000;
	r.c[6].running = 750;
	r.elapsed = 2;
	cap_begin(false, false);
	stat_print(&r);
	t = cap_end();
	assert_string_equal(t,
		"\n Performance counter stats for process id '42':\n\n"
		"           1000.00 msec task-clock                       #    0.500 CPUs utilized          \n"
		"        3000000000      cycles                           #    3.000 GHz                    \n"
		"        4500000000      instructions                     #    1.50  insn per cycle         \n"
		"         800000000      branches                         #  800.000 M/sec                  \n"
		"           8000000      branch-misses                    #    1.00% of all branches        \n"
		"           2000000      cache-references                 #    2.000 M/sec                  \n"
		"            500000      cache-misses                     #   25.000 % of all cache refs    "
		"  (75.00%)\n"
		"\n       2.000000000 seconds time elapsed\n\n");
}

static void stat_print_system_not_counted_json(void **state)
{
	static struct stat_run r;
	char list[] = "cpu-clock,context-switches,cycles";
	const char *t, *bad;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(stat_parse_events(&r, list, &bad), 0);
	r.kind = STAT_SYSTEM;
	set(&r, "cpu-clock", 2000000000, STAT_COUNTED);
	set(&r, "context-switches", 0, STAT_NOT_COUNTED);
	set(&r, "cycles", 0, STAT_NOT_SUPPORTED);
	r.elapsed = 1;
	cap_begin(false, false);
	stat_print(&r);
	t = cap_end();
	assert_non_null(strstr(t, " Performance counter stats for 'system wide':\n"));
	assert_non_null(strstr(t, "           2000.00 msec cpu-clock                        #    2.000 CPUs utilized          \n"));
	assert_non_null(strstr(t, "     <not counted>      context-switches                                            \n"));
	assert_non_null(strstr(t, "not supported here      cycles\n"));
	assert_null(strstr(t, "seconds user"));

	cap_begin(true, false);
	stat_print(&r);
	t = cap_end();
	assert_string_equal(t,
		"{\"target\":\"\",\"kind\":\"system\",\"counters\":["
		"{\"event\":\"cpu-clock\",\"counted\":true,\"value\":2000000000,"
		"\"enabled-ns\":480000,\"running-ns\":480000,\"msec\":2000,"
		"\"metric\":2,\"metric-unit\":\"CPUs utilized\"},"
		"{\"event\":\"context-switches\",\"counted\":false,\"value\":0,"
		"\"enabled-ns\":480000,\"running-ns\":480000}],"
		"\"not-supported\":[\"cycles\"],\"elapsed-s\":1}\n");
}

static void stat_counter_add_scales(void **state)
{
	struct stat_counter c = { 0 };
	const uint64_t full[3] = { 1000, 500, 500 };	/* ran all along */
	const uint64_t half[3] = { 300, 400, 100 };	/* ran a quarter */
	const uint64_t never[3] = { 0, 200, 0 };	/* never ran */
	double sum = 0;

	(void)state;
	stat_counter_add(&c, full, &sum);
	stat_counter_add(&c, half, &sum);
	stat_counter_add(&c, never, &sum);
	stat_counter_done(&c, sum);
	assert_int_equal(c.value, 1000 + 1200);
	assert_int_equal(c.enabled, 1100);
	assert_int_equal(c.running, 600);
	assert_int_equal(c.state, STAT_COUNTED);

	memset(&c, 0, sizeof(c));
	sum = 0;
	stat_counter_add(&c, never, &sum);
	stat_counter_done(&c, sum);
	assert_int_equal(c.state, STAT_NOT_COUNTED);
	assert_int_equal(c.value, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stat_parse_events_names),
		cmocka_unit_test(stat_default_events_like_perf),
		cmocka_unit_test(stat_print_no_pmu_text),
		cmocka_unit_test(stat_print_pmu_metrics),
		cmocka_unit_test(stat_print_system_not_counted_json),
		cmocka_unit_test(stat_counter_add_scales),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
