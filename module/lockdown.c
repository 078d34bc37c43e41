// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel lockdown (security/lockdown, kernel_lockdown(7)): what kdbg may
 * still do when the kernel is locked down.
 *
 * Integrity lockdown forbids changing the running kernel (unsigned
 * modules, /dev/mem, writable debugfs files...): kdbg works unchanged
 * there once its module is signed with a trusted key, since it writes no
 * kernel memory, and all its debugfs files are read-only (debugfs then
 * refuses only files that can be written, mmap()ed or ioctl()ed).
 *
 * Confidentiality lockdown also forbids reading kernel memory. Every kdbg
 * source does: a kprobe or kretprobe reads registers, arguments and return
 * values (the kernel's own kprobe events are refused for
 * LOCKDOWN_KPROBES), a sampler reads kernel stacks from perf events
 * (LOCKDOWN_PERF), and every other source records kernel stacks and
 * tracepoint arguments, which is what tracefs hands out (refused for
 * LOCKDOWN_TRACEFS). So kdbg asks the same questions before attaching
 * any source, and refuses with an extack that names lockdown; it never
 * works around the policy. Sources attached before lockdown was raised
 * (it can be raised at run time, never lowered) stay until deleted,
 * as the kernel's own kprobes do.
 */
#include <linux/security.h>
#include <linux/netlink.h>
#include "kdbg.h"

/**
 * kdbg_lockdown_check() - may a source of @type be attached now?
 * @type: the source's kind (enum kdbg_source_type).
 * @extack: receives the message naming lockdown.
 *
 * Context: process.
 * Return: 0, or -EPERM when the kernel is locked down for confidentiality
 * (or an LSM refuses kprobes or tracing for another reason).
 */
int kdbg_lockdown_check(u32 type, struct netlink_ext_ack *extack)
{
	switch (type) {
	case KDBG_SOURCE_KPROBE:
	case KDBG_SOURCE_KRETPROBE:
		if (security_locked_down(LOCKDOWN_KPROBES)) {
			NL_SET_ERR_MSG(extack,
				       "kernel lockdown (confidentiality) forbids kprobes: kdbg cannot attach here; see kernel_lockdown(7)");
			return -EPERM;
		}
		break;
	case KDBG_SOURCE_SAMPLE:
		/* perf samples of kernel stacks and registers. */
		if (security_locked_down(LOCKDOWN_PERF)) {
			NL_SET_ERR_MSG(extack,
				       "kernel lockdown (confidentiality) forbids perf sampling of the kernel: kdbg cannot attach here; see kernel_lockdown(7)");
			return -EPERM;
		}
		break;
	default:
		/* Tracepoints, layers and any later kind: stacks, arguments. */
		if (security_locked_down(LOCKDOWN_TRACEFS)) {
			NL_SET_ERR_MSG(extack,
				       "kernel lockdown (confidentiality) forbids tracing kernel data: kdbg cannot attach here; see kernel_lockdown(7)");
			return -EPERM;
		}
		break;
	}
	return 0;
}
