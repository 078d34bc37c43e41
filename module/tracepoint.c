// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint sources and the list of the kernel's tracepoints.
 *
 * Targets:
 *	"SUBSYSTEM:NAME"  a trace event backed by a tracepoint, in the kernel
 *			  or in a module: trace_get_event_file() finds it and
 *			  pins its module while we are attached;
 *	":NAME", "NAME"	  a tracepoint of the kernel image, found with
 *			  for_each_kernel_tracepoint(), trace event or not.
 * Dynamic events (kprobe, uprobe, eprobe, synthetic), custom events and
 * events without a tracepoint behind them (syscalls:*, ftrace:*) are
 * refused.
 *
 * The hook is one generic probe, kdbg_tp_probe(void *data, u64 a0, ...
 * u64 a4). x86-64 passes a tracepoint's first five arguments in registers
 * after @data, so it sees them as raw 64-bit values whatever their types:
 * an argument narrower than 64 bits may carry garbage in its upper bits,
 * and arguments past the fifth are not recorded. A record carries
 * min(nargs, KDBG_TP_ARGS_MAX) arguments, nargs being the count of the
 * tracepoint's prototype taken from its BPF raw tracepoint map (both
 * kernels we support have CONFIG_BPF_EVENTS); when that is unknown, all
 * KDBG_TP_ARGS_MAX registers are recorded.
 *
 * The list: for_each_kernel_tracepoint() enumerates the kernel image's
 * tracepoints; the modules' tracepoints that have a trace event follow,
 * from the ftrace_events list. A tracepoint knows its name but not its
 * subsystem, which only its trace event has, in the ftrace_events list;
 * neither that list, nor the event_mutex protecting it, nor the kernel's
 * BPF raw tracepoint table are exported in 6.1. We find them through
 * kallsyms (ksyms.c). Should that ever fail, the list still works with
 * ":NAME" names and no argument counts, as the protocol allows.
 */
#include <linux/bsearch.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>

#include "kdbg.h"

static_assert(KDBG_TP_ARGS_MAX == 5, "kdbg_tp_probe() takes 5 arguments");

/* Trace event flags of events we cannot hook as a plain tracepoint. */
#define KDBG_TP_EVENT_REFUSED	(TRACE_EVENT_FL_DYNAMIC | \
				 TRACE_EVENT_FL_UKPROBE | \
				 TRACE_EVENT_FL_EPROBE | \
				 TRACE_EVENT_FL_CUSTOM)

/* A trace event we can hook: a plain tracepoint behind it. */
static bool kdbg_tp_event_ok(const struct trace_event_call *call)
{
	return (call->flags & TRACE_EVENT_FL_TRACEPOINT) &&
	       !(call->flags & KDBG_TP_EVENT_REFUSED) && call->tp;
}

/*
 * Unexported kernel symbols (ksyms.c), looked up once, on first use. The
 * lock protects the lookup and kdbg_tp_syms_done; once that is set
 * (release, paired with the acquire in kdbg_tp_syms()), the values never
 * change.
 */
struct kdbg_tp_syms {
	struct list_head *ftrace_events;	/* under *event_mutex */
	struct mutex *event_mutex;
	const struct bpf_raw_event_map *btp_start, *btp_stop;
};

static DEFINE_MUTEX(kdbg_tp_syms_lock);
static struct kdbg_tp_syms kdbg_tp_syms_val;
static bool kdbg_tp_syms_done;

/* A tracepoint source's state, in src->priv. */
struct kdbg_tp_source {
	struct kdbg_source *src;
	struct tracepoint *tp;
	struct trace_event_file *file;	/* pins the event's module, or NULL */
	unsigned long iter_size;	/* of tp->iterator: frame skipped */
};

static struct kdbg_tp_source *kdbg_tp_of(struct kdbg_source *src)
{
	return kdbg_source_priv(src);
}

/* The probe: see the file comment. */
static void kdbg_tp_probe(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	struct kdbg_tp_source *ts = data;
	struct kdbg_source *src = ts->src;
	u64 args[KDBG_TP_ARGS_MAX] = { a0, a1, a2, a3, a4 };
	struct kdbg_hit hit = {
		.skip_start = (unsigned long)ts->tp->iterator,
		.skip_size = ts->iter_size,
		.payload = args,
		.payload_size = src->nargs * sizeof(u64),
		.nr_args = src->nargs,
	};

	kdbg_source_hit(src, &hit);
}

NOKPROBE_SYMBOL(kdbg_tp_probe);

/* ------------------------------------------------------------------ */
/* Unexported symbols                                                  */

