// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl profile`: a sampling CPU profiler, like BCC's profile and
 * `perf record -F HZ -g | perf script | stackcollapse-perf.pl`. One sample
 * source (see "Sample sources" in the uapi header) samples every CPU (or
 * -C's) at -F Hz and aggregates in the kernel by comm, process, kernel
 * stack and/or user stack. The session is trace.c's, reading (and
 * clearing) the table twice a second so that each process's maps are read
 * soon after its first sample, while it still runs; rows accumulate here by
 * key, stack ids staying valid for the source's life. At the end the rows
 * are symbolized (kernel frames as `kdbgctl stream` names them, user frames
 * through usym.h) and printed as text or folded through the fold library
 * (folded, SVG, pprof): "comm;user frames outermost first;kernel frames
 * outermost first COUNT", as stackcollapse-perf.pl folds perf's samples.
 * What the source lost is printed per CPU from SOURCE_GET.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "kdbgctl.h"
#include "output.h"
#include "profile.h"
#include "symbols.h"
#include "trace.h"
#include "usym.h"

static const char *const pf_format_names[] = {
	"text", "folded", "svg", "pprof", NULL
};

static const char *const pf_event_names[] = {
	[KDBG_SAMPLE_EVENT_UNSPEC] = "?",
	[KDBG_SAMPLE_EVENT_CYCLES] = "cycles",
	[KDBG_SAMPLE_EVENT_CPU_CLOCK] = "cpu-clock",
};

const char *profile_event_name(uint32_t ev)
{
	return ev <= KDBG_SAMPLE_EVENT_MAX ? pf_event_names[ev] : "?";
}

static int profile_help(void)
{
	printf("Usage: kdbgctl profile [-F HZ] [-p PID | -a] [-C CPU] [-d SEC] [--kernel | --user | --both] [--format text|folded|svg|pprof] [-o FILE]\n"
	       "       kdbgctl profile help\n");
	return KDBG_EXIT_OK;
}

static int pf_value(struct trace *t, int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		kdbg_err("%s: option '%s' needs a value", t->cmd, argv[*i]);
		return -1;
	}
	++*i;
	return 0;
}

static int pf_opt(struct trace *t, int argc, char **argv, int *i, void *arg)
{
	struct profile *pf = arg;
	const char *a = argv[*i];
	uint32_t v;
	int f;

	if (!strcmp(a, "-a")) {
		pf->all = true;
	} else if (!strcmp(a, "--kernel")) {
		pf->keys = KDBG_AGG_KEY_STACK;
	} else if (!strcmp(a, "--user")) {
		pf->keys = KDBG_AGG_KEY_USTACK;
	} else if (!strcmp(a, "--both")) {
		pf->keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_USTACK;
	} else if (!strcmp(a, "-F")) {
		if (pf_value(t, argc, argv, i))
			return -1;
		if (kdbg_parse_u32(argv[*i], &v) || !v ||
		    v > KDBG_SAMPLE_FREQ_MAX) {
			kdbg_err("%s: -F '%s': expected 1 to %d Hz", t->cmd,
				 argv[*i], KDBG_SAMPLE_FREQ_MAX);
			return -1;
		}
		t->req.sample_freq = v;
	} else if (!strcmp(a, "-C")) {
		if (pf_value(t, argc, argv, i))
			return -1;
		if (kdbg_parse_u32(argv[*i], &v) || v >= 65536) {
			kdbg_err("%s: -C '%s': not a CPU number", t->cmd,
				 argv[*i]);
			return -1;
		}
		t->req.sample_cpu = v + 1;
	} else if (!strcmp(a, "-o")) {
		if (pf_value(t, argc, argv, i))
			return -1;
		pf->output = argv[*i];
	} else if (!strcmp(a, "--format")) {
		if (pf_value(t, argc, argv, i))
			return -1;
		f = kdbg_match(argv[*i], pf_format_names);
		if (f < 0) {
			kdbg_err("%s: --format '%s': expected text, folded, svg or pprof",
				 t->cmd, argv[*i]);
			return -1;
		}
		pf->fmt = f;
	} else {
		return 0;
	}
	return 1;
}

