// SPDX-License-Identifier: GPL-2.0
/*
 * The aggregation table of an aggregating source: one entry per key the
 * source's hits had, holding a count and, with a value, its sum, min, max
 * and histogram. The user-visible model is "Aggregation" in
 * include/uapi/linux/kdbg.h.
 *
 * Layout. Two tables, preallocated at create (a double buffer), each an
 * open-addressing hash of entries: a power of two of slots, at least twice
 * the capacity, so that probe chains stay short; an atomic reservation
 * counter per table keeps the entries in use at or below the capacity.
 * Updates go to the table @active points to. An entry is
 *
 *	| state | pad | struct kdbg_agg_key | count | sum | min | max |
 *	| hist[0] ... hist[nr_buckets - 1] |
 *
 * with every field after the key an atomic64_t. A table without keys has
 * one entry, claimed before the table is used; its count is kept per CPU
 * instead (the entry's own stays 0), so that the hits of all CPUs, which
 * all go to that entry, share no cache line and need no atomic.
 *
 * Update (kdbg_agg_update()) runs from any context, NMI included, on any
 * CPU at once, with preemption disabled, and is lock-free: build the key,
 * hash it, probe linearly from the hash; a READY entry with the same hash
 * and key is the one; an EMPTY slot ends the chain: reserve room, claim
 * the slot with cmpxchg() (EMPTY -> WRITING), write the key, publish with a
 * release store of the READY state; then add to the counters with atomic
 * operations. A WRITING slot is skipped, never waited on (its writer may be
 * the context this one interrupted), so a key may get two entries; a
 * snapshot merges them. A hit that finds no room is counted in @missed.
 *
 * Snapshots run in process context, serialised by the caller. A plain one
 * copies the active table as it is, while updates go on. A clearing one
 * points @active at the other table, which is empty, waits with
 * synchronize_rcu() for the updates still on the old one, then copies the
 * old table and empties it for the next flip: each hit lands in exactly
 * one clearing snapshot.
 *
 * Barriers:
 *   A  updater: smp_store_release(state) after the key; pairs with B.
 *   B  updater, snapshot: smp_load_acquire(state) before reading the key
 *      (and, in a snapshot, the counters) of a READY entry.
 *   C  updater: cmpxchg(state) of the claim, fully ordered: one writer per
 *      slot, and the key is written only after the claim.
 *   D  snapshot: smp_store_release(active), and of head.count for a
 *      table without keys, of the flip, after the table it installs was
 *      emptied (by the previous clearing snapshot); pairs with E, so
 *      updates never see that table's old entries or count.
 *   E  updater: READ_ONCE(active), or READ_ONCE(head.count) in
 *      kdbg_agg_count(), whose value every access to the table (or count)
 *      depends on (an address dependency, as in rcu_dereference()).
 *   F  snapshot: synchronize_rcu() after the flip; pairs with the
 *      preemption-disabled section each update runs in (an RCU read-side
 *      critical section), so no update is still on the old table.
 *
 * The per-CPU counts of a table without keys need no barrier of their
 * own: each is written only on its CPU (this_cpu_inc(), one instruction on
 * x86, so a hit that interrupts another there, NMI included, loses
 * nothing), read by snapshots with READ_ONCE() (a plain copy may be a few
 * hits behind; a clearing one reads after F), and zeroed after F like the
 * entries, before D publishes the table again.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "agg.h"

/* Entry states; any other value is READY and derived from the hash. */
#define KDBG_AGG_EMPTY		0U
#define KDBG_AGG_WRITING	1U

/* The keys every source has; KEY_ARG and KEY_RETVAL depend on its kind. */
#define KDBG_AGG_KEY_GENERIC	(KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_COMM | \
				 KDBG_AGG_KEY_PID | KDBG_AGG_KEY_TGID | \
				 KDBG_AGG_KEY_CPU)

/* Keys are hashed as u32 words and compared as u64 words: no padding. */
static_assert(sizeof(struct kdbg_agg_key) ==
	      offsetof(struct kdbg_agg_key, comm) + KDBG_COMM_LEN);
static_assert(sizeof(struct kdbg_agg_key) % sizeof(u64) == 0);

