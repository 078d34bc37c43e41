// SPDX-License-Identifier: GPL-2.0
/*
 * Taint letters of a "Tainted: " string in words. The letters and their
 * bits are kernel/panic.c's taint_flags[] (Linux 6.1, kernel/panic.c:469),
 * the words Documentation/admin-guide/tainted-kernels.rst's table. 'G'
 * means "no proprietary module" and unset flags print as blanks, so
 * neither is a taint.
 */
#include <string.h>

#include "oops.h"

static const struct oops_taint_flag taint_flags[] = {
	{ 'P', 0, "proprietary module was loaded" },
	{ 'F', 1, "module was force loaded" },
	{ 'S', 2, "kernel running on an out of specification system" },
	{ 'R', 3, "module was force unloaded" },
	{ 'M', 4, "processor reported a Machine Check Exception (MCE)" },
	{ 'B', 5, "bad page referenced or some unexpected page flags" },
	{ 'U', 6, "taint requested by userspace application" },
	{ 'D', 7, "kernel died recently, i.e. there was an OOPS or BUG" },
	{ 'A', 8, "ACPI table overridden by user" },
	{ 'W', 9, "kernel issued warning" },
	{ 'C', 10, "staging driver was loaded" },
	{ 'I', 11, "workaround for bug in platform firmware applied" },
	{ 'O', 12, "externally-built (\"out-of-tree\") module was loaded" },
	{ 'E', 13, "unsigned module was loaded" },
	{ 'L', 14, "soft lockup occurred" },
	{ 'K', 15, "kernel has been live patched" },
	{ 'X', 16, "auxiliary taint, defined for and used by distros" },
	{ 'T', 17, "kernel was built with the struct randomization plugin" },
	{ 'N', 18, "an in-kernel test has been run" },
};

size_t oops_taint_decode(const char *taint, const struct oops_taint_flag **out,
			 size_t max)
{
	size_t n = 0, i;

	for (; *taint && n < max; taint++) {
		if (*taint == ' ' || *taint == 'G')
			continue;
		for (i = 0; i < sizeof(taint_flags) / sizeof(taint_flags[0]); i++)
			if (taint_flags[i].c == *taint) {
				out[n++] = &taint_flags[i];
				break;
			}
	}
	return n;
}
