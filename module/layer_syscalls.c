// SPDX-License-Identifier: GPL-2.0
/*
 * The "syscalls" analysis: each system call's duration and outcome, from
 * raw_syscalls sys_enter (the start, keyed by the thread's pid) to
 * sys_exit (the measurement: number, duration, return value, errno; see
 * "Layer sources" in the uapi header). A thread that exits inside a
 * system call (exit, exit_group, a fatal signal) never reaches sys_exit:
 * sched_process_exit forgets its start so the map does not fill up.
 *
 * All three events run in the thread itself, so the operations on its key
 * never run at once (pairmap.h).
 */
#include <linux/err.h>
#include <linux/compat.h>
#include <linux/sched.h>
#include <asm/syscall.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

static void kdbg_layer_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct kdbg_layer *l = data;

	if (kdbg_layer_match(l, current))
		kdbg_pairmap_put(l->map, current->pid, kdbg_layer_now());
}

NOKPROBE_SYMBOL(kdbg_layer_sys_enter);

static void kdbg_layer_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct kdbg_layer *l = data;
	u64 now = kdbg_layer_now(), start, nr, err = 0;
	u64 args[KDBG_LAYER_ARGS];
	int n;

	if (!kdbg_pairmap_take(l->map, current->pid, &start))
		return;
	/* -1: the tracer or seccomp skipped the call; nothing ran. */
	n = syscall_get_nr(current, regs);
	if (n < 0)
		return;
	nr = n;
	if (in_compat_syscall())
		nr |= KDBG_LAYER_SYSCALL_COMPAT;
	if (IS_ERR_VALUE(ret))
		err = -ret;
	args[KDBG_LAYER_SYSCALLS_ARG_NR] = nr;
	args[KDBG_LAYER_SYSCALLS_ARG_DURATION] = now > start ? now - start : 0;
	args[KDBG_LAYER_SYSCALLS_ARG_RET] = ret;
	args[KDBG_LAYER_SYSCALLS_ARG_ERRNO] = err;
	args[KDBG_LAYER_SYSCALLS_ARG_KEY] = nr << 32 | err;
	kdbg_layer_emit(l, current, args);
}

NOKPROBE_SYMBOL(kdbg_layer_sys_exit);

static void kdbg_layer_sys_task_exit(void *data, struct task_struct *p)
{
	struct kdbg_layer *l = data;

	kdbg_pairmap_take(l->map, p->pid, NULL);
}

NOKPROBE_SYMBOL(kdbg_layer_sys_task_exit);

const struct kdbg_layer_analysis kdbg_layer_syscalls = {
	.name = "syscalls",
	.task = true,
	.pairs = KDBG_LAYER_PAIRS_MAX,
	.nr_hooks = 3,
	.hooks = {
		{ "sys_enter", kdbg_layer_sys_enter,
		  "the kernel has no raw_syscalls:sys_enter tracepoint" },
		{ "sys_exit", kdbg_layer_sys_exit,
		  "the kernel has no raw_syscalls:sys_exit tracepoint" },
		{ "sched_process_exit", kdbg_layer_sys_task_exit,
		  "the kernel has no sched:sched_process_exit tracepoint" },
	},
};
