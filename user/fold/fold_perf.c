// SPDX-License-Identifier: GPL-2.0
/*
 * The `perf script` parser: turns perf's multi-line samples (a header
 * line, one line per frame from the innermost out, a blank line) into
 * folded stacks, giving the same stacks as FlameGraph's
 * stackcollapse-perf.pl with the same options, so that existing flame
 * graph pipelines can switch to kdbgctl without their graphs changing.
 *
 * Matching that script means matching its line patterns exactly, corner
 * cases included: the header is "COMM  PID[/TID] ..." where COMM may hold
 * spaces, an optional period sits before the trailing "event:", only the
 * first event type seen is kept, a frame is "ADDR SYMBOL[+0xOFF] (DSO)"
 * with "a->b" for inlined frames, and a sample counts only when the blank
 * line after it arrives.  The patterns are hand-written scanners rather
 * than regular expressions, for speed; each says which case it mirrors.
 *
 * Two deliberate differences, neither visible on perf's own output:
 * a line of only white space (or a lone "\r" from CRLF files) ends a
 * sample like an empty line, and a trailing "\r" is ignored.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold_priv.h"

#define FOLD_TIDY_SLOTS	4096
#define FOLD_TIDY_MAX	200

struct fold_tidy_slot {
	uint64_t hash;
	uint16_t raw_len, out_len;
	bool java;
	char raw[FOLD_TIDY_MAX];
	char out[FOLD_TIDY_MAX];
};

/* A sample's frames, grouped by source line (a line may hold a->b). */
struct fold_perf_state {
	struct fold_table *t;
	const struct fold_parse_opts *opts;
	struct fold_parse_stats *stats;

	char *event;			/* the event kept, once known */
	bool event_given;		/* from --event-filter */

	char *pname;			/* stack root, if has_pname */
	size_t pname_len, pname_cap;
	bool has_pname;
	bool is_java;			/* pname is exactly "java" */
	unsigned long long period;
	char comm[64];
	long long pid, tid;

	/* frames of the current sample, one ";f1;f2" group per line */
	char *fb;
	size_t fb_len, fb_cap;
	size_t *groups;			/* each group's start in fb */
	size_t *gkinds;			/* ... and in kinds */
	size_t ngroups, groups_cap, gkinds_cap;
	unsigned char *kinds;
	size_t nkinds, kinds_cap;

	char *key;			/* the folded stack being built */
	size_t key_cap;
	unsigned char *kkinds;
	size_t kkinds_cap;

	struct fold_tidy_slot *tidy;	/* FOLD_TIDY_SLOTS recent symbols */

	char dso[256];			/* the last DSO, and its class */
	size_t dso_len;
	unsigned int dso_flags;
};

/* Perl's \s and \w on bytes (no locale, no Unicode). */
#define CW(c)	[c] = 2
static const unsigned char fold_ctype[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
	['0' ... '9'] = 2, ['a' ... 'z'] = 2, ['A' ... 'Z'] = 2, CW('_'),
};
#undef CW

static inline bool is_ws(unsigned char c)
{
	return fold_ctype[c] == 1;
}

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_word(unsigned char c)
{
	return fold_ctype[c] == 2;
}

static int fold_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * elem);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

struct fold_perf_state *fold_perf_new(struct fold_table *t,
				      const struct fold_parse_opts *opts,
				      struct fold_parse_stats *stats)
{
	struct fold_perf_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->tidy = calloc(FOLD_TIDY_SLOTS, sizeof(*st->tidy));
	if (!st->tidy) {
		free(st);
		return NULL;
	}
	st->t = t;
	st->opts = opts;
	st->stats = stats;
	if (opts->event_filter && *opts->event_filter) {
		st->event = strdup(opts->event_filter);
		if (!st->event) {
			free(st->tidy);
			free(st);
			return NULL;
		}
		st->event_given = true;
	}
	return st;
}

void fold_perf_free(struct fold_perf_state *st)
{
	if (!st)
		return;
	if (st->event)
		snprintf(st->stats->event, sizeof(st->stats->event), "%s",
			 st->event);
	free(st->tidy);
	free(st->event);
	free(st->pname);
	free(st->fb);
	free(st->groups);
	free(st->gkinds);
	free(st->kinds);
	free(st->key);
	free(st->kkinds);
	free(st);
}

