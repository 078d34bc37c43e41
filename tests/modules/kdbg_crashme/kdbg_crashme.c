// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_crashme: a test module with planted kernel bugs, the source of the
 * real crash reports `kdbgctl oops decode` is tested on
 * (tests/integration/90-oops-decode.sh). Load it only in a throwaway test
 * guest. Writing a bug's name to /sys/kernel/debug/kdbg_crashme/trigger
 * runs it once:
 *
 *   uaf          read 8 bytes at offset 32 of a freed kmalloc(64)   (KASAN)
 *   oob          write 4 bytes just past a kmalloc(40)              (KASAN)
 *   double-free  kfree() the same object twice                      (KASAN)
 *   null         write through a NULL pointer in a kthread (oops; GPF under KASAN)
 *   warn         WARN()
 *   abba         take two mutexes in both orders                  (lockdep)
 *
 * The memory bugs are refused (-EOPNOTSUPP) without KASAN, which alone
 * makes them harmless, and abba without lockdep, which alone reports it.
 * Each faulting line carries a "crashme-line: NAME" comment, so a test
 * can find the line number the decoder must name.
 */
#include <linux/debugfs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct kdbg_crashme_obj {
	u64 key;
	u64 value;		/* at offset 8: the NULL dereference's address */
};

/* Always NULL; read through READ_ONCE() so the compiler cannot see it. */
static struct kdbg_crashme_obj *kdbg_crashme_nothing;

/*
 * Two mutexes that protect nothing: kdbg_crashme_abba() takes them in
 * both orders so lockdep reports a circular locking dependency (no
 * deadlock can happen, one task takes both, one order at a time).
 */
static DEFINE_MUTEX(kdbg_crashme_lock_a);
static DEFINE_MUTEX(kdbg_crashme_lock_b);

static struct dentry *kdbg_crashme_dir;

static noinline int kdbg_crashme_uaf(void)
{
	u64 *p = kmalloc(64, GFP_KERNEL);
	u64 v;

	if (!p)
		return -ENOMEM;
	p[4] = 1;
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	v = READ_ONCE(p[4]);	/* crashme-line: uaf */
	return v == 0xdead ? 1 : 0;
}

static noinline int kdbg_crashme_oob(void)
{
	char *p = kmalloc(40, GFP_KERNEL);
	u32 *past;

	if (!p)
		return -ENOMEM;
	OPTIMIZER_HIDE_VAR(p);
	past = (u32 *)(p + 40);
	WRITE_ONCE(*past, 1);	/* crashme-line: oob */
	kfree(p);
	return 0;
}

static noinline int kdbg_crashme_double_free(void)
{
	void *p = kmalloc(32, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	kfree(p);		/* crashme-line: double-free */
	return 0;
}

static noinline int kdbg_crashme_null_thread(void *arg)
{
	struct kdbg_crashme_obj *o = READ_ONCE(kdbg_crashme_nothing);

	WRITE_ONCE(o->value, 1);	/* crashme-line: null */
	return 0;
}

static int kdbg_crashme_null(void)
{
	struct task_struct *t;

	/* The oops kills the thread; nothing waits for it. */
	t = kthread_run(kdbg_crashme_null_thread, NULL, "kdbg_crashme");
	return PTR_ERR_OR_ZERO(t);
}

static noinline int kdbg_crashme_warn(void)
{
	WARN(1, "kdbg_crashme: planted warning\n");	/* crashme-line: warn */
	return 0;
}

static noinline void kdbg_crashme_ab(void)
{
	mutex_lock(&kdbg_crashme_lock_a);
	mutex_lock(&kdbg_crashme_lock_b);
	mutex_unlock(&kdbg_crashme_lock_b);
	mutex_unlock(&kdbg_crashme_lock_a);
}

static noinline void kdbg_crashme_ba(void)
{
	mutex_lock(&kdbg_crashme_lock_b);
	mutex_lock(&kdbg_crashme_lock_a);	/* crashme-line: abba */
	mutex_unlock(&kdbg_crashme_lock_a);
	mutex_unlock(&kdbg_crashme_lock_b);
}

static noinline int kdbg_crashme_abba(void)
{
	kdbg_crashme_ab();
	kdbg_crashme_ba();
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
	bool kasan, lockdep;	/* needs KASAN, lockdep */
} kdbg_crashme_bugs[] = {
	{ "uaf", kdbg_crashme_uaf, true, false },
	{ "oob", kdbg_crashme_oob, true, false },
	{ "double-free", kdbg_crashme_double_free, true, false },
	{ "null", kdbg_crashme_null, false, false },
	{ "warn", kdbg_crashme_warn, false, false },
	{ "abba", kdbg_crashme_abba, false, true },
};

static ssize_t kdbg_crashme_trigger_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	char buf[32];
	size_t i;
	int err;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	for (i = 0; i < ARRAY_SIZE(kdbg_crashme_bugs); i++) {
		if (strcmp(buf, kdbg_crashme_bugs[i].name))
			continue;
		if ((kdbg_crashme_bugs[i].kasan && !IS_ENABLED(CONFIG_KASAN)) ||
		    (kdbg_crashme_bugs[i].lockdep &&
		     !IS_ENABLED(CONFIG_PROVE_LOCKING)))
			return -EOPNOTSUPP;
		err = kdbg_crashme_bugs[i].fn();
		return err < 0 ? err : count;
	}
	return -EINVAL;
}

static const struct file_operations kdbg_crashme_trigger_fops = {
	.owner = THIS_MODULE,
	.write = kdbg_crashme_trigger_write,
	.llseek = noop_llseek,
};

static int __init kdbg_crashme_init(void)
{
	kdbg_crashme_dir = debugfs_create_dir("kdbg_crashme", NULL);
	debugfs_create_file("trigger", 0200, kdbg_crashme_dir, NULL,
			    &kdbg_crashme_trigger_fops);
	return 0;
}

static void __exit kdbg_crashme_exit(void)
{
	debugfs_remove_recursive(kdbg_crashme_dir);
}

module_init(kdbg_crashme_init);
module_exit(kdbg_crashme_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kdbg test module: planted bugs for oops decode tests");
