// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of output formats: the one place that names every writer,
 * and fold_table_write() and the fold_format_*() queries on top of it, so
 * that neither the table nor the commands switch over formats.
 */
#include <errno.h>
#include <string.h>

#include "fold_writer.h"

/* Each defined in its own file; register a new one with two lines here. */
extern const struct fold_writer fold_writer_folded;
extern const struct fold_writer fold_writer_svg;
extern const struct fold_writer fold_writer_pprof;

const struct fold_writer *const fold_writers[] = {
	&fold_writer_folded,
	&fold_writer_svg,
	&fold_writer_pprof,
};

const size_t fold_nwriters = sizeof(fold_writers) / sizeof(fold_writers[0]);

/* A walk, not an index: three entries, and no enum order to keep in step. */
const struct fold_writer *fold_writer_get(enum fold_format fmt)
{
	size_t i;

	for (i = 0; i < fold_nwriters; i++)
		if (fold_writers[i]->fmt == fmt)
			return fold_writers[i];
	return NULL;
}

int fold_format_from_name(const char *name, enum fold_format *fmt)
{
	size_t i;

	for (i = 0; i < fold_nwriters; i++) {
		if (!strcmp(fold_writers[i]->name, name)) {
			*fmt = fold_writers[i]->fmt;
			return 0;
		}
	}
	return -EINVAL;
}

const char *fold_format_name(enum fold_format fmt)
{
	const struct fold_writer *w = fold_writer_get(fmt);

	return w ? w->name : NULL;
}

bool fold_format_binary(enum fold_format fmt)
{
	const struct fold_writer *w = fold_writer_get(fmt);

	return w && w->binary;
}

bool fold_format_diff(enum fold_format fmt)
{
	const struct fold_writer *w = fold_writer_get(fmt);

	return w && w->diff;
}

void fold_output_opts_init(struct fold_output_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->width = 1200;
	o->minwidth = 0.1;
}

int fold_table_write(struct fold_table *t, FILE *out, enum fold_format fmt,
		     const struct fold_output_opts *opts)
{
	const struct fold_writer *w = fold_writer_get(fmt);
	struct fold_output_opts defaults;
	int err;

	if (!w || (t->is_diff && !w->diff))
		return -EINVAL;
	if (!opts) {
		fold_output_opts_init(&defaults);
		opts = &defaults;
	}
	err = w->write(t, out, opts);
	if (err)
		return err;
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}
