// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_nlfuzz: a longer, structure-aware fuzz of the kdbg generic netlink
 * family (syzkaller-style), interleaved with real adds and deletes and
 * with unloading and reloading the module while requests fly.
 *
 * Each message is a random command (the family's and a few past them),
 * random NLM flags (dump or not), and attributes picked from the family's
 * own table, each with a payload of its type, of a wrong size, or random
 * bytes, nested up to three deep (the aggregation nest with its own
 * attributes), with sizes from empty to past the policy's limits, and
 * sometimes a broken length. Every few hundred messages a churn step adds
 * a real source, deletes one, or (with -k) runs rmmod in a child process
 * while requests keep going, then insmods the module again (with a random
 * ring_size) and resolves the family anew.
 *
 * The oracle, for every message: it is answered (an ack, an error or a
 * dump's end) unless netlink must drop it (a length past what was sent);
 * every error carries an extended ACK message, except the ones the
 * netlink core gives without one: an unknown command or a do/dump the
 * family does not have (EOPNOTSUPP, checked against the operations the
 * family's controller reply lists), a message too short for the generic
 * netlink header (EINVAL), and, while the module is unloaded, the family
 * gone (ENOENT) or a dump that cannot pin the module (EPROTONOSUPPORT). At the end the family must still answer, nothing the
 * fuzz added may stay, the recorder is off and the ring as it was. The
 * kernel's side (no splat, KASAN, lockdep, kmemleak) is the VM bench's.
 *
 * Usage: kdbg_nlfuzz [-n ITERS] [-t SECONDS] [-s SEED] [-k MODULE.ko]
 * Prints the seed first: the same seed gives the same messages (the
 * moments rmmod lands at vary). Exit 0 ok, 1 a failed check, 2 usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
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

/* ---- randomness: xorshift64*, reproducible from the seed ---- */

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (rng * 2685821657736338717ULL) >> 32;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* ---- messages ---- */

/* Each well-formed attribute in the @len bytes at @start. */
#define for_each_attr(a, start, len, rem)				\
	for (rem = (len), a = (struct nlattr *)(start);			\
	     rem >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&	\
	     a->nla_len <= rem;						\
	     rem -= NLA_ALIGN(a->nla_len),				\
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))

static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, (const char *)a + NLA_HDRLEN,
	       a->nla_len - NLA_HDRLEN < 4 ? a->nla_len - NLA_HDRLEN : 4);
	return v;
}

/* A generic netlink message's attributes. */
#define genl_attrs(h) ((char *)NLMSG_DATA(h) + GENL_HDRLEN)
#define genl_attrs_len(h) ((int)(h)->nlmsg_len - (int)NLMSG_HDRLEN - (int)GENL_HDRLEN)

/* What each attribute holds, from include/uapi/linux/kdbg.h. */
enum kind { K_RAND, K_U8, K_U32, K_U64, K_STR, K_FLAG, K_AGG, K_NEST };

static enum kind attr_kind(uint16_t type)
{
	switch (type) {
	case KDBG_A_RECORDER_ENABLED: case KDBG_A_RECORDER_FROZEN:
		return K_U8;
	case KDBG_A_SOURCE_ID: case KDBG_A_SOURCE_TYPE:
	case KDBG_A_SOURCE_FLAGS: case KDBG_A_SOURCE_FILTER_PID:
	case KDBG_A_SOURCE_FILTER_TGID: case KDBG_A_TRACEPOINT_NARGS:
	case KDBG_A_RING_SIZE: case KDBG_A_RING_MODE:
	case KDBG_A_RING_NR_CPUS: case KDBG_A_READ_MAX_BYTES:
	case KDBG_A_READ_TIMEOUT_MS: case KDBG_A_SOURCE_MAX_MATCHES:
	case KDBG_A_STACK_ID: case KDBG_A_RECORDER_LAST:
	case KDBG_A_RECORDER_REASON: case KDBG_A_RECORDER_CPU:
		return K_U32;
	case KDBG_A_SOURCE_ADDR: case KDBG_A_READ_LOST:
	case KDBG_A_RECORDER_TIMESTAMP: case KDBG_A_RECORDER_REALTIME:
		return K_U64;
	case KDBG_A_SOURCE_TARGET: case KDBG_A_SOURCE_FILTER_COMM:
	case KDBG_A_TRACEPOINT_NAME: case KDBG_A_SOURCE_PATTERN:
		return K_STR;
	case KDBG_A_AGG_CLEAR: case KDBG_A_RECORDER_CONSOLE:
		return K_FLAG;
	case KDBG_A_SOURCE_AGG:
		return K_AGG;
	case KDBG_A_SOURCE_COUNTERS: case KDBG_A_STATS_CPU:
	case KDBG_A_STATS_SOURCE: case KDBG_A_EVENT:
	case KDBG_A_SOURCE_SKIPPED: case KDBG_A_AGG_ENTRY:
	case KDBG_A_AGG_STATS: case KDBG_A_RECORDER_RING:
		return K_NEST;
	default:
		return K_RAND;
	}
}

