// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl stat`'s events and output (stat.h). The text is perf stat's
 * (tools/perf/util/stat-display.c and stat-shadow.c of perf 6.1): the
 * value in 18 columns ("%18.2f msec" for the clocks), the event name in
 * 32, then "# metric unit" in 35, the share of the time the counter ran
 * when it was multiplexed, and the footer with the elapsed time. One
 * difference, on purpose: the events that cannot be counted here (the
 * hardware ones on a machine without a PMU, a TCG guest) are named on one
 * line, "not supported here", not one "<not supported>" line each.
 */
#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "stat.h"

#define HW(n, a, c) { n, a, PERF_TYPE_HARDWARE, PERF_COUNT_HW_##c }
#define SW(n, a, c) { n, a, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_##c }

/* perf list's names (tools/perf/util/parse-events.c event_symbols_*). */
static const struct stat_event stat_events[] = {
	HW("cpu-cycles", "cycles", CPU_CYCLES),
	HW("instructions", NULL, INSTRUCTIONS),
	HW("cache-references", NULL, CACHE_REFERENCES),
	HW("cache-misses", NULL, CACHE_MISSES),
	HW("branch-instructions", "branches", BRANCH_INSTRUCTIONS),
	HW("branch-misses", NULL, BRANCH_MISSES),
	HW("bus-cycles", NULL, BUS_CYCLES),
	HW("stalled-cycles-frontend", "idle-cycles-frontend",
	   STALLED_CYCLES_FRONTEND),
	HW("stalled-cycles-backend", "idle-cycles-backend",
	   STALLED_CYCLES_BACKEND),
	HW("ref-cycles", NULL, REF_CPU_CYCLES),
	SW("cpu-clock", NULL, CPU_CLOCK),
	SW("task-clock", NULL, TASK_CLOCK),
	SW("page-faults", "faults", PAGE_FAULTS),
	SW("context-switches", "cs", CONTEXT_SWITCHES),
	SW("cpu-migrations", "migrations", CPU_MIGRATIONS),
	SW("minor-faults", NULL, PAGE_FAULTS_MIN),
	SW("major-faults", NULL, PAGE_FAULTS_MAJ),
	SW("alignment-faults", NULL, ALIGNMENT_FAULTS),
	SW("emulation-faults", NULL, EMULATION_FAULTS),
};

#define NR_EVENTS (sizeof(stat_events) / sizeof(stat_events[0]))

const struct stat_event *stat_event_find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_EVENTS; i++)
		if (!strcmp(stat_events[i].name, name) ||
		    (stat_events[i].alias && !strcmp(stat_events[i].alias, name)))
			return &stat_events[i];
	return NULL;
}

static int add_event(struct stat_run *r, const char *name)
{
	const struct stat_event *ev = stat_event_find(name);

	if (!ev || r->n >= STAT_MAX_EVENTS)
		return -1;
	memset(&r->c[r->n], 0, sizeof(r->c[r->n]));
	r->c[r->n].ev = ev;
	snprintf(r->c[r->n].name, sizeof(r->c[r->n].name), "%s", name);
	r->n++;
	return 0;
}

int stat_parse_events(struct stat_run *r, char *list, const char **bad)
{
	char *save, *name;

	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (add_event(r, name)) {
			*bad = name;
			return -1;
		}
	}
	if (!r->n) {
		*bad = "";
		return -1;
	}
	return 0;
}

void stat_default_events(struct stat_run *r, bool system_wide)
{
	static const char *const defaults[] = {
		"context-switches", "cpu-migrations", "page-faults", "cycles",
		"instructions", "branches", "branch-misses",
	};
	size_t i;

	/* perf stat -a counts cpu-clock: a CPU's time, not a task's. */
	add_event(r, system_wide ? "cpu-clock" : "task-clock");
	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		add_event(r, defaults[i]);
}

void stat_counter_add(struct stat_counter *c, const uint64_t v[3],
		      double *sum)
{
	c->enabled += v[1];
	c->running += v[2];
	if (v[2])
		*sum += v[2] < v[1] ? (double)v[0] * v[1] / v[2] : v[0];
}

void stat_counter_done(struct stat_counter *c, double sum)
{
	c->value = sum + 0.5;
	c->state = c->enabled && c->running ? STAT_COUNTED : STAT_NOT_COUNTED;
}

static bool is_clock(const struct stat_event *ev)
{
	return ev->type == PERF_TYPE_SOFTWARE &&
	       (ev->config == PERF_COUNT_SW_TASK_CLOCK ||
		ev->config == PERF_COUNT_SW_CPU_CLOCK);
}

/* The counted value of the first counter of (@type, @config), or 0. */
static double counted(const struct stat_run *r, uint32_t type,
		      uint64_t config)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->c[i].state == STAT_COUNTED && r->c[i].ev->type == type &&
		    r->c[i].ev->config == config)
			return r->c[i].value;
	return 0;
}

/* The run's CPU time in ns (task-clock, or cpu-clock), 0 if not counted. */
static double clock_ns(const struct stat_run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->c[i].state == STAT_COUNTED && is_clock(r->c[i].ev))
			return r->c[i].value;
	return 0;
}

