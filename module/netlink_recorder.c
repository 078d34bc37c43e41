// SPDX-License-Identifier: GPL-2.0
/*
 * The flight recorder's commands of the generic netlink family "kdbg":
 * KDBG_CMD_RECORDER_GET, _SET, _FREEZE, _UNFREEZE and _DUMP, as the
 * protocol manual (include/uapi/linux/kdbg.h) describes them. The state
 * and the crash path live in recorder.c; this file only parses, checks
 * and encodes. The family itself, with the privilege check every command
 * gets, is netlink.c's.
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "kdbg.h"
#include "ring.h"
#include "netlink_recorder.h"

const struct nla_policy
kdbg_recorder_set_nl_policy[KDBG_A_RECORDER_LAST + 1] = {
	[KDBG_A_RECORDER_ENABLED] = NLA_POLICY_MAX(NLA_U8, 1),
	[KDBG_A_RING_SIZE] = { .type = NLA_U32 },
	[KDBG_A_RECORDER_LAST] = NLA_POLICY_RANGE(NLA_U32, 1,
						  KDBG_RECORDER_LAST_MAX),
};

const struct nla_policy
kdbg_recorder_freeze_nl_policy[KDBG_A_RECORDER_CONSOLE + 1] = {
	[KDBG_A_RECORDER_CONSOLE] = { .type = NLA_FLAG },
};

/* ------------------------------------------------------------------ */
/* KDBG_CMD_RECORDER_GET                                              */

static size_t kdbg_nl_recorder_ring_size(void)
{
	return nla_total_size(0) + 3 * nla_total_size(sizeof(u32)) +
	       nla_total_size_64bit(sizeof(u64)) + nla_total_size(sizeof(u8));
}

static size_t kdbg_nl_recorder_get_size(void)
{
	return 2 * nla_total_size(sizeof(u8)) +
	       5 * nla_total_size(sizeof(u32)) +
	       2 * nla_total_size_64bit(sizeof(u64)) +
	       num_possible_cpus() * kdbg_nl_recorder_ring_size();
}

