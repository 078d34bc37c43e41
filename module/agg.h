/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel aggregation: the table an aggregating source updates instead of
 * writing records, and the stack table behind its STACK key. See
 * "Aggregation" in include/uapi/linux/kdbg.h for what users see.
 *
 *   agg.c       the aggregation table: keys, values, histograms, the
 *               lock-free update, snapshots (read, read-and-clear)
 *   stackmap.c  the stack table: each distinct stack stored once, by id
 *
 * Both are pure logic over preallocated memory (no kprobe, no netlink), so
 * kunit/ compiles them in and tests them directly.
 *
 * Concurrency. Updates (kdbg_agg_update()) run from any context, NMI
 * included, on any CPU at once, with preemption disabled, and never sleep,
 * spin on another context or allocate. Everything else runs in process
 * context and may sleep; kdbg_agg_snapshot() and kdbg_agg_destroy() of one
 * table are serialised by the caller (the sources mutex).
 */
#ifndef KDBG_AGG_H
#define KDBG_AGG_H

#include <linux/bits.h>
#include <linux/types.h>
#include <uapi/linux/kdbg.h>

struct netlink_ext_ack;

/* What the request asked for (KDBG_A_SOURCE_AGG), validated. */
struct kdbg_agg_spec {
	u32 keys;		/* KDBG_AGG_KEY_* */
	u32 key_arg;		/* KEY_ARG: argument index */
	u32 value;		/* enum kdbg_agg_value */
	u32 value_arg;		/* VALUE_ARG: argument index */
	u32 hist;		/* enum kdbg_agg_hist */
	u64 hist_min, hist_max, hist_step;	/* LINEAR */
	u32 entries;		/* table capacity; 0: the default */
	u32 stacks;		/* stack table capacity; 0: the default */
};

/*
 * What a source kind supports, for kdbg_agg_spec_check(): the key bits
 * beyond the generic ones (KEY_ARG, KEY_RETVAL) and the values, as a mask
 * of (1 << enum kdbg_agg_value). VALUE_NONE is always allowed.
 */
struct kdbg_agg_caps {
	u32 keys;
	u32 values;
	u32 nargs;		/* raw arguments the source has (KEY/VALUE_ARG) */
};

/* One hit, as the source's handler saw it. */
struct kdbg_agg_hit {
	const unsigned long *stack;	/* innermost first; NULL if none */
	u32 nr_stack;
	u32 stack_id;			/* @stack NULL: an id of the table's */
	u32 pid, tgid, cpu;
	const char *comm;		/* KDBG_COMM_LEN bytes */
	u64 latency;			/* kretprobes */
	u64 retval;			/* kretprobes */
	const u64 *args;		/* tracepoints */
	u32 nr_args;
	const unsigned long *ustack;	/* KEY_USTACK: user frames, or NULL */
	u32 nr_ustack;
};

/* The key of an entry; fields the table is not keyed by are 0. */
struct kdbg_agg_key {
	u32 stack_id;
	u32 pid;
	u32 tgid;
	u32 cpu;
	u32 ustack_id;		/* KEY_USTACK: a user stack's id */
	u32 pad;		/* 0: keys compare as whole words */
	u64 arg;
	u64 retval;
	char comm[KDBG_COMM_LEN];
};

/* One entry of a snapshot; @hist has kdbg_agg_snap.nr_buckets buckets. */
struct kdbg_agg_snap_entry {
	struct kdbg_agg_key key;
	u64 count;
	u64 sum, min, max;	/* with a value; min is U64_MAX if count is 0 */
	u64 hist[];
};

struct kdbg_agg_stats {
	u32 entries;		/* in use in the active table */
	u32 capacity;
	u64 missed;		/* hits with no free entry, since creation */
	u32 stacks;		/* stored */
	u32 stack_capacity;	/* 0 without a stack key */
	u64 stack_missed;	/* hits whose stack found no room */
};

/*
 * A copy of a table, merged so that each key appears once, sorted by key
 * (stack id, pid, tgid, cpu, user stack id, arg, retval, comm).
 */
struct kdbg_agg_snap {
	u32 nr;			/* entries */
	u32 nr_buckets;		/* per entry; 0 without a histogram */
	u32 entry_size;		/* bytes between entries */
	struct kdbg_agg_stats stats;	/* taken with the copy */
	u8 data[];
};

struct kdbg_agg;
struct kdbg_stackmap;

/*
 * kdbg_agg_spec_check() - refuse what @caps cannot give, malformed
 * histograms and out-of-range sizes, with an extack message.
 * Return: 0 or -EINVAL (-ERANGE for entries/stacks out of range).
 */
int kdbg_agg_spec_check(const struct kdbg_agg_spec *spec,
			const struct kdbg_agg_caps *caps,
			struct netlink_ext_ack *extack);

/* Buckets a histogram of @spec has: 0, KDBG_AGG_LOG2_BUCKETS or linear. */
u32 kdbg_agg_nr_buckets(const struct kdbg_agg_spec *spec);

/*
 * Bucket of @v: log2 (fls64: 0 -> 0, 1 -> 1, 2..3 -> 2, ...) and linear
 * (0: below min, then one per step, last: >= max).
 */
u32 kdbg_agg_log2_bucket(u64 v);
u32 kdbg_agg_linear_bucket(const struct kdbg_agg_spec *spec, u64 v);

