// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl probe`: attach, detach and list kprobe and kretprobe sources.
 * `add` prints the new source's id, `del` takes an id or the symbol, and
 * `list` dumps the attached probes with their counters.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "agg.h"
#include "kdbgctl.h"
#include "nl.h"
#include "output.h"
#include "trace.h"

static int cmd_probe_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl probe add SYMBOL[+OFF]|PATTERN [--ret] [--no-stack] [--count] [--pid PID] [--tgid TGID] [--comm COMM] [AGG] [--max-matches N]\n"
	       "       kdbgctl probe del ID|SYMBOL|PATTERN\n"
	       "       kdbgctl probe list\n"
	       "       kdbgctl probe help\n"
	       "SYMBOL := { FUNCTION | MODULE:FUNCTION }\n"
	       "PATTERN := { GLOB | MODULE:GLOB }\n"
	       "AGG := [--key KEY[,KEY...]] [--value VALUE] [--hist HIST] [--entries N] [--stacks N]\n"
	       "KEY := { stack | comm | pid | tgid | cpu | retval }\n"
	       "VALUE := { latency | retval }   (with --ret)\n"
	       "HIST := { log2 | linear=MIN,MAX,STEP }\n");
	return KDBG_EXIT_OK;
}

int kdbg_source_add_run(const char *object, const struct kdbg_source_req *req)
{
	char context[KDBG_TARGET_MAX + 32], skipped[256];
	struct kdbg_add_reply r;
	struct kdbg_nl *nl;
	int err;

	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	snprintf(context, sizeof(context), "%s %s", object, req->target);
	err = kdbg_source_add_reply(nl, req, &r, context);
	kdbg_nl_close(nl);
	if (err)
		return KDBG_EXIT_RUNTIME;
	out_open_object(NULL);
	if (!r.pattern) {
		out_u64("id", "%" PRIu64 "\n", r.id);
		out_close_object();
		return KDBG_EXIT_OK;
	}
	/* A pattern: its first id, and what it attached and skipped. */
	out_u64("id", "first id %" PRIu64 ": ", r.id);
	out_text("attached %" PRIu32 " of %" PRIu32 " functions matching %s",
		 r.attached, r.matched, req->target);
	kdbg_skipped_text(&r, skipped, sizeof(skipped));
	if (skipped[0])
		out_text("; skipped %s", skipped);
	out_text("\n");
	out_add_reply(&r);
	out_close_object();
	return KDBG_EXIT_OK;
}

int kdbg_source_del_run(const char *object, uint32_t id,
			const struct kdbg_source_req *req, const char *arg)
{
	char context[KDBG_TARGET_MAX + 32];
	struct kdbg_nl *nl;
	int err;

	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	snprintf(context, sizeof(context), "%s %s", object, arg);
	err = kdbg_source_del(nl, id, req, context);
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static int cmd_probe_add(int argc, char **argv)
{
	struct kdbg_source_req req = { .type = KDBG_SOURCE_KPROBE };
	struct kdbg_agg_spec spec = { 0 };
	bool ret = false, agg = false;

	argc = kdbg_parse_agg_opts("probe add", argc, argv, &spec, &agg,
				   &req.max_matches);
	if (argc >= 0)
		argc = kdbg_parse_source_opts("probe add", argc, argv, &req,
					      &ret);
	if (argc < 0)
		return KDBG_EXIT_USAGE;
	if (argc != 1) {
		kdbg_err("probe add: %s (see: kdbgctl probe help)",
			 argc ? "one SYMBOL expected" : "missing SYMBOL");
		return KDBG_EXIT_USAGE;
	}
	if (strlen(argv[0]) >= KDBG_TARGET_MAX) {
		kdbg_err("probe add: symbol longer than %d characters",
			 KDBG_TARGET_MAX - 1);
		return KDBG_EXIT_USAGE;
	}
	if (ret)
		req.type = KDBG_SOURCE_KRETPROBE;
	req.target = argv[0];
	if (req.max_matches && !kdbg_target_is_pattern(req.target)) {
		kdbg_err("probe add: --max-matches applies to a PATTERN");
		return KDBG_EXIT_USAGE;
	}
	if (agg) {
		if (kdbg_agg_spec_check("probe add", &spec, req.type))
			return KDBG_EXIT_USAGE;
		req.agg = &spec;
	}
	return kdbg_source_add_run("probe add", &req);
}

int kdbg_parse_source_ref(const char *arg, uint32_t *id,
			  struct kdbg_source_req *req)
{
	*id = 0;
	/* A module (9p:..., 8021q:...) or subsystem may start with a digit. */
	if (arg[0] >= '0' && arg[0] <= '9' && !strchr(arg, ':')) {
		if (kdbg_parse_u32(arg, id) || !*id)
			return -1;
		return 0;
	}
	if (!*arg || strlen(arg) >= KDBG_TARGET_MAX)
		return -1;
	req->target = arg;
	return 0;
}

static int cmd_probe_del(int argc, char **argv)
{
	struct kdbg_source_req req = { 0 };
	uint32_t id;

	if (argc != 1) {
		kdbg_err("probe del: %s (see: kdbgctl probe help)",
			 argc ? "one ID, SYMBOL or PATTERN expected" :
				"missing ID, SYMBOL or PATTERN");
		return KDBG_EXIT_USAGE;
	}
	if (kdbg_parse_source_ref(argv[0], &id, &req)) {
		kdbg_err("probe del: '%s' is neither a probe id nor a symbol",
			 argv[0]);
		return KDBG_EXIT_USAGE;
	}
	return kdbg_source_del_run("probe del", id, &req, argv[0]);
}

struct list_ctx {
	bool tracepoints;	/* which kind of source to show */
	unsigned int count;
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct list_ctx *ctx = data;
	uint32_t type;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	type = kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0);
	if ((type == KDBG_SOURCE_TRACEPOINT) != ctx->tracepoints)
		return MNL_CB_OK;
	out_open_object(NULL);
	out_source(tb);
	out_close_object();
	ctx->count++;
	return MNL_CB_OK;
}

int kdbg_list_sources(bool tracepoints)
{
	struct list_ctx ctx = { .tracepoints = tracepoints };
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	out_defer();
	out_open_array(NULL);
	err = kdbg_nl_talk(nl, nlh, list_cb, &ctx);
	out_close_array();
	out_commit(!err);
	if (err)
		kdbg_nl_report(nl, tracepoints ? "tracepoint list" :
			       "probe list");
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static int cmd_probe_list(int argc, char **argv)
{
	(void)argv;
	if (argc) {
		kdbg_err("probe list: unexpected argument '%s'", argv[0]);
		return KDBG_EXIT_USAGE;
	}
	return kdbg_list_sources(false);
}

static const struct kdbg_verb probe_cmds[] = {
	{ "list",	cmd_probe_list },
	{ "add",	cmd_probe_add },
	{ "del",	cmd_probe_del },
	{ "help",	cmd_probe_help },
	{ NULL,		NULL }
};

int cmd_probe(int argc, char **argv)
{
	return kdbg_cmd_run("probe", probe_cmds, argc, argv);
}
