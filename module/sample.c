// SPDX-License-Identifier: GPL-2.0
/*
 * The sample kind (KDBG_SOURCE_SAMPLE, see "Sample sources" in the uapi
 * header): a CPU sampler. Attach creates one perf event per online CPU
 * in the kernel (perf_event_create_kernel_counter()), hardware cycles
 * where the PMU has them, the cpu-clock software event otherwise, with
 * kdbg_sample_overflow() as its overflow handler; detach releases them.
 *
 * Each sample keys the source's aggregation table by the kernel stack of
 * the interrupted context (kdbg_stack_capture(), from the sample's regs)
 * and, with KEY_USTACK, by the user stack walked through frame pointers
 * from the task's user registers. Both go to the one stack table of the
 * aggregation (agg.h): their addresses never overlap, so the table needs
 * no kind of stack in its key.
 *
 * Why the handler does not end in kdbg_source_hit(): a sample needs two
 * stacks and must know what the table could not keep, per CPU, to say what
 * a profile lost. So it filters and counts itself, as layer.c does, in the
 * source's per-CPU counters (HITS, FILTERED, MISSED) plus its own per-CPU
 * stack losses. The handler runs in NMI (hardware events) or in the
 * hrtimer's hardirq (cpu-clock); one event's handler never nests with
 * itself, and a handler of another sample source that interrupts it uses
 * the scratch of its own context level.
 */
#include <linux/cpu.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/preempt.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <net/netlink.h>

#include "kdbg.h"

#define KDBG_SAMPLE_CONTEXTS	4	/* task, softirq, hardirq, NMI */

/*
 * Per-CPU scratch of the handler: the two stacks of one sample, one pair
 * per context level (interrupt_context_level()), so that a handler
 * interrupting another on this CPU (an NMI sampler over an hrtimer one)
 * writes other slots. Only handlers on this CPU touch it.
 */
struct kdbg_sample_scratch {
	unsigned long kstack[KDBG_SAMPLE_CONTEXTS][KDBG_STACK_MAX];
	unsigned long ustack[KDBG_SAMPLE_CONTEXTS][KDBG_STACK_MAX];
};

/*
 * Allocated at init, not a static per-CPU variable: a module's static
 * per-CPU data comes from a reserve of 8 KiB that every module shares.
 */
static struct kdbg_sample_scratch __percpu *kdbg_sample_scratch;

/*
 * One sampled CPU. @event is written by attach and detach only (sources
 * mutex held); the counters by that CPU's handler (this_cpu_inc()), read
 * by SOURCE_GET with READ_ONCE() under the sources mutex.
 */
struct kdbg_sample_pcpu {
	struct perf_event *event;	/* NULL: this CPU is not sampled */
	u64 samples;			/* passed the filters */
	u64 stack_lost;			/* kernel stack not stored */
	u64 ustack_lost;		/* user stack not stored */
};

/* A sample source's state, in src->priv. */
struct kdbg_sample {
	struct kdbg_source *src;
	enum kdbg_sample_event event;
	u32 freq;
	bool filters;			/* the spec has a task filter */
	struct kdbg_sample_pcpu __percpu *pcpu;
};

static struct kdbg_sample *kdbg_sample_of(struct kdbg_source *src)
{
	return kdbg_source_priv(src);
}

/* ------------------------------------------------------------------ */
/* Hot path                                                            */

static __always_inline bool kdbg_sample_match(const struct kdbg_source_spec *s,
					      struct task_struct *task)
{
	return (!s->filter_pid || task->pid == s->filter_pid) &&
	       (!s->filter_tgid || task->tgid == s->filter_tgid) &&
	       (!s->filter_comm[0] ||
		!strncmp(task->comm, s->filter_comm, KDBG_COMM_LEN));
}

/*
 * The user stack of current, innermost first, by frame pointers: the user
 * ip, then the return address of each frame [fp] = { next fp, return }.
 * Frames must lie above each other (the stack grows down), so a corrupt
 * chain ends instead of looping; the copy never faults pages in.
 */
