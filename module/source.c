// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of event sources, and the hot path they all share.
 *
 * A source is one hook of a kind (kprobe, kretprobe, tracepoint, ...).
 * Each kind lives in its own file and registers a struct kdbg_source_ops;
 * this file knows kinds only through those. It gives each source an id,
 * keeps the list that netlink and debugfs walk, refuses duplicates,
 * enforces KDBG_MAX_SOURCES and expands patterns into one source per
 * function. Every kind's handler ends in kdbg_source_hit(): recursion
 * guard, filters, then either one update of the source's aggregation
 * table (agg.h) or stack capture and one record on this CPU's ring, and
 * the per-source counters.
 *
 * Lifetime of a source:
 *
 *	add:	create the aggregation table -> reserve an id (an empty
 *		xarray slot) -> attach (the handler may fire but sees id 0 and
 *		returns) -> resolved-duplicate check -> publish: store in the
 *		xarray, then set src->id (release)
 *	delete:	unlink from the list and the xarray -> detach (unregister and
 *		wait for running handlers) -> destroy the table -> free
 *
 * Ids are allocated cyclically from 1 to INT_MAX, so a records' source id
 * names at most one source until 2^31 sources have been created: the
 * delivered and overwritten counts of a deleted source's records are simply
 * lost, never given to another source.
 */
#include <linux/glob.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <net/netlink.h>

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

/*
 * The kinds, by type. Written only by kdbg_source_kind_register() and
 * _unregister(), from module init and exit, while neither netlink nor
 * debugfs is up; read by everything else without a lock.
 */
static const struct kdbg_source_ops *kdbg_source_kinds[__KDBG_SOURCE_MAX];

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
 * Fill @buf (KDBG_STACK_MAX entries) innermost first as @hit asks (see
 * struct kdbg_hit); set *@first to the first entry to record.
 */
static __always_inline unsigned int
kdbg_source_stack(const struct kdbg_hit *hit, unsigned long *buf,
		  const unsigned long **first)
{
	unsigned int n = 0;

	*first = buf;
	if (hit->lead)
		buf[n++] = hit->lead;
	n += kdbg_stack_capture(hit->regs, buf + n, KDBG_STACK_MAX - n);
	if (hit->skip_size && !hit->lead && n &&
	    buf[0] - hit->skip_start < hit->skip_size) {
		*first = buf + 1;
		n--;
	}
	return n;
}

/* One update of @src's aggregation table from what @hit and @task give. */
static __always_inline void
kdbg_source_aggregate_hit(struct kdbg_source *src, const struct kdbg_hit *hit,
			  unsigned long *buf, struct task_struct *task)
{
	struct kdbg_agg_hit ah = {
		.pid = task->pid,
		.tgid = task->tgid,
		.cpu = smp_processor_id(),
		.comm = task->comm,
		.latency = hit->latency,
		.retval = hit->retval,
		.args = hit->nr_args ? hit->payload : NULL,
		.nr_args = hit->nr_args,
	};

	if (src->wants_stack)
		ah.nr_stack = kdbg_source_stack(hit, buf, &ah.stack);
	kdbg_agg_update(src->agg, &ah);
}

/* One update of @src's aggregation table; @buf is this level's scratch. */
static __always_inline void kdbg_source_aggregate(struct kdbg_source *src,
						  const struct kdbg_hit *hit,
						  unsigned long *buf)
{
	struct task_struct *task = current;

	/* A plain count reads nothing of the hit: no kdbg_agg_hit to fill. */
	if (!src->agg_reads_hit) {
		kdbg_agg_count(src->agg);
		return;
	}
	kdbg_source_aggregate_hit(src, hit, buf, task);
}

/*
 * One record of @src on this CPU's ring; @buf is this level's scratch. Out
 * of line, so that counting and aggregating hits build no record
 * descriptor (which the kernel's zeroing of every local would clear).
 */