/* Context: process; allocates (vmalloc) both tables and the stack table. */
struct kdbg_agg *kdbg_agg_create(const struct kdbg_agg_spec *spec);
/* Context: process; no update may still run (the source is detached). */
void kdbg_agg_destroy(struct kdbg_agg *agg);

const struct kdbg_agg_spec *kdbg_agg_spec(const struct kdbg_agg *agg);
/* True when the table is keyed by stack: the caller then unwinds. */
bool kdbg_agg_wants_stack(const struct kdbg_agg *agg);

/*
 * False for a table with neither keys nor value: its update only counts,
 * and kdbg_agg_count() is all it needs (kdbg_agg_update() may then be
 * given a NULL hit).
 */
bool kdbg_agg_reads_hit(const struct kdbg_agg *agg);

/*
 * The start of every struct kdbg_agg: what kdbg_agg_count() reads inline,
 * so that a plain count costs its caller no call.
 */
struct kdbg_agg_head {
	/*
	 * Tables without keys: the active table's count, per CPU (NULL with
	 * keys). Flipped with the active table by clearing snapshots (agg.c's
	 * barrier D), read once per hit (E).
	 */
	u64 __percpu *count;
};

/*
 * kdbg_agg_count() - count one hit of a table without keys or value (see
 * kdbg_agg_reads_hit()). this_cpu_inc() is one instruction on x86, so a
 * hit that interrupts another on this CPU, NMI included, loses nothing.
 * Context: any, NMI included; preemption disabled.
 */
static __always_inline void kdbg_agg_count(struct kdbg_agg *agg)
{
	struct kdbg_agg_head *head = (struct kdbg_agg_head *)agg;

	this_cpu_inc(*READ_ONCE(head->count));			/* E */
}

/* What kdbg_agg_update() could not keep of a hit (all counted as well). */
#define KDBG_AGG_LOST_ENTRY	BIT(0)	/* no free entry: in none */
#define KDBG_AGG_LOST_STACK	BIT(1)	/* keyed by stack id 0 */
#define KDBG_AGG_LOST_USTACK	BIT(2)	/* keyed by user stack id 0 */

/*
 * kdbg_agg_update() - add one hit.
 * Context: any, NMI included; preemption disabled (the snapshot's
 * read-and-clear waits for such sections with synchronize_rcu()).
 * Return: 0, or the KDBG_AGG_LOST_* of what the hit lost.
 */
u32 kdbg_agg_update(struct kdbg_agg *agg, const struct kdbg_agg_hit *hit);

/*
 * kdbg_agg_snapshot() - copy the table; with @clear, swap in the other
 * (empty) table first and wait for updates still on the old one, so each
 * hit lands in exactly one clearing snapshot.
 * Context: process; sleeps; allocates. Return: the copy (free with
 * kvfree()) or NULL (-ENOMEM).
 */
struct kdbg_agg_snap *kdbg_agg_snapshot(struct kdbg_agg *agg, bool clear);

/*
 * kdbg_agg_snap_merge() - sort @snap by key and merge the entries of the
 * same key (counts, sums and buckets add; min and max combine). The
 * snapshot does it; KUnit tests it on entries it repeats on purpose.
 */
void kdbg_agg_snap_merge(struct kdbg_agg_snap *snap);

static inline const struct kdbg_agg_snap_entry *
kdbg_agg_snap_entry(const struct kdbg_agg_snap *snap, u32 i)
{
	return (const void *)(snap->data + (size_t)i * snap->entry_size);
}

void kdbg_agg_get_stats(struct kdbg_agg *agg, struct kdbg_agg_stats *st);

/* The agg's stack table (kernel and user stacks), NULL without either key. */
struct kdbg_stackmap *kdbg_agg_stackmap(struct kdbg_agg *agg);

/* ------------------------------------------------------------------ */
/* stackmap.c                                                          */

/* Context: process; allocates room for @capacity stacks. */
struct kdbg_stackmap *kdbg_stackmap_create(u32 capacity);
void kdbg_stackmap_destroy(struct kdbg_stackmap *map);

/*
 * kdbg_stackmap_get() - the id (>= 1) of the stack @ips[0..@nr), storing it
 * on first sight; 0 if it is new and the table has no room (counted as
 * missed) or @nr is 0. Two contexts storing the same new stack at once may
 * give it two ids; both are valid and resolve to the same frames.
 * Context: any, NMI included; lock-free.
 */
u32 kdbg_stackmap_get(struct kdbg_stackmap *map, const unsigned long *ips,
		      u32 nr);
/* The same with the hash given (KUnit forces collisions with it). */
u32 kdbg_stackmap_get_hashed(struct kdbg_stackmap *map,
			     const unsigned long *ips, u32 nr, u32 hash);

/*
 * kdbg_stackmap_walk() - call @fn for each stored stack with id >= @start
 * in id order; @fn returns <0 to stop (returned). Context: any.
 */
int kdbg_stackmap_walk(struct kdbg_stackmap *map, u32 start,
		       int (*fn)(u32 id, const u64 *ips, u32 nr, void *arg),
		       void *arg);

u32 kdbg_stackmap_count(const struct kdbg_stackmap *map);
u32 kdbg_stackmap_capacity(const struct kdbg_stackmap *map);
u64 kdbg_stackmap_missed(const struct kdbg_stackmap *map);

#endif /* KDBG_AGG_H */
