// SPDX-License-Identifier: GPL-2.0
/*
 * Completion cannot drift from the help text: `kdbgctl __complete`
 * offers exactly the objects of `kdbgctl help` and, for each object with
 * commands, exactly the commands its help prints (both come from the
 * dispatch tables, so this also checks help against dispatch); every
 * option of a command's usage line is offered after '-', and nothing
 * that no help mentions. Values, lists and kernel symbols (from a fake
 * /proc/kallsyms) are offered where the grammar says. Last, a bash run of
 * tests/completion_bash.sh sources user/completion/kdbgctl.bash and
 * checks COMPREPLY, and (with zsh) tests/completion_zsh.sh runs _kdbgctl. main.c is compiled in under another name, as in
 * test_help.c.
 */
#define main kdbgctl_main
#include "../user/cmd/main.c"
#undef main

#include <setjmp.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#define MAX_SET	256

struct run {
	int rc;
	char out[65536];
};

/* Run kdbgctl with @args (NULL-ended), capturing stdout. */
static struct run *run(const char *const *args)
{
	static struct run r;
	char *argv[32];
	FILE *o = tmpfile();
	int so, argc = 0;
	size_t n;

	assert_non_null(o);
	argv[argc++] = "kdbgctl";
	while (*args && argc < 31)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	opt_json = opt_pretty = false;
	fflush(stdout);
	so = dup(1);
	dup2(fileno(o), 1);
	r.rc = kdbgctl_main(argc, argv);
	fflush(stdout);
	dup2(so, 1);
	close(so);
	rewind(o);
	n = fread(r.out, 1, sizeof(r.out) - 1, o);
	r.out[n] = '\0';
	fclose(o);
	return &r;
}

struct set {
	char v[MAX_SET][96];
	int n;
};

static void set_add(struct set *s, const char *w, size_t len)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && !strncmp(s->v[i], w, len))
			return;
	assert_true(s->n < MAX_SET);
	snprintf(s->v[s->n++], sizeof(s->v[0]), "%.*s", (int)len, w);
}

static bool set_has(const struct set *s, const char *w)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], w))
			return true;
	return false;
}

static void set_equal(const struct set *got, const struct set *want,
		      const char *what)
{
	int i;

	for (i = 0; i < want->n; i++)
		if (!set_has(got, want->v[i]))
			fail_msg("%s: '%s' is not offered", what, want->v[i]);
	for (i = 0; i < got->n; i++)
		if (!set_has(want, got->v[i]))
			fail_msg("%s: '%s' is offered but not in the help",
				 what, got->v[i]);
}

/* The candidates for `kdbgctl WORDS...`, the last word being completed. */
static void complete(struct set *s, const char *const *words)
{
	const char *args[32] = { "__complete" };
	struct run *r;
	char *p, *save;
	int n = 1;

	while (*words && n < 31)
		args[n++] = *words++;
	args[n] = NULL;
	s->n = 0;
	r = run(args);
	assert_int_equal(r->rc, 0);
	for (p = strtok_r(r->out, "\n", &save); p;
	     p = strtok_r(NULL, "\n", &save))
		set_add(s, p, strlen(p));
}

/* The second word of every "kdbgctl OBJECT X" line of @help, if a verb. */
static void help_verbs(const char *help, const char *object, struct set *s)
{
	char lead[64];
	const char *p = help;

	s->n = 0;
	snprintf(lead, sizeof(lead), "kdbgctl %s ", object);
	while ((p = strstr(p, lead))) {
		const char *w = p + strlen(lead);
		size_t len;

		w += strspn(w, "[");
		len = strspn(w, "abcdefghijklmnopqrstuvwxyz");
		if (len && strchr(" ]\n", w[len]))
			set_add(s, w, len);
		p = w;
	}
}

static void test_complete_objects_are_help_objects(void **state)
{
	const char *a[] = { "help", NULL }, *w[] = { "", NULL };
	struct set want = { .n = 0 }, got;
	char *objs, *tok, *save;
	struct run *r;

	(void)state;
	r = run(a);
	objs = strstr(r->out, "OBJECT := {");
	assert_non_null(objs);
	set_add(&want, "help", 4);	/* "kdbgctl help" */
	set_add(&want, "version", 7);	/* "kdbgctl version" */
	assert_non_null(strstr(r->out, "kdbgctl help\n"));
	assert_non_null(strstr(r->out, "kdbgctl version\n"));
	objs += strlen("OBJECT := {");
	objs[strcspn(objs, "}")] = '\0';
	for (tok = strtok_r(objs, " |", &save); tok;
	     tok = strtok_r(NULL, " |", &save))
		set_add(&want, tok, strlen(tok));
	complete(&got, w);
	set_equal(&got, &want, "kdbgctl <TAB>");
	assert_true(got.n >= 15);
}

