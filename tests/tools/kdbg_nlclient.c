// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_nlclient: a second, independent client of the kdbg generic netlink
 * family, written with libnl-genl-3 rather than kdbgctl's libmnl code
 * (none of which it calls), to show that the protocol of
 * include/uapi/linux/kdbg.h is not tied to kdbgctl. It also carries a
 * raw-netlink fuzzer that throws random, malformed and valid-looking kdbg
 * requests at the module, checks each one is answered, and that the
 * family still works afterwards; whatever it attached is detached, the
 * flight recorder turned off and the ring configuration restored.
 *
 * Usage: kdbg_nlclient resolve
 *        kdbg_nlclient dump
 *        kdbg_nlclient add kprobe|kretprobe|tracepoint TARGET
 *        kdbg_nlclient del ID
 *        kdbg_nlclient bad-add
 *        kdbg_nlclient fuzz N SEED
 * Exit: 0 ok, 1 failure (errors on stderr as "kdbg_nlclient: ..."), 2 usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <linux/kdbg.h>

#include "nla_buf.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Linked with kdbgctl's objects by the Makefile; these satisfy them. */
bool opt_json, opt_pretty;
void kdbg_err(const char *fmt, ...)
{
	(void)fmt;
}

static const char *const type_names[] = {
	[KDBG_SOURCE_KPROBE] = "kprobe",
	[KDBG_SOURCE_KRETPROBE] = "kretprobe",
	[KDBG_SOURCE_TRACEPOINT] = "tracepoint",
};

static void die(const char *what, int nlerr)
{
	fprintf(stderr, "kdbg_nlclient: %s: %s\n", what, nl_geterror(nlerr));
	exit(1);
}

/* ---- libnl client ---- */

struct reply {
	uint32_t seq;		/* of the request being answered */
	int error;		/* negative errno from NLMSG_ERROR, 0 */
	char extack[256];
	bool acked;
	bool done;		/* ack, error or dump end seen */
	uint32_t id;		/* SOURCE_ADD's reply */
	unsigned int msgs;
};

static int family;

static struct nl_sock *open_sock(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1, err;

	if (!sk)
		die("nl_socket_alloc", -NLE_NOMEM);
	err = genl_connect(sk);
	if (err < 0)
		die("genl_connect", err);
	/* libnl 3.7 has no helper for extended ACKs: ask the socket. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	family = genl_ctrl_resolve(sk, KDBG_GENL_NAME);
	if (family < 0)
		die("resolve family " KDBG_GENL_NAME, family);
	return sk;
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)
		((const char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct reply *r = arg;
	size_t off = sizeof(*e);

	(void)nla;
	r->done = true;
	r->error = e->error;
	r->extack[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + NLA_ALIGN(off)),
		      nlh->nlmsg_len - NLMSG_HDRLEN - NLA_ALIGN(off),
		      NULL) == 0 && tb[NLMSGERR_ATTR_MSG])
		snprintf(r->extack, sizeof(r->extack), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

/*
 * The end of a dump. libnl stops there without looking, but a dump that
 * fails (EPERM...) says so here: an int error, then extack attributes.
 */
static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct reply *r = arg;
	int err;

	r->done = true;
	if (nlmsg_datalen(nlh) < (int)sizeof(int))
		return NL_STOP;
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	r->error = err;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + NLA_ALIGN(sizeof(int))),
		      nlmsg_datalen(nlh) - NLA_ALIGN(sizeof(int)), NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(r->extack, sizeof(r->extack), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

/*
 * Only replies to the request in flight count. A stale one (a dump that
 * failed may end with NLMSG_DONE and an NLMSG_ERROR) is skipped and
 * counted rather than taken for the answer to the next request; talk()
 * reads every request to its end, so there should be none.
 */
static unsigned long stale_replies;

static int seq_cb(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (nlh->nlmsg_seq == ((struct reply *)arg)->seq)
		return NL_OK;
	if (stale_replies++ < 4)
		fprintf(stderr, "kdbg_nlclient: stale reply: type %u flags 0x%x seq %u, expected seq %u\n",
			nlh->nlmsg_type, nlh->nlmsg_flags, nlh->nlmsg_seq,
			((struct reply *)arg)->seq);
	return NL_SKIP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct reply *)arg)->acked = true;
	((struct reply *)arg)->done = true;
	return NL_STOP;
}