static unsigned int kdbg_sample_ustack(struct pt_regs *regs,
				       unsigned long *buf, unsigned int max)
{
	struct task_struct *task = current;
	unsigned long frame[2], fp;
	unsigned int n = 0;

	if (!user_mode(regs)) {
		/* A kernel thread, or a task past exit_mm(): no user stack. */
		if (!task->mm || (task->flags & PF_KTHREAD))
			return 0;
		regs = task_pt_regs(task);
	}
	buf[n++] = regs->ip;
	/* Compat tasks have 4-byte frames: their ip only. */
	if (!user_64bit_mode(regs))
		return n;
	fp = regs->bp;
	while (n < max) {
		if (!fp || (fp & (sizeof(long) - 1)))
			break;
		if (copy_from_user_nofault(frame, (const void __user *)fp,
					   sizeof(frame)))
			break;
		if (!frame[1])
			break;
		buf[n++] = frame[1];
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
	return n;
}

/*
 * The overflow handler of every CPU's event. Context: NMI (hardware
 * events) or hardirq (cpu-clock's hrtimer); no locks, no allocation.
 */
static void kdbg_sample_overflow(struct perf_event *event,
				 struct perf_sample_data *data,
				 struct pt_regs *regs)
{
	struct kdbg_sample *s = event->overflow_handler_context;
	struct kdbg_sample_scratch *sc = this_cpu_ptr(kdbg_sample_scratch);
	unsigned int ctx = interrupt_context_level();
	struct kdbg_source *src = s->src;
	struct task_struct *task = current;
	struct kdbg_agg_hit ah;
	u32 keys, lost;

	/* Pairs with the registry's smp_store_release() of the id. */
	if (unlikely(!READ_ONCE(src->id) || !regs))
		return;
	this_cpu_inc(src->pcpu->hits);
	if (s->filters && !kdbg_sample_match(&src->spec, task)) {
		this_cpu_inc(src->pcpu->filtered);
		return;
	}
	this_cpu_inc(s->pcpu->samples);
	keys = kdbg_agg_spec(src->agg)->keys;
	ah = (struct kdbg_agg_hit){
		.pid = task->pid,
		.tgid = task->tgid,
		.cpu = smp_processor_id(),
		.comm = task->comm,
	};
	if (keys & KDBG_AGG_KEY_STACK) {
		ah.stack = sc->kstack[ctx];
		ah.nr_stack = kdbg_stack_capture(regs, sc->kstack[ctx],
						 KDBG_STACK_MAX);
	}
	if (keys & KDBG_AGG_KEY_USTACK) {
		ah.ustack = sc->ustack[ctx];
		ah.nr_ustack = kdbg_sample_ustack(regs, sc->ustack[ctx],
						  KDBG_STACK_MAX);
	}
	lost = kdbg_agg_update(src->agg, &ah);
	if (unlikely(lost)) {
		if (lost & KDBG_AGG_LOST_ENTRY)
			this_cpu_inc(src->pcpu->missed);
		if (lost & KDBG_AGG_LOST_STACK)
			this_cpu_inc(s->pcpu->stack_lost);
		if (lost & KDBG_AGG_LOST_USTACK)
			this_cpu_inc(s->pcpu->ustack_lost);
	}
}

NOKPROBE_SYMBOL(kdbg_sample_overflow);

/* ------------------------------------------------------------------ */
/* Attach and detach                                                   */

static struct perf_event *kdbg_sample_create(struct kdbg_sample *s, int cpu,
					     enum kdbg_sample_event ev)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.freq = 1,
		.sample_freq = s->freq,
		.pinned = 1,
	};

	if (ev == KDBG_SAMPLE_EVENT_CYCLES) {
		attr.type = PERF_TYPE_HARDWARE;
		attr.config = PERF_COUNT_HW_CPU_CYCLES;
	} else {
		attr.type = PERF_TYPE_SOFTWARE;
		attr.config = PERF_COUNT_SW_CPU_CLOCK;
	}
	return perf_event_create_kernel_counter(&attr, cpu, NULL,
						kdbg_sample_overflow, s);
}

