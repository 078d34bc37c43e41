// SPDX-License-Identifier: GPL-2.0
/*
 * kdbgctl's help, man page and dispatcher agree: every command line that
 * `kdbgctl OBJECT help` prints is a command of user/kdbgctl.8 and vice
 * versa, for every object `kdbgctl help` lists (the list is read from
 * there, not copied here), in the same order as kdbgctl.8's SYNOPSIS;
 * every object of `kdbgctl help` is documented; and main.c's
 * dispatch (global options, unique prefixes, exit codes, usage errors
 * that never need the kernel, JSON errors) behaves as documented. main.c
 * is compiled in here under another name, as test binaries leave main.o
 * out.
 */
#define main kdbgctl_main
#include "../user/cmd/main.c"
#undef main

#include <setjmp.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#define MAX_LINES	256

struct run {
	int rc;
	char out[16384];
	char err[4096];
};

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	fflush(f);
	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
}

/* Run kdbgctl with @args (NULL-ended), capturing stdout and stderr. */
static struct run *run(const char *const *args)
{
	static struct run r;
	char *argv[32];
	FILE *o = tmpfile(), *e = tmpfile();
	int so, se, argc = 0;

	assert_non_null(o);
	assert_non_null(e);
	argv[argc++] = "kdbgctl";
	while (*args && argc < 31)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	opt_json = opt_pretty = false;
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	r.rc = kdbgctl_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(o, r.out, sizeof(r.out));
	slurp(e, r.err, sizeof(r.err));
	fclose(o);
	fclose(e);
	return &r;
}

/* The "kdbgctl ..." lines of a help text, the "Usage:" prefix removed. */
static int help_lines(const char *text, char lines[][512], int n)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *k = memmem(p, len, "kdbgctl ", 8);

		if (k && (k == p || !strncmp(p, "Usage: ", 7) ||
			  strspn(p, " ") == (size_t)(k - p)) && n < MAX_LINES)
			snprintf(lines[n++], 512, "%.*s", (int)(len - (k - p)), k);
		p += len + (nl ? 1 : 0);
	}
	return n;
}

static const char *man_path(void)
{
	static const char *const paths[] = {
		"user/kdbgctl.8", "../user/kdbgctl.8", NULL
	};
	int i;

	for (i = 0; paths[i]; i++)
		if (!access(paths[i], R_OK))
			return paths[i];
	return NULL;
}

/* The tag lines of .TP entries under COMMANDS, roff escapes removed. */
static int man_commands(char lines[][512])
{
	char line[1024];
	bool in_commands = false, tag = false;
	int n = 0;
	FILE *f;

	assert_non_null(man_path());
	f = fopen(man_path(), "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *src, *dst;

		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, ".SH", 3)) {
			in_commands = strstr(line, "COMMANDS") != NULL;
			continue;
		}
		if (!in_commands)
			continue;
		if (!strcmp(line, ".TP")) {
			tag = true;
			continue;
		}
		if (!tag)
			continue;
		tag = false;
		for (src = dst = line; *src; src++) {
			if (src[0] == '\\' && src[1] == 'f' && src[2]) {
				src += 2;
				continue;
			}
			if (src[0] == '\\' && src[1] == '-') {
				*dst++ = '-';
				src++;
				continue;
			}
			*dst++ = *src;
		}
		*dst = '\0';
		if (!strncmp(line, "kdbgctl fold", 12))
			continue;	/* fold documents itself */
		assert_true(n < MAX_LINES);
		snprintf(lines[n++], 512, "%.511s", line);
	}
	fclose(f);
	return n;
}

static bool contains(char lines[][512], int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(lines[i], s))
			return true;
	return false;
}

#define MAX_OBJECTS	64

/* The objects of `kdbgctl help`'s "OBJECT := { a | b }" line, in order. */
static int help_objects(char objs[][32])
{
	const char *args[] = { "help", NULL };
	struct run *r = run(args);
	char *list, *tok, *save;
	int n = 0;

	assert_int_equal(r->rc, 0);
	list = strstr(r->out, "OBJECT := {");
	assert_non_null(list);
	list += strlen("OBJECT := {");
	list[strcspn(list, "}")] = '\0';
	for (tok = strtok_r(list, " |", &save); tok;
	     tok = strtok_r(NULL, " |", &save)) {
		assert_true(n < MAX_OBJECTS);
		snprintf(objs[n++], 32, "%.31s", tok);
	}
	return n;
}

