// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of event sources, and the hot path they all share.
 *
 * A source is a kprobe, a kretprobe or a tracepoint hook (probe.c,
 * tracepoint.c). This file gives each one an id, keeps the list that netlink
 * and debugfs walk, refuses duplicates and enforces KDBG_MAX_SOURCES. Its
 * handlers all end in kdbg_source_hit(): recursion guard, filters, stack
 * capture, one record on this CPU's ring, per-source counters.
 *
 * Lifetime of a source:
 *
 *	add:	reserve an id (an empty xarray slot) -> attach (the handler may
 *		fire but sees id 0 and returns) -> resolved-duplicate check ->
 *		publish: store in the xarray, then set src->id (release)
 *	delete:	unlink from the list and the xarray -> detach (unregister and
 *		wait for running handlers) -> free
 *
 * Ids are allocated cyclically from 1 to INT_MAX, so a records' source id
 * names at most one source until 2^31 sources have been created: the
 * delivered and overwritten counts of a deleted source's records are simply
 * lost, never given to another source.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "kdbg.h"

/* One recursion flag and one stack buffer per context level. */
#define KDBG_SOURCE_CONTEXTS	4	/* task, softirq, hardirq, NMI */

/*
 * Per-CPU scratch of kdbg_source_hit(). Only handlers on this CPU touch
 * it, with preemption disabled: a handler interrupted by another handler
 * runs at a higher context level and so uses other slots.
 */
struct kdbg_source_cpu {
	u8 busy[KDBG_SOURCE_CONTEXTS];		/* level is inside the path */
	/* This CPU's totals over all sources, since load (this_cpu ops). */
	u64 hits;
	u64 filtered;
	u64 missed;				/* recursion guard only */
	unsigned long stack[KDBG_SOURCE_CONTEXTS][KDBG_STACK_MAX];
};

static DEFINE_PER_CPU(struct kdbg_source_cpu, kdbg_source_cpu);

/*
 * The registry. kdbg_sources_lock protects kdbg_sources_list, every change
 * of kdbg_sources_xa, kdbg_sources_gen and kdbg_sources_nr, and serialises
 * attach and detach. It is taken by netlink and debugfs (process context)
 * and is never taken on the hot path. kdbg_sources_xa is also read under
 * RCU, without the lock, by the accounting hooks.
 */
static DEFINE_MUTEX(kdbg_sources_lock);
static LIST_HEAD(kdbg_sources_list);		/* in creation order */
static DEFINE_XARRAY_ALLOC1(kdbg_sources_xa);	/* id -> published source */
static u32 kdbg_sources_next;			/* xa_alloc_cyclic() cursor */
static u32 kdbg_sources_gen;			/* bumped on add and delete */
static unsigned int kdbg_sources_nr;		/* written under the lock */

/* ------------------------------------------------------------------ */
/* Hot path                                                            */

/* @filter is NUL-terminated (kdbg_source_add() makes it so). */
static __always_inline bool kdbg_source_comm_eq(const char *comm,
						const char *filter)
{
	unsigned int i;

	for (i = 0; i < KDBG_COMM_LEN; i++) {
		if (comm[i] != filter[i])
			return false;
		if (!filter[i])
			return true;
	}
	return true;
}

static __always_inline bool kdbg_source_match(const struct kdbg_source_spec *s)
{
	struct task_struct *task = current;

	if (s->filter_pid && task->pid != s->filter_pid)
		return false;
	if (s->filter_tgid && task->tgid != s->filter_tgid)
		return false;
	if (s->filter_comm[0] && !kdbg_source_comm_eq(task->comm, s->filter_comm))
		return false;
	return true;
}

/*
 * Fill @buf (KDBG_STACK_MAX entries) innermost first; set *@first to the
 * first entry to record. Kprobes: the unwinder starts at the probed
 * instruction. Kretprobes: the probed function, then its caller's return
 * site. Tracepoints: the caller of the tracepoint, skipping the iterator
 * that runs when several probes share the tracepoint.
 */
