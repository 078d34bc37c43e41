// SPDX-License-Identifier: GPL-2.0
/*
 * The flight recorder: while it is on, the per-CPU rings overwrite their
 * oldest records, so they always hold the last events; an oops (the die
 * notifier, DIE_OOPS) or a panic freezes them and prints the last few
 * records of each CPU to the console, so that "what happened just before"
 * reaches serial, netconsole and pstore. When the machine survives, the
 * frozen records stay readable (KDBG_CMD_RECORDER_DUMP, debugfs
 * "recorder") until unfrozen. The console format is part of the protocol
 * manual (include/uapi/linux/kdbg.h, "Flight recorder").
 *
 * Contexts. On, off, manual freeze and unfreeze run in process context,
 * serialised by kdbg_recorder_lock. The notifiers run on a crashing CPU,
 * with interrupts off, possibly in NMI, while other CPUs may still run
 * (an oops) or be stopped mid-instruction (a panic): they take no lock,
 * allocate nothing, and their work is bounded (each ring's walk is). A
 * freeze is claimed once with a cmpxchg on kdbg_recorder_state, so exactly
 * one freezer records why and prints; the static buffers below belong to
 * the one printer that holds kdbg_recorder_printing.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/kdebug.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <net/netlink.h>
#include "kdbg.h"
#include "ring.h"

/* Each ring's summary line, after the "frozen:" line. */
#define KDBG_RECORDER_RING_FMT \
	"ring: cpu=%d records=%u shown=%u refused=%ld gaps=%u torn=%d"

/* Frames of one event printed on the console (debugfs prints them all). */
#define KDBG_RECORDER_CONSOLE_FRAMES	16

/* kdbg_recorder_state */
enum {
	KDBG_RECORDER_LIVE,		/* recording (or off) */
	KDBG_RECORDER_FREEZING,		/* claimed by one freezer */
	KDBG_RECORDER_FROZEN,		/* rings frozen, kdbg_recorder_why set */
};

/* Serialises on, off, freeze and unfreeze (process context). */
static DEFINE_MUTEX(kdbg_recorder_lock);

/*
 * Whether the recorder is on. Written under kdbg_recorder_lock; read
 * locklessly by the notifiers (off waits for them with synchronize_rcu()).
 */
static bool kdbg_recorder_on;
/* The rings' mode before the recorder took them; under the lock. */
static enum kdbg_ring_mode kdbg_recorder_saved_mode;
/* Records per CPU printed at a crash; written under the lock. */
static u32 kdbg_recorder_last = KDBG_RECORDER_LAST_DEFAULT;

/*
 * LIVE -> FREEZING by the one freezer that wins the cmpxchg (any
 * context); FREEZING -> FROZEN with release once kdbg_recorder_why and the
 * rings are set, paired with the acquire of every reader of the state;
 * FROZEN -> LIVE by unfreeze, under kdbg_recorder_lock.
 */
static atomic_t kdbg_recorder_state = ATOMIC_INIT(KDBG_RECORDER_LIVE);

/* Why and when the rings froze: written by the freezer, see above. */
static struct {
	u32 reason;			/* enum kdbg_recorder_reason */
	u32 cpu;
	u64 timestamp;			/* local_clock(), as records */
	u64 realtime;			/* ns since the epoch */
} kdbg_recorder_why;

/*
 * Changes at each freeze and unfreeze: odd while frozen, so never 0 then.
 * Dumps compare it across their parts. Written by the freezer (before its
 * release of FROZEN) and by unfreeze (under the lock).
 */
static atomic_t kdbg_recorder_gen = ATOMIC_INIT(0);

/*
 * Held (1) by the one CPU printing the frozen records to the console;
 * protects the static buffers below and kdbg_recorder_printed.
 */
static atomic_t kdbg_recorder_printing = ATOMIC_INIT(0);
/* The generation last printed to the console: a freeze prints once. */
static u32 kdbg_recorder_printed;
static u64 kdbg_recorder_console_buf[KDBG_RING_MAX_RECORD / sizeof(u64)];
static char kdbg_recorder_console_line[512];	/* a target is up to 127 */

