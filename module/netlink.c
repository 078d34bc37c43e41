// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "kdbg": the one interface kdbgctl uses to
 * attach and detach event sources, list them and the kernel's
 * tracepoints, read and set the ring configuration, read the accounting,
 * read the aggregation and stack tables of aggregating sources and drain
 * records. include/uapi/linux/kdbg.h is the protocol manual;
 * this file implements it command by command, with one strict policy per
 * command.
 *
 * Privilege, in the initial user namespace: reading (lists, ring, stats
 * and recorder state, aggregation and stack tables, draining records)
 * needs CAP_PERFMON or CAP_SYS_ADMIN, as perf's kernel profiling does:
 * replies carry kernel addresses. Everything that changes what runs in
 * the kernel needs CAP_SYS_ADMIN: sources run code on every CPU. The
 * check is ours (pre_doit for requests, each part of a dump for dumps)
 * because GENL_ADMIN_PERM would test CAP_NET_ADMIN instead, and without
 * an extack message naming the capability.
 *
 * The family is parallel_ops: KDBG_CMD_EVENTS_READ sleeps, and the other
 * handlers are serialised by the source registry's mutex and the rings'
 * reader locks, not by genl_mutex. Every handler runs with generic
 * netlink's cb_lock held for reading, so genl_unregister_family() in
 * kdbg_nl_exit() waits for running handlers; main.c calls
 * kdbg_events_shutdown() first so that a blocked reader returns at once.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "kdbg.h"
#include "netlink_recorder.h"

/*
 * A blocked KDBG_CMD_EVENTS_READ holds generic netlink's cb_lock for
 * reading; a genl_register_family() anywhere in the system then waits for
 * it, and every generic netlink request behind that writer waits too. So
 * one wait never lasts longer than this; clients simply read again.
 */
#define KDBG_NL_READ_WAIT_MAX_MS	1000

static struct genl_family kdbg_nl_family;

/* ------------------------------------------------------------------ */
/* Policies: one per command, listing only what it accepts. Each is   */
/* sized by its highest attribute, which its op's .maxattr repeats.   */

/* Wider than the s16 bounds of NLA_POLICY_RANGE(). */
static struct netlink_range_validation kdbg_agg_entries_range = {
	.min = 1,
	.max = KDBG_AGG_ENTRIES_MAX,
};

/*
 * Inside KDBG_A_SOURCE_AGG. Which combinations a kind supports, and the
 * linear histogram's bounds, are checked by kdbg_agg_spec_check() at add
 * time; this policy checks each attribute alone.
 */
static const struct nla_policy kdbg_agg_nl_policy[KDBG_A_AGG_MAX + 1] = {
	[KDBG_A_AGG_KEYS] = NLA_POLICY_MASK(NLA_U32, KDBG_AGG_KEY_ALL),
	[KDBG_A_AGG_KEY_ARG] = NLA_POLICY_MAX(NLA_U32, KDBG_TP_ARGS_MAX - 1),
	[KDBG_A_AGG_VALUE] = NLA_POLICY_MAX(NLA_U32, KDBG_AGG_VALUE_MAX),
	[KDBG_A_AGG_VALUE_ARG] = NLA_POLICY_MAX(NLA_U32, KDBG_TP_ARGS_MAX - 1),
	[KDBG_A_AGG_HIST] = NLA_POLICY_MAX(NLA_U32, KDBG_AGG_HIST_MAX),
	[KDBG_A_AGG_HIST_MIN] = { .type = NLA_U64 },
	[KDBG_A_AGG_HIST_MAX] = { .type = NLA_U64 },
	[KDBG_A_AGG_HIST_STEP] = { .type = NLA_U64 },
	[KDBG_A_AGG_ENTRIES] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &kdbg_agg_entries_range),
	[KDBG_A_AGG_STACKS] = NLA_POLICY_RANGE(NLA_U32, 1, KDBG_AGG_STACKS_MAX),
};

/* A CPU number fits the spec's s32 (-1 there: every CPU). */
static struct netlink_range_validation kdbg_sample_cpu_range = {
	.max = INT_MAX,
};

/* KDBG_A_SOURCE_PATTERN is a reply attribute here: refused in requests. */
static const struct nla_policy
kdbg_source_add_nl_policy[KDBG_A_SOURCE_SAMPLE_CPU + 1] = {
	[KDBG_A_SOURCE_TYPE] = NLA_POLICY_RANGE(NLA_U32, KDBG_SOURCE_KPROBE,
						KDBG_SOURCE_MAX),
	[KDBG_A_SOURCE_TARGET] = { .type = NLA_NUL_STRING,
				   .len = KDBG_TARGET_MAX - 1 },
	[KDBG_A_SOURCE_FLAGS] = NLA_POLICY_MASK(NLA_U32, KDBG_SOURCE_F_ALL),
	[KDBG_A_SOURCE_FILTER_PID] = { .type = NLA_U32 },
	[KDBG_A_SOURCE_FILTER_TGID] = { .type = NLA_U32 },
	[KDBG_A_SOURCE_FILTER_COMM] = { .type = NLA_NUL_STRING,
					.len = KDBG_COMM_LEN - 1 },
	[KDBG_A_SOURCE_AGG] = NLA_POLICY_NESTED(kdbg_agg_nl_policy),
	[KDBG_A_SOURCE_MAX_MATCHES] = NLA_POLICY_RANGE(NLA_U32, 1,
						       KDBG_PATTERN_MAX),
	[KDBG_A_SOURCE_SAMPLE_FREQ] = NLA_POLICY_RANGE(NLA_U32, 1,
						       KDBG_SAMPLE_FREQ_MAX),
	[KDBG_A_SOURCE_SAMPLE_CPU] = NLA_POLICY_FULL_RANGE(NLA_U32,
						   &kdbg_sample_cpu_range),
};

static const struct nla_policy
kdbg_source_del_nl_policy[KDBG_A_SOURCE_TARGET + 1] = {
	[KDBG_A_SOURCE_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KDBG_A_SOURCE_TYPE] = NLA_POLICY_RANGE(NLA_U32, KDBG_SOURCE_KPROBE,
						KDBG_SOURCE_MAX),
	[KDBG_A_SOURCE_TARGET] = { .type = NLA_NUL_STRING,
				   .len = KDBG_TARGET_MAX - 1 },
};

/* The size is range-checked by hand: the manual promises ERANGE. */
static const struct nla_policy
kdbg_ring_set_nl_policy[KDBG_A_RING_MODE + 1] = {
	[KDBG_A_RING_SIZE] = { .type = NLA_U32 },
	[KDBG_A_RING_MODE] = NLA_POLICY_RANGE(NLA_U32, KDBG_RING_MODE_DROP,
					      KDBG_RING_MODE_MAX),
};

static const struct nla_policy
kdbg_events_read_nl_policy[KDBG_A_READ_TIMEOUT_MS + 1] = {
	[KDBG_A_READ_MAX_BYTES] = { .type = NLA_U32 },
	[KDBG_A_READ_TIMEOUT_MS] = { .type = NLA_U32 },
};

static const struct nla_policy
kdbg_agg_get_nl_policy[KDBG_A_AGG_CLEAR + 1] = {
	[KDBG_A_SOURCE_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KDBG_A_SOURCE_PATTERN] = { .type = NLA_NUL_STRING,
				    .len = KDBG_TARGET_MAX - 1 },
	[KDBG_A_AGG_CLEAR] = { .type = NLA_FLAG },
};