/* Perl's truth: undefined, "" and "0" are false. */
static bool fold_pname_true(const struct fold_perf_state *st)
{
	return st->has_pname && st->pname_len &&
	       !(st->pname_len == 1 && st->pname[0] == '0');
}

static int fold_perf_end_sample(struct fold_perf_state *st)
{
	size_t n = st->pname_len, k = 1, g, len;
	int err;

	if (!fold_pname_true(st))
		return 0;
	err = fold_grow((void **)&st->key, &st->key_cap, n + st->fb_len + 1, 1);
	if (!err)
		err = fold_grow((void **)&st->kkinds, &st->kkinds_cap,
				st->nkinds + 1, 1);
	if (err)
		return err;
	memcpy(st->key, st->pname, n);
	st->kkinds[0] = FOLD_KIND_ROOT;
	/* each line's frames go before the previous line's: outermost last */
	for (g = st->ngroups; g-- > 0;) {
		size_t start = st->groups[g];
		bool last = g + 1 == st->ngroups;
		size_t end = last ? st->fb_len : st->groups[g + 1];
		size_t ks = st->gkinds[g];
		size_t ke = last ? st->nkinds : st->gkinds[g + 1];

		len = end - start;
		memcpy(st->key + n, st->fb + start, len);
		n += len;
		memcpy(st->kkinds + k, st->kinds + ks, ke - ks);
		k += ke - ks;
	}
	{
		struct fold_sample_info info = {
			.comm = st->comm,
			.pid = st->pid,
			.tid = st->tid,
			.kinds = st->kkinds,
			.root_is_comm = true,
		};

		err = fold_table_add_key(st->t, st->key, n, k, 0, st->period,
					 &info);
	}
	st->stats->samples++;
	st->fb_len = 0;
	st->ngroups = 0;
	st->nkinds = 0;
	st->has_pname = false;
	return err;
}

/*
 * The header pattern: /^(\S.+?)\s+(\d+)[/]*(\d+)*\s+/.  COMM is the
 * shortest prefix of at least two characters followed by white space,
 * digits, optional slashes and digits, and white space again.
 */
static bool fold_perf_header(const char *l, size_t n, size_t *comm_len,
			     const char **pid, size_t *pid_len,
			     const char **tid, size_t *tid_len)
{
	size_t i = 2, a, d, s;

	if (n < 2 || is_ws(l[0]))
		return false;
	while (i < n) {
		if (!is_ws(l[i])) {
			i++;
			continue;
		}
		a = i;
		while (i < n && is_ws(l[i]))
			i++;
		d = i;
		while (i < n && is_digit(l[i]))
			i++;
		if (i == d)
			continue;
		s = i;
		while (i < n && l[i] == '/')
			i++;
		*tid = l + i;
		while (i < n && is_digit(l[i]))
			i++;
		*tid_len = l + i - *tid;
		if (i < n && is_ws(l[i])) {
			*comm_len = a;
			*pid = l + d;
			*pid_len = s - d;
			return true;
		}
		/* a later white-space run may still start a match */
		i = s;
	}
	return false;
}

/*
 * The event pattern: /:\s*(\d+)*\s+(\S+):\s*$/ - the last word ends in
 * ':' (the event), and between it and the ':' before it there is only
 * white space with at most one number (the period).
 */
static bool fold_perf_event(const char *l, size_t n, const char **ev,
			    size_t *ev_len, const char **per, size_t *per_len)
{
	size_t e = n, ls, p, i;

	while (e > 0 && is_ws(l[e - 1]))
		e--;
	if (e == 0 || l[e - 1] != ':')
		return false;
	ls = e - 1;
	while (ls > 0 && !is_ws(l[ls - 1]))
		ls--;
	if (ls == 0 || ls + 1 >= e)
		return false;
	p = ls;
	while (p > 0 && (is_ws(l[p - 1]) || is_digit(l[p - 1])))
		p--;
	if (p == 0 || l[p - 1] != ':')
		return false;
	/* l[p..ls) must be \s* \d* \s+ */
	i = p;
	while (i < ls && is_ws(l[i]))
		i++;
	*per = l + i;
	while (i < ls && is_digit(l[i]))
		i++;
	*per_len = l + i - *per;
	while (i < ls && is_ws(l[i]))
		i++;
	if (i != ls || !is_ws(l[ls - 1]))
		return false;
	*ev = l + ls;
	*ev_len = e - 1 - ls;
	return true;
}