static const char *const strings[] = {
	"vfs_read", "tcp_v4_connect", "do_sys_openat2", "__x64_sys_getppid",
	"vfs_read+4", "vfs_read+1", "vfs_read+4096", "kdbg_no_such_symbol",
	"kdbgmod:kdbg_source_add", "ext4:ext4_sync_file", "vfs_rea*",
	"vfs_*", "*", "?", "[a-z]*", "sched:sched_switch", "sched:",
	":", "sched:sched_process_exec", "syscalls", "runqlat", "biolatency",
	"nosuchsubsys:nosuchtp", "", "+", "%s%n", "kdbgflood", "\xff\xfe",
};

/* A number near the edges a policy or handler checks. */
static uint64_t edgy(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 5, 7, 15, 16, 63, 64, 127, 128, 255, 256, 1023,
		1024, 1025, 4096, 16384, 65535, 65536, 1 << 20, 64 << 20,
		(64 << 20) + 1, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ULL, ~0ULL,
	};

	return below(4) ? v[below(sizeof(v) / sizeof(*v))] : rnd();
}

static void put_random(struct nla_buf *b, uint16_t type, int depth);

/* The aggregation nest, or any nest: attributes of their own numbering. */
static void put_nest(struct nla_buf *b, uint16_t type, bool agg, int depth)
{
	size_t start = b->len;
	struct nlattr *a = nla_buf_put(b, NLA_HDRLEN);
	unsigned int n = below(6), i;

	if (!a)
		return;
	for (i = 0; i < n; i++) {
		uint16_t t = below((agg ? KDBG_A_AGG_MAX : KDBG_A_MAX) + 3);

		if (agg && t != KDBG_A_AGG_HIST_MIN && t != KDBG_A_AGG_HIST_MAX &&
		    t != KDBG_A_AGG_HIST_STEP && below(4)) {
			nla_buf_u32(b, t, below(3) ? below(8) : edgy());
		} else if (agg && below(4)) {
			uint64_t v = edgy();

			nla_buf_attr(b, t, &v, 8);
		} else {
			put_random(b, t, depth + 1);
		}
	}
	a = (struct nlattr *)(b->p + start);
	a->nla_type = type | (below(6) ? NLA_F_NESTED : 0);
	a->nla_len = b->len - start;
}

