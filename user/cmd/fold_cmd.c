// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl fold`: the command line around the fold library.  Reads perf
 * script text, folded stacks or kdbg stream JSON from files or stdin and
 * prints folded stacks, a flame graph or a pprof profile; `fold diff`
 * compares two profiles.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fold_priv.h"
#include "kdbgctl.h"

static const char fold_usage[] =
"Usage: kdbgctl fold [OPTIONS] [FILE...]\n"
"       kdbgctl fold diff [OPTIONS] BEFORE AFTER\n"
"Fold stacks from perf script text, folded text or kdbg stream JSON\n"
"(stdin when no FILE) into one line per distinct stack.\n"
"  --pid                root is comm-PID\n"
"  --tid                root is comm-PID/TID\n"
"  --kernel             annotate kernel frames with _[k]\n"
"  --jit                annotate JIT frames with _[j]\n"
"  --all                --kernel and --jit\n"
"  --addrs              keep addresses of unknown frames (kdbg: offsets)\n"
"  --event-filter EV    perf: keep only event EV (default: the first);\n"
"                       kdbg: only records whose source is EV\n"
"  --input perf|folded|kdbg      input format (default: detected)\n"
"  --format folded|svg|pprof     output format (default: folded)\n"
"  -o, --output FILE    write there instead of stdout\n"
"  --title TEXT         SVG title\n"
"  --subtitle TEXT      SVG second title line\n"
"  --width PX           SVG width (1200)\n"
"  --minwidth PX        SVG: omit narrower frames (0.1)\n"
"  --inverted           SVG: icicle graph, roots at the top\n"
"  --reverse            SVG: merge stacks from the leaf up\n"
"  --countname NAME     SVG tooltip unit (samples)\n"
"  --normalize          diff: scale BEFORE to AFTER's total\n"
"With -j, folded output is a JSON array of {\"stack\":[...],\"count\":N}.\n";

enum {
	OPT_PID = 256, OPT_TID, OPT_KERNEL, OPT_JIT, OPT_ALL, OPT_ADDRS,
	OPT_INPUT, OPT_FORMAT, OPT_TITLE, OPT_SUBTITLE, OPT_WIDTH,
	OPT_MINWIDTH, OPT_INVERTED, OPT_REVERSE, OPT_NORMALIZE, OPT_EVENT,
	OPT_COUNTNAME, OPT_HELP,
};