static const char *const kdbg_recorder_reasons[] = {
	[KDBG_RECORDER_REASON_NONE] = "none",
	[KDBG_RECORDER_REASON_MANUAL] = "manual",
	[KDBG_RECORDER_REASON_OOPS] = "oops",
	[KDBG_RECORDER_REASON_PANIC] = "panic",
};

static bool kdbg_recorder_is_frozen(void)
{
	/* Acquire: pairs with the freezer's release of FROZEN. */
	return atomic_read_acquire(&kdbg_recorder_state) ==
	       KDBG_RECORDER_FROZEN;
}

/* ------------------------------------------------------------------ */
/* Output: one line, to the console or to a seq_file                   */

static __printf(2, 3) void kdbg_recorder_emit(struct seq_file *m,
					      const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	if (m) {
		seq_puts(m, "kdbg-recorder: ");
		seq_vprintf(m, fmt, args);
		seq_putc(m, '\n');
	} else {
		vaf.fmt = fmt;
		vaf.va = &args;
		pr_err("kdbg-recorder: %pV\n", &vaf);
	}
	va_end(args);
}

/*
 * One event as "cpu= ts= pid= tgid= comm= src= type= target=" and its
 * type's details, into @buf.
 * Context: any, NMI included (the target is found under RCU).
 */
static void kdbg_recorder_format(const struct kdbg_record *rec, char *buf,
				 size_t len)
{
	char target[KDBG_TARGET_MAX];
	const void *payload = kdbg_record_payload(rec);
	int n, i;

	if (!kdbg_source_target(rec->source_id, target, sizeof(target)))
		strscpy(target, "?", sizeof(target));
	n = scnprintf(buf, len,
		      "cpu=%u ts=%llu pid=%u tgid=%u comm=%.*s src=%u type=%s target=%s",
		      rec->cpu, rec->timestamp, rec->pid, rec->tgid,
		      (int)strnlen(rec->comm, KDBG_COMM_LEN), rec->comm,
		      rec->source_id, kdbg_source_type_name(rec->type), target);
	/* kdbg_ring_walk() validated the payload sizes. */
	if (rec->type == KDBG_SOURCE_KRETPROBE) {
		const struct kdbg_ret_payload *ret = payload;

		scnprintf(buf + n, len - n, " latency=%llu retval=%lld",
			  ret->latency_ns, (s64)ret->retval);
	} else if (rec->type == KDBG_SOURCE_TRACEPOINT) {
		const u64 *args = payload;

		for (i = 0; i < rec->nr_args; i++)
			n += scnprintf(buf + n, len - n, "%s0x%llx",
				       i ? "," : " args=", args[i]);
	}
}

struct kdbg_recorder_print {
	struct seq_file *m;		/* NULL: the console */
	char *line;
	unsigned int max_frames;
};

static int kdbg_recorder_print_one(const struct kdbg_record *rec, void *arg)
{
	struct kdbg_recorder_print *p = arg;
	const u64 *stack = kdbg_record_stack(rec);
	unsigned int i;

	kdbg_recorder_format(rec, p->line, sizeof(kdbg_recorder_console_line));
	kdbg_recorder_emit(p->m, "%s", p->line);
	for (i = 0; i < rec->nr_stack && i < p->max_frames; i++)
		/* Entries after the first are return addresses: %pB. */
		kdbg_recorder_emit(p->m, i ? "  %pB" : "  %pS",
				   (void *)(unsigned long)stack[i]);
	if (rec->nr_stack > p->max_frames)
		kdbg_recorder_emit(p->m, "  ... %u more frames",
				   rec->nr_stack - p->max_frames);
	return 0;
}

/* Count what @r's snapshot holds: headers only. Context: any. */
static void kdbg_recorder_survey(struct kdbg_ring *r, struct kdbg_ring_walk *w)
{
	kdbg_ring_walk_start(r, w);
	kdbg_ring_walk(r, w, NULL, NULL, NULL);
}

/*
 * Print the frozen records: a header, then for each CPU a summary line
 * and its last @last records (all when @last is 0), then "end".
 * Context: any, NMI included, the rings held (RCU-sched read side or
 * kdbg_events_lock_read()); @buf and @line are the caller's.
 */
