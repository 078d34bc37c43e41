// SPDX-License-Identifier: GPL-2.0
/*
 * kbcal: the calibration module of kdbg's benchmark (scripts/bench.sh).
 * It gives the two floor rows of the per-hit overhead table, the physical
 * limit of any kprobe-based tool on this kernel: a kprobe whose handler
 * does nothing, and one whose handler only unwinds the kernel stack from
 * the probe's pt_regs with the x86 unwinder into a per-CPU buffer. It also
 * drives a recursion of chosen depth down to kbcal_leaf(), so that stack
 * capture can be timed at several depths by any tool probing that leaf.
 *
 * Interface, in debugfs under kbcal/:
 *   probe    write "empty SYMBOL", "unwind SYMBOL" or "off"; read back the
 *            mode, symbol, hits and the frames of the last unwind
 *   recurse  write "DEPTH COUNT": call kbcal_recurse(DEPTH) COUNT times,
 *            timing each call; read back "DEPTH COUNT TOTAL_NS MEDIAN_NS"
 *            of the last run. The median is the figure to use: in a TCG
 *            guest on a busy host the clock runs on while the vCPU is
 *            preempted, which inflates the total but only a few calls.
 *
 * It is a test instrument, not part of kdbg: it is never loaded outside
 * the benchmark's throwaway guest.
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/unwind.h>

#define KBCAL_STACK_MAX		64	/* same bound as KDBG_STACK_MAX */
#define KBCAL_DEPTH_MAX		200
#define KBCAL_SYM_MAX		128
#define KBCAL_COUNT_MAX		1000000UL

enum kbcal_mode {
	KBCAL_OFF,
	KBCAL_EMPTY,
	KBCAL_UNWIND,
};

static const char *const kbcal_mode_names[] = {
	[KBCAL_OFF] = "off",
	[KBCAL_EMPTY] = "empty",
	[KBCAL_UNWIND] = "unwind",
};

/* Written only by the unwind handler on its own CPU (preemption is off). */
struct kbcal_stack {
	unsigned long entries[KBCAL_STACK_MAX];
	unsigned int nr;
};

static DEFINE_PER_CPU(struct kbcal_stack, kbcal_stacks);
/* Handler invocations on this CPU; summed when read. */
static DEFINE_PER_CPU(unsigned long, kbcal_hits);

/* Protects the probe state and the last recursion result below. */
static DEFINE_MUTEX(kbcal_lock);
static struct kprobe kbcal_kp;
static enum kbcal_mode kbcal_cur_mode;
static char kbcal_sym[KBCAL_SYM_MAX];
static unsigned int kbcal_last_depth;
static unsigned long kbcal_last_count;
static u64 kbcal_last_ns;
static u32 kbcal_last_median;
static struct dentry *kbcal_dir;

static int kbcal_empty_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static int kbcal_unwind_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct kbcal_stack *s = this_cpu_ptr(&kbcal_stacks);
	struct unwind_state state;
	unsigned long addr;
	unsigned int n = 0;

	for (unwind_start(&state, current, regs, NULL);
	     !unwind_done(&state) && n < KBCAL_STACK_MAX;
	     unwind_next_frame(&state)) {
		addr = unwind_get_return_address(&state);
		if (!addr)
			break;
		s->entries[n++] = addr;
	}
	s->nr = n;
	this_cpu_inc(kbcal_hits);
	return 0;
}

static noinline __noclone int kbcal_leaf(int v)
{
	OPTIMIZER_HIDE_VAR(v);
	return v;
}

/* Not a tail call, so each level keeps a frame of its own. */
static noinline __noclone int kbcal_recurse(int depth)
{
	int ret;

	if (depth <= 1)
		return kbcal_leaf(depth);
	ret = kbcal_recurse(depth - 1);
	OPTIMIZER_HIDE_VAR(ret);
	return ret + 1;
}

static void kbcal_probe_off(void)
{
	lockdep_assert_held(&kbcal_lock);
	if (kbcal_cur_mode == KBCAL_OFF)
		return;
	unregister_kprobe(&kbcal_kp);
	kbcal_cur_mode = KBCAL_OFF;
}

static int kbcal_probe_on(enum kbcal_mode mode, const char *sym)
{
	int cpu, ret;

	lockdep_assert_held(&kbcal_lock);
	kbcal_probe_off();
	for_each_possible_cpu(cpu) {
		per_cpu(kbcal_hits, cpu) = 0;
		per_cpu_ptr(&kbcal_stacks, cpu)->nr = 0;
	}
	strscpy(kbcal_sym, sym, sizeof(kbcal_sym));
	memset(&kbcal_kp, 0, sizeof(kbcal_kp));
	kbcal_kp.symbol_name = kbcal_sym;
	kbcal_kp.pre_handler = mode == KBCAL_UNWIND ? kbcal_unwind_pre :
						      kbcal_empty_pre;
	ret = register_kprobe(&kbcal_kp);
	if (ret)
		return ret;
	kbcal_cur_mode = mode;
	return 0;
}

