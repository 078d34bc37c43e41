// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl stream`: drain kdbg's events and print them as they come (text,
 * one JSON object per line) or aggregate their stacks (folded, SVG flame
 * graph, pprof) through the fold library, printed at exit and every
 * --interval. It loops on EVENTS_READ requests that block in the kernel
 * for up to KDBG_STREAM_WAIT_MS, so it never busy-polls, and after each
 * reply checks a signalfd (SIGINT, SIGTERM), --duration and --count. On
 * stop it drains what is already buffered and exits 0. Records the kernel
 * lost are reported on stderr.
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

#include "fold.h"
#include "kdbgctl.h"
#include "nl.h"
#include "output.h"
#include "stream.h"
#include "symbols.h"

#define KDBG_STREAM_WAIT_MS	250	/* one blocking read at most */
#define KDBG_STREAM_DRAIN_MAX	64	/* final non-blocking reads */

/* ---- decoding and printing one event (pure; tested) ---- */

int kdbg_event_parse(const struct nlattr *nest, struct kdbg_event *ev)
{
	const struct nlattr *tb[KDBG_A_EVENT_MAX + 1];
	const struct nlattr *a;
	unsigned int i, n;

	memset(ev, 0, sizeof(*ev));
	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_EVENT_MAX) < 0)
		return -EINVAL;
	ev->type = kdbg_nl_u32(tb[KDBG_A_EVENT_TYPE], 0);
	ev->cpu = kdbg_nl_u32(tb[KDBG_A_EVENT_CPU], 0);
	ev->timestamp = kdbg_nl_u64(tb[KDBG_A_EVENT_TIMESTAMP], 0);
	ev->pid = kdbg_nl_u32(tb[KDBG_A_EVENT_PID], 0);
	ev->tgid = kdbg_nl_u32(tb[KDBG_A_EVENT_TGID], 0);
	ev->source_id = kdbg_nl_u32(tb[KDBG_A_EVENT_SOURCE_ID], 0);
	kdbg_nl_strcpy(tb[KDBG_A_EVENT_COMM], ev->comm, sizeof(ev->comm));
	if (tb[KDBG_A_EVENT_LATENCY]) {
		ev->has_latency = true;
		ev->latency = kdbg_nl_u64(tb[KDBG_A_EVENT_LATENCY], 0);
	}
	if (tb[KDBG_A_EVENT_RETVAL]) {
		ev->has_retval = true;
		ev->retval = kdbg_nl_u64(tb[KDBG_A_EVENT_RETVAL], 0);
	}
	a = tb[KDBG_A_EVENT_STACK];
	if (a) {
		n = mnl_attr_get_payload_len(a) / sizeof(uint64_t);
		if (n > KDBG_EVENT_STACK_MAX)
			n = KDBG_EVENT_STACK_MAX;
		/* Attribute payloads are only 4-byte aligned. */
		memcpy(ev->stack, mnl_attr_get_payload(a), n * sizeof(uint64_t));
		ev->nr_stack = n;
	}
	a = tb[KDBG_A_EVENT_TP_ARGS];
	if (a) {
		n = mnl_attr_get_payload_len(a) / sizeof(uint64_t);
		if (n > KDBG_TP_ARGS_MAX)
			n = KDBG_TP_ARGS_MAX;
		memcpy(ev->args, mnl_attr_get_payload(a), n * sizeof(uint64_t));
		ev->nr_args = n;
	}
	/* Drop trailing zero entries some unwinders leave. */
	for (i = ev->nr_stack; i > 0 && !ev->stack[i - 1]; i--)
		ev->nr_stack--;
	return 0;
}

static void format_frame(struct ksyms *ks, uint64_t addr, char *buf,
			 size_t len)
{
	if (ks)
		ksyms_format(ks, addr, buf, len);
	else
		snprintf(buf, len, "0x%016" PRIx64, addr);
}

void kdbg_event_print(const struct kdbg_event *ev, const char *source,
		      struct ksyms *ks, bool text_stack)
{
	char frame[KDBG_FRAME_LEN];
	unsigned int i;

