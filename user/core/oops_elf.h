/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The little of an ELF file that `oops decode` needs to turn "func+off"
 * into an address addr2line understands: the function symbols of
 * .symtab, the GNU build id, and whether DWARF line tables are there.
 * Reads ELF64 files (vmlinux, modules' .ko) through mmap and <elf.h>,
 * checking every offset against the file's size.
 */
#ifndef KDBGCTL_OOPS_ELF_H
#define KDBGCTL_OOPS_ELF_H

#include <stdbool.h>
#include <stdint.h>

struct oops_elf;

/* Open @path; NULL with *@err set to why (a static string). */
struct oops_elf *oops_elf_open(const char *path, const char **err);
void oops_elf_close(struct oops_elf *e);

/* A relocatable object (a .ko): symbol values are section offsets. */
bool oops_elf_is_rel(const struct oops_elf *e);
/* The build id in hex, or "" when the file has none. */
const char *oops_elf_build_id(const struct oops_elf *e);
/* Whether .debug_line is present (addr2line can give file:line). */
bool oops_elf_has_lines(const struct oops_elf *e);

/*
 * The function symbol @name; with @size non-zero, one of that size is
 * preferred (static functions share names). Sets its value, size and
 * section name. Return 0, or -ENOENT.
 */
int oops_elf_find_func(const struct oops_elf *e, const char *name,
		       uint64_t size, uint64_t *value, uint64_t *symsize,
		       const char **section);

#endif /* KDBGCTL_OOPS_ELF_H */
