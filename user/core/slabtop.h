/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl slab top`'s logic, apart from the socket so the tests drive it:
 * a cache row from a SLAB_GET message, the growth of each cache since the
 * previous read and since the first, and the sort.
 */
#ifndef KDBGCTL_SLABTOP_H
#define KDBGCTL_SLABTOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include <linux/kdbg.h>

struct slab_row {
	char name[KDBG_SLAB_NAME_MAX];
	uint32_t size, objs_per_slab, pages_per_slab, flags;
	uint64_t active_objs, num_objs, active_slabs, num_slabs, pages;
	int64_t grow_prev;	/* active objects since the previous read */
	int64_t grow_start;	/* since the first read */
};

struct slab_set {
	struct slab_row *r;
	size_t nr, cap;
};

enum slab_sort { SLAB_SORT_OBJS, SLAB_SORT_SIZE, SLAB_SORT_GROWTH };

/* "objs", "size", "growth" (unique prefixes): the key, or -1. */
int slab_sort_parse(const char *s);
/* Append the cache of one SLAB_GET message: 0, or -1 if malformed. */
int slab_set_parse(struct slab_set *s, const struct nlmsghdr *nlh);
/*
 * Growth of @cur's caches against @prev and @start (either may be NULL:
 * a first read grows 0); a cache not there before grows from 0.
 */
void slab_set_growth(struct slab_set *cur, const struct slab_set *prev,
		     const struct slab_set *start);
/* Sort: most objects, most bytes (active objects * size), most growth. */
void slab_set_sort(struct slab_set *s, enum slab_sort key);
const struct slab_row *slab_set_find(const struct slab_set *s,
				     const char *name);
/* Make @dst a copy of @src: 0, or -1 out of memory. */
int slab_set_copy(struct slab_set *dst, const struct slab_set *src);
void slab_set_free(struct slab_set *s);

#endif /* KDBGCTL_SLABTOP_H */
