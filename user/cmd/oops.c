// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl oops decode`: read kernel log text (dmesg, a serial console,
 * pstore) from a file or stdin, decode every crash report in it (BUG,
 * Oops, GPF, WARNING, KASAN, lockdep, lockups, hung tasks) and the
 * flight recorder's dump, resolve frames to file:line from a vmlinux and
 * the modules' .ko files when given, and print the reports as text or
 * JSON. Works offline: it never needs the kernel or kdbgmod.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kdbgctl.h"
#include "oops.h"
#include "oops_elf.h"
#include "output.h"

static int cmd_oops_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: kdbgctl oops decode [FILE|-] [--vmlinux PATH] [--modules DIR] [-j]\n"
	       "       kdbgctl oops help\n");
	return KDBG_EXIT_OK;
}

static int check_vmlinux(const char *path)
{
	struct oops_elf *e;
	const char *err;

	e = oops_elf_open(path, &err);
	if (!e) {
		kdbg_err("oops decode: --vmlinux '%s': %s", path, err);
		return -1;
	}
	oops_elf_close(e);
	return 0;
}

static int cmd_oops_decode(int argc, char **argv)
{
	struct oops_sym_opts so = { 0 };
	struct oops_list list = { 0 };
	const char *file = NULL;
	struct stat st;
	FILE *f;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--vmlinux") || !strcmp(a, "--modules")) {
			if (i + 1 >= argc) {
				kdbg_err("oops decode: option '%s' needs a value", a);
				return KDBG_EXIT_USAGE;
			}
			if (a[2] == 'v')
				so.vmlinux = argv[++i];
			else
				so.modules_dir = argv[++i];
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			opt_json = true;
			out_init(stdout, true, opt_pretty);
		} else if (a[0] == '-' && a[1]) {
			kdbg_err("oops decode: unknown option '%s' (see: kdbgctl oops help)",
				 a);
			return KDBG_EXIT_USAGE;
		} else if (file) {
			kdbg_err("oops decode: one FILE expected (see: kdbgctl oops help)");
			return KDBG_EXIT_USAGE;
		} else {
			file = a;
		}
	}
	if (so.vmlinux && check_vmlinux(so.vmlinux))
		return KDBG_EXIT_RUNTIME;
	if (so.modules_dir && stat(so.modules_dir, &st)) {
		kdbg_err("oops decode: --modules '%s': %s", so.modules_dir,
			 strerror(errno));
		return KDBG_EXIT_RUNTIME;
	}
	if (so.modules_dir && !S_ISDIR(st.st_mode)) {
		kdbg_err("oops decode: --modules '%s': not a directory",
			 so.modules_dir);
		return KDBG_EXIT_RUNTIME;
	}
	if (!file || !strcmp(file, "-")) {
		f = stdin;
	} else {
		f = fopen(file, "r");
		if (!f) {
			kdbg_err("oops decode: '%s': %s", file, strerror(errno));
			return KDBG_EXIT_RUNTIME;
		}
	}
	err = oops_parse_file(f, &list);
	if (f != stdin)
		fclose(f);
	if (err) {
		kdbg_err("oops decode: %s", strerror(-err));
		oops_list_free(&list);
		return KDBG_EXIT_RUNTIME;
	}
	if (so.vmlinux || so.modules_dir)
		oops_symbolize(&list, &so);
	if (!list.nr && !list.nr_rec && !opt_json)
		printf("no crash report found\n");
	else
		oops_print(&list);
	oops_list_free(&list);
	return KDBG_EXIT_OK;
}

int cmd_oops(int argc, char **argv)
{
	static const struct kdbg_verb cmds[] = {
		{ "decode",	cmd_oops_decode },
		{ "help",	cmd_oops_help },
		{ NULL,		NULL }
	};

	return kdbg_cmd_run("oops", cmds, argc, argv);
}