static const struct nla_policy
kdbg_stack_get_nl_policy[KDBG_A_SOURCE_ID + 1] = {
	[KDBG_A_SOURCE_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

/*
 * Commands without a policy (the GETs) accept no attribute at all: with
 * resv_start_op left at 0 the core gives them a reject-all policy.
 */

/* ------------------------------------------------------------------ */
/* Attribute encoding shared by several replies.                      */

static int kdbg_nl_put_counters(struct sk_buff *skb,
				const struct kdbg_counters *c)
{
	if (nla_put_u64_64bit(skb, KDBG_A_COUNTER_HITS, c->hits,
			      KDBG_A_COUNTER_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_COUNTER_FILTERED, c->filtered,
			      KDBG_A_COUNTER_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_COUNTER_WRITTEN, c->written,
			      KDBG_A_COUNTER_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_COUNTER_DELIVERED, c->delivered,
			      KDBG_A_COUNTER_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_COUNTER_DROPPED, c->dropped,
			      KDBG_A_COUNTER_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_COUNTER_MISSED, c->missed,
			      KDBG_A_COUNTER_PAD))
		return -EMSGSIZE;
	return 0;
}

static size_t kdbg_nl_counters_size(void)
{
	return 6 * nla_total_size_64bit(sizeof(u64));
}

/* KDBG_A_SOURCE_COUNTERS: a source's counters summed over the CPUs. */
static int kdbg_nl_put_source_counters(struct sk_buff *skb,
				       struct kdbg_source *src)
{
	struct kdbg_counters c;
	struct nlattr *nest;

	kdbg_source_counters(src, &c);
	nest = nla_nest_start(skb, KDBG_A_SOURCE_COUNTERS);
	if (!nest)
		return -EMSGSIZE;
	if (kdbg_nl_put_counters(skb, &c)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * kdbg_nl_dump_put() - the header of one message of a dump, to the
 * requester.
 * @skb: the dump's skb
 * @cb: the dump's callback state
 * @cmd: the message's command
 *
 * Context: a dumpit.
 * Return: the genl header, or NULL when @skb is full.
 */
void *kdbg_nl_dump_put(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &kdbg_nl_family, NLM_F_MULTI,
			   cmd);
}

/**
 * kdbg_nl_reply_put() - the header of the reply to a request.
 * @msg: the reply
 * @info: the request
 * @cmd: the reply's command
 *
 * Context: a doit.
 * Return: the genl header, or NULL when @msg is full.
 */
void *kdbg_nl_reply_put(struct sk_buff *msg, struct genl_info *info, u8 cmd)
{
	return genlmsg_put_reply(msg, info, &kdbg_nl_family, 0, cmd);
}

/**
 * kdbg_nl_ring_size() - read a KDBG_A_RING_SIZE request attribute.
 * @attr: the attribute
 * @extack: receives the message of an out-of-range size
 * @size: the size, in bytes
 *
 * RING_SET and RECORDER_SET take the same sizes and say the same.
 * Context: a doit. Return: 0 or -ERANGE.
 */
int kdbg_nl_ring_size(const struct nlattr *attr,
		      struct netlink_ext_ack *extack, u32 *size)
{
	*size = nla_get_u32(attr);
	if (*size < KDBG_RING_SIZE_MIN || *size > KDBG_RING_SIZE_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "ring size out of range (4 KiB to 64 MiB)");
		return -ERANGE;
	}
	return 0;
}

/*
 * A kdbg_sources_walk() callback's "stop here": not an error, the walk's
 * caller turns it into 0.
 */
#define KDBG_NL_WALK_STOP	(-ECANCELED)

/*
 * KDBG_A_SOURCE_AGG of a source: the aggregation as the table was created
 * (sizes resolved), in the form a request gives it, so that it can be
 * sent back as is.
 */
static int kdbg_nl_put_agg_spec(struct sk_buff *skb,
				const struct kdbg_agg_spec *agg)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, KDBG_A_SOURCE_AGG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KDBG_A_AGG_KEYS, agg->keys) ||
	    ((agg->keys & KDBG_AGG_KEY_ARG) &&
	     nla_put_u32(skb, KDBG_A_AGG_KEY_ARG, agg->key_arg)) ||
	    nla_put_u32(skb, KDBG_A_AGG_VALUE, agg->value) ||
	    (agg->value == KDBG_AGG_VALUE_ARG &&
	     nla_put_u32(skb, KDBG_A_AGG_VALUE_ARG, agg->value_arg)) ||
	    nla_put_u32(skb, KDBG_A_AGG_HIST, agg->hist) ||
	    (agg->hist == KDBG_AGG_HIST_LINEAR &&
	     (nla_put_u64_64bit(skb, KDBG_A_AGG_HIST_MIN, agg->hist_min,
				KDBG_A_AGG_PAD) ||
	      nla_put_u64_64bit(skb, KDBG_A_AGG_HIST_MAX, agg->hist_max,
				KDBG_A_AGG_PAD) ||
	      nla_put_u64_64bit(skb, KDBG_A_AGG_HIST_STEP, agg->hist_step,
				KDBG_A_AGG_PAD))) ||
	    (agg->entries &&
	     nla_put_u32(skb, KDBG_A_AGG_ENTRIES, agg->entries)) ||
	    (agg->stacks && nla_put_u32(skb, KDBG_A_AGG_STACKS, agg->stacks))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Privilege                                                          */

static bool kdbg_nl_capable(struct sk_buff *skb,
			    struct netlink_ext_ack *extack)
{
	/*
	 * CAP_SYS_ADMIN of both the socket's opener and the caller, in the
	 * initial user namespace: sources run on every CPU of the machine.
	 */
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return true;
	NL_SET_ERR_MSG(extack, "kdbg requires CAP_SYS_ADMIN");
	return false;
}

/* Reading: CAP_PERFMON or CAP_SYS_ADMIN, as perfmon_capable() allows. */
static bool kdbg_nl_read_capable(struct sk_buff *skb,
				 struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_PERFMON) ||
	    netlink_capable(skb, CAP_SYS_ADMIN))
		return true;
	NL_SET_ERR_MSG(extack, "kdbg requires CAP_PERFMON or CAP_SYS_ADMIN");
	return false;
}

/* The commands that only read; any other (and any new one) is admin's. */
static bool kdbg_nl_cmd_reads(u8 cmd)
{
	switch (cmd) {
	case KDBG_CMD_RING_GET:
	case KDBG_CMD_STATS_GET:
	case KDBG_CMD_EVENTS_READ:
	case KDBG_CMD_RECORDER_GET:
		return true;
	default:
		return false;
	}
}

static int kdbg_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			    struct genl_info *info)
{
	if (kdbg_nl_cmd_reads(ops->cmd))
		return kdbg_nl_read_capable(skb, info->extack) ? 0 : -EPERM;
	return kdbg_nl_capable(skb, info->extack) ? 0 : -EPERM;
}

/**
 * kdbg_nl_dump_capable() - the privilege check of one part of a dump.
 * @cb: the dump's callback state
 *
 * Dumps: pre_doit does not run for them, and a dump's ->start gets no
 * extack in 6.1, so each part checks; the error and its message then
 * arrive in NLMSG_DONE. cb->skb is the request: its socket is the caller's.
 * Every dump only reads, so CAP_PERFMON is enough.
 *
 * Context: a dumpit.
 * Return: true if the caller may dump; else the extack says why.
 */