static __always_inline unsigned int
kdbg_source_stack(struct kdbg_source *src, struct pt_regs *regs,
		  unsigned long *buf, const unsigned long **first)
{
	unsigned long iter;
	unsigned int n;

	*first = buf;
	switch (src->spec.type) {
	case KDBG_SOURCE_KRETPROBE:
		buf[0] = src->addr;
		return 1 + kdbg_stack_capture(regs, buf + 1, KDBG_STACK_MAX - 1);
	case KDBG_SOURCE_TRACEPOINT:
		n = kdbg_stack_capture(regs, buf, KDBG_STACK_MAX);
		iter = (unsigned long)src->tp.tp->iterator;
		if (n && buf[0] - iter < src->tp.iter_size) {
			*first = buf + 1;
			n--;
		}
		return n;
	default:
		return kdbg_stack_capture(regs, buf, KDBG_STACK_MAX);
	}
}

/**
 * kdbg_source_hit() - a source fired: filter, capture, write, count.
 * @src: the source whose handler runs.
 * @regs: the probed context (its ip is the first frame), or NULL to unwind
 *	from the caller, skipping kdbg's own frames.
 * @payload: the record's payload (struct kdbg_ret_payload or u64 args).
 * @payload_size: bytes at @payload.
 * @nr_args: number of u64 arguments in @payload (tracepoints), else 0.
 *
 * Counts HITS, then FILTERED or WRITTEN (and DROPPED when the ring refused
 * the record) for @src on this CPU. A hit at a context level that is
 * already inside this function on this CPU (a probe on something the hot
 * path calls, or a tracepoint fired from within it) is refused and counted
 * as MISSED, never as a hit. Hits before @src is published are ignored.
 *
 * Context: any, NMI included; preemption disabled. No locks, no
 * allocation, no printk.
 */
void kdbg_source_hit(struct kdbg_source *src, struct pt_regs *regs,
		     const void *payload, u32 payload_size, u16 nr_args)
{
	struct kdbg_source_cpu *sc = this_cpu_ptr(&kdbg_source_cpu);
	unsigned int ctx = interrupt_context_level();
	u32 id = READ_ONCE(src->id);	/* pairs with smp_store_release() */
	struct kdbg_event_desc d;

	if (unlikely(!id))
		return;
	if (unlikely(sc->busy[ctx])) {
		this_cpu_inc(src->pcpu->missed);
		this_cpu_inc(kdbg_source_cpu.missed);
		return;
	}
	sc->busy[ctx] = 1;
	barrier();	/* the flag is set before anything it guards */

	this_cpu_inc(src->pcpu->hits);
	this_cpu_inc(kdbg_source_cpu.hits);
	if (!kdbg_source_match(&src->spec)) {
		this_cpu_inc(src->pcpu->filtered);
		this_cpu_inc(kdbg_source_cpu.filtered);
		goto out;
	}
	/* Count-only: the hit and the filters were all it asked for. */
	if (src->spec.flags & KDBG_SOURCE_F_COUNT)
		goto out;

	d.type = src->spec.type;
	d.source_id = id;
	d.nr_args = nr_args;
	d.payload = payload;
	d.payload_size = payload_size;
	d.stack = NULL;
	d.nr_stack = 0;
	if (!(src->spec.flags & KDBG_SOURCE_F_NO_STACK))
		d.nr_stack = kdbg_source_stack(src, regs, sc->stack[ctx],
					       &d.stack);

	if (kdbg_event_emit(&d))
		this_cpu_inc(src->pcpu->dropped);
	this_cpu_inc(src->pcpu->written);
out:
	barrier();	/* everything guarded is done before the flag clears */
	sc->busy[ctx] = 0;
}

/**
 * kdbg_source_count_delivered() - a reader took a record of @source_id.
 * @cpu: the ring the record came from.
 * @source_id: the record's source id.
 *
 * Context: process, under @cpu's ring reader mutex (so the per-CPU
 * DELIVERED counter has one writer). The source may be gone: ignored.
 */
void kdbg_source_count_delivered(int cpu, u32 source_id)
{
	struct kdbg_source_pcpu *p;
	struct kdbg_source *src;

	rcu_read_lock();
	src = xa_load(&kdbg_sources_xa, source_id);
	if (src) {
		p = per_cpu_ptr(src->pcpu, cpu);
		WRITE_ONCE(p->delivered, p->delivered + 1);
	}
	rcu_read_unlock();
}

/**
 * kdbg_source_count_overwritten() - a record of @source_id was overwritten
 * on this CPU's ring: count it as DROPPED for its source.
 * @source_id: the overwritten record's source id.
 *
 * Context: any, NMI included; preemption disabled (the writer of this
 * CPU's ring). The source may be gone: ignored.
 */
