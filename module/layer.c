// SPDX-License-Identifier: GPL-2.0
/*
 * The layer kind (KDBG_SOURCE_LAYER): a source whose target names a
 * built-in analysis (layer.h). Attach finds each of the analysis's
 * tracepoints by name in the kernel image (for_each_kernel_tracepoint(),
 * as tracepoint.c does), allocates the pairing map and registers the
 * probes; detach is the exact reverse.
 *
 * Why the probes do not end in kdbg_source_hit(): that path filters and
 * keys a hit by current, but a measurement's task is often another one
 * (runqlat measures the task being switched in, from the context of the
 * one switched out) or none (a block request completes in interrupt
 * context). So the analyses filter the task they measure
 * (kdbg_layer_match()) and update the table with that task's identity
 * (kdbg_layer_emit()), counting in the source's per-CPU counters as the
 * shared path does (the registry's per-CPU totals, kept by that path, do
 * not include them). No recursion guard is needed: the pairing map and the
 * table are lock-free for any nesting, and nothing they call fires a
 * tracepoint.
 */
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <net/netlink.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

static_assert(KDBG_LAYER_ARGS <= KDBG_TP_ARGS_MAX,
	      "the registry checks argument indexes against KDBG_TP_ARGS_MAX");

static const struct kdbg_layer_analysis *const kdbg_layer_analyses[] = {
	&kdbg_layer_syscalls,
	&kdbg_layer_runqlat,
	&kdbg_layer_bio,
	&kdbg_layer_bio_queued,
	&kdbg_layer_offcpu,
	&kdbg_layer_lock,
	&kdbg_layer_drops,
	&kdbg_layer_tcpretrans,
};

static struct kdbg_layer *kdbg_layer_of(struct kdbg_source *src)
{
	return kdbg_source_priv(src);
}

/* ------------------------------------------------------------------ */
/* Hot path                                                            */

/**
 * kdbg_layer_match() - whether a task passes a layer source's filters.
 * @l: the source's state.
 * @task: the task the analysis measures.
 *
 * Context: any; preemption disabled.
 * Return: false before the source is published, or (counted as HITS and
 * FILTERED) when a filter rejects @task; true otherwise.
 */
bool kdbg_layer_match(struct kdbg_layer *l, struct task_struct *task)
{
	struct kdbg_source *src = l->src;
	const struct kdbg_source_spec *s = &src->spec;

	/* Pairs with the registry's smp_store_release() of the id. */
	if (unlikely(!READ_ONCE(src->id)))
		return false;
	if (likely(!l->filters))
		return true;
	if ((s->filter_pid && task->pid != s->filter_pid) ||
	    (s->filter_tgid && task->tgid != s->filter_tgid) ||
	    (s->filter_comm[0] &&
	     strncmp(task->comm, s->filter_comm, KDBG_COMM_LEN))) {
		this_cpu_inc(src->pcpu->hits);
		this_cpu_inc(src->pcpu->filtered);
		return false;
	}
	return true;
}

/**
 * kdbg_layer_emit() - feed one measurement to the source's table.
 * @l: the source's state.
 * @task: the measured task (its pid, tgid and comm key the entry).
 * @args: KDBG_LAYER_ARGS synthetic arguments.
 *
 * Context: any; preemption disabled. Counted as a HIT of the source.
 */
void kdbg_layer_emit(struct kdbg_layer *l, struct task_struct *task,
		     const u64 *args)
{
	kdbg_layer_emit_stack(l, task, args, 0);
}

/**
 * kdbg_layer_emit_stack() - kdbg_layer_emit() with the measurement's stack.
 * @l: the source's state.
 * @task: the measured task.
 * @args: KDBG_LAYER_ARGS synthetic arguments.
 * @stack_id: from kdbg_layer_stack_id() (0: lost), for a STACK key.
 *
 * Context: any; preemption disabled. Counted as a HIT of the source.
 */
void kdbg_layer_emit_stack(struct kdbg_layer *l, struct task_struct *task,
			   const u64 *args, u32 stack_id)
{
	kdbg_layer_emit_key2(l, task, args, stack_id, 0);
}

/**
 * kdbg_layer_emit_key2() - kdbg_layer_emit_stack() with a second key word.
 * @l: the source's state.
 * @task: the measured task.
 * @args: KDBG_LAYER_ARGS synthetic arguments.
 * @stack_id: for a STACK key (0: lost or none).
 * @key2: for the RETVAL key of analyses with a second key word.
 *
 * Context: any; preemption disabled. Counted as a HIT of the source.
 */
void kdbg_layer_emit_key2(struct kdbg_layer *l, struct task_struct *task,
			  const u64 *args, u32 stack_id, u64 key2)
{
	struct kdbg_source *src = l->src;
	struct kdbg_agg_hit ah = {
		.pid = task->pid,
		.tgid = task->tgid,
		.cpu = smp_processor_id(),
		.comm = task->comm,
		.args = args,
		.nr_args = KDBG_LAYER_ARGS,
		.stack_id = stack_id,
		.retval = key2,
	};

	if (unlikely(!READ_ONCE(src->id)))
		return;
	this_cpu_inc(src->pcpu->hits);
	kdbg_agg_update(src->agg, &ah);
}