bool kdbg_nl_dump_capable(struct netlink_callback *cb)
{
	return kdbg_nl_read_capable(cb->skb, cb->extack);
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_SOURCE_ADD, KDBG_CMD_SOURCE_DEL                           */

/*
 * KDBG_A_SOURCE_AGG into @agg. Each attribute alone was validated by the
 * policy; here, attributes that mean nothing without another are refused,
 * and a linear histogram needs its three bounds.
 */
static int kdbg_nl_parse_agg(struct nlattr *nest, struct kdbg_agg_spec *agg,
			     struct netlink_ext_ack *extack)
{
	static const int bounds[] = {
		KDBG_A_AGG_HIST_MIN, KDBG_A_AGG_HIST_MAX, KDBG_A_AGG_HIST_STEP,
	};
	struct nlattr *tb[KDBG_A_AGG_MAX + 1];
	unsigned int i;
	bool linear;
	int err;

	err = nla_parse_nested(tb, KDBG_A_AGG_MAX, nest, kdbg_agg_nl_policy,
			       extack);
	if (err)
		return err;

	if (tb[KDBG_A_AGG_KEYS])
		agg->keys = nla_get_u32(tb[KDBG_A_AGG_KEYS]);
	if (tb[KDBG_A_AGG_KEY_ARG]) {
		if (!(agg->keys & KDBG_AGG_KEY_ARG)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[KDBG_A_AGG_KEY_ARG],
					    "a key argument needs the ARG key");
			return -EINVAL;
		}
		agg->key_arg = nla_get_u32(tb[KDBG_A_AGG_KEY_ARG]);
	}
	if (tb[KDBG_A_AGG_VALUE])
		agg->value = nla_get_u32(tb[KDBG_A_AGG_VALUE]);
	if (tb[KDBG_A_AGG_VALUE_ARG]) {
		if (agg->value != KDBG_AGG_VALUE_ARG) {
			NL_SET_ERR_MSG_ATTR(extack, tb[KDBG_A_AGG_VALUE_ARG],
					    "a value argument needs the ARG value");
			return -EINVAL;
		}
		agg->value_arg = nla_get_u32(tb[KDBG_A_AGG_VALUE_ARG]);
	}
	if (tb[KDBG_A_AGG_HIST])
		agg->hist = nla_get_u32(tb[KDBG_A_AGG_HIST]);

	linear = agg->hist == KDBG_AGG_HIST_LINEAR;
	for (i = 0; i < ARRAY_SIZE(bounds); i++) {
		if (tb[bounds[i]] && !linear) {
			NL_SET_ERR_MSG_ATTR(extack, tb[bounds[i]],
					    "histogram bounds need a linear histogram");
			return -EINVAL;
		}
		if (!tb[bounds[i]] && linear) {
			NL_SET_ERR_ATTR_MISS(extack, nest, bounds[i]);
			NL_SET_ERR_MSG(extack,
				       "a linear histogram needs min, max and step");
			return -EINVAL;
		}
	}
	if (linear) {
		agg->hist_min = nla_get_u64(tb[KDBG_A_AGG_HIST_MIN]);
		agg->hist_max = nla_get_u64(tb[KDBG_A_AGG_HIST_MAX]);
		agg->hist_step = nla_get_u64(tb[KDBG_A_AGG_HIST_STEP]);
	}

	if (tb[KDBG_A_AGG_ENTRIES])
		agg->entries = nla_get_u32(tb[KDBG_A_AGG_ENTRIES]);
	if (tb[KDBG_A_AGG_STACKS])
		agg->stacks = nla_get_u32(tb[KDBG_A_AGG_STACKS]);
	return 0;
}

/* The bigger of the two replies, a pattern's. */
static size_t kdbg_nl_source_add_reply_size(void)
{
	return 3 * nla_total_size(sizeof(u32)) + nla_total_size(0) +
	       KDBG_A_SKIP_MAX * nla_total_size(sizeof(u32));
}

/* KDBG_A_SOURCE_ID, _MATCHED, _ATTACHED and _SKIPPED of a pattern add. */
static int kdbg_nl_put_pattern_result(struct sk_buff *msg,
				      const struct kdbg_pattern_result *res)
{
	struct nlattr *nest;
	int i;

	if (nla_put_u32(msg, KDBG_A_SOURCE_ID, res->first_id) ||
	    nla_put_u32(msg, KDBG_A_SOURCE_MATCHED, res->matched) ||
	    nla_put_u32(msg, KDBG_A_SOURCE_ATTACHED, res->attached))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, KDBG_A_SOURCE_SKIPPED);
	if (!nest)
		return -EMSGSIZE;
	for (i = KDBG_A_SKIP_UNSPEC + 1; i <= KDBG_A_SKIP_MAX; i++) {
		if (nla_put_u32(msg, i, res->skipped[i])) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int kdbg_nl_source_add_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct kdbg_source_spec spec = {};
	struct kdbg_pattern_result res = {};
	struct sk_buff *msg;
	bool pattern;
	void *hdr;
	u32 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, KDBG_A_SOURCE_TYPE)) {
		GENL_SET_ERR_MSG(info, "source type required");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, KDBG_A_SOURCE_TARGET)) {
		GENL_SET_ERR_MSG(info, "source target required");
		return -EINVAL;
	}

	spec.type = nla_get_u32(attrs[KDBG_A_SOURCE_TYPE]);
	nla_strscpy(spec.target, attrs[KDBG_A_SOURCE_TARGET],
		    sizeof(spec.target));
	if (!spec.target[0]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[KDBG_A_SOURCE_TARGET],
				    "empty source target");
		return -EINVAL;
	}
	pattern = kdbg_target_is_pattern(spec.target);
	if (attrs[KDBG_A_SOURCE_FLAGS])
		spec.flags = nla_get_u32(attrs[KDBG_A_SOURCE_FLAGS]);
	if (attrs[KDBG_A_SOURCE_FILTER_PID])
		spec.filter_pid = nla_get_u32(attrs[KDBG_A_SOURCE_FILTER_PID]);
	if (attrs[KDBG_A_SOURCE_FILTER_TGID])
		spec.filter_tgid =
			nla_get_u32(attrs[KDBG_A_SOURCE_FILTER_TGID]);
	if (attrs[KDBG_A_SOURCE_FILTER_COMM])
		nla_strscpy(spec.filter_comm, attrs[KDBG_A_SOURCE_FILTER_COMM],
			    sizeof(spec.filter_comm));
	if (attrs[KDBG_A_SOURCE_AGG]) {
		err = kdbg_nl_parse_agg(attrs[KDBG_A_SOURCE_AGG], &spec.agg,
					info->extack);
		if (err)
			return err;
		spec.aggregate = true;
	}
	if (attrs[KDBG_A_SOURCE_MAX_MATCHES]) {
		if (!pattern) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[KDBG_A_SOURCE_MAX_MATCHES],
					    "a match cap needs a pattern target");
			return -EINVAL;
		}
		spec.max_matches =
			nla_get_u32(attrs[KDBG_A_SOURCE_MAX_MATCHES]);
	}
	if ((attrs[KDBG_A_SOURCE_SAMPLE_FREQ] || attrs[KDBG_A_SOURCE_SAMPLE_CPU]) &&
	    spec.type != KDBG_SOURCE_SAMPLE) {
		NL_SET_ERR_MSG(info->extack,
			       "sample attributes need a sample source");
		return -EINVAL;
	}
	if (attrs[KDBG_A_SOURCE_SAMPLE_FREQ])
		spec.sample_freq = nla_get_u32(attrs[KDBG_A_SOURCE_SAMPLE_FREQ]);
	spec.sample_cpu = -1;
	if (attrs[KDBG_A_SOURCE_SAMPLE_CPU])
		spec.sample_cpu = nla_get_u32(attrs[KDBG_A_SOURCE_SAMPLE_CPU]);

	/* Allocate the reply first: once attached, the add must not fail. */
	msg = genlmsg_new(kdbg_nl_source_add_reply_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kdbg_nl_family, 0,
				KDBG_CMD_SOURCE_ADD);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	if (pattern)
		err = kdbg_source_add_pattern(&spec, &res, info->extack);
	else
		err = kdbg_source_add(&spec, &id, info->extack);
	if (err) {
		nlmsg_free(msg);
		return err;
	}

	/* Cannot fail: the message was sized for these attributes. */
	if (pattern)
		WARN_ON_ONCE(kdbg_nl_put_pattern_result(msg, &res));
	else
		nla_put_u32(msg, KDBG_A_SOURCE_ID, id);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int kdbg_nl_source_del_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	enum kdbg_source_type type = KDBG_SOURCE_UNSPEC;
	char target[KDBG_TARGET_MAX];

	if (attrs[KDBG_A_SOURCE_ID]) {
		if (attrs[KDBG_A_SOURCE_TYPE] || attrs[KDBG_A_SOURCE_TARGET]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[KDBG_A_SOURCE_ID],
					    "give a source id or a target, not both");
			return -EINVAL;
		}
		return kdbg_source_del_id(nla_get_u32(attrs[KDBG_A_SOURCE_ID]),
					  info->extack);
	}

	if (GENL_REQ_ATTR_CHECK(info, KDBG_A_SOURCE_TARGET)) {
		GENL_SET_ERR_MSG(info, "source id or target required");
		return -EINVAL;
	}
	nla_strscpy(target, attrs[KDBG_A_SOURCE_TARGET], sizeof(target));
	if (attrs[KDBG_A_SOURCE_TYPE])
		type = nla_get_u32(attrs[KDBG_A_SOURCE_TYPE]);
	return kdbg_source_del_target(type, target, info->extack);
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_SOURCE_GET: a dump, one message per source                */

