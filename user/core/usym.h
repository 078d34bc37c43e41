/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space symbolization for `kdbgctl profile`: a process's mappings
 * from /proc/PID/maps, read at first sight of the process and kept after
 * it exits, and the function symbols of each mapped ELF file (libelf:
 * .symtab, else .dynsym). An address maps to a file offset through its
 * mapping, then to the file's virtual address through the PT_LOAD segment
 * holding that offset, so PIE executables, shared libraries and fixed
 * executables resolve alike.
 */
#ifndef KDBGCTL_USYM_H
#define KDBGCTL_USYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line of /proc/PID/maps. */
struct usym_map {
	uint64_t start, end, pgoff;
	bool exec;
	char *path;		/* "" for anonymous memory; "[vdso]" etc. */
	struct usym_elf *elf;	/* opened on first use; NULL: none yet */
	bool tried;		/* the ELF was looked for */
};

/*
 * Parse a whole maps text into *@maps (malloc'd, *@nr entries, in the
 * file's order). " (deleted)" stays in the path. Return 0, -EINVAL for a
 * malformed line, -ENOMEM.
 */
int usym_maps_parse(const char *text, struct usym_map **maps, size_t *nr);
void usym_maps_free(struct usym_map *maps, size_t nr);

struct usyms;

/* @proc: the proc root ("/proc" when NULL). NULL when out of memory. */
struct usyms *usyms_new(const char *proc);
void usyms_free(struct usyms *u);

/*
 * Read @pid's maps if they were never read (first sight); keep them
 * once the process is gone. Return 0, or -errno when they could not be
 * read (the process had exited before it was seen).
 */
int usyms_add_pid(struct usyms *u, int pid);

/*
 * The name of the function holding @addr in @pid: its symbol; else the
 * mapping's file in brackets ("[libc.so.6]", as stackcollapse-perf.pl
 * names a frame with no symbol, and "[vdso]"); else "[unknown]". An
 * address outside every known mapping rereads the maps once per call of
 * usyms_epoch() while the process lives (a library loaded later).
 * Returns @buf.
 */
const char *usyms_resolve(struct usyms *u, int pid, uint64_t addr,
			  char *buf, size_t len);

/*
 * Read the maps of every process there is now (a system-wide profile's
 * start: a process that exits before its first sample is read still
 * resolves). Return the number read.
 */
size_t usyms_add_all(struct usyms *u);

/* A new read of the profile: addresses may reread the maps again. */
void usyms_epoch(struct usyms *u);

/*
 * Reread @pid's maps unless they were read since the last usyms_epoch()
 * (a process seen again may have exec'd or loaded a library); keep the
 * ones read before if it is gone. Return as usyms_add_pid().
 */
int usyms_refresh(struct usyms *u, int pid);

#endif /* KDBGCTL_USYM_H */
