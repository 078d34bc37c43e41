// SPDX-License-Identifier: GPL-2.0
/*
 * The set of per-CPU rings: the hot-path write every source ends in, the
 * draining readers (netlink and debugfs) with their blocking and batched
 * wakeups, the per-CPU accounting, and reconfiguration.
 *
 * Each CPU owns one struct kdbg_cpu, allocated on its node: writers on
 * that CPU touch only it, so no cache line is shared between CPUs on the
 * hot path. The set hangs off an RCU pointer so that a reconfiguration
 * can replace it: writers run with preemption disabled (kprobe and
 * tracepoint handlers), so synchronize_rcu() waits for them.
 *
 * Wakeups are batched: a writer queues its CPU's irq_work (NMI-safe) only
 * when somebody waits, the ring holds a quarter of its size, and no wakeup
 * is pending for it yet. Readers also wake on their timeout, which bounds
 * the latency of a trickle of events; no fence is spent on the hot path
 * to close the race between a writer's check and a reader going to sleep.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/wait.h>
#include <linux/irq_work.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/log2.h>
#include "kdbg.h"
#include "ring.h"

struct kdbg_cpu {
	struct kdbg_ring ring;
	/* Serialises readers of @ring; also protects @scratch. */
	struct mutex read_lock;
	/* A copy of the record being read; under @read_lock. */
	void *scratch;
	/* Queued by this CPU's writers, see the file comment. */
	struct irq_work wakeup;
	/* Set by writers when they queue @wakeup, cleared by readers. */
	bool wakeup_pending;
} ____cacheline_aligned;

struct kdbg_events {
	u32 size;
	enum kdbg_ring_mode mode;
	struct kdbg_cpu *cpu[];		/* nr_cpu_ids entries */
};

/* Fill level (bytes) past which a writer wakes sleeping readers. */
#define KDBG_EVENTS_WATERMARK(size)	((size) / 4)

/* The current rings; replaced under kdbg_events_rwsem held for writing. */
static struct kdbg_events __rcu *kdbg_events;

/*
 * Readers (drains, stats) hold it for reading, even while they sleep;
 * kdbg_events_configure() and kdbg_events_exit() for writing.
 */
static DECLARE_RWSEM(kdbg_events_rwsem);

/* Readers sleep here; woken by the irq_works and by shutdown. */
static DECLARE_WAIT_QUEUE_HEAD(kdbg_events_wq);

/* Set once at unload: readers return -ESHUTDOWN. */
static bool kdbg_events_stopping;

/*
 * Set while the flight recorder holds the rings' mode (recorder.c):
 * kdbg_events_configure() then answers -EBUSY. Written and read under
 * kdbg_events_rwsem held for writing.
 */
static bool kdbg_events_held;

/*
 * Counters of rings that a reconfiguration retired, per CPU, so totals
 * survive it. Written under kdbg_events_rwsem for writing, read under it
 * for reading.
 */
static struct kdbg_counters *kdbg_events_retired;

/*
 * Records of each CPU that a reader consumed but could not hand over
 * (kdbg_events_undeliver()): counted as DROPPED, not DELIVERED, in the
 * CPU's totals and in the lost count of the next read. Not per ring, so
 * that a reconfiguration between a drain and its failed reply changes
 * nothing. Atomic: failed replies of readers on different CPUs add to it.
 */
static DEFINE_PER_CPU(atomic64_t, kdbg_events_undelivered);

/* Sum of dropped records already reported as lost to a reader. */
static atomic64_t kdbg_events_lost_seen = ATOMIC64_INIT(0);

static void kdbg_events_wakeup(struct irq_work *work)
{
	wake_up_interruptible_all(&kdbg_events_wq);
}

static void kdbg_events_free(struct kdbg_events *ev)
{
	unsigned int cpu;

	if (!ev)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct kdbg_cpu *c = ev->cpu[cpu];

		if (!c)
			continue;
		irq_work_sync(&c->wakeup);
		vfree(c->ring.data);
		kfree(c->scratch);
		mutex_destroy(&c->read_lock);
		kfree(c);
	}
	kfree(ev);
}

