// SPDX-License-Identifier: GPL-2.0
/*
 * The "lock" analysis: contended kernel locks, as `perf lock contention`
 * measures them. lock:contention_begin stores the time, the lock, its
 * flags (LCB_F_*) and the id of the waiter's stack; contention_end of the
 * same lock by the same waiter measures the wait. A waiter is a task in
 * task context (keyed by its pid), or a CPU's softirq, hardirq or NMI
 * context (keyed by the CPU and the level, with bit 63 set), since an
 * interrupt that contends a lock runs on the stack of whatever task it
 * interrupted.
 *
 * A waiter that begins a contention while one is pending keeps the first
 * (perf's rule): the mutex slowpath begins twice (optimistic spinning,
 * then sleeping) and may contend its own wait_lock in between; the
 * measured wait is the outer one, from its first begin to the end of its
 * lock. Ends of another lock are ignored.
 *
 * The events of one waiter never run at once: a task's run in its own
 * context; a CPU's interrupt contexts of one level do not nest (pairmap.h).
 */
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

#define KDBG_LAYER_LOCK_CTX	BIT_ULL(63)

/* Low 48 bits: a kernel address's, the upper 16 being all ones on x86-64. */
#define KDBG_LAYER_LOCK_ADDR	((1ULL << 48) - 1)

static u64 kdbg_layer_lock_waiter(void)
{
	if (in_task() && current->pid)
		return current->pid;
	return KDBG_LAYER_LOCK_CTX | (u64)smp_processor_id() << 2 |
	       interrupt_context_level();
}

static void kdbg_layer_lock_begin(void *data, void *lock, unsigned int flags)
{
	struct kdbg_layer *l = data;
	u64 waiter = kdbg_layer_lock_waiter(), now = kdbg_layer_now();
	u64 aux[KDBG_PAIRMAP_AUX];

	if (kdbg_pairmap_peek(l->map, waiter, NULL, NULL) ||
	    !kdbg_layer_match(l, current))
		return;
	aux[0] = (unsigned long)lock;
	aux[1] = (u64)flags << 32 | kdbg_layer_stack_id(l);
	kdbg_pairmap_put_aux(l->map, waiter, now, aux);
}

NOKPROBE_SYMBOL(kdbg_layer_lock_begin);

static void kdbg_layer_lock_end(void *data, void *lock, int ret)
{
	struct kdbg_layer *l = data;
	u64 waiter = kdbg_layer_lock_waiter(), now = kdbg_layer_now(), start;
	u64 aux[KDBG_PAIRMAP_AUX];
	u64 args[KDBG_LAYER_ARGS];
	u64 addr = (unsigned long)lock;
	u32 flags;

	if (!kdbg_pairmap_peek(l->map, waiter, NULL, aux) || aux[0] != addr ||
	    !kdbg_pairmap_take_aux(l->map, waiter, &start, aux))
		return;
	flags = aux[1] >> 32;
	args[KDBG_LAYER_LOCK_ARG_WAIT] = now > start ? now - start : 0;
	args[KDBG_LAYER_LOCK_ARG_LOCK] = addr;
	args[KDBG_LAYER_LOCK_ARG_FLAGS] = flags;
	args[KDBG_LAYER_LOCK_ARG_KEY] = (u64)flags << 48 |
					(addr & KDBG_LAYER_LOCK_ADDR);
	args[KDBG_LAYER_LOCK_ARG_RET] = (u64)(s64)ret;
	kdbg_layer_emit_stack(l, current, args, (u32)aux[1]);
}

NOKPROBE_SYMBOL(kdbg_layer_lock_end);

const struct kdbg_layer_analysis kdbg_layer_lock = {
	.name = "lock",
	.task = true,
	.stack = true,
	.pairs = KDBG_LAYER_PAIRS_MAX,
	.nr_hooks = 2,
	.hooks = {
		{ "contention_begin", kdbg_layer_lock_begin,
		  "the kernel has no lock:contention_begin tracepoint (Linux 5.19 or later)" },
		{ "contention_end", kdbg_layer_lock_end,
		  "the kernel has no lock:contention_end tracepoint (Linux 5.19 or later)" },
	},
};