/* One attribute: its own kind's payload mostly, anything sometimes. */
static void put_random(struct nla_buf *b, uint16_t type, int depth)
{
	unsigned char data[4200];
	enum kind k = below(8) ? attr_kind(type) : K_RAND;
	size_t len, i;
	uint64_t v;

	if ((k == K_AGG || k == K_NEST) && depth >= 3)
		k = K_RAND;
	switch (k) {
	case K_U8: case K_U32: case K_U64:
		v = edgy();
		len = k == K_U8 ? 1 : k == K_U32 ? 4 : 8;
		if (!below(8))
			len = below(9);		/* a wrong size */
		if (type == KDBG_A_READ_TIMEOUT_MS)
			v %= 3;			/* keep the run short */
		memcpy(data, &v, sizeof(v));
		break;
	case K_STR: {
		const char *s = strings[below(sizeof(strings) / sizeof(*strings))];

		switch (below(6)) {
		case 0:	/* longer than any policy's limit */
			len = 100 + below(200);
			memset(data, 'a' + below(26), len);
			data[len - 1] = below(2) ? '\0' : 'z';
			break;
		case 1:	/* no NUL */
			len = strlen(s);
			memcpy(data, s, len);
			break;
		case 2:	/* a NUL inside */
			len = strlen(s) + 6;
			memcpy(data, s, strlen(s) + 1);
			memcpy(data + strlen(s) + 1, "tail", 5);
			break;
		default:
			len = strlen(s) + 1;
			memcpy(data, s, len);
			break;
		}
		break;
	}
	case K_FLAG:
		len = below(6) ? 0 : below(5);
		memset(data, 0x5a, len);
		break;
	case K_AGG: case K_NEST:
		put_nest(b, type, k == K_AGG, depth);
		return;
	default:
		len = below(4) ? below(24) : below(sizeof(data));
		for (i = 0; i < len; i++)
			data[i] = rnd();
		if (!below(8))
			type |= NLA_F_NESTED;
		break;
	}
	nla_buf_attr(b, type, data, len);
}

/* ---- the family: id and operations, from the controller ---- */

static int fd = -1;
static uint16_t family;
static uint32_t op_flags[256];	/* GENL_CMD_CAP_* per command, 0 if none */
static uint32_t seq;

static int send_msg(const void *p, size_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	return sendto(fd, p, len, 0, (struct sockaddr *)&k, sizeof(k)) < 0 ?
	       -errno : 0;
}

/* One CTRL_ATTR_OPS entry: a command and its GENL_CMD_CAP_* flags. */
static void add_op(const struct nlattr *op)
{
	const struct nlattr *a;
	uint32_t id = 0, fl = 0;
	int rem;

	for_each_attr(a, (char *)op + NLA_HDRLEN, op->nla_len - NLA_HDRLEN, rem) {
		if (a->nla_type == CTRL_ATTR_OP_ID)
			id = attr_u32(a);
		else if (a->nla_type == CTRL_ATTR_OP_FLAGS)
			fl = attr_u32(a);
	}
	if (id < 256)
		op_flags[id] = fl;
}

static int resolve(void)
{
	static unsigned char rbuf[64 * 1024] __attribute__((aligned(4)));
	struct nla_buf *b = nla_buf_new(64 * 1024);
	struct nlmsghdr *h = nla_buf_put(b, NLMSG_HDRLEN);
	struct genlmsghdr *g = nla_buf_put(b, GENL_HDRLEN);
	uint32_t s = ++seq;
	int ret = -ENOENT;

	h->nlmsg_type = GENL_ID_CTRL;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = s;
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 2;
	nla_buf_attr(b, CTRL_ATTR_FAMILY_NAME, KDBG_GENL_NAME,
		 sizeof(KDBG_GENL_NAME));
	h->nlmsg_len = b->len;
	if (send_msg(b->p, b->len))
		goto out;
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		int len = n;

		if (n < 0)
			goto out;
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			struct nlattr *a, *op;
			int rem, orem;

			if (h->nlmsg_seq != s)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR)
				goto out;
			memset(op_flags, 0, sizeof(op_flags));
			for_each_attr(a, genl_attrs(h), genl_attrs_len(h), rem) {
				if (a->nla_type == CTRL_ATTR_FAMILY_ID)
					family = attr_u32(a);
				if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OPS)
					for_each_attr(op, (char *)a + NLA_HDRLEN,
						      a->nla_len - NLA_HDRLEN, orem)
						add_op(op);
			}
			ret = family ? 0 : -ENOENT;
			goto out;
		}
	}
out:
	free(b);
	return ret;
}

/* ---- replies and the oracle ---- */

struct reply {
	int error;		/* 0 or a positive errno */
	bool extack;		/* a message or a missing attribute's type */
	char msg[160];
	uint32_t id;		/* a SOURCE_ID in a data reply */
	unsigned int ids;	/* source ids seen in data replies */
	uint32_t ring[2];	/* RING_GET's size and mode */
};