/* State of a dump in cb->ctx. */
struct kdbg_nl_source_dump {
	u32 next_id;	/* first source id not yet sent */
};

struct kdbg_nl_source_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	void *first_hdr;	/* first message of this skb, or NULL */
};

static int kdbg_nl_fill_source(struct sk_buff *skb, struct kdbg_source *src)
{
	const struct kdbg_source_spec *spec = &src->spec;

	if (nla_put_u32(skb, KDBG_A_SOURCE_ID, src->id) ||
	    nla_put_u32(skb, KDBG_A_SOURCE_TYPE, spec->type) ||
	    nla_put_string(skb, KDBG_A_SOURCE_TARGET, spec->target) ||
	    nla_put_u32(skb, KDBG_A_SOURCE_FLAGS, spec->flags) ||
	    (spec->filter_pid &&
	     nla_put_u32(skb, KDBG_A_SOURCE_FILTER_PID, spec->filter_pid)) ||
	    (spec->filter_tgid &&
	     nla_put_u32(skb, KDBG_A_SOURCE_FILTER_TGID, spec->filter_tgid)) ||
	    (spec->filter_comm[0] &&
	     nla_put_string(skb, KDBG_A_SOURCE_FILTER_COMM,
			    spec->filter_comm)) ||
	    nla_put_u64_64bit(skb, KDBG_A_SOURCE_ADDR, src->addr,
			      KDBG_A_PAD) ||
	    (spec->pattern[0] &&
	     nla_put_string(skb, KDBG_A_SOURCE_PATTERN, spec->pattern)) ||
	    (src->agg && kdbg_nl_put_agg_spec(skb, kdbg_agg_spec(src->agg))) ||
	    (src->ops->fill && src->ops->fill(src, skb)))
		return -EMSGSIZE;
	return kdbg_nl_put_source_counters(skb, src);
}