static noinline void kdbg_source_write(struct kdbg_source *src, u32 id,
				       const struct kdbg_hit *hit,
				       unsigned long *buf)
{
	struct kdbg_event_desc d;

	d.type = src->spec.type;
	d.source_id = id;
	d.nr_args = hit->nr_args;
	d.payload = hit->payload;
	d.payload_size = hit->payload_size;
	d.stack = NULL;
	d.nr_stack = 0;
	if (src->wants_stack)
		d.nr_stack = kdbg_source_stack(hit, buf, &d.stack);

	if (kdbg_event_emit(&d))
		this_cpu_inc(src->pcpu->dropped);
	this_cpu_inc(src->pcpu->written);
}

NOKPROBE_SYMBOL(kdbg_source_write);

/**
 * kdbg_source_hit() - a source fired: filter, aggregate or write, count.
 * @src: the source whose handler runs.
 * @hit: what the handler saw (struct kdbg_hit): the probed context, how
 *	to shape the stack, the record's payload and the values an
 *	aggregation may use.
 *
 * Counts HITS, then FILTERED, or (records) WRITTEN and DROPPED when the
 * ring refused the record, for @src on this CPU. An aggregating source
 * updates its table instead of writing a record (its table counts what
 * found no room). A hit at a context level that is already inside this
 * function on this CPU (a probe on something the hot path calls, or a
 * tracepoint fired from within it) is refused and counted as MISSED,
 * never as a hit. Hits before @src is published are ignored.
 *
 * Context: any, NMI included; preemption disabled. No locks, no
 * allocation, no printk.
 */
