/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbgctl's shared declarations: global options, exit codes, the error
 * reporting every command uses, and the entry point of each object's
 * command table.
 */
#ifndef KDBGCTL_H
#define KDBGCTL_H

#include <stdbool.h>

/* Exit codes, as ip(8) and bpftool(8) use them. */
#define KDBG_EXIT_OK		0
#define KDBG_EXIT_RUNTIME	1
#define KDBG_EXIT_USAGE		2

/* kdbgctl's version (main.c's `version`, doctor's module check). */
#ifndef KDBG_VERSION
#define KDBG_VERSION "0.1"
#endif

/* Global options, set by main.c before dispatch. */
extern bool opt_json;		/* -j: JSON on stdout */
extern bool opt_pretty;		/* -p: indented JSON */

/*
 * Report an error: one line on stderr, "kdbgctl: error: <message>".
 * In JSON mode the same text also goes to stdout as {"error": "..."}.
 */
void kdbg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Each object's entry point: argv[0] is the verb (or NULL for the default). */
int cmd_probe(int argc, char **argv);
int cmd_tracepoint(int argc, char **argv);
int cmd_ring(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_stream(int argc, char **argv);
int cmd_fold(int argc, char **argv);
int cmd_agg(int argc, char **argv);
int cmd_funccount(int argc, char **argv);
int cmd_funclatency(int argc, char **argv);
int cmd_stackcount(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_recorder(int argc, char **argv);
int cmd_oops(int argc, char **argv);
int cmd_syscount(int argc, char **argv);
int cmd_runqlat(int argc, char **argv);
int cmd_biolatency(int argc, char **argv);
int cmd_offcpu(int argc, char **argv);
int cmd_lock(int argc, char **argv);
int cmd_drops(int argc, char **argv);
int cmd_tcpretrans(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_netstat(int argc, char **argv);
int cmd_mem(int argc, char **argv);

#endif /* KDBGCTL_H */