static int kdbg_nl_source_get_one(struct kdbg_source *src, void *arg)
{
	struct kdbg_nl_source_walk *w = arg;
	struct kdbg_nl_source_dump *state = (void *)w->cb->ctx;
	void *hdr;

	hdr = kdbg_nl_dump_put(w->skb, w->cb, KDBG_CMD_SOURCE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (kdbg_nl_fill_source(w->skb, src)) {
		genlmsg_cancel(w->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(w->skb, hdr);
	if (!w->first_hdr)
		w->first_hdr = hdr;
	state->next_id = src->id + 1;
	return 0;
}

static int kdbg_nl_source_get_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct kdbg_nl_source_dump *state = (void *)cb->ctx;
	struct kdbg_nl_source_walk w = { .skb = skb, .cb = cb };
	u32 gen;
	int err;

	BUILD_BUG_ON(sizeof(*state) > sizeof(cb->ctx));

	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;
	if (!state->next_id)
		state->next_id = 1;	/* ids start at 1 */
	err = kdbg_sources_walk(state->next_id, kdbg_nl_source_get_one, &w,
				&gen);
	if (err && err != -EMSGSIZE)
		return err;

	/*
	 * The registry's generation changes on every add and delete: when
	 * it differs from the previous part of this dump, the dump was
	 * interrupted and this part carries NLM_F_DUMP_INTR. +1 keeps
	 * cb->seq non-zero, which the check needs. The last, empty part is
	 * checked by the core on its NLMSG_DONE.
	 */
	cb->seq = gen + 1;
	if (w.first_hdr)
		genl_dump_check_consistent(cb, w.first_hdr);

	/* A source that does not fit in an empty skb would loop forever. */
	if (err == -EMSGSIZE && !w.first_hdr)
		return -EMSGSIZE;
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_TRACEPOINT_GET: a dump, one message per tracepoint        */

/*
 * The kernel's tracepoint list has no ids, so a dump resumes by index:
 * each part walks the list again and skips what was already sent.
 */
struct kdbg_nl_tp_dump {
	u32 next;	/* index of the first tracepoint not yet sent */
};

struct kdbg_nl_tp_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u32 index;
	bool sent;
};

static int kdbg_nl_tracepoint_get_one(const char *name, u32 nargs,
				      void *arg)
{
	struct kdbg_nl_tp_walk *w = arg;
	struct kdbg_nl_tp_dump *state = (void *)w->cb->ctx;
	void *hdr;

	if (w->index++ < state->next)
		return 0;

	hdr = kdbg_nl_dump_put(w->skb, w->cb, KDBG_CMD_TRACEPOINT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(w->skb, KDBG_A_TRACEPOINT_NAME, name) ||
	    (nargs && nla_put_u32(w->skb, KDBG_A_TRACEPOINT_NARGS, nargs))) {
		genlmsg_cancel(w->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(w->skb, hdr);
	state->next++;
	w->sent = true;
	return 0;
}

static int kdbg_nl_tracepoint_get_dumpit(struct sk_buff *skb,
					 struct netlink_callback *cb)
{
	struct kdbg_nl_tp_walk w = { .skb = skb, .cb = cb };
	int err;

	BUILD_BUG_ON(sizeof(struct kdbg_nl_tp_dump) > sizeof(cb->ctx));

	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;

	err = kdbg_tracepoints_walk(kdbg_nl_tracepoint_get_one, &w);
	if (err && err != -EMSGSIZE)
		return err;
	if (err == -EMSGSIZE && !w.sent)
		return -EMSGSIZE;
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_RING_GET, KDBG_CMD_RING_SET                               */

static int kdbg_nl_ring_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(3 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kdbg_nl_family, 0,
				KDBG_CMD_RING_GET);
	if (!hdr ||
	    nla_put_u32(msg, KDBG_A_RING_SIZE, kdbg_events_ring_size()) ||
	    nla_put_u32(msg, KDBG_A_RING_MODE, kdbg_events_ring_mode()) ||
	    nla_put_u32(msg, KDBG_A_RING_NR_CPUS, num_possible_cpus())) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int kdbg_nl_ring_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *size_attr = info->attrs[KDBG_A_RING_SIZE];
	struct nlattr *mode_attr = info->attrs[KDBG_A_RING_MODE];
	/* 0 and UNSPEC keep the current size and mode. */
	enum kdbg_ring_mode mode = KDBG_RING_MODE_UNSPEC;
	u32 size = 0;
	int err;

	if (!size_attr && !mode_attr) {
		GENL_SET_ERR_MSG(info, "ring size or mode required");
		return -EINVAL;
	}
	if (size_attr) {
		err = kdbg_nl_ring_size(size_attr, info->extack, &size);
		if (err)
			return err;
	}
	if (mode_attr)
		mode = nla_get_u32(mode_attr);

	err = kdbg_events_configure(size, mode);
	if (err == -EBUSY && kdbg_recorder_enabled())
		GENL_SET_ERR_MSG(info,
				 "the flight recorder holds the rings: kdbgctl recorder off first");
	else if (err == -EBUSY)
		GENL_SET_ERR_MSG(info,
				 "ring busy: detach the sources and stop the readers first");
	else if (err == -ERANGE)
		NL_SET_ERR_MSG_ATTR(info->extack, size_attr,
				    "ring size out of range (4 KiB to 64 MiB)");
	else if (err == -ENOMEM)
		GENL_SET_ERR_MSG(info, "cannot allocate the rings");
	return err;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_STATS_GET                                                 */

static size_t kdbg_nl_stats_cpu_size(void)
{
	return nla_total_size(0) + 4 * nla_total_size(sizeof(u32)) +
	       kdbg_nl_counters_size();
}

static size_t kdbg_nl_stats_source_size(void)
{
	return nla_total_size(0) + 2 * nla_total_size(sizeof(u32)) +
	       nla_total_size(KDBG_TARGET_MAX) + nla_total_size(0) +
	       kdbg_nl_counters_size();
}

static int kdbg_nl_stats_put_cpu(struct sk_buff *skb, int cpu)
{
	struct kdbg_counters c;
	struct nlattr *nest;
	u32 used, records;

	kdbg_events_cpu_stats(cpu, &c, &used, &records);
	nest = nla_nest_start(skb, KDBG_A_STATS_CPU);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KDBG_A_STATS_CPU_ID, cpu) ||
	    kdbg_nl_put_counters(skb, &c) ||
	    nla_put_u32(skb, KDBG_A_STATS_RING_USED, used) ||
	    nla_put_u32(skb, KDBG_A_STATS_RING_RECORDS, records) ||
	    nla_put_u32(skb, KDBG_A_STATS_RING_SIZE, kdbg_events_ring_size())) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int kdbg_nl_stats_put_source(struct kdbg_source *src, void *arg)
{
	struct sk_buff *skb = arg;
	struct nlattr *nest;

	nest = nla_nest_start(skb, KDBG_A_STATS_SOURCE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KDBG_A_SOURCE_ID, src->id) ||
	    nla_put_u32(skb, KDBG_A_SOURCE_TYPE, src->spec.type) ||
	    nla_put_string(skb, KDBG_A_SOURCE_TARGET, src->spec.target) ||
	    kdbg_nl_put_source_counters(skb, src)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int kdbg_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int nr_sources = kdbg_sources_count();
	struct sk_buff *msg;
	int err, cpu, tries;
	void *hdr;
	u32 gen;

	/*
	 * One reply, sized for the CPUs and the sources counted now. A
	 * source added meanwhile makes it too small: try again, sized for
	 * every source there can be.
	 */
	for (tries = 0; tries < 2; tries++) {
		msg = genlmsg_new(num_possible_cpus() *
				  kdbg_nl_stats_cpu_size() +
				  nr_sources * kdbg_nl_stats_source_size(),
				  GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		hdr = genlmsg_put_reply(msg, info, &kdbg_nl_family, 0,
					KDBG_CMD_STATS_GET);
		err = hdr ? 0 : -EMSGSIZE;
		for_each_possible_cpu(cpu) {
			if (err)
				break;
			err = kdbg_nl_stats_put_cpu(msg, cpu);
		}
		if (!err)
			err = kdbg_sources_walk(1, kdbg_nl_stats_put_source,
						msg, &gen);
		if (!err) {
			genlmsg_end(msg, hdr);
			return genlmsg_reply(msg, info);
		}
		nlmsg_free(msg);
		if (err != -EMSGSIZE)
			return err;
		nr_sources = KDBG_MAX_SOURCES;
	}
	return -EMSGSIZE;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_EVENTS_READ                                               */

/*
 * An upper bound of the KDBG_A_EVENT nest of any record: the header
 * attributes, and the stack and payload attributes, which together carry
 * at most what a record can hold beyond its header.
 */
#define KDBG_NL_EVENT_MAX_SIZE						\
	(nla_total_size(0) +						\
	 5 * nla_total_size(sizeof(u32)) +				\
	 3 * nla_total_size_64bit(sizeof(u64)) +			\
	 nla_total_size(KDBG_COMM_LEN) +				\
	 2 * nla_total_size(KDBG_STACK_MAX * sizeof(u64) +		\
			    KDBG_TP_ARGS_MAX * sizeof(u64) +		\
			    sizeof(struct kdbg_ret_payload)))

struct kdbg_nl_read {
	struct sk_buff *skb;
	u32 budget;		/* bytes of events this reply may carry */
	u32 start;		/* skb->len before the first event */
	unsigned int count;	/* events in the reply */
	struct nlattr *last;	/* the last event, for a take-back */
	struct kdbg_delivery dl;	/* what the drain took, per CPU and source */
};

/* The record's stack and tracepoint arguments, bounded by its size. */
static u32 kdbg_nl_event_stack_len(const struct kdbg_record *rec)
{
	u32 room = rec->size > rec->hdr_size ? rec->size - rec->hdr_size : 0;

	return min_t(u32, rec->nr_stack * sizeof(u64), room);
}

static u32 kdbg_nl_event_args_len(const struct kdbg_record *rec)
{
	return min_t(u32, rec->nr_args * sizeof(u64),
		     kdbg_record_payload_size(rec));
}

static bool kdbg_nl_event_has_ret(const struct kdbg_record *rec)
{
	return rec->type == KDBG_SOURCE_KRETPROBE &&
	       kdbg_record_payload_size(rec) >=
	       sizeof(struct kdbg_ret_payload);
}

static size_t kdbg_nl_event_size(const struct kdbg_record *rec)
{
	size_t size = nla_total_size(0) + 5 * nla_total_size(sizeof(u32)) +
		      nla_total_size_64bit(sizeof(u64)) +
		      nla_total_size(KDBG_COMM_LEN);

	if (rec->nr_stack)
		size += nla_total_size(kdbg_nl_event_stack_len(rec));
	if (kdbg_nl_event_has_ret(rec))
		size += 2 * nla_total_size_64bit(sizeof(u64));
	else if (rec->type == KDBG_SOURCE_TRACEPOINT && rec->nr_args)
		size += nla_total_size(kdbg_nl_event_args_len(rec));
	return size;
}

/**
 * kdbg_nl_put_event() - a record's KDBG_A_EVENT_* attributes.
 * @skb: the message, inside its KDBG_A_EVENT nest
 * @rec: a complete record
 *
 * Context: any but NMI.
 * Return: 0, or -EMSGSIZE (the caller cancels the nest).
 */
int kdbg_nl_put_event(struct sk_buff *skb, const struct kdbg_record *rec)
{
	char comm[KDBG_COMM_LEN];

	/* The ring holds what the writer copied: terminate it here. */
	memcpy(comm, rec->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';

	if (nla_put_u32(skb, KDBG_A_EVENT_TYPE, rec->type) ||
	    nla_put_u32(skb, KDBG_A_EVENT_CPU, rec->cpu) ||
	    nla_put_u64_64bit(skb, KDBG_A_EVENT_TIMESTAMP, rec->timestamp,
			      KDBG_A_EVENT_PAD) ||
	    nla_put_u32(skb, KDBG_A_EVENT_PID, rec->pid) ||
	    nla_put_u32(skb, KDBG_A_EVENT_TGID, rec->tgid) ||
	    nla_put_string(skb, KDBG_A_EVENT_COMM, comm) ||
	    nla_put_u32(skb, KDBG_A_EVENT_SOURCE_ID, rec->source_id))
		return -EMSGSIZE;

	if (rec->nr_stack &&
	    nla_put(skb, KDBG_A_EVENT_STACK, kdbg_nl_event_stack_len(rec),
		    kdbg_record_stack(rec)))
		return -EMSGSIZE;

	if (kdbg_nl_event_has_ret(rec)) {
		const struct kdbg_ret_payload *ret = kdbg_record_payload(rec);

		if (nla_put_u64_64bit(skb, KDBG_A_EVENT_LATENCY,
				      ret->latency_ns, KDBG_A_EVENT_PAD) ||
		    nla_put_u64_64bit(skb, KDBG_A_EVENT_RETVAL, ret->retval,
				      KDBG_A_EVENT_PAD))
			return -EMSGSIZE;
	} else if (rec->type == KDBG_SOURCE_TRACEPOINT && rec->nr_args) {
		if (nla_put(skb, KDBG_A_EVENT_TP_ARGS,
			    kdbg_nl_event_args_len(rec),
			    kdbg_record_payload(rec)))
			return -EMSGSIZE;
	}
	return 0;
}

/*
 * kdbg_record_fn of KDBG_CMD_EVENTS_READ: encode one record as a
 * KDBG_A_EVENT nest, or refuse it (<0, it stays in the ring) when the
 * reply's budget is spent. The first record is always taken, so a budget
 * smaller than one record still makes progress. @rec == NULL takes back
 * the record accepted last (overwritten before it could be consumed).
 */
static int kdbg_nl_events_read_one(const struct kdbg_record *rec, void *arg)
{
	struct kdbg_nl_read *r = arg;
	struct nlattr *nest;

	if (!rec) {
		if (r->last) {
			nla_nest_cancel(r->skb, r->last);
			r->last = NULL;
			r->count--;
		}
		return 0;
	}

	if (r->count &&
	    r->skb->len - r->start + kdbg_nl_event_size(rec) > r->budget)
		return -ENOSPC;

	nest = nla_nest_start(r->skb, KDBG_A_EVENT);
	if (!nest)
		return -ENOSPC;
	if (kdbg_nl_put_event(r->skb, rec)) {
		nla_nest_cancel(r->skb, nest);
		return -ENOSPC;
	}
	nla_nest_end(r->skb, nest);
	r->last = nest;
	r->count++;
	return 0;
}

static int kdbg_nl_events_read_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct kdbg_nl_read r = { .budget = KDBG_READ_MAX_BYTES };
	u32 timeout_ms = 0;
	struct sk_buff *msg;
	void *hdr;
	u64 lost = 0;
	int err;

	if (attrs[KDBG_A_READ_MAX_BYTES] &&
	    nla_get_u32(attrs[KDBG_A_READ_MAX_BYTES]))
		r.budget = min_t(u32, nla_get_u32(attrs[KDBG_A_READ_MAX_BYTES]),
				 KDBG_READ_MAX_BYTES);
	if (attrs[KDBG_A_READ_TIMEOUT_MS])
		timeout_ms = min_t(u32, nla_get_u32(attrs[KDBG_A_READ_TIMEOUT_MS]),
				   KDBG_NL_READ_WAIT_MAX_MS);

	/* Room for the budget, one record over it and KDBG_A_READ_LOST. */
	msg = genlmsg_new(r.budget + KDBG_NL_EVENT_MAX_SIZE +
			  nla_total_size_64bit(sizeof(u64)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kdbg_nl_family, 0,
				KDBG_CMD_EVENTS_READ);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	r.skb = msg;
	r.start = msg->len;

	err = kdbg_events_read(kdbg_nl_events_read_one, &r, timeout_ms, &lost,
			       &r.dl);
	if (err < 0) {
		if (err == -EINTR)
			GENL_SET_ERR_MSG(info, "interrupted by a signal");
		else if (err == -ESHUTDOWN)
			GENL_SET_ERR_MSG(info, "kdbg is being unloaded");
		goto err_free_msg;
	}

	/* Reserved above: cannot fail. */
	nla_put_u64_64bit(msg, KDBG_A_READ_LOST, lost, KDBG_A_PAD);
	genlmsg_end(msg, hdr);
	/*
	 * The records are consumed. A reply that cannot be queued (the
	 * reader's receive buffer is full, e.g. with several reads in flight,
	 * or its socket is gone; netlink then flags ENOBUFS on the socket)
	 * loses them: count them as dropped, not delivered.
	 */
	err = genlmsg_reply(msg, info);
	if (err)
		kdbg_events_undeliver(&r.dl);
	return err;

err_free_msg:
	nlmsg_free(msg);
	return err;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_AGG_GET: a dump of snapshots taken when it starts         */

/*
 * The dump's .start selects the sources and copies their tables (a
 * clearing read clears them there, once), so every part afterwards only
 * encodes copies: a dump is one consistent snapshot per source however
 * many parts it takes, and the sources may go away meanwhile.
 *
 * 6.1 gives .start no extack, and an error it returns reaches the caller
 * as a bare NLMSG_ERROR. So .start returns an error only when it cannot
 * even keep one (ENOMEM); any other goes, with its message, into the
 * list, and the dump sends it in NLMSG_DONE after the tables it did copy.
 * Those still arrive: after a clearing read they exist nowhere else.
 */
struct kdbg_nl_agg_item {
	u32 id;
	struct kdbg_agg_spec spec;	/* as the table was created */
	struct kdbg_agg_snap *snap;	/* kvfree() */
	char target[KDBG_TARGET_MAX];
};

struct kdbg_nl_agg_list {
	int err;			/* sent after the tables, or 0 */
	struct netlink_ext_ack extack;	/* @err's message */
	u32 nr, cap;			/* @items in use, allocated */
	struct kdbg_nl_agg_item *items;	/* kvfree(), in id order */
};

/* State of a dump in cb->ctx. */
struct kdbg_nl_agg_dump {
	struct kdbg_nl_agg_list *list;	/* from .start, freed by .done */
	u32 item;	/* index in list->items of the source being sent */
	u32 entry;	/* its next entry; snap->nr: its closing message */
};

/* What .start selects, for its kdbg_sources_walk() callback. */
struct kdbg_nl_agg_select {
	struct kdbg_nl_agg_list *list;
	u32 id;			/* that source only, or 0 */
	const char *pattern;	/* the sources of that pattern, or NULL */
	bool clear;
	u32 named;		/* sources @id or @pattern named */
};

static void kdbg_nl_agg_list_free(struct kdbg_nl_agg_list *list)
{
	u32 i;

	if (!list)
		return;
	for (i = 0; i < list->nr; i++)
		kvfree(list->items[i].snap);
	kvfree(list->items);
	kfree(list);
}

/* Copy @src's table into the next item. Sources mutex held (the walk). */
static int kdbg_nl_agg_take(struct kdbg_nl_agg_select *sel,
			    struct kdbg_source *src)
{
	struct kdbg_nl_agg_list *list = sel->list;
	struct kdbg_nl_agg_item *item;

	/* Room first: a cleared table must not lose its only copy. */
	if (list->nr == list->cap) {
		u32 cap = list->cap ? 2 * list->cap : 8;
		struct kdbg_nl_agg_item *items;

		items = kvmalloc_array(cap, sizeof(*items), GFP_KERNEL);
		if (!items) {
			NL_SET_ERR_MSG(&list->extack,
				       "out of memory listing the tables");
			return -ENOMEM;
		}
		if (list->nr)
			memcpy(items, list->items, list->nr * sizeof(*items));
		kvfree(list->items);
		list->items = items;
		list->cap = cap;
	}

	item = &list->items[list->nr];
	item->snap = kdbg_agg_snapshot(src->agg, sel->clear);
	if (!item->snap) {
		NL_SET_ERR_MSG(&list->extack,
			       "out of memory copying an aggregation table");
		return -ENOMEM;
	}
	item->id = src->id;
	item->spec = *kdbg_agg_spec(src->agg);
	strscpy(item->target, src->spec.target, sizeof(item->target));
	list->nr++;
	return 0;
}

static int kdbg_nl_agg_select_one(struct kdbg_source *src, void *arg)
{
	struct kdbg_nl_agg_select *sel = arg;

	if (sel->id) {
		/* The walk starts at @id: past it, there is no more. */
		if (src->id != sel->id)
			return KDBG_NL_WALK_STOP;
		sel->named++;
		if (!src->agg) {
			NL_SET_ERR_MSG(&sel->list->extack,
				       "this source does not aggregate");
			return -EINVAL;
		}
		return kdbg_nl_agg_take(sel, src);
	}
	if (sel->pattern) {
		if (strcmp(src->spec.pattern, sel->pattern))
			return 0;
		sel->named++;
	}
	return src->agg ? kdbg_nl_agg_take(sel, src) : 0;
}

/* Select and copy; an error comes with a message in list->extack. */
static int kdbg_nl_agg_select(struct netlink_callback *cb,
			      struct kdbg_nl_agg_list *list)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct netlink_ext_ack *extack = &list->extack;
	struct kdbg_nl_agg_select sel = { .list = list };
	char pattern[KDBG_TARGET_MAX];
	u32 gen;
	int err;

	if (!kdbg_nl_read_capable(cb->skb, extack))
		return -EPERM;

	if (attrs[KDBG_A_SOURCE_ID] && attrs[KDBG_A_SOURCE_PATTERN]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KDBG_A_SOURCE_PATTERN],
				    "give a source id or a pattern, not both");
		return -EINVAL;
	}
	if (attrs[KDBG_A_SOURCE_ID])
		sel.id = nla_get_u32(attrs[KDBG_A_SOURCE_ID]);
	if (attrs[KDBG_A_SOURCE_PATTERN]) {
		nla_strscpy(pattern, attrs[KDBG_A_SOURCE_PATTERN],
			    sizeof(pattern));
		if (!pattern[0]) {
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KDBG_A_SOURCE_PATTERN],
					    "empty pattern");
			return -EINVAL;
		}
		sel.pattern = pattern;
	}
	sel.clear = nla_get_flag(attrs[KDBG_A_AGG_CLEAR]);

	err = kdbg_sources_walk(sel.id ? sel.id : 1, kdbg_nl_agg_select_one,
				&sel, &gen);
	if (err == KDBG_NL_WALK_STOP)
		err = 0;
	if (err)
		return err;

	if (sel.id && !sel.named) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KDBG_A_SOURCE_ID],
				    "no such source");
		return -ENOENT;
	}
	if (sel.pattern && !sel.named) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KDBG_A_SOURCE_PATTERN],
				    "no source was attached by this pattern");
		return -ENOENT;
	}
	if (sel.pattern && !list->nr) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KDBG_A_SOURCE_PATTERN],
				    "the sources of this pattern do not aggregate");
		return -EINVAL;
	}
	return 0;
}