void kdbg_source_hit(struct kdbg_source *src, const struct kdbg_hit *hit)
{
	struct kdbg_source_cpu *sc = this_cpu_ptr(&kdbg_source_cpu);
	unsigned int ctx = interrupt_context_level();
	u32 id = READ_ONCE(src->id);	/* pairs with smp_store_release() */

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
	if (src->agg) {
		kdbg_source_aggregate(src, hit, sc->stack[ctx]);
		goto out;
	}
	/* Count-only: the hit and the filters were all it asked for. */
	if (src->spec.flags & KDBG_SOURCE_F_COUNT)
		goto out;

	kdbg_source_write(src, id, hit, sc->stack[ctx]);
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
 * kdbg_source_count_undelivered() - @n records of @source_id counted as
 * delivered never reached their reader: count them as dropped instead.
 * @source_id: the records' source id.
 * @n: how many.
 *
 * Context: process. The source may be gone: ignored.
 */
void kdbg_source_count_undelivered(u32 source_id, u32 n)
{
	struct kdbg_source *src;

	rcu_read_lock();
	src = xa_load(&kdbg_sources_xa, source_id);
	if (src)
		atomic64_add(n, &src->undelivered);
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

/**
 * kdbg_source_target() - copy a source's target.
 * @id: the source id
 * @buf: receives the target, NUL-terminated
 * @len: size of @buf
 *
 * For the flight recorder's console lines, printed at a crash.
 * Context: any, NMI included (RCU, as kdbg_source_count_overwritten()).
 * Return: true if the source exists.
 */
bool kdbg_source_target(u32 id, char *buf, size_t len)
{
	struct kdbg_source *src;
	bool found = false;

	rcu_read_lock();
	src = id ? xa_load(&kdbg_sources_xa, id) : NULL;
	if (src) {
		strscpy(buf, src->spec.target, len);
		found = true;
	}
	rcu_read_unlock();
	return found;
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
	u64 undelivered;
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
	/* Moved from DELIVERED to DROPPED: a reply that was not queued. */
	undelivered = atomic64_read(&src->undelivered);
	c->delivered -= undelivered;
	c->dropped += undelivered;
	if (src->ops->nmissed)
		c->missed += src->ops->nmissed(src);
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

/**
 * kdbg_source_kind_register() - make a kind of source available.
 * @ops: the kind's operations; must outlive its registration.
 *
 * Context: process, module init only (before netlink and debugfs).
 * Return: 0, -EINVAL (bad type or no attach/detach), -EEXIST.
 */
int kdbg_source_kind_register(const struct kdbg_source_ops *ops)
{
	if (ops->type <= KDBG_SOURCE_UNSPEC || ops->type > KDBG_SOURCE_MAX ||
	    !ops->attach || !ops->detach || !ops->same_point)
		return -EINVAL;
	if (kdbg_source_kinds[ops->type])
		return -EEXIST;
	kdbg_source_kinds[ops->type] = ops;
	return 0;
}

/**
 * kdbg_source_kind_unregister() - the reverse of registering @ops.
 * @ops: a registered kind with no source left.
 *
 * Context: process, module exit or init error only.
 */
void kdbg_source_kind_unregister(const struct kdbg_source_ops *ops)
{
	if (kdbg_source_kinds[ops->type] == ops)
		kdbg_source_kinds[ops->type] = NULL;
}

/**
 * kdbg_source_type_name() - the name of a kind, as debugfs prints it.
 * @type: a source type.
 *
 * Context: any. Return: the name, or "?" for a type with no kind.
 */
const char *kdbg_source_type_name(enum kdbg_source_type type)
{
	const struct kdbg_source_ops *ops;

	if (type <= KDBG_SOURCE_UNSPEC || type > KDBG_SOURCE_MAX)
		return "?";
	ops = kdbg_source_kinds[type];
	return ops ? ops->name : "?";
}

/**
 * kdbg_target_is_pattern() - whether a target is a glob over functions.
 * @target: a source's target.
 *
 * Context: any. Return: true if it has '*', '?' or '['.
 */
bool kdbg_target_is_pattern(const char *target)
{
	return strpbrk(target, "*?[");
}

static void kdbg_source_free(struct kdbg_source *src)
{
	if (src->agg)
		kdbg_agg_destroy(src->agg);
	free_percpu(src->pcpu);
	kfree(src);
}

/* True when @a and @b hook the same point, so @b would duplicate @a. */
static bool kdbg_source_same_point(const struct kdbg_source *a,
				   const struct kdbg_source *b)
{
	return a->ops == b->ops && a->ops->same_point(a, b);
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

static const struct kdbg_source_ops *
kdbg_source_check_spec(const struct kdbg_source_spec *spec,
		       struct netlink_ext_ack *extack)
{
	const struct kdbg_source_ops *ops = NULL;
	int ret;

	if (spec->type > KDBG_SOURCE_UNSPEC && spec->type <= KDBG_SOURCE_MAX)
		ops = kdbg_source_kinds[spec->type];
	if (!ops) {
		NL_SET_ERR_MSG(extack, "unknown source type");
		return ERR_PTR(-EINVAL);
	}
	if (!memchr(spec->target, '\0', sizeof(spec->target)) ||
	    !spec->target[0]) {
		NL_SET_ERR_MSG(extack, "empty or unterminated target");
		return ERR_PTR(-EINVAL);
	}
	if (spec->flags & ~KDBG_SOURCE_F_ALL) {
		NL_SET_ERR_MSG(extack, "unknown source flags");
		return ERR_PTR(-EINVAL);
	}
	if (spec->aggregate && (spec->flags & KDBG_SOURCE_F_COUNT)) {
		NL_SET_ERR_MSG(extack,
			       "an aggregating source cannot also be count-only");
		return ERR_PTR(-EINVAL);
	}
	if (!memchr(spec->filter_comm, '\0', sizeof(spec->filter_comm))) {
		NL_SET_ERR_MSG(extack, "comm filter longer than 15 bytes");
		return ERR_PTR(-EINVAL);
	}
	ret = kdbg_lockdown_check(spec->type, extack);
	if (ret)
		return ERR_PTR(ret);
	return ops;
}

/*
 * The aggregation @src's spec asks for, against what its kind has, with
 * @nargs raw arguments (the most a kind can have before it is attached).
 */
static int kdbg_source_check_agg(const struct kdbg_source *src, u32 nargs,
				 struct netlink_ext_ack *extack)
{
	struct kdbg_agg_caps caps = src->ops->agg_caps;

	caps.nargs = nargs;
	return kdbg_agg_spec_check(&src->spec.agg, &caps, extack);
}

/*
 * Create, attach and publish one source. @must_trace: refuse functions
 * that are not ftrace sites (pattern members).
 */
static int kdbg_source_add_locked(const struct kdbg_source_spec *spec,
				  const struct kdbg_source_ops *ops,
				  bool must_trace, u32 *id,
				  struct netlink_ext_ack *extack)
{
	struct kdbg_source *src, *other;
	size_t priv_words;
	u32 new_id;
	int ret;

	lockdep_assert_held(&kdbg_sources_lock);
	if (kdbg_sources_nr >= KDBG_MAX_SOURCES) {
		NL_SET_ERR_MSG(extack, "too many sources attached");
		return -ENOSPC;
	}
	if (kdbg_source_find_target(spec->type, spec->target)) {
		NL_SET_ERR_MSG(extack,
			       "a source of this type and target is already attached");
		return -EEXIST;
	}

	priv_words = DIV_ROUND_UP(ops->priv_size, sizeof(long));
	src = kzalloc(struct_size(src, priv, priv_words), GFP_KERNEL);
	if (!src)
		return -ENOMEM;
	src->spec = *spec;
	src->ops = ops;
	/* Filters compare up to the NUL: clear what follows it. */
	strscpy_pad(src->spec.filter_comm, spec->filter_comm,
		    sizeof(src->spec.filter_comm));
	src->pcpu = alloc_percpu(struct kdbg_source_pcpu);
	if (!src->pcpu) {
		kfree(src);
		return -ENOMEM;
	}
	src->wants_stack = !(spec->flags & (KDBG_SOURCE_F_NO_STACK |
					    KDBG_SOURCE_F_COUNT));
	if (spec->aggregate) {
		/* Checked again with the source's own nargs once attached. */
		ret = kdbg_source_check_agg(src, KDBG_TP_ARGS_MAX, extack);
		if (ret)
			goto err_free;
		src->agg = kdbg_agg_create(&spec->agg);
		if (!src->agg) {
			ret = -ENOMEM;
			goto err_free;
		}
		src->wants_stack = kdbg_agg_wants_stack(src->agg);
		src->agg_reads_hit = kdbg_agg_reads_hit(src->agg);
	}

	/* An empty slot: lookups see nothing until the source is published. */
	ret = xa_alloc_cyclic(&kdbg_sources_xa, &new_id, NULL,
			      XA_LIMIT(1, INT_MAX), &kdbg_sources_next,
			      GFP_KERNEL);
	if (ret < 0)
		goto err_free;

	ret = ops->attach(src, must_trace, extack);
	if (ret)
		goto err_release_id;

	if (spec->aggregate) {
		ret = kdbg_source_check_agg(src, src->nargs, extack);
		if (ret)
			goto err_detach;
	}
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
	*id = new_id;
	return 0;

err_detach:
	ops->detach(src);
err_release_id:
	xa_erase(&kdbg_sources_xa, new_id);
err_free:
	kdbg_source_free(src);
	return ret;
}

/**
 * kdbg_source_add() - create and attach an event source.
 * @spec: what to attach; copied. Its target must not be a pattern.
 * @id: receives the new source's id (>= 1).
 * @extack: receives a message on error.
 *
 * Context: process; takes the sources mutex; sleeps.
 * Return: 0, or -EINVAL (malformed spec, target or aggregation), -ERANGE
 * (aggregation sizes), -ENOSPC (KDBG_MAX_SOURCES attached), -EEXIST (same
 * type and target, or the same probe point or tracepoint, already
 * attached), -ENOENT (unknown symbol or tracepoint), -EOPNOTSUPP (cannot
 * be probed), -ENOMEM, or another error of the kind's hook layer.
 */
int kdbg_source_add(const struct kdbg_source_spec *spec, u32 *id,
		    struct netlink_ext_ack *extack)
{
	const struct kdbg_source_ops *ops;
	struct kdbg_source_spec *copy;
	int ret;

	ops = kdbg_source_check_spec(spec, extack);
	if (IS_ERR(ops))
		return PTR_ERR(ops);
	if (ops->patterns && kdbg_target_is_pattern(spec->target)) {
		NL_SET_ERR_MSG(extack, "a pattern target needs a pattern add");
		return -EINVAL;
	}
	/* Only patterns set spec->pattern. */
	copy = kmemdup(spec, sizeof(*spec), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	copy->pattern[0] = '\0';

	mutex_lock(&kdbg_sources_lock);
	ret = kdbg_source_add_locked(copy, ops, false, id, extack);
	mutex_unlock(&kdbg_sources_lock);
	kfree(copy);
	return ret;
}

/*
 * Unlink, detach and free @src. Detaching waits for an RCU grace period
 * (the kinds' detach), which also ends every accounting hook that found
 * @src in the xarray.
 */
static void kdbg_source_destroy(struct kdbg_source *src)
{
	lockdep_assert_held(&kdbg_sources_lock);

	list_del(&src->node);
	xa_erase(&kdbg_sources_xa, src->id);
	kdbg_sources_nr--;
	kdbg_sources_gen++;
	src->ops->detach(src);
	kdbg_source_free(src);
}

/* ------------------------------------------------------------------ */
/* Patterns                                                            */

/* The names a pattern matched, KDBG_TARGET_MAX bytes each. */
struct kdbg_pattern_names {
	const char *glob;		/* after "MODULE:" */
	const char *prefix;		/* "MODULE:" or "" */
	char (*v)[KDBG_TARGET_MAX];
	u32 nr, cap;
	u32 over;			/* matches past cap, not stored */
	u32 too_long;			/* names that do not fit a target */
};

static int kdbg_pattern_collect(void *arg, const char *name)
{
	struct kdbg_pattern_names *n = arg;

	if (!glob_match(n->glob, name))
		return 0;
	if (n->nr == n->cap) {
		/* Over any cap: only counted, for the error's numbers. */
		n->over++;
		return 0;
	}
	if (snprintf(n->v[n->nr], KDBG_TARGET_MAX, "%s%s", n->prefix,
		     name) >= KDBG_TARGET_MAX) {
		n->too_long++;
		return 0;
	}
	n->nr++;
	return 0;
}

static int kdbg_pattern_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Sort and drop repeated names (static functions sharing one). */
static void kdbg_pattern_unique(struct kdbg_pattern_names *n)
{
	u32 i, out = 0;

	sort(n->v, n->nr, sizeof(*n->v), kdbg_pattern_cmp, NULL);
	for (i = 0; i < n->nr; i++) {
		if (out && !strcmp(n->v[out - 1], n->v[i]))
			continue;
		if (out != i)
			memcpy(n->v[out], n->v[i], sizeof(*n->v));
		out++;
	}
	n->nr = out;
}

/* Where a member that could not be attached is counted. */
static int kdbg_pattern_skip_reason(int err)
{
	switch (err) {
	case -ENOTSUPP:
		return KDBG_A_SKIP_NOTRACE;
	case -EOPNOTSUPP:
		return KDBG_A_SKIP_REFUSED;
	case -EEXIST:
		return KDBG_A_SKIP_EXISTS;
	case -ENOMEM:
	case -ENOSPC:
		return -1;	/* fatal: the whole pattern fails */
	default:
		return KDBG_A_SKIP_OTHER;
	}
}

/* Detach what @pattern attached of @type (all types if UNSPEC). */
static unsigned int kdbg_pattern_destroy(enum kdbg_source_type type,
					 const char *pattern)
{
	struct kdbg_source *src, *tmp;
	unsigned int n = 0;

	lockdep_assert_held(&kdbg_sources_lock);
	list_for_each_entry_safe_reverse(src, tmp, &kdbg_sources_list, node) {
		if (strcmp(src->spec.pattern, pattern) ||
		    (type != KDBG_SOURCE_UNSPEC && src->spec.type != type))
			continue;
		kdbg_source_destroy(src);
		n++;
	}
	return n;
}

static bool kdbg_pattern_attached(enum kdbg_source_type type,
				  const char *pattern)
{
	struct kdbg_source *src;

	lockdep_assert_held(&kdbg_sources_lock);
	list_for_each_entry(src, &kdbg_sources_list, node)
		if (src->spec.type == type && !strcmp(src->spec.pattern, pattern))
			return true;
	return false;
}

/*
 * Split "MODULE:GLOB" or "GLOB" into @mod ("" for the kernel image) and
 * @n->glob; the glob characters must all be in the function part.
 */
static int kdbg_pattern_parse(const char *target, char *mod,
			      struct kdbg_pattern_names *n,
			      struct netlink_ext_ack *extack)
{
	const char *colon = strchr(target, ':');
	size_t len = colon ? colon - target : 0;

	n->glob = colon ? colon + 1 : target;
	mod[0] = '\0';
	if (!colon)
		return 0;
	if (!len || len >= MODULE_NAME_LEN || strchr(n->glob, ':') ||
	    strpbrk(target, "*?[") < colon) {
		NL_SET_ERR_MSG(extack,
			       "malformed pattern: expected GLOB or MODULE:GLOB (the glob in the function name only)");
		return -EINVAL;
	}
	memcpy(mod, target, len);
	mod[len] = '\0';
	return 0;
}

static u8 *kdbg_cookie_put_u32(u8 *p, u16 type, u32 v)
{
	struct nlattr *a = (struct nlattr *)p;

	a->nla_len = nla_attr_size(sizeof(v));
	a->nla_type = type;
	memcpy(nla_data(a), &v, sizeof(v));
	return p + nla_total_size(sizeof(v));
}

/*
 * A failed pattern add has no reply to carry its numbers, so they go in
 * the extack cookie as netlink attributes (see "Patterns" in the uapi
 * header): KDBG_A_SOURCE_MATCHED, and KDBG_A_SOURCE_MAX_MATCHES (the cap
 * in force) when @cap is not 0.
 */
static void kdbg_pattern_err_counts(struct netlink_ext_ack *extack,
				    u32 matched, u32 cap)
{
	u8 *p;

	BUILD_BUG_ON(2 * nla_total_size(sizeof(u32)) > NETLINK_MAX_COOKIE_LEN);
	if (!extack)
		return;
	p = kdbg_cookie_put_u32(extack->cookie, KDBG_A_SOURCE_MATCHED, matched);
	if (cap)
		p = kdbg_cookie_put_u32(p, KDBG_A_SOURCE_MAX_MATCHES, cap);
	extack->cookie_len = p - extack->cookie;
}

/**
 * kdbg_source_add_pattern() - attach every traceable function a pattern
 * matches, each as its own source.
 * @spec: what to attach; @spec->target is "GLOB" or "MODULE:GLOB".
 * @res: receives what was matched, attached and skipped, and the first id.
 * @extack: receives a message on error.
 *
 * Members get @spec's flags, filters and aggregation, and the pattern as
 * their spec.pattern. Functions that are not ftrace sites, that the kprobe
 * layer refuses, that are kdbg's own or already attached are skipped and
 * counted by reason. All or nothing on error.
 *
 * Context: process; takes the sources mutex; sleeps.
 * Return: 0, or -EINVAL (not a pattern kind, malformed), -EEXIST (the
 * pattern is attached), -E2BIG (more matches than the cap), -ENOSPC
 * (KDBG_MAX_SOURCES would be exceeded), -ENOENT (nothing matched, or
 * nothing could be attached), -EOPNOTSUPP (kallsyms unreachable),
 * -ENOMEM.
 */
int kdbg_source_add_pattern(const struct kdbg_source_spec *spec,
			    struct kdbg_pattern_result *res,
			    struct netlink_ext_ack *extack)
{
	u32 cap = spec->max_matches ?: KDBG_PATTERN_MAX;
	struct kdbg_pattern_names n = { .prefix = "" };
	struct kdbg_source_spec *member = NULL;
	const struct kdbg_source_ops *ops;
	char mod[MODULE_NAME_LEN];
	char *prefix = NULL;
	int ret, reason;
	u32 i, id;

	memset(res, 0, sizeof(*res));
	ops = kdbg_source_check_spec(spec, extack);
	if (IS_ERR(ops))
		return PTR_ERR(ops);
	if (!ops->patterns) {
		NL_SET_ERR_MSG(extack, "this source type takes no pattern");
		return -EINVAL;
	}
	ret = kdbg_pattern_parse(spec->target, mod, &n, extack);
	if (ret)
		return ret;

	/* Room for repeats of static names; more than this is over any cap. */
	n.cap = min_t(u32, 4 * cap, 4 * KDBG_PATTERN_MAX);
	n.v = kvcalloc(n.cap, sizeof(*n.v), GFP_KERNEL);
	member = kmalloc(sizeof(*member), GFP_KERNEL);
	if (!n.v || !member) {
		ret = -ENOMEM;
		goto out_free;
	}
	if (mod[0]) {
		/* Members are "MODULE:SYMBOL", as the kprobe layer reads them. */
		prefix = kasprintf(GFP_KERNEL, "%s:", mod);
		if (!prefix) {
			ret = -ENOMEM;
			goto out_free;
		}
		n.prefix = prefix;
	}
	if (mod[0] && !strcmp(mod, THIS_MODULE->name)) {
		/* kdbg's own: every match is skipped, none probed. */
		ret = kdbg_ksym_for_each(mod, kdbg_pattern_collect, &n);
		if (!ret) {
			kdbg_pattern_unique(&n);
			res->matched = n.nr;
			res->skipped[KDBG_A_SKIP_OWN] = n.nr;
			NL_SET_ERR_MSG(extack, "kdbg does not probe its own functions");
			kdbg_pattern_err_counts(extack, n.nr + n.over, 0);
			ret = -ENOENT;
		}
		goto out_err;
	}
	ret = kdbg_ksym_for_each(mod[0] ? mod : NULL, kdbg_pattern_collect, &n);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "cannot walk the kernel's symbols (kallsyms unreachable)");
		goto out_free;
	}
	kdbg_pattern_unique(&n);
	res->matched = n.nr;
	res->skipped[KDBG_A_SKIP_OTHER] = n.too_long;
	if (!n.nr) {
		if (mod[0])
			NL_SET_ERR_MSG(extack,
				       "no function of this module matches the pattern (is it loaded?)");
		else
			NL_SET_ERR_MSG(extack, "no function matches the pattern");
		ret = -ENOENT;
		goto out_free;
	}
	if (n.nr + n.over > cap) {
		/* With n.over, a count of names that may repeat: near enough. */
		NL_SET_ERR_MSG(extack,
			       "the pattern matches more functions than its cap: narrow it or raise the cap");
		kdbg_pattern_err_counts(extack, n.nr + n.over, cap);
		ret = -E2BIG;
		goto out_free;
	}

	mutex_lock(&kdbg_sources_lock);
	if (kdbg_pattern_attached(spec->type, spec->target)) {
		NL_SET_ERR_MSG(extack, "this pattern is already attached");
		ret = -EEXIST;
		goto out_unlock;
	}
	if (kdbg_sources_nr + n.nr > KDBG_MAX_SOURCES) {
		NL_SET_ERR_MSG(extack,
			       "the pattern's matches would exceed the sources limit (KDBG_MAX_SOURCES)");
		kdbg_pattern_err_counts(extack, n.nr, 0);
		ret = -ENOSPC;
		goto out_unlock;
	}
	*member = *spec;
	strscpy(member->pattern, spec->target, sizeof(member->pattern));
	for (i = 0; i < n.nr; i++) {
		strscpy(member->target, n.v[i], sizeof(member->target));
		ret = kdbg_source_add_locked(member, ops, true, &id, NULL);
		if (!ret) {
			if (!res->attached++)
				res->first_id = id;
			continue;
		}
		reason = kdbg_pattern_skip_reason(ret);
		if (reason < 0) {
			kdbg_pattern_destroy(spec->type, spec->target);
			goto out_unlock;
		}
		res->skipped[reason]++;
	}
	ret = 0;
	if (!res->attached) {
		NL_SET_ERR_MSG(extack,
			       "the pattern matched functions but none could be traced");
		kdbg_pattern_err_counts(extack, n.nr, 0);
		ret = -ENOENT;
	}
out_unlock:
	mutex_unlock(&kdbg_sources_lock);
out_err:
	if (ret)
		res->attached = 0;
out_free:
	kfree(prefix);
	kfree(member);
	kvfree(n.v);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Delete and walk                                                     */

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
 * kdbg_source_del_target() - detach and free a source by type and target,
 * or every source a pattern attached.
 * @type: the source's type, or KDBG_SOURCE_UNSPEC to match any type.
 * @target: the target exactly as given when the source (or the pattern)
 *	was added.
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
	if (kdbg_target_is_pattern(target)) {
		if (!kdbg_pattern_destroy(type, target)) {
			NL_SET_ERR_MSG(extack, "no source was attached by this pattern");
			ret = -ENOENT;
		}
		goto out;
	}
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
