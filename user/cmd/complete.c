// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl __complete WORD...` (hidden): the candidates for the last WORD
 * of the command line `kdbgctl WORD...`, one per line, for the bash and
 * zsh completion scripts (user/completion/). Nothing here is a second copy
 * of the grammar: objects come from main.c's object table, verbs from each
 * object's command table (kdbg_cmd_run() hands it over instead of running
 * a verb), and options, keywords and their values from the usage lines
 * the object's own help prints. Live names are asked from the kernel and
 * /proc: source ids and targets (as `probe list` shows them), tracepoint
 * names (as `tracepoint list`), kernel functions from /proc/kallsyms. A
 * line ":files" asks the shell to complete a file name.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complete.h"
#include "kdbgctl.h"
#include "nl.h"
#include "output.h"

#define MAX_WORDS	512
#define HELP_MAX	8192

/* Candidates, collected then printed sorted and unique. */
struct cands {
	const char *prefix;
	const char *head;	/* printed before each: "stack," of a list */
	bool files;		/* and file names (":files") */
	char **v;
	size_t n, cap;
};

static void add(struct cands *c, const char *s, size_t len)
{
	if (strncmp(s, c->prefix, strlen(c->prefix)) ||
	    len < strlen(c->prefix))
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		char **v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n] = strndup(s, len);
	if (c->v[c->n])
		c->n++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_cands(struct cands *c)
{
	size_t i;

	if (c->files)
		printf(":files\n");
	qsort(c->v, c->n, sizeof(*c->v), cmp_str);
	for (i = 0; i < c->n; i++) {
		if (!i || strcmp(c->v[i], c->v[i - 1]))
			printf("%.*s%s\n", (int)(c->prefix - c->head),
			       c->head, c->v[i]);
		free(c->v[i]);
	}
	free(c->v);
}

/* ------------------------------------------------------------------ */
/* What an object's help and command table say                       */

/*
 * Run @fn("help") with stdout captured into @buf. @verbs, if not NULL,
 * receives the command table of an object that dispatches through
 * kdbg_cmd_run() (which then runs nothing).
 */
static void object_help(int (*fn)(int, char **), char *buf, size_t len,
			const struct kdbg_verb **verbs)
{
	char help[] = "help", *argv[] = { help, NULL };
	FILE *tmp = tmpfile();
	int saved;
	size_t n = 0;

	buf[0] = '\0';
	if (!tmp)
		return;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	kdbg_cmd_table_out = verbs;
	fn(1, argv);
	kdbg_cmd_table_out = NULL;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, len - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

/*
 * A usage line's words, split at blanks with the brackets around them
 * removed: "[--format" "text|json]" become "--format" "text|json".
 */
enum tok_kind { T_SKIP, T_OPT, T_WORD, T_VALUES, T_PH };

struct tok {
	char s[96];
	enum tok_kind kind;
	bool closes;		/* ended a [group]: "[-T]" takes no value */
};

static enum tok_kind kind_of(const char *t)
{
	if (t[0] == '-' && (isalpha((unsigned char)t[1]) ||
			    (t[1] == '-' && isalpha((unsigned char)t[2]))))
		return T_OPT;
	if (isupper((unsigned char)t[0]))
		return T_PH;
	if (islower((unsigned char)t[0]))
		return strchr(t, '|') ? T_VALUES : T_WORD;
	return T_SKIP;
}

/* "-u|-m" (in @t) becomes "-u" and "-m": return how many, at most @max. */
static size_t split_alternatives(struct tok *t, size_t max)
{
	char alts[sizeof(t->s)], *p, *save;
	bool closes = t->closes;
	size_t n = 0;

	snprintf(alts, sizeof(alts), "%s", t->s);
	for (p = strtok_r(alts, "|", &save); p && n < max;
	     p = strtok_r(NULL, "|", &save)) {
		snprintf(t[n].s, sizeof(t[n].s), "%s", p);
		t[n].kind = kind_of(p);
		t[n].closes = closes;
		n++;
	}
	return n;
}

/* Tokenise @line into @t (up to @max); stop at a "(" remark. */
static size_t tokens(const char *line, struct tok *t, size_t max)
{
	size_t n = 0, len;
	const char *p = line;

	while (*p && n < max) {
		p += strspn(p, " \t");
		if (*p == '(' || !*p || *p == '\n')
			break;
		len = strcspn(p, " \t\n");
		while (len && strchr("[{", *p))
			p++, len--;
		snprintf(t[n].s, sizeof(t[n].s), "%.*s", (int)len, p);
		p += len;
		len = strlen(t[n].s);
		t[n].closes = false;
		while (len && strchr("]}", t[n].s[len - 1])) {
			t[n].s[--len] = '\0';
			t[n].closes = true;
		}
		t[n].kind = len ? kind_of(t[n].s) : T_SKIP;
		if (t[n].kind == T_OPT && strchr(t[n].s, '|'))
			n += split_alternatives(&t[n], max - n);
		else if (t[n].kind != T_SKIP || !strcmp(t[n].s, ":="))
			n++;
	}
	return n;
}

/* A placeholder's name: "KEY[,KEY...]" is KEY, "SYMBOL[+OFF]|..." SYMBOL. */
static void ph_name(const char *t, char *name, size_t len)
{
	snprintf(name, len, "%.*s", (int)strcspn(t, "[,.+|"), t);
}

#define GRAMMAR_TOKS	256

static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}
#define GRAMMAR_DEFS	16

