// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl slab`: the kernel's slab caches as the module's walk gives them
 * (KDBG_CMD_SLAB_GET). `slab top` is slabtop(1)'s view: one read, or one
 * every -i seconds, with each cache's growth in active objects since the
 * previous read and since the first (user/core/slabtop.c).
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kdbgctl.h"
#include "nl.h"
#include "output.h"
#include "slabtop.h"

static int cmd_slab_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl slab top [-i SEC] [-c COUNT] [-s objs|size|growth] [-n N]\n"
	       "       kdbgctl slab help\n");
	return KDBG_EXIT_OK;
}

static int slab_cb(const struct nlmsghdr *nlh, void *data)
{
	return slab_set_parse(data, nlh) ? MNL_CB_ERROR : MNL_CB_OK;
}

static int slab_read(struct kdbg_nl *nl, struct slab_set *s)
{
	struct nlmsghdr *nlh;

	s->nr = 0;
	nlh = kdbg_nl_msg(nl, KDBG_CMD_SLAB_GET, NLM_F_DUMP);
	return kdbg_nl_run(nl, nlh, slab_cb, s, "slab top");
}

static const char *slab_flags_text(uint32_t f)
{
	if (f & KDBG_SLAB_F_UNKNOWN)
		return "?";
	if (f & KDBG_SLAB_F_RECLAIMABLE)
		return "rcl";
	if (f & KDBG_SLAB_F_ACCOUNT)
		return "acct";
	return "-";
}

static void slab_print(const struct slab_set *s, uint32_t top)
{
	size_t i, n = top && top < s->nr ? top : s->nr;
	const struct slab_row *r;

	out_open_array("caches");
	out_text("%8s %8s %7s %6s %6s %8s %9s %9s %-5s %s\n", "ACTIVE", "OBJS",
		 "OBJSIZE", "OBJ/SL", "PG/SL", "SLABS", "GROW", "GROW-ALL",
		 "FLAGS", "NAME");
	for (i = 0; i < n; i++) {
		r = &s->r[i];
		out_open_object(NULL);
		out_u64("active-objs", "%8" PRIu64, r->active_objs);
		out_u64("num-objs", " %8" PRIu64, r->num_objs);
		out_u64("size", " %7" PRIu64, r->size);
		out_u64("objs-per-slab", " %6" PRIu64, r->objs_per_slab);
		out_u64("pages-per-slab", " %6" PRIu64, r->pages_per_slab);
		out_u64("num-slabs", " %8" PRIu64, r->num_slabs);
		out_s64("growth", " %+9" PRId64, r->grow_prev);
		out_s64("growth-since-start", " %+9" PRId64, r->grow_start);
		out_str("flags", " %-5s", slab_flags_text(r->flags));
		out_u64("pages", NULL, r->pages);
		out_bool("reclaimable", NULL,
			 r->flags & KDBG_SLAB_F_RECLAIMABLE);
		out_bool("account", NULL, r->flags & KDBG_SLAB_F_ACCOUNT);
		out_bool("flags-known", NULL,
			 !(r->flags & KDBG_SLAB_F_UNKNOWN));
		out_str("name", " %s", r->name);
		out_close_object();
		out_text("\n");
	}
	out_close_array();
}

static volatile sig_atomic_t slab_stop;

static void slab_on_signal(int sig)
{
	(void)sig;
	slab_stop = 1;
}

static int cmd_slab_top(int argc, char **argv)
{
	struct slab_set cur = {}, prev = {}, start = {}, tmp;
	double interval = 0;
	uint32_t count = 0, top = 0, n;
	int sort = SLAB_SORT_OBJS, i, err = 0;
	struct kdbg_nl *nl;

	for (i = 0; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(o, "-i") && strcmp(o, "-c") && strcmp(o, "-s") &&
		    strcmp(o, "-n")) {
			kdbg_err("slab top: unknown option '%s' (see: kdbgctl slab help)",
				 o);
			return KDBG_EXIT_USAGE;
		}
		if (!v) {
			kdbg_err("slab top: %s needs a value", o);
			return KDBG_EXIT_USAGE;
		}
		i++;
		if (!strcmp(o, "-i") &&
		    (kdbg_parse_seconds(v, &interval) || interval <= 0)) {
			kdbg_err("slab top: -i '%s': expected seconds > 0", v);
			return KDBG_EXIT_USAGE;
		}
		if (!strcmp(o, "-c") && (kdbg_parse_u32(v, &count) || !count)) {
			kdbg_err("slab top: -c '%s': expected a count > 0", v);
			return KDBG_EXIT_USAGE;
		}
		if (!strcmp(o, "-n") && (kdbg_parse_u32(v, &top) || !top)) {
			kdbg_err("slab top: -n '%s': expected a number > 0", v);
			return KDBG_EXIT_USAGE;
		}
		if (!strcmp(o, "-s") && (sort = slab_sort_parse(v)) < 0) {
			kdbg_err("slab top: -s '%s': expected objs, size or growth",
				 v);
			return KDBG_EXIT_USAGE;
		}
	}
	if (count && !interval) {
		kdbg_err("slab top: -c needs -i");
		return KDBG_EXIT_USAGE;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return KDBG_EXIT_RUNTIME;
	signal(SIGINT, slab_on_signal);
	signal(SIGTERM, slab_on_signal);
	for (n = 0; !slab_stop; n++) {
		err = slab_read(nl, &cur);
		if (err)
			break;
		if (!n) {
			/* The first read is the start every growth is since. */
			if (slab_set_copy(&start, &cur)) {
				err = -1;
				break;
			}
		}
		slab_set_growth(&cur, n ? &prev : NULL, n ? &start : NULL);
		slab_set_sort(&cur, sort);
		out_open_object(NULL);
		if (interval) {
			out_u64("interval", NULL, n);
			out_text("%s", n ? "\n" : "");
		}
		slab_print(&cur, top);
		out_close_object();
		if (out_json())
			out_text("\n");
		fflush(stdout);
		if (!interval || (count && n + 1 >= count))
			break;
		tmp = prev;
		prev = cur;
		cur = tmp;
		{
			struct timespec ts = {
				.tv_sec = (time_t)interval,
				.tv_nsec = (long)((interval - (time_t)interval) * 1e9),
			};

			nanosleep(&ts, NULL);
		}
	}
	slab_set_free(&cur);
	slab_set_free(&prev);
	slab_set_free(&start);
	kdbg_nl_close(nl);
	return err ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}

static const struct kdbg_verb slab_cmds[] = {
	{ "top",	cmd_slab_top },
	{ "help",	cmd_slab_help },
	{ NULL,		NULL }
};

int cmd_slab(int argc, char **argv)
{
	return kdbg_cmd_run("slab", slab_cmds, argc, argv);
}
