/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pieces of `kdbgctl recorder` that do not need the kernel: printing
 * a RECORDER_GET reply and the events of RECORDER_DUMP messages, as text
 * or JSON. The tests drive them with messages built by libmnl.
 */
#ifndef KDBGCTL_RECORDER_H
#define KDBGCTL_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kdbg.h>

struct nlmsghdr;
struct ksyms;

/* Print a RECORDER_GET reply (an mnl callback, @data unused). */
int kdbg_recorder_print_state(const struct nlmsghdr *nlh, void *data);

/* The name of an enum kdbg_recorder_reason, "?" if unknown. */
const char *kdbg_recorder_reason_name(uint32_t reason);

struct recorder_source {
	uint32_t id;
	char name[KDBG_TARGET_MAX];
};

/* What printing RECORDER_DUMP messages needs, and what it counted. */
struct recorder_dump {
	const struct recorder_source *names;	/* from SOURCE_GET */
	size_t nr_names;
	struct ksyms *ks;			/* NULL: hex addresses */
	bool text_stack;			/* --stack */
	uint64_t events;			/* printed */
};

/* Print the events of one RECORDER_DUMP message (an mnl callback). */
int kdbg_recorder_print_dump(const struct nlmsghdr *nlh, void *data);

#endif /* KDBGCTL_RECORDER_H */
