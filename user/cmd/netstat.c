// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl netstat`: what the kernel's network stack counted, without a
 * probe. Interface counters come from /proc/net/dev (the same
 * rtnl_link_stats64 `ip -s link` prints, core drops included) and the
 * protocol counters from /proc/net/snmp, /proc/net/netstat and
 * /proc/net/snmp6, named as nstat names them (UdpNoPorts,
 * TcpExtListenDrops). Both are per network namespace: those of the
 * namespace kdbgctl runs in. Without -i or -d, the values since boot;
 * with -d SEC the changes over SEC seconds; with -i SEC the changes of
 * every SEC seconds (until -d, or Ctrl-C). Unchanged counters are hidden
 * unless -z.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "interval.h"
#include "kdbgctl.h"
#include "netstat.h"
#include "output.h"
#include "trace.h"

static int netstat_help(void)
{
	printf("Usage: kdbgctl netstat [-i SEC] [-d SEC] [--dev IFACE] [-z]\n"
	       "       kdbgctl netstat help\n");
	return KDBG_EXIT_OK;
}

void netstat_snap_free(struct netstat_snap *s)
{
	kc_netdevs_free(&s->dev);
	kc_free(&s->snmp);
}

int netstat_parse(struct netstat_snap *s, const char *dev, const char *snmp,
		  const char *netstat, const char *snmp6, const char **bad)
{
	memset(s, 0, sizeof(*s));
	*bad = "/proc/net/dev";
	if (kc_parse_netdev(&s->dev, dev) < 0)
		return -1;
	*bad = "/proc/net/snmp";
	if (kc_parse_snmp(&s->snmp, snmp) < 0)
		return -1;
	*bad = "/proc/net/netstat";
	if (kc_parse_snmp(&s->snmp, netstat) < 0)
		return -1;
	*bad = "/proc/net/snmp6";
	if (snmp6 && kc_parse_keyval(&s->snmp, snmp6) < 0)
		return -1;
	*bad = NULL;
	return 0;
}

/* The two lines of one direction, `ip -s link` style. */
static void print_dir(const char *dir, const int64_t *v, int first,
		      const char *const *labels)
{
	int i;

	out_text("    %s: %10s", dir, labels[0]);
	for (i = 1; i < 7; i++)
		out_text(" %8s", labels[i]);
	out_text("\n        %10" PRId64, v[first]);
	for (i = 1; i < 7; i++)
		out_text(" %8" PRId64, v[first + i]);
	out_text("\n");
}

static void print_dev(const struct kc_netdev *c, const struct kc_netdev *p)
{
	static const char *const rx[] = {
		"bytes", "packets", "errors", "dropped", "fifo", "frame",
		"mcast",
	};
	static const char *const tx[] = {
		"bytes", "packets", "errors", "dropped", "fifo", "collsns",
		"carrier",
	};
	int64_t v[KC_NETDEV_NR];
	int i;

	for (i = 0; i < KC_NETDEV_NR; i++)
		v[i] = kc_delta(c->v[i], p ? p->v[i] : 0);
	out_open_object(NULL);
	out_str("name", "%s:\n", c->name);
	for (i = 0; i < KC_NETDEV_NR; i++)
		out_s64(kc_netdev_keys[i], NULL, v[i]);
	/*
	 * RX: bytes packets errs drop fifo frame multicast (compressed
	 * left out, as ip does); TX: bytes packets errs drop fifo colls
	 * carrier.
	 */
	v[KC_RX_COMPRESSED] = v[KC_RX_MULTICAST];
	print_dir("RX", v, KC_RX_BYTES, rx);
	print_dir("TX", v, KC_TX_BYTES, tx);
	out_close_object();
}

int netstat_print(const struct netstat_snap *prev,
		  const struct netstat_snap *cur,
		  const struct netstat_print_opts *o)
{
	size_t i;

	if (o->dev && !kc_netdev_find(&cur->dev, o->dev))
		return -1;
	out_open_object(NULL);
	if (o->secs)
		out_double("interval-s", NULL, o->secs);
	out_open_array("interfaces");
	for (i = 0; i < cur->dev.n; i++) {
		const struct kc_netdev *c = &cur->dev.d[i];

		if (o->dev && strcmp(c->name, o->dev))
			continue;
		print_dev(c, prev ? kc_netdev_find(&prev->dev, c->name) : NULL);
	}
	out_close_array();
	out_text("#kernel\n");
	out_open_array("counters");
	for (i = 0; i < cur->snmp.n; i++) {
		const struct kc_entry *c = &cur->snmp.e[i];
		const struct kc_entry *p = prev ? kc_find(&prev->snmp, c->name)
						: NULL;
		int64_t d = kc_delta(c->val, p ? p->val : 0);

		if (!d && !o->zeros)
			continue;
		out_open_object(NULL);
		/* nstat: "%-32s%-16llu%6.1f" (its rate is an average). */
		out_str("name", "%-32s", c->name);
		out_s64("value", "%-16" PRId64, d);
		out_double("rate", "%6.1f\n", o->secs ? d / o->secs : 0.0);
		out_close_object();
	}
	out_close_array();
	out_close_object();
	return 0;
}

