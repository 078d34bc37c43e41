/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbgmod's internal interfaces between its parts:
 *
 *   main.c        init/exit, in order
 *   ring.c/.h     one lockless per-CPU ring (pure logic, KUnit-tested)
 *   events.c      the set of per-CPU rings: the hot-path write, the
 *                 blocking drain, batched wakeups, per-CPU accounting
 *   record.c      record layout helpers: size, text rendering
 *   source.c      the registry of event sources (ids, lookup, counters)
 *   probe.c       kprobe and kretprobe sources
 *   tracepoint.c  tracepoint sources and the tracepoint list
 *   stack.c       kernel stack capture from pt_regs or the current frame
 *   netlink.c     the generic netlink family
 *   debugfs.c     /sys/kernel/debug/kdbg
 */
#ifndef KDBG_H
#define KDBG_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/kprobes.h>
#include <linux/netlink.h>
#include <uapi/linux/kdbg.h>

struct pt_regs;
struct tracepoint;
struct trace_event_file;

/* ------------------------------------------------------------------ */
/* Accounting: see "Accounting" in include/uapi/linux/kdbg.h.          */

struct kdbg_counters {
	u64 hits;
	u64 filtered;
	u64 written;
	u64 delivered;
	u64 dropped;
	u64 missed;
};

/* ------------------------------------------------------------------ */
/* events.c: the per-CPU rings as a whole                              */

/* What a source hands to kdbg_event_emit(): everything but the header. */
struct kdbg_event_desc {
	u16 type;			/* enum kdbg_source_type */
	u16 nr_stack;
	u16 nr_args;
	u32 source_id;
	const unsigned long *stack;	/* innermost first */
	const void *payload;		/* kdbg_ret_payload or u64 args */
	u32 payload_size;
};

int kdbg_events_init(u32 ring_size, enum kdbg_ring_mode mode);
void kdbg_events_exit(void);

/*
 * kdbg_event_emit() - write one record on this CPU's ring.
 * Context: any, NMI included; preemption must be disabled.
 * Return: 0 if written, -ENOSPC if dropped (ring full, drop mode, or
 * the record is larger than the ring). Counts WRITTEN and DROPPED for
 * the CPU; the caller counts them for its source.
 */
int kdbg_event_emit(const struct kdbg_event_desc *d);

/*
 * Called for each record a reader drains, with a private copy; return <0
 * to stop (no space): the record then stays in the ring. In overwrite
 * mode a writer may overwrite a record between the copy and its
 * consumption: @fn is then called again with @rec == NULL and must take
 * back the record it accepted last (e.g. nla_nest_cancel()).
 */
typedef int (*kdbg_record_fn)(const struct kdbg_record *rec, void *arg);

/*
 * kdbg_events_read() - drain records from every CPU into @fn.
 * @timeout_ms: block up to this long for data (0: never block).
 * @lost: set to the number of records dropped since the previous read.
 * Context: process; sleeps. Serialised against other readers per CPU.
 * Return: number of records delivered, -EINTR, -ESHUTDOWN on unload.
 */
int kdbg_events_read(kdbg_record_fn fn, void *arg, u32 timeout_ms,
		     u64 *lost);
int kdbg_events_read_cpu(int cpu, kdbg_record_fn fn, void *arg,
			 u32 timeout_ms);

/* Per-CPU state for stats: counters, bytes and records buffered. */
void kdbg_events_cpu_stats(int cpu, struct kdbg_counters *c, u32 *used,
			   u32 *records);
u32 kdbg_events_ring_size(void);
enum kdbg_ring_mode kdbg_events_ring_mode(void);
/* Return: 0, -EBUSY (sources attached or a reader draining), -ERANGE. */
int kdbg_events_configure(u32 size, enum kdbg_ring_mode mode);
/* Wake every reader with -ESHUTDOWN and refuse new ones (unload). */
void kdbg_events_shutdown(void);
/* poll() support for debugfs: true when some record is readable. */
bool kdbg_events_readable(int cpu);
struct wait_queue_head *kdbg_events_waitqueue(void);

/* ------------------------------------------------------------------ */
/* record.c                                                            */