/* The extack message of an error or done, if any. */
static void parse_ext(struct nlmsghdr *h, size_t skip, struct reply *r)
{
	struct nlattr *a;
	int rem;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    h->nlmsg_len < NLMSG_HDRLEN + skip)
		return;
	for_each_attr(a, (char *)NLMSG_DATA(h) + NLMSG_ALIGN(skip),
		      (int)(h->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(skip)), rem) {
		/* A missing attribute is named, not described. */
		if (a->nla_type == NLMSGERR_ATTR_MISS_TYPE) {
			r->extack = true;
			snprintf(r->msg, sizeof(r->msg), "missing attribute");
		}
		if (a->nla_type == NLMSGERR_ATTR_MSG) {
			r->extack = a->nla_len > NLA_HDRLEN + 1;
			snprintf(r->msg, sizeof(r->msg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (char *)a + NLA_HDRLEN);
		}
	}
}

/* Wait for the answer to @s; -ETIMEDOUT (5 s) if none. */
static int wait_reply(uint32_t s, struct reply *r)
{
	static unsigned char rbuf[256 * 1024] __attribute__((aligned(4)));

	memset(r, 0, sizeof(*r));
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *h;
		struct nlattr *a;
		int len = n, rem;

		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != s)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				size_t skip = sizeof(*e);

				/* With CAP_ACK, the request follows unless capped. */
				if (!(h->nlmsg_flags & NLM_F_CAPPED) && e->error)
					skip += e->msg.nlmsg_len - NLMSG_HDRLEN;
				r->error = -e->error;
				parse_ext(h, skip, r);
				return 0;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					memcpy(&err, NLMSG_DATA(h), sizeof(int));
				r->error = -err;
				parse_ext(h, sizeof(int), r);
				return 0;
			}
			for_each_attr(a, genl_attrs(h), genl_attrs_len(h), rem) {
				if (a->nla_type == KDBG_A_SOURCE_ID) {
					r->id = attr_u32(a);
					r->ids++;
				}
				if (a->nla_type == KDBG_A_RING_SIZE)
					r->ring[0] = attr_u32(a);
				if (a->nla_type == KDBG_A_RING_MODE)
					r->ring[1] = attr_u32(a);
			}
		}
	}
}

/* A request with attributes built by @fill; its answer in @r. */
static int request(uint8_t cmd, uint16_t flags, void (*fill)(struct nla_buf *, void *),
		   void *arg, struct reply *r)
{
	struct nla_buf *b = nla_buf_new(64 * 1024);
	struct nlmsghdr *h = nla_buf_put(b, NLMSG_HDRLEN);
	struct genlmsghdr *g = nla_buf_put(b, GENL_HDRLEN);
	int err;

	h->nlmsg_type = family;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	h->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = KDBG_GENL_VERSION;
	if (fill)
		fill(b, arg);
	h->nlmsg_len = b->len;
	err = send_msg(b->p, b->len);
	if (!err)
		err = wait_reply(h->nlmsg_seq, r);
	free(b);
	return err;
}

/* ---- churn: real adds and deletes, rmmod and insmod ---- */

static uint32_t ids[KDBG_MAX_SOURCES * 2];
static unsigned int nr_ids;
static const char *ko;
static bool module_gone;	/* rmmod may have run: ENOENT is the core's */
static unsigned long adds, dels, reloads, rmmod_busy;

static void fill_add(struct nla_buf *b, void *arg)
{
	static const struct { uint32_t type; const char *t; } ok[] = {
		{ KDBG_SOURCE_KPROBE, "vfs_read" },
		{ KDBG_SOURCE_KPROBE, "__x64_sys_getppid" },
		{ KDBG_SOURCE_KRETPROBE, "do_sys_openat2" },
		{ KDBG_SOURCE_TRACEPOINT, "sched:sched_switch" },
		{ KDBG_SOURCE_TRACEPOINT, "sched:sched_process_exec" },
		{ KDBG_SOURCE_LAYER, "syscalls" },
		{ KDBG_SOURCE_LAYER, "runqlat" },
	};
	unsigned int i = below(sizeof(ok) / sizeof(*ok));

	(void)arg;
	nla_buf_u32(b, KDBG_A_SOURCE_TYPE, ok[i].type);
	nla_buf_attr(b, KDBG_A_SOURCE_TARGET, ok[i].t, strlen(ok[i].t) + 1);
	nla_buf_u32(b, KDBG_A_SOURCE_FLAGS, below(4) & KDBG_SOURCE_F_ALL);
	if (ok[i].type == KDBG_SOURCE_LAYER || below(3) == 0) {
		size_t start = b->len;
		struct nlattr *a = nla_buf_put(b, NLA_HDRLEN);

		nla_buf_u32(b, KDBG_A_AGG_KEYS, below(2) ? 0 : 1);
		a = (struct nlattr *)(b->p + start);
		a->nla_type = KDBG_A_SOURCE_AGG | NLA_F_NESTED;
		a->nla_len = b->len - start;
	}
}

