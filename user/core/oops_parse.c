// SPDX-License-Identifier: GPL-2.0
/*
 * The report parser of `oops decode` (see oops.h). Each input line loses
 * what its transport added (oops_strip_prefix()), then either starts a
 * report (a header line), belongs to an open one, or is noise: lines
 * from other CPUs and other messages are skipped, never ending a report.
 * When the log carries printk caller ids ("[  T123]"), lines go to the
 * report their caller opened, so reports printed at once on two CPUs
 * stay apart. The flight recorder's "kdbg-recorder:" lines are parsed on
 * their own and attached to the report they were printed in (or the one
 * before, or after). Formats are Linux 6.1's; the file and line each is
 * printed from is cited where it is matched.
 */
#include "oops_priv.h"

static const char *const kind_names[] = {
	[OOPS_KIND_BUG] = "bug",
	[OOPS_KIND_OOPS] = "oops",
	[OOPS_KIND_GPF] = "general-protection-fault",
	[OOPS_KIND_WARNING] = "warning",
	[OOPS_KIND_KASAN] = "kasan",
	[OOPS_KIND_LOCKDEP] = "lockdep",
	[OOPS_KIND_SOFT_LOCKUP] = "soft-lockup",
	[OOPS_KIND_HARD_LOCKUP] = "hard-lockup",
	[OOPS_KIND_HUNG_TASK] = "hung-task",
};

const char *oops_kind_name(enum oops_kind kind)
{
	if (kind < OOPS_KIND_BUG || kind > OOPS_KIND_HUNG_TASK)
		return "unknown";
	return kind_names[kind];
}

static struct oops_report *report_new(struct parser *ps, enum oops_kind kind,
				      const char *title, const char *caller)
{
	struct oops_list *l = ps->list;
	struct oops_report *r;

	if (l->nr == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct oops_report **a = realloc(l->reports, cap * sizeof(*a));

		if (!a) {
			ps->err = -ENOMEM;
			return NULL;
		}
		l->reports = a;
		l->cap = cap;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		ps->err = -ENOMEM;
		return NULL;
	}
	r->kind = kind;
	r->cpu = r->pid = -1;
	r->kasan.rel_bytes = -1;
	r->first_line = r->last_line = ps->lineno;
	COPY(r->title, title, strlen(title));
	COPY(r->caller, caller, strlen(caller));
	l->reports[l->nr++] = r;
	if (ps->nr_open == MAX_OPEN) {
		ps->open[0]->done = true;
		memmove(ps->open, ps->open + 1,
			(MAX_OPEN - 1) * sizeof(ps->open[0]));
		ps->nr_open--;
	}
	ps->open[ps->nr_open++] = r;
	ps->last = r;
	return r;
}

static void report_done(struct parser *ps, struct oops_report *r)
{
	size_t i;

	r->done = true;
	r->section = SEC_NONE;
	for (i = 0; i < ps->nr_open; i++)
		if (ps->open[i] == r) {
			memmove(ps->open + i, ps->open + i + 1,
				(ps->nr_open - i - 1) * sizeof(ps->open[0]));
			ps->nr_open--;
			return;
		}
}

/* The open report a line of @caller belongs to: same caller, or any. */
static struct oops_report *report_of(struct parser *ps, const char *caller)
{
	size_t i;

	for (i = ps->nr_open; i-- > 0;)
		if (!strcmp(ps->open[i]->caller, caller))
			return ps->open[i];
	return NULL;
}

static void set_where(struct oops_report *r, const char *s, bool exact)
{
	struct oops_frame fr;

	if (!oops_parse_frame(s, &fr))
		return;
	fr.exact = exact;
	r->where = fr;
	r->has_location = true;
}

/*
 * A die header: "Oops: 0002 [#1] PREEMPT SMP KASAN", "invalid opcode:
 * 0000 [#1] ...", "general protection fault, probably for non-canonical
 * address 0x...: 0000 [#1] ..." (arch/x86/kernel/dumpstack.c:426).
 */
