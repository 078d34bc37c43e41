/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbgmod's internal interfaces between its parts:
 *
 *   main.c        init/exit, in order
 *   ring.c/.h     one lockless per-CPU ring (pure logic, KUnit-tested)
 *   events.c      the set of per-CPU rings: the hot-path write, the
 *                 blocking drain, batched wakeups, per-CPU accounting
 *   record.c      record layout helpers: size, text rendering
 *   source.c      the registry of event sources (ids, lookup, counters,
 *                 patterns) and the hot path they share; it knows each
 *                 kind only through its struct kdbg_source_ops
 *   probe.c       the kprobe and kretprobe kinds
 *   tracepoint.c  the tracepoint kind and the tracepoint list
 *   sample.c      the sample kind: a perf event per CPU, the profiler
 *   ksyms.c       unexported kernel symbols through kallsyms
 *   agg.c         aggregation tables (agg.h)
 *   stackmap.c    stack tables (agg.h)
 *   stack.c       kernel stack capture from pt_regs or the current frame
 *   recorder.c    the flight recorder: freeze at an oops or panic
 *   netlink.c     the generic netlink family
 *   netlink_recorder.c  its flight recorder commands
 *   debugfs.c     /sys/kernel/debug/kdbg
 *   lockdown.c    what kernel lockdown leaves kdbg
 */
#ifndef KDBG_H
#define KDBG_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/kprobes.h>
#include <linux/netlink.h>
#include <uapi/linux/kdbg.h>
#include "agg.h"

struct pt_regs;
struct sk_buff;
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
 * What one drain took, for a reader that can still fail to hand it over
 * once the records are consumed (a netlink reply that cannot be queued):
 * kdbg_events_undeliver() then counts them as DROPPED instead of
 * DELIVERED, per CPU and per source. Runs of consecutive records of one
 * CPU and source; a drain stops before a record that would need a run
 * past KDBG_DELIVERY_RUNS (it stays in the ring).
 */
#define KDBG_DELIVERY_RUNS	32
struct kdbg_delivery {
	u64 lost;		/* the read's @lost, to report again */
	unsigned int nr;
	struct {
		u32 cpu;
		u32 source_id;
		u32 n;
	} run[KDBG_DELIVERY_RUNS];
};

/*
 * kdbg_events_read() - drain records from every CPU into @fn.
 * @timeout_ms: block up to this long for data (0: never block).
 * @lost: set to the number of records dropped since the previous read.
 * @dl: if not NULL, receives what was drained (see struct kdbg_delivery).
 * Context: process; sleeps. Serialised against other readers per CPU.
 * Return: number of records delivered, -EINTR, -ESHUTDOWN on unload.
 */
int kdbg_events_read(kdbg_record_fn fn, void *arg, u32 timeout_ms,
		     u64 *lost, struct kdbg_delivery *dl);
/*
 * kdbg_events_undeliver() - the records of @dl never reached the reader:
 * count them as dropped (and as lost to the next read), not delivered, and
 * report the losses that read reported again in the next one.
 * Context: process.
 */
void kdbg_events_undeliver(const struct kdbg_delivery *dl);
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

/* The flight recorder's access to the rings (events.c). */
struct kdbg_ring;
int kdbg_events_hold(bool hold, enum kdbg_ring_mode mode);
struct kdbg_ring *kdbg_events_ring(int cpu);
int kdbg_events_lock_read(void);
void kdbg_events_unlock_read(void);
void kdbg_events_quiesce(void);

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
/* source.c: the registry and the hot path; one ops table per kind     */

struct kdbg_agg;
struct kdbg_source;

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
	bool aggregate;			/* KDBG_A_SOURCE_AGG was given */
	struct kdbg_agg_spec agg;
	/* the pattern that attached this source, "" if none (source.c) */
	char pattern[KDBG_TARGET_MAX];
	u32 max_matches;		/* patterns: 0 means KDBG_PATTERN_MAX */
	u32 sample_freq;		/* sample sources: Hz, 0: default */
	s32 sample_cpu;			/* sample sources: -1 every CPU */
};

/*
 * What a kind's handler hands to kdbg_source_hit(). The stack is unwound
 * from @regs (its ip is the first frame), or from the caller when @regs is
 * NULL; @lead, when not 0, is recorded before it (a kretprobe's function);
 * a first unwound frame in [@skip_start, @skip_start + @skip_size) is
 * dropped (a tracepoint's iterator).
 */
struct kdbg_hit {
	struct pt_regs *regs;
	unsigned long lead;
	unsigned long skip_start, skip_size;
	const void *payload;		/* the record's payload */
	u32 payload_size;
	u16 nr_args;			/* u64 arguments in @payload */
	u64 latency, retval;		/* kretprobes, for aggregation */
};

/*
 * A kind of source. Each kind's file defines one and registers it from
 * main.c (kdbg_source_kind_register()); the registry and the hot path
 * reach a kind only through it.
 */
