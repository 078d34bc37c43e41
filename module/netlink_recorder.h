/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flight recorder's commands of the generic netlink family: their
 * handlers and policies (netlink_recorder.c), for the family's op table
 * in netlink.c.
 */
#ifndef KDBG_NETLINK_RECORDER_H
#define KDBG_NETLINK_RECORDER_H

#include <net/genetlink.h>

extern const struct nla_policy
kdbg_recorder_set_nl_policy[KDBG_A_RECORDER_LAST + 1];
extern const struct nla_policy
kdbg_recorder_freeze_nl_policy[KDBG_A_RECORDER_CONSOLE + 1];

int kdbg_nl_recorder_get_doit(struct sk_buff *skb, struct genl_info *info);
int kdbg_nl_recorder_set_doit(struct sk_buff *skb, struct genl_info *info);
int kdbg_nl_recorder_freeze_doit(struct sk_buff *skb, struct genl_info *info);
int kdbg_nl_recorder_unfreeze_doit(struct sk_buff *skb,
				   struct genl_info *info);
int kdbg_nl_recorder_dump_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);

#endif /* KDBG_NETLINK_RECORDER_H */
