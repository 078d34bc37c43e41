/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbgctl's netlink layer (libmnl): a generic netlink socket with extended
 * ACKs, the kdbg family resolved through the controller, and request, ack
 * and dump helpers that report failures as one line carrying the kernel's
 * extack text. Parsing helpers are pure so tests can feed them messages
 * built with libmnl.
 */
#ifndef KDBGCTL_NL_H
#define KDBGCTL_NL_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/kdbg.h>

#define KDBG_NL_EXTACK_LEN	256

struct kdbg_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
	char *buf;		/* request and reply buffer */
	size_t buf_len;
	uint8_t cmd;		/* the last request's KDBG_CMD_* */
	int err;		/* last error, negative errno, 0 */
	char extack[KDBG_NL_EXTACK_LEN];	/* its kernel message, or "" */
	uint8_t cookie[20];	/* its NLMSGERR_ATTR_COOKIE (attributes) */
	size_t cookie_len;	/* 0: none */
};

/*
 * Open a socket and resolve the kdbg family. On failure report the error
 * (saying how to load the module when it is missing) and return NULL.
 */
struct kdbg_nl *kdbg_nl_open(void);
void kdbg_nl_close(struct kdbg_nl *nl);

/* Start a request in nl->buf: netlink and genl headers for @cmd. */
struct nlmsghdr *kdbg_nl_msg(struct kdbg_nl *nl, uint8_t cmd, uint16_t flags);

/*
 * The capability @cmd needs (the uapi header's "Privilege"): reading
 * commands "CAP_PERFMON or CAP_SYS_ADMIN", the others "CAP_SYS_ADMIN".
 */
const char *kdbg_nl_cmd_capability(uint8_t cmd);

/*
 * Send @nlh and process replies until the ack, the end of the dump, or an
 * error. @cb (may be NULL) runs for each data message. Return 0 or a
 * negative errno; on error nl->err and nl->extack describe it. An
 * interrupted dump (NLM_F_DUMP_INTR) returns -EINTR.
 */
int kdbg_nl_talk(struct kdbg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		 void *data);

/* kdbg_nl_talk(), reporting a failure as "<context>: <extack|strerror>". */
int kdbg_nl_run(struct kdbg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, const char *context);

/*
 * The numbers in nl's last error cookie, as words to append to its
 * message (" (12 matched)"), or "" when it has none.
 */
void kdbg_nl_cookie_text(const struct kdbg_nl *nl, char *buf, size_t len);

/*
 * Report nl's last error: "kdbgctl: error: <context>: <message>", with
 * the cookie's numbers when it has some.
 */
void kdbg_nl_report(const struct kdbg_nl *nl, const char *context);

/*
 * Decode an NLMSG_ERROR message: return its (negative) error and copy the
 * extack message, if any, to @msg ("" otherwise).
 */
int kdbg_nl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t len);

/*
 * Index a genl message's top-level attributes (or a nest's) by type into
 * @tb[0..max]. Attributes above @max are skipped: newer kernels may send
 * them. Return 0, or -EINVAL for a malformed message.
 */
int kdbg_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
		  unsigned int max);
int kdbg_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
			 unsigned int max);

/* Attribute readers that tolerate a missing attribute (then: @def). */
uint32_t kdbg_nl_u32(const struct nlattr *a, uint32_t def);
uint64_t kdbg_nl_u64(const struct nlattr *a, uint64_t def);
const char *kdbg_nl_str(const struct nlattr *a, const char *def);
/*
 * Copy a string attribute that may lack its NUL (a comm) into @dst,
 * truncated to @len - 1 bytes and terminated; "" when @a is NULL.
 */
void kdbg_nl_strcpy(const struct nlattr *a, char *dst, size_t len);

/* Names of enum kdbg_source_type and enum kdbg_ring_mode, and back. */
const char *kdbg_source_type_name(uint32_t type);
int kdbg_source_type_parse(const char *name);
const char *kdbg_ring_mode_name(uint32_t mode);
int kdbg_ring_mode_parse(const char *name);


/* An event source as SOURCE_ADD and SOURCE_DEL name it. */
struct kdbg_source_req {
	uint32_t type;		/* enum kdbg_source_type, 0: unspecified */
	const char *target;
	uint32_t flags;		/* KDBG_SOURCE_F_* */
	uint32_t pid, tgid;	/* filters, 0: none */
	const char *comm;	/* filter, NULL: none */
	const struct kdbg_agg_spec *agg;	/* aggregate; NULL: records */
	uint32_t max_matches;	/* patterns: cap on functions, 0: default */
	uint32_t sample_freq;	/* sample sources: Hz, 0: default */
	uint32_t sample_cpu;	/* sample sources: CPU + 1, 0: every CPU */
};

struct kdbg_add_reply;

/* Put @req's attributes (those that are set) in @nlh. */
void kdbg_nl_put_source(struct nlmsghdr *nlh,
			const struct kdbg_source_req *req);

/*
 * SOURCE_ADD @req; on success store the new id. Errors are reported with
 * @context. Return 0 or a negative errno.
 */
int kdbg_source_add(struct kdbg_nl *nl, const struct kdbg_source_req *req,
		    uint32_t *id, const char *context);
/* The same, keeping a pattern's counts (agg.h). */
int kdbg_source_add_reply(struct kdbg_nl *nl,
			  const struct kdbg_source_req *req,
			  struct kdbg_add_reply *reply, const char *context);
/* SOURCE_DEL by @id (if nonzero) or by @req's type and target. */
int kdbg_source_del(struct kdbg_nl *nl, uint32_t id,
		    const struct kdbg_source_req *req, const char *context);

#endif /* KDBGCTL_NL_H */
