// SPDX-License-Identifier: GPL-2.0
/*
 * Input side of `kdbgctl fold`: reads a stream in large blocks, cuts it
 * into lines and hands each to the parser for its format (perf script,
 * already-folded text, or kdbg's stream JSON), guessing the format from
 * the first lines when not told.  Also holds the folded and JSON line
 * parsers themselves; the perf parser is fold_perf.c.
 *
 * Only one block and the current line are in memory at a time, so input
 * of any size can come from a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "fold_priv.h"

#define FOLD_BLOCK	(1u << 20)
#define FOLD_MAX_FRAMES	4096

static bool in_ws(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * Folded text: "frame;frame;frame COUNT", the count an integer (a
 * fraction such as flamegraph.pl accepts is truncated).
 */
static bool fold_folded_split(const char *l, size_t n, size_t *stack_len,
			      unsigned long long *count)
{
	size_t e = n, d;
	unsigned long long v = 0;

	while (e && in_ws(l[e - 1]))
		e--;
	d = e;
	/* an optional fraction: "12.5" */
	while (d && l[d - 1] >= '0' && l[d - 1] <= '9')
		d--;
	if (d && l[d - 1] == '.' && d < e) {
		e = d - 1;
		d = e;
		while (d && l[d - 1] >= '0' && l[d - 1] <= '9')
			d--;
	}
	if (d == e || d == 0 || !in_ws(l[d - 1]))
		return false;
	for (size_t i = d; i < e; i++) {
		unsigned long long c = l[i] - '0';

		v = v > (~0ull - c) / 10 ? ~0ull : v * 10 + c;
	}
	*count = v;
	/*
	 * Exactly one separator, as flamegraph.pl's /^(.*)\s+?(\d+)$/: a
	 * frame may end in a space ("foo (args)" tidied to "foo ").
	 */
	d--;
	*stack_len = d;
	return d > 0;
}

static size_t fold_count_frames(const char *s, size_t n)
{
	size_t c = 1;
	const char *p = s, *end = s + n;

	while ((p = memchr(p, ';', end - p))) {
		c++;
		p++;
	}
	return c;
}

int fold_folded_line(struct fold_table *t, const char *l, size_t n,
		     int which, struct fold_parse_stats *stats)
{
	unsigned long long count;
	size_t len;

	stats->lines++;
	if (n && l[n - 1] == '\r')
		n--;
	if (!n || l[0] == '#')
		return 0;
	if (!fold_folded_split(l, n, &len, &count)) {
		stats->skipped++;
		return 0;
	}
	stats->samples++;
	return fold_table_add_key(t, l, len, fold_count_frames(l, len), which,
				  count, NULL);
}

/*
 * A small JSON reader, enough for kdbg's stream records: one object per
 * line, of which only "comm", "pid", "tgid", "source" and "stack" matter;
 * any other member, whatever its type, is skipped.
 */
struct fold_json {
	const char *p, *end;
	char *buf;			/* decoded strings, back to back */
	size_t len, cap;
};

static void js_ws(struct fold_json *j)
{
	while (j->p < j->end && in_ws(*j->p))
		j->p++;
}

static int js_putc(struct fold_json *j, char c)
{
	if (j->len == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 1024;
		char *b = realloc(j->buf, cap);

		if (!b)
			return -ENOMEM;
		j->buf = b;
		j->cap = cap;
	}
	j->buf[j->len++] = c;
	return 0;
}

static int js_hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static int js_utf8(struct fold_json *j, unsigned int cp)
{
	int err = 0;

	if (cp < 0x80)
		return js_putc(j, cp);
	if (cp < 0x800) {
		err |= js_putc(j, 0xc0 | cp >> 6);
	} else if (cp < 0x10000) {
		err |= js_putc(j, 0xe0 | cp >> 12);
		err |= js_putc(j, 0x80 | ((cp >> 6) & 0x3f));
	} else {
		err |= js_putc(j, 0xf0 | cp >> 18);
		err |= js_putc(j, 0x80 | ((cp >> 12) & 0x3f));
		err |= js_putc(j, 0x80 | ((cp >> 6) & 0x3f));
	}
	err |= js_putc(j, 0x80 | (cp & 0x3f));
	return err ? -ENOMEM : 0;
}