void kdbg_source_count_overwritten(u32 source_id)
{
	struct kdbg_source *src;

	rcu_read_lock();
	src = xa_load(&kdbg_sources_xa, source_id);
	if (src)
		this_cpu_inc(src->pcpu->dropped);
	rcu_read_unlock();
}

/* ------------------------------------------------------------------ */
/* Registry                                                            */

/**
 * kdbg_source_counters() - sum a source's counters over all CPUs.
 * @src: the source.
 * @c: receives the sums; MISSED includes the probe layer's own misses.
 *
 * Context: process; @src must stay alive (sources mutex held, e.g. in a
 * kdbg_sources_walk() callback). The sums are not a snapshot: counters
 * keep moving while the source fires.
 */
void kdbg_source_counters(struct kdbg_source *src, struct kdbg_counters *c)
{
	const struct kdbg_source_pcpu *p;
	int cpu;

	memset(c, 0, sizeof(*c));
	for_each_possible_cpu(cpu) {
		p = per_cpu_ptr(src->pcpu, cpu);
		c->hits += READ_ONCE(p->hits);
		c->filtered += READ_ONCE(p->filtered);
		c->written += READ_ONCE(p->written);
		c->delivered += READ_ONCE(p->delivered);
		c->dropped += READ_ONCE(p->dropped);
		c->missed += READ_ONCE(p->missed);
	}
	if (src->spec.type == KDBG_SOURCE_KPROBE ||
	    src->spec.type == KDBG_SOURCE_KRETPROBE)
		c->missed += kdbg_probe_nmissed(src);
}

/**
 * kdbg_sources_cpu_counters() - add @cpu's HITS, FILTERED and MISSED.
 * @cpu: a possible CPU.
 * @c: its hits, filtered and missed fields are increased by the totals of
 *	every source, deleted ones included, on @cpu since the module loaded.
 *
 * MISSED here counts the hits kdbg's recursion guard refused; the kprobe
 * layer counts its own misses per probe, not per CPU, so they appear only
 * in the per-source counters.
 *
 * Context: any.
 */
void kdbg_sources_cpu_counters(int cpu, struct kdbg_counters *c)
{
	const struct kdbg_source_cpu *sc = per_cpu_ptr(&kdbg_source_cpu, cpu);

	c->hits += READ_ONCE(sc->hits);
	c->filtered += READ_ONCE(sc->filtered);
	c->missed += READ_ONCE(sc->missed);
}

static void kdbg_source_free(struct kdbg_source *src)
{
	free_percpu(src->pcpu);
	kfree(src);
}

static void kdbg_source_detach(struct kdbg_source *src)
{
	if (src->spec.type == KDBG_SOURCE_TRACEPOINT)
		kdbg_tracepoint_detach(src);
	else
		kdbg_probe_detach(src);
}

/* True when @a and @b hook the same point, so @b would duplicate @a. */
static bool kdbg_source_same_point(const struct kdbg_source *a,
				   const struct kdbg_source *b)
{
	if (a->spec.type != b->spec.type)
		return false;
	if (a->spec.type == KDBG_SOURCE_TRACEPOINT)
		return a->tp.tp == b->tp.tp;
	return a->addr == b->addr;
}

static struct kdbg_source *kdbg_source_find_target(enum kdbg_source_type type,
						   const char *target)
{
	struct kdbg_source *src;

	lockdep_assert_held(&kdbg_sources_lock);
	list_for_each_entry(src, &kdbg_sources_list, node)
		if (src->spec.type == type && !strcmp(src->spec.target, target))
			return src;
	return NULL;
}

static int kdbg_source_check_spec(const struct kdbg_source_spec *spec,
				  struct netlink_ext_ack *extack)
{
	if (spec->type < KDBG_SOURCE_KPROBE || spec->type > KDBG_SOURCE_MAX) {
		NL_SET_ERR_MSG(extack, "unknown source type");
		return -EINVAL;
	}
	if (!memchr(spec->target, '\0', sizeof(spec->target)) ||
	    !spec->target[0]) {
		NL_SET_ERR_MSG(extack, "empty or unterminated target");
		return -EINVAL;
	}
	if (spec->flags & ~KDBG_SOURCE_F_ALL) {
		NL_SET_ERR_MSG(extack, "unknown source flags");
		return -EINVAL;
	}
	if (!memchr(spec->filter_comm, '\0', sizeof(spec->filter_comm))) {
		NL_SET_ERR_MSG(extack, "comm filter longer than 15 bytes");
		return -EINVAL;
	}
	return 0;
}