struct kdbg_agg_entry {
	u32 state;		/* EMPTY, WRITING, else READY (hash) */
	u32 pad;
	struct kdbg_agg_key key;	/* written once, before READY */
	atomic64_t count;
	atomic64_t sum;		/* with a value; wraps silently */
	atomic64_t min;		/* U64_MAX until the first value */
	atomic64_t max;
	atomic64_t hist[];	/* kdbg_agg.nr_buckets */
};

struct kdbg_agg_table {
	/*
	 * Slots claimed or about to be (reserved before the claim, released
	 * when the key turns out to be there already): at most the capacity.
	 * Reset by the clearing snapshot that empties the table.
	 */
	atomic_t used;
	u8 *slots;		/* kdbg_agg.mask + 1 entries of entry_size */
	/*
	 * Tables without keys: their one entry, claimed by
	 * kdbg_agg_preclaim() before the table becomes active (published by
	 * the store of agg->active, D, read after E), so updates skip the
	 * key and the lookup.
	 */
	struct kdbg_agg_entry *only;
	/*
	 * With @only: its count, per CPU (see "per-CPU counts" above);
	 * allocated at create, published with the table like @only.
	 */
	u64 __percpu *count;
};

struct kdbg_agg {
	struct kdbg_agg_head head;	/* first: kdbg_agg_count() */
	struct kdbg_agg_spec spec;	/* as requested (0: defaults) */
	u32 capacity;		/* entries per table */
	u32 nr_buckets;		/* histogram buckets per entry */
	u32 entry_size;		/* bytes per slot, 8-aligned */
	u32 mask;		/* slots per table - 1 */
	u32 seed;		/* of the hash: chains cannot be predicted */
	/* Where updates go: set by snapshots (D), read by updates (E). */
	struct kdbg_agg_table *active;
	atomic64_t missed;	/* hits with no free entry, both tables */
	struct kdbg_stackmap *stacks;	/* KEY_STACK only */
	struct kdbg_agg_table tables[2];
};

static_assert(offsetof(struct kdbg_agg, head) == 0);

/* ------------------------------------------------------------------ */
/* Specification                                                       */

/**
 * kdbg_agg_spec_check() - refuse what a source cannot aggregate.
 * @spec: the request.
 * @caps: what the source's kind offers.
 * @extack: receives the reason of a refusal.
 *
 * Refuses unknown keys, values and histogram kinds; keys and values the
 * source does not have; argument indices past its arguments; a histogram
 * without a value; a linear histogram with MIN >= MAX, a zero STEP or more
 * than KDBG_AGG_LINEAR_MAX buckets between MIN and MAX; table sizes out of
 * range (0 means the default).
 *
 * Context: any.
 * Return: 0, -EINVAL for a malformed or unsupported request, or -ERANGE
 * for entries or stacks out of range.
 */
int kdbg_agg_spec_check(const struct kdbg_agg_spec *spec,
			const struct kdbg_agg_caps *caps,
			struct netlink_ext_ack *extack)
{
	u64 steps, rem;