static struct kdbg_events *kdbg_events_alloc(u32 size,
					     enum kdbg_ring_mode mode)
{
	struct kdbg_events *ev;
	unsigned int cpu;

	ev = kzalloc(struct_size(ev, cpu, nr_cpu_ids), GFP_KERNEL);
	if (!ev)
		return NULL;
	ev->size = size;
	ev->mode = mode;
	for_each_possible_cpu(cpu) {
		int node = cpu_to_node(cpu);
		struct kdbg_cpu *c;
		void *data;

		c = kzalloc_node(sizeof(*c), GFP_KERNEL, node);
		if (!c)
			goto err_free;
		ev->cpu[cpu] = c;
		mutex_init(&c->read_lock);
		init_irq_work(&c->wakeup, kdbg_events_wakeup);
		c->scratch = kmalloc_node(KDBG_RING_MAX_RECORD, GFP_KERNEL,
					  node);
		data = vmalloc_node(size, node);
		if (!c->scratch || !data) {
			vfree(data);
			goto err_free;
		}
		kdbg_ring_init(&c->ring, data, size, mode);
	}
	return ev;

err_free:
	kdbg_events_free(ev);
	return NULL;
}

/**
 * kdbg_events_init() - allocate one ring per possible CPU.
 * @ring_size: bytes per CPU, rounded up to a power of two and clamped
 * @mode: enum kdbg_ring_mode
 *
 * Context: process (module init).
 * Return: 0 or -ENOMEM.
 */
int kdbg_events_init(u32 ring_size, enum kdbg_ring_mode mode)
{
	struct kdbg_events *ev;

	ring_size = clamp_t(u32, ring_size, KDBG_RING_SIZE_MIN,
			    KDBG_RING_SIZE_MAX);
	kdbg_events_retired = kcalloc(nr_cpu_ids, sizeof(*kdbg_events_retired),
				      GFP_KERNEL);
	if (!kdbg_events_retired)
		return -ENOMEM;
	ev = kdbg_events_alloc(roundup_pow_of_two(ring_size), mode);
	if (!ev) {
		kfree(kdbg_events_retired);
		return -ENOMEM;
	}
	rcu_assign_pointer(kdbg_events, ev);
	return 0;
}

/**
 * kdbg_events_shutdown() - wake every reader with -ESHUTDOWN.
 *
 * Called first at unload, so that the netlink family and debugfs files
 * can be removed without waiting for a blocked drain.
 * Context: process.
 */
void kdbg_events_shutdown(void)
{
	WRITE_ONCE(kdbg_events_stopping, true);
	wake_up_interruptible_all(&kdbg_events_wq);
}

/**
 * kdbg_events_exit() - free the rings.
 *
 * Context: process (module exit), after every source is detached and
 * synchronized and every reader is gone.
 */
void kdbg_events_exit(void)
{
	struct kdbg_events *ev;

	down_write(&kdbg_events_rwsem);
	ev = rcu_dereference_protected(kdbg_events,
				       lockdep_is_held(&kdbg_events_rwsem));
	RCU_INIT_POINTER(kdbg_events, NULL);
	up_write(&kdbg_events_rwsem);
	synchronize_rcu();
	kdbg_events_free(ev);
	kfree(kdbg_events_retired);
}

/**
 * kdbg_event_emit() - write one record on this CPU's ring.
 * @d: the record's contents, all but the header
 *
 * Context: any, NMI included; preemption disabled.
 * Return: 0 if written, -ENOSPC if dropped.
 */
