/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An output format, as the writer's own file defines it (folded.c,
 * flamegraph.c, pprof.c), and the registry that lists them
 * (fold_writers.c).  Writers read the table through fold_priv.h; the
 * table (fold.c) includes neither this nor any writer, so the dependency
 * runs one way.  A new format is a FOLD_FMT_* value in fold.h, one file
 * defining its struct fold_writer, and its line in fold_writers.c.
 */
#ifndef KDBG_FOLD_WRITER_H
#define KDBG_FOLD_WRITER_H

#include "fold_priv.h"

struct fold_writer {
	enum fold_format fmt;
	const char *name;	/* as --format spells it */
	bool binary;		/* not for a terminal */
	bool diff;		/* can print a fold_diff_tables() table */
	/*
	 * Print @t to @out.  @o is never NULL, and a table this writer cannot
	 * print never reaches it; fold_table_write() flushes and checks @out
	 * afterwards.  Returns 0 or -errno.
	 */
	int (*write)(struct fold_table *t, FILE *out,
		     const struct fold_output_opts *o);
};

/* Every writer once, in the order --help lists them. */
extern const struct fold_writer *const fold_writers[];
extern const size_t fold_nwriters;

/* The writer of @fmt, or NULL when there is none. */
const struct fold_writer *fold_writer_get(enum fold_format fmt);

/* Write @s as a JSON string (with quotes), for writers that print JSON. */
void fold_json_str(FILE *out, const char *s, size_t len);

#endif /* KDBG_FOLD_WRITER_H */