static void test_complete_verbs_are_help_verbs(void **state)
{
	static const char *const objects[] = {
		"probe", "tracepoint", "ring", "stats", "stream", "agg",
		"funccount", "funclatency", "stackcount", "recorder", "oops",
		"doctor", NULL
	};
	struct set want, got;
	int i, tables = 0;

	(void)state;
	setenv("KDBG_KALLSYMS", "/nonexistent", 1);
	for (i = 0; objects[i]; i++) {
		const char *a[] = { objects[i], "help", NULL };
		const char *w[] = { objects[i], "", NULL };
		char what[64];

		help_verbs(run(a)->out, objects[i], &want);
		assert_true(set_has(&want, "help"));
		complete(&got, w);
		snprintf(what, sizeof(what), "kdbgctl %s <TAB>", objects[i]);
		if (want.n > 1)
			tables++;
		set_equal(&got, &want, what);
	}
	assert_true(tables >= 7);	/* probe ... doctor has only help */
	unsetenv("KDBG_KALLSYMS");
}

/* Every option of @object @verb's usage is offered, nothing else. */
static void check_options(const char *object, const char *verb)
{
	const char *a[] = { object, "help", NULL };
	const char *w[] = { object, verb, "-", NULL };
	const char *wo[] = { object, "-", NULL };
	struct set want = { .n = 0 }, got;
	static char help[65536];
	char lead[64], *p;
	int i;

	snprintf(help, sizeof(help), "%s", run(a)->out);
	snprintf(lead, sizeof(lead), verb ? "kdbgctl %s %s " : "kdbgctl %s ",
		 object, verb);
	for (p = help; (p = strstr(p, "-")); p++) {
		size_t len = strspn(p, "-abcdefghijklmnopqrstuvwxyzT");

		if ((p[1] == '-' || (p[1] >= 'a' && p[1] <= 'z') ||
		     p[1] == 'T') && (p == help || strchr(" [|", p[-1])) &&
		    strchr(" ]=|\n", p[len]))
			set_add(&want, p, len);
	}
	complete(&got, verb ? w : wo);
	assert_true(got.n > 0);
	/* all offered options are in the help ... */
	for (i = 0; i < got.n; i++)
		if (!set_has(&want, got.v[i]))
			fail_msg("%s %s: '%s' offered, in no help", object,
				 verb ? verb : "", got.v[i]);
	/* ... and every option of the verb's own line is offered */
	for (p = strstr(help, lead); p && *p && *p != '\n'; p++) {
		if (*p == '-' && strchr(" [", p[-1])) {
			char opt[64];

			snprintf(opt, sizeof(opt), "%.*s",
				 (int)strspn(p, "-abcdefghijklmnopqrstuvwxyzT"),
				 p);
			if (!set_has(&got, opt))
				fail_msg("%s %s: '%s' is not offered", object,
					 verb ? verb : "", opt);
		}
	}
}

static void test_complete_options_are_help_options(void **state)
{
	(void)state;
	check_options("probe", "add");
	check_options("tracepoint", "add");
	check_options("recorder", "on");
	check_options("recorder", "freeze");
	check_options("agg", "show");
	check_options("oops", "decode");
	check_options("stream", NULL);
	check_options("funccount", NULL);
	check_options("funclatency", NULL);
	check_options("stackcount", NULL);
}

static void expect(const char *const *words, const char *const *want)
{
	struct set got, w = { .n = 0 };

	for (; *want; want++)
		set_add(&w, *want, strlen(*want));
	complete(&got, words);
	set_equal(&got, &w, words[0]);
}

