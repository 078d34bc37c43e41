// SPDX-License-Identifier: GPL-2.0
/*
 * Interactive SVG flame graphs from a fold table, in the manner of
 * FlameGraph's flamegraph.pl: one box per frame, as wide as its samples,
 * merged from the root up (or from the leaf up with --reverse), optionally
 * upside down (--inverted, an icicle graph).  The embedded script gives a
 * tooltip and a details line per frame, click to zoom, reset zoom, and a
 * regular-expression search that highlights matches and says what share
 * of all samples they cover.  URL parameters ?s=REGEX and ?z=DEPTH,START
 * restore a search and a zoom, so a view can be shared as a link.
 *
 * Colours say what a frame is: reds for user code, orange for the
 * kernel, green for JIT code, aqua for inlined frames, grey for process
 * names, each shade picked from a hash of the function name so that a
 * function keeps its colour from one graph to the next.  A differential
 * table (fold diff) is coloured by change instead: red where AFTER has
 * more samples than BEFORE, blue where it has fewer.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold_writer.h"

#define FG_FRAME_H	16
#define FG_FONT		12
#define FG_CHAR_W	(FG_FONT * 0.59)
#define FG_XPAD		10
#define FG_YPAD1	(FG_FONT * 3)		/* title */
#define FG_YPAD2	(FG_FONT * 2 + 10)	/* details line */
#define FG_NONE		UINT32_MAX

struct fg_node {
	const char *name;
	uint32_t len;
	uint32_t parent;
	uint32_t child;		/* first child */
	uint32_t next;		/* next sibling */
	uint32_t depth;
	unsigned char kind;
	unsigned long long v;		/* samples (AFTER in a diff) */
	unsigned long long before;	/* diff: BEFORE's samples */
	unsigned long long start;	/* offset from the left, in samples */
};

struct fg_tree {
	struct fg_node *n;
	size_t count, cap;
	uint32_t *slots;	/* (parent, name) -> node, open addressing */
	size_t nslots;
	uint32_t maxdepth;
};

static uint64_t fg_slot_hash(uint32_t parent, const char *name, size_t len)
{
	return fold_hash(name, len) ^
	       ((uint64_t)parent * 0x9e3779b97f4a7c15ull);
}

static int fg_grow_slots(struct fg_tree *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 4096, i;
	uint32_t *s = malloc(n * sizeof(*s));

	if (!s)
		return -ENOMEM;
	memset(s, 0xff, n * sizeof(*s));
	for (i = 1; i < t->count; i++) {
		struct fg_node *x = &t->n[i];
		size_t j = fg_slot_hash(x->parent, x->name, x->len) & (n - 1);

		while (s[j] != FG_NONE)
			j = (j + 1) & (n - 1);
		s[j] = i;
	}
	free(t->slots);
	t->slots = s;
	t->nslots = n;
	return 0;
}

/* The child of @parent called @name, created if new; FG_NONE on ENOMEM. */
static uint32_t fg_child(struct fg_tree *t, uint32_t parent, const char *name,
			 size_t len, unsigned char kind)
{
	size_t mask, j;
	struct fg_node *x;

	if ((t->count + 1) * 2 > t->nslots && fg_grow_slots(t))
		return FG_NONE;
	mask = t->nslots - 1;
	for (j = fg_slot_hash(parent, name, len) & mask; t->slots[j] != FG_NONE;
	     j = (j + 1) & mask) {
		x = &t->n[t->slots[j]];
		if (x->parent == parent && x->len == len &&
		    !memcmp(x->name, name, len))
			return t->slots[j];
	}
	if (t->count == t->cap) {
		size_t cap = t->cap * 2;
		void *p = realloc(t->n, cap * sizeof(*t->n));

		if (!p)
			return FG_NONE;
		t->n = p;
		t->cap = cap;
	}
	x = &t->n[t->count];
	memset(x, 0, sizeof(*x));
	x->name = name;
	x->len = len;
	x->parent = parent;
	x->child = FG_NONE;
	x->next = t->n[parent].child;
	x->depth = t->n[parent].depth + 1;
	x->kind = kind;
	t->n[parent].child = t->count;
	if (x->depth > t->maxdepth)
		t->maxdepth = x->depth;
	t->slots[j] = t->count;
	return t->count++;
}