/* The grammar of one verb: its usage lines' tokens and the definitions. */
struct grammar {
	struct tok t[GRAMMAR_TOKS];
	size_t nu;		/* t[0..nu): usage lines, verb removed */
	size_t n;		/* t[nu..n): definitions */
	struct {
		char name[32];
		size_t start, end;	/* of its right-hand side in t */
	} def[GRAMMAR_DEFS];
	size_t ndef;
};

static bool has_def(const struct grammar *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->ndef; i++)
		if (!strcmp(g->def[i].name, name))
			return true;
	return false;
}

/* Add "NAME := ..." of @help (if there is one) to @g. */
static void add_def(struct grammar *g, const char *help, const char *name)
{
	char lead[48];
	const char *p;

	if (g->ndef == GRAMMAR_DEFS || has_def(g, name))
		return;
	snprintf(lead, sizeof(lead), "%s := ", name);
	for (p = help; (p = strstr(p, lead)); p++)
		if (p == help || p[-1] == '\n')
			break;
	if (!p)
		return;
	snprintf(g->def[g->ndef].name, sizeof(g->def[0].name), "%s", name);
	g->def[g->ndef].start = g->n;
	g->n += tokens(p + strlen(lead), g->t + g->n, GRAMMAR_TOKS - g->n);
	g->def[g->ndef].end = g->n;
	g->ndef++;
}

/*
 * The usage lines of @help that begin "kdbgctl @object @verb" (@verb
 * NULL: every line of @object), then the definitions of every
 * placeholder they use, transitively (AGG names KEY and HIST).
 */
static void grammar_of(struct grammar *g, const char *help,
		       const char *object, const char *verb)
{
	char lead[128], name[32];
	const char *p = help;
	size_t i;

	memset(g, 0, sizeof(*g));
	snprintf(lead, sizeof(lead), "kdbgctl %s", object);
	while (*p) {
		const char *end = strchr(p, '\n'), *k = p, *rest;
		size_t l = end ? (size_t)(end - p) : strlen(p);

		if (!strncmp(k, "Usage:", 6))
			k += 6;
		k += strspn(k, " ");
		rest = k + strlen(lead);
		if (!strncmp(k, lead, strlen(lead)) &&
		    (*rest == ' ' || *rest == '\n' || !*rest)) {
			rest += strspn(rest, " ");
			if (verb && !strncmp(rest, verb, strlen(verb)) &&
			    strchr(" \n", rest[strlen(verb)]))
				rest += strlen(verb);
			else if (verb)
				rest = NULL;
			if (rest)
				g->nu += tokens(rest, g->t + g->nu,
						GRAMMAR_TOKS / 2 - g->nu);
		} else if (!verb && k > p && *k == '-' && l > 2)
			/* an option described on its own line: "  --pid  ..." */
			g->nu += tokens(k, g->t + g->nu,
					min_sz(1, GRAMMAR_TOKS / 2 - g->nu));
		p += l + (end ? 1 : 0);
	}
	g->n = g->nu;
	for (i = 0; i < g->n; i++)
		if (g->t[i].kind == T_PH) {
			ph_name(g->t[i].s, name, sizeof(name));
			add_def(g, help, name);
		}
}

