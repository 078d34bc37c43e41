/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The raw netlink message builder the fuzzers share (kdbg_nlclient's
 * fuzz mode, kdbg_nlfuzz): they build messages by hand, not with libnl
 * or libmnl, because they must also build what those refuse to (wrong
 * sizes, broken lengths, attributes past the policy).
 */
#ifndef KDBG_TEST_NLA_BUF_H
#define KDBG_TEST_NLA_BUF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

struct nla_buf {
	unsigned char *p;
	size_t len, cap;
};

/* A zeroed buffer of @cap bytes in one allocation (free() it), or NULL. */
static inline struct nla_buf *nla_buf_new(size_t cap)
{
	struct nla_buf *b = calloc(1, sizeof(*b) + cap);

	if (b) {
		/* sizeof(*b) is a multiple of 8: p is aligned for nlmsghdr */
		b->p = (unsigned char *)(b + 1);
		b->cap = cap;
	}
	return b;
}

/* @n zeroed bytes, NLA_ALIGNed, at the end of @b; NULL when full. */
static inline void *nla_buf_put(struct nla_buf *b, size_t n)
{
	void *p;

	n = NLA_ALIGN(n);
	if (b->len + n > b->cap)
		return NULL;
	p = b->p + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

/* An attribute of @type holding @len bytes of @data (dropped when full). */
static inline void nla_buf_attr(struct nla_buf *b, uint16_t type,
				const void *data, size_t len)
{
	struct nlattr *a = nla_buf_put(b, NLA_HDRLEN + len);

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
}

static inline void nla_buf_u32(struct nla_buf *b, uint16_t type, uint32_t v)
{
	nla_buf_attr(b, type, &v, sizeof(v));
}

#endif /* KDBG_TEST_NLA_BUF_H */