static int add_reply_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KDBG_A_MAX + 1];
	struct reply *r = arg;

	r->msgs++;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KDBG_A_MAX, NULL) == 0 &&
	    tb[KDBG_A_SOURCE_ID])
		r->id = nla_get_u32(tb[KDBG_A_SOURCE_ID]);
	return NL_OK;
}

static int dump_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KDBG_A_MAX + 1];
	struct reply *r = arg;
	uint32_t type;

	r->msgs++;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KDBG_A_MAX, NULL) < 0)
		return NL_SKIP;
	type = tb[KDBG_A_SOURCE_TYPE] ? nla_get_u32(tb[KDBG_A_SOURCE_TYPE]) : 0;
	printf("%u %s %s", tb[KDBG_A_SOURCE_ID] ?
	       nla_get_u32(tb[KDBG_A_SOURCE_ID]) : 0,
	       type && type <= KDBG_SOURCE_MAX ? type_names[type] : "?",
	       tb[KDBG_A_SOURCE_TARGET] ?
	       nla_get_string(tb[KDBG_A_SOURCE_TARGET]) : "?");
	if (tb[KDBG_A_SOURCE_COUNTERS]) {
		struct nlattr *c[KDBG_A_COUNTER_MAX + 1];

		if (nla_parse_nested(c, KDBG_A_COUNTER_MAX,
				     tb[KDBG_A_SOURCE_COUNTERS], NULL) == 0 &&
		    c[KDBG_A_COUNTER_HITS])
			printf(" hits %" PRIu64,
			       (uint64_t)nla_get_u64(c[KDBG_A_COUNTER_HITS]));
	}
	printf("\n");
	return NL_OK;
}

/*
 * Send @msg and receive until its ack, error or dump end; @valid_cb sees
 * the data messages. Returns the kernel's error (negative errno) or 0.
 */
static int talk(struct nl_sock *sk, struct nl_msg *msg,
		nl_recvmsg_msg_cb_t valid_cb, struct reply *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	memset(r, 0, sizeof(*r));
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, r);
	if (valid_cb)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, r);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_cb, r);
	err = nl_send_auto(sk, msg);
	if (err < 0)
		die("nl_send_auto", err);
	r->seq = nlmsg_hdr(msg)->nlmsg_seq;
	/*
	 * nl_recvmsgs() returns after a datagram without NLM_F_MULTI: a
	 * reply's data and its ack come in two, so read until the end.
	 */
	do
		err = nl_recvmsgs(sk, cb);
	while (err >= 0 && !r->done);
	nl_cb_put(cb);
	nlmsg_free(msg);
	if (r->error)
		return r->error;
	if (err < 0)
		die("nl_recvmsgs", err);
	return 0;
}

static struct nl_msg *new_msg(uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				 flags, cmd, KDBG_GENL_VERSION))
		die("genlmsg_put", -NLE_NOMEM);
	return msg;
}

static void report(const char *what, const struct reply *r)
{
	fprintf(stderr, "kdbg_nlclient: %s: %s%s%s\n", what,
		strerror(-r->error), r->extack[0] ? ": " : "", r->extack);
}

static int cmd_resolve(void)
{
	struct nl_sock *sk = open_sock();

	printf("%s %d\n", KDBG_GENL_NAME, family);
	nl_socket_free(sk);
	return 0;
}

static int cmd_dump(void)
{
	struct nl_sock *sk = open_sock();
	struct reply r;

	if (talk(sk, new_msg(KDBG_CMD_SOURCE_GET, NLM_F_DUMP), dump_cb, &r)) {
		report("dump", &r);
		return 1;
	}
	nl_socket_free(sk);
	return 0;
}

static int add_source(struct nl_sock *sk, uint32_t type, const char *target,
		      struct reply *r)
{
	struct nl_msg *msg = new_msg(KDBG_CMD_SOURCE_ADD, 0);