/*
 * Decode a string into j->buf (NUL-terminated); *off is where it starts.
 * Returns 0, -EINVAL for bad JSON, or -ENOMEM.
 */
static int js_string(struct fold_json *j, size_t *off)
{
	*off = j->len;
	if (j->p >= j->end || *j->p != '"')
		return -EINVAL;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = *j->p++;
		int err, cp;

		if (c != '\\') {
			if (js_putc(j, c))
				return -ENOMEM;
			continue;
		}
		if (j->p >= j->end)
			return -EINVAL;
		c = *j->p++;
		switch (c) {
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'u':
			if (j->end - j->p < 4 || (cp = js_hex4(j->p)) < 0)
				return -EINVAL;
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u') {
				int lo = js_hex4(j->p + 2);

				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
					j->p += 6;
				}
			}
			err = js_utf8(j, cp);
			if (err)
				return err;
			continue;
		default:
			break;		/* '"', '\\', '/' stand for themselves */
		}
		if (js_putc(j, c))
			return -ENOMEM;
	}
	if (j->p >= j->end)
		return -EINVAL;
	j->p++;
	return js_putc(j, '\0') ? -ENOMEM : 0;
}

static int js_skip(struct fold_json *j, int depth)
{
	size_t off;
	int err;

	if (depth > 64)
		return -EINVAL;
	js_ws(j);
	if (j->p >= j->end)
		return -EINVAL;
	if (*j->p == '"') {
		err = js_string(j, &off);
		j->len = off;
		return err;
	}
	if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';

		j->p++;
		js_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		for (;;) {
			if (close == '}') {
				js_ws(j);
				err = js_string(j, &off);
				j->len = off;
				if (err)
					return err;
				js_ws(j);
				if (j->p >= j->end || *j->p++ != ':')
					return -EINVAL;
			}
			err = js_skip(j, depth + 1);
			if (err)
				return err;
			js_ws(j);
			if (j->p >= j->end)
				return -EINVAL;
			if (*j->p == close) {
				j->p++;
				return 0;
			}
			if (*j->p++ != ',')
				return -EINVAL;
		}
	}
	/* number, true, false, null */
	if (!strchr("-0123456789tfn", *j->p))
		return -EINVAL;
	while (j->p < j->end && !strchr(",}] \t\r\n", *j->p))
		j->p++;
	return 0;
}

static int js_number(struct fold_json *j, long long *v)
{
	unsigned long long u = 0;
	bool neg = false;

	js_ws(j);
	if (j->p >= j->end || !strchr("-0123456789", *j->p))
		return js_skip(j, 0);
	if (*j->p == '-') {
		neg = true;
		j->p++;
	}
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		if (u < (1ull << 62))
			u = u * 10 + (*j->p - '0');
		j->p++;
	}
	/* a fraction or exponent is not a pid: keep the integer part */
	while (j->p < j->end && strchr("0123456789.eE+-", *j->p))
		j->p++;
	*v = neg ? -(long long)u : (long long)u;
	return 0;
}

/* JSON strings may hold the folded format's separators: defuse them. */
static char fold_sep_safe(char c)
{
	return c == ';' ? ':' : c == '\n' || c == '\r' ? ' ' : c;
}

/*
 * A kdbg frame: "func+0xOFF", "func+0xOFF [module]" or "0xADDR".  Without
 * --addrs the offset goes, as perf frames lose theirs.
 */