/* The same list from kdbgctl.8's SYNOPSIS line .IR OBJECT " := { " a " | " b " }". */
static int man_objects(char objs[][32])
{
	static const char tag[] = ".IR OBJECT \" := { \"";
	char line[2048], *tok, *save;
	bool found = false;
	int n = 0;
	FILE *f;

	assert_non_null(man_path());
	f = fopen(man_path(), "r");
	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, tag, strlen(tag));
	fclose(f);
	assert_true(found);
	for (tok = strtok_r(line + strlen(tag), "\" |{}\n", &save); tok;
	     tok = strtok_r(NULL, "\" |{}\n", &save)) {
		assert_true(n < MAX_OBJECTS);
		snprintf(objs[n++], 32, "%.31s", tok);
	}
	return n;
}

static void test_help_objects_match_man_synopsis(void **state)
{
	static char help[MAX_OBJECTS][32], man[MAX_OBJECTS][32];
	int nh = help_objects(help), nm = man_objects(man), i;

	(void)state;
	for (i = 0; i < nh && i < nm; i++)
		if (strcmp(help[i], man[i]))
			fail_msg("OBJECT %d: help says '%s', kdbgctl.8's SYNOPSIS '%s'",
				 i, help[i], man[i]);
	assert_int_equal(nh, nm);
}

static void test_help_matches_man_page(void **state)
{
	static char objects[MAX_OBJECTS][32];
	static char help[MAX_LINES][512], man[MAX_LINES][512];
	int nh = 0, nm, i, no = help_objects(objects);

	(void)state;
	for (i = 0; i < no; i++) {
		const char *args[] = { objects[i], "help", NULL };
		struct run *r;

		if (!strcmp(objects[i], "fold"))
			continue;	/* fold documents itself */
		r = run(args);

		assert_int_equal(r->rc, 0);
		nh = help_lines(r->out, help, nh);
	}
	nm = man_commands(man);
	for (i = 0; i < nh; i++)
		if (!contains(man, nm, help[i]))
			fail_msg("help line missing from kdbgctl.8 COMMANDS: '%s'",
				 help[i]);
	for (i = 0; i < nm; i++)
		if (!contains(help, nh, man[i]))
			fail_msg("kdbgctl.8 command not in any help: '%s'", man[i]);
	assert_true(nh >= 23);
}

static void test_help_objects_documented(void **state)
{
	const char *args[] = { "help", NULL };
	struct run *r = run(args);
	char *objs, *tok, *save;
	static char man[MAX_LINES][512];
	int nm = man_commands(man), i;

	(void)state;
	assert_int_equal(r->rc, 0);
	objs = strstr(r->out, "OBJECT := {");
	assert_non_null(objs);
	objs += strlen("OBJECT := {");
	objs[strcspn(objs, "}")] = '\0';
	for (tok = strtok_r(objs, " |", &save); tok;
	     tok = strtok_r(NULL, " |", &save)) {
		char prefix[64];
		bool found = !strcmp(tok, "fold");	/* its own help */

		snprintf(prefix, sizeof(prefix), "kdbgctl %s ", tok);
		for (i = 0; i < nm && !found; i++)
			found = !strncmp(man[i], prefix, strlen(prefix));
		if (!found)
			fail_msg("object '%s' has no command in kdbgctl.8", tok);
	}
}

