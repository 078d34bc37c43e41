// SPDX-License-Identifier: GPL-2.0
/*
 * The stack table of an aggregating source: each distinct kernel stack its
 * hits had, stored once and named by an id, so that an aggregation entry
 * keyed by stack holds a u32 instead of KDBG_STACK_MAX frames.
 *
 * Layout. One vzalloc'd array of slots, a power of two at least twice the
 * capacity, so that probe chains stay short; an atomic reservation counter
 * keeps the stacks stored at or below the capacity. A slot is never freed
 * (stacks live as long as the source), so an id, the slot index + 1, stays
 * valid across clearing reads of the aggregation table.
 *
 * Insert (kdbg_stackmap_get()) runs from any context, NMI included, on any
 * CPU at once, and is lock-free: hash the frames, probe linearly from the
 * hash; a READY slot with the same hash, depth and frames is the answer; an
 * EMPTY slot ends the chain: reserve room, claim the slot with cmpxchg()
 * (EMPTY -> WRITING), write the frames and publish the slot with a release
 * store of its READY state. A WRITING slot is skipped, never waited on: its
 * writer may be the very context this one interrupted. So two contexts that
 * store the same new stack at once may each get an id; both ids are valid
 * and resolve to the same frames.
 *
 * Barriers:
 *   A  writer: smp_store_release(state) after the frames; pairs with B.
 *   B  reader (insert's lookup, walk): smp_load_acquire(state) before
 *      reading the frames of a READY slot.
 *   C  writer: cmpxchg(state) of the claim, fully ordered: one writer per
 *      slot, and the frames are written only after the claim.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "agg.h"

/* Slot states; any other value is READY and derived from the hash. */
#define KDBG_STACKMAP_EMPTY	0U
#define KDBG_STACKMAP_WRITING	1U

struct kdbg_stackmap_slot {
	u32 state;		/* EMPTY, WRITING, else READY (hash) */
	u32 nr;			/* frames, 1..KDBG_STACK_MAX */
	u64 frames[KDBG_STACK_MAX];
};

struct kdbg_stackmap {
	u32 mask;		/* slots - 1 */
	u32 capacity;		/* stacks at most */
	u32 seed;		/* of the hash: chains cannot be predicted */
	/*
	 * Slots claimed or about to be (reserved before the claim, released
	 * when the stack turns out to be stored already): at most @capacity.
	 */
	atomic_t used;
	atomic64_t missed;	/* new stacks refused for want of room */
	struct kdbg_stackmap_slot slots[];
};

/* The READY state of a stack of @hash: never EMPTY nor WRITING. */
static __always_inline u32 kdbg_stackmap_ready(u32 hash)
{
	return hash > KDBG_STACKMAP_WRITING ? hash : hash + 2;
}

static __always_inline bool
kdbg_stackmap_same(const struct kdbg_stackmap_slot *slot,
		   const unsigned long *ips, u32 nr)
{
	u32 i;

	if (slot->nr != nr)
		return false;
	for (i = 0; i < nr; i++)
		if (slot->frames[i] != ips[i])
			return false;
	return true;
}

/**
 * kdbg_stackmap_create() - allocate an empty stack table.
 * @capacity: stacks it may store, at least 1.
 *
 * Context: process; sleeps (vzalloc).
 * Return: the table, or NULL when @capacity is 0 or memory is short.
 */
struct kdbg_stackmap *kdbg_stackmap_create(u32 capacity)
{
	struct kdbg_stackmap *map;
	unsigned long nr_slots;

	if (!capacity)
		return NULL;
	nr_slots = roundup_pow_of_two(2UL * capacity);
	map = vzalloc(struct_size(map, slots, nr_slots));
	if (!map)
		return NULL;
	map->mask = nr_slots - 1;
	map->capacity = capacity;
	map->seed = get_random_u32();
	return map;
}

/**
 * kdbg_stackmap_destroy() - free a stack table.
 * @map: the table, or NULL.
 *
 * Context: process; no insert or walk may still run on @map.
 */
void kdbg_stackmap_destroy(struct kdbg_stackmap *map)
{
	vfree(map);
}

/**
 * kdbg_stackmap_get_hashed() - kdbg_stackmap_get() with the hash given.
 * @map: the table.
 * @ips: the frames, innermost first.
 * @nr: frames at @ips; only the first KDBG_STACK_MAX count.
 * @hash: the hash of the frames (any value: KUnit forces collisions).
 *
 * Context: any, NMI included; lock-free, never waits on another context.
 * Return: the stack's id (>= 1), or 0 if @nr is 0 or the stack is new and
 * the table is full (counted in kdbg_stackmap_missed()).
 */