/*
 * Stack scratch of kdbg_layer_stack_id(), per CPU and per context level
 * (task, softirq, hardirq, NMI): only hooks on this CPU touch it, with
 * preemption disabled, and a hook interrupted by another runs at a higher
 * level. Nothing between capture and lookup fires a tracepoint.
 */
struct kdbg_layer_stack_buf {
	unsigned long buf[4][KDBG_STACK_MAX];
};

/*
 * Allocated at init, not a static per-CPU variable: a module's static
 * per-CPU data comes from a reserve of 8 KiB that every module shares.
 */
static struct kdbg_layer_stack_buf __percpu *kdbg_layer_stack_buf;

/**
 * kdbg_layer_stack_id() - the stack table id of current's kernel stack.
 * @l: the source's state.
 *
 * Context: any; preemption disabled.
 * Return: the id (>= 1), or 0 without a STACK key or when the stack
 * table is full (counted there).
 */
u32 kdbg_layer_stack_id(struct kdbg_layer *l)
{
	unsigned long *buf, *first;
	unsigned int n, i;

	if (!l->stacks)
		return 0;
	buf = this_cpu_ptr(kdbg_layer_stack_buf)->buf[interrupt_context_level()];
	n = kdbg_stack_capture(NULL, buf, KDBG_STACK_MAX);
	first = buf;
	/* The innermost frame is in the iterator that called the hook. */
	for (i = 0; n && i < l->nr_hooked; i++) {
		if (buf[0] - (unsigned long)l->tps[i]->iterator <
		    l->iter_size[i]) {
			first++;
			n--;
			break;
		}
	}
	return kdbg_stackmap_get(l->stacks, first, n);
}

NOKPROBE_SYMBOL(kdbg_layer_stack_id);

/* ------------------------------------------------------------------ */
/* Attach and detach                                                   */

struct kdbg_layer_lookup {
	const char *name;
	struct tracepoint *found;
};

static void kdbg_layer_lookup_one(struct tracepoint *tp, void *priv)
{
	struct kdbg_layer_lookup *l = priv;

	if (!l->found && !strcmp(tp->name, l->name))
		l->found = tp;
}

/* The analysis @target names ("NAME" or "NAME:N"), NULL if none. */
static const struct kdbg_layer_analysis *kdbg_layer_find(const char *target)
{
	const char *colon = strchr(target, ':');
	size_t len = colon ? colon - target : strlen(target);
	const struct kdbg_layer_analysis *an;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kdbg_layer_analyses); i++) {
		an = kdbg_layer_analyses[i];
		if (strlen(an->name) == len && !strncmp(an->name, target, len))
			return an;
	}
	return NULL;
}

/* Unregister the first @l->nr_hooked probes, last first, and wait. */
static void kdbg_layer_unhook(struct kdbg_layer *l)
{
	const struct kdbg_layer_analysis *an = l->an;
	unsigned int i;

	while (l->nr_hooked) {
		i = --l->nr_hooked;
		WARN_ON_ONCE(tracepoint_probe_unregister(l->tps[i],
							 an->hooks[i].probe, l));
	}
	tracepoint_synchronize_unregister();
}

static int kdbg_layer_check(const struct kdbg_layer_analysis *an,
			    const struct kdbg_source *src,
			    struct netlink_ext_ack *extack)
{
	const struct kdbg_source_spec *s = &src->spec;

	if (!src->agg) {
		NL_SET_ERR_MSG(extack,
			       "a layer source aggregates: give KDBG_A_SOURCE_AGG");
		return -EINVAL;
	}
	if ((s->agg.keys & KDBG_AGG_KEY_STACK) && !an->stack) {
		NL_SET_ERR_MSG(extack, "this analysis has no stack key");
		return -EINVAL;
	}
	if ((s->agg.keys & KDBG_AGG_KEY_RETVAL) && !an->key2) {
		NL_SET_ERR_MSG(extack,
			       "this analysis has no second key (RETVAL)");
		return -EINVAL;
	}
	if (strchr(s->target, ':') && !an->param) {
		NL_SET_ERR_MSG(extack, "this analysis takes no parameter");
		return -EINVAL;
	}
	if (!an->task && (s->filter_pid || s->filter_tgid ||
			  s->filter_comm[0] ||
			  (s->agg.keys & (KDBG_AGG_KEY_PID | KDBG_AGG_KEY_TGID |
					  KDBG_AGG_KEY_COMM)))) {
		NL_SET_ERR_MSG(extack,
			       "this analysis measures no task: task filters and keys do not apply");
		return -EINVAL;
	}
	return 0;
}

/*
 * Find the analysis and its tracepoints, allocate the pairing map and
 * register the probes. Return: 0, -ENOENT (unknown analysis, or the
 * kernel lacks a tracepoint), -EINVAL, -ENOMEM, or the tracepoint layer's
 * error.
 */
