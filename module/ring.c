// SPDX-License-Identifier: GPL-2.0
/*
 * A lockless ring of variable-sized records with one writing CPU.
 *
 * Writers. Only the ring's own CPU writes to it, but from any context a
 * probe fires in: task, softirq, hardirq and NMI, each possibly
 * interrupting another writer in the middle of its record. A writer
 * reserves space by moving @head with local_cmpxchg() (no LOCK prefix: the
 * only contenders are on this CPU), fills its record in place, and
 * commits. Reservations nest: @nest counts writers between reserve and
 * commit, and only the outermost writer publishes @commit, after every
 * record reserved below @head is complete (the scheme of
 * kernel/events/ring_buffer.c). Nothing sleeps, allocates or prints.
 *
 * Readers run on any CPU, serialised per ring by the caller. A reader
 * copies the record at @tail, then consumes it by moving @tail with
 * cmpxchg(). Everything in [tail, commit) is readable.
 *
 *      tail               commit          head
 *       v                   v               v
 *   ... | rec | rec | rec | rec (writing) | . free ...  | pad |
 *       <---- readable ---->
 *
 * Records never wrap: a record that does not fit before the end of the
 * buffer is preceded by a padding record (type 0) filling the end, and
 * starts at offset 0. Records are 8-aligned and start with struct
 * kdbg_record, whose first 8 bytes (type, hdr_size, size) suffice for a
 * padding record.
 *
 * Full ring. In drop mode the new record is refused and counted. In
 * overwrite mode the writer moves @tail past the oldest complete records
 * (never past @commit, so an interrupted writer's record is never reused)
 * with cmpxchg(); the reader and the writer race for the record at @tail
 * and the winner of the cmpxchg accounts for it: delivered or dropped.
 * A reader whose copy was overwritten notices @tail moved and retries.
 *
 * Barriers:
 *   A  writer: smp_load_acquire(tail) before writing over space a reader
 *      freed; pairs with the reader's cmpxchg (D) that frees it after the
 *      copy, so the copy never sees the new record.
 *   B  writer: smp_store_release(commit) after the record's contents;
 *      pairs with C.
 *   C  reader: smp_load_acquire(commit) before reading records.
 *   D  reader and overwriting writer: cmpxchg(tail), fully ordered.
 *   E  reader: smp_rmb() between the copy and re-reading @tail; pairs
 *      with D of an overwriting writer, which moves @tail before writing.
 *      The frozen walk uses it the same way.
 *   F  freezer: smp_mb() between setting @frozen and taking the snapshot.
 *      Writers do not pair with it (no fence on the hot path): a writer
 *      that missed the flag is what the frozen walk's E check catches.
 *
 * Accounting: @written counts every record offered, @dropped every record
 * refused or overwritten, @delivered every record a reader consumed, so
 * written = delivered + dropped + records in [tail, commit) whenever no
 * writer is between reserve and commit.
 *
 * Frozen ring (the flight recorder). kdbg_ring_freeze() may run on any
 * CPU in any context, the ring's own CPU included while it is in the
 * middle of a record (an oops inside a probe handler). It sets @frozen and
 * records the snapshot [frozen_tail, frozen_commit): every record in it
 * was complete when it was taken (C). From then on writers refuse new
 * records (counted in @refused and @dropped) and readers consume nothing,
 * so the snapshot stays as it is, except for a writer of another CPU that
 * tested @frozen just before it was set: it finishes its record, and in
 * overwrite mode may first move @tail past the oldest records of the
 * snapshot (D) and write over them. kdbg_ring_walk() therefore never
 * trusts the snapshot: it copies each record, re-reads @tail after the
 * copy (E) and skips to @tail (a gap) when the record may have been
 * overwritten, validates each header against the ring's geometry and the
 * record layout, stops at the first record that fails (torn), and visits
 * at most size / KDBG_RING_MIN_RECORD records. When the freezer can wait
 * (process context), it waits for writers and readers in flight and takes
 * the snapshot again with kdbg_ring_snapshot(): that span is exact.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/log2.h>
#include <linux/atomic.h>
#include <linux/bug.h>
#include "ring.h"

static struct kdbg_record *kdbg_ring_at(const struct kdbg_ring *r,
					unsigned long pos)
{
	return r->data + (pos & r->mask);
}

/**
 * kdbg_ring_init() - set up a ring over @data.
 * @r: the ring
 * @data: @size bytes, 8-aligned
 * @size: a power of two, at least KDBG_RING_SIZE_MIN
 * @mode: KDBG_RING_MODE_DROP or KDBG_RING_MODE_OVERWRITE
 *
 * Context: any; the ring must not be in use.
 * Return: 0, or -EINVAL for a bad size or mode.
 */