	if (spec->keys & ~KDBG_AGG_KEY_ALL) {
		NL_SET_ERR_MSG(extack, "unknown aggregation keys");
		return -EINVAL;
	}
	if (spec->keys & ~(KDBG_AGG_KEY_GENERIC | caps->keys)) {
		NL_SET_ERR_MSG(extack,
			       "this source type has no such aggregation key");
		return -EINVAL;
	}
	if ((spec->keys & KDBG_AGG_KEY_ARG) && spec->key_arg >= caps->nargs) {
		NL_SET_ERR_MSG(extack, "aggregation key argument out of range");
		return -EINVAL;
	}
	if (spec->value > KDBG_AGG_VALUE_MAX) {
		NL_SET_ERR_MSG(extack, "unknown aggregation value");
		return -EINVAL;
	}
	if (spec->value != KDBG_AGG_VALUE_NONE &&
	    !(caps->values & BIT(spec->value))) {
		NL_SET_ERR_MSG(extack,
			       "this source type cannot aggregate that value");
		return -EINVAL;
	}
	if (spec->value == KDBG_AGG_VALUE_ARG &&
	    spec->value_arg >= caps->nargs) {
		NL_SET_ERR_MSG(extack,
			       "aggregation value argument out of range");
		return -EINVAL;
	}
	if (spec->hist > KDBG_AGG_HIST_MAX) {
		NL_SET_ERR_MSG(extack, "unknown aggregation histogram");
		return -EINVAL;
	}
	if (spec->hist != KDBG_AGG_HIST_NONE &&
	    spec->value == KDBG_AGG_VALUE_NONE) {
		NL_SET_ERR_MSG(extack, "a histogram needs a value");
		return -EINVAL;
	}
	if (spec->hist == KDBG_AGG_HIST_LINEAR) {
		if (spec->hist_min >= spec->hist_max) {
			NL_SET_ERR_MSG(extack,
				       "linear histogram needs min < max");
			return -EINVAL;
		}
		if (!spec->hist_step) {
			NL_SET_ERR_MSG(extack,
				       "linear histogram needs a step > 0");
			return -EINVAL;
		}
		steps = div64_u64_rem(spec->hist_max - spec->hist_min,
				      spec->hist_step, &rem);
		if (steps + !!rem > KDBG_AGG_LINEAR_MAX) {
			NL_SET_ERR_MSG(extack,
				       "linear histogram has too many buckets");
			return -EINVAL;
		}
	}
	if (spec->entries > KDBG_AGG_ENTRIES_MAX) {
		NL_SET_ERR_MSG(extack, "aggregation entries out of range");
		return -ERANGE;
	}
	if (spec->stacks > KDBG_AGG_STACKS_MAX) {
		NL_SET_ERR_MSG(extack, "aggregation stacks out of range");
		return -ERANGE;
	}
	return 0;
}

/**
 * kdbg_agg_nr_buckets() - histogram buckets per entry.
 * @spec: a checked request.
 *
 * Context: any.
 * Return: 0 without a histogram, KDBG_AGG_LOG2_BUCKETS for log2, else the
 * linear buckets between MIN and MAX (the last one partial) plus one below
 * MIN and one at or above MAX.
 */
u32 kdbg_agg_nr_buckets(const struct kdbg_agg_spec *spec)
{
	u64 steps, rem;

	switch (spec->hist) {
	case KDBG_AGG_HIST_LOG2:
		return KDBG_AGG_LOG2_BUCKETS;
	case KDBG_AGG_HIST_LINEAR:
		steps = div64_u64_rem(spec->hist_max - spec->hist_min,
				      spec->hist_step, &rem);
		return steps + !!rem + 2;
	default:
		return 0;
	}
}

/* The bucket of @v below, in, or at or above [MIN, MAX); @last: the top. */
static __always_inline u32 kdbg_agg_linear_at(const struct kdbg_agg_spec *spec,
					      u32 last, u64 v)
{
	if (v < spec->hist_min)
		return 0;
	if (v >= spec->hist_max)
		return last;
	return 1 + div64_u64(v - spec->hist_min, spec->hist_step);
}

/**
 * kdbg_agg_log2_bucket() - the log2 bucket of a value.
 * @v: the value.
 *
 * Context: any.
 * Return: fls64(@v): 0 for 0, i for [2^(i-1), 2^i - 1], up to 64.
 */
u32 kdbg_agg_log2_bucket(u64 v)
{
	return fls64(v);
}

/**
 * kdbg_agg_linear_bucket() - the linear bucket of a value.
 * @spec: a checked request with a linear histogram.
 * @v: the value.
 *
 * Context: any.
 * Return: 0 below MIN, 1 + (@v - MIN) / STEP up to MAX, and the last
 * bucket, kdbg_agg_nr_buckets() - 1, at or above MAX.
 */
u32 kdbg_agg_linear_bucket(const struct kdbg_agg_spec *spec, u64 v)
{
	return kdbg_agg_linear_at(spec, kdbg_agg_nr_buckets(spec) - 1, v);
}

/* ------------------------------------------------------------------ */
/* Create and destroy                                                  */

static void kdbg_agg_preclaim(struct kdbg_agg *agg, struct kdbg_agg_table *t);

/**
 * kdbg_agg_create() - allocate the tables of an aggregating source.
 * @spec: a request kdbg_agg_spec_check() accepted; copied.
 *
 * Allocates both tables and, with KEY_STACK or KEY_USTACK, the stack
 * table, so that updates never allocate.
 *
 * Context: process; sleeps.
 * Return: the tables, or NULL (-ENOMEM).
 */
