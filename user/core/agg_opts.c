// SPDX-License-Identifier: GPL-2.0
/*
 * The aggregation options every source's add command takes (--key,
 * --value, --hist, --entries, --stacks, --max-matches), parsed into a
 * struct kdbg_agg_spec, and the checks that need the source type. They
 * are usage errors here, before the kernel would refuse them with less
 * context.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "kdbgctl.h"
#include "output.h"

/* "arg=N" with N < KDBG_TP_ARGS_MAX: 0, or -1. */
static int parse_arg_index(const char *s, uint32_t *idx)
{
	if (strncmp(s, "arg=", 4) || kdbg_parse_u32(s + 4, idx) ||
	    *idx >= KDBG_TP_ARGS_MAX)
		return -1;
	return 0;
}

/* The plain keys' names, as --key takes them and `probe list` shows them. */
static const char *const key_names[] = {
	"stack", "comm", "pid", "tgid", "cpu", NULL
};
static const uint32_t key_bits[] = {
	KDBG_AGG_KEY_STACK, KDBG_AGG_KEY_COMM, KDBG_AGG_KEY_PID,
	KDBG_AGG_KEY_TGID, KDBG_AGG_KEY_CPU,
};

static int parse_keys(const char *list, struct kdbg_agg_spec *spec)
{
	const char *const *names = key_names;
	const uint32_t *bits = key_bits;
	char buf[128], *tok, *save;
	int i;

	if (!*list || strlen(list) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", list);
	spec->keys = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "retval")) {
			spec->keys |= KDBG_AGG_KEY_RETVAL;
			continue;
		}
		if (!strncmp(tok, "arg=", 4)) {
			if (parse_arg_index(tok, &spec->key_arg))
				return -1;
			spec->keys |= KDBG_AGG_KEY_ARG;
			continue;
		}
		for (i = 0; names[i] && strcmp(tok, names[i]); i++)
			;
		if (!names[i])
			return -1;
		spec->keys |= bits[i];
	}
	return 0;
}

static int parse_value(const char *s, struct kdbg_agg_spec *spec)
{
	if (!strcmp(s, "latency"))
		spec->value = KDBG_AGG_VALUE_LATENCY;
	else if (!strcmp(s, "retval"))
		spec->value = KDBG_AGG_VALUE_RETVAL;
	else if (!parse_arg_index(s, &spec->value_arg))
		spec->value = KDBG_AGG_VALUE_ARG;
	else
		return -1;
	return 0;
}

static int parse_hist(const char *s, struct kdbg_agg_spec *spec)
{
	char buf[96], *p, *q;

	if (!strcmp(s, "log2")) {
		spec->hist = KDBG_AGG_HIST_LOG2;
		return 0;
	}
	if (strncmp(s, "linear=", 7) || strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s + 7);
	p = strchr(buf, ',');
	q = p ? strchr(p + 1, ',') : NULL;
	if (!q)
		return -1;
	*p++ = '\0';
	*q++ = '\0';
	if (kdbg_parse_u64(buf, &spec->hist_min) ||
	    kdbg_parse_u64(p, &spec->hist_max) ||
	    kdbg_parse_u64(q, &spec->hist_step) ||
	    !kdbg_agg_linear_buckets(spec->hist_min, spec->hist_max,
				     spec->hist_step))
		return -1;
	spec->hist = KDBG_AGG_HIST_LINEAR;
	return 0;
}

