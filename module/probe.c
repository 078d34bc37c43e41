// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe and kretprobe sources.
 *
 * A target is "SYMBOL", "SYMBOL+OFFSET" (hex with 0x, or decimal) or
 * "MODULE:SYMBOL[+OFFSET]"; the kprobe layer resolves it with
 * kallsyms_lookup_name(), which reads "MODULE:SYMBOL" as a symbol of that
 * module. A probe is registered disabled, checked (not one of kdbg's own
 * functions; the offset still inside the symbol), and only then armed, so
 * nothing refused ever fires.
 *
 * Handlers: the kprobe pre-handler records the hit with the stack unwound
 * from the probed instruction; the kretprobe entry handler stamps the
 * entry time into its instance, the return handler records the latency and
 * the return value with the stack unwound from the caller.
 */
#include <linux/ctype.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "kdbg.h"

/* Instances of a kretprobe: functions in flight at once, all CPUs. */
#define KDBG_PROBE_MIN_ACTIVE	64

/* A kprobe or kretprobe source's state, in src->priv. */
struct kdbg_probe {
	struct kdbg_source *src;
	union {
		struct kprobe kp;	/* KDBG_SOURCE_KPROBE */
		struct kretprobe krp;	/* KDBG_SOURCE_KRETPROBE */
	};
};

static struct kdbg_probe *kdbg_probe_of(struct kdbg_source *src)
{
	return kdbg_source_priv(src);
}

static bool kdbg_probe_is_ret(const struct kdbg_source *src)
{
	return src->spec.type == KDBG_SOURCE_KRETPROBE;
}

static struct kprobe *kdbg_probe_kp(struct kdbg_source *src)
{
	struct kdbg_probe *p = kdbg_probe_of(src);

	return kdbg_probe_is_ret(src) ? &p->krp.kp : &p->kp;
}

/*
 * The kprobe layer sets ip one byte past the probe, as if its int3 had
 * run, but the probed instruction has not: unwind (and record) from the
 * probed address, whose ORC entry describes the frame as it is. @regs
 * itself must keep its ip for single-stepping. Out of line, so that the
 * path without a stack has no pt_regs copy on its stack (which the
 * kernel's zeroing of every local would clear on each hit).
 */
static noinline void kdbg_kprobe_pre_stack(struct kdbg_probe *p,
					   struct pt_regs *regs)
{
	struct pt_regs at = *regs;
	struct kdbg_hit hit = { .regs = &at };

	at.ip = (unsigned long)p->kp.addr;
	kdbg_source_hit(p->src, &hit);
}

NOKPROBE_SYMBOL(kdbg_kprobe_pre_stack);

/*
 * A kprobe's hit without a stack: nothing in it, since regs are read only
 * to unwind; shared and constant, so the handler builds none on its stack.
 */
static const struct kdbg_hit kdbg_kprobe_bare_hit;

static int kdbg_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kdbg_probe *p = container_of(kp, struct kdbg_probe, kp);

	if (kdbg_source_wants_stack(p->src))
		kdbg_kprobe_pre_stack(p, regs);
	else
		kdbg_source_hit(p->src, &kdbg_kprobe_bare_hit);
	return 0;
}

NOKPROBE_SYMBOL(kdbg_kprobe_pre);

static int kdbg_kretprobe_entry(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	/*
	 * CLOCK_MONOTONIC, not local_clock(): the function may return on
	 * another CPU (a sleep), and local_clock() is only per-CPU
	 * monotonic; this one is NMI-safe and is what BCC times with.
	 */
	*(u64 *)ri->data = ktime_get_mono_fast_ns();
	return 0;
}

NOKPROBE_SYMBOL(kdbg_kretprobe_entry);

/*
 * @regs is the caller's context right after the return: ip is the return
 * site (the rethook has already put it back), ax the return value. The
 * stack starts with the probed function, then its caller's return site.
 */
