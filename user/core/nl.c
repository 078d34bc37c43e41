// SPDX-License-Identifier: GPL-2.0
/*
 * kdbgctl's netlink layer (see nl.h), after iproute2's lib/mnl_utils.c:
 * one libmnl socket with NETLINK_EXT_ACK and NETLINK_CAP_ACK, the family
 * id from the genl controller (the controller autoloads kdbgmod through
 * its alias; we ask once more in case the module was still initialising),
 * and a single send/receive loop for do, ack and dump requests that keeps
 * the kernel's extack message of a failure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "agg.h"
#include "kdbgctl.h"
#include "nl.h"

/* Room for the largest EVENTS_READ reply and its headers. */
#define KDBG_NL_BUF_LEN		(KDBG_READ_MAX_BYTES + 64 * 1024)
/* Requests are small: a target, a comm, a few u32s, an aggregation nest. */
#define KDBG_NL_REQ_MAX		1024

static const char *const source_type_names[] = {
	[KDBG_SOURCE_KPROBE]	= "kprobe",
	[KDBG_SOURCE_KRETPROBE]	= "kretprobe",
	[KDBG_SOURCE_TRACEPOINT] = "tracepoint",
	[KDBG_SOURCE_LAYER]	= "layer",
	[KDBG_SOURCE_SAMPLE]	= "sample",
};

static const char *const ring_mode_names[] = {
	[KDBG_RING_MODE_DROP]		= "drop",
	[KDBG_RING_MODE_OVERWRITE]	= "overwrite",
};

const char *kdbg_source_type_name(uint32_t type)
{
	if (type < sizeof(source_type_names) / sizeof(source_type_names[0]) &&
	    source_type_names[type])
		return source_type_names[type];
	return "unknown";
}

int kdbg_source_type_parse(const char *name)
{
	unsigned int i;

	for (i = 1; i < sizeof(source_type_names) / sizeof(*source_type_names);
	     i++)
		if (!strcmp(name, source_type_names[i]))
			return i;
	return -1;
}

const char *kdbg_ring_mode_name(uint32_t mode)
{
	if (mode < sizeof(ring_mode_names) / sizeof(ring_mode_names[0]) &&
	    ring_mode_names[mode])
		return ring_mode_names[mode];
	return "unknown";
}

int kdbg_ring_mode_parse(const char *name)
{
	unsigned int i;

	for (i = 1; i < sizeof(ring_mode_names) / sizeof(*ring_mode_names); i++)
		if (!strcmp(name, ring_mode_names[i]))
			return i;
	return -1;
}

/* An NLMSG_ERROR's error, message and, when @nl is given, cookie. */
static int parse_error(const struct nlmsghdr *nlh, char *msg, size_t len,
		       struct kdbg_nl *nl)
{
	const struct nlmsgerr *e;
	const struct nlattr *attr;
	size_t off;

	if (len)
		msg[0] = '\0';
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;

	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return e->error;
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (mnl_nlmsg_size(MNL_ALIGN(off)) > nlh->nlmsg_len)
		return e->error;

	mnl_attr_for_each(attr, nlh, off) {
		uint16_t n = mnl_attr_get_payload_len(attr);

		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_COOKIE && nl &&
		    n <= sizeof(nl->cookie)) {
			memcpy(nl->cookie, mnl_attr_get_payload(attr), n);
			nl->cookie_len = n;
		}
		if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			continue;
		if (len)
			snprintf(msg, len, "%s", mnl_attr_get_str(attr));
	}
	return e->error;
}

int kdbg_nl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t len)
{
	return parse_error(nlh, msg, len, NULL);
}

/* NLMSG_DONE of a dump: an int error, then extack attributes. */
static int parse_done(const struct nlmsghdr *nlh, char *msg, size_t len)
{
	const struct nlattr *attr;
	int err;

	msg[0] = '\0';
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return err;
	mnl_attr_for_each(attr, nlh, sizeof(int)) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(msg, len, "%s", mnl_attr_get_str(attr));
	}
	return err;
}

/* Index the attributes in [payload, payload + len); -EINVAL if malformed. */
static int parse_attrs(const void *payload, size_t len,
		       const struct nlattr **tb, unsigned int max)
{
	const char *end = (const char *)payload + len;
	const struct nlattr *attr;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_payload(payload, len) {
		unsigned int type = mnl_attr_get_type(attr);

		if (type <= max)
			tb[type] = attr;
	}
	/* Whatever is left must be alignment padding, not a cut attribute. */
	if (end - (const char *)attr >= (ptrdiff_t)sizeof(struct nlattr))
		return -EINVAL;
	return 0;
}

int kdbg_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
		  unsigned int max)
{
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN) {
		memset(tb, 0, (max + 1) * sizeof(*tb));
		return -EINVAL;
	}
	return parse_attrs(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
			   mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN, tb,
			   max);
}

int kdbg_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
			 unsigned int max)
{
	return parse_attrs(mnl_attr_get_payload(nest),
			   mnl_attr_get_payload_len(nest), tb, max);
}

uint32_t kdbg_nl_u32(const struct nlattr *a, uint32_t def)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(uint32_t))
		return def;
	return mnl_attr_get_u32(a);
}