	nla_put_u32(msg, KDBG_A_SOURCE_TYPE, type);
	nla_put_string(msg, KDBG_A_SOURCE_TARGET, target);
	return talk(sk, msg, add_reply_cb, r);
}

static int del_source(struct nl_sock *sk, uint32_t id, struct reply *r)
{
	struct nl_msg *msg = new_msg(KDBG_CMD_SOURCE_DEL, 0);

	nla_put_u32(msg, KDBG_A_SOURCE_ID, id);
	return talk(sk, msg, NULL, r);
}

static int cmd_add(const char *type_name, const char *target)
{
	struct nl_sock *sk;
	struct reply r;
	uint32_t type;

	for (type = 1; type <= KDBG_SOURCE_MAX; type++)
		if (!strcmp(type_name, type_names[type]))
			break;
	if (type > KDBG_SOURCE_MAX) {
		fprintf(stderr, "kdbg_nlclient: unknown type '%s'\n", type_name);
		return 2;
	}
	sk = open_sock();
	if (add_source(sk, type, target, &r)) {
		report("add", &r);
		return 1;
	}
	if (!r.id) {
		fprintf(stderr, "kdbg_nlclient: add: no id in the reply\n");
		return 1;
	}
	printf("%u\n", r.id);
	nl_socket_free(sk);
	return 0;
}

static int cmd_del(const char *id)
{
	struct nl_sock *sk = open_sock();
	struct reply r;

	if (del_source(sk, strtoul(id, NULL, 0), &r)) {
		report("del", &r);
		return 1;
	}
	nl_socket_free(sk);
	return 0;
}

/* An add the module must refuse with ENOENT and an extack message. */
static int cmd_bad_add(void)
{
	struct nl_sock *sk = open_sock();
	struct reply r;
	int err;

	err = add_source(sk, KDBG_SOURCE_KPROBE, "kdbg_no_such_symbol_4711",
			 &r);
	printf("errno %d (%s) extack \"%s\"\n", -err, strerror(-err), r.extack);
	nl_socket_free(sk);
	return err && r.extack[0] ? 0 : 1;
}

/* ---- the fuzzer: raw netlink ---- */

static uint64_t rng;

