// SPDX-License-Identifier: GPL-2.0
/*
 * The fold table: a hash table of distinct folded stacks and their counts,
 * with its keys in an arena so that adding a repeated stack allocates
 * nothing.  Only the table: the parsers fill it and the writers print it
 * from their own files, and nothing here knows any of them, so that a new
 * output format never touches this file (see fold_writer.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fold_priv.h"

#define FOLD_ARENA_CHUNK	(1u << 20)

struct fold_arena_chunk {
	struct fold_arena_chunk *next;
	size_t used, cap;
	char data[];
};

/*
 * A multiply-xorshift hash over 8-byte words: keys are long (tens of
 * frames) and hashed once per sample, so this is on the hot path.
 */
uint64_t fold_hash(const char *s, size_t len)
{
	const uint64_t m = 0x9e3779b97f4a7c15ull;
	uint64_t h = 0x243f6a8885a308d3ull ^ (len * m);
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		w *= 0xbf58476d1ce4e5b9ull;
		w ^= w >> 31;
		h = (h ^ w) * m;
		h ^= h >> 29;
		s += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, s, len);
		w *= 0xbf58476d1ce4e5b9ull;
		w ^= w >> 31;
		h = (h ^ w) * m;
	}
	h ^= h >> 32;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 29;
	return h;
}