uint64_t kdbg_nl_u64(const struct nlattr *a, uint64_t def)
{
	uint64_t v;

	if (!a)
		return def;
	if (mnl_attr_get_payload_len(a) >= sizeof(uint64_t)) {
		memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
		return v;
	}
	if (mnl_attr_get_payload_len(a) >= sizeof(uint32_t))
		return mnl_attr_get_u32(a);
	return def;
}

const char *kdbg_nl_str(const struct nlattr *a, const char *def)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
		return def;
	return mnl_attr_get_str(a);
}

void kdbg_nl_strcpy(const struct nlattr *a, char *dst, size_t len)
{
	size_t n = a ? mnl_attr_get_payload_len(a) : 0;

	if (n >= len)
		n = len - 1;
	if (n)
		memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = '\0';
}

struct nlmsghdr *kdbg_nl_msg(struct kdbg_nl *nl, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	/* libmnl leaves attribute padding as it was: no stale bytes out. */
	memset(nl->buf, 0, KDBG_NL_REQ_MAX);
	nlh = mnl_nlmsg_put_header(nl->buf);

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = KDBG_GENL_VERSION;
	nl->cmd = cmd;
	return nlh;
}

const char *kdbg_nl_cmd_capability(uint8_t cmd)
{
	switch (cmd) {
	case KDBG_CMD_SOURCE_GET:
	case KDBG_CMD_TRACEPOINT_GET:
	case KDBG_CMD_RING_GET:
	case KDBG_CMD_STATS_GET:
	case KDBG_CMD_EVENTS_READ:
	case KDBG_CMD_AGG_GET:
	case KDBG_CMD_STACK_GET:
	case KDBG_CMD_RECORDER_GET:
	case KDBG_CMD_RECORDER_DUMP:
		return "CAP_PERFMON or CAP_SYS_ADMIN";
	default:
		return "CAP_SYS_ADMIN";
	}
}

int kdbg_nl_talk(struct kdbg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		 void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	bool intr = false, cb_failed = false;
	int cb_err = 0;

	nl->err = 0;
	nl->extack[0] = '\0';
	nl->cookie_len = 0;
	/* Every request ends with an ack (or error, or a dump's DONE). */
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		nl->err = -errno;
		return nl->err;
	}

	for (;;) {
		const struct nlmsghdr *h;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl->sock, nl->buf, nl->buf_len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			nl->err = -errno;
			return nl->err;
		}
		len = n;
		for (h = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len)) {
			int err;

			if (h->nlmsg_seq != seq ||
			    (h->nlmsg_pid && h->nlmsg_pid != nl->portid))
				continue;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			switch (h->nlmsg_type) {
			case NLMSG_NOOP:
				continue;
			case NLMSG_ERROR:
				err = parse_error(h, nl->extack,
						  sizeof(nl->extack), nl);
				goto done;
			case NLMSG_DONE:
				err = parse_done(h, nl->extack,
						 sizeof(nl->extack));
				goto done;
			default:
				if (!cb || cb_failed)
					continue;
				if (cb(h, data) == MNL_CB_ERROR) {
					cb_failed = true;
					cb_err = errno ? -errno : -EINVAL;
				}
			}
			continue;
done:
			if (err) {
				nl->err = err;
				return err;
			}
			if (cb_failed) {
				nl->err = cb_err;
				return cb_err;
			}
			if (intr) {
				nl->err = -EINTR;
				snprintf(nl->extack, sizeof(nl->extack),
					 "dump interrupted by a concurrent change, try again");
				return nl->err;
			}
			return 0;
		}
	}
}

/*
 * The numbers a failed pattern add puts in the cookie (see "Patterns" in
 * the uapi header), as words: "" when there are none.
 */
void kdbg_nl_cookie_text(const struct kdbg_nl *nl, char *buf, size_t len)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	const struct nlattr *cap;

	buf[0] = '\0';
	if (!nl->cookie_len ||
	    parse_attrs(nl->cookie, nl->cookie_len, tb, KDBG_A_MAX) ||
	    !tb[KDBG_A_SOURCE_MATCHED])
		return;
	cap = tb[KDBG_A_SOURCE_MAX_MATCHES];
	if (cap)
		snprintf(buf, len,
			 " (%" PRIu32 " match, the cap is %" PRIu32
			 "; --max-matches sets it, up to %u)",
			 kdbg_nl_u32(tb[KDBG_A_SOURCE_MATCHED], 0),
			 kdbg_nl_u32(cap, 0), KDBG_PATTERN_MAX);
	else
		snprintf(buf, len, " (%" PRIu32 " matched)",
			 kdbg_nl_u32(tb[KDBG_A_SOURCE_MATCHED], 0));
}

void kdbg_nl_report(const struct kdbg_nl *nl, const char *context)
{
	const char *msg = nl->extack[0] ? nl->extack : strerror(-nl->err);
	char counts[128], hint[64] = "";

	if (nl->err == -EPERM && !nl->extack[0])
		snprintf(hint, sizeof(hint), " (kdbg needs %s)",
			 kdbg_nl_cmd_capability(nl->cmd));
	if (nl->err == -ESHUTDOWN && !nl->extack[0])
		msg = "the kdbg module is being removed";
	kdbg_nl_cookie_text(nl, counts, sizeof(counts));
	kdbg_err("%s: %s%s", context, msg, counts[0] ? counts : hint);
}

