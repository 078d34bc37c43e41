/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl profile`'s state and its pure parts (see profile.c): the
 * SOURCE_GET parser of a sample source's event and per-CPU counts, the
 * rows accumulated over reads and their printing, so that the tests drive
 * them with messages built with libmnl and rows made by hand.
 */
#ifndef KDBGCTL_PROFILE_H
#define KDBGCTL_PROFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "agg.h"
#include "stream.h"

struct trace;
struct ksyms;
struct usyms;
struct fold_table;
struct nlmsghdr;

#define PROFILE_CPUS_MAX	1024
#define PROFILE_ENTRIES		4096	/* of the aggregation table */
#define PROFILE_STACKS		4096	/* of the stack table */

enum pf_format { PF_TEXT, PF_FOLDED, PF_SVG, PF_PPROF };

/* One sampled CPU, as SOURCE_GET's KDBG_A_SOURCE_SAMPLE_CPUS gives it. */
struct profile_cpu {
	uint32_t cpu;
	uint64_t samples, filtered, lost, stack_lost, ustack_lost;
};

struct profile_info {
	bool seen;		/* the source was in the dump */
	uint32_t event;		/* enum kdbg_sample_event */
	uint32_t freq;
	struct profile_cpu cpus[PROFILE_CPUS_MAX];
	size_t nr_cpus;
};

/* One key of the table, its count summed over reads. */
struct profile_row {
	uint32_t tgid, stack_id, ustack_id;
	char comm[KDBG_COMM_LEN];
	uint64_t count;
};

struct profile {
	enum pf_format fmt;
	uint32_t keys;		/* KDBG_AGG_KEY_STACK and/or _USTACK */
	bool all;		/* -a */
	const char *output;	/* -o FILE, NULL: standard output */
	FILE *out;
	struct ksyms *ks;
	struct usyms *us;
	struct fold_table *fold;	/* all but text */
	struct kdbg_stacks stacks;	/* the source's stack table copy */
	struct profile_row *rows;
	size_t nr_rows;
	struct profile_info info;	/* the last SOURCE_GET */
};

/* "cycles", "cpu-clock", "?". */
const char *profile_event_name(uint32_t ev);
/* A SOURCE_GET message: fills @info if it is source @id's. 0, -EINVAL. */
int profile_info_parse(const struct nlmsghdr *nlh, uint32_t id,
		       struct profile_info *info);
/* Add an AGG_GET row to its key's row. 0, -ENOMEM. */
int profile_add_row(struct profile *pf, const struct kdbg_agg_row *r);
/* User frames of @s for @row's process, outermost first; their count. */
size_t profile_user_frames(struct profile *pf, const struct profile_row *row,
			   const struct kdbg_stack *s,
			   char (*buf)[KDBG_FRAME_LEN], size_t n);
/* Print the rows (and the per-CPU account) in pf->fmt. 0 or -1. */
int profile_print(struct trace *t, struct profile *pf);
void profile_free(struct profile *pf);

#endif /* KDBGCTL_PROFILE_H */
