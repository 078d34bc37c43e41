// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the fold parsers, the perf script parser first:
 * the first byte picks the input format and the options, the rest is the
 * input.  Every table that parses is also written as folded text, SVG and
 * pprof, so the writers see what the parsers let through.  Build and run
 * with tests/fuzz/run.sh; crashing inputs go to corpus-regress/, which
 * tests/test_fold_perf.c replays.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Invariant: one folded line per distinct stack, whatever the input. */
static void fold_check_folded(struct fold_table *t,
			      const struct fold_output_opts *o)
{
	char *buf = NULL;
	size_t len = 0, lines = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	if (!o->json) {
		fold_table_write(t, f, FOLD_FMT_FOLDED, o);
		fclose(f);
		for (i = 0; i < len; i++)
			lines += buf[i] == '\n';
		if (lines != fold_table_size(t))
			abort();
	} else {
		fold_table_write(t, f, FOLD_FMT_FOLDED, o);
		fclose(f);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct fold_parse_opts o = { 0 };
	struct fold_output_opts out;
	struct fold_table *t;
	enum fold_input_kind kind;
	uint8_t sel;

	if (!size)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	sel = data[0];
	/* perf gets half the runs: it is the parser with the most cases */
	kind = (sel & 1) ? FOLD_IN_PERF :
			   (enum fold_input_kind)((sel >> 1) & 3);
	o.pid = sel & 0x08;
	o.tid = sel & 0x10;
	o.kernel = o.jit = sel & 0x20;
	o.addrs = sel & 0x40;

	t = fold_table_new();
	if (!t)
		return 0;
	if (!fold_parse_buffer(t, (const char *)data + 1, size - 1, kind, &o,
			       NULL)) {
		fold_output_opts_init(&out);
		out.reverse = sel & 0x80;
		out.inverted = sel & 0x08;
		out.json = sel & 0x10;
		out.minwidth = 0;
		fold_check_folded(t, &out);
		fold_table_write(t, null, FOLD_FMT_SVG, &out);
		fold_table_write(t, null, FOLD_FMT_PPROF, &out);
	}
	fold_table_free(t);
	return 0;
}
