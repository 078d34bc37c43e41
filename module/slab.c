// SPDX-License-Identifier: GPL-2.0
/*
 * The walk of the kernel's slab caches (KDBG_CMD_SLAB_GET, debugfs
 * "slabs").
 *
 * What a module may read on 6.1, and what this file reads:
 *  - The list of caches (slab_caches) and its lock (slab_mutex) are
 *    declared in mm/slab.h, a private header, and are not exported.
 *  - struct kmem_cache (include/linux/slub_def.h) cannot be compiled in a
 *    module: the header needs struct slab, defined in mm/slab.h. So no
 *    field of a cache is read here, not even its name.
 *  - The counts (objects in use and total, slabs) live in struct
 *    kmem_cache_node and are summed by get_slabinfo() into struct
 *    slabinfo, both private to mm/slab.h too.
 * Not one of those layouts is ours to guess. What is safe is the kernel's
 * own /proc/slabinfo code: its seq_operations (slabinfo_op, a static of
 * mm/slab_common.c, found through kallsyms, ksyms.c; struct
 * seq_operations and struct seq_file are public) are driven over a
 * private seq_file, one cache at a time, and the line each prints is
 * parsed. Its ->start takes slab_mutex and ->stop drops it, so no cache is
 * destroyed while we read (kmem_cache_destroy() takes the same mutex), and
 * the figures are exactly those of /proc/slabinfo (with per-CPU slabs'
 * objects counted as active, as there).
 * Flags: the kernel keeps them in struct kmem_cache, out of reach; only
 * the kmalloc caches say theirs in their names (kmalloc-rcl-N is
 * reclaimable, kmalloc-cg-N accounted), so FLAGS is given for those and
 * KDBG_SLAB_F_UNKNOWN is set for every other cache. The object size
 * callers get (kmem_cache_size()) needs the cache's address, which the
 * walk does not have either: SIZE is slabinfo's objsize, metadata
 * included.
 * Pages: slabs times the pages of a slab at the cache's preferred order
 * (slabinfo's pagesperslab); a slab SLUB allocated at its fallback order
 * counts at the preferred one, as in slabinfo.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kdbg.h"
#include "mem.h"

/* A line of /proc/slabinfo, with the header the first cache gets. */
#define KDBG_SLAB_LINE_MAX	1024

/*
 * Found once; never changes after (the kernel image's static). The mutex
 * serialises the first lookup only.
 */
static DEFINE_MUTEX(kdbg_slab_op_lock);
static const struct seq_operations *kdbg_slab_op;

static const struct seq_operations *kdbg_slab_ops(void)
{
	const struct seq_operations *op;

	mutex_lock(&kdbg_slab_op_lock);
	if (!kdbg_slab_op)
		kdbg_slab_op = (const void *)kdbg_ksym_lookup("slabinfo_op");
	op = kdbg_slab_op;
	mutex_unlock(&kdbg_slab_op_lock);
	return op;
}

/* The cache's own line of what ->show printed (after the header). */
static const char *kdbg_slab_line(char *buf, size_t len)
{
	char *line = buf, *nl;

	buf[len] = '\0';
	while ((nl = strchr(line, '\n'))) {
		*nl = '\0';
		if (line[0] && line[0] != '#' && strncmp(line, "slabinfo", 8))
			return line;
		line = nl + 1;
	}
	return line[0] ? line : NULL;
}

/* What the name of a kmalloc cache says of its flags. */
static u32 kdbg_slab_name_flags(const char *name)
{
	if (str_has_prefix(name, "kmalloc-rcl-"))
		return KDBG_SLAB_F_RECLAIMABLE;
	if (str_has_prefix(name, "kmalloc-cg-"))
		return KDBG_SLAB_F_ACCOUNT;
	if (str_has_prefix(name, "kmalloc-") ||
	    str_has_prefix(name, "dma-kmalloc-"))
		return 0;
	return KDBG_SLAB_F_UNKNOWN;
}

