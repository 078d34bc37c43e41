// SPDX-License-Identifier: GPL-2.0
/*
 * KDBG_CMD_SLAB_GET and KDBG_CMD_MEMLEAK_GET (see the uapi header): two
 * dumps of a snapshot taken by their first part (so that its errors carry
 * an extack, which 6.1's ->start cannot give), sent item by item across
 * parts and freed by ->done.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "kdbg.h"
#include "mem.h"
#include "netlink_mem.h"

static const struct nla_policy kdbg_slab_nl_policy[KDBG_A_SLAB_MAX + 1] = {
	[KDBG_A_SLAB_NAME] = { .type = NLA_NUL_STRING,
			       .len = KDBG_SLAB_NAME_MAX - 1 },
};

const struct nla_policy kdbg_slab_get_nl_policy[KDBG_A_SLAB + 1] = {
	[KDBG_A_SLAB] = NLA_POLICY_NESTED(kdbg_slab_nl_policy),
};

const struct nla_policy
kdbg_memleak_get_nl_policy[KDBG_A_MEMLEAK_MIN_AGE_MS + 1] = {
	[KDBG_A_SOURCE_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KDBG_A_MEMLEAK_MIN_AGE_MS] = { .type = NLA_U32 },
};

/* State of a dump in cb->ctx. */
struct kdbg_nl_mem_dump {
	void *snap;		/* from the first part; kvfree() by ->done */
	u32 next;		/* next item to send; nr: the closing message */
	bool closed;		/* MEMLEAK_GET: closing message sent */
};

int kdbg_nl_mem_done(struct netlink_callback *cb)
{
	struct kdbg_nl_mem_dump *state = (void *)cb->ctx;

	kvfree(state->snap);
	state->snap = NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_SLAB_GET                                                   */

static int kdbg_nl_put_slab(struct sk_buff *skb, const struct kdbg_slab_info *c)
{
	struct nlattr *nest = nla_nest_start(skb, KDBG_A_SLAB);

	if (!nest ||
	    nla_put_string(skb, KDBG_A_SLAB_NAME, c->name) ||
	    nla_put_u32(skb, KDBG_A_SLAB_SIZE, c->size) ||
	    nla_put_u32(skb, KDBG_A_SLAB_OBJS_PER_SLAB, c->objs_per_slab) ||
	    nla_put_u32(skb, KDBG_A_SLAB_PAGES_PER_SLAB, c->pages_per_slab) ||
	    nla_put_u64_64bit(skb, KDBG_A_SLAB_ACTIVE_OBJS, c->active_objs,
			      KDBG_A_SLAB_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SLAB_NUM_OBJS, c->num_objs,
			      KDBG_A_SLAB_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SLAB_ACTIVE_SLABS, c->active_slabs,
			      KDBG_A_SLAB_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SLAB_NUM_SLABS, c->num_slabs,
			      KDBG_A_SLAB_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_SLAB_PAGES,
			      c->num_slabs * c->pages_per_slab,
			      KDBG_A_SLAB_PAD) ||
	    nla_put_u32(skb, KDBG_A_SLAB_FLAGS, c->flags))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The first part: the walk, of one cache when the request names it. */
static int kdbg_nl_slab_take(struct netlink_callback *cb,
			     struct kdbg_nl_mem_dump *state)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct nlattr *tb[KDBG_A_SLAB_MAX + 1];
	char name[KDBG_SLAB_NAME_MAX] = "";
	struct kdbg_slab_snap *snap;
	int err;

	if (attrs[KDBG_A_SLAB]) {
		err = nla_parse_nested(tb, KDBG_A_SLAB_MAX, attrs[KDBG_A_SLAB],
				       kdbg_slab_nl_policy, cb->extack);
		if (err)
			return err;
		if (tb[KDBG_A_SLAB_NAME])
			nla_strscpy(name, tb[KDBG_A_SLAB_NAME], sizeof(name));
	}
	snap = kdbg_slab_snapshot(name[0] ? name : NULL);
	if (IS_ERR(snap)) {
		if (PTR_ERR(snap) == -EOPNOTSUPP)
			NL_SET_ERR_MSG(cb->extack,
				       "this kernel does not let the module read its slab caches (SLUB with /proc/slabinfo and kallsyms needed)");
		return PTR_ERR(snap);
	}
	if (name[0] && !snap->nr) {
		kvfree(snap);
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[KDBG_A_SLAB],
				    "no slab cache of that name");
		return -ENOENT;
	}
	state->snap = snap;
	return 0;
}

/**
 * kdbg_nl_slab_get_dumpit() - KDBG_CMD_SLAB_GET: one part.
 * @skb: the part's skb
 * @cb: the dump's state
 *
 * Context: process; sleeps.
 * Return: bytes put, 0 at the end, or -EPERM, -EOPNOTSUPP, -ENOENT,
 * -ENOMEM, -EMSGSIZE.
 */
