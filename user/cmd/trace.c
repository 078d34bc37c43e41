// SPDX-License-Identifier: GPL-2.0
/*
 * The session of kdbgctl's BCC-style tools (see trace.h). SIGINT and
 * SIGTERM are blocked before anything is attached and read from a
 * signalfd, so a Ctrl-C at any point ends the session through the same
 * path: the last read is printed and the source or pattern detached.
 * Every read clears the tables (KDBG_A_AGG_CLEAR): with -i no hit is lost
 * or counted twice between two reads, and every read, the last included, is
 * a consistent cut, since a clearing read waits for the updates still on the
 * table it takes; a plain read copies a table while hits land in it, so an
 * entry's count and its buckets can differ by the hits in flight.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "kdbgctl.h"
#include "output.h"
#include "tools.h"
#include "trace.h"

int trace_parse_opt(const char *cmd, int argc, char **argv, int *i,
		    struct trace_opts *o)
{
	const char *a = argv[*i], *val;
	double *secs = NULL;

	if (!strcmp(a, "-T")) {
		o->timestamp = true;
		return 1;
	}
	if (!strcmp(a, "-d"))
		secs = &o->duration;
	else if (!strcmp(a, "-i"))
		secs = &o->interval;
	else if (strcmp(a, "-p"))
		return 0;
	if (*i + 1 >= argc) {
		kdbg_err("%s: option '%s' needs a value", cmd, a);
		return -1;
	}
	val = argv[++*i];
	if (secs) {
		if (kdbg_parse_seconds(val, secs) || *secs <= 0) {
			kdbg_err("%s: %s '%s': expected seconds > 0", cmd, a,
				 val);
			return -1;
		}
	} else if (kdbg_parse_u32(val, &o->tgid) || !o->tgid) {
		kdbg_err("%s: -p '%s': not a process id", cmd, val);
		return -1;
	}
	return 1;
}

bool trace_is_help(int argc, char **argv)
{
	return argc == 1 && (!strcmp(argv[0], "help") ||
			     !strcmp(argv[0], "--help") ||
			     !strcmp(argv[0], "-h"));
}

int trace_parse_opts(struct trace *t, int argc, char **argv,
		     trace_opt_fn extra, void *arg, const char **pattern)
{
	int i, r;

	for (i = 0; i < argc; i++) {
		r = trace_parse_opt(t->cmd, argc, argv, &i, &t->opts);
		if (!r && extra)
			r = extra(t, argc, argv, &i, arg);
		if (r < 0)
			return -1;
		if (r)
			continue;
		if (argv[i][0] == '-' && argv[i][1]) {
			kdbg_err("%s: unknown option '%s' (see: kdbgctl %s help)",
				 t->cmd, argv[i], t->cmd);
			return -1;
		}
		if (!pattern) {
			kdbg_err("%s: unexpected argument '%s' (see: kdbgctl %s help)",
				 t->cmd, argv[i], t->cmd);
			return -1;
		}
		if (*pattern) {
			kdbg_err("%s: one PATTERN expected (see: kdbgctl %s help)",
				 t->cmd, t->cmd);
			return -1;
		}
		*pattern = argv[i];
	}
	return 0;
}

int trace_unit_opt(struct trace *t, int argc, char **argv, int *i, void *arg)
{
	struct funclatency_unit *u = arg;

	(void)t;
	(void)argc;
	if (!strcmp(argv[*i], "-u"))
		*u = (struct funclatency_unit){ "usecs", 1000 };
	else if (!strcmp(argv[*i], "-m"))
		*u = (struct funclatency_unit){ "msecs", 1000000 };
	else
		return 0;
	return 1;
}

int trace_parse_args(struct trace *t, int argc, char **argv,
		     trace_opt_fn extra, void *arg)
{
	if (trace_parse_opts(t, argc, argv, extra, arg, &t->req.target))
		return -1;
	if (!t->req.target) {
		kdbg_err("%s: missing PATTERN (see: kdbgctl %s help)", t->cmd,
			 t->cmd);
		return -1;
	}
	if (!*t->req.target || strlen(t->req.target) >= KDBG_TARGET_MAX) {
		kdbg_err("%s: PATTERN has 1 to %d characters", t->cmd,
			 KDBG_TARGET_MAX - 1);
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void kdbg_skipped_text(const struct kdbg_add_reply *r, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 1; i <= KDBG_A_SKIP_MAX && off < len; i++) {
		if (!r->skipped[i])
			continue;
		off += snprintf(buf + off, len - off, "%s%" PRIu32 " %s",
				off ? ", " : "", r->skipped[i],
				kdbg_skip_words[i]);
	}
}

void out_add_reply(const struct kdbg_add_reply *r)
{
	unsigned int i;

	out_u64("matched", NULL, r->matched);
	out_u64("attached", NULL, r->attached);
	out_open_object("skipped");
	for (i = 1; i <= KDBG_A_SKIP_MAX; i++)
		out_u64(kdbg_skip_names[i], NULL, r->skipped[i]);
	out_close_object();
}

void trace_print_time(const struct trace *t)
{
	char hms[16];
	time_t s;

	if (!t->opts.timestamp)
		return;
	s = time(NULL);
	strftime(hms, sizeof(hms), "%H:%M:%S", localtime(&s));
	out_str("time", "%-8s\n", hms);	/* BCC: "%-8s\n" % strftime() */
}