/* Fill @info from the line slabinfo printed for one cache. */
static int kdbg_slab_fill(struct kdbg_slab_info *info, const char *line)
{
	unsigned long active, total, aslabs, slabs;
	unsigned int size, per, pages;
	char name[KDBG_SLAB_NAME_MAX];

	/* Cache names have no blanks: slabinfo could not be parsed else. */
	if (sscanf(line,
		   "%63s %lu %lu %u %u %u : tunables %*u %*u %*u : slabdata %lu %lu",
		   name, &active, &total, &size, &per, &pages, &aslabs,
		   &slabs) != 8)
		return -EINVAL;
	strscpy(info->name, name, sizeof(info->name));
	info->size = size;
	info->objs_per_slab = per;
	info->pages_per_slab = pages;
	info->active_objs = active;
	info->num_objs = total;
	info->active_slabs = aslabs;
	info->num_slabs = slabs;
	info->flags = kdbg_slab_name_flags(name);
	return 0;
}

/*
 * One pass of slabinfo's iterator: fill at most @cap entries of @snap
 * (only the cache named @name, if not NULL). Return: the caches that
 * matched, which may exceed @cap (the caller retries bigger).
 */
static u32 kdbg_slab_pass(const struct seq_operations *op,
			  struct seq_file *m, struct kdbg_slab_snap *snap,
			  u32 cap, const char *name)
{
	struct kdbg_slab_info *info;
	const char *line;
	loff_t pos = 0;
	u32 seen = 0;
	void *p;

	/* ->start takes slab_mutex; ->stop below releases it. */
	p = op->start(m, &pos);
	while (p && !IS_ERR(p)) {
		m->count = 0;
		op->show(m, p);
		line = seq_has_overflowed(m) ? NULL :
		       kdbg_slab_line(m->buf, m->count);
		/* An unparsable line is left out, never guessed at. */
		if (line && (!name || (str_has_prefix(line, name) &&
				       line[strlen(name)] == ' '))) {
			info = seen < cap ? &snap->caches[snap->nr] : NULL;
			if (!info || !kdbg_slab_fill(info, line)) {
				seen++;
				if (info)
					snap->nr++;
			}
		}
		p = op->next(m, p, &pos);
	}
	op->stop(m, p);
	return seen;
}

struct kdbg_slab_snap *kdbg_slab_snapshot(const char *name)
{
	const struct seq_operations *op = kdbg_slab_ops();
	struct seq_file m = {};
	struct kdbg_slab_snap *snap = NULL;
	u32 cap = 256, seen;

	if (!op)
		return ERR_PTR(-EOPNOTSUPP);
	m.size = KDBG_SLAB_LINE_MAX;
	m.buf = kmalloc(m.size + 1, GFP_KERNEL);
	if (!m.buf)
		return ERR_PTR(-ENOMEM);
	/* Caches come and go between passes: retry until one fits. */
	for (;;) {
		snap = kvzalloc(struct_size(snap, caches, cap), GFP_KERNEL);
		if (!snap) {
			snap = ERR_PTR(-ENOMEM);
			break;
		}
		seen = kdbg_slab_pass(op, &m, snap, cap, name);
		if (seen <= cap)
			break;
		kvfree(snap);
		cap = seen + 64;
	}
	kfree(m.buf);
	return snap;
}

static int kdbg_slab_debugfs_show(struct seq_file *m, void *v)
{
	struct kdbg_slab_snap *snap = kdbg_slab_snapshot(NULL);
	const struct kdbg_slab_info *c;
	u32 i;

	if (IS_ERR(snap))
		return PTR_ERR(snap);
	seq_puts(m, "# name objsize active_objs num_objs objperslab pagesperslab active_slabs num_slabs pages flags\n");
	for (i = 0; i < snap->nr; i++) {
		c = &snap->caches[i];
		seq_printf(m, "%s %u %llu %llu %u %u %llu %llu %llu %s\n",
			   c->name, c->size, c->active_objs,
			   c->num_objs, c->objs_per_slab, c->pages_per_slab,
			   c->active_slabs, c->num_slabs,
			   c->num_slabs * c->pages_per_slab,
			   c->flags & KDBG_SLAB_F_UNKNOWN ? "?" :
			   c->flags & KDBG_SLAB_F_RECLAIMABLE ? "r" :
			   c->flags & KDBG_SLAB_F_ACCOUNT ? "a" : "-");
	}
	kvfree(snap);
	return 0;
}

static int kdbg_slab_debugfs_open(struct inode *inode, struct file *file)
{
	/* About 200 caches of ~100 bytes: size the buffer once. */
	return single_open_size(file, kdbg_slab_debugfs_show, NULL, 64 << 10);
}

const struct file_operations kdbg_slab_debugfs_fops = {
	.owner = THIS_MODULE,
	.open = kdbg_slab_debugfs_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