/* Add each alternative of "a|b|linear=MIN,..." ("linear=" for the last). */
static void add_values(struct cands *c, const char *alts)
{
	while (*alts) {
		size_t len = strcspn(alts, "|");
		size_t eq = strcspn(alts, "=");

		if (islower((unsigned char)*alts))
			add(c, alts, eq < len ? eq + 1 : len);
		alts += len + (alts[len] == '|');
	}
}

/* The words of placeholder @ph's definition, if it lists any. */
static bool add_def_values(const struct grammar *g, const char *ph,
			   struct cands *c)
{
	char name[32];
	bool any = false;
	size_t i, j;

	ph_name(ph, name, sizeof(name));
	for (i = 0; i < g->ndef; i++) {
		if (strcmp(g->def[i].name, name))
			continue;
		for (j = g->def[i].start; j < g->def[i].end; j++)
			if (g->t[j].kind == T_WORD || g->t[j].kind == T_VALUES) {
				add_values(c, g->t[j].s);
				any = true;
			}
	}
	return any;
}

/*
 * What follows @word (an option or keyword) in the grammar: its values
 * go into @c (return T_VALUES), or it takes a placeholder without listed
 * values (T_PH, the placeholder in @ph), or it takes nothing (T_SKIP).
 */
static enum tok_kind after(const struct grammar *g, const char *word,
			   struct cands *c, const char **ph)
{
	size_t i;

	for (i = 0; i + 1 < g->n; i++) {
		const struct tok *next = &g->t[i + 1];

		if (strcmp(g->t[i].s, word) ||
		    (g->t[i].kind != T_OPT && g->t[i].kind != T_WORD))
			continue;
		if (g->t[i].closes)
			return T_SKIP;
		if (next->kind == T_VALUES ||
		    (g->t[i].kind == T_OPT && next->kind == T_WORD)) {
			add_values(c, next->s);
			return T_VALUES;
		}
		if (next->kind == T_PH) {
			*ph = next->s;
			return add_def_values(g, next->s, c) ? T_VALUES : T_PH;
		}
		return T_SKIP;
	}
	return T_SKIP;
}

/* ------------------------------------------------------------------ */
/* Live names                                                          */

struct live {
	struct cands *c;
	bool tracepoints;	/* which sources: tracepoints or probes */
	bool any;		/* both */
};

static int sources_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct live *l = data;
	char id[16];
	const char *target;
	bool tp;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	tp = kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0) == KDBG_SOURCE_TRACEPOINT;
	if (!l->any && tp != l->tracepoints)
		return MNL_CB_OK;
	snprintf(id, sizeof(id), "%u", kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0));
	add(l->c, id, strlen(id));
	target = kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], NULL);
	if (target)
		add(l->c, target, strlen(target));
	return MNL_CB_OK;
}

static int tracepoints_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct live *l = data;
	const char *name;

	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) < 0)
		return MNL_CB_ERROR;
	name = kdbg_nl_str(tb[KDBG_A_TRACEPOINT_NAME], NULL);
	if (name)
		add(l->c, name, strlen(name));
	return MNL_CB_OK;
}