static bool die_header(const char *msg, size_t *str_len, uint64_t *err,
		       unsigned int *counter)
{
	const char *p = strstr(msg, ": ");

	while (p) {
		const char *e;

		if (hex_u64(p + 2, err, &e) && e - (p + 2) == 4 &&
		    !strncmp(e, " [#", 3) && isdigit((unsigned char)e[3])) {
			*counter = strtoul(e + 3, NULL, 10);
			*str_len = p - msg;
			return true;
		}
		p = strstr(p + 1, ": ");
	}
	return false;
}

/* Lockdep's report titles ("WARNING: " + one of these), lockdep.c. */
static bool lockdep_title(const char *t)
{
	static const char *const titles[] = {
		"possible circular locking dependency detected",	/* :1974 */
		"possible recursive locking detected",			/* :3021 */
		"inconsistent lock state",				/* :4004 */
		"possible irq lock inversion dependency detected",	/* :4066 */
		"bad unlock balance detected!",				/* :5215 */
		"Nested lock was not taken",				/* :4990 */
		"chain_key collision",					/* :3640 */
		"bad contention detected!",				/* :5936 */
		"held lock freed!",
		"lock held when returning to user space!",
		"suspicious RCU usage",
		NULL
	};
	int i;

	for (i = 0; titles[i]; i++)
		if (starts(t, titles[i]))
			return true;
	/* "%s-safe -> %s-unsafe lock order detected" (:2603) */
	return strstr(t, "-safe -> ") && strstr(t, "lock order detected");
}

/*
 * Start a report if @msg is a header. Return true when the line was
 * consumed (a new report, or an "Oops:" header joining its BUG: line).
 */
