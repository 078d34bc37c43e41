// SPDX-License-Identifier: GPL-2.0
/*
 * pprof profiles from a fold table (work in progress).
 */
#include <errno.h>

#include "fold_priv.h"

int fold_write_pprof(struct fold_table *t, FILE *out,
		     const struct fold_output_opts *o)
{
	(void)t;
	(void)out;
	(void)o;
	return -EOPNOTSUPP;
}
