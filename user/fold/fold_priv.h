/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inside of the fold table, shared by fold.c and its parsers and
 * writers (fold_perf.c, fold_input.c, fold_diff.c; the writers through
 * fold_writer.h).  It declares the table and the parsers only: the table
 * knows no writer.  Outside user/fold/ only fold_cmd.c and the tests
 * include it.
 */
#ifndef KDBG_FOLD_PRIV_H
#define KDBG_FOLD_PRIV_H

#include <stdint.h>

#include "fold.h"

/*
 * One distinct stack.  key is the folded line without its count
 * ("root;outer;inner"); kinds, when known, has nframes entries.  count[0]
 * is the sample count; a diff table also uses count[1] (count[0] is then
 * "before" and count[1] "after").
 */
struct fold_entry {
	const char *key;
	uint32_t len;
	uint32_t nframes;
	uint64_t hash;
	unsigned long long count[2];
	const unsigned char *kinds;
	const char *comm;
	long long pid;
	long long tid;
	bool root_is_comm;
};

struct fold_arena_chunk;

struct fold_table {
	struct fold_entry *entries;
	size_t nentries, entries_cap;
	/* open addressing: (hash32 << 32 | index + 1) per slot, 0 is empty */
	uint64_t *slots;
	size_t nslots;			/* power of two */
	unsigned long long total[2];
	bool is_diff;
	struct fold_arena_chunk *arena;
	struct fold_arena_chunk *arena_free;	/* clear() keeps them */
	char *scratch;			/* fold_table_add() joins here */
	size_t scratch_cap;
	/* what the counts are, when the input said so (perf periods) */
	char *sample_type;
	const char *sample_unit;
};

uint64_t fold_hash(const char *s, size_t len);

/* Counts saturate rather than wrap: a flame graph needs parts <= whole. */
static inline unsigned long long fold_sat_add(unsigned long long a,
					      unsigned long long b)
{
	return a + b < a ? ~0ull : a + b;
}

/*
 * Add @count to slot @which of the stack @key (already folded, @nframes
 * frames).  @info may be NULL.  Returns 0 or -ENOMEM.
 */
int fold_table_add_key(struct fold_table *t, const char *key, size_t len,
		       size_t nframes, int which, unsigned long long count,
		       const struct fold_sample_info *info);

/*
 * The counts are periods of perf event @ev (e.g. "cycles"), not samples:
 * pprof then says so.  Returns 0 or -ENOMEM.
 */
int fold_table_note_event(struct fold_table *t, const char *ev, size_t len);

/* Entries sorted by key (bytewise), for output; caller frees. */
struct fold_entry **fold_table_sorted(const struct fold_table *t);

/* Classify a frame from its annotation suffix, or FOLD_KIND_UNKNOWN. */
enum fold_kind fold_kind_from_name(const char *name, size_t len);

/* Line-oriented parsers, called by fold_parse_buffer()/stream(). */
struct fold_perf_state;
struct fold_perf_state *fold_perf_new(struct fold_table *t,
				      const struct fold_parse_opts *opts,
				      struct fold_parse_stats *stats);
int fold_perf_line(struct fold_perf_state *st, const char *line, size_t len);
void fold_perf_free(struct fold_perf_state *st);

int fold_folded_line(struct fold_table *t, const char *line, size_t len,
		     int which, struct fold_parse_stats *stats);
int fold_kdbg_line(struct fold_table *t, const char *line, size_t len,
		   const struct fold_parse_opts *opts,
		   struct fold_parse_stats *stats);

#endif /* KDBG_FOLD_PRIV_H */
