// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl ring`: show and set the per-CPU ring configuration: size in
 * bytes per CPU (the kernel rounds it up to a power of two) and what a
 * full ring does, drop the new record or overwrite the oldest.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kdbgctl.h"
#include "nl.h"
#include "output.h"

static int cmd_ring_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl ring show\n"
	       "       kdbgctl ring set [size BYTES[k|m]] [mode drop|overwrite]\n"
	       "       kdbgctl ring help\n");
	return KDBG_EXIT_OK;
}

static int ring_show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];

	(void)data;
	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	out_open_object(NULL);
	out_u64("size", "size %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_RING_SIZE], 0));
	out_str("mode", " mode %s",
		kdbg_ring_mode_name(kdbg_nl_u32(tb[KDBG_A_RING_MODE], 0)));
	out_u64("nr-cpus", " cpus %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_RING_NR_CPUS], 0));
	out_close_object();
	out_text("\n");
	return MNL_CB_OK;
}

static int cmd_ring_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	if (argc) {
		kdbg_err("ring show: unexpected argument '%s'", argv[0]);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_RING_GET, 0);
	err = kdbg_nl_run(nl, nlh, ring_show_cb, NULL, "ring show");
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static int cmd_ring_set(int argc, char **argv)
{
	static const char *const keys[] = { "size", "mode", NULL };
	uint64_t size = 0;
	int mode = 0, i;
	bool have_size = false;
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	for (i = 0; i < argc; i += 2) {
		int k = kdbg_match(argv[i], keys);

		if (k < 0) {
			kdbg_err("ring set: unknown parameter '%s' (see: kdbgctl ring help)",
				 argv[i]);
			return KDBG_EXIT_USAGE;
		}
		if (i + 1 >= argc) {
			kdbg_err("ring set: '%s' needs a value", keys[k]);
			return KDBG_EXIT_USAGE;
		}
		if (k == 0) {
			if (kdbg_parse_size(argv[i + 1], &size) ||
			    size > UINT32_MAX) {
				kdbg_err("ring set: size '%s': expected BYTES, BYTESk or BYTESm",
					 argv[i + 1]);
				return KDBG_EXIT_USAGE;
			}
			have_size = true;
		} else {
			mode = kdbg_ring_mode_parse(argv[i + 1]);
			if (mode < 0) {
				kdbg_err("ring set: mode '%s': expected drop or overwrite",
					 argv[i + 1]);
				return KDBG_EXIT_USAGE;
			}
		}
	}
	if (!have_size && !mode) {
		kdbg_err("ring set: nothing to set (see: kdbgctl ring help)");
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_RING_SET, NLM_F_ACK);
	if (have_size)
		mnl_attr_put_u32(nlh, KDBG_A_RING_SIZE, size);
	if (mode)
		mnl_attr_put_u32(nlh, KDBG_A_RING_MODE, mode);
	err = kdbg_nl_run(nl, nlh, NULL, NULL, "ring set");
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static const struct kdbg_verb ring_cmds[] = {
	{ "show",	cmd_ring_show },
	{ "set",	cmd_ring_set },
	{ "help",	cmd_ring_help },
	{ NULL,		NULL }
};

int cmd_ring(int argc, char **argv)
{
	return kdbg_cmd_run("ring", ring_cmds, argc, argv);
}
