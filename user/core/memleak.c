// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl memleak`'s pure logic: see memleak.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "memleak.h"
#include "nl.h"
#include "output.h"

int memleak_parse_opts(int argc, char **argv, struct memleak_opts *o)
{
	double sec;
	int i;

	memset(o, 0, sizeof(*o));
	o->duration = 5;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-d") && strcmp(a, "--sample") &&
		    strcmp(a, "--min-age") && strcmp(a, "--cache") &&
		    strcmp(a, "-n")) {
			snprintf(o->error, sizeof(o->error),
				 "unknown option '%s'", a);
			return -1;
		}
		if (!v) {
			snprintf(o->error, sizeof(o->error),
				 "%s needs a value", a);
			return -1;
		}
		i++;
		if (!strcmp(a, "-d")) {
			if (kdbg_parse_seconds(v, &o->duration) ||
			    o->duration <= 0)
				goto bad_seconds;
		} else if (!strcmp(a, "--sample")) {
			if (kdbg_parse_u32(v, &o->sample) || !o->sample) {
				snprintf(o->error, sizeof(o->error),
					 "--sample '%s': expected N >= 1", v);
				return -1;
			}
		} else if (!strcmp(a, "--min-age")) {
			if (kdbg_parse_seconds(v, &sec) || sec < 0 ||
			    sec > 4e6)
				goto bad_seconds;
			o->min_age_ms = (uint32_t)llround(sec * 1000);
		} else if (!strcmp(a, "--cache")) {
			if (!*v || strlen(v) >= KDBG_SLAB_NAME_MAX) {
				snprintf(o->error, sizeof(o->error),
					 "--cache '%s': expected a cache name",
					 v);
				return -1;
			}
			o->cache = v;
		} else if (kdbg_parse_u32(v, &o->top) || !o->top) {
			snprintf(o->error, sizeof(o->error),
				 "-n '%s': expected a number > 0", v);
			return -1;
		}
		continue;
bad_seconds:
		snprintf(o->error, sizeof(o->error), "%s '%s': expected seconds%s",
			 a, v, strcmp(a, "-d") ? " >= 0" : " > 0");
		return -1;
	}
	return 0;
}

int memleak_parse(struct memleak_dump *d, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[KDBG_A_MAX + 1], *m[KDBG_A_MEMLEAK_MAX + 1];
	struct memleak_stack *s;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0 || !tb[KDBG_A_MEMLEAK] ||
	    kdbg_nl_parse_nested(tb[KDBG_A_MEMLEAK], m, KDBG_A_MEMLEAK_MAX) < 0)
		return -1;
	if (m[KDBG_A_MEMLEAK_TRACKED]) {
		d->tracked = kdbg_nl_u32(m[KDBG_A_MEMLEAK_TRACKED], 0);
		d->capacity = kdbg_nl_u32(m[KDBG_A_MEMLEAK_CAPACITY], 0);
		d->sample = kdbg_nl_u32(m[KDBG_A_MEMLEAK_SAMPLE], 1);
		d->overflow = kdbg_nl_u64(m[KDBG_A_MEMLEAK_OVERFLOW], 0);
		return 0;
	}
	if (!m[KDBG_A_MEMLEAK_COUNT])
		return -1;
	if (d->nr == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;

		s = realloc(d->s, cap * sizeof(*s));
		if (!s)
			return -1;
		d->s = s;
		d->cap = cap;
	}
	s = &d->s[d->nr++];
	s->stack_id = kdbg_nl_u32(m[KDBG_A_MEMLEAK_STACK_ID], 0);
	s->count = kdbg_nl_u64(m[KDBG_A_MEMLEAK_COUNT], 0);
	s->bytes = kdbg_nl_u64(m[KDBG_A_MEMLEAK_BYTES], 0);
	s->age_min_ms = kdbg_nl_u64(m[KDBG_A_MEMLEAK_AGE_MIN_MS], 0);
	s->age_max_ms = kdbg_nl_u64(m[KDBG_A_MEMLEAK_AGE_MAX_MS], 0);
	return 0;
}

static int memleak_cmp(const void *pa, const void *pb)
{
	const struct memleak_stack *a = pa, *b = pb;

	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->stack_id < b->stack_id ? -1 : a->stack_id > b->stack_id;
}

void memleak_sort(struct memleak_dump *d)
{
	if (d->nr)
		qsort(d->s, d->nr, sizeof(*d->s), memleak_cmp);
}

void memleak_free(struct memleak_dump *d)
{
	free(d->s);
	memset(d, 0, sizeof(*d));
}
