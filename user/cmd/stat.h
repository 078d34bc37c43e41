/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl stat`: the event table, the -e parser and perf stat's
 * printing (stat_print.c), apart from the perf_event_open(2) side
 * (stat.c) so the tests can print recorded counts.
 */
#ifndef KDBGCTL_STAT_H
#define KDBGCTL_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What perf_event_attr needs, and how perf names and prints it. */
struct stat_event {
	const char *name;	/* perf's name */
	const char *alias;	/* perf's other name, or NULL */
	uint32_t type;		/* PERF_TYPE_HARDWARE or _SOFTWARE */
	uint64_t config;	/* PERF_COUNT_HW_* or PERF_COUNT_SW_* */
};

/* The event @name (or alias) names, or NULL. */
const struct stat_event *stat_event_find(const char *name);

/* One counter of the run, summed over its threads or CPUs. */
enum stat_state {
	STAT_COUNTED,
	STAT_NOT_SUPPORTED,	/* no PMU for it here (ENOENT, EOPNOTSUPP...) */
	STAT_NOT_COUNTED,	/* opened, but never ran (running time 0) */
};

struct stat_counter {
	const struct stat_event *ev;
	char name[40];		/* as typed, ":u" when kernel was excluded */
	enum stat_state state;
	uint64_t value;		/* scaled by enabled/running when multiplexed */
	uint64_t enabled, running;	/* ns */
};

#define STAT_MAX_EVENTS	32

struct stat_run {
	struct stat_counter c[STAT_MAX_EVENTS];
	size_t n;
	enum { STAT_COMMAND, STAT_PROCESS, STAT_SYSTEM } kind;
	char target[256];	/* the command line, or the pid */
	double elapsed;		/* s, wall */
	bool rusage;		/* a forked command: its user and sys time */
	double user, sys;	/* s */
	int status;		/* its exit code, 128 + signal if killed */
};

/*
 * Parse -e's comma-separated list into @r's counters (appending): 0, or
 * -1 with the offending name in *@bad (unknown, or too many events).
 */
int stat_parse_events(struct stat_run *r, char *list, const char **bad);
/* perf stat's default events (task-clock, or cpu-clock with -a, ...). */
void stat_default_events(struct stat_run *r, bool system_wide);

/*
 * Add one fd's reading @v (value, time enabled, time running; read_format
 * TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING) to @c, the value scaled by
 * enabled/running as perf scales a multiplexed counter, into *@sum;
 * then stat_counter_done() rounds it and sets the state: counted, or
 * not counted when it never ran.
 */
void stat_counter_add(struct stat_counter *c, const uint64_t v[3],
		      double *sum);
void stat_counter_done(struct stat_counter *c, double sum);

/*
 * Print @r as perf stat prints it (text), or as JSON: a counter line per
 * counted event with perf's metric (CPUs utilized, GHz, insn per cycle,
 * % of all branches / cache refs, or the rate per second of task-clock),
 * the events not supported here on one line, then the elapsed time and,
 * for a command, its user and sys time.
 */
void stat_print(const struct stat_run *r);

#endif /* KDBGCTL_STAT_H */
