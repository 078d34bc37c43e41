// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl tcpretrans`: BCC's tcpretrans on the module's "tcpretrans"
 * analysis: TCP retransmits counted in the kernel per flow (addresses,
 * ports, state: two key words) and, by default, per task and comm. The
 * kernel aggregates, so instead of one line as each retransmit happens,
 * kdbgctl reads every second (-i SEC) and prints one line per retransmit
 * of that second in BCC's columns, with the read's time; -c counts per
 * flow until the end (BCC's -c). IPv6 flows keep only the last 64 bits of
 * the remote address ("?:" stands for the rest).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "kdbgctl.h"
#include "layer_stacks.h"
#include "output.h"

static int tcpretrans_help(void)
{
	printf("Usage: kdbgctl tcpretrans [-d SEC] [-i SEC] [-p PID] [-c] [--comm COMM]\n"
	       "       kdbgctl tcpretrans help\n");
	return KDBG_EXIT_OK;
}

const char *tcpretrans_state_name(uint32_t state)
{
	static const char *const names[] = {
		[1] = "ESTABLISHED", [2] = "SYN_SENT", [3] = "SYN_RECV",
		[4] = "FIN_WAIT1", [5] = "FIN_WAIT2", [6] = "TIME_WAIT",
		[7] = "CLOSE", [8] = "CLOSE_WAIT", [9] = "LAST_ACK",
		[10] = "LISTEN", [11] = "CLOSING", [12] = "NEW_SYN_RECV",
	};

	if (state < sizeof(names) / sizeof(names[0]) && names[state])
		return names[state];
	return "UNKNOWN";
}

void tcpretrans_flow(uint64_t addrs, uint64_t ports, struct tcpretrans_flow *f)
{
	struct in_addr a;

	memset(f, 0, sizeof(*f));
	f->family = ports >> 56;
	f->state = (ports >> 48) & 0xff;
	f->lport = (ports >> 16) & 0xffff;
	f->rport = ports & 0xffff;
	if (f->family == AF_INET) {
		a.s_addr = htonl(addrs >> 32);
		inet_ntop(AF_INET, &a, f->laddr, sizeof(f->laddr));
		a.s_addr = htonl(addrs & 0xffffffff);
		inet_ntop(AF_INET, &a, f->raddr, sizeof(f->raddr));
	} else if (f->family == AF_INET6) {
		snprintf(f->laddr, sizeof(f->laddr), "?");
		snprintf(f->raddr, sizeof(f->raddr), "?:%x:%x:%x:%x",
			 (unsigned int)(addrs >> 48),
			 (unsigned int)(addrs >> 32) & 0xffff,
			 (unsigned int)(addrs >> 16) & 0xffff,
			 (unsigned int)addrs & 0xffff);
	} else {
		snprintf(f->laddr, sizeof(f->laddr), "?");
		snprintf(f->raddr, sizeof(f->raddr), "?");
	}
}

static int row_cmp(const void *a, const void *b)
{
	const struct kdbg_agg_row *x = *(const struct kdbg_agg_row *const *)a;
	const struct kdbg_agg_row *y = *(const struct kdbg_agg_row *const *)b;

	if (x->arg != y->arg)
		return x->arg < y->arg ? -1 : 1;
	if (x->retval != y->retval)
		return x->retval < y->retval ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static void print_row(const struct tcpretrans_opts *o,
		      const struct kdbg_agg_row *r, const char *hms)
{
	struct tcpretrans_flow f;
	char l[80], rm[80];
	uint64_t i;

	tcpretrans_flow(r->arg, r->retval, &f);
	snprintf(l, sizeof(l), "%s:%u", f.laddr, f.lport);
	snprintf(rm, sizeof(rm), "%s:%u", f.raddr, f.rport);
	if (o->count) {
		out_text("%-25s <-> %-25s %10" PRIu64 "\n", l, rm, r->count);
	} else {
		/* One line per retransmit, as BCC prints them. */
		for (i = 0; i < r->count; i++)
			out_text("%-8s %-7" PRIu32 " %-16s %-2d %-20s R> %-20s %s\n",
				 hms, r->pid, r->comm,
				 f.family == AF_INET6 ? 6 : 4, l, rm,
				 tcpretrans_state_name(f.state));
	}
	if (!out_json())
		return;
	out_open_object(NULL);
	if (!o->count) {
		out_u64("pid", NULL, r->pid);
		out_str("comm", NULL, r->comm);
	}
	out_u64("ip", NULL, f.family == AF_INET6 ? 6 : 4);
	out_str("laddr", NULL, f.laddr);
	out_u64("lport", NULL, f.lport);
	out_str("raddr", NULL, f.raddr);
	out_u64("rport", NULL, f.rport);
	out_str("state", NULL, tcpretrans_state_name(f.state));
	out_u64("retransmits", NULL, r->count);
	out_close_object();
}

int tcpretrans_print(struct trace *t, const struct kdbg_agg_dump *d,
		     void *arg)
{
	struct tcpretrans_opts *o = arg;
	const struct kdbg_agg_row **rows;
	char hms[16];
	size_t i, n;
	time_t now = time(NULL);

	strftime(hms, sizeof(hms), "%H:%M:%S", localtime(&now));
	rows = layer_rows(d, &n);
	if (!rows) {
		kdbg_err("tcpretrans: out of memory");
		return -1;
	}
	qsort(rows, n, sizeof(*rows), row_cmp);
	if (o->count && t->reads)
		out_text("\n");
	if (o->count || !t->reads)
		out_text(o->count ?
			 "%-25s     %-25s %10s\n" :
			 "%-8s %-7s %-16s %-2s %-20s T> %-20s %s\n",
			 o->count ? "LADDR:LPORT" : "TIME",
			 o->count ? "RADDR:RPORT" : "PID",
			 o->count ? "RETRANSMITS" : "COMM", "IP",
			 "LADDR:LPORT", "RADDR:RPORT", "STATE");
	out_open_object(NULL);
	out_str("time", NULL, hms);
	out_open_array("flows");
	for (i = 0; i < n; i++)
		print_row(o, rows[i], hms);
	out_close_array();
	out_close_object();
	free(rows);
	return 0;
}

static int tcpretrans_opt(struct trace *t, int argc, char **argv, int *i,
			  void *arg)
{
	struct tcpretrans_opts *o = arg;

	if (!strcmp(argv[*i], "-c")) {
		o->count = true;
		return 1;
	}
	/* -c is BCC's count: the comm filter is --comm only. */
	return layer_comm_opt(t, argc, argv, i, NULL);
}

int cmd_tcpretrans(int argc, char **argv)
{
	struct tcpretrans_opts o = { 0 };
	struct trace t = {
		.cmd = "tcpretrans",
		.banner = "Tracing retransmits ... Hit Ctrl-C to end",
		.req = { .type = KDBG_SOURCE_LAYER, .target = "tcpretrans" },
		.spec = { .keys = KDBG_AGG_KEY_ARG | KDBG_AGG_KEY_RETVAL,
			  .key_arg = KDBG_LAYER_TCPRETRANS_ARG_ADDRS },
	};

	if (trace_is_help(argc, argv))
		return tcpretrans_help();
	if (trace_parse_opts(&t, argc, argv, tcpretrans_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	if (!o.count) {
		t.spec.keys |= KDBG_AGG_KEY_PID | KDBG_AGG_KEY_COMM;
		if (!t.opts.interval)
			t.opts.interval = 1;
	}
	return trace_run(&t, tcpretrans_print, &o);
}
