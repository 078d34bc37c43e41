/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel address to symbol resolution for kdbgctl, from /proc/kallsyms
 * (addresses are visible to root only) and the module ranges of
 * /proc/modules. The table is a sorted array searched by bisection; it is
 * reloaded when an address falls outside the kernel image and every known
 * module, so modules loaded after kdbgctl started resolve too.
 */
#ifndef KDBGCTL_SYMBOLS_H
#define KDBGCTL_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ksyms;

struct ksym {
	uint64_t addr;
	const char *name;
	const char *module;	/* NULL for the kernel image */
};

/*
 * Create a resolver reading @kallsyms and @modules (NULL: the /proc
 * files; @modules may name a missing file). Nothing is read until the
 * first lookup. NULL on allocation failure.
 */
struct ksyms *ksyms_new(const char *kallsyms, const char *modules);
void ksyms_free(struct ksyms *ks);

/* (Re)read the files now. Return 0 or a negative errno. */
int ksyms_load(struct ksyms *ks);

/* Minimum seconds between automatic reloads (default 1; 0 in tests). */
void ksyms_set_reload_interval(struct ksyms *ks, double seconds);
unsigned int ksyms_reloads(const struct ksyms *ks);
size_t ksyms_count(const struct ksyms *ks);

/* The symbol containing @addr and the offset into it, or NULL. */
const struct ksym *ksyms_lookup(struct ksyms *ks, uint64_t addr,
				uint64_t *off);

/*
 * Format @addr as "func+0xOFF", "func+0xOFF [module]", or "0x%016llx"
 * when unknown. Return the length snprintf() would print.
 */
int ksyms_format(struct ksyms *ks, uint64_t addr, char *buf, size_t len);

/*
 * Reduce a formatted frame to what a folded stack shows: the bare
 * function name, or with @keep_off "func+0xOFF"; the module suffix is
 * dropped and unresolved hex addresses are kept as they are.
 */
void ksym_frame_name(const char *frame, bool keep_off, char *buf, size_t len);

#endif /* KDBGCTL_SYMBOLS_H */