static unsigned char fg_kind(const struct fold_entry *e, size_t i,
			     const char *name, size_t len)
{
	enum fold_kind k = fold_kind_from_name(name, len);

	if (k != FOLD_KIND_UNKNOWN)
		return k;
	if (e->kinds && i < e->nframes)
		return e->kinds[i];
	if (i == 0 && e->root_is_comm)
		return FOLD_KIND_ROOT;
	return FOLD_KIND_UNKNOWN;
}

static int fg_add(struct fg_tree *t, const struct fold_entry *e, bool diff,
		  bool reverse)
{
	const char *s = e->key, *end = s + e->len;
	unsigned long long v = e->count[diff ? 1 : 0];
	unsigned long long b = diff ? e->count[0] : 0;
	uint32_t cur = 0;
	size_t i = 0;

	t->n[0].v = fold_sat_add(t->n[0].v, v);
	t->n[0].before = fold_sat_add(t->n[0].before, b);
	if (!reverse) {
		for (;;) {
			const char *sep = memchr(s, ';', end - s);
			size_t len = (sep ? sep : end) - s;

			cur = fg_child(t, cur, s, len, fg_kind(e, i, s, len));
			if (cur == FG_NONE)
				return -ENOMEM;
			t->n[cur].v = fold_sat_add(t->n[cur].v, v);
			t->n[cur].before = fold_sat_add(t->n[cur].before, b);
			if (!sep)
				return 0;
			s = sep + 1;
			i++;
		}
	}
	/* --reverse: the innermost frame at the bottom */
	i = e->nframes;
	for (;;) {
		const char *sep = memrchr(s, ';', end - s);
		const char *f = sep ? sep + 1 : s;
		size_t len = end - f;

		i = i ? i - 1 : 0;
		cur = fg_child(t, cur, f, len, fg_kind(e, i, f, len));
		if (cur == FG_NONE)
			return -ENOMEM;
		t->n[cur].v = fold_sat_add(t->n[cur].v, v);
		t->n[cur].before = fold_sat_add(t->n[cur].before, b);
		if (!sep)
			return 0;
		end = sep;
	}
}

struct fg_sort {
	uint32_t idx;
	const struct fg_node *n;
};

static int fg_name_cmp(const void *a, const void *b)
{
	const struct fg_node *x = ((const struct fg_sort *)a)->n;
	const struct fg_node *y = ((const struct fg_sort *)b)->n;
	int r = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Give every node its left edge: children sorted by name, left to right. */
static int fg_layout(struct fg_tree *t)
{
	struct fg_sort *v = NULL;
	size_t cap = 0, i, k, m;
	uint32_t c;

	/* parents are created before their children: index order works */
	for (i = 0; i < t->count; i++) {
		unsigned long long s = t->n[i].start;

		for (m = 0, c = t->n[i].child; c != FG_NONE; c = t->n[c].next)
			m++;
		if (m > cap) {
			void *p = realloc(v, m * sizeof(*v));

			if (!p) {
				free(v);
				return -ENOMEM;
			}
			v = p;
			cap = m;
		}
		for (k = 0, c = t->n[i].child; c != FG_NONE; c = t->n[c].next)
			v[k++] = (struct fg_sort){ c, &t->n[c] };
		if (m > 1)
			qsort(v, m, sizeof(*v), fg_name_cmp);
		for (k = 0; k < m; k++) {
			t->n[v[k].idx].start = s;
			s += t->n[v[k].idx].v;
		}
	}
	free(v);
	return 0;
}

/*
 * XML text: escape markup, and keep the document well-formed whatever
 * bytes a symbol holds (control characters and broken UTF-8 become '?').
 */
static void fg_xml(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned char c = *p;
		size_t n = 0, i;

		if (c < 0x80) {
			switch (c) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs("&quot;", out); break;
			case '\'': fputs("&apos;", out); break;
			default:
				putc(c < 0x20 || c == 0x7f ? '?' : c, out);
			}
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		for (i = 1; n && i <= n; i++)
			if (p + i >= end || (p[i] & 0xc0) != 0x80)
				n = 0;
		/* overlong, surrogate and out-of-range forms */
		if (n == 2 && ((c == 0xe0 && p[1] < 0xa0) ||
			       (c == 0xed && p[1] >= 0xa0)))
			n = 0;
		if (n == 3 && ((c == 0xf0 && p[1] < 0x90) ||
			       (c == 0xf4 && p[1] >= 0x90)))
			n = 0;
		if (!n) {
			putc('?', out);
			p++;
			continue;
		}
		fwrite(p, 1, n + 1, out);
		p += n + 1;
	}
}