/* A dump of @cmd into @l; quiet: completion never prints an error. */
static void live_dump(uint8_t cmd, mnl_cb_t cb, struct live *l)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
	struct kdbg_nl *nl;

	fflush(stderr);
	if (null >= 0)
		dup2(null, STDERR_FILENO);
	nl = kdbg_nl_open();
	if (nl) {
		kdbg_nl_talk(nl, kdbg_nl_msg(nl, cmd, NLM_F_DUMP), cb, l);
		kdbg_nl_close(nl);
	}
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (null >= 0)
		close(null);
}

/* Functions of /proc/kallsyms; "MODULE:FUNCTION" once a ':' is typed. */
static void kallsyms(struct cands *c)
{
	const char *path = getenv("KDBG_KALLSYMS");
	bool modules = strchr(c->prefix, ':') != NULL;
	char line[512], name[256], mod[128], both[400];
	char type;
	FILE *f;

	f = fopen(path ? path : "/proc/kallsyms", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%*s %c %255s [%127[^]]]", &type, name,
			       mod);

		if (n < 2 || (type != 't' && type != 'T'))
			continue;
		if (n == 2 && !modules)
			add(c, name, strlen(name));
		else if (n == 3 && modules) {
			snprintf(both, sizeof(both), "%s:%s", mod, name);
			add(c, both, strlen(both));
		}
	}
	fclose(f);
}

static bool is_path(const char *ph)
{
	return strstr(ph, "FILE") || strstr(ph, "PATH") || strstr(ph, "DIR") ||
	       !strcmp(ph, "BEFORE") || !strcmp(ph, "AFTER");
}

/* The live names a positional placeholder stands for. */
static void live_names(const char *object, const char *ph, struct cands *c)
{
	struct live l = { .c = c };

	if (is_path(ph)) {
		c->files = true;
		return;
	}
	if (strstr(ph, "ID") || strstr(ph, "TARGET")) {
		l.tracepoints = !strcmp(object, "tracepoint");
		l.any = strcmp(object, "probe") && !l.tracepoints;
		live_dump(KDBG_CMD_SOURCE_GET, sources_cb, &l);
		return;
	}
	if (strstr(ph, "SUBSYS:NAME")) {
		live_dump(KDBG_CMD_TRACEPOINT_GET, tracepoints_cb, &l);
		return;
	}
	if (strstr(ph, "SYMBOL") || strstr(ph, "PATTERN") ||
	    strstr(ph, "FUNCTION"))
		kallsyms(c);
}

/* ------------------------------------------------------------------ */
/* The command line                                                    */

/* Global options from the OPTIONS line of `kdbgctl help`: -j[son]. */
static void global_options(const char *help, struct cands *c)
{
	const char *p = strstr(help, "OPTIONS := ");
	struct tok t[32];
	size_t n, i;

	if (!p)
		return;
	n = tokens(p + strlen("OPTIONS := "), t, 32);
	for (i = 0; i < n; i++) {
		char *open = strchr(t[i].s, '['), longer[128];

		if (t[i].kind != T_OPT)
			continue;
		add(c, t[i].s, open ? (size_t)(open - t[i].s) : strlen(t[i].s));
		if (open) {
			snprintf(longer, sizeof(longer), "-%.*s%s",
				 (int)(open - t[i].s), t[i].s, open + 1);
			add(c, longer, strlen(longer));
		}
	}
}