int kdbg_nl_run(struct kdbg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, const char *context)
{
	int err = kdbg_nl_talk(nl, nlh, cb, data);

	if (err)
		kdbg_nl_report(nl, context);
	return err;
}

static int family_id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	uint16_t *id = data;

	if (kdbg_nl_parse(nlh, tb, CTRL_ATTR_MAX) < 0)
		return MNL_CB_ERROR;
	if (tb[CTRL_ATTR_FAMILY_ID] &&
	    mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) == 0)
		*id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return MNL_CB_OK;
}

static int resolve_family(struct kdbg_nl *nl)
{
	struct nlmsghdr *nlh;
	uint16_t id = 0;
	int err;

	nl->family = GENL_ID_CTRL;
	nlh = kdbg_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KDBG_GENL_NAME);
	err = kdbg_nl_talk(nl, nlh, family_id_cb, &id);
	if (err)
		return err;
	if (!id)
		return -ENOENT;
	nl->family = id;
	return 0;
}

struct kdbg_nl *kdbg_nl_open(void)
{
	static const struct timespec settle = { 0, 200 * 1000 * 1000 };
	struct kdbg_nl *nl;
	int one = 1, err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		goto err_nomem;
	nl->buf_len = KDBG_NL_BUF_LEN;
	nl->buf = malloc(nl->buf_len);
	if (!nl->buf)
		goto err_nomem;

	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		kdbg_err("netlink socket: %s", strerror(errno));
		goto err_free;
	}
	/* Best effort: older kernels lack these; errors then lose detail. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		kdbg_err("netlink bind: %s", strerror(errno));
		goto err_close;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	err = resolve_family(nl);
	if (err == -ENOENT) {
		/* The controller's autoload may still be running module init. */
		nanosleep(&settle, NULL);
		err = resolve_family(nl);
	}
	if (err == -ENOENT) {
		kdbg_err("the kdbg kernel module is not loaded (load it with: insmod kdbgmod.ko, or modprobe kdbgmod)");
		goto err_close;
	}
	if (err) {
		kdbg_nl_report(nl, "resolve the kdbg netlink family");
		goto err_close;
	}
	return nl;

err_close:
	mnl_socket_close(nl->sock);
err_free:
	free(nl->buf);
	free(nl);
	return NULL;
err_nomem:
	kdbg_err("%s", strerror(ENOMEM));
	if (nl)
		free(nl);
	return NULL;
}

void kdbg_nl_close(struct kdbg_nl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sock);
	free(nl->buf);
	free(nl);
}

void kdbg_nl_put_source(struct nlmsghdr *nlh,
			const struct kdbg_source_req *req)
{
	if (req->type)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_TYPE, req->type);
	if (req->target)
		mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, req->target);
	if (req->flags)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_FLAGS, req->flags);
	if (req->pid)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_FILTER_PID, req->pid);
	if (req->tgid)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_FILTER_TGID, req->tgid);
	if (req->comm)
		mnl_attr_put_strz(nlh, KDBG_A_SOURCE_FILTER_COMM, req->comm);
	if (req->agg)
		kdbg_nl_put_agg(nlh, req->agg);
	if (req->max_matches)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_MAX_MATCHES,
				 req->max_matches);
	if (req->sample_freq)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_SAMPLE_FREQ,
				 req->sample_freq);
	if (req->sample_cpu)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_SAMPLE_CPU,
				 req->sample_cpu - 1);
}

static int add_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	return kdbg_add_reply_parse(nlh, data) ? MNL_CB_ERROR : MNL_CB_OK;
}

int kdbg_source_add_reply(struct kdbg_nl *nl,
			  const struct kdbg_source_req *req,
			  struct kdbg_add_reply *reply, const char *context)
{
	struct nlmsghdr *nlh = kdbg_nl_msg(nl, KDBG_CMD_SOURCE_ADD, NLM_F_ACK);

	memset(reply, 0, sizeof(*reply));
	kdbg_nl_put_source(nlh, req);
	return kdbg_nl_run(nl, nlh, add_reply_cb, reply, context);
}

int kdbg_source_add(struct kdbg_nl *nl, const struct kdbg_source_req *req,
		    uint32_t *id, const char *context)
{
	struct kdbg_add_reply reply;
	int err = kdbg_source_add_reply(nl, req, &reply, context);

	*id = reply.id;
	return err;
}

int kdbg_source_del(struct kdbg_nl *nl, uint32_t id,
		    const struct kdbg_source_req *req, const char *context)
{
	struct nlmsghdr *nlh = kdbg_nl_msg(nl, KDBG_CMD_SOURCE_DEL, NLM_F_ACK);

	if (id)
		mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, id);
	else
		kdbg_nl_put_source(nlh, req);
	return kdbg_nl_run(nl, nlh, NULL, NULL, context);
}