struct kdbg_agg *kdbg_agg_create(const struct kdbg_agg_spec *spec)
{
	unsigned long nr_slots;
	struct kdbg_agg *agg;
	int i;

	agg = kzalloc(sizeof(*agg), GFP_KERNEL);
	if (!agg)
		return NULL;
	agg->spec = *spec;
	agg->capacity = spec->entries ?: KDBG_AGG_ENTRIES_DEFAULT;
	agg->nr_buckets = kdbg_agg_nr_buckets(spec);
	agg->entry_size = ALIGN(struct_size((struct kdbg_agg_entry *)NULL,
					    hist, agg->nr_buckets), 8);
	nr_slots = roundup_pow_of_two(2UL * agg->capacity);
	agg->mask = nr_slots - 1;
	agg->seed = get_random_u32();
	for (i = 0; i < ARRAY_SIZE(agg->tables); i++) {
		agg->tables[i].slots = vzalloc(array_size(nr_slots,
							  agg->entry_size));
		if (!agg->tables[i].slots)
			goto err_free;
	}
	for (i = 0; i < ARRAY_SIZE(agg->tables) && !spec->keys; i++) {
		agg->tables[i].count = alloc_percpu(u64);
		if (!agg->tables[i].count)
			goto err_free;
	}
	if (spec->keys & (KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_USTACK)) {
		agg->stacks = kdbg_stackmap_create(spec->stacks ?:
						   KDBG_AGG_STACKS_DEFAULT);
		if (!agg->stacks)
			goto err_free;
	}
	for (i = 0; i < ARRAY_SIZE(agg->tables); i++)
		kdbg_agg_preclaim(agg, &agg->tables[i]);
	agg->active = &agg->tables[0];
	agg->head.count = agg->tables[0].count;
	return agg;

err_free:
	kdbg_agg_destroy(agg);
	return NULL;
}

/**
 * kdbg_agg_destroy() - free the tables.
 * @agg: the tables, or NULL.
 *
 * Context: process; no update, snapshot or stack walk may still run.
 */
void kdbg_agg_destroy(struct kdbg_agg *agg)
{
	if (!agg)
		return;
	kdbg_stackmap_destroy(agg->stacks);
	free_percpu(agg->tables[1].count);
	free_percpu(agg->tables[0].count);
	vfree(agg->tables[1].slots);
	vfree(agg->tables[0].slots);
	kfree(agg);
}

/**
 * kdbg_agg_spec() - the request the tables were created for.
 * @agg: the tables.
 *
 * Context: any.
 * Return: the request as given (entries and stacks 0 for the defaults).
 */
const struct kdbg_agg_spec *kdbg_agg_spec(const struct kdbg_agg *agg)
{
	return &agg->spec;
}

/**
 * kdbg_agg_wants_stack() - whether updates need the hit's stack.
 * @agg: the tables.
 *
 * Context: any.
 * Return: true when the table is keyed by stack.
 */
bool kdbg_agg_wants_stack(const struct kdbg_agg *agg)
{
	return agg->spec.keys & KDBG_AGG_KEY_STACK;
}

/**
 * kdbg_agg_reads_hit() - whether updates read the hit at all.
 * @agg: the tables.
 *
 * Context: any.
 * Return: false for a table with neither keys nor value, whose update is a
 * plain count: kdbg_agg_update() then takes a NULL hit.
 */
bool kdbg_agg_reads_hit(const struct kdbg_agg *agg)
{
	return agg->spec.keys || agg->spec.value != KDBG_AGG_VALUE_NONE;
}

/**
 * kdbg_agg_stackmap() - the stack table behind KEY_STACK.
 * @agg: the tables.
 *
 * Context: any.
 * Return: the stack table, or NULL when the table is not keyed by stack.
 */
struct kdbg_stackmap *kdbg_agg_stackmap(struct kdbg_agg *agg)
{
	return agg->stacks;
}

/* ------------------------------------------------------------------ */
/* Update                                                              */

static __always_inline struct kdbg_agg_entry *
kdbg_agg_slot(const struct kdbg_agg *agg, const struct kdbg_agg_table *t,
	      u32 idx)
{
	return (struct kdbg_agg_entry *)(t->slots +
					 (size_t)idx * agg->entry_size);
}