static int kdbg_nl_recorder_put_ring(struct sk_buff *msg, int cpu)
{
	struct kdbg_recorder_ring_info ri;
	struct nlattr *nest;

	kdbg_recorder_ring_info(cpu, &ri);
	nest = nla_nest_start(msg, KDBG_A_RECORDER_RING);
	if (!nest ||
	    nla_put_u32(msg, KDBG_A_RECORDER_RING_CPU, cpu) ||
	    nla_put_u32(msg, KDBG_A_RECORDER_RING_RECORDS, ri.records) ||
	    nla_put_u64_64bit(msg, KDBG_A_RECORDER_RING_REFUSED, ri.refused,
			      KDBG_A_RECORDER_RING_PAD) ||
	    nla_put_u32(msg, KDBG_A_RECORDER_RING_GAPS, ri.gaps) ||
	    nla_put_u8(msg, KDBG_A_RECORDER_RING_TORN, ri.torn))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int kdbg_nl_recorder_put_state(struct sk_buff *msg)
{
	struct kdbg_recorder_state st;
	int cpu;

	kdbg_recorder_get(&st);
	if (nla_put_u8(msg, KDBG_A_RECORDER_ENABLED, st.on) ||
	    nla_put_u32(msg, KDBG_A_RING_SIZE, kdbg_events_ring_size()) ||
	    nla_put_u32(msg, KDBG_A_RING_MODE, kdbg_events_ring_mode()) ||
	    nla_put_u32(msg, KDBG_A_RECORDER_LAST, st.last) ||
	    nla_put_u8(msg, KDBG_A_RECORDER_FROZEN, st.frozen))
		return -EMSGSIZE;
	if (st.frozen &&
	    (nla_put_u32(msg, KDBG_A_RECORDER_REASON, st.reason) ||
	     nla_put_u32(msg, KDBG_A_RECORDER_CPU, st.cpu) ||
	     nla_put_u64_64bit(msg, KDBG_A_RECORDER_TIMESTAMP, st.timestamp,
			       KDBG_A_PAD) ||
	     nla_put_u64_64bit(msg, KDBG_A_RECORDER_REALTIME, st.realtime,
			       KDBG_A_PAD)))
		return -EMSGSIZE;
	for_each_possible_cpu(cpu)
		if (kdbg_nl_recorder_put_ring(msg, cpu))
			return -EMSGSIZE;
	return 0;
}

/**
 * kdbg_nl_recorder_get_doit() - KDBG_CMD_RECORDER_GET: the state.
 * @skb: the request
 * @info: its attributes (none accepted)
 *
 * Context: process; sleeps.
 * Return: 0, -ENOMEM, -EINTR, -EMSGSIZE.
 */
int kdbg_nl_recorder_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(kdbg_nl_recorder_get_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = kdbg_nl_reply_put(msg, info, KDBG_CMD_RECORDER_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	err = kdbg_events_lock_read();
	if (err) {
		GENL_SET_ERR_MSG(info, "interrupted by a signal");
		goto err_free_msg;
	}
	err = kdbg_nl_recorder_put_state(msg);
	kdbg_events_unlock_read();
	if (err)
		goto err_free_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_RECORDER_SET, _FREEZE, _UNFREEZE                          */

/**
 * kdbg_nl_recorder_set_doit() - KDBG_CMD_RECORDER_SET: on or off.
 * @skb: the request
 * @info: KDBG_A_RECORDER_ENABLED, KDBG_A_RING_SIZE, KDBG_A_RECORDER_LAST
 *
 * Context: process; sleeps.
 * Return: 0, or the errors of the protocol manual.
 */
int kdbg_nl_recorder_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *size_attr = info->attrs[KDBG_A_RING_SIZE];
	struct nlattr *last_attr = info->attrs[KDBG_A_RECORDER_LAST];
	u32 size = 0, last = 0;	/* 0: keep */
	bool on;

	if (GENL_REQ_ATTR_CHECK(info, KDBG_A_RECORDER_ENABLED))
		return -EINVAL;
	on = nla_get_u8(info->attrs[KDBG_A_RECORDER_ENABLED]);
	if (!on && (size_attr || last_attr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, size_attr ?: last_attr,
				    "size and last apply to turning the recorder on");
		return -EINVAL;
	}
	if (size_attr) {
		size = nla_get_u32(size_attr);
		if (size < KDBG_RING_SIZE_MIN || size > KDBG_RING_SIZE_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, size_attr,
					    "ring size out of range (4 KiB to 64 MiB)");
			return -ERANGE;
		}
	}
	if (last_attr)
		last = nla_get_u32(last_attr);
	return kdbg_recorder_set(on, size, last, info->extack);
}

/**
 * kdbg_nl_recorder_freeze_doit() - KDBG_CMD_RECORDER_FREEZE.
 * @skb: the request
 * @info: KDBG_A_RECORDER_CONSOLE
 *
 * Context: process; sleeps.
 * Return: 0, -EINVAL (off), -EALREADY (frozen), -EINTR.
 */
int kdbg_nl_recorder_freeze_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kdbg_recorder_freeze(nla_get_flag(info->attrs[KDBG_A_RECORDER_CONSOLE]),
				    info->extack);
}

/**
 * kdbg_nl_recorder_unfreeze_doit() - KDBG_CMD_RECORDER_UNFREEZE.
 * @skb: the request
 * @info: no attribute accepted
 *
 * Context: process; sleeps.
 * Return: 0, -EALREADY (not frozen), -EINTR.
 */
int kdbg_nl_recorder_unfreeze_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	return kdbg_recorder_unfreeze(info->extack);
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_RECORDER_DUMP                                             */

/*
 * The dump's cursor in cb->args: the CPU being dumped, the position of
 * its next record, whether the dump has started, and the generation of
 * the freeze it dumps.
 */
enum {
	KDBG_NL_REC_CPU,
	KDBG_NL_REC_POS,
	KDBG_NL_REC_STARTED,
	KDBG_NL_REC_GEN,
};