static int fold_perf_header_line(struct fold_perf_state *st, const char *l,
				 size_t n, size_t comm_len, const char *pid,
				 size_t pid_len, const char *tid,
				 size_t tid_len)
{
	const char *ev, *per;
	size_t ev_len, per_len, need, i;
	unsigned long long period = 1;
	bool have_tid;
	char *p;

	if (fold_perf_event(l, n, &ev, &ev_len, &per, &per_len)) {
		if (!st->event) {
			st->event = strndup(ev, ev_len);
			if (!st->event)
				return -ENOMEM;
		} else if (strlen(st->event) != ev_len ||
			   memcmp(st->event, ev, ev_len)) {
			st->stats->filtered++;
			return 0;
		}
		/* Perl's truth again: an empty or "0" period counts as 1 */
		if (per_len && fold_table_note_event(st->t, ev, ev_len))
			return -ENOMEM;
		if (per_len && !(per_len == 1 && per[0] == '0')) {
			period = 0;
			for (i = 0; i < per_len; i++) {
				unsigned long long d = per[i] - '0';

				if (period > (~0ull - d) / 10) {
					period = ~0ull;
					break;
				}
				period = period * 10 + d;
			}
		}
	}
	st->period = period;

	/* "PID/TID" when both are there, else the number is the TID */
	have_tid = tid_len && !(tid_len == 1 && tid[0] == '0');
	if (!have_tid) {
		tid = pid;
		tid_len = pid_len;
		pid = "?";
		pid_len = 1;
	}
	need = comm_len + pid_len + tid_len + 3;
	if (fold_grow((void **)&st->pname, &st->pname_cap, need, 1))
		return -ENOMEM;
	p = st->pname;
	memcpy(p, l, comm_len);
	for (i = 0; i < comm_len; i++)
		if (p[i] == ' ')
			p[i] = '_';
	n = comm_len;
	if (st->opts->pid || st->opts->tid) {
		p[n++] = '-';
		memcpy(p + n, pid, pid_len);
		n += pid_len;
	}
	if (st->opts->tid) {
		p[n++] = '/';
		memcpy(p + n, tid, tid_len);
		n += tid_len;
	}
	st->pname_len = n;
	st->has_pname = true;
	st->is_java = n == 4 && !memcmp(p, "java", 4);

	i = comm_len < sizeof(st->comm) - 1 ? comm_len : sizeof(st->comm) - 1;
	memcpy(st->comm, l, i);
	st->comm[i] = '\0';
	st->pid = have_tid ? strtoll(pid, NULL, 10) : -1;
	st->tid = strtoll(tid, NULL, 10);
	return 0;
}

/*
 * memmem() for the short needles and haystacks of one frame: glibc's
 * set-up cost made it the parser's hottest function.
 */
static const char *fold_find(const char *s, size_t n, const char *needle,
			     size_t nl)
{
	const char *end = s + n, *p = s;

	while (end - p >= (ptrdiff_t)nl) {
		p = memchr(p, needle[0], end - p - nl + 1);
		if (!p)
			return NULL;
		if (!memcmp(p + 1, needle + 1, nl - 1))
			return p;
		p++;
	}
	return NULL;
}

static bool fold_contains(const char *s, size_t n, const char *needle)
{
	return fold_find(s, n, needle, strlen(needle)) != NULL;
}

static bool fold_is_jit_dso(const char *m, size_t n)
{
	const char *p = m, *end = m + n;

	while ((p = fold_find(p, end - p, "/tmp/perf-", 10))) {
		const char *d = p + 10, *q = d;

		while (q < end && is_digit(*q))
			q++;
		if (q > d && end - q >= 4 && !memcmp(q, ".map", 4))
			return true;
		p++;
	}
	return false;
}

