// SPDX-License-Identifier: GPL-2.0
/*
 * pprof output: the fold table as a gzipped profile.proto message, the
 * format `go tool pprof` and the profilers built on it read.  Every
 * distinct frame name becomes one function and one location; every
 * distinct stack becomes one sample whose value is its count, with the
 * process name, pid and tid as labels when the parser knew them (the
 * process name is then a label, not a frame).  Encoding is protobuf-c's,
 * from user/profile.proto; compression is zlib's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "fold_writer.h"
#include "profile.pb-c.h"

typedef Perftools__Profiles__Profile pb_profile;
typedef Perftools__Profiles__Sample pb_sample;
typedef Perftools__Profiles__Location pb_location;
typedef Perftools__Profiles__Function pb_function;
typedef Perftools__Profiles__Line pb_line;
typedef Perftools__Profiles__Label pb_label;
typedef Perftools__Profiles__ValueType pb_value_type;

/* Interned strings: the string table, and the function of each name. */
struct pp_str {
	const char *s;
	size_t len;
	uint64_t func;		/* function/location id, or 0 */
};

struct pp_strings {
	struct pp_str *v;
	size_t n, cap;
	uint32_t *slots;	/* index + 1, 0 is empty */
	size_t nslots;
};

static int pp_rehash(struct pp_strings *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024, i;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		size_t j = fold_hash(t->v[i].s, t->v[i].len) & (n - 1);

		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(t->slots);
	t->slots = s;
	t->nslots = n;
	return 0;
}

/* Index of @s in the string table, added if new; -1 when out of memory. */
static long pp_intern(struct pp_strings *t, const char *s, size_t len)
{
	size_t j, mask;

	if ((t->n + 1) * 2 > t->nslots && pp_rehash(t))
		return -1;
	mask = t->nslots - 1;
	for (j = fold_hash(s, len) & mask; t->slots[j]; j = (j + 1) & mask) {
		struct pp_str *x = &t->v[t->slots[j] - 1];

		if (x->len == len && !memcmp(x->s, s, len))
			return t->slots[j] - 1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		void *p = realloc(t->v, cap * sizeof(*t->v));

		if (!p)
			return -1;
		t->v = p;
		t->cap = cap;
	}
	t->v[t->n] = (struct pp_str){ s, len, 0 };
	t->slots[j] = t->n + 1;
	return t->n++;
}

static int pp_gzip_write(FILE *out, const uint8_t *buf, size_t len)
{
	unsigned char chunk[1 << 16];
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper, as pprof expects */
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	z.next_in = (unsigned char *)buf;
	do {
		size_t chunk_in = len > (1u << 30) ? (1u << 30) : len;

		z.avail_in = chunk_in;
		len -= chunk_in;
		do {
			z.next_out = chunk;
			z.avail_out = sizeof(chunk);
			ret = deflate(&z, len ? Z_NO_FLUSH : Z_FINISH);
			if (ret == Z_STREAM_ERROR) {
				deflateEnd(&z);
				return -EIO;
			}
			size_t n = sizeof(chunk) - z.avail_out;

			if (fwrite(chunk, 1, n, out) != n) {
				deflateEnd(&z);
				return -EIO;
			}
		} while (z.avail_out == 0);
	} while (len);
	deflateEnd(&z);
	return ret == Z_STREAM_END ? 0 : -EIO;
}

struct pp_build {
	struct pp_strings str;
	pb_function *funcs;
	pb_location *locs;
	pb_line *lines;
	pb_line **line_ptrs;
	pb_function **func_ptrs;
	pb_location **loc_ptrs;
	size_t nfuncs, funcs_cap;
	pb_sample *samples;
	pb_sample **sample_ptrs;
	uint64_t *loc_ids;
	int64_t *values;
	pb_label *labels;
	pb_label **label_ptrs;
	char **strs;
};

static void pp_build_free(struct pp_build *b)
{
	free(b->str.v);
	free(b->str.slots);
	free(b->funcs);
	free(b->locs);
	free(b->lines);
	free(b->line_ptrs);
	free(b->func_ptrs);
	free(b->loc_ptrs);
	free(b->samples);
	free(b->sample_ptrs);
	free(b->loc_ids);
	free(b->values);
	free(b->labels);
	free(b->label_ptrs);
	free(b->strs);
}