static int kdbg_layer_attach(struct kdbg_source *src, bool must_trace,
			     struct netlink_ext_ack *extack)
{
	struct kdbg_layer *l = kdbg_layer_of(src);
	const struct kdbg_layer_analysis *an;
	struct kdbg_layer_lookup lk;
	unsigned int i;
	int ret;

	an = kdbg_layer_find(src->spec.target);
	if (!an) {
		NL_SET_ERR_MSG(extack,
			       "unknown layer analysis (syscalls, runqlat, biolatency, biolatency-queued, offcpu, lock, drops, tcpretrans)");
		return -ENOENT;
	}
	ret = kdbg_layer_check(an, src, extack);
	if (ret)
		return ret;
	for (i = 0; i < an->nr_hooks; i++) {
		lk = (struct kdbg_layer_lookup){ .name = an->hooks[i].tp };
		for_each_kernel_tracepoint(kdbg_layer_lookup_one, &lk);
		if (!lk.found) {
			/*
			 * NL_SET_ERR_MSG() takes only a literal; this one
			 * is a literal of the analysis's table, as lasting.
			 */
			if (extack)
				extack->_msg = an->hooks[i].missing;
			return -ENOENT;
		}
		l->tps[i] = lk.found;
	}

	l->param = 0;
	if (strchr(src->spec.target, ':') &&
	    kstrtou64(strchr(src->spec.target, ':') + 1, 0, &l->param)) {
		NL_SET_ERR_MSG(extack,
			       "the analysis's parameter (after ':') is not a number");
		return -EINVAL;
	}
	for (i = 0; i < an->nr_hooks; i++)
		l->iter_size[i] =
			kdbg_tp_func_size((unsigned long)l->tps[i]->iterator);
	l->stacks = kdbg_agg_stackmap(src->agg);
	l->src = src;
	l->an = an;
	l->filters = src->spec.filter_pid || src->spec.filter_tgid ||
		     src->spec.filter_comm[0];
	l->nr_hooked = 0;
	l->map = kdbg_pairmap_create(an->pairs);
	if (!l->map)
		return -ENOMEM;
	src->addr = 0;
	src->nargs = KDBG_LAYER_ARGS;

	for (i = 0; i < an->nr_hooks; i++) {
		ret = tracepoint_probe_register(l->tps[i], an->hooks[i].probe,
						l);
		if (ret) {
			if (ret != -ENOMEM)
				NL_SET_ERR_MSG(extack,
					       "the tracepoint layer refused a hook of the analysis");
			goto err_unhook;
		}
		l->nr_hooked++;
	}
	return 0;

err_unhook:
	kdbg_layer_unhook(l);
	kdbg_pairmap_destroy(l->map);
	l->map = NULL;
	return ret;
}

/* Unregister every probe, wait for running ones, free the map. */
static void kdbg_layer_detach(struct kdbg_source *src)
{
	struct kdbg_layer *l = kdbg_layer_of(src);

	kdbg_layer_unhook(l);
	kdbg_pairmap_destroy(l->map);
	l->map = NULL;
}

/* Two sources of one analysis would count every event twice. */
static bool kdbg_layer_same_point(const struct kdbg_source *a,
				  const struct kdbg_source *b)
{
	return kdbg_layer_of((struct kdbg_source *)a)->an ==
	       kdbg_layer_of((struct kdbg_source *)b)->an;
}

/* Starts the pairing map had no room for. */
static u64 kdbg_layer_nmissed(struct kdbg_source *src)
{
	struct kdbg_layer *l = kdbg_layer_of(src);

	return l->map ? kdbg_pairmap_missed(l->map) : 0;
}

static const struct kdbg_source_ops kdbg_layer_ops = {
	.type = KDBG_SOURCE_LAYER,
	.name = "layer",
	.priv_size = sizeof(struct kdbg_layer),
	.agg_caps = {
		.keys = KDBG_AGG_KEY_ARG | KDBG_AGG_KEY_RETVAL,
		.values = BIT(KDBG_AGG_VALUE_ARG),
	},
	.attach = kdbg_layer_attach,
	.detach = kdbg_layer_detach,
	.same_point = kdbg_layer_same_point,
	.nmissed = kdbg_layer_nmissed,
};

/**
 * kdbg_layer_init() - register the layer kind.
 *
 * Context: process (module init).
 * Return: 0, -ENOMEM or the registry's error.
 */
int kdbg_layer_init(void)
{
	int err;

	kdbg_layer_stack_buf = alloc_percpu(struct kdbg_layer_stack_buf);
	if (!kdbg_layer_stack_buf)
		return -ENOMEM;
	err = kdbg_source_kind_register(&kdbg_layer_ops);
	if (err)
		free_percpu(kdbg_layer_stack_buf);
	return err;
}

/**
 * kdbg_layer_exit() - unregister the layer kind (no source of it is left).
 *
 * Context: process (module exit).
 */
void kdbg_layer_exit(void)
{
	kdbg_source_kind_unregister(&kdbg_layer_ops);
	free_percpu(kdbg_layer_stack_buf);
}