static bool header(struct parser *ps, const char *msg, const char *caller)
{
	struct oops_report *r, *cur = report_of(ps, caller);
	const char *p, *h = msg;
	uint64_t err;
	unsigned int counter;
	size_t n;

	/* pr_fmt() of kernel/watchdog.c:13 and kernel/watchdog_hld.c:13 */
	if (starts(h, "watchdog: "))
		h += 10;
	else if (starts(h, "NMI watchdog: "))
		h += 14;

	/* mm/kasan/report.c:210: "BUG: KASAN: %s in %pS" */
	if (starts(msg, "BUG: KASAN: ")) {
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_KASAN, msg, caller);
		if (!r)
			return true;
		p = strstr(msg + 12, " in ");
		COPY(r->kasan.bug_type, msg + 12,
		     p ? (size_t)(p - msg - 12) : strlen(msg + 12));
		COPY(r->type, r->kasan.bug_type, strlen(r->kasan.bug_type));
		if (p)
			set_where(r, p + 4, false);
		return true;
	}
	/* arch/x86/mm/fault.c:554 and :557 */
	if (starts(msg, "BUG: kernel NULL pointer dereference, address: ") ||
	    starts(msg, "BUG: unable to handle page fault for address: ")) {
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_OOPS, msg, caller);
		if (!r)
			return true;
		strcpy(r->type, msg[5] == 'k' ? "null-pointer-dereference" :
						 "page-fault");
		r->has_fault_addr = hex_u64(strstr(msg, "address: ") + 9,
					    &r->fault_addr, NULL);
		return true;
	}
	/* kernel/watchdog.c:434: "BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]" */
	if (starts(h, "BUG: soft lockup - CPU#")) {
		const char *b;

		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_SOFT_LOCKUP, msg, caller);
		if (!r)
			return true;
		strcpy(r->type, "soft-lockup");
		r->cpu = atoi(h + 23);
		p = strstr(h, " stuck for ");
		if (p)
			r->stuck_secs = strtoul(p + 11, NULL, 10);
		b = strrchr(h, '[');
		p = b ? strrchr(b, ':') : NULL;
		if (b && p) {
			COPY(r->comm, b + 1, p - b - 1);
			r->pid = atoi(p + 1);
		}
		return true;
	}
	/* kernel/watchdog_hld.c:142 */
	if (starts(h, "Watchdog detected hard LOCKUP on cpu ")) {
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_HARD_LOCKUP, msg, caller);
		if (!r)
			return true;
		strcpy(r->type, "hard-lockup");
		r->cpu = atoi(h + 37);
		return true;
	}
	/* kernel/hung_task.c:133: "INFO: task %s:%d blocked for more than %ld seconds." */
	if (starts(msg, "INFO: task ") && (p = strstr(msg, " blocked for more than "))) {
		const char *colon = p;

		while (colon > msg + 11 && *colon != ':')
			colon--;
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_HUNG_TASK, msg, caller);
		if (!r)
			return true;
		strcpy(r->type, "hung-task");
		if (*colon == ':') {
			COPY(r->comm, msg + 11, colon - msg - 11);
			r->pid = atoi(colon + 1);
		}
		r->stuck_secs = strtoul(p + 23, NULL, 10);
		r->section = SEC_NONE;
		return true;
	}
	/* lib/bug.c:205: "kernel BUG at %s:%u!" */
	if (starts(msg, "kernel BUG at ")) {
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_OOPS, msg, caller);
		if (!r)
			return true;
		strcpy(r->type, "kernel-bug");
		p = strrchr(msg, ':');
		if (p && p > msg + 14) {
			COPY(r->src_file, msg + 14, p - msg - 14);
			r->src_line = strtoul(p + 1, NULL, 10);
		}
		return true;
	}
	/*
	 * kernel/panic.c:665 "WARNING: CPU: %d PID: %d at %s:%d %pS" and
	 * :669 "WARNING: CPU: %d PID: %d at %pS".
	 */
	if (starts(msg, "WARNING: CPU: ")) {
		const char *at;

		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_WARNING, msg, caller);
		if (!r)
			return true;
		strcpy(r->type, "warning");
		r->cpu = atoi(msg + 14);
		p = strstr(msg, " PID: ");
		if (p)
			r->pid = atoi(p + 6);
		at = strstr(msg, " at ");
		if (at) {
			const char *sp = strrchr(at + 4, ' ');
			const char *fr = at + 4;

			/* " at file:line func+off/size [mod]": two words or more */
			if (sp && sp[1] == '[')
				sp = memrchr(at + 4, ' ', sp - at - 4);
			if (sp) {
				const char *colon = memrchr(at + 4, ':', sp - at - 4);

				if (colon) {
					COPY(r->src_file, at + 4, colon - at - 4);
					r->src_line = strtoul(colon + 1, NULL, 10);
				}
				fr = sp + 1;
			}
			set_where(r, fr, true);
		}
		return true;
	}
	if (starts(msg, "WARNING: ") && lockdep_title(msg + 9)) {
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_LOCKDEP, msg, caller);
		if (!r)
			return true;
		n = strlen(msg + 9);
		slug(r->type, sizeof(r->type), msg + 9, n);
		if (starts(r->type, "possible-"))
			memmove(r->type, r->type + 9, strlen(r->type + 9) + 1);
		if (strlen(r->type) > 9 &&
		    !strcmp(r->type + strlen(r->type) - 9, "-detected"))
			r->type[strlen(r->type) - 9] = '\0';
		return true;
	}
	/* Die headers: a report of their own, or the second line of a BUG: */
	if (die_header(msg, &n, &err, &counter)) {
		bool gpf = starts(msg, "general protection fault");

		if (cur && cur->kind == OOPS_KIND_OOPS && !cur->die_counter &&
		    !gpf) {
			cur->has_error_code = true;
			cur->error_code = err;
			cur->die_counter = counter;
			return true;
		}
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, gpf ? OOPS_KIND_GPF : OOPS_KIND_OOPS, msg,
			       caller);
		if (!r)
			return true;
		r->has_error_code = true;
		r->error_code = err;
		r->die_counter = counter;
		if (gpf) {
			/* arch/x86/kernel/traps.c:772: "..., %s 0x%lx" */
			strcpy(r->type, "general-protection-fault");
			p = strstr(msg, " address 0x");
			if (p && p < msg + n)
				r->has_fault_addr = hex_u64(p + 9, &r->fault_addr,
							    NULL);
		} else {
			slug(r->type, sizeof(r->type), msg, n);
		}
		return true;
	}
	/* Any other "BUG: ..." (sleeping in atomic, scheduling while atomic) */
	if (starts(msg, "BUG: ")) {
		const char *end = msg + 5 + strcspn(msg + 5, ":");

		p = strstr(msg + 5, " at ");
		if (p && p < end)
			end = p;
		if (cur)
			report_done(ps, cur);
		r = report_new(ps, OOPS_KIND_BUG, msg, caller);
		if (!r)
			return true;
		slug(r->type, sizeof(r->type), msg + 5, end - msg - 5);
		if (p) {
			const char *colon = strrchr(p + 4, ':');

			if (colon) {
				COPY(r->src_file, p + 4, colon - p - 4);
				r->src_line = strtoul(colon + 1, NULL, 10);
			}
		}
		return true;
	}
	return false;
}

