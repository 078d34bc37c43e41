// SPDX-License-Identifier: GPL-2.0
/*
 * SVG flame graphs from a fold table (work in progress).
 */
#include <errno.h>

#include "fold_priv.h"

int fold_write_svg(struct fold_table *t, FILE *out,
		   const struct fold_output_opts *o)
{
	(void)t;
	(void)out;
	(void)o;
	return -EOPNOTSUPP;
}