/* The READY state of a key of @hash: never EMPTY nor WRITING. */
static __always_inline u32 kdbg_agg_ready(u32 hash)
{
	return hash > KDBG_AGG_WRITING ? hash : hash + 2;
}

/* @comm is NUL-terminated within KDBG_COMM_LEN; the key is NUL padded. */
static __always_inline void kdbg_agg_copy_comm(char *dst, const char *comm)
{
	unsigned int i;

	for (i = 0; i < KDBG_COMM_LEN - 1 && comm[i]; i++)
		dst[i] = comm[i];
}

static __always_inline u64 kdbg_agg_arg(const struct kdbg_agg_hit *hit,
					u32 i)
{
	return hit->args && i < hit->nr_args ? hit->args[i] : 0;
}

/* Return: the KDBG_AGG_LOST_STACK/_USTACK of stacks not stored. */
static __always_inline u32 kdbg_agg_key_build(struct kdbg_agg *agg,
					      const struct kdbg_agg_hit *hit,
					      struct kdbg_agg_key *key)
{
	u32 keys = agg->spec.keys, lost = 0;

	if (keys & KDBG_AGG_KEY_STACK) {
		if (hit->stack) {
			key->stack_id = kdbg_stackmap_get(agg->stacks, hit->stack,
							  hit->nr_stack);
			if (!key->stack_id && hit->nr_stack)
				lost |= KDBG_AGG_LOST_STACK;
		} else {
			/* Layer sources took the stack earlier: they give its id. */
			key->stack_id = hit->stack_id;
		}
	}
	if ((keys & KDBG_AGG_KEY_USTACK) && hit->ustack) {
		key->ustack_id = kdbg_stackmap_get(agg->stacks, hit->ustack,
						   hit->nr_ustack);
		if (!key->ustack_id && hit->nr_ustack)
			lost |= KDBG_AGG_LOST_USTACK;
	}
	if (keys & KDBG_AGG_KEY_PID)
		key->pid = hit->pid;
	if (keys & KDBG_AGG_KEY_TGID)
		key->tgid = hit->tgid;
	if (keys & KDBG_AGG_KEY_CPU)
		key->cpu = hit->cpu;
	if (keys & KDBG_AGG_KEY_ARG)
		key->arg = kdbg_agg_arg(hit, agg->spec.key_arg);
	if (keys & KDBG_AGG_KEY_RETVAL)
		key->retval = hit->retval;
	if ((keys & KDBG_AGG_KEY_COMM) && hit->comm)
		kdbg_agg_copy_comm(key->comm, hit->comm);
	return lost;
}

/*
 * Keyed by stack alone, the key is a stack id: a slot index of the stack
 * table, distinct per stack and already spread by that table's seeded
 * hash, so it serves as its own hash (XOR with the seed keeps distinct ids
 * distinct). Other keys go through jhash2().
 */
static __always_inline u32 kdbg_agg_key_hash(const struct kdbg_agg *agg,
					     const struct kdbg_agg_key *key)
{
	if (agg->spec.keys == KDBG_AGG_KEY_STACK)
		return key->stack_id ^ agg->seed;
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32), agg->seed);
}

/* Whole keys, as u64 words: no call, no byte loop. */
static __always_inline bool kdbg_agg_key_eq(const struct kdbg_agg_key *a,
					    const struct kdbg_agg_key *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;
	u64 diff = 0;
	unsigned int i;

	for (i = 0; i < sizeof(*a) / sizeof(u64); i++)
		diff |= x[i] ^ y[i];
	return !diff;
}

/*
 * The entry of @key in @t, claimed and published if absent; NULL if the
 * table has no room for a new key.
 */