static const struct option fold_longopts[] = {
	{ "pid", no_argument, NULL, OPT_PID },
	{ "tid", no_argument, NULL, OPT_TID },
	{ "kernel", no_argument, NULL, OPT_KERNEL },
	{ "jit", no_argument, NULL, OPT_JIT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "addrs", no_argument, NULL, OPT_ADDRS },
	{ "event-filter", required_argument, NULL, OPT_EVENT },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "minwidth", required_argument, NULL, OPT_MINWIDTH },
	{ "inverted", no_argument, NULL, OPT_INVERTED },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "countname", required_argument, NULL, OPT_COUNTNAME },
	{ "normalize", no_argument, NULL, OPT_NORMALIZE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct fold_cli {
	struct fold_parse_opts parse;
	struct fold_output_opts out;
	enum fold_input_kind input;
	enum fold_format format;
	const char *output;
	bool normalize;
};

static int fold_parse_input(const char *s, enum fold_input_kind *k)
{
	if (!strcmp(s, "perf"))
		*k = FOLD_IN_PERF;
	else if (!strcmp(s, "folded"))
		*k = FOLD_IN_FOLDED;
	else if (!strcmp(s, "kdbg") || !strcmp(s, "json"))
		*k = FOLD_IN_KDBG;
	else if (!strcmp(s, "auto"))
		*k = FOLD_IN_AUTO;
	else
		return -1;
	return 0;
}

#define FOLD_GETOPT_HELP	(-2)

/*
 * Parse options; returns the index of the first operand, -1 for a usage
 * error (reported), or FOLD_GETOPT_HELP.
 */
static int fold_getopt(int argc, char **argv, struct fold_cli *c)
{
	char *end;
	int opt;

	opterr = 0;
	/* glibc: a full reset, main.c may have used getopt */
	optind = 0;
	while ((opt = getopt_long(argc, argv, "+o:h", fold_longopts,
				  NULL)) != -1) {
		switch (opt) {
		case OPT_PID:
			c->parse.pid = true;
			break;
		case OPT_TID:
			c->parse.tid = true;
			break;
		case OPT_KERNEL:
			c->parse.kernel = true;
			break;
		case OPT_JIT:
			c->parse.jit = true;
			break;
		case OPT_ALL:
			c->parse.kernel = c->parse.jit = true;
			break;
		case OPT_ADDRS:
			c->parse.addrs = true;
			break;
		case OPT_EVENT:
			c->parse.event_filter = optarg;
			break;
		case OPT_INPUT:
			if (fold_parse_input(optarg, &c->input)) {
				kdbg_err("fold: unknown input format '%s' (perf, folded or kdbg)",
					 optarg);
				return -1;
			}
			break;
		case OPT_FORMAT:
			if (fold_format_from_name(optarg, &c->format)) {
				kdbg_err("fold: unknown output format '%s' (folded, svg or pprof)",
					 optarg);
				return -1;
			}
			break;
		case 'o':
			c->output = optarg;
			break;
		case OPT_TITLE:
			c->out.title = optarg;
			break;
		case OPT_SUBTITLE:
			c->out.subtitle = optarg;
			break;
		case OPT_WIDTH:
			errno = 0;
			c->out.width = strtoul(optarg, &end, 10);
			if (errno || *end || c->out.width < 100 ||
			    c->out.width > 100000) {
				kdbg_err("fold: --width wants pixels, 100 to 100000, not '%s'",
					 optarg);
				return -1;
			}
			break;
		case OPT_MINWIDTH:
			c->out.minwidth = strtod(optarg, &end);
			if (*end || !(c->out.minwidth >= 0)) {
				kdbg_err("fold: --minwidth wants pixels, not '%s'",
					 optarg);
				return -1;
			}
			break;
		case OPT_INVERTED:
			c->out.inverted = true;
			break;
		case OPT_REVERSE:
			c->out.reverse = true;
			break;
		case OPT_COUNTNAME:
			c->out.count_name = optarg;
			break;
		case OPT_NORMALIZE:
			c->normalize = true;
			break;
		case 'h':
		case OPT_HELP:
			return FOLD_GETOPT_HELP;
		default:
			if (optopt && optopt < 256)
				kdbg_err("fold: bad option '-%c'; see 'kdbgctl fold help'",
					 optopt);
			else
				kdbg_err("fold: bad option '%s'; see 'kdbgctl fold help'",
					 argv[optind - 1]);
			return -1;
		}
	}
	return optind;
}

static FILE *fold_open_out(const struct fold_cli *c)
{
	FILE *f;

	if (!c->output || !strcmp(c->output, "-"))
		return stdout;
	f = fopen(c->output, "w");
	if (!f)
		kdbg_err("fold: %s: %s", c->output, strerror(errno));
	return f;
}

static int fold_finish(struct fold_table *t, const struct fold_cli *c)
{
	FILE *out;
	int err;

	if (fold_format_binary(c->format) && !c->output && isatty(1)) {
		kdbg_err("fold: %s output is binary; use -o FILE or a pipe",
			 fold_format_name(c->format));
		return KDBG_EXIT_USAGE;
	}
	out = fold_open_out(c);
	if (!out)
		return KDBG_EXIT_RUNTIME;
	err = fold_table_write(t, out, c->format, &c->out);
	if (out != stdout && fclose(out) && !err)
		err = -EIO;
	if (err) {
		kdbg_err("fold: writing %s: %s",
			 c->output ? c->output : "output", strerror(-err));
		return KDBG_EXIT_RUNTIME;
	}
	return KDBG_EXIT_OK;
}

/* Read FILEs (or stdin) into @t; returns an exit code. */
static int fold_read(struct fold_table *t, char **files, int nfiles,
		     const struct fold_cli *c)
{
	struct fold_parse_stats stats = { 0 };
	FILE **in;
	int i, n = 0, err, ret = KDBG_EXIT_OK;
	char *dash[] = { "-" };

	if (!nfiles) {
		files = dash;
		nfiles = 1;
	}
	in = calloc(nfiles, sizeof(*in));
	if (!in)
		return KDBG_EXIT_RUNTIME;
	for (i = 0; i < nfiles; i++) {
		in[n] = strcmp(files[i], "-") ? fopen(files[i], "r") : stdin;
		if (!in[n]) {
			kdbg_err("fold: %s: %s", files[i], strerror(errno));
			ret = KDBG_EXIT_RUNTIME;
			goto out;
		}
		n++;
	}
	err = fold_parse_files(t, in, n, c->input, &c->parse, &stats);
	if (err) {
		kdbg_err("fold: reading input: %s", strerror(-err));
		ret = KDBG_EXIT_RUNTIME;
	}
	/* as stackcollapse-perf.pl does: say that other events were dropped */
	if (!err && stats.filtered && !c->parse.event_filter && !opt_json)
		fprintf(stderr, "kdbgctl fold: kept only event '%s'; %llu samples of other events skipped (see --event-filter)\n",
			stats.event, stats.filtered);
out:
	for (i = 0; i < n; i++)
		if (in[i] != stdin)
			fclose(in[i]);
	free(in);
	return ret;
}

static int fold_load(const char *file, const struct fold_cli *c,
		     struct fold_table **t)
{
	char *files[1] = { (char *)file };
	int ret;

	*t = fold_table_new();
	if (!*t) {
		kdbg_err("fold: %s", strerror(ENOMEM));
		return KDBG_EXIT_RUNTIME;
	}
	ret = fold_read(*t, files, 1, c);
	return ret;
}

static int cmd_fold_diff(int argc, char **argv, struct fold_cli *c)
{
	struct fold_table *before = NULL, *after = NULL, *diff = NULL;
	int first, ret;

	first = fold_getopt(argc, argv, c);
	if (first == FOLD_GETOPT_HELP) {
		fputs(fold_usage, stdout);
		return KDBG_EXIT_OK;
	}
	if (first < 0)
		return KDBG_EXIT_USAGE;
	if (argc - first != 2) {
		kdbg_err("fold diff: wants two profiles, BEFORE and AFTER");
		return KDBG_EXIT_USAGE;
	}
	if (!fold_format_diff(c->format)) {
		kdbg_err("fold diff: --format wants folded or svg");
		return KDBG_EXIT_USAGE;
	}
	ret = fold_load(argv[first], c, &before);
	if (!ret)
		ret = fold_load(argv[first + 1], c, &after);
	if (!ret) {
		diff = fold_diff_tables(before, after, c->normalize);
		if (!diff) {
			kdbg_err("fold diff: %s", strerror(ENOMEM));
			ret = KDBG_EXIT_RUNTIME;
		}
	}
	if (!ret)
		ret = fold_finish(diff, c);
	fold_table_free(before);
	fold_table_free(after);
	fold_table_free(diff);
	return ret;
}

int cmd_fold(int argc, char **argv)
{
	struct fold_table *t;
	struct fold_cli c = { .input = FOLD_IN_AUTO };
	char **av;
	int first, ret;

	fold_output_opts_init(&c.out);
	c.out.json = opt_json;

	/* getopt wants a program name in argv[0] */
	av = calloc(argc + 2, sizeof(*av));
	if (!av)
		return KDBG_EXIT_RUNTIME;
	av[0] = "kdbgctl fold";
	memcpy(av + 1, argv, argc * sizeof(*av));

	if (argc > 0 && !strcmp(argv[0], "help")) {
		fputs(fold_usage, stdout);
		free(av);
		return KDBG_EXIT_OK;
	}
	if (argc > 0 && !strcmp(argv[0], "diff")) {
		ret = cmd_fold_diff(argc, av + 1, &c);
		free(av);
		return ret;
	}
	first = fold_getopt(argc + 1, av, &c);
	if (first < 0) {
		free(av);
		if (first != FOLD_GETOPT_HELP)
			return KDBG_EXIT_USAGE;
		fputs(fold_usage, stdout);
		return KDBG_EXIT_OK;
	}
	t = fold_table_new();
	if (!t) {
		free(av);
		kdbg_err("fold: %s", strerror(ENOMEM));
		return KDBG_EXIT_RUNTIME;
	}
	ret = fold_read(t, av + first, argc + 1 - first, &c);
	if (!ret)
		ret = fold_finish(t, &c);
	fold_table_free(t);
	free(av);
	return ret;
}
