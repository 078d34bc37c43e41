// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl recorder`: the flight recorder. `on` switches the rings to
 * overwrite mode in place (sources stay attached), so they always hold the
 * last events; an oops or a panic then freezes them and prints them to the
 * console, and `freeze` does the same by hand. `show` prints the state,
 * `dump` the frozen records (decoded as `stream` decodes events, without
 * consuming them), `unfreeze` resumes and `off` restores the rings' mode.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kdbgctl.h"
#include "nl.h"
#include "output.h"
#include "recorder.h"
#include "stream.h"
#include "symbols.h"

/* ---- printing (pure; tested) ---- */

const char *kdbg_recorder_reason_name(uint32_t reason)
{
	static const char *const names[] = {
		[KDBG_RECORDER_REASON_NONE] = "none",
		[KDBG_RECORDER_REASON_MANUAL] = "manual",
		[KDBG_RECORDER_REASON_OOPS] = "oops",
		[KDBG_RECORDER_REASON_PANIC] = "panic",
	};

	return reason < sizeof(names) / sizeof(names[0]) ? names[reason] : "?";
}

static void print_ring(const struct nlattr *nest)
{
	const struct nlattr *tb[KDBG_A_RECORDER_RING_MAX + 1];

	if (kdbg_nl_parse_nested(nest, tb, KDBG_A_RECORDER_RING_MAX) < 0)
		return;
	out_open_object(NULL);
	out_u64("cpu", "\n  cpu %-4" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_RECORDER_RING_CPU], 0));
	out_u64("records", " records %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_RECORDER_RING_RECORDS], 0));
	out_u64("refused", " refused %" PRIu64,
		kdbg_nl_u64(tb[KDBG_A_RECORDER_RING_REFUSED], 0));
	out_u64("gaps", " gaps %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_RECORDER_RING_GAPS], 0));
	out_bool("torn", " torn %s",
		 tb[KDBG_A_RECORDER_RING_TORN] &&
		 mnl_attr_get_u8(tb[KDBG_A_RECORDER_RING_TORN]));
	out_close_object();
}

int kdbg_recorder_print_state(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	const struct nlattr *attr;
	bool on, frozen;
	uint64_t ts, rt;
	char when[64] = "";

	(void)data;
	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	on = tb[KDBG_A_RECORDER_ENABLED] &&
	     mnl_attr_get_u8(tb[KDBG_A_RECORDER_ENABLED]);
	frozen = tb[KDBG_A_RECORDER_FROZEN] &&
		 mnl_attr_get_u8(tb[KDBG_A_RECORDER_FROZEN]);
	out_open_object(NULL);
	out_bool("enabled", NULL, on);
	out_text("recorder %s", on ? "on" : "off");
	out_u64("size", " size %" PRIu64, kdbg_nl_u32(tb[KDBG_A_RING_SIZE], 0));
	out_str("mode", " mode %s",
		kdbg_ring_mode_name(kdbg_nl_u32(tb[KDBG_A_RING_MODE], 0)));
	out_u64("last", " last %" PRIu64,
		kdbg_nl_u32(tb[KDBG_A_RECORDER_LAST], 0));
	out_bool("frozen", " frozen %s", frozen);
	if (frozen) {
		ts = kdbg_nl_u64(tb[KDBG_A_RECORDER_TIMESTAMP], 0);
		rt = kdbg_nl_u64(tb[KDBG_A_RECORDER_REALTIME], 0);
		out_str("reason", "\nfrozen by %s",
			kdbg_recorder_reason_name(kdbg_nl_u32(tb[KDBG_A_RECORDER_REASON],
							      0)));
		out_u64("cpu", " on cpu %" PRIu64,
			kdbg_nl_u32(tb[KDBG_A_RECORDER_CPU], 0));
		out_text(" at %" PRIu64 ".%06" PRIu64, ts / 1000000000,
			 ts % 1000000000 / 1000);
		out_u64("timestamp-ns", NULL, ts);
		if (rt) {
			time_t sec = rt / 1000000000;
			struct tm tm;

			if (gmtime_r(&sec, &tm))
				strftime(when, sizeof(when),
					 " (%Y-%m-%dT%H:%M:%SZ)", &tm);
		}
		out_text("%s", when);
		out_u64("realtime-ns", NULL, rt);
	}
	out_open_array("rings");
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KDBG_A_RECORDER_RING)
			print_ring(attr);
	out_close_array();
	out_close_object();
	out_text("\n");
	return MNL_CB_OK;
}