static bool fold_is_kernel_dso(const char *m, size_t n)
{
	if (fold_contains(m, n, "unknown"))
		return false;
	return (n && m[0] == '[') ||
	       (n >= 7 && !memcmp(m + n - 7, "vmlinux", 7));
}

enum {
	DSO_KERNEL = 1,		/* "[...]" or ".../vmlinux", not unknown */
	DSO_JIT = 2,		/* /tmp/perf-PID.map */
	DSO_JITTED = 4,		/* perf inject's jitted-PID-N.so */
	DSO_INLINED = 8,	/* perf script --inline's "(inlined)" */
};

/* Consecutive frames mostly share a DSO: remember the last one's class. */
static unsigned int fold_perf_dso_flags(struct fold_perf_state *st,
					const char *mod, size_t modn)
{
	unsigned int f = 0;

	if (modn == st->dso_len && !memcmp(mod, st->dso, modn))
		return st->dso_flags;
	if (fold_is_kernel_dso(mod, modn))
		f |= DSO_KERNEL;
	if (fold_is_jit_dso(mod, modn))
		f |= DSO_JIT;
	if (modn >= 8 && fold_find(mod, modn, "/jitted-", 8))
		f |= DSO_JITTED;
	if (modn == 7 && !memcmp(mod, "inlined", 7))
		f |= DSO_INLINED;
	if (modn <= sizeof(st->dso)) {
		memcpy(st->dso, mod, modn);
		st->dso_len = modn;
		st->dso_flags = f;
	}
	return f;
}

/*
 * stackcollapse-perf's generic tidying of a symbol, in one pass for the
 * common case: ';' becomes ':', an argument list goes (unless the name is
 * a Go method such as "net/http.(*Client).Do", or the parenthesis opens
 * "(anonymous namespace)"), quotes go, and for java a leading 'L' of a
 * class path goes.
 */
static const bool fold_tidy_special[256] = {
	[';'] = true, ['('] = true, ['.'] = true, ['"'] = true,
	['\''] = true, ['/'] = true,
};

static void fold_perf_tidy(char *p, size_t *np, bool java)
{
	size_t n = *np, i, paren = n, dotparen = n, parendot = n;
	bool quotes = false, slash = false;

	for (i = 0; i < n; i++) {
		if (!fold_tidy_special[(unsigned char)p[i]])
			continue;
		switch (p[i]) {
		case ';':
			p[i] = ':';
			break;
		case '(':
			if (paren == n)
				paren = i;
			if (i && p[i - 1] == '.' && dotparen == n)
				dotparen = i - 1;
			break;
		case '.':
			if (i && p[i - 1] == ')')
				parendot = i - 1;
			break;
		case '"':
		case '\'':
			quotes = true;
			break;
		case '/':
			slash = true;
			break;
		}
	}
	/* Go: a ".(" with a ")." at least two characters after it */
	if (paren < n && !(dotparen < n && parendot < n &&
			   parendot >= dotparen + 2)) {
		for (i = paren; i < n; i++) {
			if (p[i] != '(')
				continue;
			if (n - i - 1 >= 20 &&
			    !memcmp(p + i + 1, "anonymous namespace)", 20))
				continue;
			n = i;
			break;
		}
		if (slash)
			slash = memchr(p, '/', n) != NULL;
		if (quotes)
			quotes = memchr(p, '"', n) || memchr(p, '\'', n);
	}
	if (quotes) {
		size_t w = 0;

		for (i = 0; i < n; i++)
			if (p[i] != '"' && p[i] != '\'')
				p[w++] = p[i];
		n = w;
	}
	if (java && slash && n && p[0] == 'L') {
		memmove(p, p + 1, n - 1);
		n--;
	}
	*np = n;
}

/*
 * Symbols repeat far more than they differ, and tidying was the parser's
 * hottest loop: remember the tidied form of recent symbols, keyed by their
 * raw text (java tidies differently, so it is part of the key).
 */
/* A cheap cache index: length and the first and last eight bytes. */
static inline uint64_t fold_tidy_key(const char *f, size_t fn)
{
	uint64_t a = 0, b = 0;

	if (fn >= 8) {
		memcpy(&a, f, 8);
		memcpy(&b, f + fn - 8, 8);
	} else {
		memcpy(&a, f, fn);
	}
	a = (a ^ (b * 0x9e3779b97f4a7c15ull) ^ fn) * 0xbf58476d1ce4e5b9ull;
	return a ^ (a >> 31);
}