/*
 * lib/dump_stack.c:58: "CPU: %d PID: %d Comm: %.20s %s%s %s %.*s" with
 * print_tainted() ("Tainted: " + letters and blanks, or "Not tainted"),
 * then the release and the version's first word.
 */
static const char *parse_taint(struct oops_report *r, const char *p)
{
	const char *t;

	if (starts(p, "Not tainted")) {
		r->has_taint = true;
		r->taint[0] = '\0';
		return p + 11;
	}
	if (!starts(p, "Tainted: "))
		return NULL;
	p += 9;
	for (t = p; *t && (isupper((unsigned char)*t) || *t == ' '); t++)
		;
	COPY(r->taint, p, t - p);
	while (strlen(r->taint) && r->taint[strlen(r->taint) - 1] == ' ')
		r->taint[strlen(r->taint) - 1] = '\0';
	r->has_taint = true;
	return t;
}

/* " 6.1.158 #1" after the taint: release and version. */
static void parse_release(struct oops_report *r, const char *p)
{
	size_t n;

	p += strspn(p, " ");
	n = strcspn(p, " ");
	if (!n)
		return;
	COPY(r->release, p, n);
	p += n;
	p += strspn(p, " ");
	n = strcspn(p, " ");
	COPY(r->version, p, n);
	/* LINUX_PACKAGE_ID, e.g. " Debian 6.1.192-3" (lib/dump_stack.c:58) */
	p += n;
	p += strspn(p, " ");
	n = strlen(p);
	while (n && p[n - 1] == ' ')
		n--;
	/* then, with CONFIG_STACKTRACE_BUILD_ID, BUILD_ID_FMT " %20phN" */
	if (n >= 40 && strspn(p + n - 40, "0123456789abcdef") == 40 &&
	    (n == 40 || p[n - 41] == ' ')) {
		COPY(r->build_id, p + n - 40, 40);
		n = n > 40 ? n - 41 : 0;
		while (n && p[n - 1] == ' ')
			n--;
	}
	COPY(r->package, p, n);
}

static void parse_cpu_line(struct oops_report *r, const char *msg)
{
	const char *comm, *p, *t;

	r->cpu = atoi(msg + 5);
	p = strstr(msg, " PID: ");
	if (p)
		r->pid = atoi(p + 6);
	comm = strstr(msg, " Comm: ");
	if (!comm)
		return;
	comm += 7;
	t = strstr(comm, " Not tainted");
	if (!t)
		t = strstr(comm, " Tainted: ");
	if (!t)
		return;
	COPY(r->comm, comm, t - comm);
	p = t + 1;
	if (starts(p, "Kdump: loaded "))
		p += 14;
	p = parse_taint(r, p);
	if (p)
		parse_release(r, p);
}

