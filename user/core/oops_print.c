// SPDX-License-Identifier: GPL-2.0
/*
 * Decoded reports, printed (see oops.h): one call sequence through the
 * output layer gives both the text report and the JSON object, so the
 * two carry the same fields. Fields the report did not print are left
 * out of both.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "oops.h"
#include "output.h"

static void print_frame_fields(const struct oops_frame *fr)
{
	char loc[OOPS_PATH_LEN + 32];

	if (fr->func[0]) {
		out_str("function", "%s", fr->func);
		out_hex("offset", "+0x%" PRIx64, fr->off);
		out_hex("size", "/0x%" PRIx64, fr->size);
	} else {
		out_hex("address", "0x%016" PRIx64, fr->addr);
	}
	if (fr->module[0])
		out_str("module", " [%s]", fr->module);
	if (fr->build_id[0])
		out_str("build-id", NULL, fr->build_id);
	if (fr->func[0] && fr->addr)
		out_hex("address", NULL, fr->addr);
	if (fr->file[0]) {
		snprintf(loc, sizeof(loc), "%s:%u", fr->file, fr->line);
		out_str("file", NULL, fr->file);
		out_u64("line", NULL, fr->line);
		out_text(" at %s", loc);
		if (fr->inlined[0]) {
			out_str("inlined", " (inlined %s", fr->inlined);
			out_str("inlined-file", " at %s", fr->inline_file);
			out_u64("inlined-line", ":%" PRIu64 ")", fr->inline_line);
		}
	} else if (fr->sym_error && fr->func[0]) {
		out_str("unresolved", " (no file:line: %s)", fr->sym_error);
	}
}

static void print_frame(const struct oops_frame *fr, bool with_context)
{
	out_open_object(NULL);
	out_text("    %s", fr->unreliable ? "? " : "");
	print_frame_fields(fr);
	if (fr->unreliable)
		out_bool("unreliable", NULL, true);
	if (with_context && fr->context[0]) {
		out_str("context", NULL, fr->context);
		if (strcmp(fr->context, "task"))
			out_text(" <%s>", fr->context);
	}
	out_text("\n");
	out_close_object();
}

static void print_stack(const char *key, const char *label,
			const struct oops_stack *st, bool with_context)
{
	size_t i;

	out_text("  %s:\n", label);
	out_open_array(key);
	for (i = 0; i < st->nr; i++)
		print_frame(&st->frames[i], with_context);
	out_close_array();
}

static void print_taint(const struct oops_report *r)
{
	const struct oops_taint_flag *flags[32];
	size_t n = oops_taint_decode(r->taint, flags, 32), i;

	out_bool("tainted", NULL, r->taint[0] != '\0');
	/* JSON: the letters as printed, "" for "Not tainted" */
	if (out_json())
		out_str("taint", NULL, r->taint);
	else
		out_text("  taint: %s\n", r->taint[0] ? r->taint : "not tainted");
	out_open_array("taint-flags");
	for (i = 0; i < n; i++) {
		out_open_object(NULL);
		out_str("flag", "    %s", (char[]){ flags[i]->c, '\0' });
		out_u64("bit", " (bit %" PRIu64 "): ", flags[i]->bit);
		out_str("meaning", "%s\n", flags[i]->meaning);
		out_close_object();
	}
	out_close_array();
}

static void print_modules(const char *mods)
{
	char *copy = strdup(mods), *tok, *save;

	out_text("  modules linked in: %s\n", mods);
	out_open_array("modules-linked-in");
	for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok;
	     tok = strtok_r(NULL, " ", &save))
		out_str(NULL, NULL, tok);
	out_close_array();
	free(copy);
}

static void print_track(const char *key, const char *what,
			const struct oops_track *t)
{
	char label[64];

	if (!t->present)
		return;
	out_open_object(key);
	out_u64("pid", NULL, t->pid);
	snprintf(label, sizeof(label), "%s by task %u", what, t->pid);
	print_stack("stack", label, &t->stack, false);
	out_close_object();
}