static uint32_t rnd(void)
{
	/* xorshift64*: reproducible from SEED */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (rng * 2685821657736338717ULL) >> 32;
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static const char *const targets[] = {
	"vfs_read", "tcp_v4_connect", "do_sys_openat2", "schedule",
	"kdbg_no_such_symbol", "vfs_read+4", "vfs_read+1", "vfs_read+999999",
	"ext4:ext4_sync_file", "sched:sched_switch", "sched:sched_process_exec",
	"sched:", ":", ":sched_switch", "nosuchsubsys:nosuchtp", "", "+",
	"kdbgmod:kdbg_source_add", "kdbg_events_read", "__x64_sys_getppid",
	"printk", "nmi_handle", "%s%s%n", "vfs_read\n",
};

/* A well-formed source: SOURCE_ADD then really attaches something. */
static void put_valid_source(struct nla_buf *b)
{
	static const char *const ok[] = {
		"vfs_read", "tcp_v4_connect", "__x64_sys_getppid",
		"sched:sched_process_exec", "sched:sched_switch", "do_sys_openat2",
	};
	const char *t = ok[rnd_below(sizeof(ok) / sizeof(*ok))];
	uint32_t type = strchr(t, ':') ? KDBG_SOURCE_TRACEPOINT :
			1 + rnd_below(2);
	uint32_t flags = rnd_below(2);

	nla_buf_attr(b, KDBG_A_SOURCE_TYPE, &type, 4);
	nla_buf_attr(b, KDBG_A_SOURCE_TARGET, t, strlen(t) + 1);
	nla_buf_attr(b, KDBG_A_SOURCE_FLAGS, &flags, 4);
}

static void put_random_attrs(struct nla_buf *b, uint8_t cmd, int depth)
{
	unsigned int n = rnd_below(7), i;

	if (!depth && rnd_below(6) == 0)
		put_valid_source(b);

	for (i = 0; i < n; i++) {
		uint16_t type = rnd_below(KDBG_A_MAX + 6);
		unsigned char data[512];
		size_t len = 0, j;
		uint32_t v;

		switch (rnd_below(8)) {
		case 0: /* a valid-looking u32 */
		case 1:
			v = rnd_below(4) ? rnd_below(KDBG_SOURCE_MAX + 2) : rnd();
			if (cmd == KDBG_CMD_EVENTS_READ &&
			    type == KDBG_A_READ_TIMEOUT_MS)
				v %= 3;	/* keep the run short */
			if (type == KDBG_A_RING_SIZE)
				v = 1u << rnd_below(28);
			memcpy(data, &v, 4);
			len = 4;
			break;
		case 2: /* a valid-looking string */
		case 3: {
			const char *t = targets[rnd_below(sizeof(targets) /
							   sizeof(*targets))];

			len = strlen(t) + (rnd_below(5) ? 1 : 0);
			memcpy(data, t, len);
			type = rnd_below(2) ? KDBG_A_SOURCE_TARGET : type;
			break;
		}
		case 4: /* nested, maybe deeply */
			if (depth < 3) {
				size_t start = b->len;
				struct nlattr *a = nla_buf_put(b, NLA_HDRLEN);

				if (!a)
					return;
				put_random_attrs(b, cmd, depth + 1);
				a = (struct nlattr *)(b->p + start);
				a->nla_type = type | (rnd_below(2) ?
						      NLA_F_NESTED : 0);
				a->nla_len = b->len - start;
				continue;
			}
			/* fall through */
		default: /* random bytes, random length (oversized too) */
			len = rnd_below(4) ? rnd_below(24) : rnd_below(sizeof(data));
			for (j = 0; j < len; j++)
				data[j] = rnd();
			if (rnd_below(8) == 0)
				type |= NLA_F_NESTED;
			break;
		}
		nla_buf_attr(b, type, data, len);
	}
}

struct fuzz_stats {
	unsigned long sent, replies, acks, no_reply_expected;
	unsigned long errs[140];
};

/* Receive replies to @seq until its ack or error (or dump end). */
static int fuzz_wait(int fd, uint32_t seq, struct fuzz_stats *st,
		     uint32_t *new_ids, unsigned int *nr_new, bool add_cmd)
{
	static unsigned char buf[256 * 1024];

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;
		int len;

		if (n < 0)
			return -errno;
		len = n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				int err = -e->error;

				st->replies++;
				if (!err)
					st->acks++;
				else if (err > 0 && err < 140)
					st->errs[err]++;
				return 0;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				st->replies++;
				st->acks++;
				return 0;
			}
			/* a data reply: remember ids of sources we created */
			if (add_cmd && h->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN) {
				struct nlattr *a;
				int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

				for (a = (struct nlattr *)((char *)NLMSG_DATA(h) +
							   GENL_HDRLEN);
				     nla_ok(a, rem); a = nla_next(a, &rem))
					if (nla_type(a) == KDBG_A_SOURCE_ID &&
					    nla_len(a) == 4 && *nr_new < 4096)
						new_ids[(*nr_new)++] =
							nla_get_u32(a);
			}
		}
	}
}

struct id_list {
	uint32_t ids[KDBG_MAX_SOURCES + 16];
	unsigned int n;
};

static int collect_ids_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KDBG_A_MAX + 1];
	struct reply *r = arg;
	struct id_list *l = (struct id_list *)(r + 1);

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KDBG_A_MAX, NULL) == 0 &&
	    tb[KDBG_A_SOURCE_ID] && l->n < sizeof(l->ids) / sizeof(*l->ids))
		l->ids[l->n++] = nla_get_u32(tb[KDBG_A_SOURCE_ID]);
	return NL_OK;
}

static int list_ids(struct nl_sock *sk, struct id_list *l)
{
	struct {
		struct reply r;
		struct id_list l;
	} ctx;
	int err;

	memset(&ctx, 0, sizeof(ctx));
	/* talk() clears only the reply; the list follows it */
	err = talk(sk, new_msg(KDBG_CMD_SOURCE_GET, NLM_F_DUMP),
		   collect_ids_cb, &ctx.r);
	*l = ctx.l;
	return err;
}

