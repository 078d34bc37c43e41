/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The printers of aggregated data, in BCC's layouts so its users read
 * kdbg's output (and their scripts parse it) unchanged: print_log2_hist,
 * print_linear_hist and funccount's FUNC/COUNT table. They print through
 * the output layer: text as BCC does, JSON as the same rows.
 */
#ifndef KDBGCTL_HIST_H
#define KDBGCTL_HIST_H

#include <stdbool.h>
#include <stdint.h>

/*
 * BCC's print_log2_hist() of kdbg log2 buckets @b[0..@n) (bucket 0 holds
 * 0, bucket i [2^(i-1), 2^i - 1]). BCC's first row, "0 -> 1", holds both
 * 0 and 1, so kdbg's buckets 0 and 1 print as that one row. Rows after
 * the last non-empty one are trimmed; with @strip_leading_zero, empty rows
 * before the first non-empty one too (BCC's strip_leading_zero). JSON:
 * an array @key of {"low", "high", "count"} holding the same rows.
 */
void kdbg_print_log2_hist(const char *key, const uint64_t *b, uint32_t n,
			  const char *unit, bool strip_leading_zero);

/*
 * BCC's print_linear_hist() of kdbg linear buckets @b[0..@n) for MIN,
 * MAX, STEP: a row per bucket labelled with its lowest value, the
 * values below MIN as "<MIN" and those from MAX on as ">=MAX" (both only
 * when non-empty). Trimming and JSON as for the log2 printer.
 */
void kdbg_print_linear_hist(const char *key, const uint64_t *b, uint32_t n,
			    uint64_t min, uint64_t max, uint64_t step,
			    const char *unit, bool strip_leading_zero);

/*
 * Move the ns log2 buckets @ns[0..@n) to the log2 buckets of ns / @div
 * (@out, KDBG_AGG_LOG2_BUCKETS entries): each ns bucket goes where its
 * lowest value falls. Exact except for the ns buckets that straddle a
 * boundary of the coarser unit (2^k * @div is never a power of two for
 * @div 1000 or 1000000): their samples all land in the lower bucket.
 */
void kdbg_log2_rebucket(const uint64_t *ns, uint32_t n, uint64_t div,
			uint64_t *out);

/* One row of funccount's table. */
struct kdbg_count_row {
	const char *name;
	uint64_t count;
};

/*
 * funccount's table: "FUNC" and "COUNT" as BCC prints them ("%-36s %8s"),
 * rows with a zero count left out, sorted by ascending count (then by
 * name, so equal counts print in a stable order). Sorts @rows in place.
 * JSON: an array @key of {"func", "count"}.
 */
void kdbg_print_counts(const char *key, struct kdbg_count_row *rows,
		       size_t n);

#endif /* KDBGCTL_HIST_H */
