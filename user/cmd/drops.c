// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl drops`: dropwatch on the module's "drops" analysis: dropped
 * packets counted in the kernel per (drop reason, location), with
 * --stack per stack too. The reasons are named from the running kernel:
 * the skb:kfree_skb tracepoint's format in tracefs prints its
 * __print_symbolic() table of enum skb_drop_reason as "{ N, "NAME" }"
 * pairs, read at start; a reason it lacks prints as its number. A read
 * prints one row per location (symbolized, with its stack under it with
 * --stack), then the drops by reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "layer_stacks.h"
#include "output.h"
#include "symbols.h"

static int drops_help(void)
{
	printf("Usage: kdbgctl drops [-d SEC] [-i SEC] [-T] [--stack]\n"
	       "       kdbgctl drops help\n");
	return KDBG_EXIT_OK;
}

int drops_reasons_parse(struct drops_reasons *r, const char *fmt)
{
	const char *p = fmt;
	unsigned int code;
	char name[64];
	int len;

	while ((p = strchr(p, '{'))) {
		len = 0;
		if (sscanf(p, "{ %u, \"%63[A-Z0-9_]\" }%n", &code, name,
			   &len) == 2 && len && code < DROPS_REASONS_MAX) {
			free(r->name[code]);
			r->name[code] = strdup(name);
			if (!r->name[code])
				return -ENOMEM;
			r->nr++;
		}
		p++;
	}
	return 0;
}

int drops_reasons_load(struct drops_reasons *r, const char *path)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/events/skb/kfree_skb/format",
		"/sys/kernel/debug/tracing/events/skb/kfree_skb/format",
		NULL
	};
	char buf[65536];
	size_t i, n;
	FILE *f = NULL;

	for (i = 0; !f && (path ? i == 0 : paths[i] != NULL); i++)
		f = fopen(path ? path : paths[i], "r");
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return drops_reasons_parse(r, buf);
}

void drops_reasons_free(struct drops_reasons *r)
{
	size_t i;

	for (i = 0; i < DROPS_REASONS_MAX; i++)
		free(r->name[i]);
	memset(r, 0, sizeof(*r));
}

const char *drops_reason_name(const struct drops_reasons *r, uint32_t code,
			      char *buf, size_t len)
{
	if (code < DROPS_REASONS_MAX && r->name[code])
		return r->name[code];
	snprintf(buf, len, "%" PRIu32, code);
	return buf;
}

/* One printed row: drops of a reason at a location (and stack). */
struct drops_sum {
	uint64_t key;			/* REASON << 48 | location bits */
	uint32_t stack_id;
	uint64_t count;
};

static int sum_cmp(const void *a, const void *b)
{
	const struct drops_sum *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->stack_id < y->stack_id ? -1 : x->stack_id > y->stack_id;
}

/* Rows merged by @by_reason (reason alone) or by key and stack. */
static size_t drops_merge(const struct kdbg_agg_dump *d, bool by_reason,
			  struct drops_sum *out)
{
	size_t s, i, j, n = 0;

	for (s = 0; s < d->nr_src; s++) {
		for (i = 0; i < d->src[s].nr_rows; i++) {
			const struct kdbg_agg_row *r = &d->src[s].rows[i];
			struct drops_sum k = {
				.key = by_reason ? r->arg >> 48 << 48 : r->arg,
				.stack_id = by_reason ? 0 : r->stack_id,
			};

			if (!r->count)
				continue;
			for (j = 0; j < n && (out[j].key != k.key ||
					      out[j].stack_id != k.stack_id); j++)
				;
			if (j == n)
				out[n++] = k;
			out[j].count += r->count;
		}
	}
	qsort(out, n, sizeof(*out), sum_cmp);
	return n;
}

static char frames[KDBG_EVENT_STACK_MAX + 1][KDBG_FRAME_LEN];

static void print_reason(const struct drops_opts *o, uint64_t key,
			 const char *fmt)
{
	char num[16];
	uint32_t code = key >> 48;

	out_str("reason", fmt, drops_reason_name(&o->reasons, code, num,
						  sizeof(num)));
	out_u64("reason-code", NULL, code);
}

