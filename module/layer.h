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
 *   layer_memleak.c     "memleak" (mem.h)
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
struct kdbg_layer;
struct netlink_ext_ack;

#define KDBG_LAYER_HOOKS_MAX	8

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
	u32 pairs;		/* pairing map slots */
	/*
	 * The table must be keyed by STACK (and the analysis passes stack ids
	 * to kdbg_layer_emit_stack()); false: the STACK key is refused. Only
	 * such analyses take KDBG_A_SOURCE_SAMPLE and _FILTER_CACHE.
	 */
	bool stack;
	/* Optional: check the spec and fill l->an_data before hooking. */
	int (*setup)(struct kdbg_layer *l, struct netlink_ext_ack *extack);
	unsigned int nr_hooks;
	struct kdbg_layer_hook hooks[KDBG_LAYER_HOOKS_MAX];
};

/* A layer source's state, in src->priv. */
struct kdbg_layer {
	struct kdbg_source *src;
	const struct kdbg_layer_analysis *an;
	struct kdbg_pairmap *map;
	struct tracepoint *tps[KDBG_LAYER_HOOKS_MAX];
	unsigned int nr_hooked;		/* tps[] registered, in order */
	bool filters;			/* the spec has a task filter */
	u64 t0;				/* kdbg_layer_now() at attach */
	u64 an_data[2];			/* the analysis's own, from ->setup */
};

extern const struct kdbg_layer_analysis kdbg_layer_syscalls;
extern const struct kdbg_layer_analysis kdbg_layer_runqlat;
extern const struct kdbg_layer_analysis kdbg_layer_bio;
extern const struct kdbg_layer_analysis kdbg_layer_bio_queued;
extern const struct kdbg_layer_analysis kdbg_layer_memleak;

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
/* The same, keyed by the stack of id @stack_id (an->stack analyses). */
void kdbg_layer_emit_stack(struct kdbg_layer *l, struct task_struct *task,
			   const u64 *args, u32 stack_id);

/* main.c: register and unregister the kind. */
int kdbg_layer_init(void);
void kdbg_layer_exit(void);

#endif /* KDBG_LAYER_H */