static void kdbg_recorder_print(struct seq_file *m, u32 last, void *buf,
				char *line)
{
	struct kdbg_recorder_print p = {
		.m = m,
		.line = line,
		.max_frames = m ? KDBG_STACK_MAX : KDBG_RECORDER_CONSOLE_FRAMES,
	};
	struct kdbg_ring_walk w;
	struct kdbg_ring *r;
	u64 events = 0;
	u32 skip;
	int cpu;

	for_each_possible_cpu(cpu) {
		r = kdbg_events_ring(cpu);
		if (!r)
			continue;
		kdbg_recorder_survey(r, &w);
		events += last ? min(w.records, last) : w.records;
	}
	kdbg_recorder_emit(m, "frozen: reason=%s cpu=%u events=%llu",
			   kdbg_recorder_reasons[kdbg_recorder_why.reason],
			   kdbg_recorder_why.cpu, events);
	for_each_possible_cpu(cpu) {
		r = kdbg_events_ring(cpu);
		if (!r)
			continue;
		kdbg_recorder_survey(r, &w);
		skip = last && w.records > last ? w.records - last : 0;
		kdbg_recorder_emit(m, KDBG_RECORDER_RING_FMT,
				   cpu, w.records, w.records - skip,
				   local_read(&r->refused), w.gaps, w.torn);
		/* Past the oldest records by their headers, then print. */
		kdbg_ring_walk_start(r, &w);
		if (skip) {
			w.limit = skip;
			kdbg_ring_walk(r, &w, NULL, NULL, NULL);
			w.limit = 0;
		}
		kdbg_ring_walk(r, &w, kdbg_recorder_print_one, &p, buf);
	}
	kdbg_recorder_emit(m, "end");
}

/* The console copy of a freeze, once per freeze. Context: any. */
static void kdbg_recorder_console(void)
{
	u32 gen = atomic_read(&kdbg_recorder_gen);

	/* One printer at a time; the others' freeze is being printed. */
	if (atomic_xchg(&kdbg_recorder_printing, 1))
		return;
	if (kdbg_recorder_printed != gen) {
		kdbg_recorder_printed = gen;
		kdbg_recorder_print(NULL, READ_ONCE(kdbg_recorder_last),
				    kdbg_recorder_console_buf,
				    kdbg_recorder_console_line);
	}
	/* Release: the buffers' last use before the next printer's. */
	atomic_set_release(&kdbg_recorder_printing, 0);
}

/* ------------------------------------------------------------------ */
/* Freezing                                                            */

/*
 * Claim the freeze, record why, freeze every ring, publish FROZEN.
 * Context: any, NMI included; an RCU-sched read side (the rings).
 * Return: true if this call froze the rings.
 */
static bool kdbg_recorder_freeze_rings(enum kdbg_recorder_reason reason)
{
	struct kdbg_ring *r;
	int cpu;

	if (!READ_ONCE(kdbg_recorder_on) ||
	    atomic_cmpxchg(&kdbg_recorder_state, KDBG_RECORDER_LIVE,
			   KDBG_RECORDER_FREEZING) != KDBG_RECORDER_LIVE)
		return false;
	kdbg_recorder_why.reason = reason;
	kdbg_recorder_why.cpu = raw_smp_processor_id();
	kdbg_recorder_why.timestamp = local_clock();
	kdbg_recorder_why.realtime = ktime_get_real_fast_ns();
	for_each_possible_cpu(cpu) {
		r = kdbg_events_ring(cpu);
		if (r)
			kdbg_ring_freeze(r);
	}
	atomic_inc(&kdbg_recorder_gen);
	/* Release: the rings and kdbg_recorder_why before FROZEN. */
	atomic_set_release(&kdbg_recorder_state, KDBG_RECORDER_FROZEN);
	return true;
}

/**
 * kdbg_recorder_crash() - freeze the rings and print them to the console.
 * @reason: KDBG_RECORDER_REASON_OOPS or _PANIC
 *
 * The notifiers' work, callable from any crash path. Rings already frozen
 * (by hand, or by an oops before this panic) are printed unless that
 * freeze was printed already. Nothing happens while the recorder is off.
 *
 * Context: any, NMI and panic included: no lock, no allocation, bounded.
 */