static const struct kdbg_tp_syms *kdbg_tp_syms(void)
{
	struct kdbg_tp_syms *s = &kdbg_tp_syms_val;

	/* Pairs with the smp_store_release() below. */
	if (smp_load_acquire(&kdbg_tp_syms_done))
		return s;

	mutex_lock(&kdbg_tp_syms_lock);
	if (kdbg_tp_syms_done)
		goto out;
	s->ftrace_events = (void *)kdbg_ksym_lookup("ftrace_events");
	s->event_mutex = (void *)kdbg_ksym_lookup("event_mutex");
	if (!s->ftrace_events || !s->event_mutex) {
		s->ftrace_events = NULL;
		s->event_mutex = NULL;
	}
	s->btp_start = (void *)kdbg_ksym_lookup("__start__bpf_raw_tp");
	s->btp_stop = (void *)kdbg_ksym_lookup("__stop__bpf_raw_tp");
	if (!s->btp_start || s->btp_stop < s->btp_start) {
		s->btp_start = NULL;
		s->btp_stop = NULL;
	}
	/* The values are set before anyone sees done; pairs with above. */
	smp_store_release(&kdbg_tp_syms_done, true);
out:
	mutex_unlock(&kdbg_tp_syms_lock);
	return s;
}

/* Arguments of @tp's prototype, 0 if unknown. @mod: @tp's module or NULL. */
static u32 kdbg_tp_nargs(const struct tracepoint *tp, const struct module *mod)
{
	const struct bpf_raw_event_map *b, *end;

	if (mod) {
#ifdef CONFIG_BPF_EVENTS
		b = mod->bpf_raw_events;
		end = b + mod->num_bpf_raw_events;
#else
		return 0;
#endif
	} else {
		b = kdbg_tp_syms()->btp_start;
		end = kdbg_tp_syms()->btp_stop;
	}
	for (; b && b < end; b++)
		if (b->tp == tp)
			return b->num_args;
	return 0;
}