static __always_inline struct kdbg_agg_entry *
kdbg_agg_lookup(struct kdbg_agg *agg, struct kdbg_agg_table *t,
		const struct kdbg_agg_key *key, u32 hash)
{
	u32 ready = kdbg_agg_ready(hash);
	struct kdbg_agg_entry *e;
	bool reserved = false;
	u32 i, state;

	for (i = 0; i <= agg->mask; i++) {
		e = kdbg_agg_slot(agg, t, (hash + i) & agg->mask);
		state = smp_load_acquire(&e->state);		/* B */
		if (state == KDBG_AGG_EMPTY) {
			/*
			 * The end of the chain: the key is new (or being
			 * written by a context we cannot wait for).
			 */
			if (!reserved &&
			    !atomic_add_unless(&t->used, 1, agg->capacity))
				return NULL;
			reserved = true;
			if (cmpxchg(&e->state, KDBG_AGG_EMPTY,
				    KDBG_AGG_WRITING) ==
			    KDBG_AGG_EMPTY) {				/* C */
				/* count, sum, max, hist: 0 since emptied */
				e->key = *key;
				atomic64_set(&e->min, U64_MAX);
				smp_store_release(&e->state, ready);	/* A */
				return e;
			}
			/* Another context claimed it: see what it wrote. */
			state = smp_load_acquire(&e->state);	/* B */
		}
		if (state == ready && kdbg_agg_key_eq(&e->key, key)) {
			if (reserved)
				atomic_dec(&t->used);
			return e;
		}
	}
	/*
	 * Not reached: fewer slots are claimed than reserved, and fewer are
	 * reserved than half the slots, so the chain ends in an EMPTY slot.
	 * The loop is bounded all the same, as a handler's loops must be.
	 */
	if (reserved)
		atomic_dec(&t->used);
	return NULL;
}

static __always_inline void kdbg_agg_add_value(struct kdbg_agg *agg,
					       struct kdbg_agg_entry *e, u64 v)
{
	s64 old;

	atomic64_add(v, &e->sum);
	/* Retried only when another context moved the bound meanwhile. */
	old = atomic64_read(&e->min);
	while ((u64)old > v && !atomic64_try_cmpxchg(&e->min, &old, v))
		;
	old = atomic64_read(&e->max);
	while ((u64)old < v && !atomic64_try_cmpxchg(&e->max, &old, v))
		;
	if (agg->spec.hist == KDBG_AGG_HIST_LOG2)
		atomic64_inc(&e->hist[fls64(v)]);
	else if (agg->spec.hist == KDBG_AGG_HIST_LINEAR)
		atomic64_inc(&e->hist[kdbg_agg_linear_at(&agg->spec,
							 agg->nr_buckets - 1,
							 v)]);
}

/*
 * The entry of @hit's key in @t, its count taken; NULL (the hit counted as
 * missed) if the table has no room. Out of line, so that the keyless path
 * of kdbg_agg_update() needs no stack frame for the key.
 */
static noinline struct kdbg_agg_entry *
kdbg_agg_count_keyed(struct kdbg_agg *agg, struct kdbg_agg_table *t,
		     const struct kdbg_agg_hit *hit, u32 *lost)
{
	struct kdbg_agg_key key = {};
	struct kdbg_agg_entry *e;

	*lost = kdbg_agg_key_build(agg, hit, &key);
	e = kdbg_agg_lookup(agg, t, &key, kdbg_agg_key_hash(agg, &key));
	if (!e) {
		atomic64_inc(&agg->missed);
		*lost |= KDBG_AGG_LOST_ENTRY;
		return NULL;
	}
	atomic64_inc(&e->count);
	return e;
}

NOKPROBE_SYMBOL(kdbg_agg_count_keyed);

/**
 * kdbg_agg_update() - add one hit to the active table.
 * @agg: the tables.
 * @hit: what the source's handler saw; NULL when kdbg_agg_reads_hit() is
 *	false.
 *
 * Counts the hit in the entry of its key, adding the value when the
 * request has one; a hit whose key finds no room is counted as missed.
 * Keyed by stack, a hit whose stack finds no room in the stack table is
 * keyed by stack id 0 (and counted there as missed); the same for user
 * stacks.
 *
 * Context: any, NMI included; preemption disabled, which the clearing
 * snapshot's synchronize_rcu() relies on. Lock-free; never sleeps,
 * allocates or waits on another context.
 * Return: 0, or KDBG_AGG_LOST_* bits: what the hit lost (so a caller can
 * count it per CPU).
 */