void kdbg_recorder_crash(enum kdbg_recorder_reason reason)
{
	if (!READ_ONCE(kdbg_recorder_on))
		return;
	rcu_read_lock_sched_notrace();
	kdbg_recorder_freeze_rings(reason);
	/* Still FREEZING: another CPU froze them now and prints them. */
	if (kdbg_recorder_is_frozen())
		kdbg_recorder_console();
	rcu_read_unlock_sched_notrace();
}

static int kdbg_recorder_die(struct notifier_block *nb, unsigned long val,
			     void *data)
{
	if (val == DIE_OOPS)
		kdbg_recorder_crash(KDBG_RECORDER_REASON_OOPS);
	return NOTIFY_DONE;
}

static int kdbg_recorder_panic(struct notifier_block *nb, unsigned long val,
			       void *data)
{
	kdbg_recorder_crash(KDBG_RECORDER_REASON_PANIC);
	return NOTIFY_DONE;
}

static struct notifier_block kdbg_recorder_die_nb = {
	.notifier_call = kdbg_recorder_die,
};

static struct notifier_block kdbg_recorder_panic_nb = {
	.notifier_call = kdbg_recorder_panic,
};

/* ------------------------------------------------------------------ */
/* Commands (process context)                                          */

static int kdbg_recorder_on_locked(u32 size, u32 last,
				   struct netlink_ext_ack *extack)
{
	bool resize = size && roundup_pow_of_two(size) !=
			      kdbg_events_ring_size();
	int err;

	if (kdbg_recorder_on) {
		if (resize) {
			NL_SET_ERR_MSG(extack,
				       "the recorder is on: turn it off to resize the rings");
			return -EBUSY;
		}
		if (last)
			WRITE_ONCE(kdbg_recorder_last, last);
		return 0;
	}
	if (resize) {
		err = kdbg_events_configure(size, KDBG_RING_MODE_UNSPEC);
		if (err == -EBUSY)
			NL_SET_ERR_MSG(extack,
				       "cannot resize the rings: detach the sources and stop the readers, or leave the size out");
		else if (err == -ERANGE)
			NL_SET_ERR_MSG(extack,
				       "ring size out of range (4 KiB to 64 MiB)");
		else if (err)
			NL_SET_ERR_MSG(extack, "cannot allocate the rings");
		if (err)
			return err;
	}
	kdbg_recorder_saved_mode = kdbg_events_ring_mode();
	err = kdbg_events_hold(true, KDBG_RING_MODE_OVERWRITE);
	if (err) {
		NL_SET_ERR_MSG(extack, "kdbg is being unloaded");
		return err;
	}
	if (last)
		WRITE_ONCE(kdbg_recorder_last, last);
	WRITE_ONCE(kdbg_recorder_on, true);
	return 0;
}

/* Unfreeze every ring. Context: process, kdbg_recorder_lock held. */
static int kdbg_recorder_unfreeze_locked(void)
{
	int cpu, err;

	lockdep_assert_held(&kdbg_recorder_lock);
	err = kdbg_events_lock_read();
	if (err)
		return err;
	for_each_possible_cpu(cpu) {
		struct kdbg_ring *r = kdbg_events_ring(cpu);

		if (r)
			kdbg_ring_unfreeze(r);
	}
	kdbg_events_unlock_read();
	atomic_inc(&kdbg_recorder_gen);
	atomic_set_release(&kdbg_recorder_state, KDBG_RECORDER_LIVE);
	return 0;
}

static int kdbg_recorder_off_locked(void)
{
	int err;

	if (!kdbg_recorder_on)
		return 0;
	WRITE_ONCE(kdbg_recorder_on, false);
	/* Notifiers run under RCU: those that saw the recorder on are done. */
	synchronize_rcu();
	if (atomic_read(&kdbg_recorder_state) == KDBG_RECORDER_FROZEN) {
		err = kdbg_recorder_unfreeze_locked();
		if (err)
			goto err_on;
	}
	err = kdbg_events_hold(false, kdbg_recorder_saved_mode);
	if (err)
		goto err_on;
	return 0;

err_on:
	WRITE_ONCE(kdbg_recorder_on, true);
	return err;
}

