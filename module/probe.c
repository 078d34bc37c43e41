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
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kdbg.h"

/* Instances of a kretprobe: functions in flight at once, all CPUs. */
#define KDBG_PROBE_MIN_ACTIVE	64

static int kdbg_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kdbg_source *src = container_of(kp, struct kdbg_source, kp);
	struct pt_regs at;

	/* No stack to unwind: no need for the corrected copy below. */
	if (src->spec.flags & (KDBG_SOURCE_F_NO_STACK | KDBG_SOURCE_F_COUNT)) {
		kdbg_source_hit(src, regs, NULL, 0, 0);
		return 0;
	}
	/*
	 * The kprobe layer sets ip one byte past the probe, as if its int3
	 * had run, but the probed instruction has not: unwind (and record)
	 * from the probed address, whose ORC entry describes the frame as it
	 * is. @regs itself must keep its ip for single-stepping.
	 */
	at = *regs;
	at.ip = (unsigned long)kp->addr;
	kdbg_source_hit(src, &at, NULL, 0, 0);
	return 0;
}

NOKPROBE_SYMBOL(kdbg_kprobe_pre);

static int kdbg_kretprobe_entry(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	*(u64 *)ri->data = local_clock();
	return 0;
}

NOKPROBE_SYMBOL(kdbg_kretprobe_entry);

/*
 * @regs is the caller's context right after the return: ip is the return
 * site (the rethook has already put it back), ax the return value.
 */
static int kdbg_kretprobe_ret(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct kdbg_source *src = container_of(rp, struct kdbg_source, krp);
	struct kdbg_ret_payload ret;

	ret.latency_ns = local_clock() - *(u64 *)ri->data;
	ret.retval = regs_return_value(regs);
	kdbg_source_hit(src, regs, &ret, sizeof(ret), 0);
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
	if (src->spec.type == KDBG_SOURCE_KRETPROBE)
		unregister_kretprobe(&src->krp);
	else
		unregister_kprobe(&src->kp);
}

/**
 * kdbg_probe_attach() - register and arm the kprobe or kretprobe of @src.
 * @src: a KDBG_SOURCE_KPROBE or KDBG_SOURCE_KRETPROBE source, target set.
 * @extack: receives a message on error.
 *
 * Sets @src->addr to the probed address on success.
 *
 * Context: process; sleeps; the sources mutex held.
 * Return: 0, -EINVAL (malformed target, OFFSET past the end of SYMBOL, an
 * OFFSET on a kretprobe), -ENOENT (unknown symbol or module), -EOPNOTSUPP
 * (blacklisted, not text, not on an instruction boundary, kdbg's own
 * function), -EBUSY, -ENOMEM, or another error of register_kprobe().
 */
int kdbg_probe_attach(struct kdbg_source *src, struct netlink_ext_ack *extack)
{
	bool ret_probe = src->spec.type == KDBG_SOURCE_KRETPROBE;
	struct kprobe *kp = ret_probe ? &src->krp.kp : &src->kp;
	unsigned long offset, addr;
	char *symbol;
	int ret;

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
		src->krp.entry_handler = kdbg_kretprobe_entry;
		src->krp.handler = kdbg_kretprobe_ret;
		src->krp.data_size = sizeof(u64);
		src->krp.maxactive = max_t(int, KDBG_PROBE_MIN_ACTIVE,
					   4 * num_possible_cpus());
		ret = register_kretprobe(&src->krp);
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
	ret = kdbg_probe_check_offset(addr, offset, extack);
	if (ret)
		goto err_unregister;

	ret = ret_probe ? enable_kretprobe(&src->krp) : enable_kprobe(kp);
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

/**
 * kdbg_probe_detach() - unregister the probe of @src.
 * @src: an attached kprobe or kretprobe source.
 *
 * Returns after an RCU grace period: no handler of @src runs any more,
 * and none will (a kretprobe's instances still pending in tasks find its
 * handler gone).
 *
 * Context: process; sleeps.
 */
void kdbg_probe_detach(struct kdbg_source *src)
{
	struct kprobe *kp = src->spec.type == KDBG_SOURCE_KRETPROBE ?
			    &src->krp.kp : &src->kp;

	kdbg_probe_unregister(src);
	kfree(kp->symbol_name);
	kp->symbol_name = NULL;
}

/**
 * kdbg_probe_nmissed() - hits the kprobe layer lost before our handler.
 * @src: an attached kprobe or kretprobe source.
 *
 * Kprobes: hits while another kprobe ran on the CPU. Kretprobes: the
 * same, plus returns lost because all instances were in use.
 *
 * Context: any.
 * Return: the number of missed hits.
 */
u64 kdbg_probe_nmissed(struct kdbg_source *src)
{
	if (src->spec.type == KDBG_SOURCE_KRETPROBE)
		return (u64)READ_ONCE(src->krp.kp.nmissed) +
		       (unsigned int)READ_ONCE(src->krp.nmissed);
	return READ_ONCE(src->kp.nmissed);
}
