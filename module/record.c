// SPDX-License-Identifier: GPL-2.0
/*
 * The layout of kdbg's binary records (struct kdbg_record in the uapi
 * header): where the stack and the payload sit, and the one-line text
 * rendering that /sys/kernel/debug/kdbg/events prints. Pure functions,
 * shared with the KUnit suite.
 */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include "kdbg.h"

/**
 * kdbg_record_size() - the ring footprint of a record.
 * @nr_stack: stack entries
 * @payload_size: payload bytes
 *
 * Context: any.
 * Return: header + stack + payload, rounded up to 8 bytes.
 */
u32 kdbg_record_size(u16 nr_stack, u32 payload_size)
{
	return ALIGN(sizeof(struct kdbg_record) + nr_stack * sizeof(u64) +
		     payload_size, 8);
}

/**
 * kdbg_record_stack() - the record's return addresses, innermost first.
 * @rec: a complete record
 *
 * Context: any.
 * Return: a pointer to @rec->nr_stack entries.
 */
const u64 *kdbg_record_stack(const struct kdbg_record *rec)
{
	return (const void *)rec + rec->hdr_size;
}

/**
 * kdbg_record_payload() - the record's type-specific payload.
 * @rec: a complete record
 *
 * Context: any.
 * Return: a pointer to kdbg_record_payload_size() bytes.
 */
const void *kdbg_record_payload(const struct kdbg_record *rec)
{
	return kdbg_record_stack(rec) + rec->nr_stack;
}

/**
 * kdbg_record_payload_size() - bytes after the stack, padding included.
 * @rec: a complete record
 *
 * Context: any.
 * Return: the size, 0 if the record is inconsistent.
 */
u32 kdbg_record_payload_size(const struct kdbg_record *rec)
{
	u32 used = rec->hdr_size + rec->nr_stack * sizeof(u64);

	return rec->size > used ? rec->size - used : 0;
}

/**
 * kdbg_record_format() - render a record as text, like ftrace's trace_pipe.
 * @rec: a complete record
 * @buf: output
 * @len: size of @buf
 *
 * One line "comm-pid/tgid [cpu] sec.usec: id=N type details", then one
 * " => symbol" line per stack entry.
 *
 * Context: any but NMI (symbol lookup).
 * Return: the length written, truncated to fit @len (as scnprintf()).
 */
int kdbg_record_format(const struct kdbg_record *rec, char *buf, size_t len)
{
	static const char * const names[] = {
		[KDBG_SOURCE_KPROBE] = "kprobe",
		[KDBG_SOURCE_KRETPROBE] = "kretprobe",
		[KDBG_SOURCE_TRACEPOINT] = "tracepoint",
	};
	const char *type = rec->type <= KDBG_SOURCE_MAX && names[rec->type] ?
			   names[rec->type] : "unknown";
	u64 ts = rec->timestamp;
	u32 usec = do_div(ts, NSEC_PER_SEC) / NSEC_PER_USEC;
	const u64 *stack = kdbg_record_stack(rec);
	const void *payload = kdbg_record_payload(rec);
	u32 psize = kdbg_record_payload_size(rec);
	int n, i;

	n = scnprintf(buf, len, "%16.*s-%-7u/%-7u [%03u] %5llu.%06u: id=%u %s",
		      KDBG_COMM_LEN, rec->comm, rec->pid, rec->tgid, rec->cpu,
		      ts, usec, rec->source_id, type);
	if (rec->type == KDBG_SOURCE_KRETPROBE &&
	    psize >= sizeof(struct kdbg_ret_payload)) {
		const struct kdbg_ret_payload *ret = payload;

		n += scnprintf(buf + n, len - n, " latency=%lluns ret=0x%llx",
			       ret->latency_ns, ret->retval);
	} else if (rec->type == KDBG_SOURCE_TRACEPOINT) {
		const u64 *args = payload;

		for (i = 0; i < rec->nr_args && (i + 1) * 8 <= psize; i++)
			n += scnprintf(buf + n, len - n, " arg%d=0x%llx", i,
				       args[i]);
	}
	n += scnprintf(buf + n, len - n, "\n");
	for (i = 0; i < rec->nr_stack; i++)
		/* Entries after the first are return addresses: %pB. */
		n += scnprintf(buf + n, len - n, i ? " => %pB\n" : " => %pS\n",
			       (void *)(unsigned long)stack[i]);
	return n;
}
