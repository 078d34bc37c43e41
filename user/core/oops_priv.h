/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the report parser share (oops_parse.c: reports,
 * oops_line.c: prefixes and frames, oops_recorder.c: the flight
 * recorder's dump): the parser's state and small string helpers.
 */
#ifndef KDBGCTL_OOPS_PRIV_H
#define KDBGCTL_OOPS_PRIV_H

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oops.h"

enum {
	SEC_NONE,
	SEC_TRACE,	/* after "Call Trace:" */
	SEC_ALLOC,	/* KASAN "Allocated by task N:" */
	SEC_FREE,	/* KASAN "Freed by task N:" */
	SEC_AUX,	/* KASAN work-creation stacks: skipped */
	SEC_SHADOW,	/* KASAN "Memory state around the buggy address:" */
	SEC_LOCK_ACQ,	/* lockdep: the lock line after "trying to acquire" */
	SEC_LOCK_HOLD,	/* lockdep: the lock line after "already holding" */
};

#define MAX_OPEN	16

struct parser {
	struct oops_list *list;
	struct oops_report *open[MAX_OPEN];	/* not done, oldest first */
	size_t nr_open;
	struct oops_report *last;		/* the last report started */
	struct oops_recorder *rec;		/* an unfinished recorder block */
	struct oops_report *rec_owner;		/* open when rec started */
	unsigned int lineno;
	size_t prefix_len;		/* the last prefixed line's prefix */
	char prefix_caller[16];		/* and its caller id */
	int err;
};

static inline bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static inline void copy(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

#define COPY(dst, src, n)	copy(dst, sizeof(dst), src, n)

/* "kernel NULL pointer dereference" -> "kernel-null-pointer-dereference" */
static inline void slug(char *dst, size_t len, const char *src, size_t n)
{
	size_t i, o = 0;
	bool dash = false;

	for (i = 0; i < n && src[i] && o + 1 < len; i++) {
		unsigned char c = src[i];

		if (isalnum(c)) {
			if (dash && o)
				dst[o++] = '-';
			if (o + 1 < len)
				dst[o++] = tolower(c);
			dash = false;
		} else {
			dash = true;
		}
	}
	dst[o] = '\0';
}

static inline bool hex_u64(const char *s, uint64_t *v, const char **end)
{
	char *e;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!isxdigit((unsigned char)*s))
		return false;
	*v = strtoull(s, &e, 16);
	if (end)
		*end = e;
	return true;
}

static inline int stack_push(struct oops_stack *st, const struct oops_frame *fr)
{
	if (st->nr == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 16;
		struct oops_frame *f = realloc(st->frames, cap * sizeof(*f));

		if (!f)
			return -ENOMEM;
		st->frames = f;
		st->cap = cap;
	}
	st->frames[st->nr++] = *fr;
	return 0;
}

/* A "kdbg-recorder: " line's rest (oops_recorder.c). */
void oops_recorder_line(struct parser *ps, const char *msg);
/* Give each dump printed outside any report to a report near it. */
void oops_recorder_attach(struct oops_list *l);

#endif /* KDBGCTL_OOPS_PRIV_H */
