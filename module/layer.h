/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layer sources (KDBG_SOURCE_LAYER, see "Layer sources" in the uapi
 * header): built-in analyses that pair two tracepoint events of one object
 * and feed the measurement to the source's aggregation table.
 *
 *   layer.c             the kind: analysis lookup, hooking, filters, the
 *                       update of the table, accounting
 *   layer_syscalls.c    "syscalls"
 *   layer_runqlat.c     "runqlat"
 *   layer_bio.c         "biolatency", "biolatency-queued"
 *   layer_offcpu.c      "offcpu"
 *   layer_lock.c        "lock"
 *   layer_drops.c       "drops"
 *   layer_tcpretrans.c  "tcpretrans"
 *   pairmap.c           the pairing map (pairmap.h)
 *
 * An analysis is a table of hooks (tracepoint name, probe); its probes
 * get the source's struct kdbg_layer as their data and end in
 * kdbg_layer_emit().
 */
#ifndef KDBG_LAYER_H
#define KDBG_LAYER_H

#include <linux/types.h>
#include <linux/timekeeping.h>
#include <uapi/linux/kdbg.h>

struct kdbg_source;
struct kdbg_pairmap;
struct task_struct;
struct tracepoint;

#define KDBG_LAYER_HOOKS_MAX	4

struct kdbg_layer_hook {
	const char *tp;		/* the tracepoint's name */
	void *probe;		/* a probe of the tracepoint's prototype */
	const char *missing;	/* extack message when the kernel lacks it */
};

struct kdbg_layer_analysis {
	const char *name;	/* the source's target */
	/*
	 * The measured object is a task (filters and the PID, TGID and COMM
	 * keys apply to it); false: refuse them.
	 */
	bool task;
	/*
	 * The analysis gives each measurement a stack id (taken by
	 * kdbg_layer_stack_id() at its start), so the table may key by
	 * STACK.
	 */
	bool stack;
	/* A second key word, the RETVAL key (kdbg_layer_emit_key2()). */
	bool key2;
	/* The target may be "NAME:N", N a u64 in struct kdbg_layer.param. */
	bool param;
	u32 pairs;		/* pairing map slots */
	unsigned int nr_hooks;
	struct kdbg_layer_hook hooks[KDBG_LAYER_HOOKS_MAX];
};

/* A layer source's state, in src->priv. */
struct kdbg_layer {
	struct kdbg_source *src;
	const struct kdbg_layer_analysis *an;
	struct kdbg_pairmap *map;
	struct tracepoint *tps[KDBG_LAYER_HOOKS_MAX];
	/* Bytes of each tps[]->iterator: its frame is left out of stacks. */
	unsigned long iter_size[KDBG_LAYER_HOOKS_MAX];
	struct kdbg_stackmap *stacks;	/* the table's, NULL: no STACK key */
	u64 param;			/* "NAME:N": N; else 0 */
	unsigned int nr_hooked;		/* tps[] registered, in order */
	bool filters;			/* the spec has a task filter */
};

extern const struct kdbg_layer_analysis kdbg_layer_syscalls;
extern const struct kdbg_layer_analysis kdbg_layer_runqlat;
extern const struct kdbg_layer_analysis kdbg_layer_bio;
extern const struct kdbg_layer_analysis kdbg_layer_bio_queued;
extern const struct kdbg_layer_analysis kdbg_layer_offcpu;
extern const struct kdbg_layer_analysis kdbg_layer_lock;
extern const struct kdbg_layer_analysis kdbg_layer_drops;
extern const struct kdbg_layer_analysis kdbg_layer_tcpretrans;

/* The clock of every measurement: ns, NMI-safe, one for all CPUs. */
static inline u64 kdbg_layer_now(void)
{
	return ktime_get_mono_fast_ns();
}

/*
 * kdbg_layer_match() - whether @task passes @l's filters: false before
 * the source is published, and false (counted as HITS and FILTERED) for a
 * task the filters reject. Context: any; preemption disabled.
 */
bool kdbg_layer_match(struct kdbg_layer *l, struct task_struct *task);

/*
 * kdbg_layer_emit() - one measurement: @args (KDBG_LAYER_ARGS synthetic
 * arguments) of @task update the table; counted as a HIT.
 * Context: any; preemption disabled.
 */
void kdbg_layer_emit(struct kdbg_layer *l, struct task_struct *task,
		     const u64 *args);
/* The same for a table keyed by STACK: the entry's stack is @stack_id. */
void kdbg_layer_emit_stack(struct kdbg_layer *l, struct task_struct *task,
			   const u64 *args, u32 stack_id);
/* The same with @key2, the analysis's second key word (RETVAL key). */
void kdbg_layer_emit_key2(struct kdbg_layer *l, struct task_struct *task,
			  const u64 *args, u32 stack_id, u64 key2);

/*
 * kdbg_layer_stack_id() - the id in the source's stack table of current's
 * kernel stack, from the hook's caller (kdbg's frames and the tracepoint's
 * iterator left out); 0 when the table is not keyed by STACK or is full
 * (counted there). Context: any; preemption disabled.
 */
u32 kdbg_layer_stack_id(struct kdbg_layer *l);

/* main.c: register and unregister the kind. */
int kdbg_layer_init(void);
void kdbg_layer_exit(void);

#endif /* KDBG_LAYER_H */