static void print_kasan(const struct oops_report *r)
{
	const struct oops_kasan *k = &r->kasan;
	char *rows, *row, *save;

	out_open_object("kasan");
	out_str("bug-type", NULL, k->bug_type);
	print_track("allocated-by", "allocated", &k->alloc);
	print_track("freed-by", "freed", &k->free);
	if (k->cache[0]) {
		out_str("cache", "  object: in cache %s", k->cache);
		out_u64("object-size", " of size %" PRIu64, k->object_size);
		out_hex("object-address", " at 0x%" PRIx64, k->object_addr);
		if (k->rel_bytes >= 0) {
			out_u64("offset", ", access %" PRIu64 " bytes", k->rel_bytes);
			out_str("relation", " %s", k->relation);
		}
		out_text("\n");
	}
	if (k->shadow) {
		out_text("  shadow bytes:\n");
		out_open_array("shadow");
		rows = strdup(k->shadow);
		for (row = rows ? strtok_r(rows, "\n", &save) : NULL; row;
		     row = strtok_r(NULL, "\n", &save))
			if (!strchr(row, '^'))
				out_str(NULL, "    %s\n", row);
		free(rows);
		out_close_array();
		if (k->shadow_bad[0])
			out_str("shadow-bad-row", "  flagged row: %s\n",
				k->shadow_bad);
		if (k->shadow_byte[0]) {
			out_str("shadow-byte", "  flagged shadow byte: %s", k->shadow_byte);
			out_u64("shadow-column", " (column %" PRIu64 ")\n",
				k->shadow_col);
		}
	}
	out_close_object();
}

static void print_lock(const char *key, const char *label,
		       const struct oops_lock *l)
{
	if (!l->name[0])
		return;
	out_open_object(key);
	out_str("lock", label, l->name);
	if (l->at.func[0]) {
		out_open_object("at");
		out_text(", at ");
		print_frame_fields(&l->at);
		out_close_object();
	}
	out_text("\n");
	out_close_object();
}

static void print_lockdep(const struct oops_report *r)
{
	const struct oops_lockdep *l = &r->lockdep;

	out_open_object("lockdep");
	if (l->task[0]) {
		out_str("task", "  lockdep: task %s", l->task);
		out_u64("pid", "/%" PRIu64 "\n", l->pid);
	}
	print_lock("acquiring", "  acquiring: %s", &l->acquiring);
	print_lock("holding", "  holding: %s", &l->holding);
	out_u64("chain-length", "  dependency chain: %" PRIu64 " links\n",
		l->chain_len);
	out_close_object();
}

/* Where a "key=" starts at @s (a lower-case word and '='), else NULL. */
static const char *key_at(const char *s)
{
	const char *p = s;

	if (!islower((unsigned char)*p))
		return NULL;
	while (islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
	       *p == '_' || *p == '-')
		p++;
	return *p == '=' ? p : NULL;
}

/*
 * "cpu=0 ts=123 comm=my prog src=1" as an object of strings: a value runs
 * to the next " key=", so a comm with blanks stays whole.
 */
static void print_fields(const char *s)
{
	char key[32], val[256];
	const char *p = s, *eq, *next;

	out_open_object("fields");
	while (*p && !(eq = key_at(p)))
		p++;
	while (*p && (eq = key_at(p))) {
		for (next = eq + 1; *next; next++)
			if (next[0] == ' ' && key_at(next + 1))
				break;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
		snprintf(val, sizeof(val), "%.*s", (int)(next - eq - 1), eq + 1);
		out_str(key, NULL, val);
		p = *next ? next + 1 : next;
	}
	out_close_object();
}

static void print_recorder(const char *key, const struct oops_recorder *rec)
{
	size_t i, j;

	out_open_object(key);
	out_text("  just before (flight recorder");
	out_str("reason", ", reason %s", rec->reason);
	if (rec->cpu >= 0)
		out_s64("cpu", ", frozen on cpu %" PRId64, rec->cpu);
	out_u64("events-declared", ", %" PRIu64 " events", rec->events_declared);
	out_bool("complete", NULL, rec->ended);
	out_text("%s):\n", rec->ended ? "" : ", incomplete");
	out_open_array("rings");
	for (i = 0; i < rec->nr_rings; i++) {
		out_open_object(NULL);
		out_str("text", "    %s\n", rec->rings[i]);
		print_fields(rec->rings[i] + strlen("ring: "));
		out_close_object();
	}
	out_close_array();
	out_open_array("events");
	for (i = 0; i < rec->nr; i++) {
		const struct oops_rec_event *ev = &rec->events[i];

		out_open_object(NULL);
		out_str("text", "    %s\n", ev->fields);
		print_fields(ev->fields);
		out_open_array("stack");
		for (j = 0; j < ev->stack.nr; j++) {
			out_open_object(NULL);
			out_text("        ");
			print_frame_fields(&ev->stack.frames[j]);
			out_text("\n");
			out_close_object();
		}
		out_close_array();
		out_close_object();
	}
	out_close_array();
	out_close_object();
}