/* "6.1.158 #1 Not tainted": lockdep.c:804 and hung_task.c:135. */
static void parse_ident(struct oops_report *r, const char *msg)
{
	const char *t = strstr(msg, " Not tainted");
	char rel[192];

	if (!t)
		t = strstr(msg, " Tainted: ");
	if (t) {
		/* lockdep: release version taint */
		msg += strspn(msg, " ");
		if (isdigit((unsigned char)*msg) && t > msg) {
			COPY(rel, msg, t - msg);
			parse_release(r, rel);
			parse_taint(r, t + 1);
			return;
		}
		/* hung task: taint release version */
		t = parse_taint(r, msg);
		if (t)
			parse_release(r, t);
	}
}

/* "ffffffffc0002100 (lock_a){+.+.}-{3:3}, at: func+0x../0x.. [mod]" */
static void parse_lock(struct oops_lock *l, const char *msg)
{
	const char *o = strstr(msg, " ("), *c, *at;

	if (!o && msg[0] == '(')
		o = msg - 1;
	if (!o)
		return;
	c = strstr(o, "){");
	if (!c)
		c = strchr(o, ')');
	if (c)
		COPY(l->name, o + 2, c - o - 2);
	at = strstr(msg, ", at: ");
	if (at && oops_parse_frame(at + 6, &l->at))
		l->at.exact = false;
}

static int add_text(char **dst, const char *s)
{
	size_t old = *dst ? strlen(*dst) : 0, n = strlen(s);
	char *p = realloc(*dst, old + n + 2);

	if (!p)
		return -ENOMEM;
	if (old)
		p[old++] = '\n';
	memcpy(p + old, s, n + 1);
	*dst = p;
	return 0;
}

static void shadow_line(struct oops_report *r, const char *msg, int *err)
{
	struct oops_kasan *k = &r->kasan;
	const char *caret = strchr(msg, '^');

	if (caret && strspn(msg, " ") == (size_t)(caret - msg)) {
		size_t col = caret - msg;

		k->shadow_col = col + 1;
		if (col + 1 < strlen(k->shadow_bad) &&
		    isxdigit((unsigned char)k->shadow_bad[col]))
			COPY(k->shadow_byte, k->shadow_bad + col, 2);
	} else if ((msg[0] == '>' || msg[0] == ' ') && strstr(msg, ": ")) {
		if (msg[0] == '>')
			COPY(k->shadow_bad, msg, strlen(msg));
	} else {
		r->section = SEC_NONE;
		return;
	}
	if (add_text(&k->shadow, msg))
		*err = -ENOMEM;
}

/* Stack section markers: " <IRQ>", " </TASK>" (dumpstack.c:236, :304). */
static bool stack_marker(const char *msg, char *ctx, size_t len, bool *close)
{
	const char *p = msg + strspn(msg, " ");
	const char *e;

	if (*p != '<')
		return false;
	*close = p[1] == '/';
	p += *close ? 2 : 1;
	e = strchr(p, '>');
	if (!e || e[1] || e == p)
		return false;
	slug(ctx, len, p, e - p);
	return true;
}

/* Kinds whose report has no "---[ end trace" line: the task's trace ends it. */
static bool ends_with_trace(const struct oops_report *r)
{
	return r->kind == OOPS_KIND_LOCKDEP || r->kind == OOPS_KIND_HUNG_TASK ||
	       r->kind == OOPS_KIND_SOFT_LOCKUP ||
	       r->kind == OOPS_KIND_HARD_LOCKUP || r->kind == OOPS_KIND_BUG;
}

static void feed_trace(struct parser *ps, struct oops_report *r,
		       const char *msg)
{
	char *ctx = r->ctx;
	struct oops_frame fr;
	char mark[16];
	bool close;

	if (stack_marker(msg, mark, sizeof(mark), &close)) {
		if (close && !strcmp(mark, "task")) {
			r->section = SEC_NONE;
			if (ends_with_trace(r))
				report_done(ps, r);
		}
		copy(ctx, sizeof(r->ctx), close ? "task" : mark,
		     strlen(close ? "task" : mark));
		return;
	}
	if (!oops_parse_frame(msg, &fr))
		return;	/* registers of an interrupt frame, other CPUs' lines */
	COPY(fr.context, ctx[0] ? ctx : "task", strlen(ctx[0] ? ctx : "task"));
	if (stack_push(&r->trace, &fr))
		ps->err = -ENOMEM;
}

