// SPDX-License-Identifier: GPL-2.0
/*
 * System call and errno names (syscalls.h). The tables are generated at
 * build time from the uapi headers by scripts/gen-syscall-names.sh.
 */
#include <string.h>
#include <stdio.h>
#include <linux/kdbg.h>

#include "syscalls.h"
#include "../../build/gen/syscall_names.h"

#define NR_OF(t)	(sizeof(t) / sizeof((t)[0]))

const char *kdbg_syscall_name(uint32_t nr, char *buf, size_t len)
{
	const char *const *tab = kdbg_syscall_names_64;
	size_t n = NR_OF(kdbg_syscall_names_64);
	const char *abi = "";

	if (nr & KDBG_LAYER_SYSCALL_COMPAT) {
		nr &= ~KDBG_LAYER_SYSCALL_COMPAT;
		tab = kdbg_syscall_names_32;
		n = NR_OF(kdbg_syscall_names_32);
		abi = "ia32:";
	}
	if (nr < n && tab[nr])
		snprintf(buf, len, "%s%s", abi, tab[nr]);
	else
		snprintf(buf, len, "%ssyscall_%u", abi, nr);
	return buf;
}

int kdbg_syscall_nr(const char *name)
{
	size_t i;

	for (i = 0; i < NR_OF(kdbg_syscall_names_64); i++)
		if (kdbg_syscall_names_64[i] &&
		    !strcmp(kdbg_syscall_names_64[i], name))
			return (int)i;
	return -1;
}

const char *kdbg_errno_name(uint32_t err, char *buf, size_t len)
{
	const char *s = err < 4096 ? strerrorname_np((int)err) : NULL;

	if (s)
		snprintf(buf, len, "%s", s);
	else
		snprintf(buf, len, "E%u", err);
	return buf;
}