static size_t fold_perf_tidy_cached(struct fold_perf_state *st, const char *f,
				    size_t fn, char *out)
{
	uint64_t h = fold_tidy_key(f, fn) ^ st->is_java;
	struct fold_tidy_slot *c = &st->tidy[h & (FOLD_TIDY_SLOTS - 1)];
	size_t n = fn;

	if (c->hash == h && c->raw_len == fn && c->java == st->is_java &&
	    !memcmp(c->raw, f, fn)) {
		memcpy(out, c->out, c->out_len);
		return c->out_len;
	}
	memcpy(out, f, fn);
	fold_perf_tidy(out, &n, st->is_java);
	c->hash = h;
	c->java = st->is_java;
	c->raw_len = fn;
	c->out_len = n;
	memcpy(c->raw, f, fn);
	memcpy(c->out, out, n);
	return n;
}

/* Append one frame of a group to fb, tidied as stackcollapse-perf does. */
static int fold_perf_frame(struct fold_perf_state *st, const char *f,
			   size_t fn, const char *pc, size_t pcn,
			   const char *mod, size_t modn, bool first)
{
	const struct fold_parse_opts *o = st->opts;
	unsigned int flags;
	size_t start, n;
	enum fold_kind kind;
	char *p;
	int err;

	/* worst case: "[" mod " <" pc ">]" plus an annotation */
	err = fold_grow((void **)&st->fb, &st->fb_cap,
			st->fb_len + fn + modn + pcn + 16, 1);
	if (!err)
		err = fold_grow((void **)&st->kinds, &st->kinds_cap,
				st->nkinds + 1, 1);
	if (err)
		return err;
	p = st->fb + st->fb_len;
	*p++ = ';';
	start = p - st->fb;

	if (fn == 9 && !memcmp(f, "[unknown]", 9)) {
		*p++ = '[';
		if (!(modn == 9 && !memcmp(mod, "[unknown]", 9))) {
			const char *slash = memrchr(mod, '/', modn);
			const char *base = slash ? slash + 1 : mod;

			memcpy(p, base, mod + modn - base);
			p += mod + modn - base;
		} else {
			memcpy(p, "unknown", 7);
			p += 7;
		}
		if (o->addrs) {
			*p++ = ' ';
			*p++ = '<';
			memcpy(p, pc, pcn);
			p += pcn;
			*p++ = '>';
		}
		*p++ = ']';
	} else if (fn <= FOLD_TIDY_MAX) {
		p += fold_perf_tidy_cached(st, f, fn, p);
		goto tidied;
	} else {
		memcpy(p, f, fn);
		p += fn;
	}
	n = p - (st->fb + start);
	p = st->fb + start;
	fold_perf_tidy(p, &n, st->is_java);
	goto annotate;
tidied:
	n = p - (st->fb + start);
	p = st->fb + start;
annotate:

	flags = fold_perf_dso_flags(st, mod, modn);
	if (!first || (flags & DSO_INLINED))
		kind = FOLD_KIND_INLINE;
	else if (flags & DSO_KERNEL)
		kind = FOLD_KIND_KERNEL;
	else if (flags & (DSO_JIT | DSO_JITTED))
		kind = FOLD_KIND_JIT;
	else
		kind = FOLD_KIND_USER;

	/* the annotations, tested in stackcollapse-perf.pl's order */
	if (!first) {
		if (!fold_contains(p, n, "_[i]")) {
			memcpy(p + n, "_[i]", 4);
			n += 4;
		}
	} else if (o->kernel && (flags & DSO_KERNEL)) {
		memcpy(p + n, "_[k]", 4);
		n += 4;
	} else if (o->jit && (flags & DSO_JIT)) {
		if (!fold_contains(p, n, "_[j]")) {
			memcpy(p + n, "_[j]", 4);
			n += 4;
		}
	}
	st->fb_len = start + n;
	st->kinds[st->nkinds++] = kind;
	return 0;
}