static void feed_track(struct parser *ps, struct oops_track *t,
		       const char *msg, struct oops_report *r)
{
	struct oops_frame fr;

	if (!*msg) {
		r->section = SEC_NONE;
		return;
	}
	if (oops_parse_frame(msg, &fr) && stack_push(&t->stack, &fr))
		ps->err = -ENOMEM;
}

static void feed(struct parser *ps, struct oops_report *r, const char *msg)
{
	struct oops_kasan *k = &r->kasan;
	const char *p;

	r->last_line = ps->lineno;
	switch (r->section) {
	case SEC_TRACE:
		if (starts(msg, "Modules linked in:") || starts(msg, "---[ end trace"))
			break;
		feed_trace(ps, r, msg);
		return;
	case SEC_ALLOC:
		feed_track(ps, &k->alloc, msg, r);
		return;
	case SEC_FREE:
		feed_track(ps, &k->free, msg, r);
		return;
	case SEC_AUX:
		if (!*msg)
			r->section = SEC_NONE;
		return;
	case SEC_SHADOW:
		if (starts(msg, "====="))
			break;
		shadow_line(r, msg, &ps->err);
		return;
	case SEC_LOCK_ACQ:
	case SEC_LOCK_HOLD:
		if (!*msg)
			return;
		parse_lock(r->section == SEC_LOCK_ACQ ? &r->lockdep.acquiring :
							&r->lockdep.holding, msg);
		/* where the report happened: taking the lock that closes the cycle */
		if (r->section == SEC_LOCK_ACQ && r->lockdep.acquiring.at.func[0] &&
		    !r->has_location) {
			r->where = r->lockdep.acquiring.at;
			r->has_location = true;
		}
		r->section = SEC_NONE;
		return;
	}
	r->section = SEC_NONE;

	/* kernel/panic.c:640 */
	if (starts(msg, "---[ end trace")) {
		report_done(ps, r);
		return;
	}
	/* mm/kasan/report.c:189/:197 frame the report */
	if (starts(msg, "=====") && r->kind == OOPS_KIND_KASAN) {
		report_done(ps, r);
		return;
	}
	if (starts(msg, "CPU: ") && isdigit((unsigned char)msg[5])) {
		parse_cpu_line(r, msg);
		return;
	}
	/* arch/x86/kernel/dumpstack.c:142 */
	/*
	 * The first RIP is the faulting one; later ones (an interrupted
	 * context's, the summary after the end trace) are not.
	 */
	if (starts(msg, "RIP: ")) {
		p = strchr(msg + 5, ':');
		if (p && !r->rip_seen && (!r->has_location || r->where.exact) &&
		    r->kind != OOPS_KIND_KASAN && r->kind != OOPS_KIND_LOCKDEP)
			set_where(r, p + 1, true);
		r->rip_seen = true;
		return;
	}
	/* arch/x86/kernel/dumpstack.c:195 */
	if (starts(msg, "Call Trace:")) {
		r->section = SEC_TRACE;
		return;
	}
	/* kernel/module/main.c:3143 */
	if (starts(msg, "Modules linked in:")) {
		p = msg + 18;
		p += strspn(p, " ");
		free(r->modules);
		r->modules = strdup(p);
		if (!r->modules)
			ps->err = -ENOMEM;
		return;
	}
	/* arch/x86/mm/fault.c:560: "#PF: %s %s in %s mode" */
	if (starts(msg, "#PF: error_code(0x")) {
		r->has_error_code = hex_u64(msg + 16, &r->error_code, NULL);
		return;
	}
	if (starts(msg, "#PF: ")) {
		p = msg + 5;
		COPY(r->fault_mode, p, strcspn(p, " "));
		p += strcspn(p, " ");
		p += strspn(p, " ");
		if (starts(p, "read"))
			strcpy(r->access, "read");
		else if (starts(p, "write"))
			strcpy(r->access, "write");
		else if (starts(p, "instruction fetch"))
			strcpy(r->access, "exec");
		return;
	}
	/* Only a page fault's CR2 is its address (other dumps show a stale one). */
	/*
	 * The "CR2: %016lx" line after the trace, not the register dump's
	 * "CR2: ... CR3: ...", which reading the Code: bytes may have moved.
	 */
	if (starts(msg, "CR2: ") && strlen(msg) == 21) {
		if (!r->has_fault_addr && r->kind == OOPS_KIND_OOPS &&
		    strcmp(r->type, "kernel-bug"))
			r->has_fault_addr = hex_u64(msg + 5, &r->fault_addr, NULL);
		return;
	}
	/* mm/kasan/report.c:591: "KASAN: %s in range [0x%016lx-0x%016lx]" */
	if (starts(msg, "KASAN: ") && (p = strstr(msg, " in range ["))) {
		slug(r->type, sizeof(r->type), msg + 7, p - msg - 7);
		COPY(k->bug_type, r->type, strlen(r->type));
		r->has_fault_addr = hex_u64(p + 11, &r->fault_addr, NULL);
		return;
	}
	/* kernel/panic.c:333 */
	if ((p = strstr(msg, "Kernel panic - not syncing: "))) {
		COPY(r->panic, p + 28, strlen(p + 28));
		return;
	}
	if (r->kind == OOPS_KIND_KASAN) {
		/* mm/kasan/report.c:213, :219, :223 */
		const char *by = strstr(msg, " by task ");
		const char *slash = by ? strrchr(by, '/') : NULL;

		if (by && slash && (starts(msg, "Read ") || starts(msg, "Write ") ||
				    starts(msg, "Free of addr "))) {
			strcpy(r->access, msg[0] == 'R' ? "read" :
					  msg[0] == 'W' ? "write" : "free");
			p = strstr(msg, " of size ");
			if (p)
				r->access_size = strtoull(p + 9, NULL, 10);
			p = strstr(msg, "addr ");
			if (p)
				r->has_fault_addr = hex_u64(p + 5, &r->fault_addr,
							    NULL);
			COPY(r->comm, by + 9, slash - by - 9);
			r->pid = atoi(slash + 1);
			return;
		}
		/* mm/kasan/report.c:230: "%s by task %u:" */
		if (starts(msg, "Allocated by task ")) {
			k->alloc.present = true;
			k->alloc.pid = strtoul(msg + 18, NULL, 10);
			r->section = SEC_ALLOC;
			return;
		}
		if (starts(msg, "Freed by task ")) {
			k->free.present = true;
			k->free.pid = strtoul(msg + 14, NULL, 10);
			r->section = SEC_FREE;
			return;
		}
		/* mm/kasan/report_generic.c:168, :173 */
		if (strstr(msg, "potentially related work creation:")) {
			r->section = SEC_AUX;
			return;
		}
		/* mm/kasan/report.c:252 */
		if (starts(msg, "The buggy address belongs to the object at ")) {
			hex_u64(msg + strlen("The buggy address belongs to the object at "),
				&k->object_addr, NULL);
			return;
		}
		if (starts(msg, " which belongs to the cache ") ||
		    starts(msg, "which belongs to the cache ")) {
			p = strstr(msg, "the cache ") + 10;
			COPY(k->cache, p, strcspn(p, " "));
			p = strstr(p, " of size ");
			if (p)
				k->object_size = strtoul(p + 9, NULL, 10);
			return;
		}
		/* mm/kasan/report.c:267 */
		if (starts(msg, "The buggy address is located ")) {
			p = msg + 29;
			k->rel_bytes = atoi(p);
			p = strstr(p, " bytes ");
			if (p) {
				const char *of = strstr(p, " of");

				p += 7;
				if (of && of > p)
					COPY(k->relation, p, of - p);
			}
			return;
		}
		/* mm/kasan/report.c:382 */
		if (starts(msg, "Memory state around the buggy address:")) {
			r->section = SEC_SHADOW;
			return;
		}
	}
	if (r->kind == OOPS_KIND_LOCKDEP) {
		struct oops_lockdep *l = &r->lockdep;

		/* lockdep.c:1977 "%s/%d is trying to acquire lock:" */
		p = strstr(msg, " is trying to acquire lock:");
		if (!p)
			p = strstr(msg, " is trying to lock:");
		if (p && !l->task[0]) {
			const char *slash = memrchr(msg, '/', p - msg);

			if (slash) {
				COPY(l->task, msg, slash - msg);
				l->pid = strtoul(slash + 1, NULL, 10);
			}
			r->section = SEC_LOCK_ACQ;
			return;
		}
		/* lockdep.c:1981 */
		if (starts(msg, "but task is already holding lock:")) {
			r->section = SEC_LOCK_HOLD;
			return;
		}
		if (starts(msg, "-> #")) {
			l->chain_len++;
			return;
		}
		if (!r->release[0] && isdigit((unsigned char)msg[0]))
			parse_ident(r, msg);
		return;
	}
	if (r->kind == OOPS_KIND_HUNG_TASK && !r->has_taint &&
	    (strstr(msg, "Not tainted") || strstr(msg, "Tainted: ")))
		parse_ident(r, msg);
}