static ssize_t kbcal_probe_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	char buf[KBCAL_SYM_MAX + 16], mode[16], sym[KBCAL_SYM_MAX];
	int n, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	n = sscanf(buf, "%15s %127s", mode, sym);
	if (n < 1)
		return -EINVAL;

	ret = 0;
	mutex_lock(&kbcal_lock);
	if (!strcmp(mode, "off"))
		kbcal_probe_off();
	else if (n == 2 && !strcmp(mode, "empty"))
		ret = kbcal_probe_on(KBCAL_EMPTY, sym);
	else if (n == 2 && !strcmp(mode, "unwind"))
		ret = kbcal_probe_on(KBCAL_UNWIND, sym);
	else
		ret = -EINVAL;
	mutex_unlock(&kbcal_lock);
	return ret ? ret : len;
}

static ssize_t kbcal_probe_read(struct file *file, char __user *ubuf,
				size_t len, loff_t *ppos)
{
	unsigned long hits = 0;
	unsigned int frames = 0;
	char buf[KBCAL_SYM_MAX + 96];
	int cpu, n;

	mutex_lock(&kbcal_lock);
	for_each_possible_cpu(cpu) {
		hits += per_cpu(kbcal_hits, cpu);
		frames = max(frames, per_cpu_ptr(&kbcal_stacks, cpu)->nr);
	}
	n = scnprintf(buf, sizeof(buf), "%s %s %lu %u\n",
		      kbcal_mode_names[kbcal_cur_mode],
		      kbcal_cur_mode == KBCAL_OFF ? "-" : kbcal_sym,
		      hits, frames);
	mutex_unlock(&kbcal_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static int kbcal_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static ssize_t kbcal_recurse_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	unsigned long count, i;
	unsigned int depth;
	u64 start, t0, t1;
	char buf[64];
	u32 *lat;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%u %lu", &depth, &count) != 2 || !depth ||
	    depth > KBCAL_DEPTH_MAX || !count || count > KBCAL_COUNT_MAX)
		return -EINVAL;
	lat = kvmalloc_array(count, sizeof(*lat), GFP_KERNEL);
	if (!lat)
		return -ENOMEM;

	mutex_lock(&kbcal_lock);
	start = ktime_get_ns();
	t0 = start;
	for (i = 0; i < count; i++) {
		kbcal_recurse(depth);
		t1 = ktime_get_ns();
		lat[i] = min_t(u64, t1 - t0, U32_MAX);
		if ((i & 1023) == 1023) {
			cond_resched();
			t1 = ktime_get_ns();
		}
		t0 = t1;
	}
	kbcal_last_ns = ktime_get_ns() - start;
	sort(lat, count, sizeof(*lat), kbcal_cmp_u32, NULL);
	kbcal_last_median = lat[count / 2];
	kbcal_last_depth = depth;
	kbcal_last_count = count;
	mutex_unlock(&kbcal_lock);
	kvfree(lat);
	return len;
}

static ssize_t kbcal_recurse_read(struct file *file, char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	char buf[80];
	int n;

	mutex_lock(&kbcal_lock);
	n = scnprintf(buf, sizeof(buf), "%u %lu %llu %u\n", kbcal_last_depth,
		      kbcal_last_count, kbcal_last_ns, kbcal_last_median);
	mutex_unlock(&kbcal_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations kbcal_probe_fops = {
	.owner = THIS_MODULE,
	.read = kbcal_probe_read,
	.write = kbcal_probe_write,
	.llseek = default_llseek,
};

static const struct file_operations kbcal_recurse_fops = {
	.owner = THIS_MODULE,
	.read = kbcal_recurse_read,
	.write = kbcal_recurse_write,
	.llseek = default_llseek,
};

static int __init kbcal_init(void)
{
	kbcal_dir = debugfs_create_dir("kbcal", NULL);
	debugfs_create_file("probe", 0600, kbcal_dir, NULL, &kbcal_probe_fops);
	debugfs_create_file("recurse", 0600, kbcal_dir, NULL,
			    &kbcal_recurse_fops);
	return 0;
}

static void __exit kbcal_exit(void)
{
	debugfs_remove_recursive(kbcal_dir);
	mutex_lock(&kbcal_lock);
	kbcal_probe_off();
	mutex_unlock(&kbcal_lock);
}

module_init(kbcal_init);
module_exit(kbcal_exit);
MODULE_DESCRIPTION("kdbg benchmark calibration: empty and unwind-only kprobes");
MODULE_LICENSE("GPL");