static void fill_id(struct nla_buf *b, void *arg)
{
	nla_buf_u32(b, KDBG_A_SOURCE_ID, *(uint32_t *)arg);
}

static int run(const char *prog, char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execvp(prog, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void send_one(unsigned long k);

/* rmmod in a child while messages keep coming, then insmod again. */
static int reload(unsigned long *k)
{
	char ring[40];
	char *const rm[] = { "rmmod", "kdbgmod", NULL };
	char *in[] = { "insmod", (char *)ko, ring, NULL };
	unsigned int delay = below(20000);
	pid_t pid = fork(), w = 0;
	int st = 0, i;

	if (pid == 0) {
		usleep(delay);
		execvp("rmmod", rm);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	module_gone = true;
	for (i = 0; i < 200 && (w = waitpid(pid, &st, WNOHANG)) == 0; i++)
		send_one((*k)++);
	if (w == 0)
		w = waitpid(pid, &st, 0);
	if (w != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
		/* In use (a dump's reference not yet dropped): it stays. */
		rmmod_busy++;
		module_gone = false;
		return 0;
	}
	for (i = 0; i < 10; i++)
		send_one((*k)++);
	snprintf(ring, sizeof(ring), "ring_size=%u", 4096u << below(6));
	if (run("insmod", in)) {
		fprintf(stderr, "kdbg_nlfuzz: insmod %s failed\n", ko);
		return -1;
	}
	if (resolve()) {
		fprintf(stderr, "kdbg_nlfuzz: the family is not back after insmod\n");
		return -1;
	}
	if (getenv("KDBG_NLFUZZ_DEBUG"))
		fprintf(stderr, "kdbg_nlfuzz: reloaded at %lu: family %u\n", *k, family);
	module_gone = false;
	nr_ids = 0;	/* a new module: the old ids are gone */
	reloads++;
	return 0;
}

static int churn(unsigned long *k)
{
	struct reply r;
	uint32_t id;
	unsigned int i;

	switch (below(ko ? 4 : 3)) {
	case 0: case 1:
		if (request(KDBG_CMD_SOURCE_ADD, 0, fill_add, NULL, &r))
			return -1;
		if (!r.error && r.id && nr_ids < sizeof(ids) / sizeof(*ids)) {
			ids[nr_ids++] = r.id;
			adds++;
		} else if (r.error && !r.extack) {
			fprintf(stderr, "kdbg_nlfuzz: a real add failed with errno %d and no extack\n",
				r.error);
			return -1;
		}
		return 0;
	case 2:
		if (!nr_ids)
			return 0;
		i = below(nr_ids);
		id = ids[i];
		ids[i] = ids[--nr_ids];
		if (request(KDBG_CMD_SOURCE_DEL, 0, fill_id, &id, &r))
			return -1;
		/* ENOENT: a fuzzed delete got there first. */
		if (r.error && r.error != ENOENT) {
			fprintf(stderr, "kdbg_nlfuzz: delete %u: errno %d (%s)\n",
				id, r.error, r.msg);
			return -1;
		}
		dels += !r.error;
		return 0;
	default:
		return reload(k);
	}
}

/* ---- the fuzz ---- */

static unsigned long sent, answered, dropped, acks, failures;
static unsigned long errs[140], bare[140];

static int check(unsigned long k, uint8_t cmd, uint16_t flags, size_t len,
		 int err, const struct reply *r)
{
	bool dump = flags & NLM_F_DUMP;
	uint32_t caps = op_flags[cmd];
	bool core;

	if (err) {
		fprintf(stderr, "kdbg_nlfuzz: message %lu (cmd %u%s, %zu bytes): no answer: %s\n",
			k, cmd, dump ? " dump" : "", len, strerror(-err));
		return -1;
	}
	answered++;
	if (!r->error) {
		acks++;
		return 0;
	}
	if (r->error < 140)
		errs[r->error]++;
	if (r->extack)
		return 0;
	/* The errors the netlink core gives without a message. */
	core = (r->error == EOPNOTSUPP &&
		!(caps & (dump ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO))) ||
	       (r->error == EINVAL && len < NLMSG_HDRLEN + GENL_HDRLEN) ||
	       /* unloading: the family gone, or no module reference
		* for a dump (netlink_dump_start's try_module_get()) */
	       ((r->error == ENOENT || r->error == EPROTONOSUPPORT) &&
		module_gone);
	if (r->error < 140)
		bare[r->error]++;
	if (core)
		return 0;
	fprintf(stderr, "kdbg_nlfuzz: message %lu (cmd %u%s, %zu bytes): errno %d (%s) without an extack message\n",
		k, cmd, dump ? " dump" : "", len, r->error, strerror(r->error));
	return -1;
}

static void send_one(unsigned long k)
{
	struct nla_buf *b = nla_buf_new(64 * 1024);
	struct nlmsghdr *h = nla_buf_put(b, NLMSG_HDRLEN);
	struct genlmsghdr *g = nla_buf_put(b, GENL_HDRLEN);
	unsigned int n = below(6), i;
	size_t len;
	bool expect = true;
	struct reply r;
	int err;

	h->nlmsg_type = family;
	/* Mostly the family's commands, as do or dump as each is. */
	g->cmd = below(8) ? 1 + below(KDBG_CMD_MAX) : below(KDBG_CMD_MAX + 3);
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (below(6) ? !(op_flags[g->cmd] & GENL_CMD_CAP_DO) : !below(2))
		h->nlmsg_flags |= NLM_F_DUMP;
	h->nlmsg_seq = ++seq;
	g->version = below(8) ? KDBG_GENL_VERSION : rnd();
	g->reserved = below(8) ? 0 : rnd();
	for (i = 0; i < n; i++)
		put_random(b, below(KDBG_A_MAX + 4), 0);
	h->nlmsg_len = len = b->len;
	switch (below(24)) {
	case 0:	/* an attribute that overruns the message */
		if (b->len >= NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN)
			((struct nlattr *)(b->p + NLMSG_HDRLEN + GENL_HDRLEN))->nla_len += 8 << below(6);
		break;
	case 1:	/* cut inside its headers or attributes */
		h->nlmsg_len = len = NLMSG_HDRLEN + below(b->len - NLMSG_HDRLEN + 1);
		break;
	case 2:	/* longer than what is sent: netlink drops it */
		h->nlmsg_len = b->len + 4 + below(64);
		expect = false;
		break;
	}
	sent++;
	err = send_msg(b->p, len);
	if (err) {
		answered++;	/* refused at send time */
	} else if (!expect) {
		dropped++;
	} else {
		err = wait_reply(h->nlmsg_seq, &r);
		if (check(k, g->cmd, h->nlmsg_flags, len, err, &r))
			failures++;
		else if (g->cmd == KDBG_CMD_SOURCE_ADD && !r.error && r.id &&
			 nr_ids < sizeof(ids) / sizeof(*ids))
			ids[nr_ids++] = r.id;	/* the fuzz attached one */
	}
	free(b);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fill_ring(struct nla_buf *b, void *arg)
{
	uint32_t *ring = arg;

	nla_buf_u32(b, KDBG_A_RING_SIZE, ring[0]);
	nla_buf_u32(b, KDBG_A_RING_MODE, ring[1]);
}

static void fill_recorder_off(struct nla_buf *b, void *arg)
{
	uint8_t off = 0;

	(void)arg;
	nla_buf_attr(b, KDBG_A_RECORDER_ENABLED, &off, 1);
}

/* RING_GET's size and mode; 0 on success. */
static int ring_get(uint32_t ring[2])
{
	struct reply r;

	if (request(KDBG_CMD_RING_GET, 0, NULL, NULL, &r) || r.error ||
	    !r.ring[0])
		return -1;
	ring[0] = r.ring[0];
	ring[1] = r.ring[1];
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long iters = 4000, seed = time(NULL), k, next_churn;
	double seconds = 0, start;
	uint32_t ring[2], ring_now[2];
	struct timeval tv = { 5, 0 };
	struct reply r;
	int one = 1, c, i, left = 0;

	while ((c = getopt(argc, argv, "n:t:s:k:")) != -1) {
		switch (c) {
		case 'n':
			iters = strtoul(optarg, NULL, 0);
			break;
		case 't':
			seconds = strtod(optarg, NULL);
			break;
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			ko = optarg;
			break;
		default:
			fprintf(stderr, "usage: kdbg_nlfuzz [-n ITERS] [-t SECONDS] [-s SEED] [-k MODULE.ko]\n");
			return 2;
		}
	}
	printf("nlfuzz: seed %lu (rerun: kdbg_nlfuzz -s %lu -n %lu%s%s)\n", seed,
	       seed, iters, ko ? " -k " : "", ko ? ko : "");
	fflush(stdout);
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("kdbg_nlfuzz: socket");
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (resolve() || ring_get(ring)) {
		fprintf(stderr, "kdbg_nlfuzz: the kdbg family does not answer (is kdbgmod loaded?)\n");
		return 1;
	}

	start = now();
	next_churn = 50 + below(300);
	for (k = 0; k < iters && failures <= 10; ) {
		if (seconds > 0 && now() - start > seconds)
			break;
		/* At least one reload in every run with -k, past its middle. */
		if (ko && !reloads && rmmod_busy < 5 &&
		    (seconds > 0 ? now() - start > seconds / 2 : k > iters / 2)) {
			if (reload(&k)) {
				failures++;
				break;
			}
			continue;
		}
		if (k >= next_churn) {
			next_churn = k + 50 + below(300);
			if (churn(&k)) {
				failures++;
				break;
			}
			continue;
		}
		send_one(k++);
	}

	/* The family answers, and the fuzz leaves nothing behind. */
	for (i = 0; i < (int)nr_ids; i++)
		request(KDBG_CMD_SOURCE_DEL, 0, fill_id, &ids[i], &r);
	if (request(KDBG_CMD_SOURCE_GET, NLM_F_DUMP, NULL, NULL, &r) || r.error) {
		fprintf(stderr, "kdbg_nlfuzz: the family stopped answering\n");
		return 1;
	}
	if (r.ids) {
		fprintf(stderr, "kdbg_nlfuzz: %u sources left behind\n", r.ids);
		left++;
	}
	if (request(KDBG_CMD_RECORDER_SET, 0, fill_recorder_off, NULL, &r) || r.error) {
		fprintf(stderr, "kdbg_nlfuzz: cannot turn the recorder off: %s\n", r.msg);
		left++;
	}
	if (ring_get(ring_now) || ring_now[0] != ring[0] || ring_now[1] != ring[1]) {
		if (request(KDBG_CMD_RING_SET, 0, fill_ring, ring, &r) || r.error) {
			fprintf(stderr, "kdbg_nlfuzz: cannot restore the ring: %s\n", r.msg);
			left++;
		}
	}
	printf("nlfuzz: %lu messages in %.1f s: %lu answered (%lu acks), %lu dropped by netlink as malformed; churn: %lu adds, %lu deletes, %lu rmmod/insmod (%lu rmmod refused)\n",
	       sent, now() - start, answered, acks, dropped, adds, dels, reloads,
	       rmmod_busy);
	printf("nlfuzz: errors:");
	for (i = 1; i < 140; i++)
		if (errs[i])
			printf(" %s %lu (%lu from the core without extack)",
			       strerrorname_np(i) ? strerrorname_np(i) : "?",
			       errs[i], bare[i]);
	printf("\nnlfuzz: %lu failed checks\n", failures);
	return failures || left ? 1 : 0;
}