	out_open_object(NULL);
	out_str("type", NULL, kdbg_source_type_name(ev->type));
	out_text("%6" PRIu64 ".%06" PRIu64 " ", ev->timestamp / 1000000000,
		 ev->timestamp % 1000000000 / 1000);
	out_u64("cpu", "cpu %" PRIu64 " ", ev->cpu);
	out_u64("timestamp-ns", NULL, ev->timestamp);
	out_u64("pid", NULL, ev->pid);
	out_u64("tgid", NULL, ev->tgid);
	out_str("comm", "%s", ev->comm);
	out_text(" %" PRIu32 "/%" PRIu32 " %s", ev->pid, ev->tgid,
		 kdbg_source_type_name(ev->type));
	out_u64("source-id", NULL, ev->source_id);
	out_str("source", " %s", source);
	if (ev->has_latency)
		out_u64("latency-ns", " latency %" PRIu64 " ns", ev->latency);
	if (ev->has_retval)
		out_s64("retval", " retval %" PRId64, (int64_t)ev->retval);
	if (ev->type == KDBG_SOURCE_TRACEPOINT || ev->nr_args) {
		out_text(" args");
		out_open_array("args");
		for (i = 0; i < ev->nr_args; i++)
			out_hex(NULL, " 0x%" PRIx64, ev->args[i]);
		out_close_array();
	}
	out_open_array("stack");
	for (i = 0; i < ev->nr_stack; i++) {
		format_frame(ks, ev->stack[i], frame, sizeof(frame));
		out_str(NULL, text_stack ? "\n    %s" : NULL, frame);
	}
	out_close_array();
	out_close_object();
	out_text("\n");
}

size_t kdbg_event_frames(const struct kdbg_event *ev, const char *source,
			 struct ksyms *ks, bool addrs,
			 char (*buf)[KDBG_FRAME_LEN], size_t nframes)
{
	char frame[KDBG_FRAME_LEN];
	size_t n = 0, i;
	char *p;

	if (nframes < 2)
		return 0;
	snprintf(buf[n], KDBG_FRAME_LEN, "%s", ev->comm[0] ? ev->comm : "?");
	for (p = buf[n]; *p; p++)
		if (*p == ' ')
			*p = '_';
	n++;
	if (!ev->nr_stack) {
		snprintf(buf[n++], KDBG_FRAME_LEN, "%s", source);
		return n;
	}
	for (i = ev->nr_stack; i-- > 0 && n < nframes;) {
		format_frame(ks, ev->stack[i], frame, sizeof(frame));
		if (addrs)
			snprintf(buf[n++], KDBG_FRAME_LEN, "%s", frame);
		else
			ksym_frame_name(frame, false, buf[n++], KDBG_FRAME_LEN);
	}
	return n;
}

/* ---- the stream command ---- */

enum stream_format { FMT_TEXT, FMT_JSON, FMT_FOLDED, FMT_SVG, FMT_PPROF };

static const char *const format_names[] = {
	"text", "json", "folded", "svg", "pprof", NULL
};

struct source_name {
	uint32_t id;
	char name[KDBG_TARGET_MAX];
};

struct stream {
	enum stream_format fmt;
	double duration;		/* s, 0: none */
	double interval;		/* s, 0: none */
	uint64_t max_count;		/* 0: none */
	bool addrs, text_stack;
	const char *output;
	FILE *out;
	struct kdbg_nl *nl;		/* EVENTS_READ */
	struct kdbg_nl *names_nl;	/* SOURCE_GET, opened on demand */
	struct ksyms *ks;
	struct fold_table *fold;
	struct source_name *names;
	size_t nr_names;
	bool refreshed;			/* names reloaded for this reply */
	uint64_t events;		/* printed or folded */
	uint64_t batch;			/* events in the last reply */
	uint64_t lost;
	int err;			/* first fatal error in a callback */
};

