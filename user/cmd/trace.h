/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session every BCC-style tool of kdbgctl runs (funccount,
 * funclatency, stackcount): parse -d/-i/-p/-T, attach one aggregating
 * source or pattern, wait for the interval, the duration or SIGINT/
 * SIGTERM, read (and with -i clear) the tables, print, and always detach
 * what was attached. Also the pieces `probe add` and `agg` share with
 * them: the pattern result and stack frames.
 */
#ifndef KDBGCTL_TRACE_H
#define KDBGCTL_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "agg.h"
#include "nl.h"
#include "stream.h"

struct ksyms;

struct trace_opts {
	double duration;	/* -d, s; 0: until a signal */
	double interval;	/* -i, s; 0: print once at the end */
	uint32_t tgid;		/* -p, 0: every process */
	bool timestamp;		/* -T: a time line before each output */
};

/*
 * If @argv[*@i] is -d SEC, -i SEC, -p PID or -T, take it (and its value,
 * advancing *@i) and return 1; 0 if it is another argument; -1 after
 * reporting a usage error.
 */
int trace_parse_opt(const char *cmd, int argc, char **argv, int *i,
		    struct trace_opts *o);

struct trace;

/* `CMD help`, `CMD --help`, `CMD -h`. */
bool trace_is_help(int argc, char **argv);

/*
 * A command's own option at @argv[*@i]: as trace_parse_opt() (1 taken,
 * 0 not an option of the command, -1 reported usage error).
 */
typedef int (*trace_opt_fn)(struct trace *t, int argc, char **argv, int *i,
			    void *arg);

/*
 * Parse a tool's options into @t: the shared ones and @extra's (may be
 * NULL); the one positional argument goes to *@pattern, or is a usage
 * error when @pattern is NULL. 0, or -1 after reporting a usage error.
 */
int trace_parse_opts(struct trace *t, int argc, char **argv,
		     trace_opt_fn extra, void *arg, const char **pattern);

/* -u and -m into @arg, a struct funclatency_unit (tools.h): a trace_opt_fn. */
int trace_unit_opt(struct trace *t, int argc, char **argv, int *i, void *arg);

/*
 * Parse a tool's arguments into @t: trace_parse_opts() with the one
 * PATTERN required (t->req.target). 0, or -1 after reporting a usage
 * error.
 */
int trace_parse_args(struct trace *t, int argc, char **argv,
		     trace_opt_fn extra, void *arg);

/* Print one read: @d holds the tables of every source of the session. */
typedef int (*trace_print_fn)(struct trace *t, const struct kdbg_agg_dump *d,
			      void *arg);

struct trace {
	const char *cmd;		/* "funccount", for messages */
	/* stderr line once attached; NULL: "Tracing N functions ..." */
	const char *banner;
	struct trace_opts opts;
	struct kdbg_source_req req;	/* type, target, tgid, agg */
	struct kdbg_agg_spec spec;
	struct kdbg_add_reply reply;
	struct kdbg_nl *nl;
	bool pattern, attached;
	int sfd;			/* signalfd: SIGINT, SIGTERM */
	double start, next;		/* monotonic s; next interval */
	unsigned int reads;		/* printed so far */
	uint64_t lost;			/* missed hits and stacks reported */
};

/*
 * Attach @t->req (type, target set by the caller; tgid and agg are filled
 * in here), read until the end, calling @print for each read, and detach.
 * Return an exit code.
 */
int trace_run(struct trace *t, trace_print_fn print, void *arg);

/* -T: "HH:MM:SS" line (text) or "time" member (JSON). */
void trace_print_time(const struct trace *t);

/* "2 notrace, 1 kdbg's own" from a pattern reply; "" when none. */
void kdbg_skipped_text(const struct kdbg_add_reply *r, char *buf, size_t len);
/* JSON: "matched", "attached" and the "skipped" object of @r. */
void out_add_reply(const struct kdbg_add_reply *r);

/*
 * The frames of stack @s, outermost first, as stream's folded frames
 * (bare names; "func+0xOFF [module]" with @addrs): "[stack lost]" when
 * @s is NULL (stack id 0: the stack table was full). Return the count.
 */
size_t kdbg_stack_frames(struct ksyms *ks, const struct kdbg_stack *s,
			 bool addrs, char (*buf)[KDBG_FRAME_LEN], size_t n);

#endif /* KDBGCTL_TRACE_H */