/* Three stable numbers in [0, 1) from a name, ignoring its annotation. */
static void fg_name_hash(const char *s, size_t len, double v[3])
{
	uint64_t h;

	if (fold_kind_from_name(s, len) != FOLD_KIND_UNKNOWN)
		len -= 4;
	h = fold_hash(s, len);
	v[0] = (h & 0xffff) / 65536.0;
	v[1] = ((h >> 16) & 0xffff) / 65536.0;
	v[2] = ((h >> 32) & 0xffff) / 65536.0;
}

/* AFTER - BEFORE, as a double: counts may be near 2^64 */
static double fg_delta(const struct fg_node *x)
{
	return (double)x->v - (double)x->before;
}

static void fg_color(const struct fg_node *x, bool diff, double maxdelta,
		     int rgb[3])
{
	double v[3];

	if (diff) {
		double d = fg_delta(x);
		double f = maxdelta > 0 ? 1.0 - fabs(d) / maxdelta : 1.0;
		int c = (int)(210 * (f < 0 ? 0 : f));

		/* unchanged frames are near white, big changes saturated */
		rgb[0] = d > 0 ? 255 : d < 0 ? c : 250;
		rgb[1] = d ? c : 250;
		rgb[2] = d < 0 ? 255 : d > 0 ? c : 250;
		return;
	}
	fg_name_hash(x->name, x->len, v);
	switch (x->kind) {
	case FOLD_KIND_KERNEL:		/* orange */
		rgb[0] = 225 + 30 * v[0];
		rgb[1] = 120 + 70 * v[1];
		rgb[2] = 20 + 40 * v[2];
		break;
	case FOLD_KIND_JIT:		/* green */
		rgb[0] = 60 + 60 * v[0];
		rgb[1] = 180 + 50 * v[1];
		rgb[2] = 60 + 50 * v[2];
		break;
	case FOLD_KIND_INLINE:		/* aqua */
		rgb[0] = 70 + 50 * v[0];
		rgb[1] = 190 + 40 * v[1];
		rgb[2] = 200 + 40 * v[2];
		break;
	case FOLD_KIND_ROOT:		/* grey */
		rgb[0] = rgb[1] = rgb[2] = 175 + 30 * v[0];
		rgb[2] += 15;
		break;
	default:			/* user code, or unknown: reds */
		rgb[0] = 205 + 50 * v[0];
		rgb[1] = 40 + 80 * v[1];
		rgb[2] = 30 + 50 * v[2];
		break;
	}
}

static const char fg_style[] =
"<style type=\"text/css\">\n"
"\ttext { font-family: Verdana, sans-serif; font-size: 12px; fill: rgb(0,0,0); }\n"
"\t#title { text-anchor: middle; font-size: 17px; }\n"
"\t#subtitle { text-anchor: middle; fill: rgb(110,110,110); }\n"
"\t#search, #unzoom { cursor: pointer; }\n"
"\t#search:hover, #unzoom:hover { fill: rgb(0,0,200); }\n"
"\t#unzoom.hide { display: none; }\n"
"\t#matched { text-anchor: end; }\n"
"\tg.f:hover { stroke: black; stroke-width: 0.5; cursor: pointer; }\n"
"\tg.f text { pointer-events: none; }\n"
"\tg.parent { opacity: 0.5; }\n"
"\tg.hide { display: none; }\n"
"</style>\n";

/*
 * The viewer.  Frames carry their depth, left edge and width in samples
 * (data-d, data-s, data-v); zoom and search work in samples and only turn
 * them into pixels to draw, so nothing drifts however deep one zooms.
 */