/**
 * kdbg_source_add() - create and attach an event source.
 * @spec: what to attach; copied.
 * @id: receives the new source's id (>= 1).
 * @extack: receives a message on error.
 *
 * Context: process; takes the sources mutex; sleeps.
 * Return: 0, or -EINVAL (malformed spec or target), -ENOSPC
 * (KDBG_MAX_SOURCES attached), -EEXIST (same type and target, or the same
 * probe point or tracepoint, already attached), -ENOENT (unknown symbol or
 * tracepoint), -EOPNOTSUPP (cannot be probed), -ENOMEM, or another
 * error of the kprobe or tracepoint layer.
 */
int kdbg_source_add(const struct kdbg_source_spec *spec, u32 *id,
		    struct netlink_ext_ack *extack)
{
	struct kdbg_source *src, *other;
	u32 new_id;
	int ret;

	ret = kdbg_source_check_spec(spec, extack);
	if (ret)
		return ret;

	src = kzalloc(sizeof(*src), GFP_KERNEL);
	if (!src)
		return -ENOMEM;
	src->spec = *spec;
	/* Filters compare up to the NUL: clear what follows it. */
	strscpy_pad(src->spec.filter_comm, spec->filter_comm,
		    sizeof(src->spec.filter_comm));
	src->pcpu = alloc_percpu(struct kdbg_source_pcpu);
	if (!src->pcpu) {
		kfree(src);
		return -ENOMEM;
	}

	mutex_lock(&kdbg_sources_lock);
	if (kdbg_sources_nr >= KDBG_MAX_SOURCES) {
		NL_SET_ERR_MSG(extack, "too many sources attached");
		ret = -ENOSPC;
		goto err_unlock;
	}
	if (kdbg_source_find_target(spec->type, spec->target)) {
		NL_SET_ERR_MSG(extack,
			       "a source of this type and target is already attached");
		ret = -EEXIST;
		goto err_unlock;
	}
	/* An empty slot: lookups see nothing until the source is published. */
	ret = xa_alloc_cyclic(&kdbg_sources_xa, &new_id, NULL,
			      XA_LIMIT(1, INT_MAX), &kdbg_sources_next,
			      GFP_KERNEL);
	if (ret < 0)
		goto err_unlock;

	if (spec->type == KDBG_SOURCE_TRACEPOINT)
		ret = kdbg_tracepoint_attach(src, extack);
	else
		ret = kdbg_probe_attach(src, extack);
	if (ret)
		goto err_release_id;

	list_for_each_entry(other, &kdbg_sources_list, node) {
		if (kdbg_source_same_point(other, src)) {
			NL_SET_ERR_MSG(extack,
				       "this probe point or tracepoint is already attached under another name");
			ret = -EEXIST;
			goto err_detach;
		}
	}

	/* Cannot fail: the slot is reserved. */
	xa_store(&kdbg_sources_xa, new_id, src, GFP_KERNEL);
	/* The xarray entry is visible before any record carries the id. */
	smp_store_release(&src->id, new_id);
	list_add_tail(&src->node, &kdbg_sources_list);
	kdbg_sources_nr++;
	kdbg_sources_gen++;
	mutex_unlock(&kdbg_sources_lock);

	*id = new_id;
	return 0;

err_detach:
	kdbg_source_detach(src);
err_release_id:
	xa_erase(&kdbg_sources_xa, new_id);
err_unlock:
	mutex_unlock(&kdbg_sources_lock);
	kdbg_source_free(src);
	return ret;
}

/*
 * Unlink, detach and free @src. Detaching waits for an RCU grace period
 * (unregister_kprobe(), unregister_kretprobe(), kdbg_tracepoint_sync()),
 * which also ends every accounting hook that found @src in the xarray.
 */
static void kdbg_source_destroy(struct kdbg_source *src)
{
	lockdep_assert_held(&kdbg_sources_lock);

	list_del(&src->node);
	xa_erase(&kdbg_sources_xa, src->id);
	kdbg_sources_nr--;
	kdbg_sources_gen++;
	kdbg_source_detach(src);
	kdbg_source_free(src);
}

/**
 * kdbg_source_del_id() - detach and free a source by id.
 * @id: the source's id.
 * @extack: receives a message on error.
 *
 * Its records still in the rings stay readable. Returns once no handler
 * of the source can run any more.
 *
 * Context: process; takes the sources mutex; sleeps.
 * Return: 0, or -ENOENT when no source has this id.
 */