/* Total 8-aligned size of a record with these contents. */
u32 kdbg_record_size(u16 nr_stack, u32 payload_size);
const u64 *kdbg_record_stack(const struct kdbg_record *rec);
const void *kdbg_record_payload(const struct kdbg_record *rec);
u32 kdbg_record_payload_size(const struct kdbg_record *rec);
/* One human-readable line (and stack lines) for debugfs "events". */
int kdbg_record_format(const struct kdbg_record *rec, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* source.c, probe.c, tracepoint.c                                     */

/* Per-CPU counters of one source. Writers: handlers on this CPU. */
struct kdbg_source_pcpu {
	u64 hits;
	u64 filtered;
	u64 written;
	u64 dropped;
	u64 missed;
	/* readers of this CPU's ring, under its reader mutex */
	u64 delivered ____cacheline_aligned;
};

struct kdbg_source_spec {
	enum kdbg_source_type type;
	char target[KDBG_TARGET_MAX];
	u32 flags;			/* KDBG_SOURCE_F_* */
	u32 filter_pid;			/* 0: any */
	u32 filter_tgid;		/* 0: any */
	char filter_comm[KDBG_COMM_LEN];	/* "": any */
};

struct kdbg_source {
	u32 id;				/* 0 until published (source.c) */
	struct kdbg_source_spec spec;
	unsigned long addr;		/* probe address, 0 for tracepoints */
	struct kdbg_source_pcpu __percpu *pcpu;
	struct list_head node;		/* kdbg_sources, under its mutex */
	union {
		struct kprobe kp;
		struct kretprobe krp;
		struct {
			struct tracepoint *tp;
			struct trace_event_file *file;
			u32 nargs;
			u32 iter_size;	/* of tp->iterator: frame skipped */
		} tp;
	};
};

int kdbg_sources_init(void);
/* Detach and free every source (unload). */
void kdbg_sources_exit(void);

/*
 * Return: 0 and *@id, or ENOENT, EEXIST, EOPNOTSUPP, ENOSPC, EINVAL
 * with an extack message. Context: process; takes the sources mutex.
 */
int kdbg_source_add(const struct kdbg_source_spec *spec, u32 *id,
		    struct netlink_ext_ack *extack);
int kdbg_source_del_id(u32 id, struct netlink_ext_ack *extack);
int kdbg_source_del_target(enum kdbg_source_type type, const char *target,
			   struct netlink_ext_ack *extack);
unsigned int kdbg_sources_count(void);

/*
 * Walk the sources in id order from @start_id; @fn returns <0 to stop
 * (its value is returned). The sources mutex is held during the walk.
 * *@gen receives the registry generation (changes on add and delete).
 */
int kdbg_sources_walk(u32 start_id, int (*fn)(struct kdbg_source *src,
					      void *arg),
		      void *arg, u32 *gen);
/* Sum of a source's counters over all CPUs. */
void kdbg_source_counters(struct kdbg_source *src, struct kdbg_counters *c);
/* Add @cpu's HITS, FILTERED, MISSED (recursion guard) over all sources. */
void kdbg_sources_cpu_counters(int cpu, struct kdbg_counters *c);

/* Accounting hooks for records of @source_id on @cpu's ring. */
void kdbg_source_count_delivered(int cpu, u32 source_id);
void kdbg_source_count_overwritten(u32 source_id);

/* Handlers, shared by probe.c and tracepoint.c. */
/*
 * kdbg_source_hit() - a source fired: filter, capture, write, count.
 * @regs: the probed context, or NULL to unwind from the caller.
 * Context: any, NMI included; preemption disabled.
 */
void kdbg_source_hit(struct kdbg_source *src, struct pt_regs *regs,
		     const void *payload, u32 payload_size, u16 nr_args);

int kdbg_probe_attach(struct kdbg_source *src, struct netlink_ext_ack *extack);
void kdbg_probe_detach(struct kdbg_source *src);
u64 kdbg_probe_nmissed(struct kdbg_source *src);

int kdbg_tracepoint_attach(struct kdbg_source *src,
			   struct netlink_ext_ack *extack);
void kdbg_tracepoint_detach(struct kdbg_source *src);
/* Wait until no tracepoint handler of ours can still run. */
void kdbg_tracepoint_sync(void);
/* @fn(name "SUBSYS:NAME", nargs or 0, arg); returns <0 to stop. */
int kdbg_tracepoints_walk(int (*fn)(const char *name, u32 nargs, void *arg),
			  void *arg);

/* stack.c: capture up to @max return addresses, innermost first. */
unsigned int kdbg_stack_capture(struct pt_regs *regs, unsigned long *buf,
				unsigned int max);

/* ------------------------------------------------------------------ */
/* netlink.c, debugfs.c                                                */

int kdbg_nl_init(void);
void kdbg_nl_exit(void);
int kdbg_debugfs_init(void);
void kdbg_debugfs_exit(void);

/* Module parameters (main.c). */
extern unsigned int kdbg_param_ring_size;

#endif /* KDBG_H */
