/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * kdbg: the protocol manual of kdbgmod.ko's generic netlink family and of
 * the binary records its per-CPU rings carry.
 *
 * The family is named KDBG_GENL_NAME (version KDBG_GENL_VERSION) and is
 * loaded on demand through its alias "net-pf-16-proto-16-family-kdbg".
 * Privilege (capabilities in the initial user namespace, of both the
 * socket's opener and the caller): commands that only read - listing
 * sources and tracepoints, the ring, recorder and stats state, the
 * aggregation and stack tables, and draining records - need CAP_PERFMON
 * or CAP_SYS_ADMIN, like perf's kernel profiling (their replies carry
 * kernel addresses); commands that change what runs in the kernel -
 * adding and deleting sources, ring and recorder configuration, freeze
 * and unfreeze - need CAP_SYS_ADMIN. Each command below says which. A
 * caller without it gets EPERM with an extended ACK message naming the
 * capability, and nothing changes (for dumps, in NLMSG_DONE). Unknown
 * attributes, wrong types and unknown flag bits are refused (strict
 * validation). Each user-caused error comes with an extended ACK message,
 * and where one attribute is at fault, its offset.
 * Kernel lockdown (kernel_lockdown(7)): under confidentiality lockdown
 * KDBG_CMD_SOURCE_ADD fails with EPERM and an extended ACK message naming
 * lockdown, for every source type (each reads kernel memory: registers,
 * arguments, stacks); nothing else changes. Under integrity lockdown
 * every command works (the module must then be signed by a trusted key
 * to load at all).
 *
 * Commands (request attributes; reply attributes):
 *
 * KDBG_CMD_SOURCE_ADD   NLM_F_REQUEST | NLM_F_ACK
 *	Privilege: CAP_SYS_ADMIN.
 *	Attach an event source.
 *	Request: KDBG_A_SOURCE_TYPE (u32, enum kdbg_source_type, required)
 *		 KDBG_A_SOURCE_TARGET (string, required):
 *			kprobe/kretprobe: "SYMBOL", "SYMBOL+OFFSET" or
 *			"MODULE:SYMBOL"; tracepoint: "SUBSYSTEM:NAME";
 *			layer: an analysis name (see "Layer sources")
 *		 KDBG_A_SOURCE_FLAGS (u32, KDBG_SOURCE_F_*)
 *		 KDBG_A_SOURCE_FILTER_PID (u32), KDBG_A_SOURCE_FILTER_TGID
 *		 (u32), KDBG_A_SOURCE_FILTER_COMM (string, < 16 bytes)
 *		 KDBG_A_SOURCE_AGG (nest, KDBG_A_AGG_*): aggregate in the
 *			kernel instead of writing records (see "Aggregation")
 *		 KDBG_A_SOURCE_MAX_MATCHES (u32, patterns only: the cap on
 *			functions one pattern may attach; default and upper
 *			bound KDBG_PATTERN_MAX)
 *		 KDBG_A_SOURCE_SAMPLE_FREQ (u32), KDBG_A_SOURCE_SAMPLE_CPU
 *			(u32): sample sources only (see "Sample sources")
 *	Reply:	 KDBG_CMD_SOURCE_ADD with KDBG_A_SOURCE_ID (u32).
 *	Errors:	 ENOENT unknown symbol or tracepoint; EEXIST same type and
 *		 target already attached; EOPNOTSUPP the function cannot be
 *		 probed (blacklisted, notrace, kdbg's own, mid-instruction);
 *		 ENOSPC too many sources (KDBG_MAX_SOURCES); EINVAL malformed.
 *
 *	Patterns. A kprobe or kretprobe TARGET holding a glob character
 *	('*', '?' or '[') is a pattern, "GLOB" (the kernel image's functions)
 *	or "MODULE:GLOB" (that module's), matched with the kernel's
 *	glob_match(). Every matching function that can be traced is attached
 *	as its own source, in one request, all with the same flags, filters
 *	and aggregation; each such source's KDBG_A_SOURCE_PATTERN is the
 *	pattern. Functions that cannot be are skipped and counted by reason:
 *	not an ftrace site (notrace, or a compiler fragment such as .cold),
 *	refused by the kprobe layer (blacklisted, not text), kdbg's own, or
 *	already attached. Reply: KDBG_A_SOURCE_ID (the first attached
 *	source's), KDBG_A_SOURCE_MATCHED (u32, distinct names matched),
 *	KDBG_A_SOURCE_ATTACHED (u32) and KDBG_A_SOURCE_SKIPPED (nest,
 *	KDBG_A_SKIP_* u32 counts). All or nothing on failure: E2BIG more
 *	than the cap match (nothing attached); ENOENT nothing matched or
 *	nothing could be attached; ENOSPC the sources would exceed
 *	KDBG_MAX_SOURCES (nothing attached). A pattern is attached at most
 *	once (EEXIST). On E2BIG, ENOENT and ENOSPC the error's
 *	NLMSGERR_ATTR_COOKIE holds netlink attributes with the numbers:
 *	KDBG_A_SOURCE_MATCHED (u32, functions matched; over the cap, names
 *	counted as found, repeats included) and, on E2BIG,
 *	KDBG_A_SOURCE_MAX_MATCHES (u32, the cap in force).
 *
 * KDBG_CMD_SOURCE_DEL   NLM_F_REQUEST | NLM_F_ACK
 *	Privilege: CAP_SYS_ADMIN.
 *	Detach a source; its buffered records stay readable.
 *	Request: KDBG_A_SOURCE_ID, or KDBG_A_SOURCE_TYPE + KDBG_A_SOURCE_TARGET
 *		 (TYPE may be omitted: then the target names a unique source).
 *		 A TARGET that is an attached pattern detaches every source
 *		 it attached (of TYPE, when given).
 *	Errors:	 ENOENT no such source; EINVAL both or neither of ID and
 *		 TARGET given.
 *
 * KDBG_CMD_SOURCE_GET   NLM_F_REQUEST | NLM_F_DUMP
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	List attached sources, one message each, carrying: KDBG_A_SOURCE_ID,
 *	_TYPE, _TARGET, _FLAGS, _FILTER_* (when set), _ADDR (u64, kernel
 *	address of the probe point; 0 for tracepoints), _PATTERN (when
 *	attached by a pattern), _AGG (the aggregation as requested, when
 *	aggregating) and the nest KDBG_A_SOURCE_COUNTERS (KDBG_A_COUNTER_*
 *	summed over CPUs); sample sources also KDBG_A_SOURCE_SAMPLE_FREQ,
 *	_SAMPLE_CPU (when one CPU is sampled), _SAMPLE_EVENT and one
 *	KDBG_A_SOURCE_SAMPLE_CPUS nest per sampled CPU.
 *	Dumps carry a generation (nlmsg_seq consistency, NLM_F_DUMP_INTR).
 *
 * KDBG_CMD_TRACEPOINT_GET   NLM_F_REQUEST | NLM_F_DUMP
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	List the kernel's tracepoints: one message each with
 *	KDBG_A_TRACEPOINT_NAME ("SUBSYSTEM:NAME", or ":NAME" when the
 *	tracepoint has no trace event) and KDBG_A_TRACEPOINT_NARGS (u32, when
 *	known).
 *
 * KDBG_CMD_RING_GET   NLM_F_REQUEST
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	Reply: KDBG_A_RING_SIZE (u32, bytes per CPU), KDBG_A_RING_MODE (u32,
 *	enum kdbg_ring_mode), KDBG_A_RING_NR_CPUS (u32).
 *
 * KDBG_CMD_RING_SET   NLM_F_REQUEST | NLM_F_ACK
 *	Privilege: CAP_SYS_ADMIN.
 *	Request: KDBG_A_RING_SIZE (rounded up to a power of two, between
 *	KDBG_RING_SIZE_MIN and KDBG_RING_SIZE_MAX) and/or KDBG_A_RING_MODE.
 *	Resizing discards buffered records (counted as dropped).
 *	Errors:	 EBUSY sources are attached, a reader is draining, or the
 *		 flight recorder is on (it holds the rings' size and mode);
 *		 ERANGE size out of range; EINVAL neither attribute given.
 *
 * KDBG_CMD_STATS_GET   NLM_F_REQUEST
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	Reply: KDBG_A_STATS_CPU nests (KDBG_A_STATS_CPU_ID, KDBG_A_COUNTER_*,
 *	KDBG_A_STATS_RING_USED bytes, KDBG_A_STATS_RING_RECORDS buffered
 *	records counted by walking the ring), then KDBG_A_STATS_SOURCE nests
 *	(KDBG_A_SOURCE_ID, _TYPE, _TARGET, KDBG_A_SOURCE_COUNTERS). The
 *	reply grows with CPUs and sources and may exceed 64 KiB: size the
 *	receive buffer with MSG_PEEK | MSG_TRUNC.
 *
 * KDBG_CMD_EVENTS_READ   NLM_F_REQUEST
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
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
 *		 (u64): records dropped since the previous read. A reply
 *		 that cannot be queued (the socket's receive buffer is full,
 *		 e.g. with several reads in flight: the socket then reports
 *		 ENOBUFS) has consumed its records: they count as DROPPED,
 *		 not DELIVERED, and in the next reply's KDBG_A_READ_LOST.
 *	Errors:	 EINTR a signal arrived while blocked; ESHUTDOWN the module is
 *		 being removed.
 *
 * KDBG_CMD_AGG_GET   NLM_F_REQUEST | NLM_F_DUMP
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	Read the aggregation tables of aggregating sources.
 *	Request: KDBG_A_SOURCE_ID (optional: that source only; default all
 *		 aggregating sources), KDBG_A_SOURCE_PATTERN (optional: the
 *		 sources attached by that pattern), KDBG_A_AGG_CLEAR (flag:
 *		 read and clear, for interval output; no hit is lost between
 *		 two clearing reads, each lands in exactly one of them).
 *	Reply:	 for each source, in id order: one message per table entry
 *		 (KDBG_A_SOURCE_ID and the nest KDBG_A_AGG_ENTRY,
 *		 KDBG_A_AGG_E_*), then one message closing the source
 *		 (KDBG_A_SOURCE_ID, KDBG_A_SOURCE_TARGET and the nest
 *		 KDBG_A_AGG_STATS, KDBG_A_AGG_S_*). Entries come in no
 *		 particular order. The table is copied when the dump starts,
 *		 so a dump is one consistent snapshot per source.
 *	Errors:	 ENOENT no such source; EINVAL the source does not
 *		 aggregate; ENOMEM.
 *
 * KDBG_CMD_STACK_GET   NLM_F_REQUEST | NLM_F_DUMP
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	Read an aggregating source's stack table: each distinct kernel
 *	stack its hits had (and, for sample sources, user stack), stored
 *	once.
 *	Request: KDBG_A_SOURCE_ID (required).
 *	Reply:	 one message per stack: KDBG_A_SOURCE_ID, KDBG_A_STACK_ID
 *		 (u32, >= 1, as in KDBG_A_AGG_E_STACK_ID) and
 *		 KDBG_A_EVENT_STACK (u64[], innermost first). Stacks stay
 *		 until the source is deleted, so ids stay valid across
 *		 clearing reads.
 *	Errors:	 ENOENT no such source; EINVAL it has no stack key.
 *
 * KDBG_CMD_RECORDER_GET   NLM_F_REQUEST
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	The flight recorder's state (see "Flight recorder" below).
 *	Reply: KDBG_A_RECORDER_ENABLED (u8), KDBG_A_RING_SIZE (u32, bytes per
 *	CPU), KDBG_A_RING_MODE (u32, the rings' current mode),
 *	KDBG_A_RECORDER_LAST (u32), KDBG_A_RECORDER_FROZEN (u8); when frozen
 *	also KDBG_A_RECORDER_REASON (u32, enum kdbg_recorder_reason),
 *	KDBG_A_RECORDER_CPU (u32, the CPU that froze the rings),
 *	KDBG_A_RECORDER_TIMESTAMP (u64, ns, the records' clock) and
 *	KDBG_A_RECORDER_REALTIME (u64, ns since the epoch); then one
 *	KDBG_A_RECORDER_RING nest per possible CPU (KDBG_A_RECORDER_RING_*):
 *	its frozen records (buffered records when not frozen), the writes
 *	it refused while frozen, and what the validated walk of its frozen
 *	records found.
 *
 * KDBG_CMD_RECORDER_SET   NLM_F_REQUEST | NLM_F_ACK
 *	Privilege: CAP_SYS_ADMIN.
 *	Request: KDBG_A_RECORDER_ENABLED (u8, required). 1 switches every
 *		 ring to overwrite mode in place (sources, filters and
 *		 buffered records stay), optionally after resizing the rings
 *		 to KDBG_A_RING_SIZE (u32 bytes, as KDBG_CMD_RING_SET), and
 *		 sets KDBG_A_RECORDER_LAST (u32, 1..KDBG_RECORDER_LAST_MAX;
 *		 when absent the number stays, initially
 *		 KDBG_RECORDER_LAST_DEFAULT). Sent again while on, it only
 *		 changes LAST. 0 unfreezes the rings and restores the mode
 *		 they had before (records stay buffered).
 *	Errors:	 EBUSY a resize while sources are attached or a reader
 *		 drains, or a resize while the recorder is on; ERANGE size
 *		 out of range; EINVAL SIZE or LAST with ENABLED 0.
 *
 * KDBG_CMD_RECORDER_FREEZE   NLM_F_REQUEST | NLM_F_ACK
 *	Privilege: CAP_SYS_ADMIN.
 *	Freeze the rings by hand (reason MANUAL): writers refuse new records
 *	(counted in DROPPED and in KDBG_A_RECORDER_RING_REFUSED), readers
 *	drain nothing, the frozen records stay for KDBG_CMD_RECORDER_DUMP.
 *	Returns once writers and readers in flight are done, so the frozen
 *	span is exact. Request: KDBG_A_RECORDER_CONSOLE (flag: also print
 *	the last LAST records of each CPU to the console, as a crash does).
 *	Errors:	 EINVAL the recorder is off; EALREADY already frozen.
 *
 * KDBG_CMD_RECORDER_UNFREEZE   NLM_F_REQUEST | NLM_F_ACK
 *	Privilege: CAP_SYS_ADMIN.
 *	Resume recording; the frozen records stay buffered (and are the
 *	first to be overwritten). Errors: EALREADY not frozen.
 *
 * KDBG_CMD_RECORDER_DUMP   NLM_F_REQUEST | NLM_F_DUMP
 *	Privilege: CAP_PERFMON or CAP_SYS_ADMIN.
 *	The frozen records, without consuming them: messages carrying
 *	KDBG_A_EVENT nests (as KDBG_CMD_EVENTS_READ), CPU by CPU, oldest
 *	first. Dumps carry a generation that changes at each freeze and
 *	unfreeze (NLM_F_DUMP_INTR).
 *	Errors:	 ENODATA not frozen.
 *
 * Aggregation (KDBG_A_SOURCE_AGG). An aggregating source writes no
 * records: each hit that passes the filters updates one entry of the
 * source's table, preallocated at add time (KDBG_A_AGG_ENTRIES entries),
 * under the key the request chose (KDBG_A_AGG_KEYS, a set of
 * KDBG_AGG_KEY_*; no key at all gives one entry, a plain counter):
 *	STACK	the kernel stack, stored once in the source's stack table
 *		(KDBG_A_AGG_STACKS entries) and keyed by its id; a hit whose
 *		stack finds no room is keyed by stack id 0 and counted in
 *		KDBG_A_AGG_S_STACK_MISSED
 *	COMM, PID (thread), TGID (process), CPU
 *	ARG	tracepoints: raw argument KDBG_A_AGG_KEY_ARG (0-based)
 *	RETVAL	kretprobes: the return value
 * Each entry holds COUNT and, when KDBG_A_AGG_VALUE names a value (a
 * kretprobe's LATENCY in ns or its RETVAL, or a tracepoint's raw ARG
 * KDBG_A_AGG_VALUE_ARG), the value's SUM, MIN and MAX, and optionally its
 * histogram (KDBG_A_AGG_HIST):
 *	LOG2	KDBG_AGG_LOG2_BUCKETS buckets: bucket 0 holds 0, bucket i
 *		holds [2^(i-1), 2^i - 1] (BCC's and bpftrace's slots)
 *	LINEAR	KDBG_A_AGG_HIST_MIN, _MAX, _STEP (u64, MIN < MAX, STEP > 0,
 *		at most KDBG_AGG_LINEAR_MAX buckets between them): bucket 0
 *		holds values below MIN, bucket i holds [MIN + (i-1) * STEP,
 *		MIN + i * STEP - 1], the last holds values >= MAX
 * Updates are lock-free, from any context; a hit whose key finds no free
 * entry is counted in KDBG_A_AGG_S_MISSED, never silently lost, so for an
 * aggregating source HITS - FILTERED - MISSED(guard) = sum of COUNT +
 * KDBG_A_AGG_S_MISSED over all reads (WRITTEN stays 0).
 *
 * Flight recorder. While it is on, the rings overwrite their oldest
 * records, so they always hold the last events. A die notifier (an oops,
 * DIE_OOPS) and a panic notifier freeze them (reason OOPS or PANIC), then
 * print the last KDBG_A_RECORDER_LAST records of each CPU to the console,
 * so that they reach serial, netconsole and pstore, in lines of this form:
 *	kdbg-recorder: frozen: reason=oops cpu=1 events=12
 *	kdbg-recorder: ring: cpu=0 records=40 shown=8 refused=0 gaps=0 torn=0
 *	kdbg-recorder: cpu=0 ts=NS pid=P tgid=T comm=C src=ID type=kprobe target=vfs_read
 *	kdbg-recorder:   vfs_read+0x0/0x130
 *	kdbg-recorder: end
 * (events= counts the event lines; a kretprobe's line ends with latency=NS
 * retval=N, a tracepoint's with args=0x..,0x..; each frame is a line
 * indented by two spaces). Freezing takes no lock and allocates nothing.
 * When the machine survives an oops, the frozen records stay readable
 * (KDBG_CMD_RECORDER_DUMP, debugfs "recorder") until unfrozen. The frozen
 * span is walked with every record header validated: a CPU may have been
 * writing when it was frozen.
 *
 * Layer sources (KDBG_SOURCE_LAYER). A layer source is a built-in analysis
 * that hooks several of the kernel's tracepoints and pairs two events of
 * one object (a task, a block request): a start timestamp stored at one
 * tracepoint, a measurement at another. Its TARGET is the analysis name;
 * it must aggregate (KDBG_A_SOURCE_AGG; EINVAL otherwise), and each
 * measurement updates its table as a hit with KDBG_LAYER_ARGS synthetic
 * arguments, so keys ARG (KDBG_A_AGG_KEY_ARG) and values ARG
 * (KDBG_A_AGG_VALUE_ARG) pick among them as they would among a
 * tracepoint's raw arguments; AGG_GET, read-and-clear and debugfs work
 * unchanged. Only the analyses that say so take a STACK key (EINVAL
 * otherwise): their stacks are taken where the measurement starts, in
 * the measured task's context, and stored in the source's stack table as
 * for any source (KDBG_CMD_STACK_GET). A TARGET "NAME:N" gives the
 * analyses that say so a number N (EINVAL for the others). Durations are
 * in ns of the monotonic clock. The analyses and their arguments:
 *	"syscalls"	raw_syscalls sys_enter/sys_exit (and sched_process_exit
 *			to forget tasks that exit inside a syscall): one
 *			measurement per system call that returns.
 *			Args: KDBG_LAYER_SYSCALLS_ARG_NR (the x86-64 number;
 *			an ia32 call has KDBG_LAYER_SYSCALL_COMPAT set),
 *			_DURATION (ns, entry to exit), _RET (the return value),
 *			_ERRNO (-RET when RET is -4095..-1, else 0), _KEY
 *			(NR << 32 | ERRNO: one entry per call and outcome).
 *			The filters and keys PID, TGID, COMM are the caller's.
 *	"runqlat"	sched_wakeup, sched_wakeup_new, sched_switch: the time
 *			a task waits on a run queue, from its wakeup (or from
 *			being switched out while still runnable: preempted) to
 *			running. Args: KDBG_LAYER_RUNQLAT_ARG_LATENCY (ns),
 *			_PID, _TGID (the task that waited), _PREV_PID (the
 *			task it replaced). The filters and keys PID, TGID,
 *			COMM select the task that waited; CPU is the CPU it
 *			runs on.
 *	"biolatency"	block_rq_issue, block_rq_complete: a request's time
 *			in the device, from issue to completion.
 *	"biolatency-queued"  the same from block_rq_insert (the I/O
 *			scheduler's queue; issue when the queue has none).
 *			Args: KDBG_LAYER_BIO_ARG_LATENCY (ns), _DEV (the
 *			disk's dev_t as the kernel encodes it: major << 20 |
 *			minor), _BYTES (completed), _OP (REQ_OP_*), _ERROR
 *			(blk_status_t). Requests complete in interrupt
 *			context, so task filters and keys are refused (EINVAL).
 *	"offcpu"	sched_switch: the time a task spends off CPU, from
 *			being switched out (to sleep, block or be preempted)
 *			to being switched in again. STACK keys the stack the
 *			task was switched out with. "offcpu:MIN_NS" leaves out
 *			times under MIN_NS (not counted as hits).
 *			Args: KDBG_LAYER_OFFCPU_ARG_TIME (ns), _PID, _TGID,
 *			_STATE (the task's state when switched out, the
 *			tracepoint's prev_state: 0 preempted, TASK_* bits).
 *			The filters and keys PID, TGID, COMM are the task's.
 *	"lock"		lock:contention_begin, contention_end: the time a
 *			waiter spends on a contended kernel lock, from its
 *			first begin to the end of the same lock (a begin
 *			while one is pending is ignored, as perf does). A
 *			waiter is a task, or a CPU's softirq, hardirq or NMI
 *			context. STACK keys the stack at the begin.
 *			Args: KDBG_LAYER_LOCK_ARG_WAIT (ns), _LOCK (the lock's
 *			address), _FLAGS (the begin's LCB_F_* flags: SPIN 1,
 *			READ 2, WRITE 4, RT 8, PERCPU 16, MUTEX 32), _KEY
 *			(FLAGS << 48 | the address's low 48 bits: one entry
 *			per lock and kind; the upper 16 bits of a kernel
 *			address are ones), _RET (the end's ret). The filters
 *			and keys PID, TGID, COMM are the current task's,
 *			which an interrupt context only interrupted.
 *	"drops"		skb:kfree_skb: one measurement per dropped packet
 *			(nothing is paired). STACK keys the stack of the drop.
 *			Args: KDBG_LAYER_DROPS_ARG_REASON (enum
 *			skb_drop_reason: its names are in the tracepoint's
 *			format, tracefs events/skb/kfree_skb/format), _LOCATION
 *			(the address the packet was freed from), _KEY (REASON
 *			<< 48 | LOCATION's low 48 bits: one entry per reason
 *			and place), _PROTOCOL (the skb's, host order), _LEN
 *			(bytes). Drops mostly happen in softirq context, so
 *			task filters and keys are refused (EINVAL).
 *	"tcpretrans"	tcp:tcp_retransmit_skb: one measurement per TCP
 *			segment retransmitted (nothing is paired). A flow is
 *			two words: ARG _ADDRS and the second key word _PORTS,
 *			which key RETVAL selects (the analyses that say so
 *			have one; EINVAL for the others).
 *			Args: KDBG_LAYER_TCPRETRANS_ARG_ADDRS (IPv4: local <<
 *			32 | remote, host order; IPv6: the remote address's
 *			last 64 bits), _PORTS (FAMILY << 56 | STATE << 48 |
 *			local port << 16 | remote port), _STATE (TCP_*: 1
 *			ESTABLISHED, 2 SYN_SENT, ...), _FAMILY (AF_INET,
 *			AF_INET6), _LEN (bytes). The filters and keys PID,
 *			TGID, COMM are the task the retransmit ran in (often
 *			one a timer interrupted).
 *	Errors:	 ENOENT unknown analysis, or the kernel lacks one of its
 *		 tracepoints (the extack names it); EINVAL as above.
 *	Accounting: HITS counts measurements and the start events the
 *	filters rejected (FILTERED), so HITS - FILTERED = sum of COUNT +
 *	KDBG_A_AGG_S_MISSED; MISSED counts start events the pairing map
 *	(at most KDBG_LAYER_PAIRS_MAX pending starts) had no room for. The
 *	per-CPU totals of KDBG_CMD_STATS_GET leave layer hits out. An end event
 *	without a start (the object started before the source was added)
 *	is not counted.
 *
 * Sample sources (KDBG_SOURCE_SAMPLE). A sampling profiler: one perf
 * event per online CPU (or on KDBG_A_SOURCE_SAMPLE_CPU alone), created in
 * the kernel, whose overflow handler takes each sample. TARGET names the
 * event: "cycles" (the PMU's CPU cycles; ENOENT where there is no PMU, as
 * in a TCG guest), "cpu-clock" (the software hrtimer event, always there)
 * or "auto" (cycles where the PMU has them, cpu-clock otherwise);
 * SOURCE_GET's KDBG_A_SOURCE_SAMPLE_EVENT says which one runs.
 * KDBG_A_SOURCE_SAMPLE_FREQ (u32, 1..KDBG_SAMPLE_FREQ_MAX Hz, default
 * KDBG_SAMPLE_FREQ_DEFAULT) is the rate per CPU. It must aggregate
 * (EINVAL otherwise); its keys:
 *	STACK	the kernel stack of the interrupted context (none for a
 *		sample taken in user mode: stack id 0)
 *	USTACK	the user stack, by frame pointers from the user registers of
 *		the interrupted task (the sample's own registers in user
 *		mode, the saved ones in the kernel), innermost first, at most
 *		KDBG_STACK_MAX frames, read with a fault-free copy that stops
 *		at the first unreadable frame; none for kernel threads.
 *		User stacks are stored in the same stack table as kernel
 *		ones (their addresses are user addresses, so the two never
 *		share an id) and read with KDBG_CMD_STACK_GET; an entry's
 *		KDBG_A_AGG_E_USTACK_ID names one. Code without frame
 *		pointers (most libraries) ends the walk early or yields
 *		wrong callers, as for perf's --call-graph fp.
 *	TGID, PID, COMM, CPU	of the interrupted task and its CPU.
 * The filters TGID (-p), PID and COMM select the interrupted task; idle
 * CPUs sample the idle task (pid 0, "swapper/N").
 * Accounting: HITS counts samples, FILTERED those the filters rejected,
 * MISSED those the table had no entry for (not counted in any entry).
 * SOURCE_GET also gives, per sampled CPU, a KDBG_A_SOURCE_SAMPLE_CPUS
 * nest (KDBG_A_SAMPLE_CPU_*) with the samples of the selected tasks it
 * took (SAMPLES), those of other tasks (FILTERED) and what it lost: LOST
 * (no free entry: the sample is in no entry), STACK_LOST and USTACK_LOST
 * (counted, but keyed by stack id 0 because the stack table was full).
 * Each sample of SAMPLES is in exactly one entry or in LOST, so once the
 * selected tasks are gone (or the source is quiet), the sum of COUNT over
 * all reads equals the sum over CPUs of SAMPLES - LOST. A sampler never
 * blocks: a CPU whose samples take too long is throttled by the perf
 * core (see perf_event_max_sample_rate), which shows as fewer SAMPLES +
 * FILTERED than FREQ x seconds.
 *	Errors:	 ENOENT "cycles" without a PMU; EINVAL unknown event, no
 *		 aggregation, a USTACK key on another kind, sample attributes
 *		 on another kind, CPU not online; ERANGE FREQ out of range;
 *		 EEXIST a sample source of this event is attached.
 *
 * Accounting (KDBG_A_COUNTER_*), per CPU and per source. Every event a
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
#define KDBG_MAX_SOURCES	4096
#define KDBG_PATTERN_MAX	1024	/* functions one pattern may attach */
#define KDBG_RING_SIZE_MIN	4096
#define KDBG_RING_SIZE_MAX	(64 << 20)
#define KDBG_READ_MAX_BYTES	(60 << 10)
#define KDBG_STACK_MAX		64	/* kernel stack frames per record */
#define KDBG_TP_ARGS_MAX	5	/* raw tracepoint arguments recorded */
#define KDBG_AGG_ENTRIES_DEFAULT 1024	/* entries of an aggregation table */
#define KDBG_AGG_ENTRIES_MAX	(1 << 16)
#define KDBG_AGG_STACKS_DEFAULT	1024	/* entries of a stack table */
#define KDBG_AGG_STACKS_MAX	(1 << 14)
#define KDBG_AGG_LOG2_BUCKETS	65	/* 0, then one per power of two */
#define KDBG_AGG_LINEAR_MAX	256	/* linear buckets, both ends apart */
#define KDBG_RECORDER_LAST_DEFAULT 16	/* records per CPU printed at a crash */
#define KDBG_RECORDER_LAST_MAX	1024
#define KDBG_SAMPLE_FREQ_DEFAULT 99	/* Hz per CPU, as perf's -F 99 */
#define KDBG_SAMPLE_FREQ_MAX	10000

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
	KDBG_CMD_AGG_GET,
	KDBG_CMD_STACK_GET,
	KDBG_CMD_RECORDER_GET,
	KDBG_CMD_RECORDER_SET,
	KDBG_CMD_RECORDER_FREEZE,
	KDBG_CMD_RECORDER_UNFREEZE,
	KDBG_CMD_RECORDER_DUMP,

	__KDBG_CMD_MAX,
	KDBG_CMD_MAX = __KDBG_CMD_MAX - 1
};

enum kdbg_source_type {
	KDBG_SOURCE_UNSPEC,
	KDBG_SOURCE_KPROBE,	/* entry of a kernel function (or +offset) */
	KDBG_SOURCE_KRETPROBE,	/* return: latency and return value */
	KDBG_SOURCE_TRACEPOINT,	/* a static tracepoint, raw arguments */
	KDBG_SOURCE_LAYER,	/* a built-in analysis pairing tracepoints */
	KDBG_SOURCE_SAMPLE,	/* a CPU sampler: perf event per CPU */

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
	KDBG_A_SOURCE_AGG,		/* nest: KDBG_A_AGG_* */
	KDBG_A_SOURCE_PATTERN,		/* string */
	KDBG_A_SOURCE_MAX_MATCHES,	/* u32 */
	KDBG_A_SOURCE_MATCHED,		/* u32 */
	KDBG_A_SOURCE_ATTACHED,		/* u32 */
	KDBG_A_SOURCE_SKIPPED,		/* nest: KDBG_A_SKIP_* */
	KDBG_A_AGG_CLEAR,		/* flag */
	KDBG_A_AGG_ENTRY,		/* nest: KDBG_A_AGG_E_* */
	KDBG_A_AGG_STATS,		/* nest: KDBG_A_AGG_S_* */
	KDBG_A_STACK_ID,		/* u32, >= 1 */
	KDBG_A_RECORDER_ENABLED,	/* u8, 0 or 1 */
	KDBG_A_RECORDER_LAST,		/* u32, records per CPU at a crash */
	KDBG_A_RECORDER_CONSOLE,	/* flag */
	KDBG_A_RECORDER_FROZEN,		/* u8, 0 or 1 */
	KDBG_A_RECORDER_REASON,		/* u32, enum kdbg_recorder_reason */
	KDBG_A_RECORDER_CPU,		/* u32 */
	KDBG_A_RECORDER_TIMESTAMP,	/* u64, ns, local_clock() */
	KDBG_A_RECORDER_REALTIME,	/* u64, ns since the epoch */
	KDBG_A_RECORDER_RING,		/* nest, repeated: KDBG_A_RECORDER_RING_* */
	KDBG_A_SOURCE_SAMPLE_FREQ,	/* u32, Hz per CPU */
	KDBG_A_SOURCE_SAMPLE_CPU,	/* u32, the one CPU sampled */
	KDBG_A_SOURCE_SAMPLE_EVENT,	/* u32, enum kdbg_sample_event */
	KDBG_A_SOURCE_SAMPLE_CPUS,	/* nest, repeated: KDBG_A_SAMPLE_CPU_* */

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
	KDBG_A_EVENT_LATENCY,		/* u64, ns entry to return (CLOCK_MONOTONIC) */
	KDBG_A_EVENT_RETVAL,		/* u64, the function's return value */
	KDBG_A_EVENT_TP_ARGS,		/* binary: u64 raw tracepoint args */

	__KDBG_A_EVENT_MAX,
	KDBG_A_EVENT_MAX = __KDBG_A_EVENT_MAX - 1
};

/* KDBG_A_AGG_KEYS: what an aggregation table is keyed by. */
#define KDBG_AGG_KEY_STACK	(1U << 0)
#define KDBG_AGG_KEY_COMM	(1U << 1)
#define KDBG_AGG_KEY_PID	(1U << 2)
#define KDBG_AGG_KEY_TGID	(1U << 3)
#define KDBG_AGG_KEY_CPU	(1U << 4)
#define KDBG_AGG_KEY_ARG	(1U << 5)	/* tracepoints */
#define KDBG_AGG_KEY_RETVAL	(1U << 6)	/* kretprobes */
#define KDBG_AGG_KEY_USTACK	(1U << 7)	/* sample sources: user stack */
#define KDBG_AGG_KEY_ALL	((1U << 8) - 1)

/*
 * Layer sources' synthetic arguments (see "Layer sources"): indexes for
 * KDBG_A_AGG_KEY_ARG and KDBG_A_AGG_VALUE_ARG.
 */
#define KDBG_LAYER_ARGS			5
#define KDBG_LAYER_PAIRS_MAX		16384	/* pending starts per source */
#define KDBG_LAYER_SYSCALLS_ARG_NR	0
#define KDBG_LAYER_SYSCALLS_ARG_DURATION 1
#define KDBG_LAYER_SYSCALLS_ARG_RET	2
#define KDBG_LAYER_SYSCALLS_ARG_ERRNO	3
#define KDBG_LAYER_SYSCALLS_ARG_KEY	4	/* NR << 32 | ERRNO */
#define KDBG_LAYER_SYSCALL_COMPAT	(1U << 30)	/* in NR: ia32 call */
#define KDBG_LAYER_RUNQLAT_ARG_LATENCY	0
#define KDBG_LAYER_RUNQLAT_ARG_PID	1
#define KDBG_LAYER_RUNQLAT_ARG_TGID	2
#define KDBG_LAYER_RUNQLAT_ARG_PREV_PID	3
#define KDBG_LAYER_BIO_ARG_LATENCY	0
#define KDBG_LAYER_BIO_ARG_DEV		1	/* major << 20 | minor */
#define KDBG_LAYER_BIO_ARG_BYTES	2
#define KDBG_LAYER_BIO_ARG_OP		3
#define KDBG_LAYER_BIO_ARG_ERROR	4
#define KDBG_LAYER_OFFCPU_ARG_TIME	0
#define KDBG_LAYER_OFFCPU_ARG_PID	1
#define KDBG_LAYER_OFFCPU_ARG_TGID	2
#define KDBG_LAYER_OFFCPU_ARG_STATE	3
#define KDBG_LAYER_LOCK_ARG_WAIT	0
#define KDBG_LAYER_LOCK_ARG_LOCK	1
#define KDBG_LAYER_LOCK_ARG_FLAGS	2
#define KDBG_LAYER_LOCK_ARG_KEY		3	/* FLAGS << 48 | LOCK's low 48 bits */
#define KDBG_LAYER_LOCK_ARG_RET		4
#define KDBG_LAYER_DROPS_ARG_REASON	0
#define KDBG_LAYER_DROPS_ARG_LOCATION	1
#define KDBG_LAYER_DROPS_ARG_KEY	2	/* REASON << 48 | LOCATION's low 48 bits */
#define KDBG_LAYER_DROPS_ARG_PROTOCOL	3
#define KDBG_LAYER_DROPS_ARG_LEN	4
#define KDBG_LAYER_TCPRETRANS_ARG_ADDRS	0
#define KDBG_LAYER_TCPRETRANS_ARG_PORTS	1	/* the second key word */
#define KDBG_LAYER_TCPRETRANS_ARG_STATE	2
#define KDBG_LAYER_TCPRETRANS_ARG_FAMILY 3
#define KDBG_LAYER_TCPRETRANS_ARG_LEN	4

/* KDBG_A_AGG_VALUE: the value behind SUM, MIN, MAX and the histogram. */
enum kdbg_agg_value {
	KDBG_AGG_VALUE_NONE,		/* count only */
	KDBG_AGG_VALUE_LATENCY,		/* kretprobes: ns, CLOCK_MONOTONIC */
	KDBG_AGG_VALUE_RETVAL,		/* kretprobes: the return value */
	KDBG_AGG_VALUE_ARG,		/* tracepoints: raw argument */

	__KDBG_AGG_VALUE_MAX,
	KDBG_AGG_VALUE_MAX = __KDBG_AGG_VALUE_MAX - 1
};

/* KDBG_A_AGG_HIST */
enum kdbg_agg_hist {
	KDBG_AGG_HIST_NONE,
	KDBG_AGG_HIST_LOG2,
	KDBG_AGG_HIST_LINEAR,

	__KDBG_AGG_HIST_MAX,
	KDBG_AGG_HIST_MAX = __KDBG_AGG_HIST_MAX - 1
};

/* Inside KDBG_A_SOURCE_AGG. */
enum kdbg_agg_attr {
	KDBG_A_AGG_UNSPEC,
	KDBG_A_AGG_PAD,
	KDBG_A_AGG_KEYS,		/* u32, KDBG_AGG_KEY_* */
	KDBG_A_AGG_KEY_ARG,		/* u32, < KDBG_TP_ARGS_MAX */
	KDBG_A_AGG_VALUE,		/* u32, enum kdbg_agg_value */
	KDBG_A_AGG_VALUE_ARG,		/* u32, < KDBG_TP_ARGS_MAX */
	KDBG_A_AGG_HIST,		/* u32, enum kdbg_agg_hist */
	KDBG_A_AGG_HIST_MIN,		/* u64 */
	KDBG_A_AGG_HIST_MAX,		/* u64 */
	KDBG_A_AGG_HIST_STEP,		/* u64 */
	KDBG_A_AGG_ENTRIES,		/* u32, 1..KDBG_AGG_ENTRIES_MAX */
	KDBG_A_AGG_STACKS,		/* u32, 1..KDBG_AGG_STACKS_MAX */

	__KDBG_A_AGG_MAX,
	KDBG_A_AGG_MAX = __KDBG_A_AGG_MAX - 1
};

/* Inside KDBG_A_AGG_ENTRY: the key fields the table has, then values. */
enum kdbg_agg_entry_attr {
	KDBG_A_AGG_E_UNSPEC,
	KDBG_A_AGG_E_PAD,
	KDBG_A_AGG_E_STACK_ID,		/* u32, 0: the stack was not stored */
	KDBG_A_AGG_E_COMM,		/* string */
	KDBG_A_AGG_E_PID,		/* u32 */
	KDBG_A_AGG_E_TGID,		/* u32 */
	KDBG_A_AGG_E_CPU,		/* u32 */
	KDBG_A_AGG_E_ARG,		/* u64 */
	KDBG_A_AGG_E_RETVAL,		/* u64 */
	KDBG_A_AGG_E_COUNT,		/* u64 */
	KDBG_A_AGG_E_SUM,		/* u64, with a value */
	KDBG_A_AGG_E_VALUE_MIN,		/* u64, with a value */
	KDBG_A_AGG_E_VALUE_MAX,		/* u64, with a value */
	KDBG_A_AGG_E_HIST,		/* binary: u64 per bucket */
	KDBG_A_AGG_E_USTACK_ID,		/* u32, 0: no user stack stored */

	__KDBG_A_AGG_E_MAX,
	KDBG_A_AGG_E_MAX = __KDBG_A_AGG_E_MAX - 1
};

/* Inside KDBG_A_AGG_STATS. */
enum kdbg_agg_stats_attr {
	KDBG_A_AGG_S_UNSPEC,
	KDBG_A_AGG_S_PAD,
	KDBG_A_AGG_S_ENTRIES,		/* u32, entries in use */
	KDBG_A_AGG_S_CAPACITY,		/* u32, entries preallocated */
	KDBG_A_AGG_S_MISSED,		/* u64, hits with no free entry */
	KDBG_A_AGG_S_STACKS,		/* u32, stacks stored */
	KDBG_A_AGG_S_STACK_CAPACITY,	/* u32 */
	KDBG_A_AGG_S_STACK_MISSED,	/* u64, hits whose stack had no room */

	__KDBG_A_AGG_S_MAX,
	KDBG_A_AGG_S_MAX = __KDBG_A_AGG_S_MAX - 1
};

/* Inside KDBG_A_SOURCE_SKIPPED: functions a pattern matched but skipped. */
enum kdbg_skip_attr {
	KDBG_A_SKIP_UNSPEC,
	KDBG_A_SKIP_NOTRACE,		/* u32, not an ftrace site */
	KDBG_A_SKIP_REFUSED,		/* u32, kprobe layer: blacklist etc. */
	KDBG_A_SKIP_OWN,		/* u32, kdbg's own functions */
	KDBG_A_SKIP_EXISTS,		/* u32, already attached */
	KDBG_A_SKIP_OTHER,		/* u32, any other error */

	__KDBG_A_SKIP_MAX,
	KDBG_A_SKIP_MAX = __KDBG_A_SKIP_MAX - 1
};

/* KDBG_A_RECORDER_REASON: what froze the rings. */
enum kdbg_recorder_reason {
	KDBG_RECORDER_REASON_NONE,
	KDBG_RECORDER_REASON_MANUAL,	/* KDBG_CMD_RECORDER_FREEZE */
	KDBG_RECORDER_REASON_OOPS,	/* the die notifier, DIE_OOPS */
	KDBG_RECORDER_REASON_PANIC,	/* the panic notifier */

	__KDBG_RECORDER_REASON_MAX,
	KDBG_RECORDER_REASON_MAX = __KDBG_RECORDER_REASON_MAX - 1
};

/* Inside KDBG_A_RECORDER_RING. */
enum kdbg_recorder_ring_attr {
	KDBG_A_RECORDER_RING_UNSPEC,
	KDBG_A_RECORDER_RING_PAD,
	KDBG_A_RECORDER_RING_CPU,	/* u32 */
	KDBG_A_RECORDER_RING_RECORDS,	/* u32, frozen (or buffered) records */
	KDBG_A_RECORDER_RING_REFUSED,	/* u64, writes refused while frozen */
	KDBG_A_RECORDER_RING_GAPS,	/* u32, spans overwritten after the
					 * freeze by a writer already past
					 * its check, skipped by the walk
					 */
	KDBG_A_RECORDER_RING_TORN,	/* u8, the walk stopped at a record
					 * that failed validation
					 */

	__KDBG_A_RECORDER_RING_MAX,
	KDBG_A_RECORDER_RING_MAX = __KDBG_A_RECORDER_RING_MAX - 1
};

/* KDBG_A_SOURCE_SAMPLE_EVENT: the perf event a sample source runs. */
enum kdbg_sample_event {
	KDBG_SAMPLE_EVENT_UNSPEC,
	KDBG_SAMPLE_EVENT_CYCLES,	/* PERF_COUNT_HW_CPU_CYCLES */
	KDBG_SAMPLE_EVENT_CPU_CLOCK,	/* PERF_COUNT_SW_CPU_CLOCK */

	__KDBG_SAMPLE_EVENT_MAX,
	KDBG_SAMPLE_EVENT_MAX = __KDBG_SAMPLE_EVENT_MAX - 1
};

/* Inside KDBG_A_SOURCE_SAMPLE_CPUS: one sampled CPU. */
enum kdbg_sample_cpu_attr {
	KDBG_A_SAMPLE_CPU_UNSPEC,
	KDBG_A_SAMPLE_CPU_PAD,
	KDBG_A_SAMPLE_CPU_ID,		/* u32 */
	KDBG_A_SAMPLE_CPU_SAMPLES,	/* u64, of the selected tasks */
	KDBG_A_SAMPLE_CPU_FILTERED,	/* u64, of other tasks */
	KDBG_A_SAMPLE_CPU_LOST,		/* u64, no free entry: in none */
	KDBG_A_SAMPLE_CPU_STACK_LOST,	/* u64, kernel stack not stored */
	KDBG_A_SAMPLE_CPU_USTACK_LOST,	/* u64, user stack not stored */

	__KDBG_A_SAMPLE_CPU_MAX,
	KDBG_A_SAMPLE_CPU_MAX = __KDBG_A_SAMPLE_CPU_MAX - 1
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