int kdbg_source_del_id(u32 id, struct netlink_ext_ack *extack)
{
	struct kdbg_source *src;

	mutex_lock(&kdbg_sources_lock);
	src = id ? xa_load(&kdbg_sources_xa, id) : NULL;
	if (!src) {
		mutex_unlock(&kdbg_sources_lock);
		NL_SET_ERR_MSG(extack, "no source with this id");
		return -ENOENT;
	}
	kdbg_source_destroy(src);
	mutex_unlock(&kdbg_sources_lock);
	return 0;
}

/**
 * kdbg_source_del_target() - detach and free a source by type and target.
 * @type: the source's type, or KDBG_SOURCE_UNSPEC to match any type.
 * @target: the target exactly as given when the source was added.
 * @extack: receives a message on error.
 *
 * Context: process; takes the sources mutex; sleeps.
 * Return: 0, -ENOENT when no source matches, -EINVAL when @type is
 * KDBG_SOURCE_UNSPEC and several sources (a kprobe and a kretprobe) have
 * this target.
 */
int kdbg_source_del_target(enum kdbg_source_type type, const char *target,
			   struct netlink_ext_ack *extack)
{
	struct kdbg_source *src, *found = NULL;
	int ret = 0;

	mutex_lock(&kdbg_sources_lock);
	list_for_each_entry(src, &kdbg_sources_list, node) {
		if (strcmp(src->spec.target, target))
			continue;
		if (type != KDBG_SOURCE_UNSPEC && src->spec.type != type)
			continue;
		if (found) {
			NL_SET_ERR_MSG(extack,
				       "several sources have this target: give the type or the id");
			ret = -EINVAL;
			goto out;
		}
		found = src;
	}
	if (!found) {
		NL_SET_ERR_MSG(extack, "no source with this target");
		ret = -ENOENT;
		goto out;
	}
	kdbg_source_destroy(found);
out:
	mutex_unlock(&kdbg_sources_lock);
	return ret;
}

/**
 * kdbg_sources_count() - the number of attached sources.
 *
 * Context: any; a racy read unless the sources mutex is held.
 * Return: the number of sources.
 */
unsigned int kdbg_sources_count(void)
{
	return READ_ONCE(kdbg_sources_nr);
}

/**
 * kdbg_sources_walk() - call @fn for each source in id order.
 * @start_id: the first id to visit.
 * @fn: called with each source and @arg; a negative return stops the walk.
 * @arg: passed to @fn.
 * @gen: if not NULL, receives the registry generation, which changes on
 *	every add and delete (netlink dump consistency).
 *
 * Context: process; takes the sources mutex, held while @fn runs.
 * Return: 0 after the last source, or @fn's negative return.
 */
int kdbg_sources_walk(u32 start_id, int (*fn)(struct kdbg_source *src,
					      void *arg),
		      void *arg, u32 *gen)
{
	struct kdbg_source *src;
	unsigned long index;
	int ret = 0;

	mutex_lock(&kdbg_sources_lock);
	if (gen)
		*gen = kdbg_sources_gen;
	xa_for_each_start(&kdbg_sources_xa, index, src, start_id) {
		ret = fn(src, arg);
		if (ret < 0)
			break;
	}
	mutex_unlock(&kdbg_sources_lock);
	return ret < 0 ? ret : 0;
}

/**
 * kdbg_sources_init() - prepare the registry.
 *
 * Context: process (module init).
 * Return: 0.
 */
int kdbg_sources_init(void)
{
	return 0;
}

/**
 * kdbg_sources_exit() - detach and free every source (module unload).
 *
 * Sources go in the reverse order of their creation; each is unregistered
 * and its handlers waited for before it is freed. The rings must still
 * exist: handlers running until then write to them.
 *
 * Context: process; takes the sources mutex; sleeps.
 */
void kdbg_sources_exit(void)
{
	struct kdbg_source *src, *tmp;

	mutex_lock(&kdbg_sources_lock);
	list_for_each_entry_safe_reverse(src, tmp, &kdbg_sources_list, node)
		kdbg_source_destroy(src);
	mutex_unlock(&kdbg_sources_lock);
	WARN_ON(!xa_empty(&kdbg_sources_xa));
	xa_destroy(&kdbg_sources_xa);
}