static int kdbg_nl_agg_get_start(struct netlink_callback *cb)
{
	struct kdbg_nl_agg_dump *state = (void *)cb->ctx;
	struct kdbg_nl_agg_list *list;

	BUILD_BUG_ON(sizeof(*state) > sizeof(cb->ctx));

	list = kzalloc(sizeof(*list), GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	list->err = kdbg_nl_agg_select(cb, list);
	state->list = list;
	return 0;
}

static int kdbg_nl_agg_get_done(struct netlink_callback *cb)
{
	struct kdbg_nl_agg_dump *state = (void *)cb->ctx;

	kdbg_nl_agg_list_free(state->list);
	state->list = NULL;
	return 0;
}

/* The key fields the table is keyed by, then the values it keeps. */
static int kdbg_nl_put_agg_entry(struct sk_buff *skb,
				 const struct kdbg_nl_agg_item *item,
				 const struct kdbg_agg_snap_entry *e)
{
	const struct kdbg_agg_spec *agg = &item->spec;
	u32 keys = agg->keys;
	char comm[KDBG_COMM_LEN];

	memcpy(comm, e->key.comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';

	if (((keys & KDBG_AGG_KEY_STACK) &&
	     nla_put_u32(skb, KDBG_A_AGG_E_STACK_ID, e->key.stack_id)) ||
	    ((keys & KDBG_AGG_KEY_USTACK) &&
	     nla_put_u32(skb, KDBG_A_AGG_E_USTACK_ID, e->key.ustack_id)) ||
	    ((keys & KDBG_AGG_KEY_COMM) &&
	     nla_put_string(skb, KDBG_A_AGG_E_COMM, comm)) ||
	    ((keys & KDBG_AGG_KEY_PID) &&
	     nla_put_u32(skb, KDBG_A_AGG_E_PID, e->key.pid)) ||
	    ((keys & KDBG_AGG_KEY_TGID) &&
	     nla_put_u32(skb, KDBG_A_AGG_E_TGID, e->key.tgid)) ||
	    ((keys & KDBG_AGG_KEY_CPU) &&
	     nla_put_u32(skb, KDBG_A_AGG_E_CPU, e->key.cpu)) ||
	    ((keys & KDBG_AGG_KEY_ARG) &&
	     nla_put_u64_64bit(skb, KDBG_A_AGG_E_ARG, e->key.arg,
			       KDBG_A_AGG_E_PAD)) ||
	    ((keys & KDBG_AGG_KEY_RETVAL) &&
	     nla_put_u64_64bit(skb, KDBG_A_AGG_E_RETVAL, e->key.retval,
			       KDBG_A_AGG_E_PAD)) ||
	    nla_put_u64_64bit(skb, KDBG_A_AGG_E_COUNT, e->count,
			      KDBG_A_AGG_E_PAD))
		return -EMSGSIZE;

	if (agg->value != KDBG_AGG_VALUE_NONE &&
	    (nla_put_u64_64bit(skb, KDBG_A_AGG_E_SUM, e->sum,
			       KDBG_A_AGG_E_PAD) ||
	     nla_put_u64_64bit(skb, KDBG_A_AGG_E_VALUE_MIN, e->min,
			       KDBG_A_AGG_E_PAD) ||
	     nla_put_u64_64bit(skb, KDBG_A_AGG_E_VALUE_MAX, e->max,
			       KDBG_A_AGG_E_PAD)))
		return -EMSGSIZE;

	if (agg->hist != KDBG_AGG_HIST_NONE && item->snap->nr_buckets &&
	    nla_put(skb, KDBG_A_AGG_E_HIST,
		    item->snap->nr_buckets * sizeof(u64), e->hist))
		return -EMSGSIZE;
	return 0;
}

static int kdbg_nl_put_agg_stats(struct sk_buff *skb,
				 const struct kdbg_agg_stats *st)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, KDBG_A_AGG_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KDBG_A_AGG_S_ENTRIES, st->entries) ||
	    nla_put_u32(skb, KDBG_A_AGG_S_CAPACITY, st->capacity) ||
	    nla_put_u64_64bit(skb, KDBG_A_AGG_S_MISSED, st->missed,
			      KDBG_A_AGG_S_PAD) ||
	    nla_put_u32(skb, KDBG_A_AGG_S_STACKS, st->stacks) ||
	    nla_put_u32(skb, KDBG_A_AGG_S_STACK_CAPACITY,
			st->stack_capacity) ||
	    nla_put_u64_64bit(skb, KDBG_A_AGG_S_STACK_MISSED,
			      st->stack_missed, KDBG_A_AGG_S_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message of @item: its entry @i (KDBG_A_SOURCE_ID, KDBG_A_AGG_ENTRY),
 * or, when @i is past the last entry, the one closing the source
 * (KDBG_A_SOURCE_ID, KDBG_A_SOURCE_TARGET, KDBG_A_AGG_STATS).
 */
static int kdbg_nl_agg_get_one(struct sk_buff *skb,
			       struct netlink_callback *cb,
			       const struct kdbg_nl_agg_item *item, u32 i)
{
	const struct kdbg_agg_snap *snap = item->snap;
	struct nlattr *nest;
	void *hdr;

	hdr = kdbg_nl_dump_put(skb, cb, KDBG_CMD_AGG_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KDBG_A_SOURCE_ID, item->id))
		goto err_cancel;
	if (i < snap->nr) {
		nest = nla_nest_start(skb, KDBG_A_AGG_ENTRY);
		if (!nest ||
		    kdbg_nl_put_agg_entry(skb, item,
					  kdbg_agg_snap_entry(snap, i)))
			goto err_cancel;
		nla_nest_end(skb, nest);
	} else if (nla_put_string(skb, KDBG_A_SOURCE_TARGET, item->target) ||
		   kdbg_nl_put_agg_stats(skb, &snap->stats)) {
		goto err_cancel;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int kdbg_nl_agg_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct kdbg_nl_agg_dump *state = (void *)cb->ctx;
	struct kdbg_nl_agg_list *list = state->list;
	const struct kdbg_nl_agg_item *item;
	bool sent = false;

	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;

	while (state->item < list->nr) {
		item = &list->items[state->item];
		if (kdbg_nl_agg_get_one(skb, cb, item, state->entry)) {
			/* One that does not fit an empty skb never will. */
			return sent ? skb->len : -EMSGSIZE;
		}
		sent = true;
		if (state->entry < item->snap->nr) {
			state->entry++;
		} else {
			state->item++;
			state->entry = 0;
		}
	}

	/* The selection's error, alone in the last part with NLMSG_DONE. */
	if (list->err && !sent) {
		if (cb->extack)
			*cb->extack = list->extack;
		return list->err;
	}
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_STACK_GET: a dump of one source's stack table             */

/*
 * The stack table belongs to the source's aggregation, freed with the
 * source: each part walks it inside a kdbg_sources_walk() callback, under
 * the sources mutex, and resumes by stack id. If the source is deleted
 * between two parts, the dump ends there, flagged NLM_F_DUMP_INTR.
 */
struct kdbg_nl_stack_dump {
	u32 next_stack;	/* first stack id not yet sent; 0: first part */
};

struct kdbg_nl_stack_walk {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u32 id;			/* the source */
	bool found;		/* the source still exists */
	void *first_hdr;	/* first message of this skb, or NULL */
};

static int kdbg_nl_stack_get_one(u32 stack_id, const u64 *ips, u32 nr,
				 void *arg)
{
	struct kdbg_nl_stack_walk *w = arg;
	struct kdbg_nl_stack_dump *state = (void *)w->cb->ctx;
	void *hdr;

	hdr = kdbg_nl_dump_put(w->skb, w->cb, KDBG_CMD_STACK_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(w->skb, KDBG_A_SOURCE_ID, w->id) ||
	    nla_put_u32(w->skb, KDBG_A_STACK_ID, stack_id) ||
	    nla_put(w->skb, KDBG_A_EVENT_STACK, nr * sizeof(u64), ips)) {
		genlmsg_cancel(w->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(w->skb, hdr);
	if (!w->first_hdr)
		w->first_hdr = hdr;
	state->next_stack = stack_id + 1;
	return 0;
}

/* Called by the walk starting at the source's id: the mutex pins it. */
static int kdbg_nl_stack_get_source(struct kdbg_source *src, void *arg)
{
	struct kdbg_nl_stack_walk *w = arg;
	struct kdbg_nl_stack_dump *state = (void *)w->cb->ctx;
	struct kdbg_stackmap *map;
	int err;

	if (src->id != w->id)
		return KDBG_NL_WALK_STOP;
	w->found = true;
	map = src->agg ? kdbg_agg_stackmap(src->agg) : NULL;
	if (!map) {
		NL_SET_ERR_MSG(w->cb->extack, "this source has no stack key");
		return -EINVAL;
	}
	err = kdbg_stackmap_walk(map, state->next_stack,
				 kdbg_nl_stack_get_one, w);
	return err ? err : KDBG_NL_WALK_STOP;
}

static int kdbg_nl_stack_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct kdbg_nl_stack_dump *state = (void *)cb->ctx;
	struct kdbg_nl_stack_walk w = { .skb = skb, .cb = cb };
	bool first = !state->next_stack;
	u32 gen;
	int err;

	BUILD_BUG_ON(sizeof(*state) > sizeof(cb->ctx));

	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;
	if (NL_REQ_ATTR_CHECK(cb->extack, NULL, attrs, KDBG_A_SOURCE_ID)) {
		NL_SET_ERR_MSG(cb->extack, "source id required");
		return -EINVAL;
	}
	w.id = nla_get_u32(attrs[KDBG_A_SOURCE_ID]);
	if (first)
		state->next_stack = 1;	/* stack ids start at 1 */

	err = kdbg_sources_walk(w.id, kdbg_nl_stack_get_source, &w, &gen);
	if (err == KDBG_NL_WALK_STOP)
		err = 0;
	if (err && err != -EMSGSIZE)
		return err;
	if (!w.found && first) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[KDBG_A_SOURCE_ID],
				    "no such source");
		return -ENOENT;
	}

	/*
	 * Stack ids stay valid while the source lives, so only its deletion
	 * breaks the dump: then a changed cb->seq flags the NLMSG_DONE that
	 * ends it with NLM_F_DUMP_INTR (the core checks it against the
	 * value the previous parts recorded).
	 */
	cb->seq = w.found ? 1 : 2;
	if (!w.found)
		return 0;
	if (w.first_hdr)
		genl_dump_check_consistent(cb, w.first_hdr);

	/* A stack that does not fit in an empty skb would loop forever. */
	if (err == -EMSGSIZE && !w.first_hdr)
		return -EMSGSIZE;
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* The family                                                         */

static const struct genl_ops kdbg_nl_ops[] = {
	{
		.cmd = KDBG_CMD_SOURCE_ADD,
		.doit = kdbg_nl_source_add_doit,
		.policy = kdbg_source_add_nl_policy,
		.maxattr = KDBG_A_SOURCE_SAMPLE_CPU,
	},
	{
		.cmd = KDBG_CMD_SOURCE_DEL,
		.doit = kdbg_nl_source_del_doit,
		.policy = kdbg_source_del_nl_policy,
		.maxattr = KDBG_A_SOURCE_TARGET,
	},
	{
		.cmd = KDBG_CMD_SOURCE_GET,
		.dumpit = kdbg_nl_source_get_dumpit,
	},
	{
		.cmd = KDBG_CMD_TRACEPOINT_GET,
		.dumpit = kdbg_nl_tracepoint_get_dumpit,
	},
	{
		.cmd = KDBG_CMD_RING_GET,
		.doit = kdbg_nl_ring_get_doit,
	},
	{
		.cmd = KDBG_CMD_RING_SET,
		.doit = kdbg_nl_ring_set_doit,
		.policy = kdbg_ring_set_nl_policy,
		.maxattr = KDBG_A_RING_MODE,
	},
	{
		.cmd = KDBG_CMD_STATS_GET,
		.doit = kdbg_nl_stats_get_doit,
	},
	{
		.cmd = KDBG_CMD_EVENTS_READ,
		.doit = kdbg_nl_events_read_doit,
		.policy = kdbg_events_read_nl_policy,
		.maxattr = KDBG_A_READ_TIMEOUT_MS,
	},
	{
		.cmd = KDBG_CMD_AGG_GET,
		.start = kdbg_nl_agg_get_start,
		.dumpit = kdbg_nl_agg_get_dumpit,
		.done = kdbg_nl_agg_get_done,
		.policy = kdbg_agg_get_nl_policy,
		.maxattr = KDBG_A_AGG_CLEAR,
	},
	{
		.cmd = KDBG_CMD_STACK_GET,
		.dumpit = kdbg_nl_stack_get_dumpit,
		.policy = kdbg_stack_get_nl_policy,
		.maxattr = KDBG_A_SOURCE_ID,
	},
	/* netlink_recorder.c */
	{
		.cmd = KDBG_CMD_RECORDER_GET,
		.doit = kdbg_nl_recorder_get_doit,
	},
	{
		.cmd = KDBG_CMD_RECORDER_SET,
		.doit = kdbg_nl_recorder_set_doit,
		.policy = kdbg_recorder_set_nl_policy,
		.maxattr = KDBG_A_RECORDER_LAST,
	},
	{
		.cmd = KDBG_CMD_RECORDER_FREEZE,
		.doit = kdbg_nl_recorder_freeze_doit,
		.policy = kdbg_recorder_freeze_nl_policy,
		.maxattr = KDBG_A_RECORDER_CONSOLE,
	},
	{
		.cmd = KDBG_CMD_RECORDER_UNFREEZE,
		.doit = kdbg_nl_recorder_unfreeze_doit,
	},
	{
		.cmd = KDBG_CMD_RECORDER_DUMP,
		.dumpit = kdbg_nl_recorder_dump_dumpit,
	},
};

/*
 * resv_start_op stays 0: every command gets strict header and attribute
 * validation. Only the initial network namespace sees the family (the
 * rings and sources are machine-wide).
 */
static struct genl_family kdbg_nl_family __ro_after_init = {
	.name = KDBG_GENL_NAME,
	.version = KDBG_GENL_VERSION,
	.module = THIS_MODULE,
	.netnsok = false,
	.parallel_ops = true,
	.pre_doit = kdbg_nl_pre_doit,
	.ops = kdbg_nl_ops,
	.n_ops = ARRAY_SIZE(kdbg_nl_ops),
};

/**
 * kdbg_nl_init() - register the generic netlink family.
 *
 * Call it last in module init: requests arrive as soon as it returns.
 *
 * Context: process; module init.
 * Return: 0, or the error of genl_register_family() (-EEXIST, -ENOMEM).
 */
int kdbg_nl_init(void)
{
	return genl_register_family(&kdbg_nl_family);
}

/**
 * kdbg_nl_exit() - unregister the generic netlink family.
 *
 * Waits for running handlers. A reader blocked in KDBG_CMD_EVENTS_READ
 * holds up that wait until it returns, so call kdbg_events_shutdown()
 * before, and free nothing a handler uses until this returns.
 *
 * Context: process; module exit.
 */
void kdbg_nl_exit(void)
{
	genl_unregister_family(&kdbg_nl_family);
}

MODULE_ALIAS_GENL_FAMILY(KDBG_GENL_NAME);
