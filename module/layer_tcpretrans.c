// SPDX-License-Identifier: GPL-2.0
/*
 * The "tcpretrans" analysis: TCP segments the kernel retransmits, as
 * BCC's tcpretrans sees them: one measurement per tcp:tcp_retransmit_skb
 * event (sent: a failed retransmit does not fire it), keyed by the flow.
 * A flow takes two words: the addresses in argument ADDRS, the ports,
 * state and family in PORTS, which is also the table's second key (the
 * RETVAL key of layer sources). Nothing is paired: the pairing map goes
 * unused. The task is the one the retransmit ran in (often one a timer
 * interrupted), as BCC's PID column.
 */
#include <linux/in.h>
#include <linux/ipv6.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <asm/unaligned.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

static void kdbg_layer_tcpretrans_skb(void *data, const struct sock *sk,
				      const struct sk_buff *skb)
{
	struct kdbg_layer *l = data;
	const struct inet_sock *inet = inet_sk(sk);
	u64 args[KDBG_LAYER_ARGS] = { 0 };
	u16 family = sk->sk_family;
	u64 addrs;

	if (!kdbg_layer_match(l, current))
		return;
	if (family == AF_INET)
		addrs = (u64)be32_to_cpu(sk->sk_rcv_saddr) << 32 |
			be32_to_cpu(sk->sk_daddr);
#if IS_ENABLED(CONFIG_IPV6)
	else if (family == AF_INET6)
		addrs = get_unaligned_be64(&sk->sk_v6_daddr.s6_addr[8]);
#endif
	else
		addrs = 0;
	args[KDBG_LAYER_TCPRETRANS_ARG_ADDRS] = addrs;
	args[KDBG_LAYER_TCPRETRANS_ARG_PORTS] =
		(u64)(family & 0xff) << 56 | (u64)sk->sk_state << 48 |
		(u64)ntohs(inet->inet_sport) << 16 | ntohs(inet->inet_dport);
	args[KDBG_LAYER_TCPRETRANS_ARG_STATE] = sk->sk_state;
	args[KDBG_LAYER_TCPRETRANS_ARG_FAMILY] = family;
	args[KDBG_LAYER_TCPRETRANS_ARG_LEN] = skb->len;
	kdbg_layer_emit_key2(l, current, args, 0,
			     args[KDBG_LAYER_TCPRETRANS_ARG_PORTS]);
}

NOKPROBE_SYMBOL(kdbg_layer_tcpretrans_skb);

const struct kdbg_layer_analysis kdbg_layer_tcpretrans = {
	.name = "tcpretrans",
	.task = true,
	.key2 = true,
	.pairs = KDBG_PAIRMAP_PROBES,
	.nr_hooks = 1,
	.hooks = {
		{ "tcp_retransmit_skb", kdbg_layer_tcpretrans_skb,
		  "the kernel has no tcp:tcp_retransmit_skb tracepoint" },
	},
};