int kdbg_complete(const struct kdbg_verb *objects, int argc, char **argv)
{
	static char help[HELP_MAX];
	static struct grammar g;
	const char *names[64], *vnames[64];
	const struct kdbg_verb *verbs = NULL;
	const char *cur, *object, *verb = NULL, *ph = NULL;
	struct cands c = { 0 };
	int i, n, o, first, pos = 0;
	size_t t;

	if (argc < 1)
		return KDBG_EXIT_USAGE;
	cur = argv[argc - 1];
	c.prefix = c.head = cur;
	for (n = 0; objects[n].name && n < 63; n++)
		names[n] = objects[n].name;
	names[n] = NULL;

	/* Global options come before the object. */
	for (first = 0; first < argc - 1 && argv[first][0] == '-'; first++)
		;
	if (first == argc - 1) {
		o = kdbg_match("help", names);
		if (cur[0] == '-' && o >= 0) {
			object_help(objects[o].fn, help, sizeof(help), NULL);
			global_options(help, &c);
		} else {
			for (i = 0; objects[i].name; i++)
				if (strncmp(objects[i].name, "__", 2))
					add(&c, objects[i].name,
					    strlen(objects[i].name));
		}
		goto out;
	}
	o = kdbg_match(argv[first], names);
	if (o < 0 || !strncmp(objects[o].name, "__", 2))
		goto out;
	object = objects[o].name;
	object_help(objects[o].fn, help, sizeof(help), &verbs);
	if (verbs) {
		object_help(objects[o].fn, help, sizeof(help), NULL);
		for (n = 0; verbs[n].name && n < 63; n++)
			vnames[n] = verbs[n].name;
		vnames[n] = NULL;
		if (first + 1 == argc - 1) {
			for (i = 0; i < n; i++)
				add(&c, vnames[i], strlen(vnames[i]));
			goto out;
		}
		i = kdbg_match(argv[first + 1], vnames);
		if (i < 0)
			goto out;
		verb = vnames[i];
		first++;
	}
	grammar_of(&g, help, object, verb);

	/* After an option or keyword that takes a value: its values. */
	if (argc - 2 > first) {
		/* "KEY[,KEY...]": complete the item after the last comma */
		if (strchr(cur, ','))
			c.prefix = strrchr(cur, ',') + 1;
		switch (after(&g, argv[argc - 2], &c, &ph)) {
		case T_VALUES:
			goto out;
		case T_PH:
			/* a file, or a number, a comm: nothing to offer */
			c.files = kind_of(argv[argc - 2]) == T_OPT &&
				  is_path(ph);
			goto out;
		default:
			c.prefix = cur;
			break;
		}
	}
	if (cur[0] == '-') {
		for (t = 0; t < g.n; t++)
			if (g.t[t].kind == T_OPT)
				add(&c, g.t[t].s, strcspn(g.t[t].s, "="));
		goto out;
	}
	/*
	 * Positional: keywords anywhere, and the placeholder of the slot the
	 * word fills (options, their values and keywords are not slots).
	 */
	for (i = first + 1; i < argc - 1; i++) {
		struct cands skip = { .prefix = "" };
		const char *p2 = NULL;

		if (argv[i][0] == '-') {
			if (after(&g, argv[i], &skip, &p2) != T_SKIP)
				i++;
		} else if (after(&g, argv[i], &skip, &p2) != T_SKIP) {
			i++;	/* a keyword and its value */
		} else {
			pos++;
		}
		for (size_t k = 0; k < skip.n; k++)
			free(skip.v[k]);
		free(skip.v);
	}
	for (t = 0; t < g.nu; t++) {	/* keywords: any position */
		if (g.t[t].kind == T_OPT || g.t[t].kind == T_WORD) {
			if (g.t[t].kind == T_WORD)
				add(&c, g.t[t].s, strlen(g.t[t].s));
			if (!g.t[t].closes && t + 1 < g.nu &&
			    g.t[t + 1].kind != T_OPT &&
			    (g.t[t].kind == T_OPT || g.t[t + 1].kind != T_WORD))
				t++;	/* and skip its value */
		}
	}
	for (t = 0; t < g.nu; t++) {	/* the slot's placeholder */
		if (g.t[t].kind == T_OPT || g.t[t].kind == T_WORD) {
			if (!g.t[t].closes && t + 1 < g.nu &&
			    g.t[t + 1].kind != T_OPT &&
			    (g.t[t].kind == T_OPT || g.t[t + 1].kind != T_WORD))
				t++;
		} else if (g.t[t].kind == T_PH &&
			   strcmp(g.t[t].s, "OPTIONS") && !pos--) {
			live_names(object, g.t[t].s, &c);
			break;
		}
	}
out:
	print_cands(&c);
	return KDBG_EXIT_OK;
}