/* Read the files now: 0, or -1 after reporting which one failed. */
static int netstat_read(struct netstat_snap *s)
{
	static const char *const paths[] = {
		"/proc/net/dev", "/proc/net/snmp", "/proc/net/netstat",
		"/proc/net/snmp6",
	};
	char *text[4] = { NULL };
	const char *bad = NULL;
	int i, r = -1;

	for (i = 0; i < 4; i++) {
		text[i] = kc_read_file(paths[i]);
		/* No IPv6 (ipv6.disable=1 or not built): no snmp6. */
		if (!text[i] && !(i == 3 && errno == ENOENT)) {
			kdbg_err("netstat: %s: %s", paths[i], strerror(errno));
			goto out;
		}
	}
	if (netstat_parse(s, text[0], text[1], text[2], text[3], &bad)) {
		netstat_snap_free(s);
		kdbg_err("netstat: %s: unexpected format", bad);
		goto out;
	}
	r = 0;
out:
	for (i = 0; i < 4; i++)
		free(text[i]);
	return r;
}

static int netstat_show(struct netstat_snap *prev, struct netstat_snap *cur,
			struct netstat_print_opts *o)
{
	if (netstat_print(prev, cur, o)) {
		kdbg_err("netstat: --dev '%s': no such interface", o->dev);
		return -1;
	}
	fflush(out_file());
	return 0;
}

int cmd_netstat(int argc, char **argv)
{
	struct kdbg_interval iv = { .sfd = -1 };
	struct netstat_print_opts o = { 0 };
	struct netstat_snap prev, cur;
	int i, r, last, reads = 0, ret = KDBG_EXIT_RUNTIME;
	double t0, t1;

	if (trace_is_help(argc, argv))
		return netstat_help();
	for (i = 0; i < argc; i++) {
		r = kdbg_interval_opt("netstat", argc, argv, &i, &iv);
		if (r < 0)
			return KDBG_EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "-z")) {
			o.zeros = true;
		} else if (!strcmp(argv[i], "--dev") && i + 1 < argc) {
			o.dev = argv[++i];
		} else if (!strcmp(argv[i], "--dev")) {
			kdbg_err("netstat: option '--dev' needs a value");
			return KDBG_EXIT_USAGE;
		} else {
			kdbg_err("netstat: %s '%s' (see: kdbgctl netstat help)",
				 argv[i][0] == '-' ? "unknown option" :
				 "unexpected argument", argv[i]);
			return KDBG_EXIT_USAGE;
		}
	}
	if (!iv.interval && !iv.duration) {
		if (netstat_read(&cur))
			return KDBG_EXIT_RUNTIME;
		ret = netstat_show(NULL, &cur, &o) ? KDBG_EXIT_RUNTIME :
						      KDBG_EXIT_OK;
		netstat_snap_free(&cur);
		return ret;
	}
	/* The baseline, with the signals held, then the clock. */
	kdbg_interval_block();
	if (netstat_read(&cur))
		goto out;
	if (o.dev && !kc_netdev_find(&cur.dev, o.dev)) {
		netstat_show(NULL, &cur, &o);
		netstat_snap_free(&cur);
		goto out;
	}
	if (kdbg_interval_start(&iv, "netstat")) {
		netstat_snap_free(&cur);
		goto out;
	}
	t0 = kdbg_now();
	do {
		prev = cur;
		last = kdbg_interval_wait(&iv);
		t1 = kdbg_now();
		if (netstat_read(&cur)) {
			netstat_snap_free(&prev);
			goto out;
		}
		o.secs = t1 - t0;
		t0 = t1;
		if (reads++)
			out_text("\n");	/* text: a blank line between readings */
		r = netstat_show(&prev, &cur, &o);
		netstat_snap_free(&prev);
		if (r) {
			netstat_snap_free(&cur);
			goto out;
		}
	} while (!last);
	netstat_snap_free(&cur);
	ret = KDBG_EXIT_OK;
out:
	kdbg_interval_stop(&iv);
	return ret;
}
