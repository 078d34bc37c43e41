// SPDX-License-Identifier: GPL-2.0
/*
 * The printing layer (see output.h): one call sequence, two renderings.
 * The JSON writer keeps a small stack of open containers to place commas
 * and, with -p, indentation; text mode simply applies each value's format.
 * The verb matcher and number parsers every object shares live here too:
 * they decide what the user may type, as the printers decide what is shown.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "kdbgctl.h"
#include "nl.h"
#include "output.h"

static struct {
	FILE *f;
	bool json;
	bool pretty;
	int depth;
	bool first[OUT_MAX_DEPTH];	/* nothing printed yet at this depth */
	bool array[OUT_MAX_DEPTH];
} out = { .first = { true } };

void out_init(FILE *f, bool json, bool pretty)
{
	memset(&out, 0, sizeof(out));
	out.f = f;
	out.json = json;
	out.pretty = pretty;
	out.first[0] = true;
}

FILE *out_file(void)
{
	return out.f ? out.f : stdout;
}

bool out_json(void)
{
	return out.json;
}

void out_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void indent(void)
{
	int i;

	if (!out.pretty)
		return;
	fputc('\n', out_file());
	for (i = 0; i < out.depth; i++)
		fputs("    ", out_file());
}

/* Comma, indentation and key before a JSON value. */
static void json_key(const char *key)
{
	FILE *f = out_file();

	if (out.depth > 0) {
		if (!out.first[out.depth])
			fputc(',', f);
		indent();
	}
	out.first[out.depth] = false;
	if (key && out.depth > 0 && !out.array[out.depth]) {
		out_json_string(f, key);
		fputs(out.pretty ? ": " : ":", f);
	}
}

/* A top-level value is complete: end its line. */
static void json_done(void)
{
	if (out.depth == 0) {
		fputc('\n', out_file());
		out.first[0] = true;
	}
}

static void open_container(const char *key, char c, bool array)
{
	if (!out.json)
		return;
	json_key(key);
	fputc(c, out_file());
	if (out.depth < OUT_MAX_DEPTH - 1)
		out.depth++;
	out.first[out.depth] = true;
	out.array[out.depth] = array;
}

static void close_container(char c)
{
	bool empty;

	if (!out.json)
		return;
	empty = out.first[out.depth];
	if (out.depth > 0)
		out.depth--;
	if (!empty)
		indent();
	fputc(c, out_file());
	json_done();
}

void out_open_object(const char *key)
{
	open_container(key, '{', false);
}

void out_close_object(void)
{
	close_container('}');
}

void out_open_array(const char *key)
{
	open_container(key, '[', true);
}

void out_close_array(void)
{
	close_container(']');
}

void out_str(const char *key, const char *fmt, const char *val)
{
	if (out.json) {
		json_key(key);
		out_json_string(out_file(), val);
		json_done();
	} else if (fmt) {
		fprintf(out_file(), fmt, val);
	}
}

void out_u64(const char *key, const char *fmt, uint64_t val)
{
	if (out.json) {
		json_key(key);
		fprintf(out_file(), "%" PRIu64, val);
		json_done();
	} else if (fmt) {
		fprintf(out_file(), fmt, val);
	}
}

void out_s64(const char *key, const char *fmt, int64_t val)
{
	if (out.json) {
		json_key(key);
		fprintf(out_file(), "%" PRId64, val);
		json_done();
	} else if (fmt) {
		fprintf(out_file(), fmt, val);
	}
}

void out_bool(const char *key, const char *fmt, bool val)
{
	if (out.json) {
		json_key(key);
		fputs(val ? "true" : "false", out_file());
		json_done();
	} else if (fmt) {
		fprintf(out_file(), fmt, val ? "yes" : "no");
	}
}

void out_hex(const char *key, const char *fmt, uint64_t val)
{
	if (out.json) {
		json_key(key);
		fprintf(out_file(), "\"0x%" PRIx64 "\"", val);
		json_done();
	} else if (fmt) {
		fprintf(out_file(), fmt, val);
	}
}

void out_double(const char *key, const char *fmt, double val)
{
	if (out.json) {
		json_key(key);
		if (isfinite(val))
			fprintf(out_file(), "%.9g", val);
		else
			fputs("null", out_file());
		json_done();
	} else if (fmt) {
		fprintf(out_file(), fmt, val);
	}
}

static struct {
	FILE *saved;
	char *buf;
	size_t len;
} deferred;

