/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdbgctl's one printing layer. Every command prints its data through
 * these calls, and they produce either human-readable text or JSON from
 * the same sequence of calls, so both always carry the same fields (the
 * iproute2 json_print model). In text mode each value is printed with its
 * printf format (a NULL format hides it); in JSON mode the key is used
 * and the format ignored. JSON keys are lower-case words joined by
 * hyphens; kernel addresses are hex strings. A value completed at the top
 * level ends its line, so streams emit one JSON object per line.
 */
#ifndef KDBGCTL_OUTPUT_H
#define KDBGCTL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define OUT_MAX_DEPTH	16

/* Select the stream and the mode; pretty indents JSON (not for streams). */
void out_init(FILE *f, bool json, bool pretty);
FILE *out_file(void);
bool out_json(void);

/* Containers; @key is NULL inside arrays and at the top level. */
void out_open_object(const char *key);
void out_close_object(void);
void out_open_array(const char *key);
void out_close_array(void);

/* Values. @fmt is the text-mode printf format of the value, or NULL. */
void out_str(const char *key, const char *fmt, const char *val);
void out_u64(const char *key, const char *fmt, uint64_t val);
void out_s64(const char *key, const char *fmt, int64_t val);
void out_bool(const char *key, const char *fmt, bool val);
/* A kernel address: JSON "0xffffffff81000000", text @fmt with the value. */
void out_hex(const char *key, const char *fmt, uint64_t val);

/* A real number: JSON "%.9g" (null when not finite), text @fmt. */
void out_double(const char *key, const char *fmt, double val);

/*
 * Hold back what is printed from now on, then print it (@emit) or drop
 * it: a listing that fails half-way prints only the error.
 */
void out_defer(void);
void out_commit(bool emit);

/* Free text, printed in text mode only. */
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write @s as a JSON string literal, quotes included. */
void out_json_string(FILE *f, const char *s);


/*
 * Command tables. Each object file lists its verbs; kdbg_cmd_run() picks
 * the one @argv[0] names or uniquely prefixes (the first when @argc is 0)
 * and calls it with the remaining arguments. Unknown and ambiguous verbs
 * are usage errors (exit 2).
 */
struct kdbg_verb {
	const char *name;
	int (*fn)(int argc, char **argv);
};

int kdbg_cmd_run(const char *object, const struct kdbg_verb *cmds, int argc,
		 char **argv);
/*
 * Set by `kdbgctl __complete`: kdbg_cmd_run() then stores its table there
 * and returns 0 instead of running a verb, so completion offers exactly
 * the verbs the object dispatches.
 */
extern const struct kdbg_verb **kdbg_cmd_table_out;
/* Index of the entry of @names (NULL-ended) that @word uniquely prefixes. */
int kdbg_match(const char *word, const char *const *names);

/* Number parsers: whole string, in range; 0 or -EINVAL/-ERANGE. */
int kdbg_parse_u32(const char *s, uint32_t *val);
int kdbg_parse_u64(const char *s, uint64_t *val);
/* "4096", "64k", "8m" (binary units). */
int kdbg_parse_size(const char *s, uint64_t *val);
/* Seconds, fractions allowed: "2", "0.5". */
int kdbg_parse_seconds(const char *s, double *val);

struct kdbg_source_req;
struct nlattr;

/*
 * Parse a source's options from @argv: --no-stack, --pid PID, --tgid
 * TGID, --comm COMM, and --ret when @ret is non-NULL (sets *ret). Other
 * arguments stay in @argv, compacted, and their count is returned; a bad
 * option is reported and -1 returned (a usage error).
 */
int kdbg_parse_source_opts(const char *object, int argc, char **argv,
			   struct kdbg_source_req *req, bool *ret);

/* "ID" or a target: fill @id, or @req->target, for SOURCE_DEL. */
int kdbg_parse_source_ref(const char *arg, uint32_t *id,
			  struct kdbg_source_req *req);

/*
 * The netlink half of "OBJECT add" and "OBJECT del" (probe.c): send the
 * request, print the new id (add), report errors with @object and the
 * target as context. Return: an exit code.
 */
int kdbg_source_add_run(const char *object, const struct kdbg_source_req *req);
int kdbg_source_del_run(const char *object, uint32_t id,
			const struct kdbg_source_req *req, const char *arg);

/* JSON keys (and text labels) of the KDBG_A_COUNTER_* attributes. */
extern const char *const kdbg_counter_names[];

/* Print the attached sources of one kind (probe.c): exit code. */
int kdbg_list_sources(bool tracepoints);

/* Print a KDBG_A_*_COUNTERS-style nest as "counters" (text: one line). */
void out_counters(const char *key, const struct nlattr *nest);

/* Print a STATS_GET reply (stats.c; an mnl callback, @data unused). */
struct nlmsghdr;
int kdbg_stats_print(const struct nlmsghdr *nlh, void *data);

/* Print one SOURCE_GET message's source (id, type, target, filters...). */
void out_source(const struct nlattr *const *tb);

#endif /* KDBGCTL_OUTPUT_H */