/* Size of the function at @addr, 0 if unknown. */
u32 kdbg_tp_func_size(unsigned long addr)
{
	unsigned long off, size;
	char *buf, *plus;
	u32 ret = 0;

	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return 0;
	sprint_symbol(buf, addr);
	plus = strchr(buf, '+');
	if (plus && sscanf(plus, "+%lx/%lx", &off, &size) == 2 && !off &&
	    size <= U32_MAX)
		ret = size;
	kfree(buf);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Attach and detach                                                   */

struct kdbg_tp_lookup {
	const char *name;		/* by name, or ... */
	const struct tracepoint *ptr;	/* ... by address */
	struct tracepoint *found;
};

static void kdbg_tp_lookup_one(struct tracepoint *tp, void *priv)
{
	struct kdbg_tp_lookup *l = priv;

	if (l->found)
		return;
	if (l->name ? !strcmp(tp->name, l->name) : tp == l->ptr)
		l->found = tp;
}

static bool kdbg_tp_name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* Resolve "SUBSYSTEM:NAME" through its trace event; pins its module. */
static int kdbg_tp_resolve_event(struct kdbg_source *src, const char *system,
				 const char *name,
				 struct netlink_ext_ack *extack)
{
	struct kdbg_tp_source *ts = kdbg_tp_of(src);
	struct kdbg_tp_lookup l = { };
	struct trace_event_file *file;
	struct trace_event_call *call;

	file = trace_get_event_file(NULL, system, name);
	if (IS_ERR(file)) {
		switch (PTR_ERR(file)) {
		case -EINVAL:
			NL_SET_ERR_MSG(extack, "unknown tracepoint");
			return -ENOENT;
		case -EBUSY:
			NL_SET_ERR_MSG(extack,
				       "the tracepoint's module is being removed");
			return -EBUSY;
		default:
			NL_SET_ERR_MSG(extack,
				       "the tracing layer refused this tracepoint");
			return PTR_ERR(file);
		}
	}

	call = file->event_call;
	if (!kdbg_tp_event_ok(call)) {
		trace_put_event_file(file);
		NL_SET_ERR_MSG(extack,
			       "this trace event has no static tracepoint behind it (dynamic, syscall or ftrace event)");
		return -EOPNOTSUPP;
	}
	if (!call->module) {
		/* A tracepoint of the kernel image: check it is one. */
		l.ptr = call->tp;
		for_each_kernel_tracepoint(kdbg_tp_lookup_one, &l);
		if (!l.found) {
			trace_put_event_file(file);
			NL_SET_ERR_MSG(extack,
				       "this trace event's tracepoint is not in the kernel's tracepoint table");
			return -EOPNOTSUPP;
		}
	}
	ts->tp = call->tp;
	ts->file = file;
	src->nargs = kdbg_tp_nargs(call->tp, call->module);
	return 0;
}

/*
 * Hook the tracepoint named by @src's target. Return: 0, -EINVAL
 * (malformed target), -ENOENT (unknown tracepoint), -EOPNOTSUPP (a trace
 * event without a static tracepoint), -EBUSY (its module is going away),
 * -ENOMEM, or another error of the tracing layer.
 */
static int kdbg_tp_attach(struct kdbg_source *src, bool must_trace,
			  struct netlink_ext_ack *extack)
{
	struct kdbg_tp_source *ts = kdbg_tp_of(src);
	const char *target = src->spec.target;
	const char *colon = strchr(target, ':');
	const char *name = colon ? colon + 1 : target;
	struct kdbg_tp_lookup l = { .name = name };
	char *system;
	u32 nargs;
	int ret;

	ts->src = src;
	if ((colon && colon != target &&
	     !kdbg_tp_name_ok(target, colon - target)) ||
	    !kdbg_tp_name_ok(name, strlen(name))) {
		NL_SET_ERR_MSG(extack,
			       "malformed tracepoint: expected SUBSYSTEM:NAME");
		return -EINVAL;
	}

	if (colon && colon != target) {
		system = kstrndup(target, colon - target, GFP_KERNEL);
		if (!system)
			return -ENOMEM;
		ret = kdbg_tp_resolve_event(src, system, name, extack);
		kfree(system);
		if (ret)
			return ret;
	} else {
		for_each_kernel_tracepoint(kdbg_tp_lookup_one, &l);
		if (!l.found) {
			NL_SET_ERR_MSG(extack,
				       "unknown tracepoint of the kernel image (a module's needs SUBSYSTEM:NAME)");
			return -ENOENT;
		}
		ts->tp = l.found;
		ts->file = NULL;
		src->nargs = kdbg_tp_nargs(l.found, NULL);
	}

	nargs = src->nargs;
	src->nargs = nargs ? min_t(u32, nargs, KDBG_TP_ARGS_MAX) :
		     KDBG_TP_ARGS_MAX;
	ts->iter_size = kdbg_tp_func_size((unsigned long)ts->tp->iterator);

	ret = tracepoint_probe_register(ts->tp, kdbg_tp_probe, ts);
	if (ret) {
		if (ts->file)
			trace_put_event_file(ts->file);
		ts->file = NULL;
		if (ret != -ENOMEM)
			NL_SET_ERR_MSG(extack,
				       "the tracepoint layer refused the hook");
		return ret;
	}
	return 0;
}

/*
 * Unhook @src, wait until no handler of ours that started before can
 * still be running, then release the trace event (and so the module) it
 * pinned.
 */
static void kdbg_tp_detach(struct kdbg_source *src)
{
	struct kdbg_tp_source *ts = kdbg_tp_of(src);

	WARN_ON_ONCE(tracepoint_probe_unregister(ts->tp, kdbg_tp_probe, ts));
	tracepoint_synchronize_unregister();
	if (ts->file)
		trace_put_event_file(ts->file);
	ts->file = NULL;
}

static bool kdbg_tp_same_point(const struct kdbg_source *a,
			       const struct kdbg_source *b)
{
	return kdbg_tp_of((struct kdbg_source *)a)->tp ==
	       kdbg_tp_of((struct kdbg_source *)b)->tp;
}

static const struct kdbg_source_ops kdbg_tp_ops = {
	.type = KDBG_SOURCE_TRACEPOINT,
	.name = "tracepoint",
	.priv_size = sizeof(struct kdbg_tp_source),
	.agg_caps = {
		.keys = KDBG_AGG_KEY_ARG,
		.values = BIT(KDBG_AGG_VALUE_ARG),
	},
	.attach = kdbg_tp_attach,
	.detach = kdbg_tp_detach,
	.same_point = kdbg_tp_same_point,
};

/**
 * kdbg_tracepoint_init() - register the tracepoint kind.
 *
 * Context: process (module init).
 * Return: 0 or the registry's error.
 */
int kdbg_tracepoint_init(void)
{
	return kdbg_source_kind_register(&kdbg_tp_ops);
}

/**
 * kdbg_tracepoint_exit() - unregister the tracepoint kind (no source of
 * it is left).
 *
 * Context: process (module exit).
 */
void kdbg_tracepoint_exit(void)
{
	kdbg_source_kind_unregister(&kdbg_tp_ops);
}

/* ------------------------------------------------------------------ */
/* The list                                                            */

struct kdbg_tp_info {
	struct tracepoint *tp;
	const char *system;	/* a string of the kernel image, or NULL */
	u32 nargs;
};

/* A module's tracepoint, named while its module cannot go away. */
struct kdbg_tp_named {
	char name[KDBG_TARGET_MAX];
	u32 nargs;
};

struct kdbg_tp_table {
	struct kdbg_tp_info *v;		/* the kernel image's, by address */
	unsigned int n, max;
	struct kdbg_tp_named *mod;	/* modules', in ftrace_events order */
	unsigned int nmod;
};

static void kdbg_tp_count_one(struct tracepoint *tp, void *priv)
{
	(*(unsigned int *)priv)++;
}

static void kdbg_tp_collect_one(struct tracepoint *tp, void *priv)
{
	struct kdbg_tp_table *t = priv;

	if (t->n < t->max)
		t->v[t->n++].tp = tp;
}

static int kdbg_tp_cmp(const void *a, const void *b)
{
	const struct tracepoint *x = ((const struct kdbg_tp_info *)a)->tp;
	const struct tracepoint *y = ((const struct kdbg_tp_info *)b)->tp;

	return x < y ? -1 : x > y;
}

static struct kdbg_tp_info *kdbg_tp_table_find(struct kdbg_tp_table *t,
					       struct tracepoint *tp)
{
	struct kdbg_tp_info key = { .tp = tp };

	return bsearch(&key, t->v, t->n, sizeof(*t->v), kdbg_tp_cmp);
}

/*
 * Subsystems from the trace events, argument counts from the BPF maps,
 * and the modules' tracepoints (those with a trace event), copied while
 * event_mutex keeps their modules from going away.
 */
static void kdbg_tp_table_fill(struct kdbg_tp_table *t)
{
	const struct kdbg_tp_syms *s = kdbg_tp_syms();
	const struct bpf_raw_event_map *b;
	struct trace_event_call *call;
	struct kdbg_tp_info *info;
	struct kdbg_tp_named *m;
	unsigned int nmod = 0;

	for (b = s->btp_start; b && b < s->btp_stop; b++) {
		info = kdbg_tp_table_find(t, b->tp);
		if (info)
			info->nargs = b->num_args;
	}

	if (!s->ftrace_events)
		return;
	mutex_lock(s->event_mutex);
	list_for_each_entry(call, s->ftrace_events, list) {
		if (!kdbg_tp_event_ok(call))
			continue;
		if (call->module) {
			nmod++;
			continue;
		}
		info = kdbg_tp_table_find(t, call->tp);
		if (info)
			info->system = call->class->system;
	}
	t->mod = nmod ? kvcalloc(nmod, sizeof(*t->mod), GFP_KERNEL) : NULL;
	list_for_each_entry(call, s->ftrace_events, list) {
		if (!t->mod || t->nmod == nmod)
			break;
		if (!kdbg_tp_event_ok(call) || !call->module)
			continue;
		m = &t->mod[t->nmod++];
		snprintf(m->name, sizeof(m->name), "%s:%s", call->class->system,
			 call->tp->name);
		m->nargs = kdbg_tp_nargs(call->tp, call->module);
	}
	mutex_unlock(s->event_mutex);
}

/**
 * kdbg_tracepoints_walk() - call @fn for each tracepoint of the kernel
 * image (enumerated with for_each_kernel_tracepoint()), then for each
 * tracepoint of a module that has a trace event, in a stable order.
 * @fn: called with "SUBSYSTEM:NAME" (":NAME" when the tracepoint has no
 *	trace event or its subsystem cannot be found), the number of
 *	arguments (0 if unknown) and @arg; a negative return stops the walk.
 * @arg: passed to @fn.
 *
 * Context: process; sleeps (allocates, takes the tracing event_mutex but
 * not while @fn runs).
 * Return: 0 after the last tracepoint, @fn's negative return, or -ENOMEM.
 */
int kdbg_tracepoints_walk(int (*fn)(const char *name, u32 nargs, void *arg),
			  void *arg)
{
	struct kdbg_tp_table t = { };
	char name[KDBG_TARGET_MAX];
	struct kdbg_tp_info *info;
	unsigned int i;
	int ret = 0;

	for_each_kernel_tracepoint(kdbg_tp_count_one, &t.max);
	if (!t.max)
		return 0;
	t.v = kvcalloc(t.max, sizeof(*t.v), GFP_KERNEL);
	if (!t.v)
		return -ENOMEM;
	for_each_kernel_tracepoint(kdbg_tp_collect_one, &t);
	sort(t.v, t.n, sizeof(*t.v), kdbg_tp_cmp, NULL);
	kdbg_tp_table_fill(&t);

	for (i = 0; i < t.n; i++) {
		info = &t.v[i];
		snprintf(name, sizeof(name), "%s:%s", info->system ?: "",
			 info->tp->name);
		ret = fn(name, info->nargs, arg);
		if (ret < 0)
			goto out;
	}
	for (i = 0; i < t.nmod; i++) {
		ret = fn(t.mod[i].name, t.mod[i].nargs, arg);
		if (ret < 0)
			break;
	}
out:
	kvfree(t.mod);
	kvfree(t.v);
	return ret < 0 ? ret : 0;
}