void out_defer(void)
{
	FILE *f;

	if (deferred.saved)
		return;
	f = open_memstream(&deferred.buf, &deferred.len);
	if (!f)
		return;	/* print directly then */
	deferred.saved = out_file();
	out.f = f;
}

void out_commit(bool emit)
{
	if (!deferred.saved)
		return;
	fclose(out.f);
	out.f = deferred.saved;
	deferred.saved = NULL;
	if (emit)
		fwrite(deferred.buf, 1, deferred.len, out.f);
	free(deferred.buf);
	deferred.buf = NULL;
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (out.json)
		return;
	va_start(ap, fmt);
	vfprintf(out_file(), fmt, ap);
	va_end(ap);
}

/* ---- command tables and argument parsing ---- */

int kdbg_match(const char *word, const char *const *names)
{
	size_t len = strlen(word);
	int i, found = -1;

	if (!len)
		return -1;
	for (i = 0; names[i]; i++) {
		if (!strcmp(word, names[i]))
			return i;
		if (!strncmp(word, names[i], len)) {
			if (found >= 0)
				return -2;	/* ambiguous */
			found = i;
		}
	}
	return found;
}

const struct kdbg_verb **kdbg_cmd_table_out;

int kdbg_cmd_run(const char *object, const struct kdbg_verb *cmds, int argc,
		 char **argv)
{
	const char *names[32];
	int i, n;

	if (kdbg_cmd_table_out) {
		*kdbg_cmd_table_out = cmds;
		return KDBG_EXIT_OK;
	}
	if (argc < 1)
		return cmds[0].fn(0, argv);
	for (n = 0; cmds[n].name && n < 31; n++)
		names[n] = cmds[n].name;
	names[n] = NULL;
	/* "--help" and "-h" are spelled "help" here */
	i = kdbg_match(strcmp(argv[0], "--help") && strcmp(argv[0], "-h") ?
		       argv[0] : "help", names);
	if (i == -2) {
		kdbg_err("%s: ambiguous command '%s' (see: kdbgctl %s help)",
			 object, argv[0], object);
		return KDBG_EXIT_USAGE;
	}
	if (i < 0) {
		kdbg_err("%s: unknown command '%s' (see: kdbgctl %s help)",
			 object, argv[0], object);
		return KDBG_EXIT_USAGE;
	}
	return cmds[i].fn(argc - 1, argv + 1);
}

int kdbg_parse_u64(const char *s, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*val = v;
	return 0;
}

int kdbg_parse_u32(const char *s, uint32_t *val)
{
	uint64_t v;
	int err = kdbg_parse_u64(s, &v);

	if (err)
		return err;
	if (v > UINT32_MAX)
		return -ERANGE;
	*val = v;
	return 0;
}

int kdbg_parse_size(const char *s, uint64_t *val)
{
	char num[32];
	size_t len = s ? strlen(s) : 0;
	unsigned int shift = 0;
	uint64_t v;
	int err;

	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len + 1);
	switch (num[len - 1]) {
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	}
	if (shift)
		num[len - 1] = '\0';
	err = kdbg_parse_u64(num, &v);
	if (err)
		return err;
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	*val = v << shift;
	return 0;
}

int kdbg_parse_seconds(const char *s, double *val)
{
	char *end;
	double v;

	if (!s || !*s || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || v != v || v < 0 || v > 1e9)
		return -EINVAL;
	*val = v;
	return 0;
}

/* ---- kdbg's shared objects: source options, sources, counters ---- */

int kdbg_parse_source_opts(const char *object, int argc, char **argv,
			   struct kdbg_source_req *req, bool *ret)
{
	int i, rest = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		uint32_t *num = NULL;

		if (!strcmp(a, "--no-stack")) {
			req->flags |= KDBG_SOURCE_F_NO_STACK;
			continue;
		}
		if (!strcmp(a, "--count")) {
			req->flags |= KDBG_SOURCE_F_COUNT;
			continue;
		}
		if (ret && !strcmp(a, "--ret")) {
			*ret = true;
			continue;
		}
		if (!strcmp(a, "--pid"))
			num = &req->pid;
		else if (!strcmp(a, "--tgid"))
			num = &req->tgid;
		else if (strcmp(a, "--comm")) {
			if (a[0] == '-' && a[1]) {
				kdbg_err("%s: unknown option '%s' (see: kdbgctl %.*s help)",
					 object, a, (int)strcspn(object, " "),
					 object);
				return -1;
			}
			argv[rest++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			kdbg_err("%s: option '%s' needs a value", object, a);
			return -1;
		}
		a = argv[++i];
		if (!num) {
			if (!*a || strlen(a) >= KDBG_COMM_LEN) {
				kdbg_err("%s: --comm '%s': a command name has 1 to %d characters",
					 object, a, KDBG_COMM_LEN - 1);
				return -1;
			}
			req->comm = a;
		} else if (kdbg_parse_u32(a, num) || !*num) {
			kdbg_err("%s: %s '%s': not a process id", object,
				 argv[i - 1], a);
			return -1;
		}
	}
	return rest;
}

