/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel crash reports, decoded: the data model of `kdbgctl oops decode`.
 * oops_parse.c turns dmesg, console or pstore text into a list of reports
 * (one per BUG, Oops, general protection fault, WARNING, KASAN report,
 * lockdep report, lockup or hung task), oops_sym.c resolves their frames
 * to file:line from a vmlinux and the modules' .ko files, oops_print.c
 * prints them as text or JSON through the output layer. The parser knows
 * the printk formats of Linux 6.1 (each is cited where it is matched) and
 * never needs the kernel that wrote them.
 */
#ifndef KDBGCTL_OOPS_H
#define KDBGCTL_OOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OOPS_NAME_LEN	128
#define OOPS_PATH_LEN	256

enum oops_kind {
	OOPS_KIND_BUG = 1,	/* "BUG: ..." not covered below */
	OOPS_KIND_OOPS,		/* page fault, NULL dereference, kernel BUG at */
	OOPS_KIND_GPF,		/* general protection fault */
	OOPS_KIND_WARNING,	/* WARN(), WARN_ON() */
	OOPS_KIND_KASAN,
	OOPS_KIND_LOCKDEP,
	OOPS_KIND_SOFT_LOCKUP,
	OOPS_KIND_HARD_LOCKUP,
	OOPS_KIND_HUNG_TASK,
};

/* What the frame's text said, and what symbolization found for it. */
struct oops_frame {
	char func[OOPS_NAME_LEN];	/* empty: a bare address */
	uint64_t off, size;		/* func+off/size */
	uint64_t addr;			/* a bare address, or a resolved one */
	char module[64];		/* [module], empty for the kernel */
	char build_id[41];		/* [module build-id], when printed */
	bool unreliable;		/* "? " before the frame */
	bool exact;			/* RIP: not a return address */
	char context[8];		/* "task", "irq", "nmi", "softirq", ... */
	/* Filled by oops_symbolize(). */
	char file[OOPS_PATH_LEN];
	unsigned int line;
	char inlined[OOPS_NAME_LEN];	/* the innermost function inlined here */
	char inline_file[OOPS_PATH_LEN];	/* and its file:line */
	unsigned int inline_line;
	const char *sym_error;		/* why it was not resolved, or NULL */
};

struct oops_stack {
	struct oops_frame *frames;
	size_t nr, cap;
};

/* A KASAN report's "Allocated by" / "Freed by" track. */
struct oops_track {
	bool present;
	unsigned int pid;
	struct oops_stack stack;
};

struct oops_kasan {
	char bug_type[48];		/* use-after-free, slab-out-of-bounds ... */
	struct oops_track alloc, free;
	char cache[64];			/* kmalloc-64 */
	unsigned int object_size;
	uint64_t object_addr;
	int rel_bytes;			/* -1: unknown */
	char relation[16];		/* inside, to the left, to the right */
	char *shadow;			/* "Memory state around" rows, \n-joined */
	char shadow_bad[160];		/* the row flagged with '>' */
	unsigned int shadow_col;	/* the '^' column in that row, 0: none */
	char shadow_byte[3];		/* the shadow byte under the '^' */
};

struct oops_lock {
	char name[OOPS_NAME_LEN];	/* (lock_a){+.+.}-{3:3}: lock_a */
	struct oops_frame at;		/* ", at: func+off/size [mod]" */
};

struct oops_lockdep {
	char task[32];
	unsigned int pid;
	struct oops_lock acquiring, holding;
	unsigned int chain_len;		/* "-> #N" entries */
};

/* One event of the flight recorder's console dump (kdbg-recorder:). */
struct oops_rec_event {
	char fields[512];		/* "cpu=0 ts=... target=..." as printed */
	unsigned int cpu;
	struct oops_stack stack;
};

struct oops_recorder {
	char reason[32];
	int cpu;			/* -1: not printed */
	unsigned int events_declared;
	struct oops_rec_event *events;
	size_t nr, cap;
	char (*rings)[160];		/* "ring: cpu=C records=R ..." per CPU */
	size_t nr_rings, cap_rings;
	bool ended;			/* "kdbg-recorder: end" seen */
	unsigned int line;		/* of the "frozen:" line */
};

