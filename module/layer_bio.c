// SPDX-License-Identifier: GPL-2.0
/*
 * The "biolatency" analyses: a block request's latency, as BCC's
 * biolatency measures it, keyed by the request's address. "biolatency"
 * starts at block_rq_issue (sent to the device); "biolatency-queued" (-Q)
 * at block_rq_insert (queued in the I/O scheduler), or at issue for a
 * queue without a scheduler, which inserts nothing. Both end at
 * block_rq_complete, with the disk, the bytes, the operation and the
 * status. Requests complete in interrupt context: there is no task to
 * filter or key by.
 *
 * A request's insert, issue and completion follow one another, and a
 * request is reused only once completed or freed (pairmap.h).
 */
#include <linux/blkdev.h>
#include <linux/blk-mq.h>

#include "kdbg.h"
#include "layer.h"
#include "pairmap.h"

static void kdbg_layer_bio_start(struct kdbg_layer *l, struct request *rq)
{
	if (kdbg_layer_match(l, current))
		kdbg_pairmap_put(l->map, (unsigned long)rq, kdbg_layer_now());
}

static void kdbg_layer_bio_issue(void *data, struct request *rq)
{
	kdbg_layer_bio_start(data, rq);
}

NOKPROBE_SYMBOL(kdbg_layer_bio_issue);

/* -Q: a queue with an I/O scheduler had the request inserted first. */
static void kdbg_layer_bio_issue_queued(void *data, struct request *rq)
{
	if (!rq->q->elevator)
		kdbg_layer_bio_start(data, rq);
}

NOKPROBE_SYMBOL(kdbg_layer_bio_issue_queued);

static void kdbg_layer_bio_complete(void *data, struct request *rq,
				    blk_status_t error, unsigned int nr_bytes)
{
	struct kdbg_layer *l = data;
	u64 now = kdbg_layer_now(), start;
	u64 args[KDBG_LAYER_ARGS];
	struct gendisk *disk = rq->q->disk;

	if (!kdbg_pairmap_take(l->map, (unsigned long)rq, &start))
		return;
	args[KDBG_LAYER_BIO_ARG_LATENCY] = now > start ? now - start : 0;
	args[KDBG_LAYER_BIO_ARG_DEV] = disk ? disk_devt(disk) : 0;
	args[KDBG_LAYER_BIO_ARG_BYTES] = nr_bytes;
	args[KDBG_LAYER_BIO_ARG_OP] = (__force u32)req_op(rq);
	args[KDBG_LAYER_BIO_ARG_ERROR] = (__force u8)error;
	kdbg_layer_emit(l, current, args);
}

NOKPROBE_SYMBOL(kdbg_layer_bio_complete);

const struct kdbg_layer_analysis kdbg_layer_bio = {
	.name = "biolatency",
	.task = false,
	.pairs = 4096,
	.nr_hooks = 2,
	.hooks = {
		{ "block_rq_issue", kdbg_layer_bio_issue,
		  "the kernel has no block:block_rq_issue tracepoint" },
		{ "block_rq_complete", kdbg_layer_bio_complete,
		  "the kernel has no block:block_rq_complete tracepoint" },
	},
};

const struct kdbg_layer_analysis kdbg_layer_bio_queued = {
	.name = "biolatency-queued",
	.task = false,
	.pairs = 4096,
	.nr_hooks = 3,
	.hooks = {
		{ "block_rq_insert", kdbg_layer_bio_issue,
		  "the kernel has no block:block_rq_insert tracepoint" },
		{ "block_rq_issue", kdbg_layer_bio_issue_queued,
		  "the kernel has no block:block_rq_issue tracepoint" },
		{ "block_rq_complete", kdbg_layer_bio_complete,
		  "the kernel has no block:block_rq_complete tracepoint" },
	},
};