static int kdbg_kretprobe_ret(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct kdbg_probe *p = container_of(rp, struct kdbg_probe, krp);
	struct kdbg_ret_payload ret;
	struct kdbg_hit hit = {
		.regs = regs,
		.lead = p->src->addr,
		.payload = &ret,
		.payload_size = sizeof(ret),
	};

	ret.latency_ns = ktime_get_mono_fast_ns() - *(u64 *)ri->data;
	ret.retval = regs_return_value(regs);
	hit.latency = ret.latency_ns;
	hit.retval = ret.retval;
	kdbg_source_hit(p->src, &hit);
	return 0;
}

NOKPROBE_SYMBOL(kdbg_kretprobe_ret);

static bool kdbg_probe_symbol_char(char c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

/*
 * Split @target into a symbol for the kprobe layer ("SYMBOL" or
 * "MODULE:SYMBOL", allocated) and an offset.
 */
static int kdbg_probe_parse(const char *target, char **symbol,
			    unsigned long *offset,
			    struct netlink_ext_ack *extack)
{
	const char *plus, *colon, *p;
	size_t len;
	char *sym;

	*offset = 0;
	plus = strchr(target, '+');
	len = plus ? plus - target : strlen(target);
	if (plus && (kstrtoul(plus + 1, plus[1] == '0' && tolower(plus[2]) == 'x' ?
			      16 : 10, offset))) {
		NL_SET_ERR_MSG(extack,
			       "malformed OFFSET in SYMBOL+OFFSET: hex with 0x, or decimal");
		return -EINVAL;
	}

	sym = kstrndup(target, len, GFP_KERNEL);
	if (!sym)
		return -ENOMEM;

	colon = strchr(sym, ':');
	if (colon) {
		if (colon == sym || strchr(colon + 1, ':')) {
			NL_SET_ERR_MSG(extack,
				       "malformed target: expected MODULE:SYMBOL");
			goto err_free;
		}
		/* Module names are stored with '_' where the file has '-'. */
		for (p = sym; p < colon; p++) {
			if (*p == '-')
				sym[p - sym] = '_';
			else if (!isalnum(*p) && *p != '_')
				break;
		}
		if (p != colon) {
			NL_SET_ERR_MSG(extack,
				       "malformed module name in MODULE:SYMBOL");
			goto err_free;
		}
	}
	p = colon ? colon + 1 : sym;
	if (!*p) {
		NL_SET_ERR_MSG(extack, "malformed target: empty symbol name");
		goto err_free;
	}
	for (; *p; p++) {
		if (!kdbg_probe_symbol_char(*p)) {
			NL_SET_ERR_MSG(extack,
				       "malformed symbol name: expected SYMBOL, SYMBOL+OFFSET or MODULE:SYMBOL");
			goto err_free;
		}
	}
	*symbol = sym;
	return 0;

err_free:
	kfree(sym);
	return -EINVAL;
}

/*
 * kallsyms resolves SYMBOL+OFFSET past the end of SYMBOL to an address in
 * the next symbol: refuse that. @addr is where the probe was placed.
 */
static int kdbg_probe_check_offset(unsigned long addr, unsigned long offset,
				   struct netlink_ext_ack *extack)
{
	unsigned long off, size;
	char *buf, *plus;
	int ret = 0;

	if (!offset)
		return 0;
	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	sprint_symbol(buf, addr);
	plus = strchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, &size) != 2 ||
	    off != offset) {
		NL_SET_ERR_MSG(extack, "OFFSET is past the end of SYMBOL");
		ret = -EINVAL;
	}
	kfree(buf);
	return ret;
}

/*
 * After the kprobe layer refused SYMBOL+OFFSET: true when OFFSET is past
 * the end of SYMBOL, which kallsyms had resolved into the next symbol.
 */
static bool kdbg_probe_offset_past_end(const char *symbol,
				       unsigned long offset)
{
	struct kprobe kp = {
		.symbol_name = symbol,
		.flags = KPROBE_FLAG_DISABLED,
	};
	unsigned long off, size;
	bool past = false;
	char *buf, *plus;

	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return false;
	if (!register_kprobe(&kp)) {
		sprint_symbol(buf, (unsigned long)kp.addr);
		unregister_kprobe(&kp);
		plus = strchr(buf, '+');
		past = plus && sscanf(plus, "+%lx/%lx", &off, &size) == 2 &&
		       offset >= size;
	}
	kfree(buf);
	return past;
}