struct kdbg_source_ops {
	enum kdbg_source_type type;
	const char *name;		/* as debugfs prints it */
	size_t priv_size;		/* bytes of kind state in src->priv */
	bool patterns;			/* targets may be globs over functions */
	struct kdbg_agg_caps agg_caps;	/* nargs: 0, set by attach */
	/*
	 * Resolve @src->spec.target, register the hook and arm it; set
	 * @src->addr (0 if the kind has none) and @src->nargs.
	 * @must_trace: refuse (-EOPNOTSUPP, extack) a function that is
	 * not an ftrace site (pattern members). Process context, sources
	 * mutex held. The handler may fire before attach returns: it sees
	 * id 0 and returns.
	 */
	int (*attach)(struct kdbg_source *src, bool must_trace,
		      struct netlink_ext_ack *extack);
	/* Unregister and wait until no handler of @src can run. */
	void (*detach)(struct kdbg_source *src);
	/* True when @a and @b (both attached, this kind) hook one point. */
	bool (*same_point)(const struct kdbg_source *a,
			   const struct kdbg_source *b);
	/* Hits the hook layer lost before our handler (optional). */
	u64 (*nmissed)(struct kdbg_source *src);
	/* Put the kind's own SOURCE_GET attributes (optional): 0, -EMSGSIZE. */
	int (*fill)(struct kdbg_source *src, struct sk_buff *skb);
};

struct kdbg_source {
	u32 id;				/* 0 until published (source.c) */
	struct kdbg_source_spec spec;
	const struct kdbg_source_ops *ops;
	unsigned long addr;		/* probe address, 0 for tracepoints */
	u32 nargs;			/* raw arguments per hit (tracepoints) */
	struct kdbg_agg *agg;		/* aggregating sources, else NULL */
	bool wants_stack;		/* hits unwind (set before publish) */
	bool agg_reads_hit;		/* kdbg_agg_reads_hit(), cached */
	struct kdbg_source_pcpu __percpu *pcpu;
	/* records delivered whose reply could not be queued (events.c) */
	atomic64_t undelivered;
	struct list_head node;		/* kdbg_sources, under its mutex */
	unsigned long priv[] __aligned(sizeof(u64));	/* ops->priv_size */
};

static inline void *kdbg_source_priv(struct kdbg_source *src)
{
	return src->priv;
}

/* True when a hit of @src unwinds its stack. Context: any. */
static inline bool kdbg_source_wants_stack(const struct kdbg_source *src)
{
	return src->wants_stack;
}

/* Context: process (init). Return: 0, -EEXIST, -EINVAL. */
int kdbg_source_kind_register(const struct kdbg_source_ops *ops);
/* Context: process (exit or init error); no source of the kind left. */
void kdbg_source_kind_unregister(const struct kdbg_source_ops *ops);

int kdbg_sources_init(void);
/* Detach and free every source (unload). */
void kdbg_sources_exit(void);

/* A target with a glob character ('*', '?', '['). */
bool kdbg_target_is_pattern(const char *target);

/* What a pattern add did (the reply's MATCHED, ATTACHED, SKIPPED). */
struct kdbg_pattern_result {
	u32 first_id;
	u32 matched;
	u32 attached;
	u32 skipped[__KDBG_A_SKIP_MAX];	/* by KDBG_A_SKIP_* */
};

/*
 * Return: 0 and *@id, or ENOENT, EEXIST, EOPNOTSUPP, ENOSPC, EINVAL
 * with an extack message. A pattern target is refused (-EINVAL): use
 * kdbg_source_add_pattern(). Context: process; takes the sources mutex.
 */
int kdbg_source_add(const struct kdbg_source_spec *spec, u32 *id,
		    struct netlink_ext_ack *extack);
/*
 * Attach every traceable function @spec->target (a pattern) matches.
 * Return: 0 and @res, or E2BIG, ENOENT, ENOSPC, EEXIST, EINVAL, ENOMEM
 * with an extack message; on error nothing stays attached.
 */
int kdbg_source_add_pattern(const struct kdbg_source_spec *spec,
			    struct kdbg_pattern_result *res,
			    struct netlink_ext_ack *extack);
int kdbg_source_del_id(u32 id, struct netlink_ext_ack *extack);
/* By target, or every source of a pattern when @target is one. */
int kdbg_source_del_target(enum kdbg_source_type type, const char *target,
			   struct netlink_ext_ack *extack);
unsigned int kdbg_sources_count(void);

/*
 * Walk the sources in id order from @start_id; @fn returns <0 to stop
 * (its value is returned). The sources mutex is held during the walk, so
 * @fn may read a source's aggregation (kdbg_agg_snapshot() and friends).
 * *@gen receives the registry generation (changes on add and delete).
 */
int kdbg_sources_walk(u32 start_id, int (*fn)(struct kdbg_source *src,
					      void *arg),
		      void *arg, u32 *gen);