static void parse_line(struct parser *ps, char *line)
{
	char caller[16];
	const char *msg, *p;
	struct oops_report *r;
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	ps->lineno++;
	msg = oops_strip_prefix(line, caller, sizeof(caller));
	/*
	 * dmesg(1) prints the lines after the first of a multi-line record
	 * without a prefix, indented to the width of the first one's.
	 */
	if (msg == line && ps->prefix_len &&
	    strspn(line, " ") >= ps->prefix_len) {
		msg = line + ps->prefix_len;
		COPY(caller, ps->prefix_caller, strlen(ps->prefix_caller));
	} else {
		ps->prefix_len = msg - line;
		COPY(ps->prefix_caller, caller, strlen(caller));
	}
	if (starts(msg, "kdbg-recorder: ")) {
		oops_recorder_line(ps, msg + 15);
		return;
	}
	if (header(ps, msg, caller))
		return;
	r = report_of(ps, caller);
	if (r) {
		feed(ps, r, msg);
		return;
	}
	/* kernel/panic.c:333, printed after the report that caused it */
	if (ps->last && !ps->last->panic[0] &&
	    (p = strstr(msg, "Kernel panic - not syncing: ")))
		COPY(ps->last->panic, p + 28, strlen(p + 28));
}

static void parse_finish(struct parser *ps)
{
	while (ps->nr_open)
		report_done(ps, ps->open[ps->nr_open - 1]);
	oops_recorder_attach(ps->list);
}

