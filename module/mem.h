/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory analyses (see "Slab caches" and the "memleak" analysis in the
 * uapi header):
 *
 *   slab.c             the walk of the kernel's slab caches (what
 *                      /proc/slabinfo shows, plus each cache's flags)
 *   layer_memleak.c    the "memleak" layer analysis: outstanding
 *                      allocations by stack, kept in the pairing map
 *   netlink_mem.c      KDBG_CMD_SLAB_GET and KDBG_CMD_MEMLEAK_GET
 */
#ifndef KDBG_MEM_H
#define KDBG_MEM_H

#include <linux/fs.h>
#include <linux/types.h>
#include <uapi/linux/kdbg.h>

struct kdbg_source;
struct seq_file;
struct sk_buff;
struct netlink_callback;

/* One cache, as the walk saw it. */
struct kdbg_slab_info {
	char name[KDBG_SLAB_NAME_MAX];
	u32 size;		/* per object with metadata (slabinfo's objsize) */
	u32 objs_per_slab;
	u32 pages_per_slab;	/* at the cache's preferred order */
	u32 flags;		/* KDBG_SLAB_F_* */
	u64 active_objs, num_objs;
	u64 active_slabs, num_slabs;
};

struct kdbg_slab_snap {
	u32 nr;
	struct kdbg_slab_info caches[];
};

/*
 * kdbg_slab_snapshot() - every slab cache (or only the one named @name,
 * when not NULL) in the kernel's list order.
 * Context: process; sleeps (takes the kernel's slab_mutex); allocates.
 * Return: the copy (kvfree()), or ERR_PTR(-EOPNOTSUPP) when the kernel
 * does not let us read it (not SLUB, no /proc/slabinfo, no kallsyms),
 * -ENOMEM.
 */
struct kdbg_slab_snap *kdbg_slab_snapshot(const char *name);

/* debugfs "slabs": the snapshot as a table. */
extern const struct file_operations kdbg_slab_debugfs_fops;

/* One stack's outstanding allocations (layer_memleak.c). */
struct kdbg_memleak_stack {
	u32 stack_id;		/* 0: the stack table had no room */
	u64 count, bytes;
	u64 age_min_ms, age_max_ms;
};

struct kdbg_memleak_snap {
	u32 nr;			/* stacks[] with count > 0, by stack id */
	u32 tracked;		/* outstanding allocations in the map */
	u32 capacity;		/* of the map */
	u32 sample;		/* 1 in N allocations tracked */
	u64 overflow;		/* allocations the map had no room for */
	struct kdbg_memleak_stack stacks[];
};

/*
 * kdbg_memleak_snapshot() - the outstanding allocations of a memleak
 * source older than @min_age_ms, summed by stack.
 * Context: process, under the sources mutex (the source stays attached).
 * Return: the copy (kvfree()), ERR_PTR(-EINVAL) for a source that is not
 * a memleak analysis, -ENOMEM.
 */
struct kdbg_memleak_snap *kdbg_memleak_snapshot(struct kdbg_source *src,
						u32 min_age_ms);

#endif /* KDBG_MEM_H */