u32 kdbg_stackmap_get_hashed(struct kdbg_stackmap *map,
			     const unsigned long *ips, u32 nr, u32 hash)
{
	u32 ready = kdbg_stackmap_ready(hash);
	struct kdbg_stackmap_slot *slot;
	bool reserved = false;
	u32 i, idx, state;

	if (!nr)
		return 0;
	nr = min_t(u32, nr, KDBG_STACK_MAX);
	for (i = 0; i <= map->mask; i++) {
		idx = (hash + i) & map->mask;
		slot = &map->slots[idx];
		state = smp_load_acquire(&slot->state);		/* B */
		if (state == KDBG_STACKMAP_EMPTY) {
			/*
			 * The end of the chain: the stack is new (or being
			 * stored by a context we cannot wait for).
			 */
			if (!reserved &&
			    !atomic_add_unless(&map->used, 1, map->capacity))
				goto full;
			reserved = true;
			if (cmpxchg(&slot->state, KDBG_STACKMAP_EMPTY,
				    KDBG_STACKMAP_WRITING) ==
			    KDBG_STACKMAP_EMPTY) {			/* C */
				slot->nr = nr;
				for (i = 0; i < nr; i++)
					slot->frames[i] = ips[i];
				smp_store_release(&slot->state, ready);	/* A */
				return idx + 1;
			}
			/* Another context claimed it: see what it stored. */
			state = smp_load_acquire(&slot->state);	/* B */
		}
		if (state == ready && kdbg_stackmap_same(slot, ips, nr)) {
			if (reserved)
				atomic_dec(&map->used);
			return idx + 1;
		}
	}
	/*
	 * Not reached: fewer slots are claimed than reserved, and fewer are
	 * reserved than half the slots, so the chain ends in an EMPTY slot.
	 * The loop is bounded all the same, as a handler's loops must be.
	 */
	if (reserved)
		atomic_dec(&map->used);
full:
	atomic64_inc(&map->missed);
	return 0;
}

NOKPROBE_SYMBOL(kdbg_stackmap_get_hashed);

/*
 * The hash of a stack: one multiply and rotate per frame (a frame is one
 * 64-bit word, where jhash2() would take two 32-bit ones and a third of
 * its mixing rounds), seeded, folded to the top 32 bits of a last
 * multiply, which depend on every bit of every frame.
 */
static __always_inline u32 kdbg_stackmap_hash(const struct kdbg_stackmap *map,
					      const unsigned long *ips, u32 nr)
{
	u64 h = map->seed;
	u32 i;

	for (i = 0; i < nr; i++)
		h = rol64((h ^ ips[i]) * GOLDEN_RATIO_64, 29);
	return (h * GOLDEN_RATIO_64) >> 32;
}

/**
 * kdbg_stackmap_get() - the id of a stack, storing it on first sight.
 * @map: the table.
 * @ips: the frames, innermost first.
 * @nr: frames at @ips; only the first KDBG_STACK_MAX count.
 *
 * Two contexts storing the same new stack at once may give it two ids;
 * both are valid and resolve to the same frames.
 *
 * Context: any, NMI included; lock-free, never waits on another context.
 * Return: the stack's id (>= 1), or 0 if @nr is 0 or the stack is new and
 * the table is full (counted in kdbg_stackmap_missed()).
 */
u32 kdbg_stackmap_get(struct kdbg_stackmap *map, const unsigned long *ips,
		      u32 nr)
{
	nr = min_t(u32, nr, KDBG_STACK_MAX);
	return kdbg_stackmap_get_hashed(map, ips, nr,
					kdbg_stackmap_hash(map, ips, nr));
}

NOKPROBE_SYMBOL(kdbg_stackmap_get);

/**
 * kdbg_stackmap_walk() - call @fn for each stored stack, in id order.
 * @map: the table.
 * @start: the first id to visit (0 or 1: from the beginning), so that a
 *	netlink dump resumes where its last message stopped.
 * @fn: called with the id, the frames and their number; returns < 0 to
 *	stop the walk.
 * @arg: passed to @fn.
 *
 * Stacks stored while the walk runs may or may not be visited.
 *
 * Context: any; @fn's own constraints apply.
 * Return: 0 after the last stack, else what @fn returned to stop.
 */
int kdbg_stackmap_walk(struct kdbg_stackmap *map, u32 start,
		       int (*fn)(u32 id, const u64 *ips, u32 nr, void *arg),
		       void *arg)
{
	const struct kdbg_stackmap_slot *slot;
	u32 idx, state;
	int ret;

	for (idx = start ? start - 1 : 0; idx <= map->mask; idx++) {
		slot = &map->slots[idx];
		state = smp_load_acquire(&slot->state);		/* B */
		if (state == KDBG_STACKMAP_EMPTY ||
		    state == KDBG_STACKMAP_WRITING)
			continue;
		ret = fn(idx + 1, slot->frames, slot->nr, arg);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/**
 * kdbg_stackmap_count() - stacks stored.
 * @map: the table.
 *
 * Includes stacks whose writer is still copying their frames.
 *
 * Context: any.
 * Return: the count, at most kdbg_stackmap_capacity().
 */
u32 kdbg_stackmap_count(const struct kdbg_stackmap *map)
{
	return atomic_read(&map->used);
}

/**
 * kdbg_stackmap_max_id() - the largest id the table may give.
 * @map: the table.
 *
 * Ids are slot indexes + 1, and the table has more slots than its capacity
 * (kdbg_stackmap_create()), so this exceeds kdbg_stackmap_capacity().
 *
 * Context: any. Return: the number of slots.
 */
u32 kdbg_stackmap_max_id(const struct kdbg_stackmap *map)
{
	return map->mask + 1;
}

/**
 * kdbg_stackmap_capacity() - stacks the table may store.
 * @map: the table.
 *
 * Context: any.
 * Return: the capacity given to kdbg_stackmap_create().
 */
u32 kdbg_stackmap_capacity(const struct kdbg_stackmap *map)
{
	return map->capacity;
}

/**
 * kdbg_stackmap_missed() - new stacks refused because the table was full.
 * @map: the table.
 *
 * Context: any.
 * Return: the count since creation.
 */
u64 kdbg_stackmap_missed(const struct kdbg_stackmap *map)
{
	return atomic64_read(&map->missed);
}