int kdbg_ring_init(struct kdbg_ring *r, void *data, unsigned long size,
		   enum kdbg_ring_mode mode)
{
	if (!is_power_of_2(size) || size < KDBG_RING_SIZE_MIN ||
	    !IS_ALIGNED((unsigned long)data, 8))
		return -EINVAL;
	if (mode != KDBG_RING_MODE_DROP && mode != KDBG_RING_MODE_OVERWRITE)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->data = data;
	r->size = size;
	r->mask = size - 1;
	r->mode = mode;
	local_set(&r->head, 0);
	local_set(&r->nest, 0);
	local_set(&r->written, 0);
	local_set(&r->dropped, 0);
	local_set(&r->refused, 0);
	return 0;
}

/*
 * Overwrite mode: move @tail to at least @need by dropping the oldest
 * complete records. Reads each victim's header before the cmpxchg that
 * frees it: once @tail has moved, a nested writer may reuse the space.
 * Return: false if that would pass @commit (not enough complete records).
 */
static bool kdbg_ring_make_room(struct kdbg_ring *r, unsigned long need,
				void (*dropped_fn)(u32 source_id))
{
	unsigned long commit = READ_ONCE(r->commit);

	for (;;) {
		unsigned long tail = READ_ONCE(r->tail);
		struct kdbg_record *rec;
		u32 size, source_id;
		u16 type;

		if ((long)(tail - need) >= 0)
			return true;
		if ((long)(commit - tail) <= 0)
			return false;
		rec = kdbg_ring_at(r, tail);
		type = READ_ONCE(rec->type);
		size = READ_ONCE(rec->size);
		/* A padding record may be only 8 bytes, at the buffer's end. */
		source_id = type != KDBG_SOURCE_UNSPEC ?
			    READ_ONCE(rec->source_id) : 0;
		/* D: pairs with the reader's cmpxchg; the winner accounts. */
		if (cmpxchg(&r->tail, tail, tail + size) != tail)
			continue;
		if (type != KDBG_SOURCE_UNSPEC) {
			local_inc(&r->dropped);
			if (dropped_fn)
				dropped_fn(source_id);
		}
	}
}

/**
 * kdbg_ring_reserve() - reserve space for one record.
 * @r: the ring of the current CPU
 * @size: record size, 8-aligned, at least KDBG_RING_MIN_RECORD
 * @dropped_fn: overwrite mode: called with the source id of each record
 *	overwritten to make room; may be NULL
 *
 * Context: the ring's own CPU with preemption disabled; any context,
 * NMI included, nesting allowed.
 * Return: where to write the record, or NULL if it was dropped (counted).
 * Either way kdbg_ring_commit() must not be called for a NULL return;
 * for a non-NULL one it must, once the record is written.
 */
void *kdbg_ring_reserve(struct kdbg_ring *r, u32 size,
			void (*dropped_fn)(u32 source_id))
{
	unsigned long head, start, end, pad;

	local_inc(&r->nest);
	local_inc(&r->written);
	if (unlikely(READ_ONCE(r->frozen))) {
		local_inc(&r->refused);
		goto drop;
	}
	/* Readers take anything bigger than a record can be for corruption. */
	if (WARN_ON_ONCE(size < KDBG_RING_MIN_RECORD || !IS_ALIGNED(size, 8) ||
			 size > KDBG_RING_MAX_RECORD) ||
	    size > r->size / 2)
		goto drop;
	for (;;) {
		head = local_read(&r->head);
		pad = (head & r->mask) + size > r->size ?
		      r->size - (head & r->mask) : 0;
		start = head + pad;
		end = start + size;
		/* A: pairs with the reader's cmpxchg (D) freeing the space. */
		if (end - smp_load_acquire(&r->tail) > r->size) {
			if (READ_ONCE(r->mode) != KDBG_RING_MODE_OVERWRITE ||
			    !kdbg_ring_make_room(r, end - r->size, dropped_fn))
				goto drop;
			continue;
		}
		if (local_cmpxchg(&r->head, head, end) == head)
			break;
	}
	if (pad) {
		struct kdbg_record *p = kdbg_ring_at(r, head);

		p->type = KDBG_SOURCE_UNSPEC;
		p->hdr_size = 0;
		p->size = pad;
	}
	return kdbg_ring_at(r, start);

drop:
	local_inc(&r->dropped);
	/* Unwind @nest, publishing what nested writers completed meanwhile. */
	kdbg_ring_commit(r);
	return NULL;
}

