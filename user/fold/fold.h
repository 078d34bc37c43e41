/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stack folding: a table of distinct call stacks with their sample counts,
 * the parsers that fill it (perf script text, folded text, kdbg's stream
 * JSON) and the writers that print it (folded text, JSON, an interactive
 * SVG flame graph, a gzipped pprof profile).  `kdbgctl fold` is built on
 * this, and so is `kdbgctl stream --format`, which feeds the table one
 * sample at a time with fold_table_add() and prints it with
 * fold_table_write().
 *
 * Memory is proportional to the number of distinct stacks: each distinct
 * stack is stored once, as its folded line ("root;outer;...;inner"), and
 * repeats only bump its count.
 */
#ifndef KDBG_FOLD_H
#define KDBG_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct fold_table;
struct fold_parse_opts;

/*
 * What kind of code a frame is, for flame graph colours.  Parsers that know
 * (perf knows the DSO, kdbg stacks are all kernel) pass it; frames added
 * without a kind are classified from their annotation suffix (_[k], _[j],
 * _[i]) when one is present.
 */
enum fold_kind {
	FOLD_KIND_UNKNOWN,
	FOLD_KIND_USER,
	FOLD_KIND_KERNEL,
	FOLD_KIND_JIT,
	FOLD_KIND_INLINE,
	FOLD_KIND_ROOT,		/* the process name at a stack's root */
};

/* Return a new, empty table, or NULL when out of memory. */
struct fold_table *fold_table_new(void);
void fold_table_free(struct fold_table *t);

/*
 * Count @count samples of one stack.  frames[0] is the root (usually the
 * process name), then the outermost frame down to the innermost one.
 * ';' in a frame name becomes ':' and newlines become spaces, because the
 * folded format uses them as separators.  Returns 0, -EINVAL for an empty
 * stack, or -ENOMEM.
 */
int fold_table_add(struct fold_table *t, const char *const *frames,
		   size_t nframes, unsigned long long count);

/*
 * Optional per-sample details for pprof labels and SVG colours.  pid and
 * tid are -1 when unknown; comm may be NULL.  kinds, when not NULL, has
 * one entry per frame.  When @root_is_comm is set, pprof turns frames[0]
 * into the "comm" label instead of a location.
 *
 * A stack seen from several pids keeps one entry (the folded output does
 * not distinguish them either); its pid label is then dropped rather than
 * reported wrongly.  Use the --pid style root ("comm-pid") to tell them
 * apart.
 */
struct fold_sample_info {
	const char *comm;
	long long pid;
	long long tid;
	const unsigned char *kinds;	/* fold_kind per frame, or NULL */
	bool root_is_comm;
};

int fold_table_add_info(struct fold_table *t, const char *const *frames,
			size_t nframes, unsigned long long count,
			const struct fold_sample_info *info);

/*
 * Count a kdbg stack as `kdbgctl fold --input kdbg` does, for `kdbgctl
 * stream --format`: @stack is innermost first, each frame "func+0xOFF",
 * "func+0xOFF [module]" or "0xADDR"; the root is @comm ("comm-TGID" or
 * "comm-TGID/PID" with opts->pid/tid); offsets go unless opts->addrs,
 * frames get "_[k]" with opts->kernel.  tgid/pid are -1 when unknown;
 * @opts may be NULL.  Returns 0, -EINVAL for an empty stack, or -ENOMEM.
 */
int fold_table_add_kdbg(struct fold_table *t, const char *comm,
			long long tgid, long long pid,
			const char *const *stack, size_t n,
			unsigned long long count,
			const struct fold_parse_opts *opts);

/* Forget every stack, keeping the allocations for reuse. */
void fold_table_clear(struct fold_table *t);

/* Number of distinct stacks, and the sum of their counts. */
size_t fold_table_size(const struct fold_table *t);
unsigned long long fold_table_total(const struct fold_table *t);

enum fold_format {
	FOLD_FMT_FOLDED,
	FOLD_FMT_SVG,
	FOLD_FMT_PPROF,
};

struct fold_output_opts {
	const char *title;	/* SVG title; NULL for the default */
	const char *subtitle;	/* SVG second line; NULL for none */
	unsigned int width;	/* SVG width in pixels */
	double minwidth;	/* SVG: omit frames narrower than this (px) */
	bool inverted;		/* SVG: icicle graph, root at the top */
	bool reverse;		/* SVG: merge stacks from the leaf up */
	bool json;		/* folded: JSON array of {stack, count} */
	const char *sample_type;	/* pprof sample type ("samples") */
	const char *sample_unit;	/* pprof sample unit ("count") */
	const char *count_name;	/* SVG tooltip unit ("samples") */
};