/* Release every CPU's event, then wait for handlers still running. */
static void kdbg_sample_release(struct kdbg_sample *s)
{
	struct kdbg_sample_pcpu *pc;
	int cpu;

	for_each_possible_cpu(cpu) {
		pc = per_cpu_ptr(s->pcpu, cpu);
		if (!pc->event)
			continue;
		perf_event_release_kernel(pc->event);
		pc->event = NULL;
	}
	/* An NMI that took the last overflow may still be in the handler. */
	synchronize_rcu();
}

static int kdbg_sample_event_parse(const char *target,
				   enum kdbg_sample_event *ev, bool *fallback)
{
	*fallback = false;
	if (!strcmp(target, "cycles")) {
		*ev = KDBG_SAMPLE_EVENT_CYCLES;
	} else if (!strcmp(target, "cpu-clock")) {
		*ev = KDBG_SAMPLE_EVENT_CPU_CLOCK;
	} else if (!strcmp(target, "auto")) {
		*ev = KDBG_SAMPLE_EVENT_CYCLES;
		*fallback = true;
	} else {
		return -EINVAL;
	}
	return 0;
}

/* Create the events of every CPU to sample; all or nothing. */
static int kdbg_sample_open(struct kdbg_sample *s, bool fallback,
			    struct netlink_ext_ack *extack)
{
	int want = s->src->spec.sample_cpu, cpu, ret = 0;
	struct perf_event *event;
	bool first = true;

	cpus_read_lock();
	if (want >= 0 && (want >= nr_cpu_ids || !cpu_online(want))) {
		NL_SET_ERR_MSG(extack, "the CPU to sample is not online");
		ret = -EINVAL;
		goto out;
	}
	for_each_online_cpu(cpu) {
		if (want >= 0 && cpu != want)
			continue;
		event = kdbg_sample_create(s, cpu, s->event);
		if (IS_ERR(event) && first && fallback) {
			/* No PMU (a TCG guest): the software clock. */
			s->event = KDBG_SAMPLE_EVENT_CPU_CLOCK;
			event = kdbg_sample_create(s, cpu, s->event);
		}
		if (IS_ERR(event)) {
			ret = PTR_ERR(event);
			if (s->event == KDBG_SAMPLE_EVENT_CYCLES && first)
				NL_SET_ERR_MSG(extack,
					       "no hardware cycles event here (no PMU): use cpu-clock or auto");
			else
				NL_SET_ERR_MSG(extack,
					       "the perf core refused a CPU's sampling event");
			goto out;
		}
		per_cpu_ptr(s->pcpu, cpu)->event = event;
		first = false;
	}
out:
	cpus_read_unlock();
	if (ret)
		kdbg_sample_release(s);
	return ret;
}

/*
 * Check the request, allocate the per-CPU state and create the events.
 * Return: 0, -EINVAL (unknown event, no aggregation, CPU not online),
 * -ENOENT ("cycles" without a PMU), -ENOMEM, or the perf core's error.
 */
static int kdbg_sample_attach(struct kdbg_source *src, bool must_trace,
			      struct netlink_ext_ack *extack)
{
	struct kdbg_sample *s = kdbg_sample_of(src);
	bool fallback;
	int ret;

	if (kdbg_sample_event_parse(src->spec.target, &s->event, &fallback)) {
		NL_SET_ERR_MSG(extack,
			       "unknown sample event (auto, cycles, cpu-clock)");
		return -EINVAL;
	}
	if (!src->agg) {
		NL_SET_ERR_MSG(extack,
			       "a sample source aggregates: give KDBG_A_SOURCE_AGG");
		return -EINVAL;
	}
	s->src = src;
	s->freq = src->spec.sample_freq ?: KDBG_SAMPLE_FREQ_DEFAULT;
	s->filters = src->spec.filter_pid || src->spec.filter_tgid ||
		     src->spec.filter_comm[0];
	s->pcpu = alloc_percpu(struct kdbg_sample_pcpu);
	if (!s->pcpu)
		return -ENOMEM;
	src->addr = 0;
	src->nargs = 0;
	ret = kdbg_sample_open(s, fallback, extack);
	if (ret) {
		free_percpu(s->pcpu);
		s->pcpu = NULL;
	}
	return ret;
}

