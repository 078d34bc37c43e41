/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbgctl's half of in-kernel aggregation (see "Aggregation" and
 * "Patterns" in include/uapi/linux/kdbg.h): the KDBG_A_SOURCE_AGG nest
 * of SOURCE_ADD, the reply of a pattern add, AGG_GET dumps read into an
 * in-memory table grouped by source, and STACK_GET dumps read into an
 * id -> frames map. The parsers are pure (one message at a time) so the
 * tests feed them messages built with libmnl; the *_get() calls add the
 * netlink round trip.
 */
#ifndef KDBGCTL_AGG_H
#define KDBGCTL_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kdbg.h>

struct nlmsghdr;
struct nlattr;
struct kdbg_nl;

/* What SOURCE_ADD asks for in KDBG_A_SOURCE_AGG (and SOURCE_GET echoes). */
struct kdbg_agg_spec {
	uint32_t keys;		/* KDBG_AGG_KEY_* */
	uint32_t key_arg;
	uint32_t value;		/* enum kdbg_agg_value */
	uint32_t value_arg;
	uint32_t hist;		/* enum kdbg_agg_hist */
	uint64_t hist_min, hist_max, hist_step;
	uint32_t entries;	/* 0: the kernel's default */
	uint32_t stacks;	/* 0: the kernel's default */
};

/* Put @spec as a KDBG_A_SOURCE_AGG nest (only the attributes it sets). */
void kdbg_nl_put_agg(struct nlmsghdr *nlh, const struct kdbg_agg_spec *spec);
/* Read a KDBG_A_SOURCE_AGG nest back: 0 or -EINVAL. */
int kdbg_agg_spec_parse(const struct nlattr *nest, struct kdbg_agg_spec *spec);

/*
 * Linear buckets of @spec: below MIN, one per STEP up to MAX, >= MAX.
 * 0 when the bounds are invalid (MIN >= MAX, STEP 0, too many).
 */
uint32_t kdbg_agg_linear_buckets(uint64_t min, uint64_t max, uint64_t step);

/*
 * Parse the aggregation options of `probe add` / `tracepoint add`:
 * --key LIST, --value V, --hist H, --entries N, --stacks N and
 * --max-matches N. Other arguments stay in @argv, compacted; return their
 * count, or -1 after reporting a usage error (prefixed with @object).
 * *@agg is set when any aggregation option was given.
 */
int kdbg_parse_agg_opts(const char *object, int argc, char **argv,
			struct kdbg_agg_spec *spec, bool *agg,
			uint32_t *max_matches);
/* Check @spec against the source type; report and return -1 if wrong. */
int kdbg_agg_spec_check(const char *object, const struct kdbg_agg_spec *spec,
			uint32_t type);

/* Show @spec (text: " agg key K value V ...", JSON: an "agg" object). */
void out_agg_spec(const struct kdbg_agg_spec *spec);

/* A kprobe target holding '*', '?' or '[' is a pattern. */
bool kdbg_target_is_pattern(const char *target);

/* The SOURCE_ADD reply: an id, and for a pattern what it matched. */
struct kdbg_add_reply {
	uint32_t id;			/* the (first) attached source */
	bool pattern;			/* MATCHED/ATTACHED were present */
	uint32_t matched, attached;
	uint32_t skipped[KDBG_A_SKIP_MAX + 1];	/* by KDBG_A_SKIP_* */
};

int kdbg_add_reply_parse(const struct nlmsghdr *nlh, struct kdbg_add_reply *r);
uint32_t kdbg_add_reply_skipped(const struct kdbg_add_reply *r);
/* JSON keys (text: words) of the KDBG_A_SKIP_* reasons. */
extern const char *const kdbg_skip_names[KDBG_A_SKIP_MAX + 1];
extern const char *const kdbg_skip_words[KDBG_A_SKIP_MAX + 1];

/* ---- AGG_GET ---- */

/* Key fields present in an entry, as KDBG_AGG_KEY_* bits. */
struct kdbg_agg_row {
	uint32_t keys;
	uint32_t stack_id, pid, tgid, cpu;
	uint32_t ustack_id;	/* KEY_USTACK: a user stack's id */
	uint64_t arg, retval;
	char comm[KDBG_COMM_LEN];
	bool has_value;		/* SUM/MIN/MAX present */
	uint64_t count, sum, min, max;
	uint32_t nr_buckets;	/* 0: no histogram */
	uint64_t *hist;
};

struct kdbg_agg_stats {
	uint32_t entries, capacity;
	uint64_t missed;
	uint32_t stacks, stack_capacity;
	uint64_t stack_missed;
};

struct kdbg_agg_source {
	uint32_t id;
	char target[KDBG_TARGET_MAX];	/* from the closing message */
	bool closed;			/* its closing message was seen */
	struct kdbg_agg_stats stats;
	uint32_t keys;			/* union of the rows' keys */
	bool has_value;
	uint32_t nr_buckets;		/* the widest row's histogram */
	struct kdbg_agg_row *rows;
	size_t nr_rows, cap_rows;
};

struct kdbg_agg_dump {
	struct kdbg_agg_source *src;	/* in the order first seen */
	size_t nr_src;
};

/* Add one AGG_GET reply message to @d: 0, -EINVAL, -ENOMEM. */
int kdbg_agg_dump_parse(struct kdbg_agg_dump *d, const struct nlmsghdr *nlh);
void kdbg_agg_dump_free(struct kdbg_agg_dump *d);

/*
 * AGG_GET into @d (emptied first): source @id if nonzero, else those of
 * @pattern if non-NULL, else all; @clear reads and clears. Errors are
 * reported with @context. Return 0 or a negative errno.
 */
int kdbg_agg_get(struct kdbg_nl *nl, uint32_t id, const char *pattern,
		 bool clear, struct kdbg_agg_dump *d, const char *context);

/*
 * Sum the histograms of every row of every source into @out (@n
 * buckets, zeroed first), and their count/sum/min/max. Rows with another
 * bucket count add what fits.
 */
struct kdbg_agg_total {
	uint64_t count, sum, min, max;
	bool has_value;
};
void kdbg_agg_dump_sum(const struct kdbg_agg_dump *d, uint64_t *out,
		       uint32_t n, struct kdbg_agg_total *t);

/*
 * Report missed hits and lost stacks of every source in @d on stderr
 * ("kdbgctl: warning: ..."), never silently. Return how many warned.
 */
unsigned int kdbg_agg_dump_warn(const struct kdbg_agg_dump *d);

/* ---- STACK_GET ---- */

struct kdbg_stack {
	uint32_t id;
	uint32_t nr;
	uint64_t *ips;		/* innermost first */
};

struct kdbg_stacks {
	struct kdbg_stack *s;	/* sorted by id after kdbg_stacks_get() */
	size_t nr, cap;
};

int kdbg_stacks_parse(struct kdbg_stacks *m, const struct nlmsghdr *nlh);
/* Sort by id (bisection in kdbg_stacks_find()); the dump gives id order. */
void kdbg_stacks_sort(struct kdbg_stacks *m);
const struct kdbg_stack *kdbg_stacks_find(const struct kdbg_stacks *m,
					  uint32_t id);
void kdbg_stacks_free(struct kdbg_stacks *m);
/* STACK_GET of source @id into @m (emptied first), sorted. */
int kdbg_stacks_get(struct kdbg_nl *nl, uint32_t id, struct kdbg_stacks *m,
		    const char *context);

#endif /* KDBGCTL_AGG_H */
