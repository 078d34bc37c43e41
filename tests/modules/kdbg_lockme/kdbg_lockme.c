// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_lockme: contends one mutex, kdbg_lockme_mutex, exactly `rounds`
 * times, for `kdbgctl lock`'s integration test. At load, two kthreads
 * take turns: the holder locks the mutex, lets the waiter go, and unlocks
 * only once the waiter sleeps on the mutex's wait list (so its
 * mutex_lock() is contended, every round, whatever the scheduling); the
 * waiter then gets the mutex, drops it, and lets the holder start the
 * next round. Init returns when both are done; `waited` (read-only
 * parameter) counts the rounds the holder saw the waiter queued.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>

static int rounds = 20;
module_param(rounds, int, 0444);
MODULE_PARM_DESC(rounds, "contentions of kdbg_lockme_mutex at load");

static int waited;
module_param(waited, int, 0444);
MODULE_PARM_DESC(waited, "rounds in which the waiter was seen queued");

/* The contended lock; static, so kdbgctl lock names it from kallsyms. */
static DEFINE_MUTEX(kdbg_lockme_mutex);

/*
 * Handshakes, one per direction, reinitialised by no one: completions
 * count, so each complete() pairs with one wait_for_completion().
 */
static DECLARE_COMPLETION(kdbg_lockme_go);	/* holder -> waiter */
static DECLARE_COMPLETION(kdbg_lockme_done);	/* waiter -> holder */
static DECLARE_COMPLETION(kdbg_lockme_holder_exit);
static DECLARE_COMPLETION(kdbg_lockme_waiter_exit);

static int kdbg_lockme_holder(void *arg)
{
	unsigned long until;
	int i;

	for (i = 0; i < rounds; i++) {
		mutex_lock(&kdbg_lockme_mutex);
		complete(&kdbg_lockme_go);
		until = jiffies + 5 * HZ;
		/* The waiter is queued: its mutex_lock() did contend. */
		while (list_empty(&kdbg_lockme_mutex.wait_list) &&
		       time_before(jiffies, until))
			usleep_range(200, 400);
		if (!list_empty(&kdbg_lockme_mutex.wait_list))
			waited++;
		mutex_unlock(&kdbg_lockme_mutex);
		wait_for_completion(&kdbg_lockme_done);
	}
	kthread_complete_and_exit(&kdbg_lockme_holder_exit, 0);
}

static int kdbg_lockme_waiter(void *arg)
{
	int i;

	for (i = 0; i < rounds; i++) {
		wait_for_completion(&kdbg_lockme_go);
		mutex_lock(&kdbg_lockme_mutex);
		mutex_unlock(&kdbg_lockme_mutex);
		complete(&kdbg_lockme_done);
	}
	kthread_complete_and_exit(&kdbg_lockme_waiter_exit, 0);
}

static int __init kdbg_lockme_init(void)
{
	struct task_struct *h, *w;

	if (rounds < 0 || rounds > 100000)
		return -EINVAL;
	w = kthread_run(kdbg_lockme_waiter, NULL, "kdbg_lockme_w");
	if (IS_ERR(w))
		return PTR_ERR(w);
	h = kthread_run(kdbg_lockme_holder, NULL, "kdbg_lockme_h");
	if (IS_ERR(h)) {
		/* Let the waiter's rounds run on their own: no contention. */
		while (rounds-- > 0) {
			complete(&kdbg_lockme_go);
			wait_for_completion(&kdbg_lockme_done);
		}
		wait_for_completion(&kdbg_lockme_waiter_exit);
		return PTR_ERR(h);
	}
	wait_for_completion(&kdbg_lockme_holder_exit);
	wait_for_completion(&kdbg_lockme_waiter_exit);
	return 0;
}

static void __exit kdbg_lockme_exit(void)
{
}

module_init(kdbg_lockme_init);
module_exit(kdbg_lockme_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kdbg test module: a mutex contended a known number of times");