static void test_dispatch_prefixes_and_options(void **state)
{
	const char *a1[] = { "-j", "prob", "he", NULL };
	const char *a2[] = { "--json", "--pretty", "tr", "help", NULL };
	const char *a3[] = { "-V", NULL };
	const char *a4[] = { "-jp", "version", NULL };
	const char *a5[] = { "--help", NULL };
	const char *a6[] = { "ring", "--help", NULL };
	const char *a7[] = { "stream", "-h", NULL };
	const char *a8[] = { "funcc", "help", NULL };
	const char *a9[] = { "stackc", "-h", NULL };
	const char *a10[] = { "ag", NULL };
	struct run *r;

	(void)state;
	r = run(a1);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "kdbgctl probe add"));
	r = run(a2);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "kdbgctl tracepoint list"));
	r = run(a3);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "kdbgctl "));
	r = run(a4);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "{\"version\":"));
	r = run(a5);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "Usage: kdbgctl"));
	r = run(a6);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "kdbgctl ring set"));
	r = run(a7);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "kdbgctl stream [--format"));
	r = run(a8);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "Usage: kdbgctl funccount [-d SEC]"));
	r = run(a9);
	assert_int_equal(r->rc, 0);
	assert_non_null(strstr(r->out, "[--format text|folded|svg|pprof] [-o FILE] PATTERN\n"));
	r = run(a10);	/* an object alone runs its first command: agg show */
	assert_int_equal(r->rc, access("/sys/module/kdbgmod", F_OK) ? 1 : 0);
}

struct usage_case {
	const char *args[8];
	const char *err;	/* expected stderr line */
};

