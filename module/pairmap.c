// SPDX-License-Identifier: GPL-2.0
/*
 * The pairing map of layer sources: see pairmap.h for the design.
 *
 * A slot is { key, val, aux[] }. States and transitions:
 *
 *	free     key 0, val 0
 *	claimed  key K, val 0     put: cmpxchg(key, 0, K) won
 *	stored   key K, val V     put: WRITE_ONCE(val, V) after the claim
 *	taken    key K, val 0     take: xchg(val, 0) got V
 *	free     key 0, val 0     take: WRITE_ONCE(key, 0)
 *
 * A slot's value is written only by the one operation that owns its key
 * (operations on one key never run at once, see pairmap.h), and is 0
 * whenever the key is free, so a claimant never sees a previous owner's
 * value. A reader of key K that finds K claimed but its value still 0 (a
 * put of K interrupted by NMI, say) treats it as absent. The auxiliary
 * words travel with the value: a put writes them before it publishes the
 * value (B), a reader reads them only after it saw the value (A pairs
 * with B), and nobody else may write them while K owns the slot.
 */
#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "pairmap.h"

struct kdbg_pairmap_slot {
	u64 key;	/* 0: free; set by cmpxchg from 0, cleared by its take */
	u64 val;	/* 0 unless the key's owner stored a timestamp */
	u64 aux[KDBG_PAIRMAP_AUX];	/* the owner's, published with val */
};

struct kdbg_pairmap {
	u32 mask;		/* slots - 1 */
	atomic64_t missed;	/* puts refused; any context, relaxed */
	struct kdbg_pairmap_slot slots[];
};

/**
 * kdbg_pairmap_create() - allocate a pairing map.
 * @capacity: slots wanted; rounded up to a power of two of at least
 *	KDBG_PAIRMAP_PROBES.
 *
 * Context: process; sleeps. Return: the map, or NULL (no memory, or
 * @capacity over 2^24).
 */
struct kdbg_pairmap *kdbg_pairmap_create(u32 capacity)
{
	struct kdbg_pairmap *map;
	u32 n;

	if (capacity > (1U << 24))
		return NULL;
	n = roundup_pow_of_two(max_t(u32, capacity, KDBG_PAIRMAP_PROBES));
	map = kvzalloc(struct_size(map, slots, n), GFP_KERNEL);
	if (!map)
		return NULL;
	map->mask = n - 1;
	atomic64_set(&map->missed, 0);
	return map;
}

/**
 * kdbg_pairmap_destroy() - free a pairing map.
 * @map: the map, or NULL.
 *
 * Context: process; no operation may still run on @map.
 */
void kdbg_pairmap_destroy(struct kdbg_pairmap *map)
{
	kvfree(map);
}

static __always_inline u32 kdbg_pairmap_hash(u64 key)
{
	return (u32)hash_64(key, 32);
}

static __always_inline struct kdbg_pairmap_slot *
kdbg_pairmap_slot(struct kdbg_pairmap *map, u32 hash, u32 i)
{
	return &map->slots[(hash + i) & map->mask];
}

/**
 * kdbg_pairmap_put_hashed() - kdbg_pairmap_put() with the hash given.
 * @map: the map.
 * @key: not 0.
 * @val: not 0.
 * @hash: the first slot of the key's window (masked).
 *
 * Context: any, NMI included; lock-free.
 * Return: 0, -ENOSPC (counted as missed), -EINVAL.
 */
int kdbg_pairmap_put_hashed(struct kdbg_pairmap *map, u64 key, u64 val,
			    u32 hash)
{
	return kdbg_pairmap_put_aux_hashed(map, key, val, NULL, hash);
}

/* Store the auxiliary words, then publish the value (B, pairs with A). */
static __always_inline void
kdbg_pairmap_store(struct kdbg_pairmap_slot *s, u64 val, const u64 *aux)
{
	unsigned int i;

	for (i = 0; i < KDBG_PAIRMAP_AUX; i++)
		WRITE_ONCE(s->aux[i], aux ? aux[i] : 0);
	smp_store_release(&s->val, val);			/* B */
}

/**
 * kdbg_pairmap_put_aux_hashed() - kdbg_pairmap_put_aux() with the hash
 * given.
 * @map: the map.
 * @key: not 0.
 * @val: not 0.
 * @aux: KDBG_PAIRMAP_AUX words stored with @val; NULL: zeros.
 * @hash: the first slot of the key's window (masked).
 *
 * Context: any, NMI included; lock-free.
 * Return: 0, -ENOSPC (counted as missed), -EINVAL.
 */
