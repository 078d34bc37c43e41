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
	/* Changed in place by kdbg_ring_set_mode(); writers READ_ONCE() it. */
	enum kdbg_ring_mode mode;
	/*
	 * Flight recorder: set by kdbg_ring_freeze() from any CPU and any
	 * context (a crashing CPU included), cleared by kdbg_ring_unfreeze().
	 * Writers test it first and refuse; readers consume nothing while it
	 * is set. No barrier pairs with it on the hot path: a writer that
	 * missed it finishes one record, which kdbg_ring_walk() tolerates.
	 */
	bool frozen;
	/*
	 * The frozen span [frozen_tail, frozen_commit), set by
	 * kdbg_ring_snapshot() while @frozen is set; read by kdbg_ring_walk().
	 */
	unsigned long frozen_tail, frozen_commit;

	/*
	 * Writer side: only the ring's own CPU writes these, from any
	 * context, so they are local_t (no LOCK prefix) and survive a
	 * writer interrupted by another writer on the same CPU.
	 */
	local_t head;		/* end of the last reservation */
	local_t nest;		/* writers between reserve and commit */
	local_t written;	/* records offered to the ring */
	local_t dropped;	/* records refused or overwritten */
	local_t refused;	/* of @dropped: refused while @frozen */
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

/*
 * Flight recorder. kdbg_ring_freeze() stops the writers and the readers
 * and takes a snapshot of the readable span; kdbg_ring_snapshot() takes
 * it again (once writers in flight are known to be done);
 * kdbg_ring_walk() visits the snapshot without consuming it, validating
 * each record. All are bounded, take no lock and allocate nothing.
 */
void kdbg_ring_set_mode(struct kdbg_ring *r, enum kdbg_ring_mode mode);
void kdbg_ring_freeze(struct kdbg_ring *r);
void kdbg_ring_snapshot(struct kdbg_ring *r);
void kdbg_ring_unfreeze(struct kdbg_ring *r);

/* A cursor over a frozen ring's snapshot, and what the walk found. */
struct kdbg_ring_walk {
	unsigned long pos;	/* the next record */
	unsigned long end;	/* the snapshot's commit */
	u32 records;		/* records visited */
	u32 limit;		/* stop at this many records; 0: none */
	u32 gaps;		/* overwritten spans skipped */
	bool torn;		/* stopped at a record that is not valid */
};

void kdbg_ring_walk_start(const struct kdbg_ring *r, struct kdbg_ring_walk *w);
/*
 * kdbg_ring_walk() - visit frozen records from @w->pos, oldest first.
 * @fn: called with a validated copy of each record (never NULL); <0
 *	stops, and that record is the first one of the next call. A NULL
 *	@fn counts records, validating their headers, copying nothing else.
 * Context: any, NMI included; callers serialise users of one @w.
 * Return: the records visited by this call. Documented in ring.c.
 */
unsigned int kdbg_ring_walk(struct kdbg_ring *r, struct kdbg_ring_walk *w,
			    kdbg_ring_read_fn fn, void *arg, void *buf);
/* True when the walk reached the end of the snapshot or a torn record. */
static inline bool kdbg_ring_walk_done(const struct kdbg_ring_walk *w)
{
	return w->torn || (long)(w->end - w->pos) <= 0;
}

/* Bytes committed and not yet consumed. */
unsigned long kdbg_ring_used(const struct kdbg_ring *r);
/* Records committed and not consumed, counted by walking them. */
u32 kdbg_ring_count(struct kdbg_ring *r);
/* Bytes a draining reader would find: 0 while frozen. */
unsigned long kdbg_ring_readable(const struct kdbg_ring *r);

#endif /* KDBG_RING_H */