/**
 * kdbg_recorder_set() - turn the recorder on or off.
 * @on: true for on
 * @size: on: resize the rings to this many bytes first (0: keep)
 * @last: on: records per CPU printed at a crash (1..KDBG_RECORDER_LAST_MAX;
 *	0 keeps the current number)
 * @extack: for the error message
 *
 * On switches the rings to overwrite mode in place; sent again, it only
 * changes @last. Off unfreezes and restores the rings' previous mode.
 * Context: process; sleeps.
 * Return: 0, -EBUSY (resize refused), -ERANGE, -ENOMEM, -EINTR.
 */
int kdbg_recorder_set(bool on, u32 size, u32 last,
		      struct netlink_ext_ack *extack)
{
	int err;

	if (mutex_lock_killable(&kdbg_recorder_lock))
		return -EINTR;
	err = on ? kdbg_recorder_on_locked(size, last, extack) :
		   kdbg_recorder_off_locked();
	mutex_unlock(&kdbg_recorder_lock);
	return err;
}

/**
 * kdbg_recorder_freeze() - freeze the rings by hand.
 * @console: also print the last records of each CPU, as a crash does
 * @extack: for the error message
 *
 * Returns once writers and readers in flight are done, with the frozen
 * span taken again then: it holds exactly what was written before.
 * Context: process; sleeps.
 * Return: 0, -EINVAL (recorder off), -EALREADY (frozen), -EINTR.
 */
int kdbg_recorder_freeze(bool console, struct netlink_ext_ack *extack)
{
	int cpu, err;
	bool frozen;

	if (mutex_lock_killable(&kdbg_recorder_lock))
		return -EINTR;
	err = kdbg_events_lock_read();
	if (err)
		goto out_unlock;
	rcu_read_lock_sched();
	frozen = kdbg_recorder_freeze_rings(KDBG_RECORDER_REASON_MANUAL);
	rcu_read_unlock_sched();
	if (!frozen) {
		if (!kdbg_recorder_on) {
			NL_SET_ERR_MSG(extack,
				       "the recorder is off (kdbgctl recorder on)");
			err = -EINVAL;
		} else {
			NL_SET_ERR_MSG(extack, "the rings are frozen already");
			err = -EALREADY;
		}
		goto out_unlock_events;
	}
	kdbg_events_quiesce();
	for_each_possible_cpu(cpu) {
		struct kdbg_ring *r = kdbg_events_ring(cpu);

		if (r)
			kdbg_ring_snapshot(r);
	}
	if (console)
		kdbg_recorder_console();
out_unlock_events:
	kdbg_events_unlock_read();
out_unlock:
	mutex_unlock(&kdbg_recorder_lock);
	return err;
}

/**
 * kdbg_recorder_unfreeze() - resume recording.
 * @extack: for the error message
 *
 * Context: process; sleeps.
 * Return: 0, -EALREADY (not frozen), -EINTR.
 */
int kdbg_recorder_unfreeze(struct netlink_ext_ack *extack)
{
	int err;

	if (mutex_lock_killable(&kdbg_recorder_lock))
		return -EINTR;
	if (atomic_read(&kdbg_recorder_state) != KDBG_RECORDER_FROZEN) {
		NL_SET_ERR_MSG(extack, "the rings are not frozen");
		err = -EALREADY;
	} else {
		err = kdbg_recorder_unfreeze_locked();
	}
	mutex_unlock(&kdbg_recorder_lock);
	return err;
}

/**
 * kdbg_recorder_get() - the recorder's state.
 * @st: filled in
 *
 * Context: any but NMI.
 */
void kdbg_recorder_get(struct kdbg_recorder_state *st)
{
	memset(st, 0, sizeof(*st));
	st->on = READ_ONCE(kdbg_recorder_on);
	st->last = READ_ONCE(kdbg_recorder_last);
	st->frozen = kdbg_recorder_is_frozen();
	if (st->frozen) {
		st->reason = kdbg_recorder_why.reason;
		st->cpu = kdbg_recorder_why.cpu;
		st->timestamp = kdbg_recorder_why.timestamp;
		st->realtime = kdbg_recorder_why.realtime;
	}
}