static int stream_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl stream [--format text|json|folded|svg|pprof] [--duration SEC] [--count N] [--interval SEC] [--addrs] [--stack] [--output FILE]\n"
	       "       kdbgctl stream help\n");
	return KDBG_EXIT_OK;
}

static int names_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct stream *s = data;
	struct source_name *n;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	n = realloc(s->names, (s->nr_names + 1) * sizeof(*n));
	if (!n)
		return MNL_CB_ERROR;
	s->names = n;
	n += s->nr_names++;
	n->id = kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0);
	snprintf(n->name, sizeof(n->name), "%s",
		 kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], "?"));
	return MNL_CB_OK;
}

/* Reload the names of the sources (reported on failure): 0 or -errno. */
static int refresh_names(struct stream *s)
{
	struct nlmsghdr *nlh;
	int err;

	if (!s->names_nl) {
		s->names_nl = kdbg_nl_open();
		if (!s->names_nl)
			return -ENOENT;
	}
	s->nr_names = 0;
	nlh = kdbg_nl_msg(s->names_nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	err = kdbg_nl_talk(s->names_nl, nlh, names_cb, s);
	if (err)
		kdbg_nl_report(s->names_nl, "stream");
	return err;
}

static const char *source_name(struct stream *s, uint32_t id)
{
	static char unknown[32];
	size_t i;

	for (i = 0; i < s->nr_names; i++)
		if (s->names[i].id == id)
			return s->names[i].name;
	if (!s->refreshed) {
		s->refreshed = true;
		refresh_names(s);
		return source_name(s, id);
	}
	/* Deleted since: keep the events, name them by id. */
	snprintf(unknown, sizeof(unknown), "source-%" PRIu32, id);
	return unknown;
}

static bool fold_format(const struct stream *s)
{
	return s->fmt >= FMT_FOLDED;
}

static int fold_event(struct stream *s, const struct kdbg_event *ev,
		      const char *source)
{
	static char frames[KDBG_EVENT_STACK_MAX + 2][KDBG_FRAME_LEN];
	const char *ptrs[KDBG_EVENT_STACK_MAX + 2];
	unsigned char kinds[KDBG_EVENT_STACK_MAX + 2];
	struct fold_sample_info info = {
		.comm = ev->comm,
		.pid = ev->tgid,
		.tid = ev->pid,
		.kinds = kinds,
		.root_is_comm = true,
	};
	size_t n, i;

	n = kdbg_event_frames(ev, source, s->ks, s->addrs, frames,
			      KDBG_EVENT_STACK_MAX + 2);
	for (i = 0; i < n; i++) {
		ptrs[i] = frames[i];
		kinds[i] = i ? FOLD_KIND_KERNEL : FOLD_KIND_ROOT;
	}
	return fold_table_add_info(s->fold, ptrs, n, 1, &info);
}

static int read_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stream *s = data;
	const struct nlattr *attr;
	struct kdbg_event ev;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_OK;
	s->refreshed = false;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		const char *source;

		if (mnl_attr_get_type(attr) == KDBG_A_READ_LOST) {
			s->lost += kdbg_nl_u64(attr, 0);
			if (kdbg_nl_u64(attr, 0))
				fprintf(stderr, "kdbgctl: warning: %" PRIu64 " events lost (ring full or overwritten)\n",
					kdbg_nl_u64(attr, 0));
			continue;
		}
		if (mnl_attr_get_type(attr) != KDBG_A_EVENT)
			continue;
		if (s->max_count && s->events >= s->max_count)
			continue;
		if (kdbg_event_parse(attr, &ev) < 0)
			continue;
		s->events++;
		s->batch++;
		source = source_name(s, ev.source_id);
		if (!fold_format(s)) {
			kdbg_event_print(&ev, source, s->ks, s->text_stack);
		} else if (fold_event(s, &ev, source) == -ENOMEM) {
			s->err = -ENOMEM;
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}

static int read_events(struct stream *s, uint32_t timeout_ms)
{
	struct nlmsghdr *nlh = kdbg_nl_msg(s->nl, KDBG_CMD_EVENTS_READ, 0);

	mnl_attr_put_u32(nlh, KDBG_A_READ_MAX_BYTES, KDBG_READ_MAX_BYTES);
	mnl_attr_put_u32(nlh, KDBG_A_READ_TIMEOUT_MS, timeout_ms);
	s->batch = 0;
	return kdbg_nl_talk(s->nl, nlh, read_cb, s);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Print the aggregated stacks: folded to the output, SVG/pprof to a file. */
static int write_fold(struct stream *s, bool final)
{
	static const enum fold_format fmts[] = {
		[FMT_FOLDED] = FOLD_FMT_FOLDED,
		[FMT_SVG] = FOLD_FMT_SVG,
		[FMT_PPROF] = FOLD_FMT_PPROF,
	};
	struct fold_output_opts o;
	char tmp[4096];
	FILE *f = s->out;
	int err;

	fold_output_opts_init(&o);
	o.json = opt_json;
	o.title = "kdbg";
	if (s->fmt == FMT_FOLDED) {
		err = fold_table_write(s->fold, f, fmts[s->fmt], &o);
		fflush(f);
		if (!err && s->interval && !final)
			fold_table_clear(s->fold);
		return err;
	}
	if (!s->output)	/* stdout: only the final profile */
		return final ? fold_table_write(s->fold, f, fmts[s->fmt], &o) : 0;
	/* A file: rewrite it whole, atomically, with everything so far. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->output);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	err = fold_table_write(s->fold, f, fmts[s->fmt], &o);
	if (fclose(f) && !err)
		err = -EIO;
	if (!err && rename(tmp, s->output))
		err = -errno;
	return err;
}

static int parse_args(struct stream *s, int argc, char **argv)
{
	static const char *const opts[] = {
		"--format", "--duration", "--count", "--interval", "--addrs",
		"--stack", "--output", NULL
	};
	int i;

	s->fmt = opt_json ? FMT_JSON : FMT_TEXT;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = NULL, *eq;
		char name[32];
		int o;

		/* --opt=value */
		eq = strchr(arg, '=');
		if (eq && !strncmp(arg, "--", 2) &&
		    (size_t)(eq - arg) < sizeof(name)) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
			val = eq + 1;
		} else {
			snprintf(name, sizeof(name), "%s", arg);
		}
		o = arg[0] == '-' ? kdbg_match(name, opts) : -1;
		if (o < 0) {
			kdbg_err("stream: %s argument '%s' (see: kdbgctl stream help)",
				 o == -2 ? "ambiguous" : "unknown", arg);
			return -1;
		}
		if (o == 4 || o == 5) {
			if (val) {
				kdbg_err("stream: %s takes no value", opts[o]);
				return -1;
			}
			if (o == 4)
				s->addrs = true;
			else
				s->text_stack = true;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc) {
				kdbg_err("stream: %s needs a value", opts[o]);
				return -1;
			}
			val = argv[++i];
		}
		switch (o) {
		case 0:
			o = kdbg_match(val, format_names);
			if (o < 0) {
				kdbg_err("stream: --format '%s': expected text, json, folded, svg or pprof",
					 val);
				return -1;
			}
			s->fmt = o;
			break;
		case 1:
		case 3:
			if (kdbg_parse_seconds(val, o == 1 ? &s->duration :
					       &s->interval) ||
			    (o == 3 && s->interval <= 0) ||
			    (o == 1 && s->duration <= 0)) {
				kdbg_err("stream: %s '%s': expected seconds > 0",
					 opts[o], val);
				return -1;
			}
			break;
		case 2:
			if (kdbg_parse_u64(val, &s->max_count) ||
			    !s->max_count) {
				kdbg_err("stream: --count '%s': expected a number > 0",
					 val);
				return -1;
			}
			break;
		case 6:
			s->output = val;
			break;
		}
	}
	if (s->interval && (s->fmt == FMT_TEXT || s->fmt == FMT_JSON)) {
		kdbg_err("stream: --interval applies to --format folded, svg and pprof");
		return -1;
	}
	return 0;
}

