/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory commands of the generic netlink family (netlink_mem.c):
 * KDBG_CMD_SLAB_GET and KDBG_CMD_MEMLEAK_GET, for the op table in
 * netlink.c.
 */
#ifndef KDBG_NETLINK_MEM_H
#define KDBG_NETLINK_MEM_H

#include <net/genetlink.h>

extern const struct nla_policy kdbg_slab_get_nl_policy[KDBG_A_SLAB + 1];
extern const struct nla_policy
kdbg_memleak_get_nl_policy[KDBG_A_MEMLEAK_MIN_AGE_MS + 1];

int kdbg_nl_slab_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int kdbg_nl_memleak_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
/* .done of both: frees the snapshot the first part took. */
int kdbg_nl_mem_done(struct netlink_callback *cb);

#endif /* KDBG_NETLINK_MEM_H */
