// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_leakme: a test module with a known leak, the workload of
 * tests/integration/88-memleak.sh and 89-slab.sh. It creates its own slab
 * cache "kdbg_leakme" (objects of KDBG_LEAKME_SIZE bytes; the constructor
 * keeps SLUB from merging it into another cache). Writing to
 * /sys/kernel/debug/kdbg_leakme/trigger runs, in the writer's context:
 *
 *   kdbg_leakme_churn()  allocates `churn` objects of the cache and `churn`
 *                        kmalloc(KDBG_LEAKME_KMALLOC) and frees them all
 *   kdbg_leakme_leak()   allocates `leak` objects of the cache and `leak`
 *                        kmalloc(KDBG_LEAKME_KMALLOC) and keeps them
 *
 * (module parameters, writable). The kept objects stay referenced from
 * the module, so kmemleak does not report them, and are freed at unload:
 * "leaked" here means outstanding, what `kdbgctl memleak` reports.
 * /sys/kernel/debug/kdbg_leakme/leaked reads how many are kept.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#define KDBG_LEAKME_SIZE	200	/* a multiple of 8: sizes are exact */
#define KDBG_LEAKME_KMALLOC	1000	/* served by kmalloc-1k */
#define KDBG_LEAKME_MAX		65536	/* objects kept, of each kind */

static unsigned int leak = 64;
module_param(leak, uint, 0644);
MODULE_PARM_DESC(leak, "objects of each kind the trigger keeps");
static unsigned int churn = 16;
module_param(churn, uint, 0644);
MODULE_PARM_DESC(churn, "objects of each kind the trigger frees again");

static struct kmem_cache *kdbg_leakme_cache;
static struct dentry *kdbg_leakme_dir;

/* The kept objects; the lock serialises triggers and the unload. */
static DEFINE_MUTEX(kdbg_leakme_lock);
static void **kdbg_leakme_objs;		/* KDBG_LEAKME_MAX */
static void **kdbg_leakme_bufs;		/* KDBG_LEAKME_MAX */
static unsigned int kdbg_leakme_nr;	/* of each */

static void kdbg_leakme_ctor(void *obj)
{
	memset(obj, 0, KDBG_LEAKME_SIZE);
}

static noinline int kdbg_leakme_churn(unsigned int n)
{
	void *o, *b;

	while (n--) {
		o = kmem_cache_alloc(kdbg_leakme_cache, GFP_KERNEL);
		b = kmalloc(KDBG_LEAKME_KMALLOC, GFP_KERNEL);
		kfree(b);
		if (o)
			kmem_cache_free(kdbg_leakme_cache, o);
		if (!o || !b)
			return -ENOMEM;
	}
	return 0;
}

static noinline int kdbg_leakme_leak(unsigned int n)
{
	void *o, *b;

	while (n-- && kdbg_leakme_nr < KDBG_LEAKME_MAX) {
		o = kmem_cache_alloc(kdbg_leakme_cache, GFP_KERNEL);
		b = kmalloc(KDBG_LEAKME_KMALLOC, GFP_KERNEL);
		if (!o || !b) {
			kfree(b);
			if (o)
				kmem_cache_free(kdbg_leakme_cache, o);
			return -ENOMEM;
		}
		kdbg_leakme_objs[kdbg_leakme_nr] = o;
		kdbg_leakme_bufs[kdbg_leakme_nr] = b;
		kdbg_leakme_nr++;
	}
	return 0;
}

static ssize_t kdbg_leakme_trigger(struct file *file, const char __user *buf,
				   size_t len, loff_t *pos)
{
	int err;

	mutex_lock(&kdbg_leakme_lock);
	err = kdbg_leakme_churn(READ_ONCE(churn)) ?:
	      kdbg_leakme_leak(READ_ONCE(leak));
	mutex_unlock(&kdbg_leakme_lock);
	return err ?: len;
}

static const struct file_operations kdbg_leakme_trigger_fops = {
	.owner = THIS_MODULE,
	.write = kdbg_leakme_trigger,
};

static int kdbg_leakme_leaked_get(void *data, u64 *val)
{
	mutex_lock(&kdbg_leakme_lock);
	*val = kdbg_leakme_nr;
	mutex_unlock(&kdbg_leakme_lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(kdbg_leakme_leaked_fops, kdbg_leakme_leaked_get,
			 NULL, "%llu\n");

static void kdbg_leakme_free_all(void)
{
	while (kdbg_leakme_nr) {
		kdbg_leakme_nr--;
		kmem_cache_free(kdbg_leakme_cache,
				kdbg_leakme_objs[kdbg_leakme_nr]);
		kfree(kdbg_leakme_bufs[kdbg_leakme_nr]);
	}
}

static int __init kdbg_leakme_init(void)
{
	kdbg_leakme_objs = kvcalloc(KDBG_LEAKME_MAX, sizeof(void *),
				    GFP_KERNEL);
	kdbg_leakme_bufs = kvcalloc(KDBG_LEAKME_MAX, sizeof(void *),
				    GFP_KERNEL);
	kdbg_leakme_cache = kmem_cache_create("kdbg_leakme", KDBG_LEAKME_SIZE,
					      0, 0, kdbg_leakme_ctor);
	if (!kdbg_leakme_objs || !kdbg_leakme_bufs || !kdbg_leakme_cache) {
		kmem_cache_destroy(kdbg_leakme_cache);
		kvfree(kdbg_leakme_bufs);
		kvfree(kdbg_leakme_objs);
		return -ENOMEM;
	}
	kdbg_leakme_dir = debugfs_create_dir("kdbg_leakme", NULL);
	debugfs_create_file("trigger", 0200, kdbg_leakme_dir, NULL,
			    &kdbg_leakme_trigger_fops);
	debugfs_create_file_unsafe("leaked", 0400, kdbg_leakme_dir, NULL,
				   &kdbg_leakme_leaked_fops);
	return 0;
}

static void __exit kdbg_leakme_exit(void)
{
	debugfs_remove_recursive(kdbg_leakme_dir);
	kdbg_leakme_free_all();
	kmem_cache_destroy(kdbg_leakme_cache);
	kvfree(kdbg_leakme_bufs);
	kvfree(kdbg_leakme_objs);
}

module_init(kdbg_leakme_init);
module_exit(kdbg_leakme_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kdbg test module: a known leak into its own cache and kmalloc");