int kdbg_event_emit(const struct kdbg_event_desc *d)
{
	struct kdbg_events *ev = rcu_dereference_sched(kdbg_events);
	struct task_struct *tsk = current;
	unsigned int cpu = smp_processor_id();
	u32 stack_bytes = d->nr_stack * sizeof(u64);
	u32 size = kdbg_record_size(d->nr_stack, d->payload_size);
	struct kdbg_record *rec;
	struct kdbg_cpu *c;

	BUILD_BUG_ON(sizeof(unsigned long) != sizeof(u64));
	if (unlikely(!ev))
		return -ENOSPC;
	c = ev->cpu[cpu];
	rec = kdbg_ring_reserve(&c->ring, size, kdbg_source_count_overwritten);
	if (!rec)
		return -ENOSPC;
	rec->type = d->type;
	rec->hdr_size = sizeof(*rec);
	rec->size = size;
	rec->timestamp = local_clock();
	rec->cpu = cpu;
	rec->pid = tsk->pid;
	rec->tgid = tsk->tgid;
	rec->source_id = d->source_id;
	memcpy(rec->comm, tsk->comm, KDBG_COMM_LEN);
	rec->nr_stack = d->nr_stack;
	rec->nr_args = d->nr_args;
	rec->flags = 0;
	memcpy(rec + 1, d->stack, stack_bytes);
	memcpy((void *)(rec + 1) + stack_bytes, d->payload, d->payload_size);
	memset((void *)(rec + 1) + stack_bytes + d->payload_size, 0,
	       size - sizeof(*rec) - stack_bytes - d->payload_size);
	kdbg_ring_commit(&c->ring);

	/*
	 * Unordered against a reader going to sleep, on purpose: a missed
	 * wakeup costs that reader at most its timeout (file comment).
	 */
	if (unlikely(waitqueue_active(&kdbg_events_wq)) &&
	    !READ_ONCE(c->wakeup_pending) &&
	    kdbg_ring_used(&c->ring) >= KDBG_EVENTS_WATERMARK(c->ring.size)) {
		WRITE_ONCE(c->wakeup_pending, true);
		irq_work_queue(&c->wakeup);
	}
	return 0;
}

/* Wraps a reader's callback to account delivery per source. */
struct kdbg_drain {
	kdbg_record_fn fn;
	void *arg;
	struct kdbg_delivery *dl;	/* what was taken, or NULL */
	int cpu;
	/* The record accepted last, counted once its consumption stands. */
	u32 pending_id;
	bool pending;
	bool full;
};

/* Whether @dl can take a record of @cpu and @id without a new run. */
static bool kdbg_delivery_room(const struct kdbg_delivery *dl, int cpu,
			       u32 id)
{
	return dl->nr < KDBG_DELIVERY_RUNS ||
	       (dl->run[dl->nr - 1].cpu == cpu &&
		dl->run[dl->nr - 1].source_id == id);
}

/* Add a record to @dl; kdbg_delivery_room() said there is room. */
static void kdbg_delivery_add(struct kdbg_delivery *dl, int cpu, u32 id)
{
	if (dl->nr && dl->run[dl->nr - 1].cpu == cpu &&
	    dl->run[dl->nr - 1].source_id == id) {
		dl->run[dl->nr - 1].n++;
		return;
	}
	dl->run[dl->nr].cpu = cpu;
	dl->run[dl->nr].source_id = id;
	dl->run[dl->nr].n = 1;
	dl->nr++;
}

static void kdbg_drain_flush(struct kdbg_drain *dr)
{
	if (dr->pending) {
		kdbg_source_count_delivered(dr->cpu, dr->pending_id);
		if (dr->dl)
			kdbg_delivery_add(dr->dl, dr->cpu, dr->pending_id);
	}
	dr->pending = false;
}

static int kdbg_drain_one(const struct kdbg_record *rec, void *arg)
{
	struct kdbg_drain *dr = arg;
	int ret;

	if (!rec) {
		/* Overwritten after the copy: the writer counted it. */
		dr->pending = false;
		return dr->fn(NULL, dr->arg);
	}
	kdbg_drain_flush(dr);
	if (dr->dl && !kdbg_delivery_room(dr->dl, dr->cpu, rec->source_id)) {
		dr->full = true;
		return -ENOSPC;
	}
	ret = dr->fn(rec, dr->arg);
	if (ret < 0) {
		dr->full = true;
		return ret;
	}
	dr->pending_id = rec->source_id;
	dr->pending = true;
	return 0;
}

