/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * kdbg: the protocol manual of kdbgmod.ko's generic netlink family and of
 * the binary records its per-CPU rings carry.
 *
 * The family is named KDBG_GENL_NAME (version KDBG_GENL_VERSION) and is
 * loaded on demand through its alias "net-pf-16-proto-16-family-kdbg".
 * Every command needs CAP_SYS_ADMIN in the initial user namespace (it
 * attaches probes or returns kernel addresses); an unprivileged caller gets
 * EPERM and nothing changes (for dumps, in NLMSG_DONE). Unknown
 * attributes, wrong types and unknown flag bits are refused (strict
 * validation). Each user-caused error comes with an extended ACK message,
 * and where one attribute is at fault, its offset.
 *
 * Commands (request attributes; reply attributes):
 *
 * KDBG_CMD_SOURCE_ADD   NLM_F_REQUEST | NLM_F_ACK
 *	Attach an event source.
 *	Request: KDBG_A_SOURCE_TYPE (u32, enum kdbg_source_type, required)
 *		 KDBG_A_SOURCE_TARGET (string, required):
 *			kprobe/kretprobe: "SYMBOL", "SYMBOL+OFFSET" or
 *			"MODULE:SYMBOL"; tracepoint: "SUBSYSTEM:NAME"
 *		 KDBG_A_SOURCE_FLAGS (u32, KDBG_SOURCE_F_*)
 *		 KDBG_A_SOURCE_FILTER_PID (u32), KDBG_A_SOURCE_FILTER_TGID
 *		 (u32), KDBG_A_SOURCE_FILTER_COMM (string, < 16 bytes)
 *	Reply:	 KDBG_CMD_SOURCE_ADD with KDBG_A_SOURCE_ID (u32).
 *	Errors:	 ENOENT unknown symbol or tracepoint; EEXIST same type and
 *		 target already attached; EOPNOTSUPP the function cannot be
 *		 probed (blacklisted, notrace, kdbg's own, mid-instruction);
 *		 ENOSPC too many sources (KDBG_MAX_SOURCES); EINVAL malformed.
 *
 * KDBG_CMD_SOURCE_DEL   NLM_F_REQUEST | NLM_F_ACK
 *	Detach a source; its buffered records stay readable.
 *	Request: KDBG_A_SOURCE_ID, or KDBG_A_SOURCE_TYPE + KDBG_A_SOURCE_TARGET
 *		 (TYPE may be omitted: then the target names a unique source).
 *	Errors:	 ENOENT no such source; EINVAL both or neither of ID and
 *		 TARGET given.
 *
 * KDBG_CMD_SOURCE_GET   NLM_F_REQUEST | NLM_F_DUMP
 *	List attached sources, one message each, carrying: KDBG_A_SOURCE_ID,
 *	_TYPE, _TARGET, _FLAGS, _FILTER_* (when set), _ADDR (u64, kernel
 *	address of the probe point; 0 for tracepoints) and the nest
 *	KDBG_A_SOURCE_COUNTERS (KDBG_A_COUNTER_* summed over CPUs).
 *	Dumps carry a generation (nlmsg_seq consistency, NLM_F_DUMP_INTR).
 *
 * KDBG_CMD_TRACEPOINT_GET   NLM_F_REQUEST | NLM_F_DUMP
 *	List the kernel's tracepoints: one message each with
 *	KDBG_A_TRACEPOINT_NAME ("SUBSYSTEM:NAME", or ":NAME" when the
 *	tracepoint has no trace event) and KDBG_A_TRACEPOINT_NARGS (u32, when
 *	known).
 *
 * KDBG_CMD_RING_GET   NLM_F_REQUEST
 *	Reply: KDBG_A_RING_SIZE (u32, bytes per CPU), KDBG_A_RING_MODE (u32,
 *	enum kdbg_ring_mode), KDBG_A_RING_NR_CPUS (u32).
 *
 * KDBG_CMD_RING_SET   NLM_F_REQUEST | NLM_F_ACK
 *	Request: KDBG_A_RING_SIZE (rounded up to a power of two, between
 *	KDBG_RING_SIZE_MIN and KDBG_RING_SIZE_MAX) and/or KDBG_A_RING_MODE.
 *	Resizing discards buffered records (counted as dropped).
 *	Errors:	 EBUSY sources are attached or a reader is draining;
 *		 ERANGE size out of range; EINVAL neither attribute given.
 *
 * KDBG_CMD_STATS_GET   NLM_F_REQUEST
 *	Reply: KDBG_A_STATS_CPU nests (KDBG_A_STATS_CPU_ID, KDBG_A_COUNTER_*,
 *	KDBG_A_STATS_RING_USED bytes, KDBG_A_STATS_RING_RECORDS buffered
 *	records counted by walking the ring), then KDBG_A_STATS_SOURCE nests
 *	(KDBG_A_SOURCE_ID, _TYPE, _TARGET, KDBG_A_SOURCE_COUNTERS). The
 *	reply grows with CPUs and sources and may exceed 64 KiB: size the
 *	receive buffer with MSG_PEEK | MSG_TRUNC.
 *
 * KDBG_CMD_EVENTS_READ   NLM_F_REQUEST
 *	Drain records from all CPUs into one reply.
 *	Request: KDBG_A_READ_MAX_BYTES (u32, reply budget; default and upper
 *		 bound KDBG_READ_MAX_BYTES), KDBG_A_READ_TIMEOUT_MS (u32: block
 *		 up to this long until a ring crosses its wakeup watermark or
 *		 the timeout passes; 0 = do not block). One wait lasts at
 *		 most 1000 ms: a blocked read holds generic netlink's
 *		 family lock, so longer waits would stall other families;
 *		 clients read again. A budget of 0 means the default; a
 *		 budget smaller than one record still returns one record.
 *	Reply:	 KDBG_CMD_EVENTS_READ with zero or more KDBG_A_EVENT nests
 *		 (KDBG_A_EVENT_*), oldest first per CPU, and KDBG_A_READ_LOST
 *		 (u64): records dropped since the previous read.
 *	Errors:	 EINTR a signal arrived while blocked; ESHUTDOWN the module is
 *		 being removed.
 *
 * Accounting (KDBG_A_COUNTER_*), per CPU and per source. Every event a
 * source produces is counted once in WRITTEN and ends in exactly one of
 * DELIVERED, DROPPED or the ring, so at any quiescent point
 *	WRITTEN = DELIVERED + DROPPED + buffered records.
 * HITS counts handler invocations, FILTERED those the filters rejected
 * (HITS = WRITTEN + FILTERED), MISSED the hits the probe layer lost before
 * our handler ran (kprobe nmissed) or that kdbg's recursion guard refused.
 * A count-only source (KDBG_SOURCE_F_COUNT) writes no record: its WRITTEN
 * stays 0 and its events number HITS - FILTERED.
 */
#ifndef _UAPI_LINUX_KDBG_H
#define _UAPI_LINUX_KDBG_H

#include <linux/types.h>

#define KDBG_GENL_NAME		"kdbg"
#define KDBG_GENL_VERSION	1

#define KDBG_TARGET_MAX		128	/* bytes of a target, with the NUL */
#define KDBG_COMM_LEN		16	/* TASK_COMM_LEN */
#define KDBG_MAX_SOURCES	256
#define KDBG_RING_SIZE_MIN	4096
#define KDBG_RING_SIZE_MAX	(64 << 20)
#define KDBG_READ_MAX_BYTES	(60 << 10)
#define KDBG_STACK_MAX		64	/* kernel stack frames per record */
#define KDBG_TP_ARGS_MAX	5	/* raw tracepoint arguments recorded */

enum kdbg_cmd {
	KDBG_CMD_UNSPEC,
	KDBG_CMD_SOURCE_ADD,
	KDBG_CMD_SOURCE_DEL,
	KDBG_CMD_SOURCE_GET,
	KDBG_CMD_TRACEPOINT_GET,
	KDBG_CMD_RING_GET,
	KDBG_CMD_RING_SET,
	KDBG_CMD_STATS_GET,
	KDBG_CMD_EVENTS_READ,

	__KDBG_CMD_MAX,
	KDBG_CMD_MAX = __KDBG_CMD_MAX - 1
};

enum kdbg_source_type {
	KDBG_SOURCE_UNSPEC,
	KDBG_SOURCE_KPROBE,	/* entry of a kernel function (or +offset) */
	KDBG_SOURCE_KRETPROBE,	/* return: latency and return value */
	KDBG_SOURCE_TRACEPOINT,	/* a static tracepoint, raw arguments */

	__KDBG_SOURCE_MAX,
	KDBG_SOURCE_MAX = __KDBG_SOURCE_MAX - 1
};

/* KDBG_A_SOURCE_FLAGS */
#define KDBG_SOURCE_F_NO_STACK	(1U << 0)	/* do not capture the stack */
#define KDBG_SOURCE_F_COUNT	(1U << 1)	/* count hits, write no record */
#define KDBG_SOURCE_F_ALL	(KDBG_SOURCE_F_NO_STACK | KDBG_SOURCE_F_COUNT)

enum kdbg_ring_mode {
	KDBG_RING_MODE_UNSPEC,
	KDBG_RING_MODE_DROP,		/* full ring: drop the new record */
	KDBG_RING_MODE_OVERWRITE,	/* full ring: overwrite the oldest */

	__KDBG_RING_MODE_MAX,
	KDBG_RING_MODE_MAX = __KDBG_RING_MODE_MAX - 1
};

/* Top-level attributes of every command. */
enum kdbg_attr {
	KDBG_A_UNSPEC,
	KDBG_A_PAD,			/* alignment of 64-bit attributes */
	KDBG_A_SOURCE_ID,		/* u32, >= 1 */
	KDBG_A_SOURCE_TYPE,		/* u32, enum kdbg_source_type */
	KDBG_A_SOURCE_TARGET,		/* string */
	KDBG_A_SOURCE_FLAGS,		/* u32, KDBG_SOURCE_F_* */
	KDBG_A_SOURCE_FILTER_PID,	/* u32 */
	KDBG_A_SOURCE_FILTER_TGID,	/* u32 */
	KDBG_A_SOURCE_FILTER_COMM,	/* string */
	KDBG_A_SOURCE_ADDR,		/* u64 */
	KDBG_A_SOURCE_COUNTERS,		/* nest: KDBG_A_COUNTER_* */
	KDBG_A_TRACEPOINT_NAME,		/* string */
	KDBG_A_TRACEPOINT_NARGS,	/* u32 */
	KDBG_A_RING_SIZE,		/* u32 */
	KDBG_A_RING_MODE,		/* u32, enum kdbg_ring_mode */
	KDBG_A_RING_NR_CPUS,		/* u32 */
	KDBG_A_STATS_CPU,		/* nest, repeated */
	KDBG_A_STATS_SOURCE,		/* nest, repeated */
	KDBG_A_READ_MAX_BYTES,		/* u32 */
	KDBG_A_READ_TIMEOUT_MS,		/* u32 */
	KDBG_A_READ_LOST,		/* u64 */
	KDBG_A_EVENT,			/* nest, repeated: KDBG_A_EVENT_* */

	__KDBG_A_MAX,
	KDBG_A_MAX = __KDBG_A_MAX - 1
};

/* Inside KDBG_A_SOURCE_COUNTERS and KDBG_A_STATS_CPU. All u64. */
enum kdbg_counter_attr {
	KDBG_A_COUNTER_UNSPEC,
	KDBG_A_COUNTER_PAD,
	KDBG_A_COUNTER_HITS,
	KDBG_A_COUNTER_FILTERED,
	KDBG_A_COUNTER_WRITTEN,
	KDBG_A_COUNTER_DELIVERED,
	KDBG_A_COUNTER_DROPPED,
	KDBG_A_COUNTER_MISSED,

	__KDBG_A_COUNTER_MAX,
	KDBG_A_COUNTER_MAX = __KDBG_A_COUNTER_MAX - 1
};

/* Inside KDBG_A_STATS_CPU, beside the KDBG_A_COUNTER_* attributes. */
enum kdbg_stats_cpu_attr {
	KDBG_A_STATS_CPU_ID = __KDBG_A_COUNTER_MAX + 16,	/* u32 */
	KDBG_A_STATS_RING_USED,		/* u32, bytes buffered */
	KDBG_A_STATS_RING_RECORDS,	/* u32, records buffered */
	KDBG_A_STATS_RING_SIZE,		/* u32, bytes */
};

/* Inside KDBG_A_EVENT. Unknown attributes must be skipped by readers. */
enum kdbg_event_attr {
	KDBG_A_EVENT_UNSPEC,
	KDBG_A_EVENT_PAD,
	KDBG_A_EVENT_TYPE,		/* u32, enum kdbg_source_type */
	KDBG_A_EVENT_CPU,		/* u32 */
	KDBG_A_EVENT_TIMESTAMP,		/* u64, ns, local_clock() */
	KDBG_A_EVENT_PID,		/* u32, thread id */
	KDBG_A_EVENT_TGID,		/* u32, process id */
	KDBG_A_EVENT_COMM,		/* string */
	KDBG_A_EVENT_SOURCE_ID,		/* u32 */
	KDBG_A_EVENT_STACK,		/* binary: u64[], innermost first */
	KDBG_A_EVENT_LATENCY,		/* u64, ns entry to return */
	KDBG_A_EVENT_RETVAL,		/* u64, the function's return value */
	KDBG_A_EVENT_TP_ARGS,		/* binary: u64 raw tracepoint args */

	__KDBG_A_EVENT_MAX,
	KDBG_A_EVENT_MAX = __KDBG_A_EVENT_MAX - 1
};

/*
 * Binary records, as read from /sys/kernel/debug/kdbg/cpuN (one ring per
 * CPU, oldest first). Every record starts with this header and is padded
 * to 8 bytes; readers skip a record by its @size, so later versions may
 * grow the header (@hdr_size) or the payload without breaking them.
 *
 *	struct kdbg_record	(hdr_size bytes)
 *	__u64 stack[nr_stack]	return addresses, innermost first
 *	payload			by type: struct kdbg_ret_payload for
 *				kretprobes, __u64 args[nr_args] for
 *				tracepoints, nothing for kprobes
 */
struct kdbg_record {
	__u16	type;		/* enum kdbg_source_type */
	__u16	hdr_size;	/* sizeof(struct kdbg_record) of the writer */
	__u32	size;		/* whole record, header included, 8-aligned */
	__u64	timestamp;	/* ns, local_clock() */
	__u32	cpu;
	__u32	pid;
	__u32	tgid;
	__u32	source_id;
	char	comm[KDBG_COMM_LEN];
	__u16	nr_stack;	/* entries in stack[] */
	__u16	nr_args;	/* entries in args[] (tracepoints) */
	__u32	flags;		/* reserved, 0 */
};

struct kdbg_ret_payload {
	__u64	latency_ns;
	__u64	retval;
};

#endif /* _UAPI_LINUX_KDBG_H */