static const char fg_script[] =
"<script type=\"text/ecmascript\"><![CDATA[\n"
"\"use strict\";\n"
"var W, TOTAL, MINW, frames = [], details, matched, searchbtn, unzoombtn;\n"
"var zoomed = null, term = null;\n"
"var XPAD = 10, CHARW = 12 * 0.59;\n"
"function fname(g) {\n"
"\tvar t = g.querySelector('title').textContent;\n"
"\tvar i = t.lastIndexOf(' (');\n"
"\treturn i >= 0 ? t.substring(0, i) : t;\n"
"}\n"
"function fit(g) {\n"
"\tvar r = g._rect, t = g._text, w = +r.getAttribute('width');\n"
"\tvar name = g._name, n = Math.floor((w - 6) / CHARW);\n"
"\tt.setAttribute('x', +r.getAttribute('x') + 3);\n"
"\tif (n < 3) t.textContent = '';\n"
"\telse if (name.length > n) t.textContent = name.substring(0, n - 2) + '..';\n"
"\telse t.textContent = name;\n"
"}\n"
"function place(g, x, w) {\n"
"\tg._rect.setAttribute('x', x.toFixed(2));\n"
"\tg._rect.setAttribute('width', w.toFixed(2));\n"
"\tfit(g);\n"
"}\n"
"function zoom(g) {\n"
"\tif (!g || g._d === 0) return unzoom();\n"
"\tvar s0 = g._s, v0 = g._v, d0 = g._d, k = (W - 2 * XPAD) / v0;\n"
"\tzoomed = g;\n"
"\tframes.forEach(function (f) {\n"
"\t\tvar inside = f._s >= s0 && f._s + f._v <= s0 + v0 && f._d >= d0;\n"
"\t\tvar above = f._d < d0 && f._s <= s0 && f._s + f._v >= s0 + v0;\n"
"\t\tf.classList.toggle('parent', above);\n"
"\t\tif (above) {\n"
"\t\t\tf.classList.remove('hide');\n"
"\t\t\tplace(f, XPAD, W - 2 * XPAD);\n"
"\t\t} else if (inside && f._v * k >= MINW) {\n"
"\t\t\tf.classList.remove('hide');\n"
"\t\t\tplace(f, XPAD + (f._s - s0) * k, f._v * k);\n"
"\t\t} else {\n"
"\t\t\tf.classList.add('hide');\n"
"\t\t}\n"
"\t});\n"
"\tunzoombtn.classList.remove('hide');\n"
"\tif (term !== null) search(term);\n"
"}\n"
"function unzoom() {\n"
"\tzoomed = null;\n"
"\tframes.forEach(function (f) {\n"
"\t\tf.classList.remove('parent');\n"
"\t\tf.classList.remove('hide');\n"
"\t\tplace(f, f._x, f._w);\n"
"\t});\n"
"\tunzoombtn.classList.add('hide');\n"
"\tif (term !== null) search(term);\n"
"}\n"
"function search(t) {\n"
"\tvar re, spans = [], sum = 0, end = -1;\n"
"\ttry { re = new RegExp(t); }\n"
"\tcatch (e) { re = new RegExp(t.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')); }\n"
"\tterm = t;\n"
"\tframes.forEach(function (f) {\n"
"\t\tif (re.test(f._name)) {\n"
"\t\t\tf._rect.setAttribute('fill', 'rgb(230,0,230)');\n"
"\t\t\tspans.push([f._s, f._s + f._v]);\n"
"\t\t} else {\n"
"\t\t\tf._rect.setAttribute('fill', f._fill);\n"
"\t\t}\n"
"\t});\n"
"\t/* nested matches cover the same samples: count their union */\n"
"\tspans.sort(function (a, b) { return a[0] - b[0]; });\n"
"\tspans.forEach(function (s) {\n"
"\t\tif (s[1] <= end) return;\n"
"\t\tsum += s[1] - Math.max(s[0], end);\n"
"\t\tend = s[1];\n"
"\t});\n"
"\tvar pct = TOTAL ? 100 * sum / TOTAL : 0;\n"
"\tmatched.textContent = 'Matched: ' + pct.toFixed(1) + '%';\n"
"\tmatched.setAttribute('data-matched', pct.toFixed(4));\n"
"\tsearchbtn.textContent = 'Reset Search';\n"
"\treturn pct;\n"
"}\n"
"function resetsearch() {\n"
"\tterm = null;\n"
"\tframes.forEach(function (f) { f._rect.setAttribute('fill', f._fill); });\n"
"\tmatched.textContent = '';\n"
"\tmatched.removeAttribute('data-matched');\n"
"\tsearchbtn.textContent = 'Search';\n"
"}\n"
"function searchprompt() {\n"
"\tif (term !== null) return resetsearch();\n"
"\tvar t = prompt('Search for (regular expression):', '');\n"
"\tif (t) search(t);\n"
"}\n"
"function frameof(e) {\n"
"\tfor (; e && e.classList; e = e.parentNode)\n"
"\t\tif (e.classList.contains('f')) return e;\n"
"\treturn null;\n"
"}\n"
"function init() {\n"
"\tvar svg = document.getElementById('kdbg-flamegraph');\n"
"\tW = +svg.getAttribute('width');\n"
"\tTOTAL = +svg.getAttribute('data-total');\n"
"\tMINW = +svg.getAttribute('data-minwidth');\n"
"\tdetails = document.getElementById('details');\n"
"\tmatched = document.getElementById('matched');\n"
"\tsearchbtn = document.getElementById('search');\n"
"\tunzoombtn = document.getElementById('unzoom');\n"
"\tframes = Array.prototype.slice.call(svg.querySelectorAll('g.f'));\n"
"\tframes.forEach(function (g) {\n"
"\t\tg._rect = g.querySelector('rect');\n"
"\t\tg._text = g.querySelector('text');\n"
"\t\tg._x = +g._rect.getAttribute('x');\n"
"\t\tg._w = +g._rect.getAttribute('width');\n"
"\t\tg._fill = g._rect.getAttribute('fill');\n"
"\t\tg._d = +g.getAttribute('data-d');\n"
"\t\tg._s = +g.getAttribute('data-s');\n"
"\t\tg._v = +g.getAttribute('data-v');\n"
"\t\tg._name = fname(g);\n"
"\t});\n"
"\tsvg.addEventListener('click', function (e) {\n"
"\t\tvar g = frameof(e.target);\n"
"\t\tif (g) zoom(g);\n"
"\t});\n"
"\tsvg.addEventListener('mouseover', function (e) {\n"
"\t\tvar g = frameof(e.target);\n"
"\t\tif (g) details.textContent = g.querySelector('title').textContent;\n"
"\t});\n"
"\tsvg.addEventListener('mouseout', function () { details.textContent = ' '; });\n"
"\tunzoombtn.addEventListener('click', unzoom);\n"
"\tsearchbtn.addEventListener('click', searchprompt);\n"
"\twindow.addEventListener('keydown', function (e) {\n"
"\t\tif (e.keyCode === 114 || ((e.ctrlKey || e.metaKey) && e.keyCode === 70)) {\n"
"\t\t\te.preventDefault();\n"
"\t\t\tsearchprompt();\n"
"\t\t} else if (e.keyCode === 27) {\n"
"\t\t\tunzoom();\n"
"\t\t}\n"
"\t});\n"
"\tvar q = new URLSearchParams(document.location.search);\n"
"\tif (q.get('z')) {\n"
"\t\tvar z = q.get('z').split(',');\n"
"\t\tzoom(frames.filter(function (f) {\n"
"\t\t\treturn f._d === +z[0] && f._s === +z[1];\n"
"\t\t})[0]);\n"
"\t}\n"
"\tif (q.get('s')) search(q.get('s'));\n"
"\tsvg.setAttribute('data-ready', frames.length);\n"
"}\n"
"window.kdbgFlame = { zoom: zoom, unzoom: unzoom, search: search,\n"
"\tresetsearch: resetsearch, frames: function () { return frames; } };\n"
"init();\n"
"]]></script>\n";