static size_t fold_kdbg_frame(const char *f, char *out, bool addrs,
			      bool kernel)
{
	size_t n = strlen(f), w = 0, i, name_end = n;
	const char *plus = NULL, *mod = NULL;

	if (n > 2 && f[n - 1] == ']') {
		const char *b = memrchr(f, '[', n);

		if (b && b > f && b[-1] == ' ') {
			mod = b;
			name_end = b - 1 - f;
		}
	}
	if (!addrs) {
		for (i = name_end; i-- > 0;)
			if (f[i] == '+')
				break;
		if (i != (size_t)-1 && i > 0 && name_end - i > 3 &&
		    f[i + 1] == '0' && f[i + 2] == 'x')
			plus = f + i;
	}
	if (plus)
		name_end = plus - f;
	for (i = 0; i < name_end; i++)
		out[w++] = fold_sep_safe(f[i]);
	if (addrs && mod) {
		out[w++] = ' ';
		for (i = 0; mod[i]; i++)
			out[w++] = fold_sep_safe(mod[i]);
	}
	if (kernel) {
		memcpy(out + w, "_[k]", 4);
		w += 4;
	}
	out[w] = '\0';
	return w;
}

int fold_table_add_kdbg(struct fold_table *t, const char *comm,
			long long tgid, long long pid,
			const char *const *stack, size_t n,
			unsigned long long count,
			const struct fold_parse_opts *o)
{
	static const struct fold_parse_opts none;
	long long proc = tgid >= 0 ? tgid : pid;
	size_t need, i, k = 1;
	unsigned char *kinds;
	char *key, *kp;
	int err;

	if (!n)
		return -EINVAL;
	if (!o)
		o = &none;
	if (!comm)
		comm = "";
	need = strlen(comm) + 48;
	for (i = 0; i < n; i++)
		need += strlen(stack[i]) + 6;
	key = malloc(need);
	kinds = malloc(n + 1);
	if (!key || !kinds) {
		free(key);
		free(kinds);
		return -ENOMEM;
	}
	/* root as stackcollapse-perf makes it: comm[-pid[/tid]], no spaces */
	kp = key;
	for (i = 0; comm[i]; i++)
		*kp++ = comm[i] == ' ' ? '_' : fold_sep_safe(comm[i]);
	if (o->pid || o->tid) {
		if (proc >= 0)
			kp += sprintf(kp, "-%lld", proc);
		else
			kp += sprintf(kp, "-?");
	}
	if (o->tid)
		kp += pid >= 0 ? sprintf(kp, "/%lld", pid) : sprintf(kp, "/?");
	kinds[0] = FOLD_KIND_ROOT;
	/* the stack is innermost first, the folded line outermost first */
	for (i = n; i-- > 0;) {
		*kp++ = ';';
		kp += fold_kdbg_frame(stack[i], kp, o->addrs, o->kernel);
		kinds[k++] = FOLD_KIND_KERNEL;
	}
	{
		struct fold_sample_info info = {
			.comm = comm,
			.pid = proc,
			.tid = pid,
			.kinds = kinds,
			.root_is_comm = true,
		};

		err = fold_table_add_key(t, key, kp - key, k, 0, count, &info);
	}
	free(key);
	free(kinds);
	return err;
}

int fold_kdbg_line(struct fold_table *t, const char *l, size_t n,
		   const struct fold_parse_opts *o,
		   struct fold_parse_stats *stats)
{
	struct fold_json j = { .p = l, .end = l + n };
	size_t comm_off = (size_t)-1, src_off = (size_t)-1;
	size_t frame_off[FOLD_MAX_FRAMES];
	size_t nframes = 0, off, i;
	long long pid = -1, tgid = -1;
	bool have_stack = false;
	int err = 0;