/* Sum of a source's counters over all CPUs. */
void kdbg_source_counters(struct kdbg_source *src, struct kdbg_counters *c);
/* Add @cpu's HITS, FILTERED, MISSED (recursion guard) over all sources. */
void kdbg_sources_cpu_counters(int cpu, struct kdbg_counters *c);
/* The kind's name ("kprobe", ...) of @type, "?" if none is registered. */
const char *kdbg_source_type_name(enum kdbg_source_type type);

/*
 * Copy the target of source @id into @buf. Context: any, NMI included.
 * Return: false if there is no such source (then @buf is untouched).
 */
bool kdbg_source_target(u32 id, char *buf, size_t len);

/* Accounting hooks for records of @source_id on @cpu's ring. */
void kdbg_source_count_delivered(int cpu, u32 source_id);
void kdbg_source_count_undelivered(u32 source_id, u32 n);
void kdbg_source_count_overwritten(u32 source_id);

/*
 * kdbg_source_hit() - a source fired: filter, then aggregate, or capture
 * and write a record; count.
 * Context: any, NMI included; preemption disabled.
 */
void kdbg_source_hit(struct kdbg_source *src, const struct kdbg_hit *hit);

/* probe.c, tracepoint.c: the kinds, registered by main.c. */
int kdbg_probe_init(void);
void kdbg_probe_exit(void);
int kdbg_tracepoint_init(void);
void kdbg_tracepoint_exit(void);
/* Bytes of the function starting at @addr, 0 if unknown. Context: process. */
u32 kdbg_tp_func_size(unsigned long addr);
int kdbg_sample_init(void);
void kdbg_sample_exit(void);
/* @fn(name "SUBSYS:NAME", nargs or 0, arg); returns <0 to stop. */
int kdbg_tracepoints_walk(int (*fn)(const char *name, u32 nargs, void *arg),
			  void *arg);

/* ksyms.c: unexported kernel symbols, found through kallsyms. */
/* The address of @name, 0 if unknown. Context: process; sleeps. */
unsigned long kdbg_ksym_lookup(const char *name);
/*
 * Call @fn for each function symbol of the kernel image (@mod NULL) or
 * of module @mod; @fn returns non-zero to stop. Context: process;
 * sleeps (holds module_mutex for a module's symbols: @fn must not load,
 * unload or probe anything).
 * Return: 0, @fn's value, or -EOPNOTSUPP if kallsyms is not reachable.
 */
int kdbg_ksym_for_each(const char *mod,
		       int (*fn)(void *arg, const char *name), void *arg);

/* stack.c: capture up to @max return addresses, innermost first. */
unsigned int kdbg_stack_capture(struct pt_regs *regs, unsigned long *buf,
				unsigned int max);

/* ------------------------------------------------------------------ */
/* recorder.c: the flight recorder                                     */

struct seq_file;

struct kdbg_recorder_state {
	bool on, frozen;
	u32 last;
	u32 reason, cpu;		/* when frozen */
	u64 timestamp, realtime;	/* when frozen */
};

struct kdbg_recorder_ring_info {
	u32 records;
	u32 gaps;
	u64 refused;
	bool torn;
};

int kdbg_recorder_init(void);
void kdbg_recorder_exit(void);
/* Freeze and print to the console; the notifiers' work. Context: any. */
void kdbg_recorder_crash(enum kdbg_recorder_reason reason);
int kdbg_recorder_set(bool on, u32 size, u32 last,
		      struct netlink_ext_ack *extack);
int kdbg_recorder_freeze(bool console, struct netlink_ext_ack *extack);
int kdbg_recorder_unfreeze(struct netlink_ext_ack *extack);
void kdbg_recorder_get(struct kdbg_recorder_state *st);
bool kdbg_recorder_enabled(void);
u32 kdbg_recorder_frozen_gen(void);
void kdbg_recorder_ring_info(int cpu, struct kdbg_recorder_ring_info *info);
int kdbg_recorder_seq_show(struct seq_file *m);

/* ------------------------------------------------------------------ */
/* netlink.c, netlink_recorder.c, debugfs.c                            */

int kdbg_nl_init(void);
void kdbg_nl_exit(void);
/* Shared by netlink.c and netlink_recorder.c. */
struct sk_buff;
struct netlink_callback;
struct genl_info;
void *kdbg_nl_dump_put(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd);
void *kdbg_nl_reply_put(struct sk_buff *msg, struct genl_info *info, u8 cmd);
/* A KDBG_A_RING_SIZE request attribute: 0, or -ERANGE with extack. */
int kdbg_nl_ring_size(const struct nlattr *attr,
		      struct netlink_ext_ack *extack, u32 *size);
bool kdbg_nl_dump_capable(struct netlink_callback *cb);
int kdbg_nl_put_event(struct sk_buff *skb, const struct kdbg_record *rec);
int kdbg_debugfs_init(void);
void kdbg_debugfs_exit(void);

/* Module parameters (main.c). */
extern unsigned int kdbg_param_ring_size;

/* lockdown.c: refuse to attach under confidentiality lockdown. */
int kdbg_lockdown_check(u32 type, struct netlink_ext_ack *extack);

#endif /* KDBG_H */