static void test_usage_errors_exit_2(void **state)
{
	static const struct usage_case cases[] = {
		{ { NULL }, NULL },
		{ { "bogus", NULL },
		  "kdbgctl: error: unknown object 'bogus' (see: kdbgctl help)\n" },
		{ { "st", NULL },
		  "kdbgctl: error: ambiguous object 'st' (see: kdbgctl help)\n" },
		{ { "-x", "probe", NULL },
		  "kdbgctl: error: unknown option '-x' (see: kdbgctl help)\n" },
		{ { "probe", "frob", NULL },
		  "kdbgctl: error: probe: unknown command 'frob' (see: kdbgctl probe help)\n" },
		{ { "probe", "add", NULL },
		  "kdbgctl: error: probe add: missing SYMBOL (see: kdbgctl probe help)\n" },
		{ { "probe", "add", "a", "b", NULL },
		  "kdbgctl: error: probe add: one SYMBOL expected (see: kdbgctl probe help)\n" },
		{ { "probe", "add", "vfs_read", "--pid", "abc", NULL },
		  "kdbgctl: error: probe add: --pid 'abc': not a process id\n" },
		{ { "probe", "del", NULL },
		  "kdbgctl: error: probe del: missing ID, SYMBOL or PATTERN (see: kdbgctl probe help)\n" },
		{ { "probe", "del", "0", NULL },
		  "kdbgctl: error: probe del: '0' is neither a probe id nor a symbol\n" },
		{ { "probe", "list", "x", NULL },
		  "kdbgctl: error: probe list: unexpected argument 'x'\n" },
		{ { "tracepoint", "add", "sched_switch", NULL },
		  "kdbgctl: error: tracepoint add: 'sched_switch' is not SUBSYS:NAME\n" },
		{ { "tracepoint", "add", "sched:x", "--ret", NULL },
		  "kdbgctl: error: tracepoint add: unknown option '--ret' (see: kdbgctl tracepoint help)\n" },
		{ { "tracepoint", "list", "a", "b", NULL },
		  "kdbgctl: error: tracepoint list: one GLOB at most (see: kdbgctl tracepoint help)\n" },
		{ { "ring", "set", NULL },
		  "kdbgctl: error: ring set: nothing to set (see: kdbgctl ring help)\n" },
		{ { "ring", "set", "size", "12q", NULL },
		  "kdbgctl: error: ring set: size '12q': expected BYTES, BYTESk or BYTESm\n" },
		{ { "ring", "set", "mode", "wrap", NULL },
		  "kdbgctl: error: ring set: mode 'wrap': expected drop or overwrite\n" },
		{ { "ring", "set", "colour", "red", NULL },
		  "kdbgctl: error: ring set: unknown parameter 'colour' (see: kdbgctl ring help)\n" },
		{ { "recorder", "on", "--size", "3", NULL },
		  "kdbgctl: error: recorder on: --size '3': expected KiB per CPU, 4 to 65536\n" },
		{ { "recorder", "on", "--size=65537", NULL },
		  "kdbgctl: error: recorder on: --size '65537': expected KiB per CPU, 4 to 65536\n" },
		{ { "recorder", "on", "--last", "0", NULL },
		  "kdbgctl: error: recorder on: --last '0': expected 1 to 1024 events per CPU\n" },
		{ { "recorder", "on", "--last", NULL },
		  "kdbgctl: error: recorder on: '--last' needs a value\n" },
		{ { "recorder", "on", "--sizes", "4", NULL },
		  "kdbgctl: error: recorder on: unknown argument '--sizes' (see: kdbgctl recorder help)\n" },
		{ { "recorder", "off", "now", NULL },
		  "kdbgctl: error: recorder off: unexpected argument 'now' (see: kdbgctl recorder help)\n" },
		{ { "recorder", "freeze", "--stack", NULL },
		  "kdbgctl: error: recorder freeze: unknown argument '--stack' (see: kdbgctl recorder help)\n" },
		{ { "recorder", "dump", "--console", NULL },
		  "kdbgctl: error: recorder dump: unknown argument '--console' (see: kdbgctl recorder help)\n" },
		{ { "recorder", "frob", NULL },
		  "kdbgctl: error: recorder: unknown command 'frob' (see: kdbgctl recorder help)\n" },
		{ { "oops", "decode", "--frob", NULL },
		  "kdbgctl: error: oops decode: unknown option '--frob' (see: kdbgctl oops help)\n" },
		{ { "oops", "decode", "a", "b", NULL },
		  "kdbgctl: error: oops decode: one FILE expected (see: kdbgctl oops help)\n" },
		{ { "oops", "decode", "--vmlinux", NULL },
		  "kdbgctl: error: oops decode: option '--vmlinux' needs a value\n" },
		{ { "oops", "frob", NULL },
		  "kdbgctl: error: oops: unknown command 'frob' (see: kdbgctl oops help)\n" },
		{ { "stats", "x", NULL },
		  "kdbgctl: error: stats: unknown command 'x' (see: kdbgctl stats help)\n" },
		{ { "stream", "--format", "xml", NULL },
		  "kdbgctl: error: stream: --format 'xml': expected text, json, folded, svg or pprof\n" },
		{ { "stream", "--duration", "-1", NULL },
		  "kdbgctl: error: stream: --duration '-1': expected seconds > 0\n" },
		{ { "stream", "--count=0", NULL },
		  "kdbgctl: error: stream: --count '0': expected a number > 0\n" },
		{ { "stream", "--interval", "1", NULL },
		  "kdbgctl: error: stream: --interval applies to --format folded, svg and pprof\n" },
		{ { "stream", "--bogus", NULL },
		  "kdbgctl: error: stream: unknown argument '--bogus' (see: kdbgctl stream help)\n" },
		{ { "probe", "add", "vfs_read", "--hist", "linear=5,1,1", NULL },
		  "kdbgctl: error: probe add: --hist 'linear=5,1,1': expected log2 or linear=MIN,MAX,STEP (MIN < MAX, STEP > 0, at most 256 buckets)\n" },
		{ { "probe", "add", "vfs_read", "--key", "stack,tid", NULL },
		  "kdbgctl: error: probe add: --key 'stack,tid': expected a list of stack, comm, pid, tgid, cpu, arg=N, retval\n" },
		{ { "probe", "add", "vfs_read", "--value", "latency", NULL },
		  "kdbgctl: error: probe add: --value latency and retval need a kretprobe (--ret)\n" },
		{ { "probe", "add", "vfs_read", "--ret", "--hist", "log2", NULL },
		  "kdbgctl: error: probe add: --hist needs --value\n" },
		{ { "probe", "add", "vfs_read", "--max-matches", "3", NULL },
		  "kdbgctl: error: probe add: --max-matches applies to a PATTERN\n" },
		{ { "probe", "add", "vfs_*", "--entries", "0", NULL },
		  "kdbgctl: error: probe add: --entries '0': expected 1 to 65536\n" },
		{ { "tracepoint", "add", "sched:x", "--value", "latency", NULL },
		  "kdbgctl: error: tracepoint add: --value latency and retval apply to kretprobes\n" },
		{ { "tracepoint", "add", "sched:x", "--max-matches", "2", NULL },
		  "kdbgctl: error: tracepoint add: --max-matches applies to probe patterns\n" },
		{ { "funccount", NULL },
		  "kdbgctl: error: funccount: missing PATTERN (see: kdbgctl funccount help)\n" },
		{ { "funccount", "-d", "0", "vfs_*", NULL },
		  "kdbgctl: error: funccount: -d '0': expected seconds > 0\n" },
		{ { "funccount", "-i", NULL },
		  "kdbgctl: error: funccount: option '-i' needs a value\n" },
		{ { "funccount", "-p", "abc", "vfs_*", NULL },
		  "kdbgctl: error: funccount: -p 'abc': not a process id\n" },
		{ { "funccount", "vfs_read", "vfs_write", NULL },
		  "kdbgctl: error: funccount: one PATTERN expected (see: kdbgctl funccount help)\n" },
		{ { "funccount", "-u", "vfs_read", NULL },
		  "kdbgctl: error: funccount: unknown option '-u' (see: kdbgctl funccount help)\n" },
		{ { "funclatency", NULL },
		  "kdbgctl: error: funclatency: missing PATTERN (see: kdbgctl funclatency help)\n" },
		{ { "funclatency", "-x", "vfs_read", NULL },
		  "kdbgctl: error: funclatency: unknown option '-x' (see: kdbgctl funclatency help)\n" },
		{ { "stackcount", "--format", "xml", "submit_bio", NULL },
		  "kdbgctl: error: stackcount: --format 'xml': expected text, folded, svg or pprof\n" },
		{ { "stackcount", "-i", "1", "--format", "svg", "submit_bio", NULL },
		  "kdbgctl: error: stackcount: -i applies to --format text and folded\n" },
		{ { "stackcount", "-o", NULL },
		  "kdbgctl: error: stackcount: option '-o' needs a value\n" },
		{ { "profile", "-F", "10001", NULL },
		  "kdbgctl: error: profile: -F '10001': expected 1 to 10000 Hz\n" },
		{ { "profile", "-C", "x", NULL },
		  "kdbgctl: error: profile: -C 'x': not a CPU number\n" },
		{ { "profile", "-p", "1", "-a", NULL },
		  "kdbgctl: error: profile: -p and -a exclude each other\n" },
		{ { "profile", "-i", "1", NULL },
		  "kdbgctl: error: profile: unknown option '-i' (see: kdbgctl profile help)\n" },
		{ { "profile", "-T", NULL },
		  "kdbgctl: error: profile: unknown option '-T' (see: kdbgctl profile help)\n" },
		{ { "profile", "vfs_read", NULL },
		  "kdbgctl: error: profile: unexpected argument 'vfs_read' (see: kdbgctl profile help)\n" },
		{ { "agg", "show", "0", NULL },
		  "kdbgctl: error: agg show: '0' is not a source id\n" },
		{ { "agg", "show", "1", "2", NULL },
		  "kdbgctl: error: agg show: unexpected argument '2' (see: kdbgctl agg help)\n" },
		{ { "agg", "show", "--all", NULL },
		  "kdbgctl: error: agg show: unknown option '--all' (see: kdbgctl agg help)\n" },
		{ { "agg", "stacks", NULL },
		  "kdbgctl: error: agg stacks: missing ID (see: kdbgctl agg help)\n" },
		{ { "agg", "stacks", "x", NULL },
		  "kdbgctl: error: agg stacks: 'x' is not a source id\n" },
		{ { "syscount", "-e", "nosuchcall", NULL },
		  "kdbgctl: error: syscount: -e: unknown system call 'nosuchcall'\n" },
		{ { "syscount", "-e", ",", NULL },
		  "kdbgctl: error: syscount: -e: expected SYSCALL[,SYSCALL...]\n" },
		{ { "syscount", "-c", NULL },
		  "kdbgctl: error: syscount: option '-c' needs a value\n" },
		{ { "syscount", "-c", "0123456789abcdef", NULL },
		  "kdbgctl: error: syscount: -c '0123456789abcdef': a command name has 1 to 15 characters\n" },
		{ { "syscount", "read", NULL },
		  "kdbgctl: error: syscount: unexpected argument 'read' (see: kdbgctl syscount help)\n" },
		{ { "slab", "top", "-s", "x", NULL },
		  "kdbgctl: error: slab top: -s 'x': expected objs, size or growth\n" },
		{ { "slab", "top", "-c", "2", NULL },
		  "kdbgctl: error: slab top: -c needs -i\n" },
		{ { "memleak", "--sample", "0", NULL },
		  "kdbgctl: error: memleak: --sample '0': expected N >= 1 (see: kdbgctl memleak help)\n" },
		{ { "memleak", "--min-age", "-1", NULL },
		  "kdbgctl: error: memleak: --min-age '-1': expected seconds >= 0 (see: kdbgctl memleak help)\n" },
		{ { "runqlat", "-x", NULL },
		  "kdbgctl: error: runqlat: unknown option '-x' (see: kdbgctl runqlat help)\n" },
		{ { "runqlat", "-p", "0", NULL },
		  "kdbgctl: error: runqlat: -p '0': not a process id\n" },
		{ { "biolatency", "-p", "1", NULL },
		  "kdbgctl: error: biolatency: -p does not apply: requests complete in interrupt context\n" },
		{ { "biolatency", "-d", "x", NULL },
		  "kdbgctl: error: biolatency: -d 'x': expected seconds > 0\n" },
		{ { "offcpu", "--min-block", "x", NULL },
		  "kdbgctl: error: offcpu: --min-block 'x': expected microseconds\n" },
		{ { "offcpu", "-c", NULL },
		  "kdbgctl: error: offcpu: option '-c' needs a value\n" },
		{ { "lock", "--stack", NULL },
		  "kdbgctl: error: lock: unknown option '--stack' (see: kdbgctl lock help)\n" },
		{ { "drops", "-p", "1", NULL },
		  "kdbgctl: error: drops: -p does not apply: packets drop in softirq context, for no process\n" },
		{ { "tcpretrans", "--comm", "0123456789abcdef", NULL },
		  "kdbgctl: error: tcpretrans: --comm '0123456789abcdef': a command name has 1 to 15 characters\n" },
		{ { "doctor", "now", NULL },
		  "kdbgctl: error: doctor: unexpected argument 'now' (see: kdbgctl doctor help)\n" },
		{ { "fu", "help", NULL },
		  "kdbgctl: error: ambiguous object 'fu' (see: kdbgctl help)\n" },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run *r = run(cases[i].args);

		if (r->rc != KDBG_EXIT_USAGE)
			fail_msg("case %u (%s ...): exit %d, expected 2", i,
				 cases[i].args[0] ? cases[i].args[0] : "", r->rc);
		if (cases[i].err)
			assert_string_equal(r->err, cases[i].err);
	}
}