/* The kprobe layer's errors, as the protocol names them. */
static int kdbg_probe_register_error(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -ENOENT:
		NL_SET_ERR_MSG(extack,
			       "unknown symbol (or its module is not loaded)");
		return -ENOENT;
	case -EINVAL:
		NL_SET_ERR_MSG(extack,
			       "cannot probe this symbol: not kernel text, blacklisted for kprobes, or reserved");
		return -EOPNOTSUPP;
	case -EILSEQ:
		NL_SET_ERR_MSG(extack,
			       "cannot probe there: OFFSET is not on an instruction boundary");
		return -EOPNOTSUPP;
	case -EBUSY:
		NL_SET_ERR_MSG(extack,
			       "the kprobe layer is busy (module loading or unloading); try again");
		return -EBUSY;
	case -ENOMEM:
		return -ENOMEM;
	default:
		NL_SET_ERR_MSG(extack, "the kprobe layer refused this probe");
		return err;
	}
}

static void kdbg_probe_unregister(struct kdbg_source *src)
{
	if (kdbg_probe_is_ret(src))
		unregister_kretprobe(&kdbg_probe_of(src)->krp);
	else
		unregister_kprobe(&kdbg_probe_of(src)->kp);
}

/*
 * Register and arm the kprobe or kretprobe of @src; set @src->addr.
 * @must_trace: refuse (-ENOTSUPP) a function that is not an ftrace site
 * (notrace, or a compiler fragment such as foo.cold), as patterns do.
 *
 * Return: 0, -EINVAL (malformed target, OFFSET past the end of SYMBOL, an
 * OFFSET on a kretprobe), -ENOENT (unknown symbol or module), -EOPNOTSUPP
 * (blacklisted, not text, not on an instruction boundary, kdbg's own
 * function), -ENOTSUPP, -EBUSY, -ENOMEM, or another error of
 * register_kprobe().
 */
static int kdbg_probe_attach(struct kdbg_source *src, bool must_trace,
			     struct netlink_ext_ack *extack)
{
	struct kdbg_probe *p = kdbg_probe_of(src);
	bool ret_probe = kdbg_probe_is_ret(src);
	struct kprobe *kp = kdbg_probe_kp(src);
	unsigned long offset, addr;
	char *symbol;
	int ret;

	p->src = src;
	ret = kdbg_probe_parse(src->spec.target, &symbol, &offset, extack);
	if (ret)
		return ret;
	if (ret_probe && offset) {
		NL_SET_ERR_MSG(extack,
			       "a return probe goes on a function entry: no +OFFSET");
		ret = -EINVAL;
		goto err_free_symbol;
	}

	kp->symbol_name = symbol;
	kp->offset = offset;
	kp->flags = KPROBE_FLAG_DISABLED;
	if (ret_probe) {
		p->krp.entry_handler = kdbg_kretprobe_entry;
		p->krp.handler = kdbg_kretprobe_ret;
		p->krp.data_size = sizeof(u64);
		p->krp.maxactive = max_t(int, KDBG_PROBE_MIN_ACTIVE,
					 4 * num_possible_cpus());
		ret = register_kretprobe(&p->krp);
	} else {
		kp->pre_handler = kdbg_kprobe_pre;
		ret = register_kprobe(kp);
	}
	if (ret) {
		if ((ret == -EINVAL || ret == -EILSEQ) && offset &&
		    kdbg_probe_offset_past_end(symbol, offset)) {
			NL_SET_ERR_MSG(extack, "OFFSET is past the end of SYMBOL");
			ret = -EINVAL;
		} else {
			ret = kdbg_probe_register_error(ret, extack);
		}
		goto err_free_symbol;
	}