/*
 * The formats by the names the command line gives them ("folded", "svg",
 * "pprof"), and what a command must know before it writes one: whether
 * the output is binary (not for a terminal), and whether it can print a
 * fold_diff_tables() table.  The list is user/fold/fold_writers.c.
 * fold_format_from_name() returns 0 or -EINVAL; fold_format_name()
 * returns NULL, and the others false, for a value that is no format.
 */
int fold_format_from_name(const char *name, enum fold_format *fmt);
const char *fold_format_name(enum fold_format fmt);
bool fold_format_binary(enum fold_format fmt);
bool fold_format_diff(enum fold_format fmt);

/* Fill @o with the defaults: 1200 px wide, 0.1 px minimum, upright. */
void fold_output_opts_init(struct fold_output_opts *o);

/*
 * Print the table to @out.  Folded lines are sorted, one per distinct
 * stack ("a;b;c 42").  A table built by fold_diff_tables() prints as
 * "stack before after" lines, or as a differential flame graph.  @opts may
 * be NULL for the defaults.  Returns 0, or -errno (-EIO when writing
 * fails, -ENOMEM, -EINVAL for a format the table cannot give).
 */
int fold_table_write(struct fold_table *t, FILE *out, enum fold_format fmt,
		     const struct fold_output_opts *opts);

/* Input parsers: fold_input.c and fold_perf.c. */

enum fold_input_kind {
	FOLD_IN_AUTO,
	FOLD_IN_PERF,
	FOLD_IN_FOLDED,
	FOLD_IN_KDBG,
};

/*
 * The options stackcollapse-perf.pl knows, with the same meaning; they
 * apply to kdbg JSON input too.
 */
struct fold_parse_opts {
	bool pid;		/* root "comm-pid" */
	bool tid;		/* root "comm-pid/tid" */
	bool kernel;		/* kernel frames get "_[k]" */
	bool jit;		/* JIT frames get "_[j]" */
	bool addrs;		/* keep unknown frames' addresses, offsets */
	/* perf: only this event (NULL: the first); kdbg: this "source" */
	const char *event_filter;
};

/* Statistics a parse leaves behind, for warnings. */
struct fold_parse_stats {
	unsigned long long lines;
	unsigned long long samples;
	unsigned long long skipped;	/* unrecognised or malformed lines */
	unsigned long long filtered;	/* samples of another event */
	char event[64];			/* perf: the event kept */
};

/*
 * Parse a whole stream into @t, reading it in blocks (it may be a pipe).
 * @kind FOLD_IN_AUTO looks at the first lines.  Returns 0 or -errno (-EIO
 * on a read error, -ENOMEM).
 */
int fold_parse_stream(struct fold_table *t, FILE *in, enum fold_input_kind kind,
		      const struct fold_parse_opts *opts,
		      struct fold_parse_stats *stats);

/*
 * Several files parsed as one stream, as stackcollapse-perf.pl reads its
 * arguments: a perf sample still open at the end of one file continues
 * in the next.  The format is detected from the first file.
 */
int fold_parse_files(struct fold_table *t, FILE **in, size_t nin,
		     enum fold_input_kind kind,
		     const struct fold_parse_opts *opts,
		     struct fold_parse_stats *stats);

/* The same on a buffer already in memory (the tests and the fuzzer use it). */
int fold_parse_buffer(struct fold_table *t, const char *buf, size_t len,
		      enum fold_input_kind kind,
		      const struct fold_parse_opts *opts,
		      struct fold_parse_stats *stats);

/* Which input kind a buffer's first lines look like (never FOLD_IN_AUTO). */
enum fold_input_kind fold_detect(const char *buf, size_t len);

/*
 * Differential profile (difffolded.pl): a new table holding every stack of
 * @before and @after with both counts.  With @normalize, the before counts
 * are scaled so that both totals match.  Returns NULL when out of memory.
 */
struct fold_table *fold_diff_tables(const struct fold_table *before,
				    const struct fold_table *after,
				    bool normalize);

#endif /* KDBG_FOLD_H */
