/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AGG_GET and STACK_GET reply messages as the module builds them (u64s
 * behind pad attributes, a future attribute in each entry), for the
 * tests of the aggregation parsers and of the tools that print them.
 * Include after kdbg_test.h.
 */
#ifndef KDBG_AGG_MSGS_H
#define KDBG_AGG_MSGS_H

#include "agg.h"

struct entry_spec {
	uint32_t id;
	bool pid, comm, stack;
	uint32_t pid_v, stack_v;
	const char *comm_v;
	uint64_t count, sum, min, max;
	const uint64_t *hist;
	unsigned int nr_hist;
};

static inline struct nlmsghdr *entry_msg(void *buf,
					 const struct entry_spec *e)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_AGG_GET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, e->id);
	nest = mnl_attr_nest_start(nlh, KDBG_A_AGG_ENTRY);
	if (e->stack)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_E_STACK_ID, e->stack_v);
	if (e->comm)
		mnl_attr_put_strz(nlh, KDBG_A_AGG_E_COMM, e->comm_v);
	if (e->pid)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_E_PID, e->pid_v);
	put_u64(nlh, KDBG_A_AGG_E_COUNT, e->count, KDBG_A_AGG_E_PAD);
	if (e->sum || e->min || e->max) {
		put_u64(nlh, KDBG_A_AGG_E_SUM, e->sum, KDBG_A_AGG_E_PAD);
		put_u64(nlh, KDBG_A_AGG_E_VALUE_MIN, e->min, KDBG_A_AGG_E_PAD);
		put_u64(nlh, KDBG_A_AGG_E_VALUE_MAX, e->max, KDBG_A_AGG_E_PAD);
	}
	if (e->hist)
		mnl_attr_put(nlh, KDBG_A_AGG_E_HIST,
			     e->nr_hist * sizeof(uint64_t), e->hist);
	mnl_attr_put_u32(nlh, 60, 1);	/* a future attribute: skipped */
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static inline struct nlmsghdr *close_msg(void *buf, uint32_t id,
					 const char *target, uint64_t missed,
					 uint64_t stack_missed)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_AGG_GET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, id);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, target);
	nest = mnl_attr_nest_start(nlh, KDBG_A_AGG_STATS);
	mnl_attr_put_u32(nlh, KDBG_A_AGG_S_ENTRIES, 2);
	mnl_attr_put_u32(nlh, KDBG_A_AGG_S_CAPACITY, 1024);
	put_u64(nlh, KDBG_A_AGG_S_MISSED, missed, KDBG_A_AGG_S_PAD);
	mnl_attr_put_u32(nlh, KDBG_A_AGG_S_STACKS, 5);
	mnl_attr_put_u32(nlh, KDBG_A_AGG_S_STACK_CAPACITY, 512);
	put_u64(nlh, KDBG_A_AGG_S_STACK_MISSED, stack_missed,
		KDBG_A_AGG_S_PAD);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static inline struct nlmsghdr *stack_msg(void *buf, uint32_t id,
					 const uint64_t *ips, unsigned int n)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_STACK_GET);

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 5);
	mnl_attr_put_u32(nlh, KDBG_A_STACK_ID, id);
	mnl_attr_put(nlh, KDBG_A_EVENT_STACK, n * sizeof(uint64_t), ips);
	return nlh;
}

#endif /* KDBG_AGG_MSGS_H */