static void test_json_error_on_stdout(void **state)
{
	const char *args[] = { "-j", "probe", "add", NULL };
	struct run *r = run(args);

	(void)state;
	assert_int_equal(r->rc, KDBG_EXIT_USAGE);
	assert_string_equal(r->out,
		"{\"error\":\"probe add: missing SYMBOL (see: kdbgctl probe help)\"}\n");
	assert_string_equal(r->err,
		"kdbgctl: error: probe add: missing SYMBOL (see: kdbgctl probe help)\n");
}

static void test_runtime_error_without_module(void **state)
{
	const char *args[] = { "probe", "list", NULL };
	struct run *r;

	(void)state;
	if (!access("/sys/module/kdbgmod", F_OK))
		skip();
	r = run(args);
	assert_int_equal(r->rc, KDBG_EXIT_RUNTIME);
	assert_string_equal(r->err,
		"kdbgctl: error: the kdbg kernel module is not loaded (load it with: insmod kdbgmod.ko, or modprobe kdbgmod)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_matches_man_page),
		cmocka_unit_test(test_help_objects_match_man_synopsis),
		cmocka_unit_test(test_help_objects_documented),
		cmocka_unit_test(test_dispatch_prefixes_and_options),
		cmocka_unit_test(test_usage_errors_exit_2),
		cmocka_unit_test(test_json_error_on_stdout),
		cmocka_unit_test(test_runtime_error_without_module),
	};

	return cmocka_run_group_tests_name("kdbgctl_help", tests, NULL, NULL);
}