static void test_complete_values(void **state)
{
	(void)state;
	expect((const char *[]){ "ring", "set", "", NULL },
	       (const char *[]){ "size", "mode", NULL });
	expect((const char *[]){ "ring", "set", "mode", "", NULL },
	       (const char *[]){ "drop", "overwrite", NULL });
	expect((const char *[]){ "ring", "set", "size", "", NULL },
	       (const char *[]){ NULL });
	expect((const char *[]){ "stream", "--format", "", NULL },
	       (const char *[]){ "text", "json", "folded", "svg", "pprof",
				 NULL });
	expect((const char *[]){ "stackcount", "--format", "f", NULL },
	       (const char *[]){ "folded", NULL });
	expect((const char *[]){ "probe", "add", "x", "--key", "stack,c",
				 NULL },
	       (const char *[]){ "stack,comm", "stack,cpu", NULL });
	expect((const char *[]){ "probe", "add", "x", "--hist", "", NULL },
	       (const char *[]){ "log2", "linear=", NULL });
	expect((const char *[]){ "tracepoint", "add", "a:b", "--value", "",
				 NULL },
	       (const char *[]){ "arg=", NULL });
	expect((const char *[]){ "probe", "add", "x", "--pid", "", NULL },
	       (const char *[]){ NULL });
	expect((const char *[]){ "stream", "--output", "", NULL },
	       (const char *[]){ ":files", NULL });
	expect((const char *[]){ "oops", "decode", "", NULL },
	       (const char *[]){ ":files", NULL });
	expect((const char *[]){ "-j", "-", NULL },
	       (const char *[]){ "-j", "--json", "-p", "--pretty", "-h",
				 "--help", "-V", "--Version", NULL });
	expect((const char *[]){ "prob", "l", NULL },
	       (const char *[]){ "list", NULL });	/* prefixes resolve */
	expect((const char *[]){ "_", NULL }, (const char *[]){ NULL });
	expect((const char *[]){ "bogus", "", NULL }, (const char *[]){ NULL });
}

static void test_complete_kernel_symbols(void **state)
{
	char path[] = "/tmp/kdbg-kallsyms-XXXXXX";
	int fd = mkstemp(path);
	static const char ksyms[] =
		"ffffffff81366000 T vfs_read\n"
		"ffffffff81366100 t vfs_readv\n"
		"ffffffff81366200 D vfs_rdata\n"
		"ffffffff81366300 T vfs_write\n"
		"ffffffffc0100000 t ext4_file_open\t[ext4]\n"
		"ffffffffc0100100 T vfs_rmod\t[ext4]\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, ksyms, sizeof(ksyms) - 1),
			 (ssize_t)sizeof(ksyms) - 1);
	close(fd);
	setenv("KDBG_KALLSYMS", path, 1);
	expect((const char *[]){ "probe", "add", "vfs_r", NULL },
	       (const char *[]){ "vfs_read", "vfs_readv", NULL });
	expect((const char *[]){ "probe", "add", "--ret", "vfs_w", NULL },
	       (const char *[]){ "vfs_write", NULL });
	expect((const char *[]){ "probe", "add", "ext4:", NULL },
	       (const char *[]){ "ext4:ext4_file_open", "ext4:vfs_rmod", NULL });
	expect((const char *[]){ "funccount", "-d", "1", "vfs_re", NULL },
	       (const char *[]){ "vfs_read", "vfs_readv", NULL });
	expect((const char *[]){ "stackcount", "vfs_wr", NULL },
	       (const char *[]){ "vfs_write", NULL });
	/* one symbol only: a second one is not in the grammar */
	expect((const char *[]){ "probe", "add", "vfs_read", "vfs_r", NULL },
	       (const char *[]){ NULL });
	unsetenv("KDBG_KALLSYMS");
	unlink(path);
}

static void test_complete_bash_script(void **state)
{
	(void)state;
	if (access("user/kdbgctl", X_OK) || access("tests/completion_bash.sh",
						   R_OK))
		skip();	/* run from the top after `make user` */
	assert_int_equal(system("bash tests/completion_bash.sh"), 0);
}

static void test_complete_zsh_script(void **state)
{
	(void)state;
	if (access("user/kdbgctl", X_OK) || system("command -v zsh >/dev/null"))
		skip();	/* zsh is optional; run from the top after make */
	assert_int_equal(system("zsh tests/completion_zsh.sh"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete_objects_are_help_objects),
		cmocka_unit_test(test_complete_verbs_are_help_verbs),
		cmocka_unit_test(test_complete_options_are_help_options),
		cmocka_unit_test(test_complete_values),
		cmocka_unit_test(test_complete_kernel_symbols),
		cmocka_unit_test(test_complete_bash_script),
		cmocka_unit_test(test_complete_zsh_script),
	};

	return cmocka_run_group_tests_name("kdbgctl_complete", tests, NULL,
					   NULL);
}