size_t kdbg_stack_frames(struct ksyms *ks, const struct kdbg_stack *s,
			 bool addrs, char (*buf)[KDBG_FRAME_LEN], size_t n)
{
	static struct kdbg_event ev;	/* 1.2 KiB: not on the stack */
	size_t nr;

	if (!n)
		return 0;
	if (!s) {
		snprintf(buf[0], KDBG_FRAME_LEN, "[stack lost]");
		return 1;
	}
	/* stream's folding, root (the comm) dropped: one symbolizer. */
	memset(&ev, 0, sizeof(ev));
	ev.nr_stack = s->nr < KDBG_EVENT_STACK_MAX ? s->nr : KDBG_EVENT_STACK_MAX;
	memcpy(ev.stack, s->ips, ev.nr_stack * sizeof(uint64_t));
	while (ev.nr_stack && !ev.stack[ev.nr_stack - 1])
		ev.nr_stack--;
	if (!ev.nr_stack) {
		snprintf(buf[0], KDBG_FRAME_LEN, "[stack lost]");
		return 1;
	}
	nr = kdbg_event_frames(&ev, "", ks, addrs, buf, n);
	if (nr)
		memmove(buf[0], buf[1], --nr * KDBG_FRAME_LEN);
	return nr;
}

/* Block the stop signals and open their signalfd: 0 or -1 (reported). */
static int trace_signals(struct trace *t)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	t->sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (t->sfd < 0) {
		kdbg_err("%s: signalfd: %s", t->cmd, strerror(errno));
		return -1;
	}
	return 0;
}

static int trace_attach(struct trace *t)
{
	char context[KDBG_TARGET_MAX + 32], skipped[256];

	t->pattern = kdbg_target_is_pattern(t->req.target);
	t->req.tgid = t->opts.tgid;
	t->req.agg = &t->spec;
	snprintf(context, sizeof(context), "%s %s", t->cmd, t->req.target);
	if (kdbg_source_add_reply(t->nl, &t->req, &t->reply, context))
		return -1;
	t->attached = true;
	fflush(stdout);
	if (t->banner) {
		fprintf(stderr, "%s\n", t->banner);
		return 0;
	}
	fprintf(stderr, "Tracing %" PRIu32 " functions for \"%s\"... Hit Ctrl-C to end.\n",
		t->reply.attached, t->req.target);
	kdbg_skipped_text(&t->reply, skipped, sizeof(skipped));
	if (skipped[0])
		fprintf(stderr, "Skipped %" PRIu32 " of %" PRIu32 " matching functions: %s.\n",
			kdbg_add_reply_skipped(&t->reply), t->reply.matched,
			skipped);
	return 0;
}

/* Detach by the target (a pattern detaches all it attached): 0 or -1. */
static int trace_detach(struct trace *t)
{
	struct kdbg_source_req del = {
		.type = t->req.type, .target = t->req.target,
	};
	char context[KDBG_TARGET_MAX + 32];

	if (!t->attached)
		return 0;
	snprintf(context, sizeof(context), "%s: detach %s", t->cmd,
		 t->req.target);
	t->attached = false;
	return kdbg_source_del(t->nl, 0, &del, context) ? -1 : 0;
}

/* Wait for the next read: 1 when it is the last one, 0 for an interval. */
static int trace_wait(struct trace *t)
{
	struct pollfd pfd = { .fd = t->sfd, .events = POLLIN };

	for (;;) {
		double until = 0, left;
		int timeout = -1;

		if (t->opts.duration)
			until = t->start + t->opts.duration;
		if (t->next && (!until || t->next < until))
			until = t->next;
		if (until) {
			left = until - now();
			if (left <= 0) {
				if (t->opts.duration &&
				    now() >= t->start + t->opts.duration)
					return 1;
				t->next += t->opts.interval;
				return 0;
			}
			timeout = left * 1000 + 1;
		}
		if (poll(&pfd, 1, timeout) > 0)
			return 1;	/* SIGINT or SIGTERM */
	}
}

/*
 * Missed hits and lost stacks count from the source's creation: report
 * them when they grew, not again at every interval.
 */
static void trace_warn(struct trace *t, const struct kdbg_agg_dump *d)
{
	uint64_t lost = 0;
	size_t i;

	for (i = 0; i < d->nr_src; i++)
		lost += d->src[i].stats.missed + d->src[i].stats.stack_missed;
	if (lost > t->lost)
		kdbg_agg_dump_warn(d);
	t->lost = lost;
}

int trace_run(struct trace *t, trace_print_fn print, void *arg)
{
	struct kdbg_agg_dump d = { 0 };
	char context[KDBG_TARGET_MAX + 32];
	int ret = KDBG_EXIT_RUNTIME, last;

	t->sfd = -1;
	if (trace_signals(t))
		return KDBG_EXIT_RUNTIME;
	t->nl = kdbg_nl_open();
	if (!t->nl || trace_attach(t))
		goto out;
	snprintf(context, sizeof(context), "%s: read %s", t->cmd,
		 t->req.target);
	t->start = now();
	t->next = t->opts.interval ? t->start + t->opts.interval : 0;
	do {
		last = trace_wait(t);
		if (kdbg_agg_get(t->nl, t->pattern ? 0 : t->reply.id,
				 t->pattern ? t->req.target : NULL,
				 true, &d, context))
			goto out;
		if (print(t, &d, arg))
			goto out;
		t->reads++;
		fflush(out_file());
		trace_warn(t, &d);
	} while (!last);
	ret = KDBG_EXIT_OK;
out:
	if (t->attached) {
		fflush(out_file());
		fprintf(stderr, "Detaching...\n");
	}
	if (trace_detach(t))
		ret = KDBG_EXIT_RUNTIME;
	kdbg_agg_dump_free(&d);
	kdbg_nl_close(t->nl);
	if (t->sfd >= 0)
		close(t->sfd);
	return ret;
}