static void *fold_arena_alloc(struct fold_table *t, size_t size)
{
	struct fold_arena_chunk *c = t->arena;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > FOLD_ARENA_CHUNK ? size : FOLD_ARENA_CHUNK;

		c = t->arena_free;
		if (c && c->cap >= cap) {
			t->arena_free = c->next;
		} else {
			c = malloc(sizeof(*c) + cap);
			if (!c)
				return NULL;
			c->cap = cap;
		}
		c->used = 0;
		c->next = t->arena;
		t->arena = c;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

static const char *fold_arena_strdup(struct fold_table *t, const char *s,
				     size_t len)
{
	char *p = fold_arena_alloc(t, len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

struct fold_table *fold_table_new(void)
{
	struct fold_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->nslots = 1024;
	t->slots = calloc(t->nslots, sizeof(*t->slots));
	if (!t->slots) {
		free(t);
		return NULL;
	}
	return t;
}

static void fold_arena_free_list(struct fold_arena_chunk *c)
{
	while (c) {
		struct fold_arena_chunk *next = c->next;

		free(c);
		c = next;
	}
}

void fold_table_free(struct fold_table *t)
{
	if (!t)
		return;
	fold_arena_free_list(t->arena);
	fold_arena_free_list(t->arena_free);
	free(t->entries);
	free(t->slots);
	free(t->scratch);
	free(t->sample_type);
	free(t);
}

void fold_table_clear(struct fold_table *t)
{
	struct fold_arena_chunk *c = t->arena;

	while (c) {
		struct fold_arena_chunk *next = c->next;

		c->next = t->arena_free;
		t->arena_free = c;
		c = next;
	}
	t->arena = NULL;
	memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	t->nentries = 0;
	t->total[0] = t->total[1] = 0;
}

size_t fold_table_size(const struct fold_table *t)
{
	return t->nentries;
}

unsigned long long fold_table_total(const struct fold_table *t)
{
	return t->total[t->is_diff ? 1 : 0];
}

static int fold_table_grow(struct fold_table *t)
{
	size_t n = t->nslots * 2, i;
	uint64_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < t->nentries; i++) {
		size_t j = t->entries[i].hash & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = (t->entries[i].hash >> 32) << 32 | (i + 1);
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
	return 0;
}

static int fold_entry_init(struct fold_table *t, struct fold_entry *e,
			   const char *key, size_t len, size_t nframes,
			   uint64_t h, const struct fold_sample_info *info)
{
	memset(e, 0, sizeof(*e));
	e->key = fold_arena_strdup(t, key, len);
	if (!e->key)
		return -ENOMEM;
	e->len = len;
	e->nframes = nframes;
	e->hash = h;
	e->pid = -1;
	e->tid = -1;
	if (!info)
		return 0;
	e->pid = info->pid;
	e->tid = info->tid;
	e->root_is_comm = info->root_is_comm;
	if (info->comm) {
		e->comm = fold_arena_strdup(t, info->comm, strlen(info->comm));
		if (!e->comm)
			return -ENOMEM;
	}
	if (info->kinds && nframes) {
		unsigned char *k = fold_arena_alloc(t, nframes);

		if (!k)
			return -ENOMEM;
		memcpy(k, info->kinds, nframes);
		e->kinds = k;
	}
	return 0;
}

int fold_table_add_key(struct fold_table *t, const char *key, size_t len,
		       size_t nframes, int which, unsigned long long count,
		       const struct fold_sample_info *info)
{
	uint64_t h = fold_hash(key, len);
	uint64_t tag = h >> 32;
	size_t mask = t->nslots - 1, j = h & mask;
	struct fold_entry *e;
	int err;

	for (; t->slots[j]; j = (j + 1) & mask) {
		if (t->slots[j] >> 32 != tag)
			continue;
		e = &t->entries[(uint32_t)t->slots[j] - 1];
		if (e->len == len && !memcmp(e->key, key, len))
			goto found;
	}

	if (t->nentries == t->entries_cap) {
		size_t cap = t->entries_cap ? t->entries_cap * 2 : 256;
		void *p = realloc(t->entries, cap * sizeof(*t->entries));

		if (!p)
			return -ENOMEM;
		t->entries = p;
		t->entries_cap = cap;
	}
	e = &t->entries[t->nentries];
	err = fold_entry_init(t, e, key, len, nframes, h, info);
	if (err)
		return err;
	t->slots[j] = tag << 32 | (t->nentries + 1);
	t->nentries++;
	/* keep the load under 1/2: probes stay short */
	if (t->nentries * 2 > t->nslots) {
		err = fold_table_grow(t);
		if (err)
			return err;
		e = &t->entries[t->nentries - 1];
	}
	t->total[which] = fold_sat_add(t->total[which], count);
	e->count[which] = fold_sat_add(e->count[which], count);
	return 0;

found:
	if (info && e->pid != info->pid)
		e->pid = -1;
	if (info && e->tid != info->tid)
		e->tid = -1;
	t->total[which] = fold_sat_add(t->total[which], count);
	e->count[which] = fold_sat_add(e->count[which], count);
	return 0;
}

int fold_table_add_info(struct fold_table *t, const char *const *frames,
			size_t nframes, unsigned long long count,
			const struct fold_sample_info *info)
{
	size_t need = 0, i, n = 0;
	char *p;

	if (!nframes)
		return -EINVAL;
	for (i = 0; i < nframes; i++)
		need += strlen(frames[i]) + 1;
	if (need > t->scratch_cap) {
		p = realloc(t->scratch, need);
		if (!p)
			return -ENOMEM;
		t->scratch = p;
		t->scratch_cap = need;
	}
	p = t->scratch;
	for (i = 0; i < nframes; i++) {
		const char *f = frames[i];

		if (i)
			p[n++] = ';';
		for (; *f; f++) {
			char c = *f;

			if (c == ';')
				c = ':';
			else if (c == '\n' || c == '\r')
				c = ' ';
			p[n++] = c;
		}
	}
	return fold_table_add_key(t, p, n, nframes, 0, count, info);
}

int fold_table_add(struct fold_table *t, const char *const *frames,
		   size_t nframes, unsigned long long count)
{
	return fold_table_add_info(t, frames, nframes, count, NULL);
}

static int fold_entry_cmp(const void *a, const void *b)
{
	const struct fold_entry *x = *(const struct fold_entry *const *)a;
	const struct fold_entry *y = *(const struct fold_entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->key, y->key, n);

	if (r)
		return r;
	return (x->len > y->len) - (x->len < y->len);
}

int fold_table_note_event(struct fold_table *t, const char *ev, size_t len)
{
	if (t->sample_type && strlen(t->sample_type) == len &&
	    !memcmp(t->sample_type, ev, len))
		return 0;
	free(t->sample_type);
	t->sample_type = strndup(ev, len);
	if (!t->sample_type)
		return -ENOMEM;
	/* the software clocks count nanoseconds; hardware events, events */
	t->sample_unit = (len == 9 && !memcmp(ev, "cpu-clock", 9)) ||
			 (len == 10 && !memcmp(ev, "task-clock", 10)) ?
			 "nanoseconds" : "count";
	return 0;
}

struct fold_entry **fold_table_sorted(const struct fold_table *t)
{
	struct fold_entry **v = malloc((t->nentries + 1) * sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < t->nentries; i++)
		v[i] = &t->entries[i];
	qsort(v, t->nentries, sizeof(*v), fold_entry_cmp);
	return v;
}

enum fold_kind fold_kind_from_name(const char *name, size_t len)
{
	if (len < 4 || name[len - 4] != '_' || name[len - 3] != '[' ||
	    name[len - 1] != ']')
		return FOLD_KIND_UNKNOWN;
	switch (name[len - 2]) {
	case 'k':
		return FOLD_KIND_KERNEL;
	case 'j':
		return FOLD_KIND_JIT;
	case 'i':
		return FOLD_KIND_INLINE;
	}
	return FOLD_KIND_UNKNOWN;
}