/* kdbg_ring_read_fn of the dump: one KDBG_A_EVENT nest, or full. */
static int kdbg_nl_recorder_dump_one(const struct kdbg_record *rec, void *arg)
{
	struct sk_buff *skb = arg;
	struct nlattr *nest;

	nest = nla_nest_start(skb, KDBG_A_EVENT);
	if (!nest)
		return -EMSGSIZE;
	if (kdbg_nl_put_event(skb, rec)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Fill one message with the frozen records from the cursor on.
 * Context: kdbg_events_lock_read() held. Return: events put, or
 * -EMSGSIZE when not even one fits.
 */
static int kdbg_nl_recorder_dump_fill(struct sk_buff *skb,
				      struct netlink_callback *cb, void *buf)
{
	long *args = cb->args;
	unsigned int n = 0;

	while (args[KDBG_NL_REC_CPU] < nr_cpu_ids) {
		int cpu = args[KDBG_NL_REC_CPU];
		struct kdbg_ring *r = cpu_possible(cpu) ?
				      kdbg_events_ring(cpu) : NULL;
		struct kdbg_ring_walk w;

		if (r) {
			kdbg_ring_walk_start(r, &w);
			if (args[KDBG_NL_REC_POS] != -1)
				w.pos = args[KDBG_NL_REC_POS];
			n += kdbg_ring_walk(r, &w, kdbg_nl_recorder_dump_one,
					    skb, buf);
			args[KDBG_NL_REC_POS] = w.pos;
			if (!kdbg_ring_walk_done(&w))
				return n ? n : -EMSGSIZE;	/* full */
		}
		args[KDBG_NL_REC_CPU]++;
		args[KDBG_NL_REC_POS] = -1;
	}
	return n;
}

/**
 * kdbg_nl_recorder_dump_dumpit() - KDBG_CMD_RECORDER_DUMP: one part.
 * @skb: the part's skb
 * @cb: the dump's state (the cursor in @cb->args)
 *
 * Context: process; sleeps.
 * Return: bytes put, 0 at the end, or -EPERM, -ENODATA, -ENOMEM, -EINTR,
 * -EMSGSIZE.
 */
int kdbg_nl_recorder_dump_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	long *args = cb->args;
	void *hdr, *buf;
	u32 gen;
	int n;

	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;
	if (args[KDBG_NL_REC_CPU] >= nr_cpu_ids)
		return 0;
	buf = kmalloc(KDBG_RING_MAX_RECORD, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (kdbg_events_lock_read()) {
		kfree(buf);
		return -EINTR;
	}
	gen = kdbg_recorder_frozen_gen();
	if (!args[KDBG_NL_REC_STARTED]) {
		if (!gen) {
			NL_SET_ERR_MSG(cb->extack,
				       "the rings are not frozen (kdbgctl recorder freeze)");
			n = -ENODATA;
			goto out;
		}
		args[KDBG_NL_REC_STARTED] = 1;
		args[KDBG_NL_REC_GEN] = gen;
		args[KDBG_NL_REC_POS] = -1;
	}
	/* Another freeze, or none: flag the dump interrupted, and end it. */
	cb->seq = gen;
	hdr = kdbg_nl_dump_put(skb, cb, KDBG_CMD_RECORDER_DUMP);
	if (!hdr) {
		n = -EMSGSIZE;
		goto out;
	}
	genl_dump_check_consistent(cb, hdr);
	if (gen != (u32)args[KDBG_NL_REC_GEN]) {
		args[KDBG_NL_REC_CPU] = nr_cpu_ids;
		n = 0;
	} else {
		n = kdbg_nl_recorder_dump_fill(skb, cb, buf);
	}
	if (n < 0) {
		genlmsg_cancel(skb, hdr);
		goto out;
	}
	if (!n && args[KDBG_NL_REC_CPU] >= nr_cpu_ids &&
	    gen == (u32)args[KDBG_NL_REC_GEN]) {
		/* Nothing more: no empty message. */
		genlmsg_cancel(skb, hdr);
		n = 0;
		goto out;
	}
	genlmsg_end(skb, hdr);
	n = skb->len;
out:
	kdbg_events_unlock_read();
	kfree(buf);
	return n;
}
