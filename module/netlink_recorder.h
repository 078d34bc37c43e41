/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flight recorder's commands of the generic netlink family: their
 * handlers (netlink_recorder.c) and their entries of the family's op
 * table, which netlink.c expands at the end of kdbg_nl_ops[].
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

#define KDBG_NL_RECORDER_OPS						\
	{								\
		.cmd = KDBG_CMD_RECORDER_GET,				\
		.doit = kdbg_nl_recorder_get_doit,			\
	},								\
	{								\
		.cmd = KDBG_CMD_RECORDER_SET,				\
		.doit = kdbg_nl_recorder_set_doit,			\
		.policy = kdbg_recorder_set_nl_policy,			\
		.maxattr = KDBG_A_RECORDER_LAST,			\
	},								\
	{								\
		.cmd = KDBG_CMD_RECORDER_FREEZE,			\
		.doit = kdbg_nl_recorder_freeze_doit,			\
		.policy = kdbg_recorder_freeze_nl_policy,		\
		.maxattr = KDBG_A_RECORDER_CONSOLE,			\
	},								\
	{								\
		.cmd = KDBG_CMD_RECORDER_UNFREEZE,			\
		.doit = kdbg_nl_recorder_unfreeze_doit,			\
	},								\
	{								\
		.cmd = KDBG_CMD_RECORDER_DUMP,				\
		.dumpit = kdbg_nl_recorder_dump_dumpit,			\
	},

#endif /* KDBG_NETLINK_RECORDER_H */
