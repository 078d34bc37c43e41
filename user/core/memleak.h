/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl memleak`'s logic apart from the socket (user/cmd/memleak.c):
 * its options, the MEMLEAK_GET dump and its order.
 */
#ifndef KDBGCTL_MEMLEAK_H
#define KDBGCTL_MEMLEAK_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/kdbg.h>

struct memleak_opts {
	double duration;	/* -d, seconds; default 5 */
	uint32_t sample;	/* --sample N; 0 or 1: every allocation */
	uint32_t min_age_ms;	/* --min-age SEC */
	const char *cache;	/* --cache NAME */
	uint32_t top;		/* -n: stacks shown, 0: all */
	char error[128];	/* the usage error, when parsing failed */
};

struct memleak_stack {
	uint32_t stack_id;
	uint64_t count, bytes, age_min_ms, age_max_ms;
};

struct memleak_dump {
	struct memleak_stack *s;
	size_t nr, cap;
	uint32_t tracked, capacity, sample;
	uint64_t overflow;
};

/* Return 0, or -1 with @o->error set (a usage error). */
int memleak_parse_opts(int argc, char **argv, struct memleak_opts *o);
/* One MEMLEAK_GET message into @d: 0, or -1 if malformed. */
int memleak_parse(struct memleak_dump *d, const struct nlmsghdr *nlh);
/* Most bytes first, then most allocations, then stack id. */
void memleak_sort(struct memleak_dump *d);
void memleak_free(struct memleak_dump *d);

#endif /* KDBGCTL_MEMLEAK_H */