/**
 * kdbg_recorder_enabled() - whether the recorder is on.
 *
 * Context: any.
 * Return: true if on.
 */
bool kdbg_recorder_enabled(void)
{
	return READ_ONCE(kdbg_recorder_on);
}

/**
 * kdbg_recorder_frozen_gen() - the generation of the current freeze.
 *
 * Context: any.
 * Return: a nonzero generation while frozen, 0 when not.
 */
u32 kdbg_recorder_frozen_gen(void)
{
	return kdbg_recorder_is_frozen() ? atomic_read(&kdbg_recorder_gen) : 0;
}

/**
 * kdbg_recorder_ring_info() - what one CPU's ring holds for the recorder.
 * @cpu: a possible CPU
 * @info: filled in: frozen records and the walk's findings when frozen,
 *	buffered records otherwise; writes refused while frozen
 *
 * Context: process, kdbg_events_lock_read() held.
 */
void kdbg_recorder_ring_info(int cpu, struct kdbg_recorder_ring_info *info)
{
	struct kdbg_ring *r = kdbg_events_ring(cpu);
	struct kdbg_ring_walk w;

	memset(info, 0, sizeof(*info));
	if (!r)
		return;
	info->refused = local_read(&r->refused);
	if (kdbg_recorder_is_frozen()) {
		kdbg_recorder_survey(r, &w);
		info->records = w.records;
		info->gaps = w.gaps;
		info->torn = w.torn;
	} else {
		info->records = kdbg_ring_count(r);
	}
}

/**
 * kdbg_recorder_seq_show() - debugfs "recorder": the state, then every
 * frozen record with its whole stack, in the console's format.
 * @m: the seq_file
 *
 * Context: process; sleeps.
 * Return: 0, -EINTR or -ENOMEM.
 */
int kdbg_recorder_seq_show(struct seq_file *m)
{
	struct kdbg_recorder_state st;
	void *buf;
	char *line;
	int err;

	buf = kmalloc(KDBG_RING_MAX_RECORD, GFP_KERNEL);
	line = kmalloc(sizeof(kdbg_recorder_console_line), GFP_KERNEL);
	if (!buf || !line) {
		err = -ENOMEM;
		goto out_free;
	}
	err = kdbg_events_lock_read();
	if (err)
		goto out_free;
	kdbg_recorder_get(&st);
	seq_printf(m, "recorder %s size %u mode %s last %u frozen %s\n",
		   st.on ? "on" : "off", kdbg_events_ring_size(),
		   kdbg_events_ring_mode() == KDBG_RING_MODE_OVERWRITE ?
		   "overwrite" : "drop", st.last, st.frozen ? "yes" : "no");
	if (st.frozen)
		kdbg_recorder_print(m, 0, buf, line);
	kdbg_events_unlock_read();
out_free:
	kfree(line);
	kfree(buf);
	return err;
}

/**
 * kdbg_recorder_init() - register the die and panic notifiers.
 *
 * The recorder starts off: the notifiers then return at once.
 * Context: process (module init), after kdbg_events_init().
 * Return: 0 or the registration's error.
 */
int kdbg_recorder_init(void)
{
	int err;

	err = register_die_notifier(&kdbg_recorder_die_nb);
	if (err)
		return err;
	err = atomic_notifier_chain_register(&panic_notifier_list,
					     &kdbg_recorder_panic_nb);
	if (err)
		goto err_unregister_die;
	return 0;

err_unregister_die:
	unregister_die_notifier(&kdbg_recorder_die_nb);
	return err;
}

/**
 * kdbg_recorder_exit() - unregister the notifiers, in reverse order.
 *
 * Both unregistrations wait for a notifier running on another CPU. The
 * rings are left as they are: kdbg_events_exit() frees them next.
 * Context: process (module exit), before kdbg_events_exit().
 */
void kdbg_recorder_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list,
					 &kdbg_recorder_panic_nb);
	unregister_die_notifier(&kdbg_recorder_die_nb);
}