/**
 * kdbg_ring_commit() - make the current CPU's written records readable.
 * @r: the ring a record was reserved on
 *
 * Only the outermost writer publishes: an interrupted writer's record is
 * still being written, and everything before it must stay invisible.
 *
 * Context: as kdbg_ring_reserve().
 */
void kdbg_ring_commit(struct kdbg_ring *r)
{
	unsigned long head;

again:
	if (local_read(&r->nest) > 1) {
		local_dec(&r->nest);
		return;
	}
	head = local_read(&r->head);
	/* B: record contents before @commit; pairs with C. */
	smp_store_release(&r->commit, head);
	barrier();
	local_set(&r->nest, 0);
	barrier();
	/* A writer that interrupted us after we read @head: publish it too. */
	if (unlikely(head != local_read(&r->head))) {
		local_inc(&r->nest);
		goto again;
	}
}

/**
 * kdbg_ring_read() - consume records, oldest first.
 * @r: the ring
 * @fn: called with a copy of each record; see kdbg_ring_read_fn
 * @arg: passed to @fn
 * @max: at most this many records
 * @buf: scratch of KDBG_RING_MAX_RECORD bytes, 8-aligned
 *
 * Context: any CPU, any context but NMI; the caller serialises readers.
 * Return: the number of records consumed and accepted by @fn.
 */
unsigned int kdbg_ring_read(struct kdbg_ring *r, kdbg_ring_read_fn fn,
			    void *arg, unsigned int max, void *buf)
{
	struct kdbg_record *copy = buf;
	unsigned int n = 0;

	/* A frozen ring keeps its records for the flight recorder. */
	while (n < max && !READ_ONCE(r->frozen)) {
		unsigned long tail = READ_ONCE(r->tail);
		/* C: pairs with B; records below @commit are complete. */
		unsigned long commit = smp_load_acquire(&r->commit);
		struct kdbg_record *rec;
		u32 size;
		u16 type;

		if ((long)(commit - tail) <= 0)
			break;
		rec = kdbg_ring_at(r, tail);
		type = READ_ONCE(rec->type);
		size = READ_ONCE(rec->size);
		if (size < KDBG_RING_MIN_RECORD || !IS_ALIGNED(size, 8) ||
		    size > commit - tail ||
		    (tail & r->mask) + size > r->size ||
		    (type != KDBG_SOURCE_UNSPEC && size > KDBG_RING_MAX_RECORD)) {
			/* Torn by an overwriting writer: retry from @tail. */
			if (READ_ONCE(r->tail) != tail)
				continue;
			/* Unreachable unless the ring is corrupt: resync. */
			WARN_ON_ONCE(1);
			cmpxchg(&r->tail, tail, commit);
			break;
		}
		if (type == KDBG_SOURCE_UNSPEC) {
			cmpxchg(&r->tail, tail, tail + size);
			continue;
		}
		memcpy(copy, rec, size);
		/* E: the copy before re-reading @tail; pairs with D. */
		smp_rmb();
		if (READ_ONCE(r->tail) != tail)
			continue;
		if (fn(copy, arg) < 0)
			break;
		/* D: consume; lost to an overwriting writer, take it back. */
		if (cmpxchg(&r->tail, tail, tail + size) != tail) {
			fn(NULL, arg);
			continue;
		}
		r->delivered++;
		n++;
	}
	return n;
}

/**
 * kdbg_ring_used() - bytes committed and not yet consumed.
 * @r: the ring
 *
 * Context: any.
 * Return: the byte count (padding included).
 */
unsigned long kdbg_ring_used(const struct kdbg_ring *r)
{
	unsigned long tail = READ_ONCE(r->tail);
	/* C: pairs with B, as in kdbg_ring_read(). */
	unsigned long commit = smp_load_acquire(&r->commit);

	return (long)(commit - tail) > 0 ? commit - tail : 0;
}