/* ---- SOURCE_GET: the event and what each CPU lost ---- */

int profile_info_parse(const struct nlmsghdr *nlh, uint32_t id,
		       struct profile_info *info)
{
	const struct nlattr *tb[KDBG_A_MAX + 1], *c[KDBG_A_SAMPLE_CPU_MAX + 1];
	const struct nlattr *a;
	struct profile_cpu *cpu;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return -EINVAL;
	if (kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0) != id)
		return 0;
	info->seen = true;
	info->event = kdbg_nl_u32(tb[KDBG_A_SOURCE_SAMPLE_EVENT], 0);
	info->freq = kdbg_nl_u32(tb[KDBG_A_SOURCE_SAMPLE_FREQ], 0);
	info->nr_cpus = 0;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != KDBG_A_SOURCE_SAMPLE_CPUS)
			continue;
		if (info->nr_cpus == PROFILE_CPUS_MAX ||
		    kdbg_nl_parse_nested(a, c, KDBG_A_SAMPLE_CPU_MAX) < 0)
			return -EINVAL;
		cpu = &info->cpus[info->nr_cpus++];
		cpu->cpu = kdbg_nl_u32(c[KDBG_A_SAMPLE_CPU_ID], 0);
		cpu->samples = kdbg_nl_u64(c[KDBG_A_SAMPLE_CPU_SAMPLES], 0);
		cpu->filtered = kdbg_nl_u64(c[KDBG_A_SAMPLE_CPU_FILTERED], 0);
		cpu->lost = kdbg_nl_u64(c[KDBG_A_SAMPLE_CPU_LOST], 0);
		cpu->stack_lost = kdbg_nl_u64(c[KDBG_A_SAMPLE_CPU_STACK_LOST], 0);
		cpu->ustack_lost =
			kdbg_nl_u64(c[KDBG_A_SAMPLE_CPU_USTACK_LOST], 0);
	}
	return 0;
}

struct pf_info_arg {
	uint32_t id;
	struct profile_info *info;
};

static int pf_info_cb(const struct nlmsghdr *nlh, void *data)
{
	struct pf_info_arg *a = data;

	return profile_info_parse(nlh, a->id, a->info) ? MNL_CB_ERROR :
							 MNL_CB_OK;
}

static int pf_info_get(struct trace *t, struct profile *pf)
{
	struct pf_info_arg a = { t->reply.id, &pf->info };
	struct nlmsghdr *nlh;

	nlh = kdbg_nl_msg(t->nl, KDBG_CMD_SOURCE_GET, NLM_F_DUMP);
	return kdbg_nl_run(t->nl, nlh, pf_info_cb, &a,
			   "profile: source counters");
}

/* ---- rows ---- */