/* Context: kdbg_events_rwsem held for reading. */
static int kdbg_events_drain_cpu(struct kdbg_events *ev, int cpu,
				 struct kdbg_drain *dr)
{
	struct kdbg_cpu *c = ev->cpu[cpu];
	unsigned int n;

	if (mutex_lock_interruptible(&c->read_lock))
		return -EINTR;
	dr->cpu = cpu;
	n = kdbg_ring_read(&c->ring, kdbg_drain_one, dr, UINT_MAX, c->scratch);
	kdbg_drain_flush(dr);
	WRITE_ONCE(c->wakeup_pending, false);
	mutex_unlock(&c->read_lock);
	return n;
}

/*
 * Whether @cpu's ring (any ring if @cpu < 0) holds at least @min bytes;
 * always true at unload, so that sleepers wake and see the error.
 */
static bool kdbg_events_holding(struct kdbg_events *ev, int cpu,
				unsigned long min)
{
	unsigned int i;

	if (READ_ONCE(kdbg_events_stopping))
		return true;
	for_each_possible_cpu(i)
		if ((cpu < 0 || i == cpu) &&
		    kdbg_ring_readable(&ev->cpu[i]->ring) >= min)
			return true;
	return false;
}

/* Drain @cpu (or all CPUs if < 0), blocking per @timeout_ms if empty. */
static int kdbg_events_drain(int cpu, kdbg_record_fn fn, void *arg,
			     u32 timeout_ms, struct kdbg_delivery *dl)
{
	struct kdbg_drain dr = { .fn = fn, .arg = arg, .dl = dl };
	struct kdbg_events *ev;
	bool waited = false;
	int total, n;
	unsigned int i;

	if (down_read_killable(&kdbg_events_rwsem))
		return -EINTR;
	ev = rcu_dereference_protected(kdbg_events,
				       lockdep_is_held(&kdbg_events_rwsem));
again:
	total = 0;
	if (READ_ONCE(kdbg_events_stopping) || !ev) {
		total = -ESHUTDOWN;
		goto out;
	}
	for_each_possible_cpu(i) {
		if (cpu >= 0 && i != cpu)
			continue;
		n = kdbg_events_drain_cpu(ev, i, &dr);
		if (n < 0) {
			total = total ?: n;
			goto out;
		}
		total += n;
		if (dr.full)
			break;
	}
	if (!total && !dr.full && timeout_ms && !waited) {
		unsigned long mark = KDBG_EVENTS_WATERMARK(ev->size);
		long left = wait_event_interruptible_timeout(kdbg_events_wq,
				kdbg_events_holding(ev, cpu, mark),
				msecs_to_jiffies(timeout_ms));
		if (left < 0) {
			total = -EINTR;
			goto out;
		}
		waited = true;
		goto again;
	}
out:
	up_read(&kdbg_events_rwsem);
	return total;
}

static u64 kdbg_events_dropped_total(struct kdbg_events *ev)
{
	unsigned int cpu;
	u64 sum = 0;

	for_each_possible_cpu(cpu)
		sum += local_read(&ev->cpu[cpu]->ring.dropped) +
		       kdbg_events_retired[cpu].dropped +
		       atomic64_read(per_cpu_ptr(&kdbg_events_undelivered,
						 cpu));
	return sum;
}

/**
 * kdbg_events_read() - drain records from every CPU.
 * @fn: called for each record, see kdbg_record_fn
 * @arg: passed to @fn
 * @timeout_ms: when no record is buffered, block up to this long
 * @lost: set to the records dropped since the previous call
 * @dl: if not NULL, receives what was drained, for kdbg_events_undeliver()
 *
 * Context: process; sleeps.
 * Return: records delivered, -EINTR on a signal, -ESHUTDOWN at unload.
 */