/*
 * The frame pattern: /^\s*(\w+)\s*(.+) \((.*)\)/.  SYMBOL runs to the
 * last " (" that has a ')' after it, DSO to the last ')'; when SYMBOL
 * would be empty the address gives up characters, as Perl backtracks.
 */
static int fold_perf_frame_line(struct fold_perf_state *st, const char *l,
				size_t n)
{
	const char *rp = memrchr(l, ')', n), *fn;
	size_t last, pmax, s = 0, w, f, k, fl, i, split;
	bool found = false, first = true;
	int err;

	/*
	 * No sample open (before the first header, or one of a filtered
	 * event): the line cannot count, so don't even parse it.
	 */
	if (!fold_pname_true(st))
		return 0;
	if (!rp)
		goto unrecognised;
	last = rp - l;
	for (pmax = last; pmax > 1;) {
		const char *q = memrchr(l + 1, '(', pmax - 1);

		if (!q)
			break;
		pmax = q - l;
		if (l[pmax - 1] == ' ') {
			pmax--;
			found = true;
			break;
		}
	}
	if (!found)
		goto unrecognised;
	while (s < n && is_ws(l[s]))
		s++;
	w = 0;
	while (s + w < n && is_word(l[s + w]))
		w++;
	if (!w)
		goto unrecognised;
	k = w;
	f = s + w;
	while (f < n && is_ws(l[f]))
		f++;
	if (f + 1 > pmax) {
		if (pmax < s + 2)
			goto unrecognised;
		f = pmax - 1;
		if (f < s + w) {
			k = pmax - 1 - s;
			f = s + k;
		}
	}


	/* SYMBOL+0xOFF: the offset goes (lower-case hex, as perf prints) */
	fn = l + f;
	fl = pmax - f;
	for (i = fl; i > 0 && (is_digit(fn[i - 1]) ||
			       (fn[i - 1] >= 'a' && fn[i - 1] <= 'f'));)
		i--;
	if (i < fl && i >= 3 && !memcmp(fn + i - 3, "+0x", 3))
		fl = i - 3;
	if (fl && fn[0] == '(')
		return 0;		/* a process name, not a frame */

	err = fold_grow((void **)&st->groups, &st->groups_cap,
			st->ngroups + 1, sizeof(*st->groups));
	if (!err)
		err = fold_grow((void **)&st->gkinds, &st->gkinds_cap,
				st->ngroups + 1, sizeof(*st->gkinds));
	if (err)
		return err;
	st->groups[st->ngroups] = st->fb_len;
	st->gkinds[st->ngroups] = st->nkinds;

	/* "a->b": perl's split drops trailing empty fields, keeps leading ones */
	while (fl >= 2 && fn[fl - 2] == '-' && fn[fl - 1] == '>')
		fl -= 2;
	while (fl) {
		const char *arrow = fold_find(fn, fl, "->", 2);

		split = arrow ? (size_t)(arrow - fn) : fl;
		err = fold_perf_frame(st, fn, split, l + s, k, l + pmax + 2,
				      last - pmax - 2, first);
		if (err)
			return err;
		first = false;
		if (!arrow)
			break;
		fn += split + 2;
		fl -= split + 2;
		while (fl >= 2 && fn[fl - 2] == '-' && fn[fl - 1] == '>')
			fl -= 2;
		if (!fl) {
			/* "a->->": nothing but empty fields left */
			break;
		}
	}
	if (st->fb_len > st->groups[st->ngroups])
		st->ngroups++;
	return 0;

unrecognised:
	st->stats->skipped++;
	return 0;
}

int fold_perf_line(struct fold_perf_state *st, const char *l, size_t n)
{
	const char *pid, *tid;
	size_t comm_len, pid_len, tid_len, i;

	st->stats->lines++;
	if (n && l[0] == '#')
		return 0;
	if (n && l[n - 1] == '\r')
		n--;
	for (i = 0; i < n && is_ws(l[i]); i++)
		;
	if (i == n)
		return fold_perf_end_sample(st);
	if (fold_perf_header(l, n, &comm_len, &pid, &pid_len, &tid, &tid_len))
		return fold_perf_header_line(st, l, n, comm_len, pid, pid_len,
					     tid, tid_len);
	return fold_perf_frame_line(st, l, n);
}
