// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl slab top`'s pure logic: see slabtop.h.
 */
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "output.h"
#include "nl.h"
#include "slabtop.h"

int slab_sort_parse(const char *s)
{
	static const char *const keys[] = { "objs", "size", "growth", NULL };
	int i = kdbg_match(s, keys);

	return i < 0 ? -1 : i;
}

int slab_set_parse(struct slab_set *s, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[KDBG_A_MAX + 1], *c[KDBG_A_SLAB_MAX + 1];
	struct slab_row *r;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0 || !tb[KDBG_A_SLAB] ||
	    kdbg_nl_parse_nested(tb[KDBG_A_SLAB], c, KDBG_A_SLAB_MAX) < 0 ||
	    !c[KDBG_A_SLAB_NAME])
		return -1;
	if (s->nr == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		struct slab_row *n = realloc(s->r, cap * sizeof(*n));

		if (!n)
			return -1;
		s->r = n;
		s->cap = cap;
	}
	r = &s->r[s->nr++];
	memset(r, 0, sizeof(*r));
	kdbg_nl_strcpy(c[KDBG_A_SLAB_NAME], r->name, sizeof(r->name));
	r->size = kdbg_nl_u32(c[KDBG_A_SLAB_SIZE], 0);
	r->objs_per_slab = kdbg_nl_u32(c[KDBG_A_SLAB_OBJS_PER_SLAB], 0);
	r->pages_per_slab = kdbg_nl_u32(c[KDBG_A_SLAB_PAGES_PER_SLAB], 0);
	r->flags = kdbg_nl_u32(c[KDBG_A_SLAB_FLAGS], KDBG_SLAB_F_UNKNOWN);
	r->active_objs = kdbg_nl_u64(c[KDBG_A_SLAB_ACTIVE_OBJS], 0);
	r->num_objs = kdbg_nl_u64(c[KDBG_A_SLAB_NUM_OBJS], 0);
	r->active_slabs = kdbg_nl_u64(c[KDBG_A_SLAB_ACTIVE_SLABS], 0);
	r->num_slabs = kdbg_nl_u64(c[KDBG_A_SLAB_NUM_SLABS], 0);
	r->pages = kdbg_nl_u64(c[KDBG_A_SLAB_PAGES], 0);
	return 0;
}

const struct slab_row *slab_set_find(const struct slab_set *s,
				     const char *name)
{
	size_t i;

	for (i = 0; s && i < s->nr; i++)
		if (!strcmp(s->r[i].name, name))
			return &s->r[i];
	return NULL;
}

/* Growth of @r against the same cache in @then (NULL set: 0). */
static int64_t slab_grow(const struct slab_row *r, const struct slab_set *then)
{
	const struct slab_row *o;

	if (!then)
		return 0;
	o = slab_set_find(then, r->name);
	return (int64_t)r->active_objs - (int64_t)(o ? o->active_objs : 0);
}

void slab_set_growth(struct slab_set *cur, const struct slab_set *prev,
		     const struct slab_set *start)
{
	size_t i;

	for (i = 0; i < cur->nr; i++) {
		cur->r[i].grow_prev = slab_grow(&cur->r[i], prev);
		cur->r[i].grow_start = slab_grow(&cur->r[i], start);
	}
}

static uint64_t slab_bytes(const struct slab_row *r)
{
	return r->active_objs * r->size;
}

static enum slab_sort slab_sort_key;

/* Descending by the key, then by name for a stable, testable order. */
static int slab_cmp(const void *pa, const void *pb)
{
	const struct slab_row *a = pa, *b = pb;
	int64_t x, y;

	switch (slab_sort_key) {
	case SLAB_SORT_SIZE:
		x = (int64_t)slab_bytes(a);
		y = (int64_t)slab_bytes(b);
		break;
	case SLAB_SORT_GROWTH:
		x = a->grow_prev;
		y = b->grow_prev;
		if (x == y) {
			x = a->grow_start;
			y = b->grow_start;
		}
		break;
	default:
		x = (int64_t)a->active_objs;
		y = (int64_t)b->active_objs;
		break;
	}
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->name, b->name);
}

void slab_set_sort(struct slab_set *s, enum slab_sort key)
{
	slab_sort_key = key;
	if (s->nr)
		qsort(s->r, s->nr, sizeof(*s->r), slab_cmp);
}

int slab_set_copy(struct slab_set *dst, const struct slab_set *src)
{
	struct slab_row *r;

	if (src->nr > dst->cap) {
		r = realloc(dst->r, src->nr * sizeof(*r));
		if (!r)
			return -1;
		dst->r = r;
		dst->cap = src->nr;
	}
	if (src->nr)
		memcpy(dst->r, src->r, src->nr * sizeof(*src->r));
	dst->nr = src->nr;
	return 0;
}

void slab_set_free(struct slab_set *s)
{
	free(s->r);
	memset(s, 0, sizeof(*s));
}
