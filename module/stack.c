// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel stack capture for the hot path, with the x86 unwinder (ORC on
 * both kernels we support).
 *
 * stack_trace_save() is not used: from a probe handler it first unwinds
 * through the kprobe, ftrace and kdbg frames and then throws them away,
 * which costs more than twice as much per hit. Instead, probes unwind from
 * the pt_regs the probe layer hands them, as perf_callchain_kernel() does,
 * and tracepoint hooks unwind from here and skip kdbg's own frames.
 */
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <asm/unwind.h>

#include "kdbg.h"

static __always_inline bool kdbg_stack_is_ours(unsigned long addr)
{
	return within_module(addr, THIS_MODULE);
}

/**
 * kdbg_stack_capture() - capture the kernel stack, innermost frame first.
 * @regs: a kernel context to unwind from: its ip is the first entry, the
 *	return addresses of its callers follow. NULL: unwind from the
 *	caller, leaving out the leading frames that belong to kdbg.
 * @buf: receives the addresses.
 * @max: capacity of @buf.
 *
 * The rethook (kretprobe) and function-graph trampolines on the stack are
 * replaced with the return addresses they stand for by the unwinder.
 *
 * Context: any, NMI included; preemption disabled. No locks.
 * Return: the number of entries written, 0 for a user-mode @regs.
 */
unsigned int kdbg_stack_capture(struct pt_regs *regs, unsigned long *buf,
				unsigned int max)
{
	struct unwind_state state;
	unsigned long addr;
	unsigned int n = 0;

	if (!max)
		return 0;

	if (regs) {
		if (user_mode(regs))
			return 0;
		buf[n++] = instruction_pointer(regs);
		/* Starts at the frame that called the one in @regs. */
		unwind_start(&state, current, regs, NULL);
	} else {
		/* Starts at this function's frame. */
		unwind_start(&state, current, NULL, NULL);
		while (!unwind_done(&state) &&
		       kdbg_stack_is_ours(unwind_get_return_address(&state)))
			unwind_next_frame(&state);
	}

	for (; n < max && !unwind_done(&state); unwind_next_frame(&state)) {
		addr = unwind_get_return_address(&state);
		if (!addr)
			break;
		buf[n++] = addr;
	}
	return n;
}
