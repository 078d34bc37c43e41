// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl agg`: the tables of aggregating sources, whatever attached
 * them (probe add or tracepoint add with --key/--value/--hist, or a tool
 * such as funccount still running). `show` prints each source's table
 * with the key columns its entries carry, then count (and sum, min, max
 * with a value), each entry's histogram in BCC's layout; `stacks` prints
 * a source's stack table, symbolized. SOURCE_GET gives what AGG_GET does
 * not: each source's type and histogram bounds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "kdbgctl.h"
#include "output.h"
#include "symbols.h"
#include "tools.h"

static int agg_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl agg show [ID|TARGET|PATTERN] [--clear]\n"
	       "       kdbgctl agg stacks ID\n"
	       "       kdbgctl agg help\n");
	return KDBG_EXIT_OK;
}

/* What SOURCE_GET says of an aggregating source. */
struct agg_src_info {
	uint32_t id, type;
	char target[KDBG_TARGET_MAX];
	struct kdbg_agg_spec spec;
};

struct agg_infos {
	struct agg_src_info *v;
	size_t nr;
};

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct agg_infos *in = data;
	struct agg_src_info *i;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	if (!tb[KDBG_A_SOURCE_AGG])
		return MNL_CB_OK;
	i = realloc(in->v, (in->nr + 1) * sizeof(*i));
	if (!i)
		return MNL_CB_ERROR;
	in->v = i;
	i += in->nr++;
	i->id = kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0);
	i->type = kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0);
	snprintf(i->target, sizeof(i->target), "%s",
		 kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""));
	kdbg_agg_spec_parse(tb[KDBG_A_SOURCE_AGG], &i->spec);
	return MNL_CB_OK;
}

static const struct agg_src_info *find_info(const struct agg_infos *in,
					    uint32_t id)
{
	size_t i;

	for (i = 0; i < in->nr; i++)
		if (in->v[i].id == id)
			return &in->v[i];
	return NULL;
}

/* The key columns, in the order entries list them. */
static const struct {
	uint32_t key;
	const char *head, *json;
	int width;		/* negative: left-aligned */
} cols[] = {
	{ KDBG_AGG_KEY_STACK,	"STACK",	"stack-id",	7 },
	{ KDBG_AGG_KEY_COMM,	"COMM",		"comm",		-16 },
	{ KDBG_AGG_KEY_PID,	"PID",		"pid",		8 },
	{ KDBG_AGG_KEY_TGID,	"TGID",		"tgid",		8 },
	{ KDBG_AGG_KEY_CPU,	"CPU",		"cpu",		4 },
	{ KDBG_AGG_KEY_ARG,	"ARG",		"arg",		18 },
	{ KDBG_AGG_KEY_RETVAL,	"RETVAL",	"retval",	20 },
};

#define NR_COLS	(sizeof(cols) / sizeof(cols[0]))

static void print_key(unsigned int c, const struct kdbg_agg_row *r)
{
	char fmt[32];
	int w = cols[c].width;

	snprintf(fmt, sizeof(fmt), "%%%s%d%s ",
		 cols[c].key == KDBG_AGG_KEY_ARG ? "#" : "", w,
		 w < 0 ? "s" : cols[c].key == KDBG_AGG_KEY_ARG ? PRIx64 :
		 cols[c].key == KDBG_AGG_KEY_RETVAL ? PRId64 : PRIu64);
	switch (cols[c].key) {
	case KDBG_AGG_KEY_STACK:
		out_u64(cols[c].json, fmt, r->stack_id);
		break;
	case KDBG_AGG_KEY_COMM:
		out_str(cols[c].json, fmt, r->comm);
		break;
	case KDBG_AGG_KEY_PID:
		out_u64(cols[c].json, fmt, r->pid);
		break;
	case KDBG_AGG_KEY_TGID:
		out_u64(cols[c].json, fmt, r->tgid);
		break;
	case KDBG_AGG_KEY_CPU:
		out_u64(cols[c].json, fmt, r->cpu);
		break;
	case KDBG_AGG_KEY_ARG:
		out_hex(cols[c].json, fmt, r->arg);
		break;
	default:
		out_s64(cols[c].json, fmt, (int64_t)r->retval);
	}
}

static int row_cmp(const void *a, const void *b)
{
	const struct kdbg_agg_row *x = a, *y = b;

	return x->count < y->count ? -1 : x->count > y->count;
}

static void print_hist(const struct kdbg_agg_spec *spec,
		       const struct kdbg_agg_row *r)
{
	const char *unit = spec && spec->value == KDBG_AGG_VALUE_LATENCY ?
			   "nsecs" : "value";

	if (spec && spec->hist == KDBG_AGG_HIST_LINEAR)
		kdbg_print_linear_hist("hist", r->hist, r->nr_buckets,
				       spec->hist_min, spec->hist_max,
				       spec->hist_step, unit, true);
	else	/* log2 is the only other kind there is */
		kdbg_print_log2_hist("hist", r->hist, r->nr_buckets, unit, true);
}

