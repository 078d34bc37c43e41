/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pairing map of layer sources (layer.c): a preallocated, lock-free
 * map from an object (a task's pid, a request's address) to the timestamp
 * of the event that started its measurement, and KDBG_PAIRMAP_AUX words
 * of what the start saw (the stack id of a task blocking, a lock's
 * address), so the event that ends it, on any CPU, can compute the delta.
 *
 * Open addressing over a power-of-two array of slots; a key lives in one
 * of the KDBG_PAIRMAP_PROBES slots from its hash (bounded probing). Every
 * operation scans that whole window, so a deletion simply empties its
 * slot (no tombstones). A put that finds neither its key nor a free slot
 * in the window is refused and counted as missed.
 *
 * Concurrency. Any context, NMI included, on any CPU at once, for
 * different keys: slots are claimed with cmpxchg and a slot's value is
 * non-zero only while its key is set. Operations on one key must not run
 * concurrently with each other: the callers' hooks are serialised per key
 * by the kernel (a task's own syscalls; the run-queue lock for wakeups and
 * switches; a request's issue and completion), and each analysis says
 * why. Pure logic over preallocated memory, so kunit/ tests it directly.
 */
#ifndef KDBG_PAIRMAP_H
#define KDBG_PAIRMAP_H

#include <linux/types.h>

#define KDBG_PAIRMAP_PROBES	16	/* slots a key may live in */
#define KDBG_PAIRMAP_AUX	2	/* words stored with a value */

struct kdbg_pairmap;

/*
 * kdbg_pairmap_create() - a map of @capacity slots, rounded up to a power
 * of two (at least KDBG_PAIRMAP_PROBES).
 * Context: process; allocates. Return: the map or NULL.
 */
struct kdbg_pairmap *kdbg_pairmap_create(u32 capacity);
/* Context: process; no operation may still run on the map. */
void kdbg_pairmap_destroy(struct kdbg_pairmap *map);

/*
 * kdbg_pairmap_put() - store @val (a timestamp, not 0) under @key (not 0),
 * replacing the value @key had.
 * Context: any, NMI included. Return: 0, -ENOSPC (no room in the key's
 * window: counted as missed), -EINVAL (@key or @val is 0).
 */
int kdbg_pairmap_put(struct kdbg_pairmap *map, u64 key, u64 val);
/* The same with the window's first slot given (KUnit forces collisions). */
int kdbg_pairmap_put_hashed(struct kdbg_pairmap *map, u64 key, u64 val,
			    u32 hash);

/*
 * kdbg_pairmap_take() - remove @key and give its value in *@val.
 * Context: any, NMI included. Return: true if @key was there.
 */
bool kdbg_pairmap_take(struct kdbg_pairmap *map, u64 key, u64 *val);
bool kdbg_pairmap_take_hashed(struct kdbg_pairmap *map, u64 key, u64 *val,
			      u32 hash);

/*
 * The same with KDBG_PAIRMAP_AUX words (@aux may be NULL: zeros, or not
 * wanted); kdbg_pairmap_peek() reads a key's value and words in place.
 * Context: any, NMI included.
 */
int kdbg_pairmap_put_aux(struct kdbg_pairmap *map, u64 key, u64 val,
			 const u64 *aux);
int kdbg_pairmap_put_aux_hashed(struct kdbg_pairmap *map, u64 key, u64 val,
				const u64 *aux, u32 hash);
bool kdbg_pairmap_take_aux(struct kdbg_pairmap *map, u64 key, u64 *val,
			   u64 *aux);
bool kdbg_pairmap_take_aux_hashed(struct kdbg_pairmap *map, u64 key,
				  u64 *val, u64 *aux, u32 hash);
bool kdbg_pairmap_peek(struct kdbg_pairmap *map, u64 key, u64 *val,
		       u64 *aux);

/* Keys stored (a walk: process context, for tests and debugging). */
u32 kdbg_pairmap_count(const struct kdbg_pairmap *map);
u32 kdbg_pairmap_capacity(const struct kdbg_pairmap *map);
/* Puts refused since creation. Context: any. */
u64 kdbg_pairmap_missed(const struct kdbg_pairmap *map);

#endif /* KDBG_PAIRMAP_H */