/* Release the events, wait for running handlers, free the state. */
static void kdbg_sample_detach(struct kdbg_source *src)
{
	struct kdbg_sample *s = kdbg_sample_of(src);

	kdbg_sample_release(s);
	free_percpu(s->pcpu);
	s->pcpu = NULL;
}

/* Each sample source has its own events: none duplicates another. */
static bool kdbg_sample_same_point(const struct kdbg_source *a,
				   const struct kdbg_source *b)
{
	return false;
}

/* One KDBG_A_SOURCE_SAMPLE_CPUS nest. */
static int kdbg_sample_fill_cpu(struct sk_buff *skb, struct kdbg_source *src,
				int cpu)
{
	const struct kdbg_sample_pcpu *pc =
		per_cpu_ptr(kdbg_sample_of(src)->pcpu, cpu);
	const struct kdbg_source_pcpu *p = per_cpu_ptr(src->pcpu, cpu);
	struct nlattr *nest;

	nest = nla_nest_start(skb, KDBG_A_SOURCE_SAMPLE_CPUS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KDBG_A_SAMPLE_CPU_ID, cpu) ||
	    nla_put_u64_64bit(skb, KDBG_A_SAMPLE_CPU_SAMPLES,
			      READ_ONCE(pc->samples), KDBG_A_SAMPLE_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SAMPLE_CPU_FILTERED,
			      READ_ONCE(p->filtered), KDBG_A_SAMPLE_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SAMPLE_CPU_LOST,
			      READ_ONCE(p->missed), KDBG_A_SAMPLE_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SAMPLE_CPU_STACK_LOST,
			      READ_ONCE(pc->stack_lost),
			      KDBG_A_SAMPLE_CPU_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SAMPLE_CPU_USTACK_LOST,
			      READ_ONCE(pc->ustack_lost),
			      KDBG_A_SAMPLE_CPU_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* SOURCE_GET: the frequency, the CPU, the event and each CPU's counts. */
static int kdbg_sample_fill(struct kdbg_source *src, struct sk_buff *skb)
{
	struct kdbg_sample *s = kdbg_sample_of(src);
	int cpu;

	if (nla_put_u32(skb, KDBG_A_SOURCE_SAMPLE_FREQ, s->freq) ||
	    (src->spec.sample_cpu >= 0 &&
	     nla_put_u32(skb, KDBG_A_SOURCE_SAMPLE_CPU,
			 src->spec.sample_cpu)) ||
	    nla_put_u32(skb, KDBG_A_SOURCE_SAMPLE_EVENT, s->event))
		return -EMSGSIZE;
	for_each_possible_cpu(cpu) {
		if (!per_cpu_ptr(s->pcpu, cpu)->event)
			continue;
		if (kdbg_sample_fill_cpu(skb, src, cpu))
			return -EMSGSIZE;
	}
	return 0;
}

static const struct kdbg_source_ops kdbg_sample_ops = {
	.type = KDBG_SOURCE_SAMPLE,
	.name = "sample",
	.priv_size = sizeof(struct kdbg_sample),
	.agg_caps = {
		.keys = KDBG_AGG_KEY_USTACK,
	},
	.attach = kdbg_sample_attach,
	.detach = kdbg_sample_detach,
	.same_point = kdbg_sample_same_point,
	.fill = kdbg_sample_fill,
};

/**
 * kdbg_sample_init() - register the sample kind.
 *
 * Context: process (module init).
 * Return: 0, -ENOMEM or the registry's error.
 */
int kdbg_sample_init(void)
{
	int err;

	kdbg_sample_scratch = alloc_percpu(struct kdbg_sample_scratch);
	if (!kdbg_sample_scratch)
		return -ENOMEM;
	err = kdbg_source_kind_register(&kdbg_sample_ops);
	if (err)
		free_percpu(kdbg_sample_scratch);
	return err;
}

/**
 * kdbg_sample_exit() - unregister the sample kind (no source of it is left).
 *
 * Context: process (module exit).
 */
void kdbg_sample_exit(void)
{
	kdbg_source_kind_unregister(&kdbg_sample_ops);
	free_percpu(kdbg_sample_scratch);
}
