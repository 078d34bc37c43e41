/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System call and errno names for the syscalls layer tools: numbers from
 * the "syscalls" analysis (KDBG_LAYER_SYSCALLS_ARG_NR, with
 * KDBG_LAYER_SYSCALL_COMPAT for ia32 calls) to the names of the uapi
 * headers the build used, and back.
 */
#ifndef KDBGCTL_SYSCALLS_H
#define KDBGCTL_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The name of system call @nr into @buf: "getppid", "ia32:getppid" for a
 * compat call, "syscall_N" (or "ia32:syscall_N") when the headers have no
 * such number. Returns @buf.
 */
const char *kdbg_syscall_name(uint32_t nr, char *buf, size_t len);
/* The x86-64 number of system call @name, or -1. */
int kdbg_syscall_nr(const char *name);
/* "ENOENT" for 2; "E<n>" when the C library has no name. Returns @buf. */
const char *kdbg_errno_name(uint32_t err, char *buf, size_t len);

#endif /* KDBGCTL_SYSCALLS_H */
