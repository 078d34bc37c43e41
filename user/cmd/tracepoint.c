// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl tracepoint`: list the kernel's tracepoints (filtered by a shell
 * glob, with the id of those kdbg has attached), and attach or detach
 * tracepoint sources by SUBSYSTEM:NAME.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "kdbgctl.h"
#include "nl.h"
#include "output.h"

static int cmd_tracepoint_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl tracepoint list [GLOB]\n"
	       "       kdbgctl tracepoint add SUBSYS:NAME [--no-stack] [--count] [--pid PID] [--tgid TGID] [--comm COMM] [AGG]\n"
	       "       kdbgctl tracepoint del ID|SUBSYS:NAME\n"
	       "       kdbgctl tracepoint help\n"
	       "AGG := [--key KEY[,KEY...]] [--value arg=N] [--hist HIST] [--entries N] [--stacks N]\n"
	       "KEY := { stack | comm | pid | tgid | cpu | arg=N }\n"
	       "HIST := { log2 | linear=MIN,MAX,STEP }\n");
	return KDBG_EXIT_OK;
}

/* A valid "SUBSYSTEM:NAME" for add (":NAME" for event-less ones). */
static bool tracepoint_name_ok(const char *s)
{
	const char *colon = strchr(s, ':');

	return colon && colon[1] && !strchr(colon + 1, ':') &&
	       strlen(s) < KDBG_TARGET_MAX;
}

static int cmd_tracepoint_add(int argc, char **argv)
{
	struct kdbg_source_req req = { .type = KDBG_SOURCE_TRACEPOINT };
	struct kdbg_agg_spec spec = { 0 };
	bool agg = false;

	argc = kdbg_parse_agg_opts("tracepoint add", argc, argv, &spec, &agg,
				   &req.max_matches);
	if (argc >= 0)
		argc = kdbg_parse_source_opts("tracepoint add", argc, argv,
					      &req, NULL);
	if (argc < 0)
		return KDBG_EXIT_USAGE;
	if (req.max_matches) {
		kdbg_err("tracepoint add: --max-matches applies to probe patterns");
		return KDBG_EXIT_USAGE;
	}
	if (agg && kdbg_agg_spec_check("tracepoint add", &spec, req.type))
		return KDBG_EXIT_USAGE;
	req.agg = agg ? &spec : NULL;
	if (argc != 1) {
		kdbg_err("tracepoint add: %s (see: kdbgctl tracepoint help)",
			 argc ? "one SUBSYS:NAME expected" :
				"missing SUBSYS:NAME");
		return KDBG_EXIT_USAGE;
	}
	if (!tracepoint_name_ok(argv[0])) {
		kdbg_err("tracepoint add: '%s' is not SUBSYS:NAME", argv[0]);
		return KDBG_EXIT_USAGE;
	}
	req.target = argv[0];
	return kdbg_source_add_run("tracepoint add", &req);
}

static int cmd_tracepoint_del(int argc, char **argv)
{
	struct kdbg_source_req req = { .type = KDBG_SOURCE_TRACEPOINT };
	uint32_t id;

	if (argc != 1) {
		kdbg_err("tracepoint del: %s (see: kdbgctl tracepoint help)",
			 argc ? "one ID or SUBSYS:NAME expected" :
				"missing ID or SUBSYS:NAME");
		return KDBG_EXIT_USAGE;
	}
	if (kdbg_parse_source_ref(argv[0], &id, &req) ||
	    (!id && !tracepoint_name_ok(argv[0]))) {
		kdbg_err("tracepoint del: '%s' is neither an id nor SUBSYS:NAME",
			 argv[0]);
		return KDBG_EXIT_USAGE;
	}
	return kdbg_source_del_run("tracepoint del", id, &req, argv[0]);
}

/* Attached tracepoint sources, to show their ids in the list. */
struct attached {
	char target[KDBG_TARGET_MAX];
	uint32_t id;
};

struct tp_list_ctx {
	const char *glob;
	struct attached *att;
	size_t nr_att;
	unsigned int shown;
};

static int attached_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct tp_list_ctx *ctx = data;
	struct attached *a;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	if (kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0) != KDBG_SOURCE_TRACEPOINT)
		return MNL_CB_OK;
	a = realloc(ctx->att, (ctx->nr_att + 1) * sizeof(*a));
	if (!a)
		return MNL_CB_ERROR;
	ctx->att = a;
	a += ctx->nr_att++;
	snprintf(a->target, sizeof(a->target), "%s",
		 kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""));
	a->id = kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0);
	return MNL_CB_OK;
}

static int tp_list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct tp_list_ctx *ctx = data;
	const char *name;
	size_t i;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	name = kdbg_nl_str(tb[KDBG_A_TRACEPOINT_NAME], NULL);
	if (!name || (ctx->glob && fnmatch(ctx->glob, name, 0)))
		return MNL_CB_OK;
	out_open_object(NULL);
	out_str("name", "%s", name);
	if (tb[KDBG_A_TRACEPOINT_NARGS])
		out_u64("nargs", " args %" PRIu64,
			kdbg_nl_u32(tb[KDBG_A_TRACEPOINT_NARGS], 0));
	for (i = 0; i < ctx->nr_att; i++)
		if (!strcmp(ctx->att[i].target, name))
			out_u64("id", " attached id %" PRIu64, ctx->att[i].id);
	out_close_object();
	out_text("\n");
	ctx->shown++;
	return MNL_CB_OK;
}

static int cmd_tracepoint_list(int argc, char **argv)
{
	struct tp_list_ctx ctx = { 0 };
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	if (argc > 1) {
		kdbg_err("tracepoint list: one GLOB at most (see: kdbgctl tracepoint help)");
		return KDBG_EXIT_USAGE;
	}
	ctx.glob = argc ? argv[0] : NULL;
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	err = kdbg_nl_run(nl, nlh, attached_cb, &ctx, "tracepoint list");
	if (!err) {
		nlh = kdbg_nl_msg(nl, KDBG_CMD_TRACEPOINT_GET, NLM_F_DUMP);
		out_defer();
		out_open_array(NULL);
		err = kdbg_nl_talk(nl, nlh, tp_list_cb, &ctx);
		out_close_array();
		out_commit(!err);
		if (err)
			kdbg_nl_report(nl, "tracepoint list");
	}
	free(ctx.att);
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static const struct kdbg_verb tracepoint_cmds[] = {
	{ "list",	cmd_tracepoint_list },
	{ "add",	cmd_tracepoint_add },
	{ "del",	cmd_tracepoint_del },
	{ "help",	cmd_tracepoint_help },
	{ NULL,		NULL }
};

int cmd_tracepoint(int argc, char **argv)
{
	return kdbg_cmd_run("tracepoint", tracepoint_cmds, argc, argv);
}
