// SPDX-License-Identifier: GPL-2.0
/*
 * The "offcpu" analysis: how long tasks stay off a CPU, by the kernel
 * stack they left it with, as BCC's offcputime measures it. sched_switch
 * switching a task out stores the time and the id of its stack (taken
 * there, in the task's own context: the stack it blocked or was preempted
 * with) under its pid; sched_switch switching it back in measures the
 * time off CPU and feeds it with that stack id. The target may be
 * "offcpu:MIN_NS": shorter times are left out, as BCC's --min-block-time.
 *
 * A task's switch-out and its next switch-in never run at once: both run
 * under a run-queue lock, and a wakeup on another CPU waits until the
 * task is off its old CPU (p->on_cpu, as runqlat relies on; pairmap.h).
 */
#include <linux/sched.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

static void kdbg_layer_offcpu_switch(void *data, bool preempt,
				     struct task_struct *prev,
				     struct task_struct *next,
				     unsigned int prev_state)
{
	struct kdbg_layer *l = data;
	u64 now = kdbg_layer_now(), start, delta;
	u64 aux[KDBG_PAIRMAP_AUX];
	u64 args[KDBG_LAYER_ARGS] = { 0 };

	/* The idle tasks (pid 0) are off CPU only while something runs. */
	if (prev->pid && kdbg_layer_match(l, prev)) {
		aux[0] = kdbg_layer_stack_id(l);
		aux[1] = prev_state;
		kdbg_pairmap_put_aux(l->map, prev->pid, now, aux);
	}

	if (!next->pid || !kdbg_pairmap_take_aux(l->map, next->pid, &start, aux))
		return;
	delta = now > start ? now - start : 0;
	if (delta < l->param)
		return;
	args[KDBG_LAYER_OFFCPU_ARG_TIME] = delta;
	args[KDBG_LAYER_OFFCPU_ARG_PID] = next->pid;
	args[KDBG_LAYER_OFFCPU_ARG_TGID] = next->tgid;
	args[KDBG_LAYER_OFFCPU_ARG_STATE] = aux[1];
	kdbg_layer_emit_stack(l, next, args, aux[0]);
}

NOKPROBE_SYMBOL(kdbg_layer_offcpu_switch);

const struct kdbg_layer_analysis kdbg_layer_offcpu = {
	.name = "offcpu",
	.task = true,
	.stack = true,
	.param = true,
	.pairs = KDBG_LAYER_PAIRS_MAX,
	.nr_hooks = 1,
	.hooks = {
		{ "sched_switch", kdbg_layer_offcpu_switch,
		  "the kernel has no sched:sched_switch tracepoint" },
	},
};
