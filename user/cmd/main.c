// SPDX-License-Identifier: GPL-2.0
/*
 * kdbgctl: the command-line front end of kdbgmod. This file only parses
 * the global options and dispatches `kdbgctl [-j] [-p] OBJECT COMMAND
 * [ARGS]` to the object's entry point (unique prefixes accepted); each
 * object file owns its verbs and its help. It also defines the global
 * options and the one-line error reporter every command uses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "complete.h"
#include "kdbgctl.h"
#include "output.h"

#ifndef KDBG_VERSION
#define KDBG_VERSION "0.1"
#endif

bool opt_json;
bool opt_pretty;

void kdbg_err(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "kdbgctl: error: %s\n", msg);
	if (opt_json) {
		fputs("{\"error\":", stdout);
		out_json_string(stdout, msg);
		fputs("}\n", stdout);
		fflush(stdout);
	}
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl [OPTIONS] OBJECT {COMMAND | help}\n"
	       "       kdbgctl help\n"
	       "       kdbgctl version\n"
	       "OBJECT := { probe | tracepoint | ring | stats | stream | fold | agg | funccount | funclatency | stackcount | recorder | oops | syscount | runqlat | biolatency | offcpu | lock | drops | tcpretrans | doctor | stat | netstat | mem | profile }\n"
	       "OPTIONS := { -j[son] | -p[retty] | -h[elp] | -V[ersion] }\n"
	       "\n"
	       "Run 'kdbgctl OBJECT help' for an object's commands; see kdbgctl(8).\n");
	return KDBG_EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (opt_json)
		printf("{\"version\":\"%s\",\"genl-family\":\"%s\",\"genl-version\":%d}\n",
		       KDBG_VERSION, "kdbg", 1);
	else
		printf("kdbgctl %s\n", KDBG_VERSION);
	return KDBG_EXIT_OK;
}

static int cmd_complete(int argc, char **argv);

static const struct kdbg_verb objects[] = {
	{ "probe",	cmd_probe },
	{ "tracepoint",	cmd_tracepoint },
	{ "ring",	cmd_ring },
	{ "stats",	cmd_stats },
	{ "stream",	cmd_stream },
	{ "fold",	cmd_fold },
	{ "agg",	cmd_agg },
	{ "funccount",	cmd_funccount },
	{ "funclatency", cmd_funclatency },
	{ "stackcount",	cmd_stackcount },
	{ "recorder",	cmd_recorder },
	{ "oops",	cmd_oops },
	{ "syscount",	cmd_syscount },
	{ "runqlat",	cmd_runqlat },
	{ "biolatency",	cmd_biolatency },
	{ "offcpu",	cmd_offcpu },
	{ "lock",	cmd_lock },
	{ "drops",	cmd_drops },
	{ "tcpretrans",	cmd_tcpretrans },
	{ "profile",	cmd_profile },
	{ "doctor",	cmd_doctor },
	{ "stat",	cmd_stat },
	{ "netstat",	cmd_netstat },
	{ "mem",	cmd_mem },
	{ "help",	cmd_help },
	{ "version",	cmd_version },
	{ "__complete",	cmd_complete },	/* hidden: user/completion/ */
	{ NULL,		NULL }
};

static int cmd_complete(int argc, char **argv)
{
	return kdbg_complete(objects, argc, argv);
}

static const char *const options[] = {
	"-json", "-pretty", "-help", "-Version", NULL
};

int main(int argc, char **argv)
{
	const char *names[sizeof(objects) / sizeof(objects[0])];
	int i, n;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-' && argv[0][1];
	     argc--, argv++) {
		/* -j, -json, --json; single letters may be combined: -jp. */
		const char *o = argv[0] + (argv[0][1] == '-' ? 1 : 0);

		if (!strcmp(argv[0], "--")) {
			argc--, argv++;
			break;
		}
		if (strspn(o + 1, "jp") == strlen(o + 1) && o == argv[0]) {
			opt_json |= !!strchr(o, 'j');
			opt_pretty |= !!strchr(o, 'p');
			continue;
		}
		switch (kdbg_match(o, options)) {
		case 0:
			opt_json = true;
			break;
		case 1:
			opt_pretty = true;
			break;
		case 2:
			return cmd_help(0, NULL);
		case 3:
			return cmd_version(0, NULL);
		default:
			kdbg_err("unknown option '%s' (see: kdbgctl help)",
				 argv[0]);
			return KDBG_EXIT_USAGE;
		}
	}
	if (opt_pretty)
		opt_json = true;
	out_init(stdout, opt_json, opt_pretty);

	if (argc < 1) {
		cmd_help(0, NULL);
		return KDBG_EXIT_USAGE;
	}
	for (n = 0; objects[n].name; n++)
		names[n] = objects[n].name;
	names[n] = NULL;
	i = kdbg_match(argv[0], names);
	if (i < 0) {
		kdbg_err("%s object '%s' (see: kdbgctl help)",
			 i == -2 ? "ambiguous" : "unknown", argv[0]);
		return KDBG_EXIT_USAGE;
	}
	return objects[i].fn(argc - 1, argv + 1);
}
