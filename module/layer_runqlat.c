// SPDX-License-Identifier: GPL-2.0
/*
 * The "runqlat" analysis: how long a runnable task waits on a run queue,
 * as BCC's runqlat measures it. The wait starts when the task is woken
 * (sched_wakeup, sched_wakeup_new) or switched out while still runnable
 * (preempted, or yielding), and ends when sched_switch switches it in;
 * keyed by the task's pid. A task switched out to sleep has its start
 * forgotten, so a wakeup of a running task (which sched_wakeup also
 * reports) never ends in a bogus wait.
 *
 * The events of one task never run at once: wakeups run under the task's
 * run-queue lock (try_to_wake_up() waits for a task still switching out
 * on another CPU), and sched_switch runs under the lock of the run queue
 * both tasks are on (pairmap.h).
 */
#include <linux/sched.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

static void kdbg_layer_rq_start(struct kdbg_layer *l, struct task_struct *p,
				u64 now)
{
	/* The idle tasks (pid 0) never wait: they run when nothing else can. */
	if (p->pid && kdbg_layer_match(l, p))
		kdbg_pairmap_put(l->map, p->pid, now);
}

static void kdbg_layer_rq_wakeup(void *data, struct task_struct *p)
{
	kdbg_layer_rq_start(data, p, kdbg_layer_now());
}

NOKPROBE_SYMBOL(kdbg_layer_rq_wakeup);

static void kdbg_layer_rq_switch(void *data, bool preempt,
				 struct task_struct *prev,
				 struct task_struct *next,
				 unsigned int prev_state)
{
	struct kdbg_layer *l = data;
	u64 now = kdbg_layer_now(), start;
	u64 args[KDBG_LAYER_ARGS] = { 0 };

	/* Still on the run queue: preempted, or its sleep was cancelled. */
	if (preempt || task_is_running(prev))
		kdbg_layer_rq_start(l, prev, now);
	else if (prev->pid)
		kdbg_pairmap_take(l->map, prev->pid, NULL);

	if (!next->pid || !kdbg_pairmap_take(l->map, next->pid, &start))
		return;
	args[KDBG_LAYER_RUNQLAT_ARG_LATENCY] = now > start ? now - start : 0;
	args[KDBG_LAYER_RUNQLAT_ARG_PID] = next->pid;
	args[KDBG_LAYER_RUNQLAT_ARG_TGID] = next->tgid;
	args[KDBG_LAYER_RUNQLAT_ARG_PREV_PID] = prev->pid;
	kdbg_layer_emit(l, next, args);
}

NOKPROBE_SYMBOL(kdbg_layer_rq_switch);

const struct kdbg_layer_analysis kdbg_layer_runqlat = {
	.name = "runqlat",
	.task = true,
	.pairs = KDBG_LAYER_PAIRS_MAX,
	.nr_hooks = 3,
	.hooks = {
		{ "sched_wakeup", kdbg_layer_rq_wakeup,
		  "the kernel has no sched:sched_wakeup tracepoint" },
		{ "sched_wakeup_new", kdbg_layer_rq_wakeup,
		  "the kernel has no sched:sched_wakeup_new tracepoint" },
		{ "sched_switch", kdbg_layer_rq_switch,
		  "the kernel has no sched:sched_switch tracepoint" },
	},
};
