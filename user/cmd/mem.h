/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl mem`'s snapshot and printer, apart from its command line so
 * the tests can print recorded /proc/meminfo, /proc/vmstat and
 * /proc/slabinfo contents.
 */
#ifndef KDBGCTL_MEM_H
#define KDBGCTL_MEM_H

#include <stdbool.h>

#include "counters.h"

struct mem_snap {
	struct kc_set meminfo;	/* kB, as printed */
	struct kc_set vmstat;	/* event counts, pages */
	struct kc_slabs slabs;	/* per cache; empty without a slab reader */
	bool have_slabs;
};

/*
 * Where the per-cache figures beside the summary come from. The default
 * reads /proc/slabinfo (root only: mode 0400); a reader of the module's
 * slab walk can take its place (mem_slab_reader), filling the same
 * struct kc_slabs. read() returns 0, or -errno when nothing is known.
 */
struct mem_slab_reader {
	const char *what;	/* "/proc/slabinfo", for the warning */
	int (*read)(struct kc_slabs *out);
};
extern const struct mem_slab_reader *mem_slab_reader;

/* Parse the texts into @s (@slabinfo may be NULL): 0, or -1 (*@bad). */
int mem_parse(struct mem_snap *s, const char *meminfo, const char *vmstat,
	      const char *slabinfo, const char **bad);
void mem_snap_free(struct mem_snap *s);

struct mem_print_opts {
	double secs;		/* the interval; since boot: the uptime */
	unsigned int top;	/* slab caches shown, by growth */
	bool header;		/* text: print the column header first */
};

/*
 * Print @cur: its levels (MemAvailable, slab, swap...) and their change
 * since @prev, and the reclaim, compaction and stall counts since @prev
 * (@prev NULL: since boot) with their rate per second, and the @top
 * slab caches that grew most since @prev.
 */
void mem_print(const struct mem_snap *prev, const struct mem_snap *cur,
	       const struct mem_print_opts *o);

#endif /* KDBGCTL_MEM_H */