/**
 * kdbg_ring_count() - count the records in [tail, commit) by walking them.
 * @r: the ring
 *
 * An independent check of the accounting, for stats and tests.
 * Context: the caller serialises readers of @r; best effort while an
 * overwriting writer races (the walk restarts, at most a few times).
 * Return: the number of buffered records.
 */
u32 kdbg_ring_count(struct kdbg_ring *r)
{
	int tries;

	for (tries = 0; tries < 4; tries++) {
		unsigned long tail = READ_ONCE(r->tail);
		/* C: pairs with B, as in kdbg_ring_read(). */
		unsigned long commit = smp_load_acquire(&r->commit);
		unsigned long pos = tail;
		u32 n = 0;

		while ((long)(commit - pos) > 0) {
			struct kdbg_record *rec = kdbg_ring_at(r, pos);
			u32 size = READ_ONCE(rec->size);

			if (size < KDBG_RING_MIN_RECORD || size > commit - pos)
				break;
			if (READ_ONCE(rec->type) != KDBG_SOURCE_UNSPEC)
				n++;
			pos += size;
		}
		/* E: the walk before re-reading @tail, as in kdbg_ring_read(). */
		smp_rmb();
		if (pos == commit && READ_ONCE(r->tail) == tail)
			return n;
	}
	return 0;
}

/**
 * kdbg_ring_readable() - bytes a draining reader would find.
 * @r: the ring
 *
 * Context: any.
 * Return: kdbg_ring_used(), or 0 while the ring is frozen (so that
 * blocking readers and pollers sleep instead of spinning on it).
 */
unsigned long kdbg_ring_readable(const struct kdbg_ring *r)
{
	return READ_ONCE(r->frozen) ? 0 : kdbg_ring_used(r);
}

/**
 * kdbg_ring_set_mode() - change what a full ring does, in place.
 * @r: the ring
 * @mode: KDBG_RING_MODE_DROP or KDBG_RING_MODE_OVERWRITE
 *
 * Buffered records stay. A writer that read the old mode finishes with it.
 * Readers handle a take-back (callback with NULL) in either mode.
 *
 * Context: any.
 */
void kdbg_ring_set_mode(struct kdbg_ring *r, enum kdbg_ring_mode mode)
{
	WRITE_ONCE(r->mode, mode);
}

/**
 * kdbg_ring_snapshot() - record the frozen span [tail, commit).
 * @r: a frozen ring
 *
 * Context: any, NMI included.
 */
void kdbg_ring_snapshot(struct kdbg_ring *r)
{
	unsigned long tail = READ_ONCE(r->tail);
	/* C: pairs with B; records below @commit are complete. */
	unsigned long commit = smp_load_acquire(&r->commit);

	/* A corrupt or racing pair gives an empty span, never a huge one. */
	if ((long)(commit - tail) < 0 || commit - tail > r->size)
		tail = commit;
	r->frozen_tail = tail;
	r->frozen_commit = commit;
}

/**
 * kdbg_ring_freeze() - stop writers and readers, keep the records.
 * @r: the ring
 *
 * Writers refuse records from now on (counted in @refused and @dropped);
 * readers consume nothing. Takes the snapshot kdbg_ring_walk() visits.
 *
 * Context: any CPU, any context, NMI and panic included: no lock, no
 * allocation, bounded.
 */
void kdbg_ring_freeze(struct kdbg_ring *r)
{
	WRITE_ONCE(r->frozen, true);
	/* F: the flag before the snapshot's loads; writers do not pair. */
	smp_mb();
	kdbg_ring_snapshot(r);
}

/**
 * kdbg_ring_unfreeze() - let writers and readers resume.
 * @r: the ring
 *
 * The frozen records stay buffered, oldest first.
 * Context: any.
 */
void kdbg_ring_unfreeze(struct kdbg_ring *r)
{
	WRITE_ONCE(r->frozen, false);
}

/**
 * kdbg_ring_walk_start() - a cursor at the start of the frozen snapshot.
 * @r: a frozen ring
 * @w: the cursor to set up
 *
 * Context: any.
 */
void kdbg_ring_walk_start(const struct kdbg_ring *r, struct kdbg_ring_walk *w)
{
	memset(w, 0, sizeof(*w));
	w->pos = r->frozen_tail;
	w->end = r->frozen_commit;
}

