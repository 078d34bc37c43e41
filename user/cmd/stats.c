// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl stats`: kdbg's accounting, per CPU (with each ring's fill
 * level) and per source, the same numbers /sys/kernel/debug/kdbg/stats
 * shows. For every CPU and source, written = delivered + dropped +
 * buffered at any quiescent point; see include/uapi/linux/kdbg.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kdbgctl.h"
#include "nl.h"
#include "output.h"

static int cmd_stats_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl stats [show]\n"
	       "       kdbgctl stats help\n");
	return KDBG_EXIT_OK;
}

struct totals {
	uint64_t c[KDBG_A_COUNTER_MAX + 1];
	uint64_t used, records, size;
};

/* The counters of @nest as table columns; JSON: a "counters" object. */
static void print_counters(const struct nlattr *nest, uint64_t *sum)
{
	const struct nlattr *tb[KDBG_A_COUNTER_MAX + 1];
	unsigned int i;

	if (!nest || kdbg_nl_parse_nested(nest, tb, KDBG_A_COUNTER_MAX) < 0)
		memset(tb, 0, sizeof(tb));
	out_open_object("counters");
	for (i = KDBG_A_COUNTER_HITS; i <= KDBG_A_COUNTER_MAX; i++) {
		uint64_t v = kdbg_nl_u64(tb[i], 0);

		out_u64(kdbg_counter_names[i], " %12" PRIu64, v);
		sum[i] += v;
	}
	out_close_object();
}

static void print_totals(const uint64_t *c)
{
	unsigned int i;

	out_open_object("counters");
	for (i = KDBG_A_COUNTER_HITS; i <= KDBG_A_COUNTER_MAX; i++)
		out_u64(kdbg_counter_names[i], " %12" PRIu64, c[i]);
	out_close_object();
}

static void print_ring(uint64_t used, uint64_t records, uint64_t size)
{
	out_u64("ring-used", " %10" PRIu64, used);
	out_u64("ring-records", " %10" PRIu64, records);
	out_u64("ring-size", " %10" PRIu64, size);
	out_text(" %4" PRIu64 "%%\n", size ? used * 100 / size : 0);
}

static void print_cpu(const struct nlattr *nest, struct totals *t)
{
	const struct nlattr *tb[KDBG_A_STATS_RING_SIZE + 1];
	uint64_t used, records, size;

	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_STATS_RING_SIZE) < 0)
		return;
	used = kdbg_nl_u32(tb[KDBG_A_STATS_RING_USED], 0);
	records = kdbg_nl_u32(tb[KDBG_A_STATS_RING_RECORDS], 0);
	size = kdbg_nl_u32(tb[KDBG_A_STATS_RING_SIZE], 0);
	out_open_object(NULL);
	out_u64("cpu", "%-6" PRIu64, kdbg_nl_u32(tb[KDBG_A_STATS_CPU_ID], 0));
	print_counters(nest, t->c);
	print_ring(used, records, size);
	out_close_object();
	t->used += used;
	t->records += records;
	t->size += size;
}

static void print_source(const struct nlattr *nest, struct totals *t)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];

	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_MAX) < 0)
		return;
	out_open_object(NULL);
	out_u64("id", "%-6" PRIu64, kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0));
	out_str("type", " %-10s",
		kdbg_source_type_name(kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0)));
	out_str("target", " %-32s", kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""));
	print_counters(tb[KDBG_A_SOURCE_COUNTERS], t->c);
	out_close_object();
	out_text("\n");
}

/*
 * Print a STATS_GET reply: the tables of /sys/kernel/debug/kdbg/stats,
 * per CPU then per source, each with a total row.
 */
int kdbg_stats_print(const struct nlmsghdr *nlh, void *data)
{
	struct totals cpus = { 0 }, srcs = { 0 };
	const struct nlattr *attr;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_ERROR;
	out_open_object(NULL);
	out_text("%-6s %12s %12s %12s %12s %12s %12s %10s %10s %10s %5s\n",
		 "cpu", "hits", "filtered", "written", "delivered", "dropped",
		 "missed", "used", "records", "size", "fill");
	out_open_array("cpus");
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KDBG_A_STATS_CPU)
			print_cpu(attr, &cpus);
	out_close_array();
	out_open_object("total");
	out_text("%-6s", "total");
	print_totals(cpus.c);
	print_ring(cpus.used, cpus.records, cpus.size);
	out_close_object();

	out_text("\n%-6s %-10s %-32s %12s %12s %12s %12s %12s %12s\n",
		 "id", "type", "target", "hits", "filtered", "written",
		 "delivered", "dropped", "missed");
	out_open_array("sources");
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KDBG_A_STATS_SOURCE)
			print_source(attr, &srcs);
	out_close_array();
	out_open_object("sources-total");
	out_text("%-6s %-10s %-32s", "total", "", "");
	print_totals(srcs.c);
	out_close_object();
	out_text("\n");
	out_close_object();
	return MNL_CB_OK;
}

static int cmd_stats_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	if (argc) {
		kdbg_err("stats: unexpected argument '%s'", argv[0]);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_STATS_GET, 0);
	err = kdbg_nl_run(nl, nlh, kdbg_stats_print, NULL, "stats");
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static const struct kdbg_verb stats_cmds[] = {
	{ "show",	cmd_stats_show },
	{ "help",	cmd_stats_help },
	{ NULL,		NULL }
};

int cmd_stats(int argc, char **argv)
{
	return kdbg_cmd_run("stats", stats_cmds, argc, argv);
}
