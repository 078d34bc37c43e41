// SPDX-License-Identifier: GPL-2.0
/*
 * Folded output: one "root;outer;inner COUNT" line per distinct stack,
 * sorted bytewise as stackcollapse-perf.pl's users expect ("stack BEFORE
 * AFTER" for a diff table, as difffolded.pl prints), or with -j a JSON
 * array of {"stack":[...],"count":N} objects.  Both are text, and both
 * can be printed again and again to one stream (`kdbgctl stream
 * --interval` does).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fold_writer.h"

void fold_json_str(FILE *out, const char *s, size_t len)
{
	size_t i;

	putc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			putc('\\', out);
			putc(c, out);
		} else if (c < 0x20) {
			fprintf(out, "\\u%04x", c);
		} else {
			putc(c, out);
		}
	}
	putc('"', out);
}

/* Digits of @v into the end of @buf; returns the first digit. */
static char *fold_utoa(unsigned long long v, char *end)
{
	do {
		*--end = '0' + v % 10;
		v /= 10;
	} while (v);
	return end;
}

static void fold_write_json_entry(FILE *out, const struct fold_entry *e,
				  bool diff)
{
	const char *s = e->key, *end = s + e->len, *sep;

	fputs("{\"stack\":[", out);
	for (;;) {
		sep = memchr(s, ';', end - s);
		fold_json_str(out, s, (sep ? sep : end) - s);
		if (!sep)
			break;
		putc(',', out);
		s = sep + 1;
	}
	if (diff)
		fprintf(out, "],\"before\":%llu,\"after\":%llu}", e->count[0],
			e->count[1]);
	else
		fprintf(out, "],\"count\":%llu}", e->count[0]);
}

static int fold_write_folded(struct fold_table *t, FILE *out,
			     const struct fold_output_opts *o)
{
	struct fold_entry **v = fold_table_sorted(t);
	char num[48];
	size_t i;

	if (!v)
		return -ENOMEM;
	if (o->json)
		fputs("[", out);
	for (i = 0; i < t->nentries; i++) {
		const struct fold_entry *e = v[i];
		char *p;

		if (o->json) {
			fputs(i ? ",\n" : "\n", out);
			fold_write_json_entry(out, e, t->is_diff);
			continue;
		}
		fwrite(e->key, 1, e->len, out);
		num[sizeof(num) - 1] = '\n';
		p = fold_utoa(e->count[t->is_diff], num + sizeof(num) - 1);
		if (t->is_diff) {
			*--p = ' ';
			p = fold_utoa(e->count[0], p);
		}
		*--p = ' ';
		fwrite(p, 1, num + sizeof(num) - p, out);
	}
	if (o->json)
		fputs(t->nentries ? "\n]\n" : "]\n", out);
	free(v);
	return 0;
}

const struct fold_writer fold_writer_folded = {
	.fmt = FOLD_FMT_FOLDED,
	.name = "folded",
	.diff = true,
	.write = fold_write_folded,
};