/*
 * Whether @rec, a private copy of the record at @pos of @size bytes, is a
 * record a writer could have written there: the geometry first (a padding
 * record fills the buffer to its end exactly), then the layout of its
 * type.
 */
static bool kdbg_ring_record_valid(const struct kdbg_ring *r,
				   const struct kdbg_record *rec,
				   unsigned long pos, u32 size)
{
	u32 need;

	if (rec->size != size)
		return false;
	if (rec->type == KDBG_SOURCE_UNSPEC)
		return (pos & r->mask) + size == r->size;
	if (rec->type > KDBG_SOURCE_MAX ||
	    rec->hdr_size < sizeof(struct kdbg_record) ||
	    !IS_ALIGNED(rec->hdr_size, 8) || rec->hdr_size > size ||
	    rec->nr_stack > KDBG_STACK_MAX || rec->nr_args > KDBG_TP_ARGS_MAX)
		return false;
	need = rec->hdr_size + rec->nr_stack * sizeof(u64);
	if (rec->type == KDBG_SOURCE_KRETPROBE)
		need += sizeof(struct kdbg_ret_payload);
	else if (rec->type == KDBG_SOURCE_TRACEPOINT)
		need += rec->nr_args * sizeof(u64);
	return need <= size;
}

/**
 * kdbg_ring_walk() - visit the frozen snapshot without consuming it.
 * @r: a frozen ring
 * @w: the cursor, from kdbg_ring_walk_start(); advanced. With @w->limit
 *	set, the walk stops once @w->records reaches it.
 * @fn: called with a validated copy of each record, never with NULL;
 *	return <0 to stop: that record is visited first by the next call.
 *	NULL only counts: records are validated from their headers and
 *	not copied whole.
 * @arg: passed to @fn
 * @buf: scratch of KDBG_RING_MAX_RECORD bytes, 8-aligned (unused when
 *	@fn is NULL)
 *
 * A record that a late writer may have overwritten since the snapshot
 * (@tail moved past it) is skipped together with everything up to @tail:
 * @w->gaps counts such skips. A record that fails validation ends the
 * walk with @w->torn set: the records after it cannot be found.
 *
 * Context: any, NMI and panic included: no lock, no allocation, at most
 * size / KDBG_RING_MIN_RECORD steps. The caller serialises users of @w.
 * Return: the records visited by this call.
 */
unsigned int kdbg_ring_walk(struct kdbg_ring *r, struct kdbg_ring_walk *w,
			    kdbg_ring_read_fn fn, void *arg, void *buf)
{
	unsigned long steps = r->size / KDBG_RING_MIN_RECORD + 1;
	unsigned int n = 0;

	while (!kdbg_ring_walk_done(w) && steps-- &&
	       (!w->limit || w->records < w->limit)) {
		unsigned long pos = w->pos, tail;
		struct kdbg_record *rec = kdbg_ring_at(r, pos);
		u32 size = READ_ONCE(rec->size);
		struct kdbg_record hdr, *copy = &hdr;
		bool fits;

		/* The size bounds the copies: check it before copying. */
		fits = size >= KDBG_RING_MIN_RECORD && IS_ALIGNED(size, 8) &&
		       size <= w->end - pos &&
		       (pos & r->mask) + size <= r->size;
		if (fits) {
			memcpy(&hdr, rec, min_t(u32, size, sizeof(hdr)));
			/* Padding may be larger than a record: never whole. */
			if (fn && hdr.type != KDBG_SOURCE_UNSPEC &&
			    size <= KDBG_RING_MAX_RECORD) {
				copy = buf;
				memcpy(copy, rec, size);
			}
		}
		/* E: the copies before re-reading @tail; pairs with D. */
		smp_rmb();
		tail = READ_ONCE(r->tail);
		if ((long)(tail - pos) > 0) {
			/* Overwritten, or about to be: resume at @tail. */
			w->gaps++;
			w->pos = (long)(w->end - tail) > 0 ? tail : w->end;
			continue;
		}
		if (!fits || (copy->type != KDBG_SOURCE_UNSPEC &&
			      size > KDBG_RING_MAX_RECORD) ||
		    !kdbg_ring_record_valid(r, copy, pos, size)) {
			w->torn = true;
			break;
		}
		if (copy->type != KDBG_SOURCE_UNSPEC) {
			if (fn && fn(copy, arg) < 0)
				break;
			w->records++;
			n++;
		}
		w->pos = pos + size;
	}
	return n;
}