static const char *dump_source_name(const struct recorder_dump *d,
				    uint32_t id)
{
	static char unknown[32];
	size_t i;

	for (i = 0; i < d->nr_names; i++)
		if (d->names[i].id == id)
			return d->names[i].name;
	/* Deleted since: keep the events, name them by id (as stream). */
	snprintf(unknown, sizeof(unknown), "source-%" PRIu32, id);
	return unknown;
}

int kdbg_recorder_print_dump(const struct nlmsghdr *nlh, void *data)
{
	struct recorder_dump *d = data;
	const struct nlattr *attr;
	struct kdbg_event ev;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != KDBG_A_EVENT ||
		    kdbg_event_parse(attr, &ev) < 0)
			continue;
		kdbg_event_print(&ev, dump_source_name(d, ev.source_id), d->ks,
				 d->text_stack);
		d->events++;
	}
	return MNL_CB_OK;
}

/* ---- the commands ---- */

static int cmd_recorder_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl recorder show\n"
	       "       kdbgctl recorder on [--size KB] [--last N]\n"
	       "       kdbgctl recorder off\n"
	       "       kdbgctl recorder freeze [--console]\n"
	       "       kdbgctl recorder unfreeze\n"
	       "       kdbgctl recorder dump [--stack]\n"
	       "       kdbgctl recorder help\n");
	return KDBG_EXIT_OK;
}

/* Send @cmd (an ack-only request with @nlh's attributes). Exit code. */
static int recorder_request(struct kdbg_nl *nl, struct nlmsghdr *nlh,
			    const char *context)
{
	int err = kdbg_nl_run(nl, nlh, NULL, NULL, context);

	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

/* No argument expected: report one and return a usage error. */
static int no_args(const char *context, int argc, char **argv)
{
	if (!argc)
		return 0;
	kdbg_err("%s: unexpected argument '%s' (see: kdbgctl recorder help)",
		 context, argv[0]);
	return -1;
}

static int cmd_recorder_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	if (no_args("recorder show", argc, argv))
		return KDBG_EXIT_USAGE;
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_RECORDER_GET, 0);
	err = kdbg_nl_run(nl, nlh, kdbg_recorder_print_state, NULL,
			  "recorder show");
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

/* "--opt VALUE" or "--opt=VALUE" at @argv[*i]; NULL if not @name. */
static const char *opt_value(const char *name, int argc, char **argv, int *i,
			     bool *missing)
{
	size_t len = strlen(name);
	const char *arg = argv[*i];

	*missing = false;
	if (strncmp(arg, name, len))
		return NULL;
	if (arg[len] == '=')
		return arg + len + 1;
	if (arg[len])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static int cmd_recorder_on(int argc, char **argv)
{
	uint32_t kb = 0, last = 0;
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	bool missing;
	int i;

	for (i = 0; i < argc; i++) {
		const char *v;

		if ((v = opt_value("--size", argc, argv, &i, &missing))) {
			if (kdbg_parse_u32(v, &kb) || !kb ||
			    kb > KDBG_RING_SIZE_MAX / 1024) {
				kdbg_err("recorder on: --size '%s': expected KiB per CPU, 4 to 65536",
					 v);
				return KDBG_EXIT_USAGE;
			}
		} else if (!missing &&
			   (v = opt_value("--last", argc, argv, &i, &missing))) {
			if (kdbg_parse_u32(v, &last) || !last ||
			    last > KDBG_RECORDER_LAST_MAX) {
				kdbg_err("recorder on: --last '%s': expected 1 to %d events per CPU",
					 v, KDBG_RECORDER_LAST_MAX);
				return KDBG_EXIT_USAGE;
			}
		} else {
			kdbg_err(missing ? "recorder on: '%s' needs a value" :
				 "recorder on: unknown argument '%s' (see: kdbgctl recorder help)",
				 argv[i]);
			return KDBG_EXIT_USAGE;
		}
	}
	if (kb && kb < KDBG_RING_SIZE_MIN / 1024) {
		kdbg_err("recorder on: --size '%" PRIu32 "': expected KiB per CPU, 4 to 65536",
			 kb);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_RECORDER_SET, NLM_F_ACK);
	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_ENABLED, 1);
	if (kb)
		mnl_attr_put_u32(nlh, KDBG_A_RING_SIZE, kb * 1024);
	if (last)
		mnl_attr_put_u32(nlh, KDBG_A_RECORDER_LAST, last);
	return recorder_request(nl, nlh, "recorder on");
}

