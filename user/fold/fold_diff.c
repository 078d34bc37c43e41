// SPDX-License-Identifier: GPL-2.0
/*
 * Differential profiles, as FlameGraph's difffolded.pl makes them: one
 * table holding every stack of a BEFORE and an AFTER profile with both
 * counts, which prints as "stack before after" lines or as a differential
 * flame graph (sized by AFTER, red where a stack grew, blue where it
 * shrank).
 */
#include <errno.h>

#include "fold_priv.h"

static int fold_diff_copy(struct fold_table *d, const struct fold_table *s,
			  int which)
{
	size_t i;
	int err;

	for (i = 0; i < s->nentries; i++) {
		const struct fold_entry *e = &s->entries[i];
		struct fold_sample_info info = {
			.comm = e->comm,
			.pid = e->pid,
			.tid = e->tid,
			.kinds = e->kinds,
			.root_is_comm = e->root_is_comm,
		};

		err = fold_table_add_key(d, e->key, e->len, e->nframes, which,
					 e->count[0], &info);
		if (err)
			return err;
	}
	return 0;
}

struct fold_table *fold_diff_tables(const struct fold_table *before,
				    const struct fold_table *after,
				    bool normalize)
{
	struct fold_table *d = fold_table_new();
	unsigned long long t0 = before->total[0], t1 = after->total[0];
	size_t i;

	if (!d)
		return NULL;
	d->is_diff = true;
	if (fold_diff_copy(d, before, 0) || fold_diff_copy(d, after, 1)) {
		fold_table_free(d);
		return NULL;
	}
	/* difffolded.pl -n: scale BEFORE so that both totals are equal */
	if (normalize && t0 && t0 != t1) {
		d->total[0] = 0;
		for (i = 0; i < d->nentries; i++) {
			struct fold_entry *e = &d->entries[i];

			e->count[0] = (unsigned long long)
				((long double)e->count[0] * t1 / t0);
			d->total[0] += e->count[0];
		}
	}
	return d;
}
