// SPDX-License-Identifier: GPL-2.0
/*
 * BCC's histogram and count printers (see hist.h), transcribed from
 * bcc/table.py: _print_log2_hist(), _print_linear_hist() and _stars(),
 * and funccount.py's table, so the text is byte for byte BCC's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kdbg.h>

#include "hist.h"
#include "output.h"

#define STARS_MAX	40	/* bcc/table.py: stars_max */

/*
 * _stars(): floor(width * val / val_max) stars, at most @width, padded
 * with spaces to @width ("%-*s"). Exact in 128 bits, where Python's true
 * division could round up only for counts above 2^53.
 */
static void stars(char *buf, uint64_t val, uint64_t val_max, int width)
{
	unsigned __int128 n = (unsigned __int128)width * val / val_max;
	int i;

	if (n > (unsigned int)width)
		n = width;
	for (i = 0; i < width; i++)
		buf[i] = i < (int)n ? '*' : ' ';
	buf[width] = '\0';
}

static void json_row(uint64_t low, uint64_t high, uint64_t count)
{
	out_open_object(NULL);
	out_u64("low", NULL, low);
	out_u64("high", NULL, high);
	out_u64("count", NULL, count);
	out_close_object();
}

void kdbg_print_log2_hist(const char *key, const uint64_t *b, uint32_t n,
			  const char *unit, bool strip_leading_zero)
{
	uint64_t vals[KDBG_AGG_LOG2_BUCKETS] = { 0 };
	uint64_t val_max = 0;
	char bar[STARS_MAX + 1];
	int i, idx_max = -1, width = STARS_MAX;
	bool wide;

	for (i = 0; i < (int)n && i < KDBG_AGG_LOG2_BUCKETS; i++)
		vals[i ? i : 1] += b[i];	/* BCC's "0 -> 1" row */
	for (i = 0; i < KDBG_AGG_LOG2_BUCKETS; i++) {
		if (vals[i])
			idx_max = i;
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	wide = idx_max > 32;
	if (wide)
		width = STARS_MAX / 2;
	if (idx_max > 0)
		out_text(wide ? "               %-29s : count     distribution\n" :
			 "     %-19s : count     distribution\n", unit);
	out_open_array(key);
	for (i = 1; i <= idx_max; i++) {
		uint64_t low = i < 64 ? (1ULL << i) >> 1 : 1ULL << 63;
		uint64_t high = i < 64 ? (1ULL << i) - 1 : UINT64_MAX;

		if (low == high)
			low--;
		if (strip_leading_zero) {
			if (!vals[i])
				continue;
			strip_leading_zero = false;
		}
		stars(bar, vals[i], val_max, width);
		out_text(wide ? "%20" PRIu64 " -> %-20" PRIu64 " : %-8" PRIu64 " |%s|\n" :
			 "%10" PRIu64 " -> %-10" PRIu64 " : %-8" PRIu64 " |%s|\n",
			 low, high, vals[i], bar);
		json_row(low, high, vals[i]);
	}
	out_close_array();
}

void kdbg_print_linear_hist(const char *key, const uint64_t *b, uint32_t n,
			    uint64_t min, uint64_t max, uint64_t step,
			    const char *unit, bool strip_leading_zero)
{
	uint64_t val_max = 0;
	char bar[STARS_MAX + 1], label[32];
	int i, idx_max = -1;

	for (i = 0; i < (int)n; i++) {
		if (b[i])
			idx_max = i;
		if (b[i] > val_max)
			val_max = b[i];
	}
	if (idx_max >= 0)
		out_text("     %-13s : count     distribution\n", unit);
	out_open_array(key);
	for (i = 0; i <= idx_max; i++) {
		uint64_t low = min + (uint64_t)(i - 1) * step;
		uint64_t high = low + step - 1;
		bool last = i == (int)n - 1;

		if (!i) {
			/* below MIN: a row only when something fell there */
			if (!b[i])
				continue;
			low = 0;
			high = min - 1;
			snprintf(label, sizeof(label), "<%" PRIu64, min);
		} else if (last) {
			low = max;
			high = UINT64_MAX;
			snprintf(label, sizeof(label), ">=%" PRIu64, max);
		} else {
			if (high >= max)
				high = max - 1;	/* a last step cut by MAX */
			snprintf(label, sizeof(label), "%" PRIu64, low);
		}
		if (strip_leading_zero) {
			if (!b[i])
				continue;
			strip_leading_zero = false;
		}
		stars(bar, b[i], val_max, STARS_MAX);
		out_text("        %-10s : %-8" PRIu64 " |%s|\n", label, b[i], bar);
		json_row(low, high, b[i]);
	}
	out_close_array();
}

/* kdbg's (and BCC's bpf_log2l()'s) slot of @v: 0 for 0, else fls64(v). */
static unsigned int log2_slot(uint64_t v)
{
	return v ? 64 - __builtin_clzll(v) : 0;
}

void kdbg_log2_rebucket(const uint64_t *ns, uint32_t n, uint64_t div,
			uint64_t *out)
{
	uint32_t i;

	memset(out, 0, KDBG_AGG_LOG2_BUCKETS * sizeof(*out));
	for (i = 0; i < n && i < KDBG_AGG_LOG2_BUCKETS; i++) {
		uint64_t low = i ? 1ULL << (i - 1) : 0;

		out[log2_slot(low / div)] += ns[i];
	}
}

static int count_cmp(const void *a, const void *b)
{
	const struct kdbg_count_row *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

void kdbg_print_counts(const char *key, struct kdbg_count_row *rows,
		       size_t n)
{
	size_t i;

	if (n)
		qsort(rows, n, sizeof(*rows), count_cmp);
	out_text("%-36s %8s\n", "FUNC", "COUNT");
	out_open_array(key);
	for (i = 0; i < n; i++) {
		if (!rows[i].count)
			continue;
		out_open_object(NULL);
		out_str("func", "%-36s", rows[i].name);
		out_u64("count", " %8" PRIu64 "\n", rows[i].count);
		out_close_object();
	}
	out_close_array();
}