static int ring_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KDBG_A_MAX + 1];
	uint32_t *ring = (uint32_t *)((struct reply *)arg + 1);

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KDBG_A_MAX, NULL) == 0 &&
	    tb[KDBG_A_RING_SIZE] && tb[KDBG_A_RING_MODE]) {
		ring[0] = nla_get_u32(tb[KDBG_A_RING_SIZE]);
		ring[1] = nla_get_u32(tb[KDBG_A_RING_MODE]);
	}
	return NL_OK;
}

static int ring_get(struct nl_sock *sk, uint32_t ring[2])
{
	struct {
		struct reply r;
		uint32_t ring[2];
	} ctx = { .ring = { 0, 0 } };
	int err = talk(sk, new_msg(KDBG_CMD_RING_GET, 0), ring_cb, &ctx.r);

	ring[0] = ctx.ring[0];
	ring[1] = ctx.ring[1];
	return err ? err : (ring[0] ? 0 : -EBADMSG);
}

static bool in_list(const struct id_list *l, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return true;
	return false;
}

static int cmd_fuzz(unsigned long n, unsigned long seed)
{
	static unsigned char msgbuf[96 * 1024] __attribute__((aligned(4)));
	static uint32_t new_ids[4096];
	struct nl_sock *sk = open_sock();
	struct id_list before, after;
	struct fuzz_stats st = { 0 };
	struct timeval tv = { 5, 0 };
	unsigned int nr_new = 0, i, failed = 0, leftover = 0;
	uint32_t ring[2], ring_after[2];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct reply r;
	unsigned long k;
	int fd, one = 1, err;

	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	if (list_ids(sk, &before) || ring_get(sk, ring)) {
		fprintf(stderr, "kdbg_nlclient: fuzz: the family does not answer before the fuzz\n");
		return 1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("kdbg_nlclient: socket");
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	for (k = 0; k < n; k++) {
		struct nla_buf b = { msgbuf, 0, sizeof(msgbuf) };
		struct nlmsghdr *nlh = nla_buf_put(&b, NLMSG_HDRLEN);
		struct genlmsghdr *g = nla_buf_put(&b, GENL_HDRLEN);
		uint32_t seq = k + 1;
		size_t send_len;
		bool expect = true;
		int mode = rnd_below(16);

		nlh->nlmsg_type = family;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		if (rnd_below(6) == 0)
			nlh->nlmsg_flags |= NLM_F_DUMP;
		if (rnd_below(16) == 0)
			nlh->nlmsg_flags |= rnd() & 0xf00;
		nlh->nlmsg_seq = seq;
		g->cmd = rnd_below(KDBG_CMD_MAX + 4);
		g->version = rnd_below(8) ? KDBG_GENL_VERSION : rnd();
		g->reserved = rnd_below(8) ? 0 : rnd();
		put_random_attrs(&b, g->cmd, 0);
		nlh->nlmsg_len = b.len;
		send_len = b.len;
		switch (mode) {
		case 0: /* an attribute that overruns the message */
			if (b.len > NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN)
				((struct nlattr *)(b.p + NLMSG_HDRLEN +
						   GENL_HDRLEN))->nla_len += 64;
			break;
		case 1: /* a message cut inside its headers or attributes */
			nlh->nlmsg_len = send_len = NLMSG_HDRLEN +
				rnd_below(b.len - NLMSG_HDRLEN + 1);
			break;
		case 2: /* a length longer than what is sent: dropped */
			nlh->nlmsg_len = b.len + 4 + rnd_below(64);
			expect = false;
			break;
		case 3: /* trailing garbage past nlmsg_len */
			send_len = b.len + rnd_below(8);
			if (send_len > b.len) {
				memset(b.p + b.len, 0xa5, send_len - b.len);
				/* a tail too short for a header is ignored */
				if (send_len - b.len >= NLMSG_HDRLEN)
					send_len = b.len;
			}
			break;
		}
		if (sendto(fd, msgbuf, send_len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel)) < 0) {
			/* refused at send time (EMSGSIZE...) counts as a reply */
			st.sent++;
			st.replies++;
			continue;
		}
		st.sent++;
		if (!expect) {
			st.no_reply_expected++;
			continue;
		}
		err = fuzz_wait(fd, seq, &st, new_ids, &nr_new,
				g->cmd == KDBG_CMD_SOURCE_ADD);
		if (err) {
			fprintf(stderr, "kdbg_nlclient: fuzz: message %lu (cmd %u, %zu bytes): no reply: %s\n",
				k, g->cmd, send_len, strerror(-err));
			if (++failed > 10)
				break;
		}
	}
	close(fd);

	/*
	 * The family must still answer, and nothing we added may stay: on
	 * a fresh socket, first the ids the adds returned, then anything
	 * else the dump shows that was not there before.
	 */
	nl_socket_free(sk);
	sk = open_sock();
	for (i = 0; i < nr_new; i++)
		if (!in_list(&before, new_ids[i]))
			del_source(sk, new_ids[i], &r);	/* ENOENT: gone */
	if (list_ids(sk, &after)) {
		fprintf(stderr, "kdbg_nlclient: fuzz: the family stopped answering\n");
		return 1;
	}
	for (i = 0; i < after.n; i++) {
		if (in_list(&before, after.ids[i]))
			continue;
		if (del_source(sk, after.ids[i], &r)) {
			report("fuzz: delete a source it added", &r);
			leftover++;
		}
	}
	/* The flight recorder holds the rings while it is on: off first. */
	{
		struct nl_msg *msg = new_msg(KDBG_CMD_RECORDER_SET, 0);

		nla_put_u8(msg, KDBG_A_RECORDER_ENABLED, 0);
		if (talk(sk, msg, NULL, &r)) {
			report("fuzz: turn the flight recorder off", &r);
			leftover++;
		}
	}
	if (ring_get(sk, ring_after) ||
	    ring_after[0] != ring[0] || ring_after[1] != ring[1]) {
		struct nl_msg *msg = new_msg(KDBG_CMD_RING_SET, 0);

		nla_put_u32(msg, KDBG_A_RING_SIZE, ring[0]);
		nla_put_u32(msg, KDBG_A_RING_MODE, ring[1]);
		if (talk(sk, msg, NULL, &r)) {
			report("fuzz: restore the ring", &r);
			leftover++;
		}
	}
	if (list_ids(sk, &after) || after.n != before.n) {
		fprintf(stderr, "kdbg_nlclient: fuzz: %u sources left behind:",
			after.n - before.n);
		for (i = 0; i < after.n; i++)
			fprintf(stderr, " %u", after.ids[i]);
		fprintf(stderr, "\n");
		leftover++;
	}
	printf("fuzz: seed %lu: %lu sent, %lu replies (%lu acks), %lu dropped by netlink as malformed, %u sources created and removed\n",
	       seed, st.sent, st.replies, st.acks, st.no_reply_expected,
	       nr_new);
	if (stale_replies)
		printf("fuzz: %lu stale replies skipped on the control socket\n",
		       stale_replies);
	printf("fuzz: errors:");
	for (i = 1; i < 140; i++)
		if (st.errs[i])
			printf(" %s %lu", strerrorname_np(i) ? strerrorname_np(i) :
			       "?", st.errs[i]);
	printf("\n");
	nl_socket_free(sk);
	return failed || leftover ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: kdbg_nlclient resolve | dump | add TYPE TARGET | del ID | bad-add | fuzz N SEED\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "resolve") && argc == 2)
		return cmd_resolve();
	if (!strcmp(argv[1], "dump") && argc == 2)
		return cmd_dump();
	if (!strcmp(argv[1], "add") && argc == 4)
		return cmd_add(argv[2], argv[3]);
	if (!strcmp(argv[1], "del") && argc == 3)
		return cmd_del(argv[2]);
	if (!strcmp(argv[1], "bad-add") && argc == 2)
		return cmd_bad_add();
	if (!strcmp(argv[1], "fuzz") && argc == 4)
		return cmd_fuzz(strtoul(argv[2], NULL, 0),
				strtoul(argv[3], NULL, 0));
	return usage();
}