	addr = (unsigned long)kp->addr;
	if (within_module(addr, THIS_MODULE)) {
		NL_SET_ERR_MSG(extack, "kdbg does not probe its own functions");
		ret = -EOPNOTSUPP;
		goto err_unregister;
	}
	/* The kprobe layer put it on ftrace's call site, if there is one. */
	if (must_trace && !(kp->flags & KPROBE_FLAG_FTRACE)) {
		NL_SET_ERR_MSG(extack,
			       "not an ftrace site (notrace, or a compiler fragment)");
		ret = -ENOTSUPP;
		goto err_unregister;
	}
	ret = kdbg_probe_check_offset(addr, offset, extack);
	if (ret)
		goto err_unregister;

	ret = ret_probe ? enable_kretprobe(&p->krp) : enable_kprobe(kp);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "the kprobe layer could not arm this probe");
		goto err_unregister;
	}
	src->addr = addr;
	return 0;

err_unregister:
	kdbg_probe_unregister(src);
err_free_symbol:
	kfree(symbol);
	kp->symbol_name = NULL;
	return ret;
}

/*
 * Unregister the probe of @src. Returns after an RCU grace period: no
 * handler of @src runs any more, and none will (a kretprobe's instances
 * still pending in tasks find its handler gone).
 */
static void kdbg_probe_detach(struct kdbg_source *src)
{
	struct kprobe *kp = kdbg_probe_kp(src);

	kdbg_probe_unregister(src);
	kfree(kp->symbol_name);
	kp->symbol_name = NULL;
}

static bool kdbg_probe_same_point(const struct kdbg_source *a,
				  const struct kdbg_source *b)
{
	return a->addr == b->addr;
}

/*
 * Hits the kprobe layer lost before our handler. Kprobes: hits while
 * another kprobe ran on the CPU. Kretprobes: the same, plus returns lost
 * because all instances were in use.
 */
static u64 kdbg_probe_nmissed(struct kdbg_source *src)
{
	struct kdbg_probe *p = kdbg_probe_of(src);

	if (kdbg_probe_is_ret(src))
		return (u64)READ_ONCE(p->krp.kp.nmissed) +
		       (unsigned int)READ_ONCE(p->krp.nmissed);
	return READ_ONCE(p->kp.nmissed);
}

static const struct kdbg_source_ops kdbg_kprobe_ops = {
	.type = KDBG_SOURCE_KPROBE,
	.name = "kprobe",
	.priv_size = sizeof(struct kdbg_probe),
	.patterns = true,
	.attach = kdbg_probe_attach,
	.detach = kdbg_probe_detach,
	.same_point = kdbg_probe_same_point,
	.nmissed = kdbg_probe_nmissed,
};

static const struct kdbg_source_ops kdbg_kretprobe_ops = {
	.type = KDBG_SOURCE_KRETPROBE,
	.name = "kretprobe",
	.priv_size = sizeof(struct kdbg_probe),
	.patterns = true,
	.agg_caps = {
		.keys = KDBG_AGG_KEY_RETVAL,
		.values = BIT(KDBG_AGG_VALUE_LATENCY) |
			  BIT(KDBG_AGG_VALUE_RETVAL),
	},
	.attach = kdbg_probe_attach,
	.detach = kdbg_probe_detach,
	.same_point = kdbg_probe_same_point,
	.nmissed = kdbg_probe_nmissed,
};

/**
 * kdbg_probe_init() - register the kprobe and kretprobe kinds.
 *
 * Context: process (module init).
 * Return: 0 or the registry's error.
 */
int kdbg_probe_init(void)
{
	int ret;

	ret = kdbg_source_kind_register(&kdbg_kprobe_ops);
	if (ret)
		return ret;
	ret = kdbg_source_kind_register(&kdbg_kretprobe_ops);
	if (ret)
		kdbg_source_kind_unregister(&kdbg_kprobe_ops);
	return ret;
}

/**
 * kdbg_probe_exit() - unregister both kinds, in the reverse order.
 *
 * Context: process (module exit); no source of them is left.
 */
void kdbg_probe_exit(void)
{
	kdbg_source_kind_unregister(&kdbg_kretprobe_ops);
	kdbg_source_kind_unregister(&kdbg_kprobe_ops);
}