int kdbg_pairmap_put_aux_hashed(struct kdbg_pairmap *map, u64 key, u64 val,
				const u64 *aux, u32 hash)
{
	struct kdbg_pairmap_slot *s;
	u32 i;

	if (unlikely(!key || !val))
		return -EINVAL;
	/* The key may be stored anywhere in its window: look first. */
	for (i = 0; i < KDBG_PAIRMAP_PROBES; i++) {
		s = kdbg_pairmap_slot(map, hash, i);
		if (READ_ONCE(s->key) == key) {
			kdbg_pairmap_store(s, val, aux);
			return 0;
		}
	}
	for (i = 0; i < KDBG_PAIRMAP_PROBES; i++) {
		s = kdbg_pairmap_slot(map, hash, i);
		/*
		 * Full barrier: the claim is visible before the value, and
		 * pairs with the xchg() in take, which reads the value
		 * only after seeing the key.
		 */
		if (!READ_ONCE(s->key) && !cmpxchg(&s->key, 0, key)) {
			kdbg_pairmap_store(s, val, aux);
			return 0;
		}
	}
	atomic64_inc(&map->missed);
	return -ENOSPC;
}

/**
 * kdbg_pairmap_put() - store @val under @key, replacing its old value.
 * @map: the map.
 * @key: not 0 (a pid, a request's address).
 * @val: not 0 (a timestamp).
 *
 * Context: any, NMI included; lock-free. Operations on @key must not run
 * concurrently (pairmap.h).
 * Return: 0, -ENOSPC (no room in the key's window, counted as missed),
 * -EINVAL (@key or @val is 0).
 */
int kdbg_pairmap_put(struct kdbg_pairmap *map, u64 key, u64 val)
{
	return kdbg_pairmap_put_hashed(map, key, val, kdbg_pairmap_hash(key));
}

/**
 * kdbg_pairmap_put_aux() - kdbg_pairmap_put() with auxiliary words.
 * @map: the map.
 * @key: not 0.
 * @val: not 0.
 * @aux: KDBG_PAIRMAP_AUX words stored with @val (a stack id, a lock).
 *
 * Context: any, NMI included; lock-free. Operations on @key must not run
 * concurrently (pairmap.h).
 * Return: as kdbg_pairmap_put().
 */
int kdbg_pairmap_put_aux(struct kdbg_pairmap *map, u64 key, u64 val,
			 const u64 *aux)
{
	return kdbg_pairmap_put_aux_hashed(map, key, val, aux,
					   kdbg_pairmap_hash(key));
}

/**
 * kdbg_pairmap_take_hashed() - kdbg_pairmap_take() with the hash given.
 * @map: the map.
 * @key: the key.
 * @val: receives its value; may be NULL (delete).
 * @hash: the first slot of the key's window (masked).
 *
 * Context: any, NMI included; lock-free.
 * Return: true if @key was stored.
 */
bool kdbg_pairmap_take_hashed(struct kdbg_pairmap *map, u64 key, u64 *val,
			      u32 hash)
{
	return kdbg_pairmap_take_aux_hashed(map, key, val, NULL, hash);
}

/* The auxiliary words of a slot whose value was seen (A, pairs with B). */
static __always_inline void
kdbg_pairmap_load_aux(const struct kdbg_pairmap_slot *s, u64 *aux)
{
	unsigned int i;

	for (i = 0; aux && i < KDBG_PAIRMAP_AUX; i++)
		aux[i] = READ_ONCE(s->aux[i]);
}

/**
 * kdbg_pairmap_take_aux_hashed() - kdbg_pairmap_take_aux() with the hash
 * given.
 * @map: the map.
 * @key: the key.
 * @val: receives its value; may be NULL.
 * @aux: receives its KDBG_PAIRMAP_AUX words; may be NULL.
 * @hash: the first slot of the key's window (masked).
 *
 * Context: any, NMI included; lock-free.
 * Return: true if @key was stored.
 */
