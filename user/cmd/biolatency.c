// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl biolatency`: BCC's biolatency on the module's "biolatency"
 * analyses: block request latency, from issue (-Q: from insertion in the
 * I/O scheduler's queue) to completion, as a log2 histogram built in the
 * kernel, in microseconds (-m: milliseconds). -D prints one histogram per
 * disk ("disk = NAME", BCC's layout), the kernel keying by the disk's
 * dev_t; names come from sysfs (/sys/dev/block/MAJOR:MINOR/uevent).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdbgctl.h"
#include "layer.h"
#include "output.h"

static int biolatency_help(void)
{
	printf("Usage: kdbgctl biolatency [-d SEC] [-i SEC] [-T] [-u|-m] [-D] [-Q]\n"
	       "       kdbgctl biolatency help\n");
	return KDBG_EXIT_OK;
}

const char *biolatency_disk_name(const char *sysfs, uint64_t dev, char *buf,
				 size_t len)
{
	unsigned int major = dev >> 20, minor = dev & 0xfffff;
	char path[256], line[256];
	FILE *f;

	snprintf(buf, len, "%u:%u", major, minor);
	snprintf(path, sizeof(path), "%s/%u:%u/uevent", sysfs, major, minor);
	f = fopen(path, "r");
	if (!f)
		return buf;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "DEVNAME=", 8))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line + 8);
		break;
	}
	fclose(f);
	return buf;
}

static int dev_cmp(const void *a, const void *b)
{
	const struct kdbg_agg_row *x = a, *y = b;

	return x->arg < y->arg ? -1 : x->arg > y->arg;
}

static void disk_key(const struct kdbg_agg_row *r, void *arg)
{
	const struct biolatency_opts *o = arg;
	char name[64];

	out_str("disk", "\ndisk = %s\n",
		biolatency_disk_name(o->sysfs, r->arg, name, sizeof(name)));
	out_u64("major", NULL, r->arg >> 20);
	out_u64("minor", NULL, r->arg & 0xfffff);
}

int biolatency_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg)
{
	struct biolatency_opts *o = arg;

	layer_warn_missed(t, &o->missed);
	if (t->reads)
		out_text("\n");
	out_open_object(NULL);
	trace_print_time(t);
	out_str("unit", NULL, o->unit.label);
	if (o->per_disk)
		layer_print_rows_hist(d, "disks", dev_cmp, disk_key, o,
				      &o->unit);
	else
		layer_print_agg_hist(d, NULL, &o->unit);
	out_close_object();
	return 0;
}

static int biolatency_opt(struct trace *t, int argc, char **argv, int *i,
			  void *arg)
{
	struct biolatency_opts *o = arg;

	if (!strcmp(argv[*i], "-D")) {
		o->per_disk = true;
		return 1;
	}
	if (!strcmp(argv[*i], "-Q")) {
		t->req.target = "biolatency-queued";
		return 1;
	}
	return trace_unit_opt(t, argc, argv, i, &o->unit);
}

int cmd_biolatency(int argc, char **argv)
{
	struct biolatency_opts o = {
		.unit = { "usecs", 1000 }, .sysfs = "/sys/dev/block",
	};
	struct trace t = {
		.cmd = "biolatency",
		.banner = "Tracing block device I/O... Hit Ctrl-C to end.",
		.req = { .type = KDBG_SOURCE_LAYER, .target = "biolatency" },
		.spec = { .value = KDBG_AGG_VALUE_ARG,
			  .value_arg = KDBG_LAYER_BIO_ARG_LATENCY,
			  .hist = KDBG_AGG_HIST_LOG2 },
	};

	if (trace_is_help(argc, argv))
		return biolatency_help();
	if (trace_parse_opts(&t, argc, argv, biolatency_opt, &o, NULL))
		return KDBG_EXIT_USAGE;
	if (t.opts.tgid) {
		kdbg_err("biolatency: -p does not apply: requests complete in interrupt context");
		return KDBG_EXIT_USAGE;
	}
	if (o.per_disk) {
		t.spec.keys = KDBG_AGG_KEY_ARG;
		t.spec.key_arg = KDBG_LAYER_BIO_ARG_DEV;
	}
	return trace_run(&t, biolatency_print, &o);
}
