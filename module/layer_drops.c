// SPDX-License-Identifier: GPL-2.0
/*
 * The "drops" analysis: packets the kernel drops, as dropwatch and
 * `perf ... skb:kfree_skb` see them: one measurement per kfree_skb event,
 * with its drop reason (enum skb_drop_reason; userspace names it from the
 * tracepoint's format in tracefs) and its location (the return address
 * into the function that dropped the packet). STACK keys the stack of the
 * drop. Nothing is paired: the pairing map goes unused. Drops happen in
 * softirq context more often than not, so there is no task to filter or
 * key by.
 */
#include <linux/skbuff.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

/* Low 48 bits: a kernel address's, the upper 16 being all ones on x86-64. */
#define KDBG_LAYER_DROPS_ADDR	((1ULL << 48) - 1)

static void kdbg_layer_drops_free(void *data, struct sk_buff *skb,
				  void *location, enum skb_drop_reason reason)
{
	struct kdbg_layer *l = data;
	u64 args[KDBG_LAYER_ARGS] = { 0 };
	u64 loc = (unsigned long)location;

	if (!kdbg_layer_match(l, current))
		return;
	args[KDBG_LAYER_DROPS_ARG_REASON] = reason;
	args[KDBG_LAYER_DROPS_ARG_LOCATION] = loc;
	args[KDBG_LAYER_DROPS_ARG_KEY] = (u64)reason << 48 |
					 (loc & KDBG_LAYER_DROPS_ADDR);
	args[KDBG_LAYER_DROPS_ARG_PROTOCOL] = ntohs(skb->protocol);
	args[KDBG_LAYER_DROPS_ARG_LEN] = skb->len;
	kdbg_layer_emit_stack(l, current, args, kdbg_layer_stack_id(l));
}

NOKPROBE_SYMBOL(kdbg_layer_drops_free);

const struct kdbg_layer_analysis kdbg_layer_drops = {
	.name = "drops",
	.task = false,
	.stack = true,
	.pairs = KDBG_PAIRMAP_PROBES,
	.nr_hooks = 1,
	.hooks = {
		{ "kfree_skb", kdbg_layer_drops_free,
		  "the kernel has no skb:kfree_skb tracepoint" },
	},
};