static int stream_run(int argc, char **argv)
{
	struct stream s = { 0 };
	double start, next_print = 0, t;
	struct pollfd pfd;
	sigset_t mask;
	int ret = KDBG_EXIT_RUNTIME, err = 0, sfd, i;
	bool stop = false;

	if (argc && (!strcmp(argv[0], "help") || !strcmp(argv[0], "--help") ||
		     !strcmp(argv[0], "-h")))
		return stream_help(0, NULL);
	if (parse_args(&s, argc, argv) < 0)
		return KDBG_EXIT_USAGE;

	s.out = stdout;
	if (s.output && !(fold_format(&s) && s.fmt != FMT_FOLDED)) {
		s.out = fopen(s.output, "w");
		if (!s.out) {
			kdbg_err("stream: %s: %s", s.output, strerror(errno));
			return KDBG_EXIT_RUNTIME;
		}
	}
	/* Streams are one JSON object per line, never indented. */
	out_init(s.out, s.fmt == FMT_JSON, false);
	s.ks = ksyms_new(NULL, NULL);
	if (fold_format(&s))
		s.fold = fold_table_new();
	if (!s.ks || (fold_format(&s) && !s.fold)) {
		kdbg_err("stream: %s", strerror(ENOMEM));
		goto out;
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		kdbg_err("stream: signalfd: %s", strerror(errno));
		goto out;
	}
	pfd.fd = sfd;
	pfd.events = POLLIN;

	s.nl = kdbg_nl_open();
	if (!s.nl || refresh_names(&s))
		goto out_close_nl;

	start = now();
	if (s.interval)
		next_print = start + s.interval;
	while (!stop) {
		uint32_t wait = KDBG_STREAM_WAIT_MS;

		t = now();
		if (s.duration) {
			double left = start + s.duration - t;

			if (left <= 0)
				break;
			if (left * 1000 < wait)
				wait = left * 1000 + 1;
		}
		if (next_print && next_print - t < wait / 1000.0)
			wait = next_print > t ? (next_print - t) * 1000 + 1 : 1;

		err = read_events(&s, wait);
		if (err && err != -EINTR)
			break;
		err = 0;
		/* Lines reach a pipe as they come, a batch at a time. */
		if (!fold_format(&s) && s.batch)
			fflush(s.out);
		if (s.max_count && s.events >= s.max_count)
			stop = true;
		if (poll(&pfd, 1, 0) > 0)
			stop = true;
		if (next_print && now() >= next_print) {
			err = write_fold(&s, false);
			if (err)
				break;
			next_print += s.interval;
		}
	}
	/* Drain what was recorded before the stop, then print. */
	for (i = 0; !err && !(s.max_count && s.events >= s.max_count) &&
	     i < KDBG_STREAM_DRAIN_MAX; i++) {
		err = read_events(&s, 0);
		if (err == -EINTR)
			err = 0;
		if (err || !s.batch)
			break;
	}
	if (err) {
		if (err == -ENOMEM || s.err)
			kdbg_err("stream: %s", strerror(-err));
		else
			kdbg_nl_report(s.nl, "stream");
		goto out_close_nl;
	}
	if (fold_format(&s)) {
		err = write_fold(&s, true);
		if (err) {
			kdbg_err("stream: write %s: %s",
				 s.output ? s.output : "output", strerror(-err));
			goto out_close_nl;
		}
	}
	fflush(s.out);
	if (ferror(s.out)) {
		kdbg_err("stream: write: %s", strerror(EIO));
		goto out_close_nl;
	}
	ret = KDBG_EXIT_OK;

out_close_nl:
	kdbg_nl_close(s.nl);
	kdbg_nl_close(s.names_nl);
	close(sfd);
out:
	free(s.names);
	fold_table_free(s.fold);
	ksyms_free(s.ks);
	if (s.out && s.out != stdout)
		fclose(s.out);
	return ret;
}

int cmd_stream(int argc, char **argv)
{
	return stream_run(argc, argv);
}