static void fg_text_fit(FILE *out, const char *s, size_t len, double w)
{
	long n;

	if (w > 1e6)
		w = 1e6;
	n = (long)((w - 6) / FG_CHAR_W);
	if (n < 3)
		return;
	if ((size_t)n >= len) {
		fg_xml(out, s, len);
		return;
	}
	/* don't cut a UTF-8 sequence in half */
	len = n - 2;
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	fg_xml(out, s, len);
	fputs("..", out);
}

static int fg_write(struct fg_tree *t, FILE *out,
		    const struct fold_output_opts *o, bool diff)
{
	unsigned int width = o->width ? o->width : 1200;
	unsigned long long total = t->n[0].v;
	double maxdelta = 0;
	double k = total ? (width - 2.0 * FG_XPAD) / total : 0;
	unsigned int height = (t->maxdepth + 1) * FG_FRAME_H + FG_YPAD1 +
			      FG_YPAD2 + (o->subtitle ? FG_FONT * 2 : 0);
	double top = FG_YPAD1 + (o->subtitle ? FG_FONT * 2 : 0);
	const char *unit = o->count_name ? o->count_name : "samples";
	const char *title = o->title;
	size_t i;

	if (!title)
		title = diff ? "Differential Flame Graph" :
			o->inverted ? "Icicle Graph" : "Flame Graph";
	if (diff) {
		for (i = 0; i < t->count; i++) {
			double d = fabs(fg_delta(&t->n[i]));

			if (d > maxdelta && t->n[i].v * k >= o->minwidth)
				maxdelta = d;
		}
	}

	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
		"\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
		"<svg version=\"1.1\" id=\"kdbg-flamegraph\" width=\"%u\" "
		"height=\"%u\" viewBox=\"0 0 %u %u\" "
		"xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		"data-total=\"%llu\" data-minwidth=\"%g\">\n",
		width, height, width, height, total, o->minwidth);
	fputs("<!-- made by kdbgctl fold; see kdbgctl fold help -->\n", out);
	fputs(fg_style, out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" "
		"fill=\"rgb(250,250,238)\"/>\n");
	fprintf(out, "<text id=\"title\" x=\"%u\" y=\"24\">", width / 2);
	fg_xml(out, title, strlen(title));
	fputs("</text>\n", out);
	if (o->subtitle) {
		fprintf(out, "<text id=\"subtitle\" x=\"%u\" y=\"48\">",
			width / 2);
		fg_xml(out, o->subtitle, strlen(o->subtitle));
		fputs("</text>\n", out);
	}
	fprintf(out, "<text id=\"unzoom\" class=\"hide\" x=\"%d\" y=\"24\">"
		"Reset Zoom</text>\n", FG_XPAD);
	fprintf(out, "<text id=\"search\" x=\"%u\" y=\"24\" "
		"style=\"text-anchor: end\">Search</text>\n",
		width - FG_XPAD);
	fprintf(out, "<text id=\"details\" x=\"%d\" y=\"%u\"> </text>\n",
		FG_XPAD, height - FG_YPAD2 / 2 + 3);
	fprintf(out, "<text id=\"matched\" x=\"%u\" y=\"%u\"></text>\n",
		width - FG_XPAD, height - FG_YPAD2 / 2 + 3);
	fputs("<g id=\"frames\">\n", out);

	for (i = 0; i < t->count; i++) {
		const struct fg_node *x = &t->n[i];
		double w = x->v * k, fx = FG_XPAD + x->start * k, y;
		double pct = total ? 100.0 * x->v / total : 0;
		int rgb[3];

		if (!x->v || w < o->minwidth)
			continue;
		y = o->inverted ? top + x->depth * FG_FRAME_H :
			height - FG_YPAD2 - (x->depth + 1) * FG_FRAME_H;
		fg_color(x, diff, maxdelta, rgb);
		fprintf(out, "<g class=\"f\" data-d=\"%u\" data-s=\"%llu\" "
			"data-v=\"%llu\"><title>", x->depth, x->start, x->v);
		if (i)
			fg_xml(out, x->name, x->len);
		else
			fputs("all", out);
		fprintf(out, " (%llu %s, %.2f%%", x->v, unit, pct);
		if (diff) {
			double d = fg_delta(x);
			double dp = total ? 100.0 * d / total : 0;

			fprintf(out, "; %+.0f, %+.2f%%", d, dp);
		}
		fprintf(out, ")</title><rect x=\"%.2f\" y=\"%.1f\" "
			"width=\"%.2f\" height=\"%d\" fill=\"rgb(%d,%d,%d)\" "
			"rx=\"2\" ry=\"2\"/><text x=\"%.2f\" y=\"%.1f\">",
			fx, y, w, FG_FRAME_H - 1, rgb[0], rgb[1], rgb[2],
			fx + 3, y + 10.5);
		if (i)
			fg_text_fit(out, x->name, x->len, w);
		else
			fg_text_fit(out, "all", 3, w);
		fputs("</text></g>\n", out);
	}
	fputs("</g>\n", out);
	fputs(fg_script, out);
	fputs("</svg>\n", out);
	return 0;
}

static int fold_write_svg(struct fold_table *tab, FILE *out,
			  const struct fold_output_opts *o)
{
	struct fg_tree t = { 0 };
	size_t i;
	int err = -ENOMEM;

	t.cap = 1024;
	t.n = calloc(t.cap, sizeof(*t.n));
	if (!t.n)
		return -ENOMEM;
	t.count = 1;
	t.n[0].name = "all";
	t.n[0].len = 3;
	t.n[0].child = FG_NONE;
	t.n[0].next = FG_NONE;
	t.n[0].parent = FG_NONE;
	t.n[0].kind = FOLD_KIND_ROOT;
	if (fg_grow_slots(&t))
		goto out;
	for (i = 0; i < tab->nentries; i++)
		if (fg_add(&t, &tab->entries[i], tab->is_diff, o->reverse))
			goto out;
	err = fg_layout(&t);
	if (!err)
		err = fg_write(&t, out, o, tab->is_diff);
out:
	free(t.n);
	free(t.slots);
	return err;
}

/* A diff table is coloured by change instead of by kind. */
const struct fold_writer fold_writer_svg = {
	.fmt = FOLD_FMT_SVG,
	.name = "svg",
	.diff = true,
	.write = fold_write_svg,
};