int oops_parse_file(FILE *f, struct oops_list *list)
{
	struct parser ps = { .list = list };
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, f) >= 0 && !ps.err)
		parse_line(&ps, line);
	free(line);
	parse_finish(&ps);
	return ps.err;
}

int oops_parse_text(const char *text, size_t len, struct oops_list *list)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int err;

	if (!f)
		return -errno;
	err = oops_parse_file(f, list);
	fclose(f);
	return err;
}

static void stack_free(struct oops_stack *st)
{
	free(st->frames);
}

void oops_list_free(struct oops_list *list)
{
	size_t i, j;

	for (i = 0; i < list->nr; i++) {
		struct oops_report *r = list->reports[i];

		stack_free(&r->trace);
		stack_free(&r->kasan.alloc.stack);
		stack_free(&r->kasan.free.stack);
		free(r->kasan.shadow);
		free(r->modules);
		free(r);
	}
	for (i = 0; i < list->nr_rec; i++) {
		struct oops_recorder *rec = list->recorders[i];

		for (j = 0; j < rec->nr; j++)
			stack_free(&rec->events[j].stack);
		free(rec->events);
		free(rec->rings);
		free(rec);
	}
	free(list->reports);
	free(list->recorders);
	memset(list, 0, sizeof(*list));
}