static void print_location(struct trace *t, struct drops_opts *o,
			   const struct drops_sum *l)
{
	uint64_t addr = layer_key_addr(l->key);
	char where[KDBG_FRAME_LEN + 32];
	size_t n;

	out_open_object(NULL);
	out_u64("drops", "%8" PRIu64 "  ", l->count);
	print_reason(o, l->key, "%-24s ");
	ksyms_format(o->st.ks, addr, where, sizeof(where));
	out_str("location", "%s\n", where);
	out_hex("address", NULL, addr);
	if (o->stack) {
		n = layer_frames(t, &o->st, l->stack_id, frames,
				 KDBG_EVENT_STACK_MAX + 1);
		out_open_array("frames");
		while (n-- > 0)
			out_str(NULL, "\t\t%s\n", frames[n]);
		out_close_array();
	}
	out_close_object();
}

int drops_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg)
{
	struct drops_opts *o = arg;
	struct drops_sum *ds;
	size_t s, i, n = 0;

	for (s = 0; s < d->nr_src; s++)
		n += d->src[s].nr_rows;
	ds = calloc(n ? n : 1, sizeof(*ds));
	if (!ds) {
		kdbg_err("drops: %s", strerror(ENOMEM));
		return -1;
	}
	if (t->reads)
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	out_text("   DROPS  REASON                   LOCATION\n");
	n = drops_merge(d, false, ds);
	out_open_array("locations");
	for (i = 0; i < n; i++)
		print_location(t, o, &ds[i]);
	out_close_array();
	out_text("\n   DROPS  REASON\n");
	n = drops_merge(d, true, ds);
	out_open_array("reasons");
	for (i = 0; i < n; i++) {
		out_open_object(NULL);
		out_u64("drops", "%8" PRIu64 "  ", ds[i].count);
		print_reason(o, ds[i].key, "%s\n");
		out_close_object();
	}
	out_close_array();
	out_close_object();
	free(ds);
	return 0;
}

static int drops_opt(struct trace *t, int argc, char **argv, int *i,
		     void *arg)
{
	struct drops_opts *o = arg;

	(void)t;
	(void)argc;
	if (strcmp(argv[*i], "--stack"))
		return 0;
	o->stack = true;
	return 1;
}

int cmd_drops(int argc, char **argv)
{
	struct drops_opts o = { 0 };
	struct trace t = {
		.cmd = "drops",
		.banner = "Tracing dropped packets... Hit Ctrl-C to end.",
		.req = { .type = KDBG_SOURCE_LAYER, .target = "drops" },
		.spec = { .keys = KDBG_AGG_KEY_ARG,
			  .key_arg = KDBG_LAYER_DROPS_ARG_KEY },
	};
	int ret = KDBG_EXIT_RUNTIME, err;

	if (trace_is_help(argc, argv))
		return drops_help();
	if (trace_parse_opts(&t, argc, argv, drops_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	if (t.opts.tgid) {
		kdbg_err("drops: -p does not apply: packets drop in softirq context, for no process");
		return KDBG_EXIT_USAGE;
	}
	if (o.stack)
		t.spec.keys |= KDBG_AGG_KEY_STACK;
	err = drops_reasons_load(&o.reasons, NULL);
	if (err == -ENOMEM) {
		kdbg_err("drops: %s", strerror(ENOMEM));
		return KDBG_EXIT_RUNTIME;
	}
	if (err || !o.reasons.nr)
		fprintf(stderr, "kdbgctl: warning: drops: no drop reason names (tracefs's events/skb/kfree_skb/format): reasons print as numbers\n");
	o.st.ks = ksyms_new(NULL, NULL);
	if (!o.st.ks)
		kdbg_err("drops: %s", strerror(ENOMEM));
	else
		ret = trace_run(&t, drops_print, &o);
	drops_reasons_free(&o.reasons);
	kdbg_stacks_free(&o.st.m);
	ksyms_free(o.st.ks);
	return ret;
}