	stats->lines++;
	js_ws(&j);
	if (j.p == j.end)
		return 0;
	if (*j.p != '{')
		goto bad;
	j.p++;
	js_ws(&j);
	if (j.p < j.end && *j.p == '}')
		goto bad;
	for (;;) {
		js_ws(&j);
		err = js_string(&j, &off);
		if (err)
			goto out_err;
		js_ws(&j);
		if (j.p >= j.end || *j.p++ != ':')
			goto bad;
		js_ws(&j);
		if (!strcmp(j.buf + off, "comm") && j.p < j.end && *j.p == '"') {
			j.len = off;
			err = js_string(&j, &comm_off);
		} else if (!strcmp(j.buf + off, "pid")) {
			j.len = off;
			err = js_number(&j, &pid);
		} else if (!strcmp(j.buf + off, "source") && j.p < j.end &&
			   *j.p == '"') {
			j.len = off;
			err = js_string(&j, &src_off);
		} else if (!strcmp(j.buf + off, "tgid")) {
			j.len = off;
			err = js_number(&j, &tgid);
		} else if (!strcmp(j.buf + off, "stack") && j.p < j.end &&
			   *j.p == '[') {
			j.len = off;
			j.p++;
			have_stack = true;
			nframes = 0;
			js_ws(&j);
			if (j.p < j.end && *j.p == ']') {
				j.p++;
			} else {
				for (;;) {
					js_ws(&j);
					err = js_string(&j, &off);
					if (err)
						goto out_err;
					if (nframes < FOLD_MAX_FRAMES)
						frame_off[nframes++] = off;
					js_ws(&j);
					if (j.p < j.end && *j.p == ']') {
						j.p++;
						break;
					}
					if (j.p >= j.end || *j.p++ != ',')
						goto bad;
				}
			}
		} else {
			j.len = off;
			err = js_skip(&j, 0);
		}
		if (err)
			goto out_err;
		js_ws(&j);
		if (j.p < j.end && *j.p == '}')
			break;
		if (j.p >= j.end || *j.p++ != ',')
			goto bad;
	}
	if (!have_stack || !nframes) {
		stats->skipped++;
		goto out;
	}
	/* --event-filter picks one probe or tracepoint of a recording */
	if (o->event_filter && *o->event_filter &&
	    (src_off == (size_t)-1 ||
	     strcmp(j.buf + src_off, o->event_filter))) {
		stats->filtered++;
		goto out;
	}

	{
		const char *frames[FOLD_MAX_FRAMES];

		for (i = 0; i < nframes; i++)
			frames[i] = j.buf + frame_off[i];
		err = fold_table_add_kdbg(t, comm_off != (size_t)-1 ?
					  j.buf + comm_off : NULL, tgid, pid,
					  frames, nframes, 1, o);
		if (!err)
			stats->samples++;
	}
	goto out;
bad:
	err = -EINVAL;
out_err:
	if (err == -EINVAL) {
		stats->skipped++;
		err = 0;
	}
out:
	free(j.buf);
	return err;
}

