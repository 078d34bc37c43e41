// SPDX-License-Identifier: GPL-2.0
/*
 * Unexported kernel symbols, through kallsyms.
 *
 * 6.1 exports neither kallsyms_lookup_name() nor the symbol walks, but
 * the kprobe layer resolves names for us: a disabled kprobe on
 * kallsyms_lookup_name is registered, its address read, and unregistered.
 * With it we look up what tracepoint.c needs (ftrace_events, event_mutex,
 * the BPF raw tracepoint table) and the two walks patterns need:
 * kallsyms_on_each_symbol() for the kernel image and
 * module_kallsyms_on_each_symbol() for modules (both CONFIG_KALLSYMS_ALL,
 * set in every kernel we support). Both walks report data symbols too;
 * only text is passed on: the kernel image's [_stext, _etext), a module's
 * core text.
 */
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/ibt.h>

#include "kdbg.h"

typedef unsigned long (*kdbg_ksym_lookup_fn)(const char *name);
typedef int (*kdbg_ksym_sym_fn)(void *data, const char *name,
				struct module *mod, unsigned long addr);
typedef int (*kdbg_ksym_walk_fn)(kdbg_ksym_sym_fn fn, void *data);

/*
 * Looked up once, on first use. The lock serialises the lookup; once
 * kdbg_ksyms_done is set (release, paired with the acquire in
 * kdbg_ksyms()), the values never change.
 */
struct kdbg_ksyms {
	kdbg_ksym_lookup_fn lookup;
	kdbg_ksym_walk_fn walk_kernel, walk_modules;
	unsigned long stext, etext;
};

static DEFINE_MUTEX(kdbg_ksyms_lock);
static struct kdbg_ksyms kdbg_ksyms_val;
static bool kdbg_ksyms_done;

/* The kprobe layer moves past an ENDBR; calls must land on it. */
static unsigned long kdbg_ksym_call_addr(unsigned long addr)
{
	void *before = (void *)(addr - 4);
	u32 insn;

	if (addr && !copy_from_kernel_nofault(&insn, before, sizeof(insn)) &&
	    is_endbr(insn))
		addr -= 4;
	return addr;
}

static kdbg_ksym_lookup_fn kdbg_ksym_find_lookup(void)
{
	struct kprobe kp = {
		.symbol_name = "kallsyms_lookup_name",
		.flags = KPROBE_FLAG_DISABLED,
	};
	unsigned long addr;

	if (register_kprobe(&kp))
		return NULL;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return (kdbg_ksym_lookup_fn)kdbg_ksym_call_addr(addr);
}

static const struct kdbg_ksyms *kdbg_ksyms(void)
{
	struct kdbg_ksyms *k = &kdbg_ksyms_val;

	/* Pairs with the smp_store_release() below. */
	if (smp_load_acquire(&kdbg_ksyms_done))
		return k;

	mutex_lock(&kdbg_ksyms_lock);
	if (kdbg_ksyms_done)
		goto out;
	k->lookup = kdbg_ksym_find_lookup();
	if (k->lookup) {
		k->walk_kernel = (kdbg_ksym_walk_fn)
			kdbg_ksym_call_addr(k->lookup("kallsyms_on_each_symbol"));
		k->walk_modules = (kdbg_ksym_walk_fn)
			kdbg_ksym_call_addr(k->lookup("module_kallsyms_on_each_symbol"));
		k->stext = k->lookup("_stext");
		k->etext = k->lookup("_etext");
		if (k->etext <= k->stext)
			k->walk_kernel = NULL;
	}
	/* The values are set before anyone sees done; pairs with above. */
	smp_store_release(&kdbg_ksyms_done, true);
out:
	mutex_unlock(&kdbg_ksyms_lock);
	return k;
}

/**
 * kdbg_ksym_lookup() - the address of a kernel symbol, exported or not.
 * @name: "SYMBOL" or "MODULE:SYMBOL".
 *
 * Context: process; sleeps (the first call registers a kprobe).
 * Return: the address, or 0 if unknown or kallsyms is not reachable.
 */
unsigned long kdbg_ksym_lookup(const char *name)
{
	const struct kdbg_ksyms *k = kdbg_ksyms();

	return k->lookup ? k->lookup(name) : 0;
}

struct kdbg_ksym_walk {
	const struct kdbg_ksyms *k;
	const char *mod;		/* NULL: the kernel image */
	int (*fn)(void *arg, const char *name);
	void *arg;
};

static int kdbg_ksym_kernel_one(void *data, const char *name,
				struct module *mod, unsigned long addr)
{
	struct kdbg_ksym_walk *w = data;

	if (addr < w->k->stext || addr >= w->k->etext)
		return 0;
	return w->fn(w->arg, name);
}

static int kdbg_ksym_module_one(void *data, const char *name,
				struct module *mod, unsigned long addr)
{
	struct kdbg_ksym_walk *w = data;
	unsigned long base;

	if (strcmp(mod->name, w->mod))
		return 0;
	/* Core text starts the core layout (module_layout, module.h). */
	base = (unsigned long)mod->core_layout.base;
	if (addr < base || addr >= base + mod->core_layout.text_size)
		return 0;
	return w->fn(w->arg, name);
}

/**
 * kdbg_ksym_for_each() - walk the function symbols of the kernel image or
 * of one module.
 * @mod: a module's name (as /proc/modules shows it), or NULL for the
 *	kernel image.
 * @fn: called with each text symbol's name and @arg; non-zero stops the
 *	walk. Names repeat when several static functions share one.
 * @arg: passed to @fn.
 *
 * Context: process; sleeps. For a module the walk holds module_mutex: @fn
 * must only record what it sees.
 * Return: 0, @fn's non-zero value, or -EOPNOTSUPP when kallsyms cannot be
 * reached.
 */
int kdbg_ksym_for_each(const char *mod,
		       int (*fn)(void *arg, const char *name), void *arg)
{
	struct kdbg_ksym_walk w = {
		.k = kdbg_ksyms(), .mod = mod, .fn = fn, .arg = arg,
	};

	if (mod)
		return w.k->walk_modules ?
		       w.k->walk_modules(kdbg_ksym_module_one, &w) :
		       -EOPNOTSUPP;
	return w.k->walk_kernel ?
	       w.k->walk_kernel(kdbg_ksym_kernel_one, &w) : -EOPNOTSUPP;
}
