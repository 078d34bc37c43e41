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

static void print_cpu(const struct nlattr *nest)
{
	const struct nlattr *tb[KDBG_A_STATS_RING_SIZE + 1];

	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_STATS_RING_SIZE) < 0)
		return;
	out_open_object(NULL);
	out_u64("cpu", "cpu %-3" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_STATS_CPU_ID], 0));
	out_text(" ");
	out_counters("counters", nest);
	out_u64("ring-used", " ring-used %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_STATS_RING_USED], 0));
	out_u64("ring-records", " ring-records %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_STATS_RING_RECORDS], 0));
	if (tb[KDBG_A_STATS_RING_SIZE])
		out_u64("ring-size", " ring-size %" PRIu64,
			kdbg_nl_u32(tb[KDBG_A_STATS_RING_SIZE], 0));
	out_close_object();
	out_text("\n");
}

static void print_source(const struct nlattr *nest)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];

	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_MAX) < 0)
		return;
	out_open_object(NULL);
	out_u64("id", "source %-3" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0));
	out_str("type", " %s",
		kdbg_source_type_name(kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0)));
	out_str("target", " %s", kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""));
	out_text("\n    ");
	out_counters("counters", tb[KDBG_A_SOURCE_COUNTERS]);
	out_close_object();
	out_text("\n");
}

int kdbg_stats_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_ERROR;
	out_open_object(NULL);
	out_open_array("cpus");
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KDBG_A_STATS_CPU)
			print_cpu(attr);
	out_close_array();
	out_open_array("sources");
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KDBG_A_STATS_SOURCE)
			print_source(attr);
	out_close_array();
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
