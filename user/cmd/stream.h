/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pieces of `kdbgctl stream` that do not need the kernel: decoding a
 * KDBG_A_EVENT nest, printing an event as text or JSON, and turning its
 * stack into the frames of a folded stack. The tests drive them with
 * messages built by libmnl.
 */
#ifndef KDBGCTL_STREAM_H
#define KDBGCTL_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kdbg.h>

struct nlattr;
struct ksyms;

/* Stack entries accepted per event: the kernel sends KDBG_STACK_MAX. */
#define KDBG_EVENT_STACK_MAX	(2 * KDBG_STACK_MAX)
#define KDBG_FRAME_LEN		160

struct kdbg_event {
	uint32_t type;			/* enum kdbg_source_type */
	uint32_t cpu;
	uint64_t timestamp;		/* ns */
	uint32_t pid, tgid;
	char comm[KDBG_COMM_LEN];
	uint32_t source_id;
	bool has_latency, has_retval;
	uint64_t latency;		/* ns */
	uint64_t retval;
	unsigned int nr_stack;
	uint64_t stack[KDBG_EVENT_STACK_MAX];	/* innermost first */
	unsigned int nr_args;
	uint64_t args[KDBG_TP_ARGS_MAX];
};

/* Decode one KDBG_A_EVENT nest; unknown attributes are skipped. 0/-EINVAL */
int kdbg_event_parse(const struct nlattr *nest, struct kdbg_event *ev);

/*
 * Print @ev through the output layer (text or JSON, per out_init()):
 * @source names its source; stack frames are resolved with @ks (NULL:
 * hex addresses). Text shows the stack only when @text_stack is set.
 */
void kdbg_event_print(const struct kdbg_event *ev, const char *source,
		      struct ksyms *ks, bool text_stack);

/*
 * Build the folded-stack frames of @ev into @buf (@nframes strings of
 * KDBG_FRAME_LEN): [0] the comm (spaces as '_'), then the stack from the
 * outermost to the innermost frame, as bare names or, with @addrs, as
 * "func+0xOFF [module]". A stack-less event folds as comm;@source.
 * Return the number of frames.
 */
size_t kdbg_event_frames(const struct kdbg_event *ev, const char *source,
			 struct ksyms *ks, bool addrs,
			 char (*buf)[KDBG_FRAME_LEN], size_t nframes);

#endif /* KDBGCTL_STREAM_H */