int kdbg_events_read(kdbg_record_fn fn, void *arg, u32 timeout_ms,
		     u64 *lost, struct kdbg_delivery *dl)
{
	struct kdbg_events *ev;
	u64 dropped = 0;
	int ret;

	if (dl) {
		dl->nr = 0;
		dl->lost = 0;
	}
	ret = kdbg_events_drain(-1, fn, arg, timeout_ms, dl);

	if (ret >= 0 && lost) {
		down_read(&kdbg_events_rwsem);
		ev = rcu_dereference_protected(kdbg_events,
					       lockdep_is_held(&kdbg_events_rwsem));
		if (ev)
			dropped = kdbg_events_dropped_total(ev);
		up_read(&kdbg_events_rwsem);
		*lost = dropped - atomic64_xchg(&kdbg_events_lost_seen, dropped);
		if (dl)
			dl->lost = *lost;
	}
	return ret;
}

/**
 * kdbg_events_read_cpu() - drain records from one CPU's ring.
 * @cpu: a possible CPU
 * @fn: called for each record, see kdbg_record_fn
 * @arg: passed to @fn
 * @timeout_ms: when no record is buffered, block up to this long
 *
 * Context: process; sleeps.
 * Return: as kdbg_events_read(), or -EINVAL for a bad @cpu.
 */
int kdbg_events_read_cpu(int cpu, kdbg_record_fn fn, void *arg,
			 u32 timeout_ms)
{
	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;
	return kdbg_events_drain(cpu, fn, arg, timeout_ms, NULL);
}

/**
 * kdbg_events_undeliver() - the records of a drain never reached the
 * reader (its reply could not be queued): count them as dropped.
 * @dl: what kdbg_events_read() took.
 *
 * Moves them from DELIVERED to DROPPED for their CPUs and sources, so
 * that written = delivered + dropped + buffered still holds and counts
 * only what readers received; the next read reports them as lost, with
 * the losses the unqueued reply itself reported (their share of
 * kdbg_events_lost_seen is given back: a read in between reports its own
 * share, and this one's, once).
 *
 * Context: process.
 */
void kdbg_events_undeliver(const struct kdbg_delivery *dl)
{
	unsigned int i;

	atomic64_sub(dl->lost, &kdbg_events_lost_seen);

	for (i = 0; i < dl->nr; i++) {
		atomic64_add(dl->run[i].n, per_cpu_ptr(&kdbg_events_undelivered,
						       dl->run[i].cpu));
		kdbg_source_count_undelivered(dl->run[i].source_id,
					      dl->run[i].n);
	}
}

/**
 * kdbg_events_readable() - whether a drain would find a record.
 * @cpu: a CPU, or -1 for any
 *
 * Context: any but NMI.
 * Return: true if some record is buffered (or at unload, so that pollers
 * wake and see the error).
 */
bool kdbg_events_readable(int cpu)
{
	struct kdbg_events *ev;
	bool ret;

	rcu_read_lock();
	ev = rcu_dereference(kdbg_events);
	ret = ev ? kdbg_events_holding(ev, cpu, 1) :
		   READ_ONCE(kdbg_events_stopping);
	rcu_read_unlock();
	return ret;
}

/**
 * kdbg_events_waitqueue() - where readers sleep, for poll().
 *
 * Context: any.
 * Return: the wait queue woken by batched wakeups and at unload.
 */
struct wait_queue_head *kdbg_events_waitqueue(void)
{
	return &kdbg_events_wq;
}

/**
 * kdbg_events_cpu_stats() - one CPU's accounting.
 * @cpu: a possible CPU
 * @c: filled with the CPU's counters, those of its sources included
 * @used: bytes buffered
 * @records: records buffered, counted by walking the ring
 *
 * Context: process; sleeps.
 */