static int cmd_recorder_off(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;

	if (no_args("recorder off", argc, argv))
		return KDBG_EXIT_USAGE;
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_RECORDER_SET, NLM_F_ACK);
	mnl_attr_put_u8(nlh, KDBG_A_RECORDER_ENABLED, 0);
	return recorder_request(nl, nlh, "recorder off");
}

static int cmd_recorder_freeze(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	bool console = false;

	if (argc == 1 && !strcmp(argv[0], "--console")) {
		console = true;
	} else if (argc) {
		kdbg_err("recorder freeze: unknown argument '%s' (see: kdbgctl recorder help)",
			 argv[0]);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_RECORDER_FREEZE, NLM_F_ACK);
	if (console)
		mnl_attr_put(nlh, KDBG_A_RECORDER_CONSOLE, 0, NULL);
	return recorder_request(nl, nlh, "recorder freeze");
}

static int cmd_recorder_unfreeze(int argc, char **argv)
{
	struct kdbg_nl *nl;

	if (no_args("recorder unfreeze", argc, argv))
		return KDBG_EXIT_USAGE;
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	return recorder_request(nl, kdbg_nl_msg(nl, KDBG_CMD_RECORDER_UNFREEZE,
						NLM_F_ACK),
				"recorder unfreeze");
}

struct names {
	struct recorder_source *v;
	size_t nr;
};

static int names_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct names *n = data;
	struct recorder_source *v;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	v = realloc(n->v, (n->nr + 1) * sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	n->v = v;
	v += n->nr++;
	v->id = kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0);
	snprintf(v->name, sizeof(v->name), "%s",
		 kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], "?"));
	return MNL_CB_OK;
}

static int cmd_recorder_dump(int argc, char **argv)
{
	struct recorder_dump d = { 0 };
	struct names names = { 0 };
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	int err;

	if (argc == 1 && !strcmp(argv[0], "--stack")) {
		d.text_stack = true;
	} else if (argc) {
		kdbg_err("recorder dump: unknown argument '%s' (see: kdbgctl recorder help)",
			 argv[0]);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	/* The sources' names first: the frozen records carry only ids. */
	nlh = kdbg_nl_msg(nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	err = kdbg_nl_run(nl, nlh, names_cb, &names, "recorder dump");
	if (!err) {
		d.names = names.v;
		d.nr_names = names.nr;
		d.ks = ksyms_new(NULL, NULL);
		out_defer();
		nlh = kdbg_nl_msg(nl, KDBG_CMD_RECORDER_DUMP, NLM_F_DUMP);
		err = kdbg_nl_talk(nl, nlh, kdbg_recorder_print_dump, &d);
		out_commit(!err);
		if (err == -EINTR)
			kdbg_err("recorder dump: the rings were unfrozen or frozen again during the dump");
		else if (err)
			kdbg_nl_report(nl, "recorder dump");
		ksyms_free(d.ks);
	}
	free(names.v);
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static const struct kdbg_verb recorder_cmds[] = {
	{ "show",	cmd_recorder_show },
	{ "on",		cmd_recorder_on },
	{ "off",	cmd_recorder_off },
	{ "freeze",	cmd_recorder_freeze },
	{ "unfreeze",	cmd_recorder_unfreeze },
	{ "dump",	cmd_recorder_dump },
	{ "help",	cmd_recorder_help },
	{ NULL,		NULL }
};

int cmd_recorder(int argc, char **argv)
{
	return kdbg_cmd_run("recorder", recorder_cmds, argc, argv);
}