int kdbg_parse_agg_opts(const char *object, int argc, char **argv,
			struct kdbg_agg_spec *spec, bool *agg,
			uint32_t *max_matches)
{
	static const char *const opts[] = {
		"--key", "--value", "--hist", "--entries", "--stacks",
		"--max-matches", NULL
	};
	static const char *const expect[] = {
		"expected a list of stack, comm, pid, tgid, cpu, arg=N, retval",
		"expected latency, retval or arg=N",
		"expected log2 or linear=MIN,MAX,STEP (MIN < MAX, STEP > 0, at most %u buckets)",
		"expected 1 to %u",
	};
	static const uint32_t limits[] = {
		0, 0, 0, KDBG_AGG_ENTRIES_MAX, KDBG_AGG_STACKS_MAX,
		KDBG_PATTERN_MAX
	};
	int i, o, rest = 0, bad;

	for (i = 0; i < argc; i++) {
		const char *val;
		uint32_t n = 0;

		for (o = 0; opts[o] && strcmp(argv[i], opts[o]); o++)
			;
		if (!opts[o]) {
			argv[rest++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			kdbg_err("%s: option '%s' needs a value", object,
				 opts[o]);
			return -1;
		}
		val = argv[++i];
		switch (o) {
		case 0:
			bad = parse_keys(val, spec);
			break;
		case 1:
			bad = parse_value(val, spec);
			break;
		case 2:
			bad = parse_hist(val, spec);
			break;
		default:
			bad = kdbg_parse_u32(val, &n) || !n || n > limits[o];
			if (o == 3)
				spec->entries = n;
			else if (o == 4)
				spec->stacks = n;
			else
				*max_matches = n;
		}
		if (bad) {
			char why[128];

			snprintf(why, sizeof(why), expect[o < 3 ? o : 3],
				 o == 2 ? KDBG_AGG_LINEAR_MAX : limits[o]);
			kdbg_err("%s: %s '%s': %s", object, opts[o], val, why);
			return -1;
		}
		if (o != 5)
			*agg = true;
	}
	return rest;
}

int kdbg_agg_spec_check(const char *object, const struct kdbg_agg_spec *spec,
			uint32_t type)
{
	const char *why = NULL;

	if ((spec->keys & KDBG_AGG_KEY_RETVAL) &&
	    type != KDBG_SOURCE_KRETPROBE)
		why = "--key retval needs a kretprobe (--ret)";
	else if ((spec->keys & KDBG_AGG_KEY_ARG) &&
		 type != KDBG_SOURCE_TRACEPOINT)
		why = "--key arg=N applies to tracepoints";
	else if ((spec->value == KDBG_AGG_VALUE_LATENCY ||
		  spec->value == KDBG_AGG_VALUE_RETVAL) &&
		 type != KDBG_SOURCE_KRETPROBE)
		why = type == KDBG_SOURCE_TRACEPOINT ?
		      "--value latency and retval apply to kretprobes" :
		      "--value latency and retval need a kretprobe (--ret)";
	else if (spec->value == KDBG_AGG_VALUE_ARG &&
		 type != KDBG_SOURCE_TRACEPOINT)
		why = "--value arg=N applies to tracepoints";
	else if (spec->hist && !spec->value)
		why = "--hist needs --value";
	else if (spec->stacks && !(spec->keys & KDBG_AGG_KEY_STACK))
		why = "--stacks needs --key stack";
	if (!why)
		return 0;
	kdbg_err("%s: %s", object, why);
	return -1;
}

/*
 * @spec in the syntax the options take ("stack,comm", "arg=2", "log2",
 * "linear=0,100,10"), so a `probe list` line can be typed back.
 */
static void format_keys(const struct kdbg_agg_spec *spec, char *buf,
			size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; key_names[i]; i++)
		if (spec->keys & key_bits[i])
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      key_names[i]);
	if (spec->keys & KDBG_AGG_KEY_ARG && n < len)
		n += snprintf(buf + n, len - n, "%sarg=%u", n ? "," : "",
			      spec->key_arg);
	if (spec->keys & KDBG_AGG_KEY_RETVAL && n < len)
		n += snprintf(buf + n, len - n, "%sretval", n ? "," : "");
	/* Sample sources only (kdbgctl profile): shown, never parsed. */
	if (spec->keys & KDBG_AGG_KEY_USTACK && n < len)
		snprintf(buf + n, len - n, "%sustack", n ? "," : "");
}

void out_agg_spec(const struct kdbg_agg_spec *spec)
{
	static const char *const values[] = {
		[KDBG_AGG_VALUE_LATENCY] = "latency",
		[KDBG_AGG_VALUE_RETVAL] = "retval",
	};
	char buf[128];

	out_open_object("agg");
	out_text(" agg");
	format_keys(spec, buf, sizeof(buf));
	if (buf[0])
		out_str("keys", " key %s", buf);
	if (spec->value == KDBG_AGG_VALUE_ARG) {
		snprintf(buf, sizeof(buf), "arg=%u", spec->value_arg);
		out_str("value", " value %s", buf);
	} else if (spec->value && spec->value <= KDBG_AGG_VALUE_RETVAL) {
		out_str("value", " value %s", values[spec->value]);
	}
	if (spec->hist == KDBG_AGG_HIST_LOG2) {
		out_str("hist", " hist %s", "log2");
	} else if (spec->hist == KDBG_AGG_HIST_LINEAR) {
		snprintf(buf, sizeof(buf),
			 "linear=%" PRIu64 ",%" PRIu64 ",%" PRIu64,
			 spec->hist_min, spec->hist_max, spec->hist_step);
		out_str("hist", " hist %s", buf);
	}
	if (spec->entries)
		out_u64("entries", " entries %" PRIu64, spec->entries);
	if (spec->stacks)
		out_u64("stacks", " stacks %" PRIu64, spec->stacks);
	out_close_object();
}