const char *const kdbg_counter_names[KDBG_A_COUNTER_MAX + 1] = {
	[KDBG_A_COUNTER_HITS]		= "hits",
	[KDBG_A_COUNTER_FILTERED]	= "filtered",
	[KDBG_A_COUNTER_WRITTEN]	= "written",
	[KDBG_A_COUNTER_DELIVERED]	= "delivered",
	[KDBG_A_COUNTER_DROPPED]	= "dropped",
	[KDBG_A_COUNTER_MISSED]		= "missed",
};

void out_counters(const char *key, const struct nlattr *nest)
{
	const struct nlattr *tb[KDBG_A_COUNTER_MAX + 1];
	unsigned int i;
	char fmt[32];

	memset(tb, 0, sizeof(tb));
	if (nest && kdbg_nl_parse_nested(nest, tb, KDBG_A_COUNTER_MAX) < 0)
		memset(tb, 0, sizeof(tb));
	out_open_object(key);
	for (i = KDBG_A_COUNTER_HITS; i <= KDBG_A_COUNTER_MAX; i++) {
		snprintf(fmt, sizeof(fmt), "%s%s %%" PRIu64,
			 i == KDBG_A_COUNTER_HITS ? "" : " ", kdbg_counter_names[i]);
		out_u64(kdbg_counter_names[i], fmt, kdbg_nl_u64(tb[i], 0));
	}
	out_close_object();
}

void out_source(const struct nlattr *const *tb)
{
	uint32_t flags = kdbg_nl_u32(tb[KDBG_A_SOURCE_FLAGS], 0);
	uint32_t type = kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0);
	struct kdbg_agg_spec agg;

	out_u64("id", "%" PRIu64 ": ", kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0));
	out_str("type", "%s ", kdbg_source_type_name(type));
	out_str("target", "%s", kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""));
	if (tb[KDBG_A_SOURCE_ADDR] && type != KDBG_SOURCE_TRACEPOINT)
		out_hex("addr", " addr 0x%" PRIx64,
			kdbg_nl_u64(tb[KDBG_A_SOURCE_ADDR], 0));
	out_bool("stack", NULL, !(flags & KDBG_SOURCE_F_NO_STACK));
	if (flags & KDBG_SOURCE_F_NO_STACK)
		out_text(" no-stack");
	out_bool("count-only", NULL, flags & KDBG_SOURCE_F_COUNT);
	if (flags & KDBG_SOURCE_F_COUNT)
		out_text(" count-only");
	if (tb[KDBG_A_SOURCE_FILTER_PID])
		out_u64("filter-pid", " pid %" PRIu64,
			kdbg_nl_u32(tb[KDBG_A_SOURCE_FILTER_PID], 0));
	if (tb[KDBG_A_SOURCE_FILTER_TGID])
		out_u64("filter-tgid", " tgid %" PRIu64,
			kdbg_nl_u32(tb[KDBG_A_SOURCE_FILTER_TGID], 0));
	if (tb[KDBG_A_SOURCE_FILTER_COMM])
		out_str("filter-comm", " comm %s",
			kdbg_nl_str(tb[KDBG_A_SOURCE_FILTER_COMM], ""));
	if (tb[KDBG_A_SOURCE_PATTERN])
		out_str("pattern", " pattern %s",
			kdbg_nl_str(tb[KDBG_A_SOURCE_PATTERN], ""));
	if (tb[KDBG_A_SOURCE_AGG] &&
	    !kdbg_agg_spec_parse(tb[KDBG_A_SOURCE_AGG], &agg))
		out_agg_spec(&agg);
	out_text("\n    ");
	out_counters("counters", tb[KDBG_A_SOURCE_COUNTERS]);
	out_text("\n");
}

/*
 * Fallbacks for programs linked with kdbgctl's objects but not its main.c
 * (the tools under tests/tools/): main.c's definitions, or a test's, win.
 */
__attribute__((weak)) bool opt_json;
__attribute__((weak)) bool opt_pretty;

__attribute__((weak)) void kdbg_err(const char *fmt, ...)
{
	va_list ap;

	fputs("kdbgctl: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
