// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/kdbg: kdbg for humans and for tools that prefer files.
 * kdbgctl never depends on it.
 *
 *   stats    per-CPU and per-source accounting, ring fill levels, totals
 *   probes   the attached sources
 *   aggs     the aggregating sources' tables, read without clearing
 *   events   a text stream of the records, consumed as read (like
 *            ftrace's trace_pipe)
 *   cpuN     CPU N's records in the binary layout of the uapi header,
 *            consumed as read, never split across reads
 *   recorder the flight recorder's state and, when frozen, every frozen
 *            record in the console's "kdbg-recorder:" format, not consumed
 *
 * events and cpuN block until records arrive (O_NONBLOCK: -EAGAIN) and
 * support poll(). Wakeups are batched (see events.c): a poller is woken
 * when a ring is a quarter full, a blocked read() also every
 * KDBG_DEBUGFS_WAIT_MS so that a trickle of events still shows.
 *
 * Lifetime: the files are created with debugfs_create_file(), so every
 * call goes through debugfs' full proxy, and the fops' owner pins the
 * module while a file is open: rmmod fails with EBUSY rather than unload
 * under a reader. kdbg_events_shutdown() (called before
 * kdbg_debugfs_exit()) still makes a read in progress return -ENODEV, so
 * debugfs_remove_recursive(), which waits for running calls, never waits
 * for a sleeping one.
 */
#include <linux/bits.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "kdbg.h"

/* How long one blocked read() sleeps before draining what is there. */
#define KDBG_DEBUGFS_WAIT_MS		200
/* Text of drained records not yet read from "events"; holds a record. */
#define KDBG_DEBUGFS_TEXT_SIZE		(32 << 10)
/* Room kept at the end of the text for the "records lost" line. */
#define KDBG_DEBUGFS_LOST_LINE		64
/* Binary records drained from "cpuN" by one read() at most. */
#define KDBG_DEBUGFS_BIN_SIZE		(64 << 10)

static struct dentry *kdbg_debugfs_dir;

static const char *kdbg_debugfs_mode_name(enum kdbg_ring_mode mode)
{
	switch (mode) {
	case KDBG_RING_MODE_DROP:
		return "drop";
	case KDBG_RING_MODE_OVERWRITE:
		return "overwrite";
	default:
		return "unknown";
	}
}

/* Return: the value of a read syscall for a drain error. */
static int kdbg_debugfs_read_error(int err)
{
	switch (err) {
	case -EINTR:
		return -ERESTARTSYS;
	case -ESHUTDOWN:
		return -ENODEV;	/* the module is going away */
	default:
		return err;
	}
}

/* ------------------------------------------------------------------ */
/* stats                                                              */

static void kdbg_debugfs_add_counters(struct kdbg_counters *sum,
				      const struct kdbg_counters *c)
{
	sum->hits += c->hits;
	sum->filtered += c->filtered;
	sum->written += c->written;
	sum->delivered += c->delivered;
	sum->dropped += c->dropped;
	sum->missed += c->missed;
}

static void kdbg_debugfs_show_counters(struct seq_file *m,
				       const struct kdbg_counters *c)
{
	seq_printf(m, " %12llu %12llu %12llu %12llu %12llu %12llu",
		   c->hits, c->filtered, c->written, c->delivered, c->dropped,
		   c->missed);
}

static void kdbg_debugfs_show_ring(struct seq_file *m, u64 used, u64 records,
				   u64 size)
{
	seq_printf(m, " %10llu %10llu %10llu %4llu%%\n", used, records, size,
		   size ? div64_u64(used * 100, size) : 0);
}

struct kdbg_debugfs_stats {
	struct seq_file *m;
	struct kdbg_counters total;
};

static int kdbg_debugfs_stats_source(struct kdbg_source *src, void *arg)
{
	struct kdbg_debugfs_stats *st = arg;
	struct kdbg_counters c;

	kdbg_source_counters(src, &c);
	kdbg_debugfs_add_counters(&st->total, &c);
	seq_printf(st->m, "%-6u %-10s %-32s", src->id,
		   kdbg_source_type_name(src->spec.type), src->spec.target);
	kdbg_debugfs_show_counters(st->m, &c);
	seq_putc(st->m, '\n');
	return 0;
}

static int kdbg_debugfs_stats_show(struct seq_file *m, void *v)
{
	struct kdbg_debugfs_stats st = { .m = m };
	u32 ring_size = kdbg_events_ring_size();
	u64 used_total = 0, records_total = 0;
	struct kdbg_counters c;
	u32 used, records, gen;
	int cpu;

	seq_printf(m, "ring: %u bytes per CPU, %s mode, %u CPUs\n\n",
		   ring_size, kdbg_debugfs_mode_name(kdbg_events_ring_mode()),
		   num_possible_cpus());

	seq_printf(m, "%-6s %12s %12s %12s %12s %12s %12s %10s %10s %10s %5s\n",
		   "cpu", "hits", "filtered", "written", "delivered",
		   "dropped", "missed", "used", "records", "size", "fill");
	for_each_possible_cpu(cpu) {
		kdbg_events_cpu_stats(cpu, &c, &used, &records);
		kdbg_debugfs_add_counters(&st.total, &c);
		used_total += used;
		records_total += records;
		seq_printf(m, "%-6d", cpu);
		kdbg_debugfs_show_counters(m, &c);
		kdbg_debugfs_show_ring(m, used, records, ring_size);
	}
	seq_printf(m, "%-6s", "total");
	kdbg_debugfs_show_counters(m, &st.total);
	kdbg_debugfs_show_ring(m, used_total, records_total,
			       (u64)ring_size * num_possible_cpus());

	memset(&st.total, 0, sizeof(st.total));
	seq_printf(m, "\n%-6s %-10s %-32s %12s %12s %12s %12s %12s %12s\n",
		   "id", "type", "target", "hits", "filtered", "written",
		   "delivered", "dropped", "missed");
	kdbg_sources_walk(1, kdbg_debugfs_stats_source, &st, &gen);
	seq_printf(m, "%-6s %-10s %-32s", "total", "", "");
	kdbg_debugfs_show_counters(m, &st.total);
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kdbg_debugfs_stats);

/* ------------------------------------------------------------------ */
/* probes                                                             */

static int kdbg_debugfs_probes_one(struct kdbg_source *src, void *arg)
{
	const struct kdbg_source_spec *spec = &src->spec;
	struct seq_file *m = arg;
	struct kdbg_counters c;
	bool filtered = false;

	kdbg_source_counters(src, &c);
	seq_printf(m, "%-6u %-10s %-32s 0x%016lx %-8s ", src->id,
		   kdbg_source_type_name(spec->type), spec->target,
		   src->addr,
		   spec->flags & KDBG_SOURCE_F_COUNT ? "count" :
		   spec->flags & KDBG_SOURCE_F_NO_STACK ? "no-stack" : "stack");
	if (spec->filter_pid) {
		seq_printf(m, "pid=%u ", spec->filter_pid);
		filtered = true;
	}
	if (spec->filter_tgid) {
		seq_printf(m, "tgid=%u ", spec->filter_tgid);
		filtered = true;
	}
	if (spec->filter_comm[0]) {
		seq_printf(m, "comm=%.*s ", KDBG_COMM_LEN, spec->filter_comm);
		filtered = true;
	}
	if (!filtered)
		seq_puts(m, "- ");
	seq_printf(m, "hits=%llu", c.hits);
	if (spec->pattern[0])
		seq_printf(m, " pattern=%s", spec->pattern);
	seq_putc(m, '\n');
	return 0;
}

static int kdbg_debugfs_probes_show(struct seq_file *m, void *v)
{
	u32 gen;

	seq_printf(m, "%-6s %-10s %-32s %-18s %-8s %s\n", "id", "type",
		   "target", "addr", "flags", "filters hits [pattern]");
	kdbg_sources_walk(1, kdbg_debugfs_probes_one, m, &gen);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kdbg_debugfs_probes);

/* ------------------------------------------------------------------ */
/* aggs                                                               */

/*
 * For each aggregating source, a header line, then one line per entry of
 * a non-clearing snapshot (what KDBG_CMD_AGG_GET without KDBG_A_AGG_CLEAR
 * returns), histograms as their non-empty buckets:
 *
 *   source 3 kretprobe vfs_read keys=comm value=latency hist=log2 \
 *	entries=2/1024 missed=0 stacks=0/0 stack_missed=0
 *     comm=bash count=12 sum=8410 min=310 max=2204 [256,511]:3 ...
 *
 * The file is opened with single_open(): when the text outgrows the
 * buffer, seq_file calls the show function again with a bigger one, so
 * the walk stops as soon as the buffer has overflowed.
 */

/* The walk's "stop, the buffer is full": show returns 0 to get a retry. */
#define KDBG_DEBUGFS_AGGS_FULL	(-EFBIG)

static const char *const kdbg_debugfs_agg_key_names[] = {
	"stack", "comm", "pid", "tgid", "cpu", "arg", "retval", "ustack",
};

static const char *const kdbg_debugfs_agg_value_names[] = {
	[KDBG_AGG_VALUE_NONE] = "none",
	[KDBG_AGG_VALUE_LATENCY] = "latency",
	[KDBG_AGG_VALUE_RETVAL] = "retval",
	[KDBG_AGG_VALUE_ARG] = "arg",
};

static void kdbg_debugfs_show_agg_spec(struct seq_file *m,
				       const struct kdbg_agg_spec *agg)
{
	unsigned int i;
	char sep = '=';

	BUILD_BUG_ON(ARRAY_SIZE(kdbg_debugfs_agg_key_names) !=
		     ilog2(KDBG_AGG_KEY_ALL + 1));
	BUILD_BUG_ON(ARRAY_SIZE(kdbg_debugfs_agg_value_names) !=
		     __KDBG_AGG_VALUE_MAX);

	seq_puts(m, " keys");
	for (i = 0; i < ARRAY_SIZE(kdbg_debugfs_agg_key_names); i++) {
		if (!(agg->keys & BIT(i)))
			continue;
		seq_printf(m, "%c%s", sep, kdbg_debugfs_agg_key_names[i]);
		if (BIT(i) == KDBG_AGG_KEY_ARG)
			seq_printf(m, "%u", agg->key_arg);
		sep = ',';
	}
	if (sep == '=')
		seq_puts(m, "=none");

	seq_printf(m, " value=%s", agg->value < __KDBG_AGG_VALUE_MAX ?
		   kdbg_debugfs_agg_value_names[agg->value] : "?");
	if (agg->value == KDBG_AGG_VALUE_ARG)
		seq_printf(m, "%u", agg->value_arg);

	switch (agg->hist) {
	case KDBG_AGG_HIST_NONE:
		seq_puts(m, " hist=none");
		break;
	case KDBG_AGG_HIST_LOG2:
		seq_puts(m, " hist=log2");
		break;
	case KDBG_AGG_HIST_LINEAR:
		seq_printf(m, " hist=linear:%llu:%llu:%llu", agg->hist_min,
			   agg->hist_max, agg->hist_step);
		break;
	default:
		seq_puts(m, " hist=?");
		break;
	}
}

/* The values bucket @i of a histogram of @agg holds, as [*lo, *hi]. */
static void kdbg_debugfs_agg_bucket(const struct kdbg_agg_spec *agg, u32 i,
				    u32 nr_buckets, u64 *lo, u64 *hi)
{
	if (agg->hist == KDBG_AGG_HIST_LOG2) {
		*lo = i ? 1ULL << (i - 1) : 0;
		*hi = i >= 64 ? U64_MAX : (1ULL << i) - 1;
		return;
	}
	/* Linear: below min, one per step from min, then max and above. */
	if (!i) {
		*lo = 0;
		*hi = agg->hist_min ? agg->hist_min - 1 : 0;
	} else if (i == nr_buckets - 1) {
		*lo = agg->hist_max;
		*hi = U64_MAX;
	} else {
		*lo = agg->hist_min + (u64)(i - 1) * agg->hist_step;
		/* The last step may end past max: it ends at max - 1. */
		*hi = agg->hist_max - 1;
		if (*lo <= *hi && agg->hist_step - 1 < *hi - *lo)
			*hi = *lo + agg->hist_step - 1;
	}
}

static void kdbg_debugfs_show_agg_entry(struct seq_file *m,
					const struct kdbg_agg_spec *agg,
					const struct kdbg_agg_snap *snap,
					const struct kdbg_agg_snap_entry *e)
{
	u32 keys = agg->keys;
	u64 lo, hi;
	u32 i;

	seq_puts(m, " ");
	if (keys & KDBG_AGG_KEY_STACK)
		seq_printf(m, " stack=%u", e->key.stack_id);
	if (keys & KDBG_AGG_KEY_COMM)
		seq_printf(m, " comm=%.*s", KDBG_COMM_LEN, e->key.comm);
	if (keys & KDBG_AGG_KEY_PID)
		seq_printf(m, " pid=%u", e->key.pid);
	if (keys & KDBG_AGG_KEY_TGID)
		seq_printf(m, " tgid=%u", e->key.tgid);
	if (keys & KDBG_AGG_KEY_CPU)
		seq_printf(m, " cpu=%u", e->key.cpu);
	if (keys & KDBG_AGG_KEY_ARG)
		seq_printf(m, " arg=0x%llx", e->key.arg);
	if (keys & KDBG_AGG_KEY_RETVAL)
		seq_printf(m, " retval=0x%llx", e->key.retval);
	if (keys & KDBG_AGG_KEY_USTACK)
		seq_printf(m, " ustack=%u", e->key.ustack_id);
	seq_printf(m, " count=%llu", e->count);
	if (agg->value != KDBG_AGG_VALUE_NONE)
		seq_printf(m, " sum=%llu min=%llu max=%llu", e->sum, e->min,
			   e->max);
	if (agg->hist != KDBG_AGG_HIST_NONE) {
		for (i = 0; i < snap->nr_buckets; i++) {
			if (!e->hist[i])
				continue;
			kdbg_debugfs_agg_bucket(agg, i, snap->nr_buckets, &lo,
						&hi);
			seq_printf(m, " [%llu,%llu]:%llu", lo, hi, e->hist[i]);
		}
	}
	seq_putc(m, '\n');
}

/* Under the sources mutex (the walk): the table cannot go away. */
static int kdbg_debugfs_aggs_one(struct kdbg_source *src, void *arg)
{
	const struct kdbg_agg_stats *st;
	const struct kdbg_agg_spec *agg;
	struct kdbg_agg_snap *snap;
	struct seq_file *m = arg;
	u32 i;

	if (!src->agg)
		return 0;
	snap = kdbg_agg_snapshot(src->agg, false);
	if (!snap)
		return -ENOMEM;
	agg = kdbg_agg_spec(src->agg);
	st = &snap->stats;

	seq_printf(m, "source %u %s %s", src->id,
		   kdbg_source_type_name(src->spec.type), src->spec.target);
	kdbg_debugfs_show_agg_spec(m, agg);
	seq_printf(m, " entries=%u/%u missed=%llu stacks=%u/%u stack_missed=%llu\n",
		   st->entries, st->capacity, st->missed, st->stacks,
		   st->stack_capacity, st->stack_missed);
	for (i = 0; i < snap->nr && !seq_has_overflowed(m); i++)
		kdbg_debugfs_show_agg_entry(m, agg, snap,
					    kdbg_agg_snap_entry(snap, i));
	kvfree(snap);
	return seq_has_overflowed(m) ? KDBG_DEBUGFS_AGGS_FULL : 0;
}

static int kdbg_debugfs_aggs_show(struct seq_file *m, void *v)
{
	u32 gen;
	int err;

	err = kdbg_sources_walk(1, kdbg_debugfs_aggs_one, m, &gen);
	/* Full: seq_file sees the overflow and calls again, bigger. */
	return err == KDBG_DEBUGFS_AGGS_FULL ? 0 : err;
}
DEFINE_SHOW_ATTRIBUTE(kdbg_debugfs_aggs);

/* ------------------------------------------------------------------ */
/* events: the text stream                                            */

/*
 * One open "events" file. Records are consumed from the rings when they
 * are rendered here, so text a short read() left over stays here for the
 * next read() of this file: nothing is lost to partial reads.
 */
struct kdbg_debugfs_text {
	struct mutex lock;	/* serialises read() on this open file */
	size_t len;		/* bytes of text in @buf */
	size_t off;		/* bytes of it already read */
	size_t last;		/* @len before the record accepted last */
	char buf[KDBG_DEBUGFS_TEXT_SIZE];
};

/* kdbg_record_fn: render one record, or refuse it (it stays queued). */
static int kdbg_debugfs_text_one(const struct kdbg_record *rec, void *arg)
{
	struct kdbg_debugfs_text *t = arg;
	size_t room = sizeof(t->buf) - KDBG_DEBUGFS_LOST_LINE - t->len;
	int n;

	if (!rec) {
		/* Overwritten before it was consumed: take it back. */
		t->len = t->last;
		return 0;
	}
	if (room < 2)
		return -ENOSPC;
	n = kdbg_record_format(rec, t->buf + t->len, room);
	/*
	 * scnprintf() semantics: a text that fills the room may be cut. A
	 * record is cut only if it alone is larger than the buffer.
	 */
	if (n >= room - 1 && t->len)
		return -ENOSPC;
	t->last = t->len;
	t->len += n;
	return 0;
}

/* Drain into @t's empty buffer; blocks unless @nonblock. */
static int kdbg_debugfs_text_fill(struct kdbg_debugfs_text *t, bool nonblock)
{
	u64 lost;
	int ret;

	t->len = 0;
	t->off = 0;
	for (;;) {
		ret = kdbg_events_read(kdbg_debugfs_text_one, t,
				       nonblock ? 0 : KDBG_DEBUGFS_WAIT_MS,
				       &lost, NULL);
		if (ret < 0)
			return kdbg_debugfs_read_error(ret);
		if (lost)
			t->len += scnprintf(t->buf + t->len,
					    sizeof(t->buf) - t->len,
					    "kdbg: %llu records lost\n", lost);
		if (t->len)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (signal_pending(current))
			return -ERESTARTSYS;
	}
}

static int kdbg_debugfs_events_open(struct inode *inode, struct file *file)
{
	struct kdbg_debugfs_text *t;

	t = kvzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	mutex_init(&t->lock);
	file->private_data = t;
	return stream_open(inode, file);
}

static int kdbg_debugfs_events_release(struct inode *inode,
				       struct file *file)
{
	struct kdbg_debugfs_text *t = file->private_data;

	mutex_destroy(&t->lock);
	kvfree(t);
	return 0;
}

static ssize_t kdbg_debugfs_events_read(struct file *file, char __user *ubuf,
					size_t count, loff_t *ppos)
{
	struct kdbg_debugfs_text *t = file->private_data;
	ssize_t ret;
	size_t n;

	if (!count)
		return 0;
	if (mutex_lock_interruptible(&t->lock))
		return -ERESTARTSYS;
	if (t->off == t->len) {
		ret = kdbg_debugfs_text_fill(t, file->f_flags & O_NONBLOCK);
		if (ret)
			goto out_unlock;
	}
	n = min(count, t->len - t->off);
	/* On a fault the text stays for the next read(). */
	if (copy_to_user(ubuf, t->buf + t->off, n)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	t->off += n;
	ret = n;
out_unlock:
	mutex_unlock(&t->lock);
	return ret;
}

static __poll_t kdbg_debugfs_events_poll(struct file *file,
					 struct poll_table_struct *wait)
{
	struct kdbg_debugfs_text *t = file->private_data;

	poll_wait(file, kdbg_events_waitqueue(), wait);
	/* A lockless peek: a racing read() at worst causes a spurious wakeup. */
	if (READ_ONCE(t->off) != READ_ONCE(t->len) || kdbg_events_readable(-1))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct file_operations kdbg_debugfs_events_fops = {
	.owner = THIS_MODULE,
	.open = kdbg_debugfs_events_open,
	.release = kdbg_debugfs_events_release,
	.read = kdbg_debugfs_events_read,
	.poll = kdbg_debugfs_events_poll,
	.llseek = no_llseek,
};

/* ------------------------------------------------------------------ */
/* cpuN: binary records                                               */

/*
 * One open "cpuN" file. Whole records drained but not yet copied out
 * (only after a fault in copy_to_user()) wait here for the next read().
 */
struct kdbg_debugfs_bin {
	struct mutex lock;	/* serialises read() on this open file */
	int cpu;
	size_t len;		/* bytes of records in @buf */
	size_t off;		/* bytes of them already read */
	size_t last;		/* @len before the record accepted last */
	size_t limit;		/* bytes this drain may take */
	bool refused;		/* this drain refused a record */
	char buf[KDBG_DEBUGFS_BIN_SIZE];
};

/* kdbg_record_fn: copy one record, or refuse it (it stays queued). */
static int kdbg_debugfs_bin_one(const struct kdbg_record *rec, void *arg)
{
	struct kdbg_debugfs_bin *b = arg;

	if (!rec) {
		/* Overwritten before it was consumed: take it back. */
		b->len = b->last;
		return 0;
	}
	if (rec->size > b->limit - b->len) {
		b->refused = true;
		return -ENOSPC;
	}
	memcpy(b->buf + b->len, rec, rec->size);
	b->last = b->len;
	b->len += rec->size;
	return 0;
}

/* The bytes of the whole records at the start of @b's pending ones. */
static size_t kdbg_debugfs_bin_fit(struct kdbg_debugfs_bin *b, size_t count)
{
	size_t pos = b->off;

	while (pos < b->len) {
		const struct kdbg_record *rec = (void *)(b->buf + pos);

		if (rec->size > count - (pos - b->off))
			break;
		pos += rec->size;
	}
	return pos - b->off;
}

/* Drain records that fit in @count into @b's empty buffer. */
static int kdbg_debugfs_bin_fill(struct kdbg_debugfs_bin *b, size_t count,
				 bool nonblock)
{
	int ret;

	b->len = 0;
	b->off = 0;
	b->limit = min_t(size_t, count, sizeof(b->buf));
	b->refused = false;
	for (;;) {
		ret = kdbg_events_read_cpu(b->cpu, kdbg_debugfs_bin_one, b,
					   nonblock ? 0 : KDBG_DEBUGFS_WAIT_MS);
		if (ret < 0)
			return kdbg_debugfs_read_error(ret);
		if (b->len)
			return 0;
		/* The first record was refused: it alone exceeds @count. */
		if (b->refused)
			return -EINVAL;
		if (nonblock)
			return -EAGAIN;
		if (signal_pending(current))
			return -ERESTARTSYS;
	}
}

static int kdbg_debugfs_cpu_open(struct inode *inode, struct file *file)
{
	struct kdbg_debugfs_bin *b;

	b = kvzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	mutex_init(&b->lock);
	b->cpu = (long)inode->i_private;
	file->private_data = b;
	return stream_open(inode, file);
}

static int kdbg_debugfs_cpu_release(struct inode *inode, struct file *file)
{
	struct kdbg_debugfs_bin *b = file->private_data;

	mutex_destroy(&b->lock);
	kvfree(b);
	return 0;
}

/*
 * Return whole records only: as many as fit in @count, or -EINVAL if the
 * next one alone does not fit (it stays queued for a larger read()).
 */
static ssize_t kdbg_debugfs_cpu_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct kdbg_debugfs_bin *b = file->private_data;
	ssize_t ret;
	size_t n;

	if (!count)
		return 0;
	if (mutex_lock_interruptible(&b->lock))
		return -ERESTARTSYS;
	if (b->off == b->len) {
		ret = kdbg_debugfs_bin_fill(b, count,
					    file->f_flags & O_NONBLOCK);
		if (ret)
			goto out_unlock;
	}
	n = kdbg_debugfs_bin_fit(b, count);
	if (!n) {
		ret = -EINVAL;
		goto out_unlock;
	}
	/* On a fault the records stay for the next read(). */
	if (copy_to_user(ubuf, b->buf + b->off, n)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	b->off += n;
	ret = n;
out_unlock:
	mutex_unlock(&b->lock);
	return ret;
}

static __poll_t kdbg_debugfs_cpu_poll(struct file *file,
				      struct poll_table_struct *wait)
{
	struct kdbg_debugfs_bin *b = file->private_data;

	poll_wait(file, kdbg_events_waitqueue(), wait);
	/* A lockless peek: a racing read() at worst causes a spurious wakeup. */
	if (READ_ONCE(b->off) != READ_ONCE(b->len) ||
	    kdbg_events_readable(b->cpu))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct file_operations kdbg_debugfs_cpu_fops = {
	.owner = THIS_MODULE,
	.open = kdbg_debugfs_cpu_open,
	.release = kdbg_debugfs_cpu_release,
	.read = kdbg_debugfs_cpu_read,
	.poll = kdbg_debugfs_cpu_poll,
	.llseek = no_llseek,
};

/* ------------------------------------------------------------------ */

static int kdbg_debugfs_recorder_show(struct seq_file *m, void *v)
{
	return kdbg_recorder_seq_show(m);
}

DEFINE_SHOW_ATTRIBUTE(kdbg_debugfs_recorder);

/**
 * kdbg_debugfs_init() - create /sys/kernel/debug/kdbg and its files.
 *
 * debugfs is for humans: failing to create it (no debugfs in the kernel,
 * out of memory) leaves the module working without it, as debugfs users
 * are expected to.
 *
 * Context: process; module init, after kdbg_events_init() and
 * kdbg_sources_init().
 * Return: 0.
 */
int kdbg_debugfs_init(void)
{
	char name[16];
	long cpu;

	kdbg_debugfs_dir = debugfs_create_dir("kdbg", NULL);
	/* Root only: the files show kernel addresses and drain the rings. */
	debugfs_create_file("stats", 0400, kdbg_debugfs_dir, NULL,
			    &kdbg_debugfs_stats_fops);
	debugfs_create_file("probes", 0400, kdbg_debugfs_dir, NULL,
			    &kdbg_debugfs_probes_fops);
	debugfs_create_file("aggs", 0400, kdbg_debugfs_dir, NULL,
			    &kdbg_debugfs_aggs_fops);
	debugfs_create_file("events", 0400, kdbg_debugfs_dir, NULL,
			    &kdbg_debugfs_events_fops);
	debugfs_create_file("recorder", 0400, kdbg_debugfs_dir, NULL,
			    &kdbg_debugfs_recorder_fops);
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%ld", cpu);
		debugfs_create_file(name, 0400, kdbg_debugfs_dir, (void *)cpu,
				    &kdbg_debugfs_cpu_fops);
	}
	return 0;
}

/**
 * kdbg_debugfs_exit() - remove /sys/kernel/debug/kdbg.
 *
 * Waits for file operations in progress; call kdbg_events_shutdown()
 * first so that none of them sleeps in a drain.
 *
 * Context: process; module exit.
 */
void kdbg_debugfs_exit(void)
{
	debugfs_remove_recursive(kdbg_debugfs_dir);
	kdbg_debugfs_dir = NULL;
}