u32 kdbg_agg_update(struct kdbg_agg *agg, const struct kdbg_agg_hit *hit)
{
	struct kdbg_agg_entry *e;
	struct kdbg_agg_table *t;
	u32 lost = 0;
	u64 v;

	lockdep_assert_preemption_disabled();
	t = READ_ONCE(agg->active);				/* E */
	if (t->only) {
		e = t->only;
		this_cpu_inc(*t->count);
	} else {
		e = kdbg_agg_count_keyed(agg, t, hit, &lost);
		if (!e)
			return lost;
	}
	switch (agg->spec.value) {
	case KDBG_AGG_VALUE_LATENCY:
		v = hit->latency;
		break;
	case KDBG_AGG_VALUE_RETVAL:
		v = hit->retval;
		break;
	case KDBG_AGG_VALUE_ARG:
		v = kdbg_agg_arg(hit, agg->spec.value_arg);
		break;
	default:
		return lost;
	}
	kdbg_agg_add_value(agg, e, v);
	return lost;
}

NOKPROBE_SYMBOL(kdbg_agg_update);

/*
 * A table without keys has one entry, claimed here while no update can
 * reach @t (created, or emptied after its clearing copy). Otherwise two
 * contexts taking the first hit at once would race for a one-entry table
 * and the loser would count as missed though the key is the same.
 */
static void kdbg_agg_preclaim(struct kdbg_agg *agg, struct kdbg_agg_table *t)
{
	struct kdbg_agg_key key = {};

	if (agg->spec.keys)
		return;
	t->only = kdbg_agg_lookup(agg, t, &key, kdbg_agg_key_hash(agg, &key));
	WARN_ON_ONCE(!t->only);
}

/* ------------------------------------------------------------------ */
/* Snapshot                                                            */

static int kdbg_agg_cmp_u64(u64 a, u64 b)
{
	return a < b ? -1 : a > b;
}

/* The order of a snapshot's entries: the key's fields in turn. */
static int kdbg_agg_key_cmp(const struct kdbg_agg_key *a,
			    const struct kdbg_agg_key *b)
{
	return kdbg_agg_cmp_u64(a->stack_id, b->stack_id) ?:
	       kdbg_agg_cmp_u64(a->pid, b->pid) ?:
	       kdbg_agg_cmp_u64(a->tgid, b->tgid) ?:
	       kdbg_agg_cmp_u64(a->cpu, b->cpu) ?:
	       kdbg_agg_cmp_u64(a->ustack_id, b->ustack_id) ?:
	       kdbg_agg_cmp_u64(a->arg, b->arg) ?:
	       kdbg_agg_cmp_u64(a->retval, b->retval) ?:
	       memcmp(a->comm, b->comm, KDBG_COMM_LEN);
}

static int kdbg_agg_snap_cmp(const void *a, const void *b)
{
	const struct kdbg_agg_snap_entry *x = a, *y = b;

	return kdbg_agg_key_cmp(&x->key, &y->key);
}

static struct kdbg_agg_snap_entry *kdbg_agg_snap_at(struct kdbg_agg_snap *snap,
						    u32 i)
{
	return (void *)(snap->data + (size_t)i * snap->entry_size);
}

/**
 * kdbg_agg_snap_merge() - sort a snapshot by key, one entry per key.
 * @snap: the snapshot; its entries may repeat a key (an update that found
 *	the key's entry being written by a context it interrupted made
 *	another one).
 *
 * Entries of the same key become one: counts, sums and buckets add, min
 * and max combine. @snap->nr shrinks accordingly.
 *
 * Context: process (sort() may take a while on a large table).
 */
void kdbg_agg_snap_merge(struct kdbg_agg_snap *snap)
{
	struct kdbg_agg_snap_entry *out = NULL, *e;
	u32 i, b, nr = 0;

	sort(snap->data, snap->nr, snap->entry_size, kdbg_agg_snap_cmp, NULL);
	for (i = 0; i < snap->nr; i++) {
		e = kdbg_agg_snap_at(snap, i);
		if (out && !kdbg_agg_key_cmp(&out->key, &e->key)) {
			out->count += e->count;
			out->sum += e->sum;
			out->min = min(out->min, e->min);
			out->max = max(out->max, e->max);
			for (b = 0; b < snap->nr_buckets; b++)
				out->hist[b] += e->hist[b];
			continue;
		}
		out = kdbg_agg_snap_at(snap, nr++);
		if (out != e)
			memcpy(out, e, snap->entry_size);
	}
	snap->nr = nr;
}

/* The per-CPU counts of a table without keys, summed. */
static u64 kdbg_agg_count_sum(struct kdbg_agg_table *t)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(t->count, cpu));
	return sum;
}