void kdbg_events_cpu_stats(int cpu, struct kdbg_counters *c, u32 *used,
			   u32 *records)
{
	struct kdbg_events *ev;
	struct kdbg_cpu *kc;
	u64 undelivered;

	memset(c, 0, sizeof(*c));
	*used = 0;
	*records = 0;
	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return;
	kdbg_sources_cpu_counters(cpu, c);
	down_read(&kdbg_events_rwsem);
	ev = rcu_dereference_protected(kdbg_events,
				       lockdep_is_held(&kdbg_events_rwsem));
	if (!ev)
		goto out;
	kc = ev->cpu[cpu];
	mutex_lock(&kc->read_lock);
	c->written = local_read(&kc->ring.written) +
		     kdbg_events_retired[cpu].written;
	undelivered = atomic64_read(per_cpu_ptr(&kdbg_events_undelivered, cpu));
	c->dropped = local_read(&kc->ring.dropped) +
		     kdbg_events_retired[cpu].dropped + undelivered;
	c->delivered = kc->ring.delivered + kdbg_events_retired[cpu].delivered -
		       undelivered;
	*used = kdbg_ring_used(&kc->ring);
	*records = kdbg_ring_count(&kc->ring);
	mutex_unlock(&kc->read_lock);
out:
	up_read(&kdbg_events_rwsem);
}

/**
 * kdbg_events_ring_size() - the current ring size.
 *
 * Context: any.
 * Return: bytes per CPU.
 */
u32 kdbg_events_ring_size(void)
{
	struct kdbg_events *ev;
	u32 size;

	rcu_read_lock();
	ev = rcu_dereference(kdbg_events);
	size = ev ? ev->size : 0;
	rcu_read_unlock();
	return size;
}

/**
 * kdbg_events_ring_mode() - the current full-ring policy.
 *
 * Context: any.
 * Return: enum kdbg_ring_mode.
 */
enum kdbg_ring_mode kdbg_events_ring_mode(void)
{
	struct kdbg_events *ev;
	enum kdbg_ring_mode mode;

	rcu_read_lock();
	ev = rcu_dereference(kdbg_events);
	mode = ev ? READ_ONCE(ev->mode) : KDBG_RING_MODE_UNSPEC;
	rcu_read_unlock();
	return mode;
}

/**
 * kdbg_events_configure() - replace the rings.
 * @size: new bytes per CPU (rounded up to a power of two), 0 to keep
 * @mode: new mode, KDBG_RING_MODE_UNSPEC to keep
 *
 * Buffered records are discarded and counted as dropped on their CPU.
 * Context: process; sleeps.
 * Return: 0, -ERANGE for a bad size, -EINVAL for a bad mode, -EBUSY if
 * sources are attached, a reader is draining or the flight recorder holds
 * the rings, -ENOMEM.
 */
