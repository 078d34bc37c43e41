// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl memleak`: the kernel's outstanding allocations by allocation
 * stack, as BCC's memleak reports them: a "memleak" layer source (see the
 * uapi header) tracks 1 in --sample allocations for -d seconds, then its
 * outstanding set, older than --min-age, is read (KDBG_CMD_MEMLEAK_GET)
 * with the stacks (KDBG_CMD_STACK_GET) and printed, most bytes first.
 * SIGINT or SIGTERM ends the wait early, as Ctrl-C does BCC's.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg.h"
#include "kdbgctl.h"
#include "memleak.h"
#include "nl.h"
#include "output.h"
#include "stream.h"
#include "symbols.h"
#include "trace.h"

static void memleak_help(void)
{
	printf("Usage: kdbgctl memleak [-d SEC] [--sample N] [--min-age SEC] [--cache NAME] [-n TOP]\n"
	       "       kdbgctl memleak help\n");
}

static void memleak_on_signal(int sig)
{
	(void)sig;	/* only interrupts the wait */
}

static int memleak_cb(const struct nlmsghdr *nlh, void *data)
{
	return memleak_parse(data, nlh) ? MNL_CB_ERROR : MNL_CB_OK;
}

static void memleak_print(const struct memleak_dump *d,
			  const struct kdbg_stacks *st, struct ksyms *ks,
			  uint32_t top)
{
	static char frames[KDBG_STACK_MAX][KDBG_FRAME_LEN];
	size_t i, j, nf, n = top && top < d->nr ? top : d->nr;
	const struct memleak_stack *m;

	out_open_object(NULL);
	out_u64("sample", NULL, d->sample);
	out_u64("tracked", NULL, d->tracked);
	out_u64("capacity", NULL, d->capacity);
	out_u64("overflow", NULL, d->overflow);
	out_open_array("stacks");
	for (i = 0; i < n; i++) {
		m = &d->s[i];
		out_open_object(NULL);
		out_u64("bytes", "\t%" PRIu64 " bytes", m->bytes);
		out_u64("count", " in %" PRIu64 " allocations from stack", m->count);
		out_u64("age-min-ms", " (age %" PRIu64, m->age_min_ms);
		out_u64("age-max-ms", "..%" PRIu64 " ms)\n", m->age_max_ms);
		out_u64("stack-id", NULL, m->stack_id);
		nf = kdbg_stack_frames(ks, m->stack_id ?
				       kdbg_stacks_find(st, m->stack_id) : NULL,
				       false, frames, KDBG_STACK_MAX);
		out_open_array("frames");
		/* Innermost first, as BCC prints it. */
		for (j = nf; j-- > 0;)
			out_str(NULL, "\t\t%s\n", frames[j]);
		out_close_array();
		out_close_object();
	}
	out_close_array();
	out_close_object();
	out_text("\n");
}

int cmd_memleak(int argc, char **argv)
{
	struct memleak_opts o;
	struct kdbg_agg_spec agg = { .keys = KDBG_AGG_KEY_STACK };
	struct kdbg_source_req req = {
		.type = KDBG_SOURCE_LAYER, .target = "memleak", .agg = &agg,
	};
	struct memleak_dump d = {};
	struct kdbg_stacks st = {};
	struct ksyms *ks = NULL;
	struct nlmsghdr *nlh;
	struct kdbg_nl *nl;
	uint32_t id;
	int err, rc = KDBG_EXIT_RUNTIME;

	if (argc && (!strcmp(argv[0], "help") || !strcmp(argv[0], "-h") ||
		     !strcmp(argv[0], "--help"))) {
		memleak_help();
		return KDBG_EXIT_OK;
	}
	err = memleak_parse_opts(argc, argv, &o);
	if (err) {
		kdbg_err("memleak: %s (see: kdbgctl memleak help)", o.error);
		return KDBG_EXIT_USAGE;
	}
	req.sample = o.sample > 1 ? o.sample : 0;
	req.cache = o.cache;
	agg.stacks = KDBG_AGG_STACKS_MAX;
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	if (kdbg_source_add(nl, &req, &id, "memleak"))
		goto out_close;
	fprintf(stderr, "Tracking kernel allocations (1 in %u) for %g s...\n",
		o.sample ? o.sample : 1, o.duration);
	{
		struct timespec ts = {
			.tv_sec = (time_t)o.duration,
			.tv_nsec = (long)((o.duration - (time_t)o.duration) * 1e9),
		};
		/* No SA_RESTART: the signal ends nanosleep() with EINTR. */
		struct sigaction sa = { .sa_handler = memleak_on_signal };

		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		nanosleep(&ts, NULL);
	}
	nlh = kdbg_nl_msg(nl, KDBG_CMD_MEMLEAK_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, id);
	mnl_attr_put_u32(nlh, KDBG_A_MEMLEAK_MIN_AGE_MS, o.min_age_ms);
	if (kdbg_nl_run(nl, nlh, memleak_cb, &d, "memleak"))
		goto out_del;
	if (kdbg_stacks_get(nl, id, &st, "memleak"))
		goto out_del;
	ks = ksyms_new(NULL, NULL);
	memleak_sort(&d);
	if (d.overflow)
		fprintf(stderr, "kdbgctl: warning: memleak: %" PRIu64
			" allocations not tracked: the table (%u) was full\n",
			d.overflow, d.capacity);
	memleak_print(&d, &st, ks, o.top);
	rc = KDBG_EXIT_OK;
out_del:
	kdbg_source_del(nl, id, NULL, "memleak");
out_close:
	if (ks)
		ksyms_free(ks);
	kdbg_stacks_free(&st);
	memleak_free(&d);
	kdbg_nl_close(nl);
	return rc;
}