void agg_print_source(struct kdbg_agg_source *s, uint32_t type,
		      const struct kdbg_agg_spec *spec)
{
	const struct kdbg_agg_stats *st = &s->stats;
	unsigned int c;
	size_t i;

	out_open_object(NULL);
	out_u64("id", "%" PRIu64 ": ", s->id);
	out_str("type", "%s ", kdbg_source_type_name(type));
	out_str("target", "%s", s->target);
	out_u64("entries", "  entries %" PRIu64, st->entries);
	out_u64("capacity", "/%" PRIu64, st->capacity);
	out_u64("missed", " missed %" PRIu64, st->missed);
	if (st->stack_capacity) {
		out_u64("stacks", " stacks %" PRIu64, st->stacks);
		out_u64("stack-capacity", "/%" PRIu64, st->stack_capacity);
		out_u64("stack-missed", " stack-missed %" PRIu64,
			st->stack_missed);
	}
	out_text("\n");
	for (c = 0; c < NR_COLS; c++)
		if (s->keys & cols[c].key)
			out_text("%*s ", cols[c].width, cols[c].head);
	out_text("%12s", "COUNT");
	if (s->has_value)
		out_text(" %16s %12s %12s", "SUM", "MIN", "MAX");
	out_text("\n");

	if (s->nr_rows)
		qsort(s->rows, s->nr_rows, sizeof(*s->rows), row_cmp);
	out_open_array("rows");
	for (i = 0; i < s->nr_rows; i++) {
		const struct kdbg_agg_row *r = &s->rows[i];

		out_open_object(NULL);
		for (c = 0; c < NR_COLS; c++)
			if (r->keys & cols[c].key)
				print_key(c, r);
			else if (s->keys & cols[c].key)
				out_text("%*s ", cols[c].width, "-");
		out_u64("count", "%12" PRIu64, r->count);
		if (r->has_value) {
			out_u64("sum", " %16" PRIu64, r->sum);
			out_u64("min", " %12" PRIu64, r->min);
			out_u64("max", " %12" PRIu64, r->max);
		}
		out_text("\n");
		if (r->nr_buckets)
			print_hist(spec, r);
		out_close_object();
	}
	out_close_array();
	out_close_object();
	out_text("\n");
}

static int cmd_agg_show(int argc, char **argv)
{
	struct agg_infos in = { 0 };
	struct kdbg_agg_dump d = { 0 };
	const char *arg = NULL, *pattern = NULL;
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	bool clear = false;
	uint32_t id = 0;
	int i, err;
	size_t k;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--clear")) {
			clear = true;
		} else if (argv[i][0] == '-' || arg) {
			kdbg_err("agg show: %s '%s' (see: kdbgctl agg help)",
				 argv[i][0] == '-' ? "unknown option" :
				 "unexpected argument", argv[i]);
			return KDBG_EXIT_USAGE;
		} else {
			arg = argv[i];
		}
	}
	if (arg && arg[0] >= '0' && arg[0] <= '9' &&
	    (kdbg_parse_u32(arg, &id) || !id)) {
		kdbg_err("agg show: '%s' is not a source id", arg);
		return KDBG_EXIT_USAGE;
	}
	if (arg && !id && strlen(arg) >= KDBG_TARGET_MAX) {
		kdbg_err("agg show: target longer than %d characters",
			 KDBG_TARGET_MAX - 1);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	err = kdbg_nl_run(nl, nlh, info_cb, &in, "agg show");
	if (!err && arg && !id && kdbg_target_is_pattern(arg)) {
		pattern = arg;
	} else if (!err && arg && !id) {
		/* AGG_GET takes an id or a pattern: find the target's id */
		for (k = 0; k < in.nr && !id; k++)
			if (!strcmp(in.v[k].target, arg))
				id = in.v[k].id;
		if (!id) {
			kdbg_err("agg show: no aggregating source '%s'", arg);
			err = -ENOENT;
		}
	}
	if (!err)
		err = kdbg_agg_get(nl, id, pattern, clear, &d, "agg show");
	if (!err) {
		out_open_array(NULL);
		for (k = 0; k < d.nr_src; k++) {
			const struct agg_src_info *i = find_info(&in,
								 d.src[k].id);

			agg_print_source(&d.src[k], i ? i->type : 0,
					 i ? &i->spec : NULL);
		}
		out_close_array();
		kdbg_agg_dump_warn(&d);
	}
	kdbg_agg_dump_free(&d);
	free(in.v);
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static int cmd_agg_stacks(int argc, char **argv)
{
	static char frames[KDBG_EVENT_STACK_MAX + 1][KDBG_FRAME_LEN];
	struct kdbg_stacks m = { 0 };
	struct kdbg_nl *nl;
	struct ksyms *ks;
	uint32_t id;
	size_t i, n;
	int err;

	if (argc != 1) {
		kdbg_err("agg stacks: %s (see: kdbgctl agg help)",
			 argc ? "one ID expected" : "missing ID");
		return KDBG_EXIT_USAGE;
	}
	if (kdbg_parse_u32(argv[0], &id) || !id) {
		kdbg_err("agg stacks: '%s' is not a source id", argv[0]);
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	ks = ksyms_new(NULL, NULL);
	err = kdbg_stacks_get(nl, id, &m, "agg stacks");
	if (!err) {
		out_open_array(NULL);
		for (i = 0; i < m.nr; i++) {
			out_open_object(NULL);
			out_u64("id", "stack %" PRIu64 ":\n", m.s[i].id);
			out_open_array("frames");
			n = kdbg_stack_frames(ks, &m.s[i], true, frames,
					      KDBG_EVENT_STACK_MAX + 1);
			while (n-- > 0)	/* innermost first, as stream shows */
				out_str(NULL, "  %s\n", frames[n]);
			out_close_array();
			out_close_object();
		}
		out_close_array();
	}
	kdbg_stacks_free(&m);
	ksyms_free(ks);
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static const struct kdbg_verb agg_cmds[] = {
	{ "show",	cmd_agg_show },
	{ "stacks",	cmd_agg_stacks },
	{ "help",	agg_help },
	{ NULL,		NULL }
};

int cmd_agg(int argc, char **argv)
{
	return kdbg_cmd_run("agg", agg_cmds, argc, argv);
}