int kdbg_events_configure(u32 size, enum kdbg_ring_mode mode)
{
	struct kdbg_events *old, *new;
	unsigned int cpu;

	if (size && (size < KDBG_RING_SIZE_MIN || size > KDBG_RING_SIZE_MAX))
		return -ERANGE;
	if (mode > KDBG_RING_MODE_MAX)
		return -EINVAL;
	if (!down_write_trylock(&kdbg_events_rwsem))
		return -EBUSY;
	old = rcu_dereference_protected(kdbg_events,
					lockdep_is_held(&kdbg_events_rwsem));
	if (kdbg_sources_count() || READ_ONCE(kdbg_events_stopping) || !old ||
	    kdbg_events_held) {
		up_write(&kdbg_events_rwsem);
		return -EBUSY;
	}
	new = kdbg_events_alloc(size ? roundup_pow_of_two(size) : old->size,
				mode ?: old->mode);
	if (!new) {
		up_write(&kdbg_events_rwsem);
		return -ENOMEM;
	}
	rcu_assign_pointer(kdbg_events, new);
	/* Writers that still see @old finish before we read its counters. */
	synchronize_rcu();
	for_each_possible_cpu(cpu) {
		struct kdbg_ring *r = &old->cpu[cpu]->ring;
		struct kdbg_counters *ret = &kdbg_events_retired[cpu];

		ret->written += local_read(&r->written);
		ret->dropped += local_read(&r->dropped) + kdbg_ring_count(r);
		ret->delivered += r->delivered;
	}
	up_write(&kdbg_events_rwsem);
	kdbg_events_free(old);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The flight recorder's access to the rings (recorder.c)              */

/**
 * kdbg_events_hold() - switch every ring's mode in place and keep it.
 * @hold: true to hold the rings (kdbg_events_configure() then answers
 *	-EBUSY), false to let go
 * @mode: the mode every ring takes, KDBG_RING_MODE_DROP or _OVERWRITE
 *
 * Buffered records, sources and readers are left alone.
 * Context: process; sleeps until draining readers leave.
 * Return: 0, -EINTR (fatal signal), -ESHUTDOWN (no rings: unload).
 */
int kdbg_events_hold(bool hold, enum kdbg_ring_mode mode)
{
	struct kdbg_events *ev;
	unsigned int cpu;

	if (down_write_killable(&kdbg_events_rwsem))
		return -EINTR;
	ev = rcu_dereference_protected(kdbg_events,
				       lockdep_is_held(&kdbg_events_rwsem));
	if (!ev) {
		up_write(&kdbg_events_rwsem);
		return -ESHUTDOWN;
	}
	for_each_possible_cpu(cpu)
		kdbg_ring_set_mode(&ev->cpu[cpu]->ring, mode);
	/* Read without the lock by kdbg_events_ring_mode(). */
	WRITE_ONCE(ev->mode, mode);
	kdbg_events_held = hold;
	up_write(&kdbg_events_rwsem);
	return 0;
}

/**
 * kdbg_events_ring() - @cpu's ring in the current set.
 * @cpu: a possible CPU
 *
 * Context: an RCU-sched read side (preemption or interrupts disabled, as
 * in notifiers and probe handlers) or kdbg_events_lock_read() held; the
 * ring stays valid until it ends.
 * Return: the ring, or NULL (no rings, or a bad @cpu).
 */
struct kdbg_ring *kdbg_events_ring(int cpu)
{
	struct kdbg_events *ev = rcu_dereference_sched_check(kdbg_events,
				lockdep_is_held(&kdbg_events_rwsem));

	if (!ev || cpu < 0 || cpu >= nr_cpu_ids || !ev->cpu[cpu])
		return NULL;
	return &ev->cpu[cpu]->ring;
}

/**
 * kdbg_events_lock_read() - keep the rings from being replaced.
 *
 * Context: process; sleeps.
 * Return: 0, or -EINTR on a fatal signal (then the lock is not held).
 */
int kdbg_events_lock_read(void)
{
	return down_read_killable(&kdbg_events_rwsem);
}

/**
 * kdbg_events_unlock_read() - release kdbg_events_lock_read().
 *
 * Context: process.
 */
void kdbg_events_unlock_read(void)
{
	up_read(&kdbg_events_rwsem);
}

/**
 * kdbg_events_quiesce() - wait for writers and drains in flight.
 *
 * After it returns, every writer and reader that started before it has
 * finished: those that run now see what was written before the call
 * (a frozen ring's flag, for the flight recorder).
 * Context: process; sleeps; kdbg_events_lock_read() held.
 */
void kdbg_events_quiesce(void)
{
	struct kdbg_events *ev = rcu_dereference_protected(kdbg_events,
				lockdep_is_held(&kdbg_events_rwsem));
	unsigned int cpu;

	/* Writers run with preemption disabled. */
	synchronize_rcu();
	if (!ev)
		return;
	/* Readers of a ring hold its read_lock for the whole drain. */
	for_each_possible_cpu(cpu) {
		mutex_lock(&ev->cpu[cpu]->read_lock);
		mutex_unlock(&ev->cpu[cpu]->read_lock);
	}
}