/* perf's print_metric_std(): " # " VALUE " " UNIT, 35 columns in all. */
static void metric(const char *fmt, const char *unit, double val)
{
	char v[64];
	int n;

	if (!fmt) {
		out_text("%-35s", "");
		return;
	}
	n = snprintf(v, sizeof(v), fmt, val);
	out_text(" # %s %-*s", v, 35 - (n + 3) - 1, unit);
	out_double("metric", NULL, val);
	out_str("metric-unit", NULL, unit);
}

/* perf's convert_unit_double(): the rate in K, M or G per second. */
static void rate_metric(double per_sec)
{
	static const char *const units[] = {
		"/sec", "K/sec", "M/sec", "G/sec",
	};
	int u = 0;

	while (u < 3 && per_sec > 1000.0) {
		per_sec /= 1000.0;
		u++;
	}
	metric("%8.3f", units[u], per_sec);
}

static void print_metric(const struct stat_run *r, const struct stat_counter *c)
{
	const struct stat_event *ev = c->ev;
	double v = c->value, ns = clock_ns(r), total;

	if (is_clock(ev)) {
		if (r->elapsed > 0)
			metric("%8.3f", "CPUs utilized", v / (r->elapsed * 1e9));
		else
			metric(NULL, NULL, 0);
		return;
	}
	if (ev->type == PERF_TYPE_HARDWARE) {
		switch (ev->config) {
		case PERF_COUNT_HW_CPU_CYCLES:
			if (ns)
				metric("%8.3f", "GHz", v / ns);
			else
				metric(NULL, NULL, 0);
			return;
		case PERF_COUNT_HW_INSTRUCTIONS:
			total = counted(r, PERF_TYPE_HARDWARE,
					PERF_COUNT_HW_CPU_CYCLES);
			if (total)
				metric("%7.2f ", "insn per cycle", v / total);
			else
				metric(NULL, NULL, 0);
			return;
		case PERF_COUNT_HW_BRANCH_MISSES:
			total = counted(r, PERF_TYPE_HARDWARE,
					PERF_COUNT_HW_BRANCH_INSTRUCTIONS);
			if (total)
				metric("%7.2f%%", "of all branches",
				       100.0 * v / total);
			else
				metric(NULL, NULL, 0);
			return;
		case PERF_COUNT_HW_CACHE_MISSES:
			total = counted(r, PERF_TYPE_HARDWARE,
					PERF_COUNT_HW_CACHE_REFERENCES);
			if (total)
				metric("%8.3f %%", "of all cache refs",
				       100.0 * v / total);
			else
				metric(NULL, NULL, 0);
			return;
		}
	}
	if (ns)
		rate_metric(1e9 * v / ns);
	else
		metric(NULL, NULL, 0);
}

static void print_counter(const struct stat_run *r,
			  const struct stat_counter *c)
{
	bool clk = is_clock(c->ev);

	out_open_object(NULL);
	out_str("event", NULL, c->name);
	out_bool("counted", NULL, c->state == STAT_COUNTED);
	out_u64("value", NULL, c->value);
	out_u64("enabled-ns", NULL, c->enabled);
	out_u64("running-ns", NULL, c->running);
	if (c->state == STAT_NOT_COUNTED) {
		out_text("%18s %-4s %-25s", "<not counted>", "", c->name);
		metric(NULL, NULL, 0);
	} else {
		if (clk)
			out_double("msec", "%18.2f msec ", c->value / 1e6);
		else
			out_text("%18" PRIu64 " %-4s ", c->value, "");
		out_text("%-32s", c->name);
		print_metric(r, c);
	}
	if (c->running != c->enabled && c->enabled)
		out_double("running-pct", "  (%.2f%%)",
			   100.0 * c->running / c->enabled);
	out_text("\n");
	out_close_object();
}

void stat_print(const struct stat_run *r)
{
	size_t i, n;

	out_open_object(NULL);
	out_str("target", NULL, r->target);
	out_str("kind", NULL, r->kind == STAT_COMMAND ? "command" :
		r->kind == STAT_PROCESS ? "process" : "system");
	out_text("\n Performance counter stats for ");
	if (r->kind == STAT_SYSTEM)
		out_text("'system wide'");
	else if (r->kind == STAT_PROCESS)
		out_text("process id '%s'", r->target);
	else
		out_text("'%s'", r->target);
	out_text(":\n\n");
	out_open_array("counters");
	for (i = 0; i < r->n; i++)
		if (r->c[i].state != STAT_NOT_SUPPORTED)
			print_counter(r, &r->c[i]);
	out_close_array();
	out_open_array("not-supported");
	for (i = 0, n = 0; i < r->n; i++) {
		if (r->c[i].state != STAT_NOT_SUPPORTED)
			continue;
		if (n++)
			out_text(", ");
		else
			out_text("%18s %-4s ", "not supported here", "");
		out_str(NULL, "%s", r->c[i].name);
	}
	if (n)
		out_text("\n");
	out_close_array();
	out_double("elapsed-s", "\n %17.9f seconds time elapsed", r->elapsed);
	if (r->rusage) {
		out_text("\n\n");
		out_double("user-s", " %17.9f seconds user\n", r->user);
		out_double("sys-s", " %17.9f seconds sys\n", r->sys);
		out_s64("exit-status", NULL, r->status);
	}
	out_text("\n\n");
	out_close_object();
}