int kdbg_nl_slab_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kdbg_nl_mem_dump *state = (void *)cb->ctx;
	struct kdbg_slab_snap *snap;
	void *hdr;
	int err;

	BUILD_BUG_ON(sizeof(*state) > sizeof(cb->ctx));
	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;
	if (!state->snap) {
		err = kdbg_nl_slab_take(cb, state);
		if (err)
			return err;
	}
	snap = state->snap;
	for (; state->next < snap->nr; state->next++) {
		hdr = kdbg_nl_dump_put(skb, cb, KDBG_CMD_SLAB_GET);
		if (!hdr)
			break;
		if (kdbg_nl_put_slab(skb, &snap->caches[state->next])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	/* A cache that does not fit in an empty skb would loop forever. */
	if (state->next < snap->nr && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* KDBG_CMD_MEMLEAK_GET                                                */

struct kdbg_nl_memleak_take {
	u32 id;
	u32 min_age_ms;
	bool found;
	struct kdbg_memleak_snap *snap;
};

/* Called by the walk from the source's id: the sources mutex pins it. */
static int kdbg_nl_memleak_one(struct kdbg_source *src, void *arg)
{
	struct kdbg_nl_memleak_take *t = arg;

	if (src->id != t->id)
		return -ECANCELED;
	t->found = true;
	t->snap = kdbg_memleak_snapshot(src, t->min_age_ms);
	return -ECANCELED;
}

static int kdbg_nl_memleak_take(struct netlink_callback *cb,
				struct kdbg_nl_mem_dump *state)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct kdbg_nl_memleak_take t = {};
	u32 gen;

	if (NL_REQ_ATTR_CHECK(cb->extack, NULL, attrs, KDBG_A_SOURCE_ID)) {
		NL_SET_ERR_MSG(cb->extack, "source id required");
		return -EINVAL;
	}
	t.id = nla_get_u32(attrs[KDBG_A_SOURCE_ID]);
	if (attrs[KDBG_A_MEMLEAK_MIN_AGE_MS])
		t.min_age_ms = nla_get_u32(attrs[KDBG_A_MEMLEAK_MIN_AGE_MS]);
	kdbg_sources_walk(t.id, kdbg_nl_memleak_one, &t, &gen);
	if (!t.found) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[KDBG_A_SOURCE_ID],
				    "no such source");
		return -ENOENT;
	}
	if (IS_ERR(t.snap)) {
		if (PTR_ERR(t.snap) == -EINVAL)
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    attrs[KDBG_A_SOURCE_ID],
					    "not a memleak source");
		return PTR_ERR(t.snap);
	}
	state->snap = t.snap;
	return 0;
}

static int kdbg_nl_put_memleak_stack(struct sk_buff *skb,
				     const struct kdbg_memleak_stack *e)
{
	struct nlattr *nest = nla_nest_start(skb, KDBG_A_MEMLEAK);

	if (!nest ||
	    nla_put_u32(skb, KDBG_A_MEMLEAK_STACK_ID, e->stack_id) ||
	    nla_put_u64_64bit(skb, KDBG_A_MEMLEAK_COUNT, e->count,
			      KDBG_A_MEMLEAK_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_MEMLEAK_BYTES, e->bytes,
			      KDBG_A_MEMLEAK_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_MEMLEAK_AGE_MIN_MS, e->age_min_ms,
			      KDBG_A_MEMLEAK_PAD) ||
	    nla_put_u64_64bit(skb, KDBG_A_MEMLEAK_AGE_MAX_MS, e->age_max_ms,
			      KDBG_A_MEMLEAK_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int kdbg_nl_put_memleak_close(struct sk_buff *skb,
				     const struct kdbg_memleak_snap *snap)
{
	struct nlattr *nest = nla_nest_start(skb, KDBG_A_MEMLEAK);

	if (!nest ||
	    nla_put_u32(skb, KDBG_A_MEMLEAK_TRACKED, snap->tracked) ||
	    nla_put_u32(skb, KDBG_A_MEMLEAK_CAPACITY, snap->capacity) ||
	    nla_put_u32(skb, KDBG_A_MEMLEAK_SAMPLE, snap->sample) ||
	    nla_put_u64_64bit(skb, KDBG_A_MEMLEAK_OVERFLOW, snap->overflow,
			      KDBG_A_MEMLEAK_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * kdbg_nl_memleak_get_dumpit() - KDBG_CMD_MEMLEAK_GET: one part.
 * @skb: the part's skb
 * @cb: the dump's state
 *
 * Context: process; sleeps.
 * Return: bytes put, 0 at the end, or -EPERM, -EINVAL, -ENOENT, -ENOMEM,
 * -EMSGSIZE.
 */
int kdbg_nl_memleak_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct kdbg_nl_mem_dump *state = (void *)cb->ctx;
	struct kdbg_memleak_snap *snap;
	u32 id;
	void *hdr;
	int err;

	if (!kdbg_nl_dump_capable(cb))
		return -EPERM;
	if (!state->snap) {
		err = kdbg_nl_memleak_take(cb, state);
		if (err)
			return err;
	}
	snap = state->snap;
	id = nla_get_u32(attrs[KDBG_A_SOURCE_ID]);
	while (!state->closed) {
		hdr = kdbg_nl_dump_put(skb, cb, KDBG_CMD_MEMLEAK_GET);
		if (!hdr)
			break;
		if (nla_put_u32(skb, KDBG_A_SOURCE_ID, id) ||
		    (state->next < snap->nr ?
		     kdbg_nl_put_memleak_stack(skb, &snap->stacks[state->next]) :
		     kdbg_nl_put_memleak_close(skb, snap))) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		if (state->next < snap->nr)
			state->next++;
		else
			state->closed = true;
	}
	if (!state->closed && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}