bool kdbg_pairmap_take_aux_hashed(struct kdbg_pairmap *map, u64 key,
				  u64 *val, u64 *aux, u32 hash)
{
	struct kdbg_pairmap_slot *s;
	u64 v;
	u32 i;

	if (unlikely(!key))
		return false;
	for (i = 0; i < KDBG_PAIRMAP_PROBES; i++) {
		s = kdbg_pairmap_slot(map, hash, i);
		if (READ_ONCE(s->key) != key)
			continue;
		/*
		 * Full barrier; pairs with the cmpxchg() of the put, and is
		 * A: the auxiliary words are read after the value.
		 */
		v = xchg(&s->val, 0);
		if (!v)
			return false;	/* claimed, not yet stored */
		kdbg_pairmap_load_aux(s, aux);
		/* The value is 0 before the slot is free again. */
		smp_store_release(&s->key, 0);
		if (val)
			*val = v;
		return true;
	}
	return false;
}

/**
 * kdbg_pairmap_take() - remove @key, giving its value.
 * @map: the map.
 * @key: the key.
 * @val: receives the value; may be NULL to only delete.
 *
 * Context: any, NMI included; lock-free. Operations on @key must not run
 * concurrently (pairmap.h).
 * Return: true if @key was stored.
 */
bool kdbg_pairmap_take(struct kdbg_pairmap *map, u64 key, u64 *val)
{
	return kdbg_pairmap_take_hashed(map, key, val, kdbg_pairmap_hash(key));
}

/**
 * kdbg_pairmap_take_aux() - kdbg_pairmap_take() with the auxiliary words.
 * @map: the map.
 * @key: the key.
 * @val: receives the value; may be NULL.
 * @aux: receives the KDBG_PAIRMAP_AUX words put with it; may be NULL.
 *
 * Context: any, NMI included; lock-free. Operations on @key must not run
 * concurrently (pairmap.h).
 * Return: true if @key was stored.
 */
bool kdbg_pairmap_take_aux(struct kdbg_pairmap *map, u64 key, u64 *val,
			   u64 *aux)
{
	return kdbg_pairmap_take_aux_hashed(map, key, val, aux,
					    kdbg_pairmap_hash(key));
}

/**
 * kdbg_pairmap_peek() - the value and auxiliary words of @key, left in
 * place.
 * @map: the map.
 * @key: the key.
 * @val: receives the value; may be NULL.
 * @aux: receives the KDBG_PAIRMAP_AUX words; may be NULL.
 *
 * Context: any, NMI included; lock-free. Operations on @key must not run
 * concurrently (pairmap.h).
 * Return: true if @key is stored.
 */
bool kdbg_pairmap_peek(struct kdbg_pairmap *map, u64 key, u64 *val,
		       u64 *aux)
{
	const struct kdbg_pairmap_slot *s;
	u32 hash = kdbg_pairmap_hash(key), i;
	u64 v;

	if (unlikely(!key))
		return false;
	for (i = 0; i < KDBG_PAIRMAP_PROBES; i++) {
		s = kdbg_pairmap_slot(map, hash, i);
		if (READ_ONCE(s->key) != key)
			continue;
		v = smp_load_acquire(&s->val);			/* A */
		if (!v)
			return false;	/* claimed, not yet stored */
		kdbg_pairmap_load_aux(s, aux);
		if (val)
			*val = v;
		return true;
	}
	return false;
}

/**
 * kdbg_pairmap_count() - the keys stored.
 * @map: the map.
 *
 * Context: any; walks every slot, so meant for tests and debugging. The
 * count is not a snapshot while operations run.
 * Return: slots holding a key and its value.
 */
u32 kdbg_pairmap_count(const struct kdbg_pairmap *map)
{
	u32 i, n = 0;

	for (i = 0; i <= map->mask; i++)
		if (READ_ONCE(map->slots[i].key) &&
		    READ_ONCE(map->slots[i].val))
			n++;
	return n;
}

/**
 * kdbg_pairmap_capacity() - the slots of a map.
 * @map: the map.
 *
 * Context: any. Return: the number of slots (a power of two).
 */
u32 kdbg_pairmap_capacity(const struct kdbg_pairmap *map)
{
	return map->mask + 1;
}

/**
 * kdbg_pairmap_missed() - the puts refused for want of room.
 * @map: the map.
 *
 * Context: any. Return: the count since creation.
 */
u64 kdbg_pairmap_missed(const struct kdbg_pairmap *map)
{
	return atomic64_read(&map->missed);
}