/* The function (and location) id for a frame name; 0 when out of memory. */
static uint64_t pp_func(struct pp_build *b, const char *s, size_t len)
{
	long i = pp_intern(&b->str, s, len);

	if (i < 0)
		return 0;
	if (!b->str.v[i].func) {
		if (b->nfuncs == b->funcs_cap) {
			size_t cap = b->funcs_cap ? b->funcs_cap * 2 : 1024;
			void *p = realloc(b->funcs, cap * sizeof(*b->funcs));

			if (!p)
				return 0;
			b->funcs = p;
			b->funcs_cap = cap;
		}
		perftools__profiles__function__init(&b->funcs[b->nfuncs]);
		b->funcs[b->nfuncs].id = b->nfuncs + 1;
		b->funcs[b->nfuncs].name = i;
		b->funcs[b->nfuncs].system_name = i;
		b->str.v[i].func = ++b->nfuncs;
	}
	return b->str.v[i].func;
}

static int fold_write_pprof(struct fold_table *t, FILE *out,
			    const struct fold_output_opts *o)
{
	const char *type = o->sample_type ? o->sample_type :
			   t->sample_type ? t->sample_type : "samples";
	const char *unit = o->sample_unit ? o->sample_unit :
			   t->sample_unit ? t->sample_unit : "count";
	size_t nframes = 0, nl = 0, i, k, f, nf, maxf = 0;
	struct { const char *s; size_t len; } *fr;
	struct pp_build b = { 0 };
	pb_profile prof = PERFTOOLS__PROFILES__PROFILE__INIT;
	pb_value_type vt = PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
	pb_value_type pt = PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
	pb_value_type *vtp = &vt;
	Perftools__Profiles__Mapping map = PERFTOOLS__PROFILES__MAPPING__INIT;
	Perftools__Profiles__Mapping *mapp = &map;
	long k_comm, k_pid, k_tid, k_type, k_unit, k_map;
	struct timespec now;
	uint8_t *buf = NULL;
	size_t len;
	int err = -ENOMEM;

	for (i = 0; i < t->nentries; i++) {
		const struct fold_entry *e = &t->entries[i];
		size_t n = 1;
		const char *p = e->key, *end = p + e->len;

		while ((p = memchr(p, ';', end - p))) {
			n++;
			p++;
		}
		nframes += n;
		if (n > maxf)
			maxf = n;
	}
	fr = calloc(maxf + 1, sizeof(*fr));
	if (!fr)
		return -ENOMEM;

	if (pp_intern(&b.str, "", 0) < 0)
		goto out;
	k_type = pp_intern(&b.str, type, strlen(type));
	k_unit = pp_intern(&b.str, unit, strlen(unit));
	k_comm = pp_intern(&b.str, "comm", 4);
	k_pid = pp_intern(&b.str, "pid", 3);
	k_tid = pp_intern(&b.str, "tid", 3);
	k_map = pp_intern(&b.str, "[kdbg]", 6);
	if (k_type < 0 || k_unit < 0 || k_comm < 0 || k_pid < 0 || k_tid < 0 ||
	    k_map < 0)
		goto out;

	b.samples = calloc(t->nentries + 1, sizeof(*b.samples));
	b.sample_ptrs = calloc(t->nentries + 1, sizeof(*b.sample_ptrs));
	b.loc_ids = calloc(nframes + 1, sizeof(*b.loc_ids));
	b.values = calloc(t->nentries + 1, sizeof(*b.values));
	b.labels = calloc(3 * t->nentries + 1, sizeof(*b.labels));
	b.label_ptrs = calloc(3 * t->nentries + 1, sizeof(*b.label_ptrs));
	if (!b.samples || !b.sample_ptrs || !b.loc_ids || !b.values ||
	    !b.labels || !b.label_ptrs)
		goto out;

	for (i = 0, f = 0; i < t->nentries; i++) {
		const struct fold_entry *e = &t->entries[i];
		const char *s = e->key, *end = s + e->len, *root_end;
		pb_sample *sm = &b.samples[i];
		bool comm_label;
		size_t first = f;

		comm_label = e->root_is_comm && memchr(s, ';', e->len);
		perftools__profiles__sample__init(sm);
		b.sample_ptrs[i] = sm;
		/* split the folded line, then list its frames leaf first */
		for (nf = 0;;) {
			const char *sep = memchr(s, ';', end - s);

			fr[nf].s = s;
			fr[nf++].len = (sep ? sep : end) - s;
			if (!sep)
				break;
			s = sep + 1;
		}
		s = e->key;
		root_end = s + fr[0].len;
		for (k = nf; k-- > (comm_label ? 1 : 0);) {
			b.loc_ids[f] = pp_func(&b, fr[k].s, fr[k].len);
			if (!b.loc_ids[f])
				goto out;
			f++;
		}
		sm->location_id = &b.loc_ids[first];
		sm->n_location_id = f - first;
		b.values[i] = e->count[0] > INT64_MAX ? INT64_MAX :
			      (int64_t)e->count[0];
		sm->value = &b.values[i];
		sm->n_value = 1;

		sm->label = &b.label_ptrs[nl];
		if (e->root_is_comm) {
			const char *c = e->comm;
			size_t clen = c ? strlen(c) : 0;
			long ci;

			if (!c) {
				c = s;
				clen = root_end - s;
			}
			ci = pp_intern(&b.str, c, clen);
			if (ci < 0)
				goto out;
			perftools__profiles__label__init(&b.labels[nl]);
			b.labels[nl].key = k_comm;
			b.labels[nl].str = ci;
			b.label_ptrs[nl] = &b.labels[nl];
			nl++;
		}
		if (e->pid >= 0) {
			perftools__profiles__label__init(&b.labels[nl]);
			b.labels[nl].key = k_pid;
			b.labels[nl].num = e->pid;
			b.label_ptrs[nl] = &b.labels[nl];
			nl++;
		}
		if (e->tid >= 0) {
			perftools__profiles__label__init(&b.labels[nl]);
			b.labels[nl].key = k_tid;
			b.labels[nl].num = e->tid;
			b.label_ptrs[nl] = &b.labels[nl];
			nl++;
		}
		sm->n_label = &b.label_ptrs[nl] - sm->label;
	}

	/* one location per function, same id, no mapping (symbolised) */
	b.locs = calloc(b.nfuncs + 1, sizeof(*b.locs));
	b.lines = calloc(b.nfuncs + 1, sizeof(*b.lines));
	b.line_ptrs = calloc(b.nfuncs + 1, sizeof(*b.line_ptrs));
	b.loc_ptrs = calloc(b.nfuncs + 1, sizeof(*b.loc_ptrs));
	b.func_ptrs = calloc(b.nfuncs + 1, sizeof(*b.func_ptrs));
	b.strs = calloc(b.str.n + 1, sizeof(*b.strs));
	if (!b.locs || !b.lines || !b.line_ptrs || !b.loc_ptrs ||
	    !b.func_ptrs || !b.strs)
		goto out;
	for (k = 0; k < b.nfuncs; k++) {
		perftools__profiles__line__init(&b.lines[k]);
		b.lines[k].function_id = k + 1;
		b.line_ptrs[k] = &b.lines[k];
		perftools__profiles__location__init(&b.locs[k]);
		b.locs[k].id = k + 1;
		b.locs[k].mapping_id = 1;
		b.locs[k].line = &b.line_ptrs[k];
		b.locs[k].n_line = 1;
		b.loc_ptrs[k] = &b.locs[k];
		b.func_ptrs[k] = &b.funcs[k];
	}
	/*
	 * protobuf-c wants NUL-terminated strings; the interned ones point
	 * into keys (not terminated at frame ends), so copy them into one
	 * block.
	 */
	{
		size_t total = 0;
		char *blk, *p;

		for (k = 0; k < b.str.n; k++)
			total += b.str.v[k].len + 1;
		blk = malloc(total + 1);
		if (!blk)
			goto out;
		for (p = blk, k = 0; k < b.str.n; k++) {
			memcpy(p, b.str.v[k].s, b.str.v[k].len);
			p[b.str.v[k].len] = '\0';
			b.strs[k] = p;
			p += b.str.v[k].len + 1;
		}

		vt.type = k_type;
		vt.unit = k_unit;
		pt = vt;
		prof.n_sample_type = 1;
		prof.sample_type = &vtp;
		prof.period_type = &pt;
		prof.period = 1;
		prof.n_sample = t->nentries;
		prof.sample = b.sample_ptrs;
		map.id = 1;
		map.filename = k_map;
		map.has_functions = true;
		prof.n_mapping = 1;
		prof.mapping = &mapp;
		prof.n_location = b.nfuncs;
		prof.location = b.loc_ptrs;
		prof.n_function = b.nfuncs;
		prof.function = b.func_ptrs;
		prof.n_string_table = b.str.n;
		prof.string_table = b.strs;
		if (!clock_gettime(CLOCK_REALTIME, &now))
			prof.time_nanos = now.tv_sec * 1000000000ll +
					  now.tv_nsec;

		len = perftools__profiles__profile__get_packed_size(&prof);
		buf = malloc(len ? len : 1);
		if (!buf) {
			free(blk);
			goto out;
		}
		perftools__profiles__profile__pack(&prof, buf);
		free(blk);
	}
	err = pp_gzip_write(out, buf, len);
out:
	free(fr);
	free(buf);
	pp_build_free(&b);
	return err;
}

const struct fold_writer fold_writer_pprof = {
	.fmt = FOLD_FMT_PPROF,
	.name = "pprof",
	.binary = true,		/* gzipped protobuf */
	/* a profile has one count per sample: pprof -diff_base compares two */
	.diff = false,
	.write = fold_write_pprof,
};
