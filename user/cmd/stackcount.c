// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl stackcount`: BCC's stackcount on kdbg. One kprobe per matching
 * function, each aggregating by kernel stack in the kernel (KEY_STACK:
 * each distinct stack stored once in the source's stack table, the entry
 * keyed by its id). A read takes the tables, then, for a source whose
 * entries name a stack id not seen yet, its stack table (STACK_GET; ids
 * stay valid until the source goes, so the copy is kept). Stacks print
 * as BCC prints them, or fold through the fold library (folded, SVG,
 * pprof) with frames as `kdbgctl stream` names them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "kdbgctl.h"
#include "output.h"
#include "symbols.h"
#include "tools.h"

static const char *const sc_format_names[] = {
	"text", "folded", "svg", "pprof", NULL
};

/* One printed stack: its source and entry. */
struct sc_item {
	const struct kdbg_agg_source *src;
	const struct kdbg_agg_row *row;
	const struct kdbg_stack *stack;
};

static int stackcount_help(void)
{
	printf("Usage: kdbgctl stackcount [-d SEC] [-i SEC] [-p PID] [-T] [--format text|folded|svg|pprof] [-o FILE] PATTERN\n"
	       "       kdbgctl stackcount help\n"
	       "PATTERN := { FUNCTION | GLOB | MODULE:GLOB }\n");
	return KDBG_EXIT_OK;
}

static int sc_opt(struct trace *t, int argc, char **argv, int *i, void *arg)
{
	struct stackcount *sc = arg;
	const char *a = argv[*i];
	int f;

	if (strcmp(a, "--format") && strcmp(a, "-o"))
		return 0;
	if (*i + 1 >= argc) {
		kdbg_err("%s: option '%s' needs a value", t->cmd, a);
		return -1;
	}
	if (!strcmp(a, "-o")) {
		sc->output = argv[++*i];
		return 1;
	}
	f = kdbg_match(argv[++*i], sc_format_names);
	if (f < 0) {
		kdbg_err("%s: --format '%s': expected text, folded, svg or pprof",
			 t->cmd, argv[*i]);
		return -1;
	}
	sc->fmt = f;
	return 1;
}

struct kdbg_stacks *stackcount_stacks(struct stackcount *sc, uint32_t id)
{
	struct sc_stacks *s;
	size_t i;

	for (i = 0; i < sc->nr_st; i++)
		if (sc->st[i].id == id)
			return &sc->st[i].m;
	s = realloc(sc->st, (sc->nr_st + 1) * sizeof(*s));
	if (!s)
		return NULL;
	sc->st = s;
	s += sc->nr_st++;
	memset(s, 0, sizeof(*s));
	s->id = id;
	return &s->m;
}

/* Stack @stack_id of source @id, its table fetched again if the id is new. */
static const struct kdbg_stack *sc_stack(struct trace *t,
					 struct stackcount *sc, uint32_t id,
					 uint32_t stack_id)
{
	struct kdbg_stacks *m;
	const struct kdbg_stack *found;
	char context[KDBG_TARGET_MAX + 32];

	if (!stack_id)
		return NULL;	/* no room in the stack table: "[stack lost]" */
	m = stackcount_stacks(sc, id);
	if (!m)
		return NULL;
	found = kdbg_stacks_find(m, stack_id);
	if (found || !t->nl)
		return found;
	snprintf(context, sizeof(context), "%s: stacks of source %" PRIu32,
		 t->cmd, id);
	if (kdbg_stacks_get(t->nl, id, m, context))
		return NULL;
	return kdbg_stacks_find(m, stack_id);
}

static int item_cmp(const void *a, const void *b)
{
	const struct sc_item *x = a, *y = b;

	if (x->row->count != y->row->count)
		return x->row->count < y->row->count ? -1 : 1;
	if (x->src->id != y->src->id)
		return x->src->id < y->src->id ? -1 : 1;
	return x->row->stack_id < y->row->stack_id ? -1 :
	       x->row->stack_id > y->row->stack_id;
}

static char frames[KDBG_EVENT_STACK_MAX + 1][KDBG_FRAME_LEN];

/* BCC: "  %s" per frame innermost first, then "    %d\n" (a blank line). */
static void print_text(struct stackcount *sc, const struct sc_item *it)
{
	size_t n = kdbg_stack_frames(sc->ks, it->stack, false, frames,
				     KDBG_EVENT_STACK_MAX + 1);

	out_open_object(NULL);
	out_str("func", NULL, it->src->target);
	out_open_array("frames");
	while (n-- > 0)
		out_str(NULL, "  %s\n", frames[n]);
	out_close_array();
	out_u64("count", "    %" PRIu64 "\n\n", it->row->count);
	out_close_object();
}

