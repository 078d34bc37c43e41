/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One lockless single-CPU-writer ring of variable-sized records. The
 * design, the contexts and the barrier pairs are described at the top of
 * ring.c. This part is pure logic: no per-CPU glue, so KUnit tests it.
 */
#ifndef KDBG_RING_H
#define KDBG_RING_H

#include <linux/types.h>
#include <linux/cache.h>
#include <asm/local.h>
#include <uapi/linux/kdbg.h>

/* The smallest record: type, hdr_size and size (a padding record). */
#define KDBG_RING_MIN_RECORD	8
/* Upper bound of one record; readers copy records this big on the stack. */
#define KDBG_RING_MAX_RECORD	(sizeof(struct kdbg_record) + \
				 KDBG_STACK_MAX * sizeof(__u64) + \
				 KDBG_TP_ARGS_MAX * sizeof(__u64) + \
				 sizeof(struct kdbg_ret_payload))

struct kdbg_ring {
	/* Set up once by kdbg_ring_init(); read-only afterwards. */
	void *data;
	unsigned long size;		/* power of two */
	unsigned long mask;		/* size - 1 */
	enum kdbg_ring_mode mode;

	/*
	 * Writer side: only the ring's own CPU writes these, from any
	 * context, so they are local_t (no LOCK prefix) and survive a
	 * writer interrupted by another writer on the same CPU.
	 */
	local_t head;		/* end of the last reservation */
	local_t nest;		/* writers between reserve and commit */
	local_t written;	/* records offered to the ring */
	local_t dropped;	/* records refused or overwritten */
	/*
	 * Everything before @commit is complete. Written by the outermost
	 * writer with release (B), read by readers with acquire (C).
	 */
	unsigned long commit;

	/*
	 * Oldest unread byte. Readers advance it after consuming a record;
	 * in overwrite mode writers advance it too, past the oldest
	 * records, so both sides move it with cmpxchg (D) and whoever
	 * wins owns the record's accounting.
	 */
	unsigned long tail ____cacheline_aligned;
	/* Records consumed by readers; under the caller's reader lock. */
	u64 delivered;
};

/* What a writer holds between reserve and commit. */
struct kdbg_ring_handle {
	void *rec;
};

int kdbg_ring_init(struct kdbg_ring *r, void *data, unsigned long size,
		   enum kdbg_ring_mode mode);

/*
 * kdbg_ring_reserve() - reserve @size bytes (8-aligned) for one record.
 * @dropped_fn: in overwrite mode, called with the source id of each
 *	overwritten record (for per-source accounting); may be NULL.
 * Context: the ring's own CPU, any context including NMI, preemption
 * disabled.
 * Return: a pointer to write the record to, or NULL if the record was
 * dropped (counted). On success kdbg_ring_commit() must follow.
 * Documented fully in ring.c.
 */
void *kdbg_ring_reserve(struct kdbg_ring *r, u32 size,
			void (*dropped_fn)(u32 source_id));
void kdbg_ring_commit(struct kdbg_ring *r);

/*
 * Reader callback: called with a private copy of each record. In
 * overwrite mode a record may be overwritten between the copy and its
 * consumption; the callback is then called again with @rec == NULL to
 * take back the record it just accepted. Return <0 to stop reading; the
 * record stays in the ring.
 */
typedef int (*kdbg_ring_read_fn)(const struct kdbg_record *rec, void *arg);

/*
 * kdbg_ring_read() - consume up to @max records, oldest first.
 * @buf: scratch of KDBG_RING_MAX_RECORD bytes for the copy.
 * Context: any CPU; callers serialise readers of one ring.
 * Return: records delivered.
 */
unsigned int kdbg_ring_read(struct kdbg_ring *r, kdbg_ring_read_fn fn,
			    void *arg, unsigned int max, void *buf);

/* Bytes committed and not yet consumed. */
unsigned long kdbg_ring_used(const struct kdbg_ring *r);
/* Records committed and not consumed, counted by walking them. */
u32 kdbg_ring_count(struct kdbg_ring *r);

#endif /* KDBG_RING_H */