/*
 * Copy the READY entries of @t into @snap (at most @snap's capacity) and,
 * with @clear, empty the entries copied.
 */
static void kdbg_agg_copy(struct kdbg_agg *agg, struct kdbg_agg_table *t,
			  struct kdbg_agg_snap *snap, bool clear)
{
	struct kdbg_agg_snap_entry *s;
	struct kdbg_agg_entry *e;
	u32 idx, b, state;
	int cpu;

	for (idx = 0; idx <= agg->mask && snap->nr < agg->capacity; idx++) {
		e = kdbg_agg_slot(agg, t, idx);
		state = smp_load_acquire(&e->state);		/* B */
		if (state == KDBG_AGG_EMPTY || state == KDBG_AGG_WRITING)
			continue;
		s = kdbg_agg_snap_at(snap, snap->nr++);
		s->key = e->key;
		s->count = atomic64_read(&e->count);
		if (e == t->only)
			s->count += kdbg_agg_count_sum(t);
		s->sum = atomic64_read(&e->sum);
		s->min = atomic64_read(&e->min);
		s->max = atomic64_read(&e->max);
		for (b = 0; b < agg->nr_buckets; b++)
			s->hist[b] = atomic64_read(&e->hist[b]);
		if (clear)
			memset(e, 0, agg->entry_size);
	}
	if (clear) {
		atomic_set(&t->used, 0);
		if (t->count)
			for_each_possible_cpu(cpu)
				WRITE_ONCE(*per_cpu_ptr(t->count, cpu), 0);
		kdbg_agg_preclaim(agg, t);
	}
}

/**
 * kdbg_agg_snapshot() - copy the table, merged and sorted by key.
 * @agg: the tables.
 * @clear: read and clear: updates move to the other, empty, table first,
 *	and the copy waits for those still on the old one, so each hit lands
 *	in exactly one clearing snapshot.
 *
 * Without @clear, the copy is of the active table as it is: updates go on
 * meanwhile, so an entry's fields may be a hit apart, and an entry being
 * written is left out.
 *
 * Context: process; sleeps; allocates; serialised with other snapshots
 * and kdbg_agg_destroy() of @agg by the caller.
 * Return: the copy, to free with kvfree(), or NULL (-ENOMEM; the tables
 * are left as they were).
 */
struct kdbg_agg_snap *kdbg_agg_snapshot(struct kdbg_agg *agg, bool clear)
{
	struct kdbg_agg_table *t = agg->active;
	struct kdbg_agg_snap *snap;
	u32 entry_size;

	entry_size = struct_size((struct kdbg_agg_snap_entry *)NULL, hist,
				 agg->nr_buckets);
	/* Room for a full table: allocated before the tables change. */
	snap = kvmalloc(struct_size(snap, data,
				    size_mul(agg->capacity, entry_size)),
			GFP_KERNEL);
	if (!snap)
		return NULL;
	snap->nr = 0;
	snap->nr_buckets = agg->nr_buckets;
	snap->entry_size = entry_size;

	if (clear) {
		/* The other table was emptied by the previous clearing call. */
		smp_store_release(&agg->head.count,
				  agg->tables[t == &agg->tables[0]].count);	/* D */
		smp_store_release(&agg->active,
				  &agg->tables[t == &agg->tables[0]]);	/* D */
		synchronize_rcu();				/* F */
	}
	kdbg_agg_get_stats(agg, &snap->stats);
	snap->stats.entries = atomic_read(&t->used);
	kdbg_agg_copy(agg, t, snap, clear);
	kdbg_agg_snap_merge(snap);
	return snap;
}

/**
 * kdbg_agg_get_stats() - the tables' occupancy and losses.
 * @agg: the tables.
 * @st: receives the counts; stack fields are 0 without a stack key.
 *
 * Context: any.
 */
void kdbg_agg_get_stats(struct kdbg_agg *agg, struct kdbg_agg_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->entries = atomic_read(&READ_ONCE(agg->active)->used);
	st->capacity = agg->capacity;
	st->missed = atomic64_read(&agg->missed);
	if (agg->stacks) {
		st->stacks = kdbg_stackmap_count(agg->stacks);
		st->stack_capacity = kdbg_stackmap_capacity(agg->stacks);
		st->stack_missed = kdbg_stackmap_missed(agg->stacks);
	}
}