enum fold_input_kind fold_detect(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int folded = 0, seen = 0;

	while (p < end && seen < 20) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = (nl ? nl : end) - p, s, c;
		unsigned long long cnt;
		size_t i = 0;

		while (i < n && in_ws(p[i]))
			i++;
		if (i < n && p[0] != '#') {
			if (p[i] == '{')
				return FOLD_IN_KDBG;
			seen++;
			/* folded lines start at column 0 and end in a count */
			c = n;
			while (c && in_ws(p[c - 1]))
				c--;
			if (i == 0 && c && p[c - 1] != ':' && p[c - 1] != ')' &&
			    fold_folded_split(p, n, &s, &cnt))
				folded++;
			else
				return FOLD_IN_PERF;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return folded ? FOLD_IN_FOLDED : FOLD_IN_PERF;
}

struct fold_reader {
	struct fold_table *t;
	enum fold_input_kind kind;
	const struct fold_parse_opts *opts;
	struct fold_parse_stats *stats;
	struct fold_perf_state *perf;
};

static int fold_reader_line(struct fold_reader *r, const char *l, size_t n)
{
	switch (r->kind) {
	case FOLD_IN_PERF:
		return fold_perf_line(r->perf, l, n);
	case FOLD_IN_FOLDED:
		return fold_folded_line(r->t, l, n, 0, r->stats);
	default:
		return fold_kdbg_line(r->t, l, n, r->opts, r->stats);
	}
}

/* Feed every complete line of buf; returns how many bytes were used. */
static int fold_reader_feed(struct fold_reader *r, const char *buf,
			    size_t len, bool eof, size_t *used)
{
	const char *p = buf, *end = buf + len, *nl;
	int err;

	while ((nl = memchr(p, '\n', end - p))) {
		err = fold_reader_line(r, p, nl - p);
		if (err)
			return err;
		p = nl + 1;
	}
	if (eof && p < end) {
		err = fold_reader_line(r, p, end - p);
		if (err)
			return err;
		p = end;
	}
	*used = p - buf;
	return 0;
}

static int fold_reader_start(struct fold_reader *r, struct fold_table *t,
			     const char *buf, size_t len,
			     enum fold_input_kind kind,
			     const struct fold_parse_opts *opts,
			     struct fold_parse_stats *stats)
{
	static const struct fold_parse_opts none;

	memset(r, 0, sizeof(*r));
	r->t = t;
	r->opts = opts ? opts : &none;
	r->stats = stats;
	r->kind = kind == FOLD_IN_AUTO ? fold_detect(buf, len) : kind;
	if (r->kind == FOLD_IN_PERF) {
		r->perf = fold_perf_new(t, r->opts, stats);
		if (!r->perf)
			return -ENOMEM;
	}
	return 0;
}

int fold_parse_buffer(struct fold_table *t, const char *buf, size_t len,
		      enum fold_input_kind kind,
		      const struct fold_parse_opts *opts,
		      struct fold_parse_stats *stats)
{
	struct fold_parse_stats dummy = { 0 };
	struct fold_reader r;
	size_t used;
	int err;

	err = fold_reader_start(&r, t, buf, len, kind, opts,
				stats ? stats : &dummy);
	if (!err)
		err = fold_reader_feed(&r, buf, len, true, &used);
	fold_perf_free(r.perf);
	return err;
}

/*
 * Several files parse as one stream, as Perl's <> reads them: a perf
 * sample left open at the end of one file continues in the next.
 */
int fold_parse_files(struct fold_table *t, FILE **in, size_t nin,
		     enum fold_input_kind kind,
		     const struct fold_parse_opts *opts,
		     struct fold_parse_stats *stats)
{
	struct fold_parse_stats dummy = { 0 };
	size_t cap = FOLD_BLOCK, have = 0, used, got, f = 0;
	struct fold_reader r;
	bool started = false;
	char *buf = malloc(cap);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	if (!stats)
		stats = &dummy;
	/* read once, front to back: a bigger readahead, and no cache reuse */
	for (f = 0; f < nin; f++)
		posix_fadvise(fileno(in[f]), 0, 0, POSIX_FADV_SEQUENTIAL);
	f = 0;
	while (f < nin) {
		bool eof;

		if (have == cap) {
			/* one line longer than the buffer: make room */
			char *b = realloc(buf, cap * 2);

			if (!b) {
				err = -ENOMEM;
				break;
			}
			buf = b;
			cap *= 2;
		}
		got = fread(buf + have, 1, cap - have, in[f]);
		have += got;
		eof = got == 0;
		if (eof && ferror(in[f])) {
			err = -EIO;
			break;
		}
		/* detection wants a full block or the whole first file */
		if (!started && !eof && have < cap)
			continue;
		if (!started) {
			err = fold_reader_start(&r, t, buf, have, kind, opts,
						stats);
			if (err)
				break;
			started = true;
		}
		err = fold_reader_feed(&r, buf, have, eof, &used);
		if (err)
			break;
		memmove(buf, buf + used, have - used);
		have -= used;
		if (eof)
			f++;
	}
	if (started)
		fold_perf_free(r.perf);
	free(buf);
	return err;
}

int fold_parse_stream(struct fold_table *t, FILE *in, enum fold_input_kind kind,
		      const struct fold_parse_opts *opts,
		      struct fold_parse_stats *stats)
{
	return fold_parse_files(t, &in, 1, kind, opts, stats);
}
