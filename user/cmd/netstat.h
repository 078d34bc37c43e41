/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl netstat`'s snapshot and printer, apart from its command line
 * so the tests can print deltas of recorded /proc/net files.
 */
#ifndef KDBGCTL_NETSTAT_H
#define KDBGCTL_NETSTAT_H

#include <stdbool.h>

#include "counters.h"

/* One reading of the interfaces and the SNMP counters. */
struct netstat_snap {
	struct kc_netdevs dev;	/* /proc/net/dev */
	struct kc_set snmp;	/* snmp, netstat, snmp6, in nstat's names */
};

/*
 * Parse the files' texts into @s (@snmp6 may be NULL: no IPv6): 0, or -1
 * naming the file that did not parse in *@bad.
 */
int netstat_parse(struct netstat_snap *s, const char *dev, const char *snmp,
		  const char *netstat, const char *snmp6, const char **bad);
void netstat_snap_free(struct netstat_snap *s);

struct netstat_print_opts {
	const char *dev;	/* --dev: this interface only */
	bool zeros;		/* -z: counters that did not change too */
	double secs;		/* the interval, for rates; 0: since boot */
};

/*
 * Print @cur minus @prev (@prev NULL: @cur's values since boot): each
 * interface's RX/TX counters (ip -s link), then the SNMP counters that
 * changed, with their rate per second (nstat). 0, or -1 when --dev names
 * no interface of @cur (not printed: the caller reports it).
 */
int netstat_print(const struct netstat_snap *prev,
		  const struct netstat_snap *cur,
		  const struct netstat_print_opts *o);

#endif /* KDBGCTL_NETSTAT_H */