static void print_report(const struct oops_report *r, size_t i, size_t n)
{
	out_open_object(NULL);
	out_text("report %zu of %zu: ", i + 1, n);
	out_str("kind", "%s", oops_kind_name(r->kind));
	out_str("type", " (%s)", r->type);
	out_u64("first-line", ", input lines %" PRIu64, r->first_line);
	out_u64("last-line", "-%" PRIu64 "\n", r->last_line);
	out_str("title", "  title: %s\n", r->title);
	if (r->caller[0])
		out_str("caller", "  printk caller: %s\n", r->caller);
	if (r->has_location) {
		out_text("  function: ");
		print_frame_fields(&r->where);
		out_bool("exact", NULL, r->where.exact);
		out_text("\n");
	}
	if (r->src_file[0]) {
		out_str("source-file", "  reported at: %s", r->src_file);
		out_u64("source-line", ":%" PRIu64 "\n", r->src_line);
	}
	if (r->has_fault_addr)
		out_hex("fault-address", "  fault address: 0x%016" PRIx64 "\n",
			r->fault_addr);
	if (r->access[0] || r->access_size) {
		out_text("  access:");
		if (r->access[0])
			out_str("access", " %s", r->access);
		if (r->access_size)
			out_u64("access-size", " of size %" PRIu64, r->access_size);
		if (r->fault_mode[0])
			out_str("fault-mode", " (%s)", r->fault_mode);
		out_text("\n");
	}
	if (r->has_error_code) {
		out_hex("error-code", "  error code: 0x%04" PRIx64, r->error_code);
		if (r->die_counter)
			out_u64("die-counter", " [#%" PRIu64 "]", r->die_counter);
		out_text("\n");
	}
	if (r->comm[0] || r->pid >= 0 || r->cpu >= 0) {
		out_text("  task:");
		if (r->comm[0])
			out_str("comm", " %s", r->comm);
		if (r->pid >= 0)
			out_s64("pid", " pid %" PRId64, r->pid);
		if (r->cpu >= 0)
			out_s64("cpu", " on cpu %" PRId64, r->cpu);
		out_text("\n");
	}
	if (r->stuck_secs)
		out_u64("stuck-seconds", "  stuck for: %" PRIu64 " s\n",
			r->stuck_secs);
	if (r->release[0]) {
		out_str("kernel-release", "  kernel: %s", r->release);
		out_str("kernel-version", " %s", r->version);
		if (r->package[0])
			out_str("kernel-package", " (%s)", r->package);
		if (r->build_id[0])
			out_str("kernel-build-id", " build id %s", r->build_id);
		out_text("\n");
	}
	if (r->has_taint)
		print_taint(r);
	if (r->panic[0])
		out_str("panic", "  panic: %s\n", r->panic);
	if (r->kind == OOPS_KIND_LOCKDEP)
		print_lockdep(r);
	if (r->trace.nr)
		print_stack("call-trace", "call trace", &r->trace, true);
	if (r->kind == OOPS_KIND_KASAN)
		print_kasan(r);
	if (r->modules)
		print_modules(r->modules);
	if (r->recorder)
		print_recorder("recorder", r->recorder);
	out_close_object();
}

void oops_print(const struct oops_list *list)
{
	size_t i, j, loose = 0;

	out_open_object(NULL);
	out_open_array("reports");
	for (i = 0; i < list->nr; i++) {
		if (i)
			out_text("\n");
		print_report(list->reports[i], i, list->nr);
	}
	out_close_array();
	/* Recorder dumps with no report to stand beside (no crash decoded). */
	out_open_array("recorders");
	for (i = 0; i < list->nr_rec; i++) {
		bool owned = false;

		for (j = 0; j < list->nr; j++)
			owned |= list->reports[j]->recorder == list->recorders[i];
		if (owned)
			continue;
		out_text("%srecorder dump %zu (no report):\n",
			 list->nr || loose ? "\n" : "", loose + 1);
		loose++;
		print_recorder(NULL, list->recorders[i]);
	}
	out_close_array();
	out_close_object();
}