/* Add @r's count to the row of its key, a new one if none. */
int profile_add_row(struct profile *pf, const struct kdbg_agg_row *r)
{
	struct profile_row *row, *grown;
	size_t i;

	for (i = 0; i < pf->nr_rows; i++) {
		row = &pf->rows[i];
		if (row->tgid == r->tgid && row->stack_id == r->stack_id &&
		    row->ustack_id == r->ustack_id &&
		    !strcmp(row->comm, r->comm)) {
			row->count += r->count;
			return 0;
		}
	}
	grown = realloc(pf->rows, (pf->nr_rows + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	pf->rows = grown;
	row = &pf->rows[pf->nr_rows++];
	memset(row, 0, sizeof(*row));
	row->tgid = r->tgid;
	row->stack_id = r->stack_id;
	row->ustack_id = r->ustack_id;
	memcpy(row->comm, r->comm, sizeof(row->comm));
	row->count = r->count;
	return 0;
}

static const struct kdbg_stack *pf_stack(struct trace *t, struct profile *pf,
					 uint32_t id)
{
	const struct kdbg_stack *s;

	if (!id)
		return NULL;
	s = kdbg_stacks_find(&pf->stacks, id);
	if (s || !t->nl)
		return s;
	if (kdbg_stacks_get(t->nl, t->reply.id, &pf->stacks,
			    "profile: stacks"))
		return NULL;
	return kdbg_stacks_find(&pf->stacks, id);
}

/* One read: rows added, new processes' maps read while they run. */
static int profile_read(struct trace *t, const struct kdbg_agg_dump *d,
			void *arg)
{
	struct profile *pf = arg;
	size_t i, j;

	usyms_epoch(pf->us);
	for (i = 0; i < d->nr_src; i++) {
		for (j = 0; j < d->src[i].nr_rows; j++) {
			const struct kdbg_agg_row *r = &d->src[i].rows[j];

			if (!r->count)
				continue;
			/* Alive now: its maps as they are (exec, dlopen). */
			if ((pf->keys & KDBG_AGG_KEY_USTACK) && r->tgid)
				usyms_refresh(pf->us, r->tgid);
			if (profile_add_row(pf, r)) {
				kdbg_err("profile: %s", strerror(ENOMEM));
				return -1;
			}
		}
	}
	/* The stacks of new ids, fetched while the table is fresh. */
	for (i = 0; i < pf->nr_rows; i++) {
		pf_stack(t, pf, pf->rows[i].stack_id);
		pf_stack(t, pf, pf->rows[i].ustack_id);
	}
	return pf_info_get(t, pf) ? -1 : 0;
}

/* ---- printing ---- */

static char kframes[KDBG_EVENT_STACK_MAX + 1][KDBG_FRAME_LEN];
static char uframes[KDBG_STACK_MAX][KDBG_FRAME_LEN];

/* User frames of @row, outermost first; their count. */
size_t profile_user_frames(struct profile *pf, const struct profile_row *row,
			   const struct kdbg_stack *s,
			   char (*buf)[KDBG_FRAME_LEN], size_t n)
{
	size_t i, k = 0;

	if (!s)
		return 0;
	for (i = s->nr; i-- > 0 && k < n;)
		usyms_resolve(pf->us, row->tgid, s->ips[i], buf[k++],
			      KDBG_FRAME_LEN);
	return k;
}

static size_t pf_kernel_frames(struct profile *pf, const struct kdbg_stack *s)
{
	if (!s)
		return 0;	/* a sample in user mode, or a lost stack */
	return kdbg_stack_frames(pf->ks, s, false, kframes,
				 KDBG_EVENT_STACK_MAX + 1);
}

static int pf_fold_row(struct trace *t, struct profile *pf,
		       const struct profile_row *row)
{
	const char *ptrs[2 * KDBG_EVENT_STACK_MAX + 2];
	unsigned char kinds[2 * KDBG_EVENT_STACK_MAX + 2];
	struct fold_sample_info info = {
		.pid = row->tgid, .tid = -1, .kinds = kinds,
		.comm = row->comm, .root_is_comm = true,
	};
	char comm[KDBG_COMM_LEN];
	size_t nu, nk, n = 0, i;

	/*
	 * stackcollapse-perf.pl: spaces in the comm become underscores; the
	 * idle task is "swapper", as perf names it.
	 */
	snprintf(comm, sizeof(comm), "%s",
		 !row->tgid && !strncmp(row->comm, "swapper/", 8) ? "swapper" :
								    row->comm);
	for (i = 0; comm[i]; i++)
		if (comm[i] == ' ')
			comm[i] = '_';
	nu = profile_user_frames(pf, row, pf_stack(t, pf, row->ustack_id),
				 uframes, KDBG_STACK_MAX);
	nk = pf_kernel_frames(pf, pf_stack(t, pf, row->stack_id));
	kinds[n] = FOLD_KIND_ROOT;
	ptrs[n++] = comm;
	for (i = 0; i < nu; i++) {
		kinds[n] = FOLD_KIND_USER;
		ptrs[n++] = uframes[i];
	}
	for (i = 0; i < nk; i++) {
		kinds[n] = FOLD_KIND_KERNEL;
		ptrs[n++] = kframes[i];
	}
	return fold_table_add_info(pf->fold, ptrs, n, row->count, &info);
}

static int row_cmp(const void *a, const void *b)
{
	const struct profile_row *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	if (x->stack_id != y->stack_id)
		return x->stack_id < y->stack_id ? -1 : 1;
	return x->ustack_id < y->ustack_id ? -1 : x->ustack_id > y->ustack_id;
}

/* BCC's profile: kernel frames, "--", user frames, "-  comm (pid)", count. */
static void pf_print_text_row(struct trace *t, struct profile *pf,
			      const struct profile_row *row)
{
	size_t nk = pf_kernel_frames(pf, pf_stack(t, pf, row->stack_id));
	size_t nu = profile_user_frames(pf, row,
					pf_stack(t, pf, row->ustack_id),
					uframes, KDBG_STACK_MAX);
	char who[KDBG_COMM_LEN + 16];

	out_open_object(NULL);
	out_open_array("kernel-frames");
	while (nk-- > 0)
		out_str(NULL, "    %s\n", kframes[nk]);
	out_close_array();
	if ((pf->keys & KDBG_AGG_KEY_STACK) && (pf->keys & KDBG_AGG_KEY_USTACK))
		out_text("    --\n");
	out_open_array("user-frames");
	while (nu-- > 0)
		out_str(NULL, "    %s\n", uframes[nu]);
	out_close_array();
	snprintf(who, sizeof(who), "%s (%" PRIu32 ")", row->comm, row->tgid);
	out_text("    -                ");
	out_str("comm", NULL, row->comm);
	out_u64("pid", NULL, row->tgid);
	out_text("%s\n", who);
	out_u64("count", "        %" PRIu64 "\n\n", row->count);
	out_close_object();
}

/* The per-CPU account: text lines, or a JSON "cpus" array. */
static void pf_print_cpus(const struct profile *pf)
{
	const struct profile_info *in = &pf->info;
	size_t i;

	out_str("event", "Event %s", profile_event_name(in->event));
	out_u64("frequency", " at %" PRIu64 " Hz per CPU\n", in->freq);
	out_open_array("cpus");
	for (i = 0; i < in->nr_cpus; i++) {
		const struct profile_cpu *c = &in->cpus[i];

		out_open_object(NULL);
		out_u64("cpu", "cpu %" PRIu64 ":", c->cpu);
		out_u64("samples", " %" PRIu64 " samples", c->samples);
		out_u64("filtered", ", %" PRIu64 " filtered", c->filtered);
		out_u64("lost", ", %" PRIu64 " lost (table full)", c->lost);
		out_u64("stack-lost", ", %" PRIu64 " kernel stacks lost",
			c->stack_lost);
		out_u64("ustack-lost", ", %" PRIu64 " user stacks lost\n",
			c->ustack_lost);
		out_close_object();
	}
	out_close_array();
}

int profile_print(struct trace *t, struct profile *pf)
{
	static const enum fold_format fmts[] = {
		[PF_FOLDED] = FOLD_FMT_FOLDED,
		[PF_SVG] = FOLD_FMT_SVG,
		[PF_PPROF] = FOLD_FMT_PPROF,
	};
	struct fold_output_opts o;
	size_t i;
	int err = 0;

	qsort(pf->rows, pf->nr_rows, sizeof(*pf->rows), row_cmp);
	if (pf->fmt == PF_TEXT) {
		out_open_object(NULL);
		out_open_array("stacks");
		for (i = 0; i < pf->nr_rows; i++)
			pf_print_text_row(t, pf, &pf->rows[i]);
		out_close_array();
		pf_print_cpus(pf);
		out_close_object();
		return 0;
	}
	for (i = 0; i < pf->nr_rows && !err; i++)
		err = pf_fold_row(t, pf, &pf->rows[i]);
	if (!err) {
		fold_output_opts_init(&o);
		o.json = opt_json;
		o.title = "kdbg profile";
		err = fold_table_write(pf->fold, pf->out, fmts[pf->fmt], &o);
	}
	if (err) {
		kdbg_err("profile: write %s: %s",
			 pf->output ? pf->output : "output", strerror(-err));
		return -1;
	}
	/* The account as text on standard error: the output is a profile. */
	out_init(stderr, false, false);
	pf_print_cpus(pf);
	out_init(pf->out, opt_json, opt_pretty);
	return 0;
}

void profile_free(struct profile *pf)
{
	free(pf->rows);
	kdbg_stacks_free(&pf->stacks);
	fold_table_free(pf->fold);
	usyms_free(pf->us);
	ksyms_free(pf->ks);
}

static int pf_check(struct trace *t, struct profile *pf)
{
	if (pf->all && t->opts.tgid) {
		kdbg_err("profile: -p and -a exclude each other");
		return -1;
	}
	/* trace.c's -i and -T: profile prints once, at the end. */
	if (t->opts.interval || t->opts.timestamp) {
		kdbg_err("profile: unknown option '%s' (see: kdbgctl profile help)",
			 t->opts.interval ? "-i" : "-T");
		return -1;
	}
	return 0;
}

int cmd_profile(int argc, char **argv)
{
	struct profile pf = { .fmt = PF_TEXT, .keys = KDBG_AGG_KEY_STACK };
	char banner[160], where[32];
	struct trace t = {
		.cmd = "profile",
		.banner = banner,
		.req = { .type = KDBG_SOURCE_SAMPLE, .target = "auto" },
	};
	int ret = KDBG_EXIT_RUNTIME;

	if (trace_is_help(argc, argv))
		return profile_help();
	if (trace_parse_opts(&t, argc, argv, pf_opt, &pf, NULL) ||
	    pf_check(&t, &pf))
		return KDBG_EXIT_USAGE;
	t.spec.keys = KDBG_AGG_KEY_TGID | KDBG_AGG_KEY_COMM | pf.keys;
	/*
	 * A whole system's kernel and user stacks outgrow the defaults
	 * (1024): 4096 of each, 4 MiB of stack table.
	 */
	t.spec.entries = PROFILE_ENTRIES;
	t.spec.stacks = PROFILE_STACKS;
	/* Reads twice a second: maps of short-lived processes, in time. */
	t.opts.interval = 0.5;
	if (t.req.sample_cpu)
		snprintf(where, sizeof(where), "CPU %" PRIu32,
			 t.req.sample_cpu - 1);
	else
		snprintf(where, sizeof(where), "every CPU");
	snprintf(banner, sizeof(banner),
		 "Sampling %s at %" PRIu32 " Hz%s... Hit Ctrl-C to end.", where,
		 t.req.sample_freq ? t.req.sample_freq :
				     KDBG_SAMPLE_FREQ_DEFAULT,
		 t.opts.tgid ? ", the process's threads only" : "");
	pf.out = stdout;
	if (pf.output) {
		pf.out = fopen(pf.output, "w");
		if (!pf.out) {
			kdbg_err("profile: %s: %s", pf.output, strerror(errno));
			return KDBG_EXIT_RUNTIME;
		}
	}
	out_init(pf.out, opt_json, opt_pretty);
	pf.ks = ksyms_new(NULL, NULL);
	pf.us = usyms_new(NULL);
	pf.fold = pf.fmt == PF_TEXT ? NULL : fold_table_new();
	if (!pf.ks || !pf.us || (pf.fmt != PF_TEXT && !pf.fold)) {
		kdbg_err("profile: %s", strerror(ENOMEM));
		goto out;
	}
	/*
	 * The maps before the first sample: -p's process, or every process
	 * (one that exits before the first read still resolves).
	 */
	if (t.opts.tgid)
		usyms_add_pid(pf.us, t.opts.tgid);
	else if (pf.keys & KDBG_AGG_KEY_USTACK)
		usyms_add_all(pf.us);
	/* The rows are printed once, after the source is detached. */
	ret = trace_run(&t, profile_read, &pf);
	t.nl = NULL;	/* closed: every stack was fetched while attached */
	if (!ret && profile_print(&t, &pf))
		ret = KDBG_EXIT_RUNTIME;
out:
	if (pf.out != stdout && fclose(pf.out) && !ret) {
		kdbg_err("profile: %s: %s", pf.output, strerror(errno));
		ret = KDBG_EXIT_RUNTIME;
	}
	out_init(stdout, opt_json, opt_pretty);
	profile_free(&pf);
	return ret;
}