struct oops_report {
	enum oops_kind kind;
	char type[64];		/* the kind's detail: use-after-free, ... */
	char title[256];	/* the report's first line */
	unsigned int first_line, last_line;	/* in the input, 1-based */
	char caller[16];	/* printk caller id ("T123"), when printed */

	/* Where it happened: RIP, or the function the title names. */
	bool has_location;
	struct oops_frame where;
	char src_file[OOPS_PATH_LEN];	/* the kernel printed it: WARN, BUG */
	unsigned int src_line;

	bool has_fault_addr;
	uint64_t fault_addr;
	char access[8];		/* read, write, free, exec */
	uint64_t access_size;	/* 0: not printed */
	char fault_mode[16];	/* #PF: supervisor/user */
	uint64_t error_code;	/* Oops: NNNN / #PF error_code */
	bool has_error_code;
	unsigned int die_counter;	/* [#N] */

	int cpu, pid;		/* -1: not printed */
	char comm[32];
	bool has_taint;
	char taint[32];		/* as printed: "G    B   O" or "" */
	char release[64], version[64];
	char package[64];	/* the distribution's, e.g. "Debian 6.1.192-3" */
	char build_id[41];	/* the kernel's (CONFIG_STACKTRACE_BUILD_ID) */
	unsigned int stuck_secs;	/* lockups and hung tasks */

	struct oops_stack trace;
	char *modules;		/* "Modules linked in:" text */
	char panic[160];	/* "Kernel panic - not syncing: " reason */

	struct oops_kasan kasan;
	struct oops_lockdep lockdep;
	struct oops_recorder *recorder;	/* events just before, or NULL */

	/* Parser state. */
	bool done;
	bool rip_seen;
	int section;
	char ctx[8];		/* the call trace's current stack */
};

struct oops_list {
	struct oops_report **reports;
	size_t nr, cap;
	struct oops_recorder **recorders;	/* every block, in order */
	size_t nr_rec, cap_rec;
};

/* Parse all of @f. Return 0, or -ENOMEM. */
int oops_parse_file(FILE *f, struct oops_list *list);
/* Parse @len bytes of @text (tests). */
int oops_parse_text(const char *text, size_t len, struct oops_list *list);
void oops_list_free(struct oops_list *list);

/* "oops", "kasan", ... (the JSON value of a report's kind). */
const char *oops_kind_name(enum oops_kind kind);

/*
 * Strip what the log transport added to a kernel line: "<4>" levels,
 * /dev/kmsg's "4,123,456,-;", "[   12.345678]" timestamps, printk
 * caller ids ("[  T123]", copied into @caller when not NULL) and
 * syslog's "Dec  3 12:00:00 host kernel: ". Returns the message.
 */
const char *oops_strip_prefix(const char *line, char *caller, size_t len);

/* Parse " func+0x1c/0x40 [mod]", "? func+..", "0xffffffff..." frames. */
bool oops_parse_frame(const char *s, struct oops_frame *fr);

/* The meaning of a taint letter (Documentation/admin-guide/tainted-kernels.rst). */
struct oops_taint_flag {
	char c;
	unsigned int bit;
	const char *meaning;
};

/* Letters set in a "Tainted: " string (blanks and G skipped), in order. */
size_t oops_taint_decode(const char *taint, const struct oops_taint_flag **out,
			 size_t max);

/* Where to find debug info; NULLs are allowed. */
struct oops_sym_opts {
	const char *vmlinux;
	const char *modules_dir;
	const char *addr2line;	/* NULL: "addr2line" on $PATH */
};

/*
 * Resolve each frame of each report (location, call trace, KASAN tracks,
 * lockdep locks, recorder stacks) to file:line. Frames that cannot be
 * resolved keep a reason in sym_error. Return the number resolved.
 */
size_t oops_symbolize(struct oops_list *list, const struct oops_sym_opts *o);

/* Print every report (text or JSON, as out_init() chose). */
void oops_print(const struct oops_list *list);

#endif /* KDBGCTL_OOPS_H */
