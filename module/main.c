// SPDX-License-Identifier: GPL-2.0
/*
 * kdbgmod: kprobes, kretprobes and tracepoint hooks writing into per-CPU
 * lockless rings or in-kernel aggregation tables, read over generic
 * netlink and debugfs. This file only brings the parts up in order and
 * takes them down in exactly the reverse.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "kdbg.h"
#include "layer.h"

unsigned int kdbg_param_ring_size = 1 << 20;
module_param_named(ring_size, kdbg_param_ring_size, uint, 0444);
MODULE_PARM_DESC(ring_size,
		 "Bytes per CPU ring, rounded up to a power of two (4K..64M)");

static bool kdbg_param_overwrite;
module_param_named(overwrite, kdbg_param_overwrite, bool, 0444);
MODULE_PARM_DESC(overwrite,
		 "Full rings overwrite their oldest records instead of dropping new ones");

static int __init kdbg_init(void)
{
	int ret;

	ret = kdbg_events_init(kdbg_param_ring_size,
			       kdbg_param_overwrite ? KDBG_RING_MODE_OVERWRITE :
						      KDBG_RING_MODE_DROP);
	if (ret)
		return ret;
	/* The kinds of sources, before the registry that uses them. */
	ret = kdbg_probe_init();
	if (ret)
		goto err_events_exit;
	ret = kdbg_tracepoint_init();
	if (ret)
		goto err_probe_exit;
	ret = kdbg_layer_init();
	if (ret)
		goto err_tracepoint_exit;
	ret = kdbg_sample_init();
	if (ret)
		goto err_layer_exit;
	ret = kdbg_sources_init();
	if (ret)
		goto err_sample_exit;
	ret = kdbg_recorder_init();
	if (ret)
		goto err_sources_exit;
	ret = kdbg_debugfs_init();
	if (ret)
		goto err_recorder_exit;
	ret = kdbg_nl_init();
	if (ret)
		goto err_debugfs_exit;
	return 0;

err_debugfs_exit:
	kdbg_events_shutdown();
	kdbg_debugfs_exit();
err_recorder_exit:
	kdbg_recorder_exit();
err_sources_exit:
	kdbg_sources_exit();
err_sample_exit:
	kdbg_sample_exit();
err_layer_exit:
	kdbg_layer_exit();
err_tracepoint_exit:
	kdbg_tracepoint_exit();
err_probe_exit:
	kdbg_probe_exit();
err_events_exit:
	kdbg_events_exit();
	return ret;
}

static void __exit kdbg_exit(void)
{
	/* Blocked readers return first, so the removals below never wait. */
	kdbg_events_shutdown();
	kdbg_nl_exit();
	kdbg_debugfs_exit();
	kdbg_recorder_exit();
	kdbg_sources_exit();
	kdbg_sample_exit();
	kdbg_layer_exit();
	kdbg_tracepoint_exit();
	kdbg_probe_exit();
	kdbg_events_exit();
}

module_init(kdbg_init);
module_exit(kdbg_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("kdbg developers");
MODULE_DESCRIPTION("kdbg: kernel probes into per-CPU lockless rings, over generic netlink");
