/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The printers of funccount, funclatency, stackcount and agg show. Given
 * a read (struct kdbg_agg_dump) they need no kernel (stackcount only for
 * a stack id it has not seen), so the tests drive them with dumps parsed
 * from messages built with libmnl.
 */
#ifndef KDBGCTL_TOOLS_H
#define KDBGCTL_TOOLS_H

#include <stdio.h>

#include "trace.h"

struct fold_table;

/* funccount: @arg unused. */
int funccount_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg);

/* funclatency: @arg is the unit. */
struct funclatency_unit {
	const char *label;	/* BCC's: nsecs, usecs, msecs */
	uint64_t div;		/* ns per unit */
};
int funclatency_print(struct trace *t, const struct kdbg_agg_dump *d,
		      void *arg);

/* stackcount: @arg is the state below. */
enum sc_format { SC_TEXT, SC_FOLDED, SC_SVG, SC_PPROF };

struct sc_stacks {		/* the stack table copy of one source */
	uint32_t id;
	struct kdbg_stacks m;
};

struct stackcount {
	enum sc_format fmt;
	const char *output;	/* -o FILE, NULL: standard output */
	FILE *out;
	struct ksyms *ks;
	struct fold_table *fold;	/* all but text */
	struct sc_stacks *st;
	size_t nr_st;
};

int stackcount_print(struct trace *t, const struct kdbg_agg_dump *d,
		     void *arg);
/* The (cached) stack table of source @id, added empty if new. */
struct kdbg_stacks *stackcount_stacks(struct stackcount *sc, uint32_t id);

/* agg show: one source's table; @spec (may be NULL) as SOURCE_GET gave it. */
void agg_print_source(struct kdbg_agg_source *s, uint32_t type,
		      const struct kdbg_agg_spec *spec);

/* syscount: @arg is the options below. */
struct syscount_opts {
	bool latency;			/* -L: time columns */
	struct funclatency_unit unit;	/* of the time columns */
	uint32_t only[64];		/* -e: these calls only */
	size_t nr_only;			/* 0: every call */
	uint64_t missed;		/* pairing map misses reported */
};
int syscount_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg);

/* runqlat: @arg is the options below. */
struct runqlat_opts {
	struct funclatency_unit unit;
	bool per_cpu;			/* --per-cpu: rows keyed by CPU */
	uint64_t missed;		/* pairing map misses reported */
};
int runqlat_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg);

/* biolatency: @arg is the options below. */
struct biolatency_opts {
	struct funclatency_unit unit;
	bool per_disk;			/* -D: rows keyed by dev_t */
	const char *sysfs;		/* "/sys/dev/block" (tests: elsewhere) */
	uint64_t missed;		/* pairing map misses reported */
};
int biolatency_print(struct trace *t, const struct kdbg_agg_dump *d,
		     void *arg);
/* "loop0" from @sysfs/MAJOR:MINOR/uevent, else "MAJOR:MINOR". */
const char *biolatency_disk_name(const char *sysfs, uint64_t dev, char *buf,
				 size_t len);

#endif /* KDBGCTL_TOOLS_H */