static int fold_item(struct stackcount *sc, const struct sc_item *it)
{
	const char *ptrs[KDBG_EVENT_STACK_MAX + 1];
	unsigned char kinds[KDBG_EVENT_STACK_MAX + 1];
	struct fold_sample_info info = { .pid = -1, .tid = -1, .kinds = kinds };
	size_t n, i;

	n = kdbg_stack_frames(sc->ks, it->stack, false, frames,
			      KDBG_EVENT_STACK_MAX + 1);
	for (i = 0; i < n; i++) {
		ptrs[i] = frames[i];
		kinds[i] = FOLD_KIND_KERNEL;
	}
	return fold_table_add_info(sc->fold, ptrs, n, it->row->count, &info);
}

static int write_fold(struct stackcount *sc)
{
	static const enum fold_format fmts[] = {
		[SC_FOLDED] = FOLD_FMT_FOLDED,
		[SC_SVG] = FOLD_FMT_SVG,
		[SC_PPROF] = FOLD_FMT_PPROF,
	};
	struct fold_output_opts o;
	int err;

	fold_output_opts_init(&o);
	o.json = opt_json;
	o.title = "kdbg stackcount";
	err = fold_table_write(sc->fold, sc->out, fmts[sc->fmt], &o);
	fold_table_clear(sc->fold);
	if (err)
		kdbg_err("stackcount: write %s: %s",
			 sc->output ? sc->output : "output", strerror(-err));
	return err;
}

int stackcount_print(struct trace *t, const struct kdbg_agg_dump *d,
			    void *arg)
{
	struct stackcount *sc = arg;
	struct sc_item *items;
	size_t i, j, n = 0;
	int err = 0;

	for (i = 0; i < d->nr_src; i++)
		n += d->src[i].nr_rows;
	items = calloc(n ? n : 1, sizeof(*items));
	if (!items) {
		kdbg_err("stackcount: %s", strerror(ENOMEM));
		return -1;
	}
	n = 0;
	for (i = 0; i < d->nr_src; i++) {
		for (j = 0; j < d->src[i].nr_rows; j++) {
			const struct kdbg_agg_row *r = &d->src[i].rows[j];

			if (!r->count)
				continue;
			items[n].src = &d->src[i];
			items[n].row = r;
			items[n++].stack = sc_stack(t, sc, d->src[i].id,
						    r->stack_id);
		}
	}
	qsort(items, n, sizeof(*items), item_cmp);
	if (sc->fmt == SC_TEXT) {
		out_open_object(NULL);
		trace_print_time(t);
		out_open_array("stacks");
		for (i = 0; i < n; i++)
			print_text(sc, &items[i]);
		out_close_array();
		out_add_reply(&t->reply);
		out_close_object();
	} else {
		if (sc->fmt == SC_FOLDED && !opt_json)
			trace_print_time(t);
		for (i = 0; i < n && !err; i++)
			err = fold_item(sc, &items[i]);
		if (err)
			kdbg_err("stackcount: %s", strerror(-err));
		else
			err = write_fold(sc);
	}
	free(items);
	return err ? -1 : 0;
}

int cmd_stackcount(int argc, char **argv)
{
	struct stackcount sc = { .fmt = SC_TEXT };
	struct trace t = {
		.cmd = "stackcount",
		.req = { .type = KDBG_SOURCE_KPROBE },
		.spec = { .keys = KDBG_AGG_KEY_STACK },
	};
	size_t i;
	int ret = KDBG_EXIT_RUNTIME;

	if (trace_is_help(argc, argv))
		return stackcount_help();
	if (trace_parse_args(&t, argc, argv, sc_opt, &sc))
		return KDBG_EXIT_USAGE;
	if (t.opts.interval && (sc.fmt == SC_SVG || sc.fmt == SC_PPROF)) {
		kdbg_err("stackcount: -i applies to --format text and folded");
		return KDBG_EXIT_USAGE;
	}
	sc.out = stdout;
	if (sc.output) {
		sc.out = fopen(sc.output, "w");
		if (!sc.out) {
			kdbg_err("stackcount: %s: %s", sc.output,
				 strerror(errno));
			return KDBG_EXIT_RUNTIME;
		}
	}
	out_init(sc.out, opt_json, opt_pretty);
	sc.ks = ksyms_new(NULL, NULL);
	sc.fold = sc.fmt == SC_TEXT ? NULL : fold_table_new();
	if (!sc.ks || (sc.fmt != SC_TEXT && !sc.fold))
		kdbg_err("stackcount: %s", strerror(ENOMEM));
	else
		ret = trace_run(&t, stackcount_print, &sc);
	if (sc.out != stdout && fclose(sc.out) && !ret) {
		kdbg_err("stackcount: %s: %s", sc.output, strerror(errno));
		ret = KDBG_EXIT_RUNTIME;
	}
	out_init(stdout, opt_json, opt_pretty);
	for (i = 0; i < sc.nr_st; i++)
		kdbg_stacks_free(&sc.st[i].m);
	free(sc.st);
	fold_table_free(sc.fold);
	ksyms_free(sc.ks);
	return ret;
}
