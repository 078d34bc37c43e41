// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl oops decode` (user/core/oops_*.c): every decoded field of real
 * reports the integration test captured from the planted bugs of
 * tests/modules/kdbg_crashme (tests/golden/oops/stock-*.txt, debug-*.txt),
 * and of hand-written reports of the kinds no test can trigger safely
 * (hand-*.txt), each modeled on the printk formats of Linux 6.1 cited
 * below; the transports' prefixes; interleaved CPUs; the flight
 * recorder's dump; symbolization against a .ko built here; and the whole
 * JSON of each report against tests/golden/oops/NAME.json (checked by
 * hand; KDBG_GOLDEN_UPDATE=1 rewrites them).
 */
#include "kdbg_test.h"
#include "oops.h"
#include "oops_elf.h"

#define GOLDEN	"tests/golden/oops/"
#define SCRATCH	"build/oops-test/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static void parse_path(const char *path, struct oops_list *l)
{
	size_t len;
	char *text = slurp(path, &len);

	memset(l, 0, sizeof(*l));
	assert_int_equal(oops_parse_text(text, len, l), 0);
	free(text);
}

/* The one report of a golden input. */
static const struct oops_report *one(const char *name, struct oops_list *l)
{
	char path[256];

	snprintf(path, sizeof(path), GOLDEN "%s.txt", name);
	parse_path(path, l);
	assert_int_equal(l->nr, 1);
	return l->reports[0];
}

static void assert_frame(const struct oops_frame *f, const char *func,
			 uint64_t off, uint64_t size, const char *module)
{
	assert_string_equal(f->func, func);
	assert_int_equal(f->off, off);
	assert_int_equal(f->size, size);
	assert_string_equal(f->module, module);
}

static bool stack_has(const struct oops_stack *st, const char *func)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (!strcmp(st->frames[i].func, func))
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Print @l as JSON (pretty) into a string. */
static char *to_json(const struct oops_list *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	out_init(f, true, true);
	oops_print(l);
	fclose(f);
	out_init(stdout, false, false);
	return buf;
}

static char *to_json_file(const char *path)
{
	struct oops_list l;
	char *json;

	parse_path(path, &l);
	json = to_json(&l);
	oops_list_free(&l);
	return json;
}

static char *to_text(const struct oops_list *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	out_init(f, false, false);
	oops_print(l);
	fclose(f);
	out_init(stdout, false, false);
	return buf;
}

/* The whole decode of GOLDEN/NAME.txt against GOLDEN/NAME.json. */
static void assert_golden_json(const char *name)
{
	char in[256], want_path[256];
	struct oops_list l;
	char *got, *want;

	snprintf(in, sizeof(in), GOLDEN "%s.txt", name);
	snprintf(want_path, sizeof(want_path), GOLDEN "%s.json", name);
	parse_path(in, &l);
	got = to_json(&l);
	oops_list_free(&l);
	if (getenv("KDBG_GOLDEN_UPDATE")) {
		FILE *f = fopen(want_path, "w");

		assert_non_null(f);
		fputs(got, f);
		fclose(f);
	}
	want = slurp(want_path, NULL);
	if (strcmp(got, want)) {
		char path[256];
		FILE *f;

		snprintf(path, sizeof(path), SCRATCH "%s.json", name);
		f = fopen(path, "w");
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		fail_msg("decode of %s differs from %s (got: %s)", in, want_path,
			 path);
	}
	free(got);
	free(want);
}

/* ---- transport prefixes, frames, taint -------------------------------- */

static void test_strip_prefix_forms(void **state)
{
	static const struct {
		const char *line, *msg, *caller;
	} cases[] = {
		{ "[   12.345678] BUG: x", "BUG: x", "" },
		{ "[   12.345678]  func+0x1/0x2", " func+0x1/0x2", "" },
		{ "<4>[   12.345678] Oops", "Oops", "" },
		{ "<4>Oops", "Oops", "" },
		{ "4,1234,56789012,-;BUG: x", "BUG: x", "" },
		{ "4,1234,56789012,c,caller=T12;BUG: x", "BUG: x", "" },
		{ "[    1.234567][  T123] BUG: x", "BUG: x", "T123" },
		{ "[    1.234567][    C1]  f+0x1/0x2", " f+0x1/0x2", "C1" },
		{ "Dec  3 12:00:00 host kernel: [    1.2] BUG: x", "BUG: x", "" },
		{ "2026-12-03T12:00:00.123456+00:00 host kernel: BUG: x", "BUG: x", "" },
		{ "kern  :warn  : [    1.200000] BUG: x", "BUG: x", "" },
		{ "[Thu Dec  3 12:00:00 2026] BUG: x", "BUG: x", "" },
		{ " func+0x1/0x2", " func+0x1/0x2", "" },
		{ "[bracketed] text", "[bracketed] text", "" },
	};
	char caller[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *m = oops_strip_prefix(cases[i].line, caller,
						  sizeof(caller));

		if (strcmp(m, cases[i].msg) || strcmp(caller, cases[i].caller))
			fail_msg("'%s': got '%s' caller '%s'", cases[i].line, m,
				 caller);
	}
}

static void test_parse_frame_forms(void **state)
{
	struct oops_frame f;

	(void)state;
	assert_true(oops_parse_frame(" ? foo.isra.0+0x1c/0x40 [mod]", &f));
	assert_true(f.unreliable);
	assert_frame(&f, "foo.isra.0", 0x1c, 0x40, "mod");
	assert_true(oops_parse_frame("bar+0x0/0x10 [m 0123456789abcdef0123456789abcdef01234567]", &f));
	assert_frame(&f, "bar", 0, 0x10, "m");
	assert_string_equal(f.build_id, "0123456789abcdef0123456789abcdef01234567");
	assert_true(oops_parse_frame("  0xffffffffc0001234", &f));
	assert_int_equal(f.addr, 0xffffffffc0001234ULL);
	assert_string_equal(f.func, "");
	assert_true(oops_parse_frame("__schedule+0x2c1/0x830", &f));
	assert_frame(&f, "__schedule", 0x2c1, 0x830, "");
	assert_false(oops_parse_frame("RIP: 0010:foo+0x1/0x2", &f));
	assert_false(oops_parse_frame(" foo+0x1", &f));
	assert_false(oops_parse_frame(" foo+0x1/0x2 trailing words", &f));
	assert_false(oops_parse_frame("", &f));
}

static void test_taint_words(void **state)
{
	const struct oops_taint_flag *t[32];

	(void)state;
	/* kernel/panic.c:469: 'G' and blanks are the flags' false values */
	assert_int_equal(oops_taint_decode("G    B   O", t, 32), 2);
	assert_int_equal(t[0]->c, 'B');
	assert_int_equal(t[0]->bit, 5);
	assert_string_equal(t[0]->meaning,
			    "bad page referenced or some unexpected page flags");
	assert_int_equal(t[1]->bit, 12);
	assert_int_equal(oops_taint_decode("P        W  OE", t, 32), 4);
	assert_string_equal(t[0]->meaning, "proprietary module was loaded");
	assert_string_equal(t[1]->meaning, "kernel issued warning");
	assert_string_equal(t[3]->meaning, "unsigned module was loaded");
	assert_int_equal(oops_taint_decode("", t, 32), 0);
	assert_int_equal(oops_taint_decode("G      D    O  L N", t, 32), 4);
	assert_string_equal(t[0]->meaning,
			    "kernel died recently, i.e. there was an OOPS or BUG");
	assert_string_equal(t[3]->meaning, "an in-kernel test has been run");
}

/* ---- real reports: the stock kernel ------------------------------------ */

static void test_stock_null(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("stock-null", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_OOPS);
	assert_string_equal(r->type, "null-pointer-dereference");
	assert_string_equal(r->title,
		"BUG: kernel NULL pointer dereference, address: 0000000000000008");
	assert_true(r->has_location);
	assert_frame(&r->where, "kdbg_crashme_null_thread", 0xc, 0x20,
		     "kdbg_crashme");
	assert_true(r->where.exact);
	assert_true(r->has_fault_addr);
	assert_int_equal(r->fault_addr, 8);
	assert_string_equal(r->access, "write");
	assert_string_equal(r->fault_mode, "supervisor");
	assert_true(r->has_error_code);
	assert_int_equal(r->error_code, 2);
	assert_int_equal(r->die_counter, 1);
	assert_int_equal(r->cpu, 1);
	assert_int_equal(r->pid, 181);
	assert_string_equal(r->comm, "kdbg_crashme");
	assert_string_equal(r->taint, "G        W  OE");
	assert_string_equal(r->release, "6.1.0-57-amd64");
	assert_string_equal(r->version, "#1");
	assert_string_equal(r->package, "Debian 6.1.192-3");
	assert_int_equal(r->trace.nr, 3);
	assert_frame(&r->trace.frames[0], "kthread", 0xda, 0x100, "");
	assert_true(r->trace.frames[1].unreliable);
	assert_string_equal(r->trace.frames[1].func, "kthread_complete_and_exit");
	assert_string_equal(r->trace.frames[2].func, "ret_from_fork");
	assert_string_equal(r->trace.frames[2].context, "task");
	assert_non_null(strstr(r->modules, "kdbg_crashme(OE) 9p"));
	assert_int_equal(r->first_line, 3);
	assert_int_equal(r->last_line, 30);
	assert_string_equal(r->panic, "");
	oops_list_free(&l);
	assert_golden_json("stock-null");
}

static void test_stock_warn(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("stock-warn", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_WARNING);
	assert_true(ends_with(r->src_file, "tests/modules/kdbg_crashme/kdbg_crashme.c"));
	assert_int_equal(r->src_line, 106);
	assert_frame(&r->where, "kdbg_crashme_warn", 0x11, 0x20, "kdbg_crashme");
	assert_true(r->where.exact);
	assert_false(r->has_fault_addr);	/* CR2 of a WARN is stale */
	assert_int_equal(r->cpu, 1);
	assert_int_equal(r->pid, 140);
	assert_string_equal(r->comm, "bash");
	assert_string_equal(r->taint, "G           OE");
	/* 16 frames, the user-mode RIP of the entry regs is not one */
	assert_int_equal(r->trace.nr, 16);
	assert_frame(&r->trace.frames[0], "kdbg_crashme_trigger_write", 0xbc,
		     0x113, "kdbg_crashme");
	assert_string_equal(r->trace.frames[15].func,
			    "entry_SYSCALL_64_after_hwframe");
	assert_int_equal(r->first_line, 5);
	oops_list_free(&l);
	assert_golden_json("stock-warn");
}

/*
 * The same oops with kdbgmod's flight recorder on and a kprobe on the
 * planted function: the die notifier's console dump (module/recorder.c)
 * sits inside the report, before its end trace.
 */
static void test_stock_null_with_recorder(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("stock-null-recorder", &l);
	const struct oops_recorder *rec = r->recorder;

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_OOPS);
	assert_frame(&r->where, "kdbg_crashme_null_thread", 0xc, 0x20,
		     "kdbg_crashme");
	assert_int_equal(r->pid, 185);
	assert_int_equal(r->trace.nr, 3);	/* the recorder's frames are its own */
	assert_non_null(rec);
	assert_int_equal(l.nr_rec, 1);
	assert_string_equal(rec->reason, "oops");
	assert_int_equal(rec->cpu, 1);
	assert_int_equal(rec->events_declared, 1);
	assert_true(rec->ended);
	assert_int_equal(rec->nr_rings, 2);
	assert_int_equal(rec->nr, 1);
	assert_int_equal(rec->events[0].cpu, 1);
	assert_string_equal(rec->events[0].fields,
		"cpu=1 ts=29361855875 pid=185 tgid=185 comm=kdbg_crashme src=1 "
		"type=kprobe target=kdbg_crashme:kdbg_crashme_null_thread");
	assert_int_equal(rec->events[0].stack.nr, 3);
	assert_frame(&rec->events[0].stack.frames[0], "kdbg_crashme_null_thread",
		     0, 0x20, "kdbg_crashme");
	assert_string_equal(rec->events[0].stack.frames[2].func, "ret_from_fork");
	assert_int_equal(r->last_line, 38);
	oops_list_free(&l);
	assert_golden_json("stock-null-recorder");
}

/* The same kind of oops from the serial console: CRLF line ends. */
static void test_stock_null_from_console(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("stock-null-console", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_OOPS);
	assert_string_equal(r->type, "null-pointer-dereference");
	assert_string_equal(r->where.func, "kdbg_crashme_null_thread");
	assert_string_equal(r->where.module, "kdbg_crashme");
	assert_string_equal(r->comm, "kdbg_crashme");
	assert_string_equal(r->package, "Debian 6.1.192-3");	/* no '\r' */
	assert_int_equal(r->trace.nr, 3);
	assert_non_null(r->recorder);
	assert_true(r->recorder->ended);
	assert_int_equal(r->recorder->nr, 1);
	assert_string_equal(r->recorder->events[0].stack.frames[0].func,
			    "kdbg_crashme_null_thread");
	oops_list_free(&l);
	assert_golden_json("stock-null-console");
}

/* The same report through every transport decodes the same. */
static void test_prefix_variants_decode_alike(void **state)
{
	static const char *const fmt[] = {
		"%s\n",				/* dmesg -t: no timestamps */
		"<4>%s\n",
		"4,100,123456,-;%s\n",		/* /dev/kmsg */
		"Dec  3 12:00:00 guest kernel: %s\n",
		"%s\r\n",			/* serial console */
	};
	size_t len, i;
	char *text = slurp(GOLDEN "stock-null.txt", &len), *want;
	struct oops_list l;

	(void)state;
	parse_path(GOLDEN "stock-null.txt", &l);
	want = to_json(&l);
	oops_list_free(&l);
	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		char *out = NULL, *line, *save, *copy = strdup(text), *got;
		size_t olen = 0;
		FILE *f = open_memstream(&out, &olen);

		for (line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *msg = oops_strip_prefix(line, NULL, 0);

			fprintf(f, fmt[i], i == 0 ? msg : (i == 4 ? line : msg));
		}
		fclose(f);
		memset(&l, 0, sizeof(l));
		assert_int_equal(oops_parse_text(out, olen, &l), 0);
		got = to_json(&l);
		if (strcmp(got, want))
			fail_msg("variant %zu decodes differently:\n%s", i, got);
		oops_list_free(&l);
		free(got);
		free(out);
		free(copy);
	}
	free(want);
	free(text);
}

/* ---- real reports: the debug kernel (KASAN, lockdep) -------------------- */

/*
 * mm/kasan/report.c:210 "BUG: KASAN: %s in %pS", :219 "%s of size %zu at
 * addr %px by task %s/%d", :230 "%s by task %u:", :252, :267, :382; dmesg
 * prints the second line of a multi-line record indented, unprefixed.
 */
static void test_debug_uaf(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-uaf", &l);
	const struct oops_kasan *k = &r->kasan;

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_KASAN);
	assert_string_equal(r->type, "use-after-free");
	assert_string_equal(k->bug_type, "use-after-free");
	assert_frame(&r->where, "kdbg_crashme_uaf", 0x9d, 0xaf, "kdbg_crashme");
	assert_false(r->where.exact);	/* the check's return address */
	assert_string_equal(r->access, "read");
	assert_int_equal(r->access_size, 8);
	assert_int_equal(r->fault_addr, 0xff11000000f66b20ULL);
	assert_string_equal(r->comm, "bash");
	assert_int_equal(r->pid, 80);
	assert_int_equal(r->cpu, 1);
	assert_string_equal(r->taint, "G           O");
	assert_string_equal(r->release, "6.1.192");
	assert_int_equal(r->trace.nr, 23);
	assert_true(r->trace.frames[4].unreliable);
	assert_frame(&r->trace.frames[7], "kdbg_crashme_uaf", 0x9d, 0xaf,
		     "kdbg_crashme");
	assert_false(r->trace.frames[7].unreliable);
	assert_true(k->alloc.present);
	assert_int_equal(k->alloc.pid, 80);
	assert_int_equal(k->alloc.stack.nr, 10);
	assert_frame(&k->alloc.stack.frames[3], "kdbg_crashme_uaf", 0x42, 0xaf,
		     "kdbg_crashme");
	assert_true(k->free.present);
	assert_int_equal(k->free.stack.nr, 13);
	assert_string_equal(k->free.stack.frames[5].func, "__kmem_cache_free");
	assert_frame(&k->free.stack.frames[6], "kdbg_crashme_uaf", 0x7e, 0xaf,
		     "kdbg_crashme");
	assert_string_equal(k->cache, "kmalloc-64");
	assert_int_equal(k->object_size, 64);
	assert_int_equal(k->object_addr, 0xff11000000f66b00ULL);
	assert_int_equal(k->rel_bytes, 32);
	assert_string_equal(k->relation, "inside");
	assert_string_equal(k->shadow_bad,
		">ff11000000f66b00: fa fb fb fb fb fb fb fb fc fc fc fc fc fc fc fc");
	assert_string_equal(k->shadow_byte, "fb");	/* KASAN_SLAB_FREE */
	assert_int_equal(k->shadow_col, 32);
	assert_int_equal(r->first_line, 4);
	assert_int_equal(r->last_line, 89);	/* the closing ==== line */
	oops_list_free(&l);
	assert_golden_json("debug-uaf");
}

static void test_debug_oob(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-oob", &l);
	const struct oops_kasan *k = &r->kasan;

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_KASAN);
	assert_string_equal(r->type, "slab-out-of-bounds");
	assert_frame(&r->where, "kdbg_crashme_oob", 0x7c, 0x8f, "kdbg_crashme");
	assert_string_equal(r->access, "write");
	assert_int_equal(r->access_size, 4);
	assert_int_equal(r->fault_addr, 0xff11000009e10da8ULL);
	assert_string_equal(r->taint, "G    B      O");	/* after the uaf */
	assert_true(k->alloc.present);
	assert_false(k->free.present);
	assert_string_equal(k->alloc.stack.frames[3].func, "kdbg_crashme_oob");
	assert_string_equal(k->cache, "kmalloc-64");
	/* the cache's object size: kmalloc(40) took a 64-byte object */
	assert_int_equal(k->rel_bytes, 40);
	assert_string_equal(k->relation, "inside");
	assert_string_equal(k->shadow_byte, "fc");	/* KASAN_SLAB_REDZONE */
	oops_list_free(&l);
	assert_golden_json("debug-oob");
}

/* mm/kasan/report.c:213 "Free of addr %px by task %s/%d" */
static void test_debug_double_free(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-double-free", &l);
	const struct oops_kasan *k = &r->kasan;
	size_t i;

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_KASAN);
	assert_string_equal(r->type, "double-free");
	/* KASAN names the freeing function; the caller is in the trace */
	assert_frame(&r->where, "__kmem_cache_free", 0x4d, 0xc1, "");
	assert_string_equal(r->access, "free");
	assert_int_equal(r->access_size, 0);
	assert_int_equal(r->fault_addr, 0xff11000007889a80ULL);
	assert_int_equal(r->cpu, 0);
	for (i = 0; i < r->trace.nr; i++)
		if (!strcmp(r->trace.frames[i].func, "kdbg_crashme_double_free") &&
		    !r->trace.frames[i].unreliable)
			break;
	assert_true(i < r->trace.nr);
	assert_int_equal(r->trace.frames[i].off, 0x5f);
	assert_true(stack_has(&k->free.stack, "kdbg_crashme_double_free"));
	assert_true(stack_has(&k->alloc.stack, "kdbg_crashme_double_free"));
	assert_string_equal(k->cache, "kmalloc-32");
	assert_int_equal(k->rel_bytes, 0);
	assert_string_equal(k->shadow_byte, "fa");	/* KASAN_SLAB_FREETRACK */
	oops_list_free(&l);
	assert_golden_json("debug-double-free");
}

/*
 * A NULL dereference under KASAN's inline checks: the check's load from
 * the shadow of NULL+8 faults first, so it is a general protection fault
 * (arch/x86/kernel/traps.c:772) that KASAN's hook explains
 * (mm/kasan/report.c:591 "KASAN: %s in range [0x%016lx-0x%016lx]"); the
 * flight recorder's dump of the probe on the planted function follows.
 */
static void test_debug_null_gpf(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-null", &l);
	const struct oops_recorder *rec = r->recorder;

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_GPF);
	assert_string_equal(r->type, "null-ptr-deref");
	assert_int_equal(r->fault_addr, 8);	/* the range's start */
	assert_int_equal(r->error_code, 0);
	assert_int_equal(r->die_counter, 1);
	assert_frame(&r->where, "kdbg_crashme_null_thread", 0x21, 0x38,
		     "kdbg_crashme");
	assert_true(r->where.exact);
	assert_string_equal(r->comm, "kdbg_crashme");
	assert_int_equal(r->pid, 202);
	assert_string_equal(r->taint, "G    B   W  O");
	assert_int_equal(r->trace.nr, 3);
	assert_string_equal(r->trace.frames[0].func, "kthread");
	assert_string_equal(r->modules, "kdbgmod(O) kdbg_crashme(O)");
	assert_non_null(rec);
	assert_string_equal(rec->reason, "oops");
	assert_int_equal(rec->nr, 1);
	assert_non_null(strstr(rec->events[0].fields,
			       "comm=kdbg_crashme src=1 type=kprobe "
			       "target=kdbg_crashme:kdbg_crashme_null_thread"));
	assert_int_equal(rec->events[0].stack.nr, 3);
	assert_int_equal(r->last_line, 33);
	oops_list_free(&l);
	assert_golden_json("debug-null");
}

/* The same oops as the debug kernel's serial console printed it. */
static void test_debug_null_from_console(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-null-console", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_GPF);
	assert_string_equal(r->type, "null-ptr-deref");
	assert_int_equal(r->fault_addr, 8);
	assert_string_equal(r->where.func, "kdbg_crashme_null_thread");
	assert_true(r->where.exact);
	assert_string_equal(r->comm, "kdbg_crashme");
	assert_string_equal(r->release, "6.1.192");
	assert_int_equal(r->trace.nr, 3);
	assert_non_null(r->recorder);
	assert_string_equal(r->recorder->reason, "oops");
	assert_true(r->recorder->ended);
	assert_int_equal(r->recorder->nr_rings, 2);
	assert_true(stack_has(&r->recorder->events[0].stack,
			      "kdbg_crashme_null_thread"));
	oops_list_free(&l);
	assert_golden_json("debug-null-console");
}

static void test_debug_warn(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-warn", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_WARNING);
	assert_true(ends_with(r->src_file, "tests/modules/kdbg_crashme/kdbg_crashme.c"));
	assert_int_equal(r->src_line, 106);
	assert_frame(&r->where, "kdbg_crashme_warn", 0x11, 0x16, "kdbg_crashme");
	assert_int_equal(r->pid, 81);
	assert_string_equal(r->taint, "G    B      O");
	assert_int_equal(r->trace.nr, 15);
	assert_false(r->has_fault_addr);
	oops_list_free(&l);
	assert_golden_json("debug-warn");
}

/*
 * kernel/locking/lockdep.c:1974 (title), :1977 "%s/%d is trying to acquire
 * lock:", :1981, print_lock() (:776) "%px (name){usage}-{n:n}, at: %pS",
 * :804 print_kernel_ident(), :2087 "stack backtrace:".
 */
static void test_debug_abba(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("debug-abba", &l);
	const struct oops_lockdep *d = &r->lockdep;

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_LOCKDEP);
	assert_string_equal(r->type, "circular-locking-dependency");
	assert_string_equal(d->task, "bash");
	assert_int_equal(d->pid, 80);
	assert_string_equal(d->acquiring.name, "kdbg_crashme_lock_a");
	assert_frame(&d->acquiring.at, "kdbg_crashme_ba", 0x21, 0x39,
		     "kdbg_crashme");
	assert_string_equal(d->holding.name, "kdbg_crashme_lock_b");
	assert_frame(&d->holding.at, "kdbg_crashme_ba", 0x13, 0x39,
		     "kdbg_crashme");
	assert_int_equal(d->chain_len, 2);
	assert_frame(&r->where, "kdbg_crashme_ba", 0x21, 0x39, "kdbg_crashme");
	assert_string_equal(r->release, "6.1.192");
	assert_string_equal(r->taint, "G           O");
	assert_int_equal(r->cpu, 1);
	/* only the backtrace after "stack backtrace:", not the chain's */
	assert_int_equal(r->trace.nr, 37);
	assert_string_equal(r->trace.frames[0].func, "dump_stack_lvl");
	assert_true(stack_has(&r->trace, "kdbg_crashme_abba"));
	oops_list_free(&l);
	assert_golden_json("debug-abba");
}

/* ---- hand-written reports of the kinds no test triggers ---------------- */

/*
 * kernel/watchdog.c:434 "BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]"
 * (pr_fmt "watchdog: ", :13), then print_modules(), show_regs().
 */
static void test_hand_soft_lockup(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("hand-soft-lockup", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_SOFT_LOCKUP);
	assert_int_equal(r->cpu, 1);
	assert_int_equal(r->stuck_secs, 26);
	assert_string_equal(r->comm, "spin_thread");
	assert_int_equal(r->pid, 412);
	assert_frame(&r->where, "spin_fn", 0x10, 0x20, "spin");
	assert_int_equal(r->trace.nr, 3);
	assert_string_equal(r->modules, "spin(O) 9p netfs");
	assert_int_equal(r->last_line, 14);	/* the task's </TASK> ends it */
	oops_list_free(&l);
	assert_golden_json("hand-soft-lockup");
}

/* kernel/watchdog_hld.c:142 (pr_fmt "NMI watchdog: ", :13), from an NMI */
static void test_hand_hard_lockup(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("hand-hard-lockup", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_HARD_LOCKUP);
	assert_int_equal(r->cpu, 0);
	assert_string_equal(r->comm, "swapper/0");
	assert_frame(&r->where, "irqspin_handler", 5, 0x10, "irqspin");
	assert_int_equal(r->trace.nr, 4);
	/* dumpstack.c:236/:304 "<IRQ>" ... "</IRQ>" mark the stacks */
	assert_string_equal(r->trace.frames[0].context, "irq");
	assert_string_equal(r->trace.frames[1].context, "irq");
	assert_string_equal(r->trace.frames[2].context, "task");
	assert_string_equal(r->taint, "G           O  L");
	oops_list_free(&l);
	assert_golden_json("hand-hard-lockup");
}

/*
 * kernel/hung_task.c:133 "INFO: task %s:%d blocked for more than %ld
 * seconds.", :135 "      %s %s %.*s%s" (taint, release, version), :140,
 * then sched_show_task() (kernel/sched/core.c:8987).
 */
static void test_hand_hung_task(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("hand-hung-task", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_HUNG_TASK);
	assert_string_equal(r->comm, "kworker/0:1");	/* a ':' in comm */
	assert_int_equal(r->pid, 42);
	assert_int_equal(r->stuck_secs, 122);
	assert_true(r->has_taint);
	assert_string_equal(r->taint, "");
	assert_string_equal(r->release, "6.1.158");
	assert_string_equal(r->version, "#1");
	assert_false(r->has_location);
	assert_int_equal(r->trace.nr, 9);
	assert_frame(&r->trace.frames[4], "some_work_fn", 0x1e, 0x40, "mymod");
	assert_true(stack_has(&r->trace, "worker_thread"));
	assert_int_equal(r->last_line, 17);
	oops_list_free(&l);
	assert_golden_json("hand-hung-task");
}

/*
 * arch/x86/kernel/traps.c:772 "general protection fault, probably for
 * non-canonical address 0x%lx" as __die_header()'s str
 * (arch/x86/kernel/dumpstack.c:426 "%s: %04lx [#%d]%s%s%s%s%s"), and the
 * panic after it (kernel/panic.c:333).
 */
static void test_hand_gpf(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("hand-gpf", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_GPF);
	assert_string_equal(r->type, "general-protection-fault");
	assert_int_equal(r->fault_addr, 0xdead000000000122ULL);
	assert_int_equal(r->error_code, 0);
	assert_int_equal(r->die_counter, 1);
	assert_frame(&r->where, "walk_list", 0x1c, 0x50, "listwalk");
	assert_string_equal(r->comm, "listwalk");
	assert_string_equal(r->package, "Debian 6.1.192-3");
	assert_int_equal(r->trace.nr, 5);
	assert_string_equal(r->panic, "Fatal exception");
	oops_list_free(&l);
	assert_golden_json("hand-gpf");
}

/* lib/bug.c:205 "kernel BUG at %s:%u!", then an "invalid opcode" die header */
static void test_hand_kernel_bug(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("hand-kernel-bug", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_OOPS);
	assert_string_equal(r->type, "kernel-bug");
	assert_string_equal(r->src_file, "fs/inode.c");
	assert_int_equal(r->src_line, 1763);
	assert_int_equal(r->die_counter, 1);
	assert_frame(&r->where, "iput", 0x1f2, 0x200, "");
	assert_string_equal(r->comm, "umount");
	assert_string_equal(r->taint, "");
	assert_int_equal(r->trace.nr, 2);
	oops_list_free(&l);
	assert_golden_json("hand-kernel-bug");
}

/* kernel/sched/core.c:9998 and :10000, then dump_stack(), via /dev/kmsg */
static void test_hand_sleep_in_atomic(void **state)
{
	struct oops_list l;
	const struct oops_report *r = one("hand-sleep-atomic", &l);

	(void)state;
	assert_int_equal(r->kind, OOPS_KIND_BUG);
	assert_string_equal(r->type,
			    "sleeping-function-called-from-invalid-context");
	assert_string_equal(r->src_file, "kernel/locking/mutex.c");
	assert_int_equal(r->src_line, 580);
	assert_string_equal(r->comm, "insmod");
	assert_int_equal(r->trace.nr, 5);
	assert_frame(&r->trace.frames[3], "atomic_init", 0x2a, 0x40,
		     "atomic_sleep");
	oops_list_free(&l);
	assert_golden_json("hand-sleep-atomic");
}

/* Two WARNs at once on two CPUs, told apart by printk caller ids. */
static void test_hand_interleaved_callers(void **state)
{
	struct oops_list l;
	const struct oops_report *a, *b;

	(void)state;
	parse_path(GOLDEN "hand-interleaved.txt", &l);
	assert_int_equal(l.nr, 2);
	a = l.reports[0];
	b = l.reports[1];
	assert_string_equal(a->caller, "T100");
	assert_string_equal(a->comm, "alpha");
	assert_frame(&a->where, "a_fn", 0x10, 0x20, "foo");
	assert_int_equal(a->trace.nr, 1);
	assert_string_equal(a->trace.frames[0].func, "a_caller");
	assert_string_equal(b->caller, "T200");
	assert_string_equal(b->comm, "beta");
	assert_string_equal(b->src_file, "drivers/bar/b.c");
	assert_frame(&b->where, "b_fn", 0x30, 0x40, "bar");
	assert_int_equal(b->trace.nr, 2);
	assert_string_equal(b->trace.frames[1].func, "b_outer");
	assert_int_equal(b->last_line, 22);
	oops_list_free(&l);
	assert_golden_json("hand-interleaved");
}

/* The flight recorder's dump, inside an oops and after a WARN. */
static void test_hand_recorder(void **state)
{
	struct oops_list l;
	const struct oops_recorder *rec;
	char *json;

	(void)state;
	parse_path(GOLDEN "hand-recorder.txt", &l);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.nr_rec, 2);
	rec = l.reports[0]->recorder;
	assert_non_null(rec);
	assert_string_equal(rec->reason, "oops");
	assert_int_equal(rec->cpu, 1);
	assert_int_equal(rec->events_declared, 2);
	assert_true(rec->ended);
	assert_int_equal(rec->nr, 2);
	assert_int_equal(rec->events[0].cpu, 0);
	assert_int_equal(rec->events[0].stack.nr, 2);
	assert_string_equal(rec->events[0].stack.frames[1].func, "ksys_write");
	assert_non_null(strstr(rec->events[1].fields, "target=victim_fn"));
	assert_string_equal(rec->events[1].stack.frames[0].module, "victim");
	/* module/recorder.c's per-CPU ring lines are not events */
	assert_int_equal(rec->nr_rings, 2);
	assert_string_equal(rec->rings[1],
			    "ring: cpu=1 records=1 shown=1 refused=0 gaps=0 torn=0");
	/* the report around the dump still ends at its end trace */
	assert_int_equal(l.reports[0]->last_line, 22);
	assert_int_equal(l.reports[0]->fault_addr, 0x10);
	/* printed after the WARN's end: attached to it */
	rec = l.reports[1]->recorder;
	assert_non_null(rec);
	assert_string_equal(rec->reason, "panic");
	assert_int_equal(rec->nr, 2);
	oops_list_free(&l);
	assert_golden_json("hand-recorder");
	/* a value runs to the next " key=": comm "my prog" stays whole */
	json = to_json_file(GOLDEN "hand-recorder.txt");
	assert_non_null(strstr(json, "\"comm\": \"my prog\""));
	assert_non_null(strstr(json, "\"args\": \"0x1,0xffff888004f1c6a0\""));
	assert_non_null(strstr(json, "\"retval\": \"-11\""));
	assert_non_null(strstr(json, "\"refused\": \"0\""));
	free(json);

	parse_path(GOLDEN "hand-recorder-alone.txt", &l);
	assert_int_equal(l.nr, 0);
	assert_int_equal(l.nr_rec, 1);
	assert_false(l.recorders[0]->ended);	/* cut short */
	assert_int_equal(l.recorders[0]->nr, 2);
	assert_int_equal(l.recorders[0]->events[0].stack.nr, 2);
	oops_list_free(&l);
	assert_golden_json("hand-recorder-alone");
}

/* ---- many reports in one input ---------------------------------------- */

static void test_all_goldens_in_one_input(void **state)
{
	static const char *const names[] = {
		"stock-warn", "hand-soft-lockup", "stock-null", "hand-gpf",
		"hand-hung-task", "hand-kernel-bug",
	};
	static const enum oops_kind kinds[] = {
		OOPS_KIND_WARNING, OOPS_KIND_SOFT_LOCKUP, OOPS_KIND_OOPS,
		OOPS_KIND_GPF, OOPS_KIND_HUNG_TASK, OOPS_KIND_OOPS,
	};
	char *all = NULL, path[256], *t;
	size_t len = 0, i, n;
	FILE *f = open_memstream(&all, &len);
	struct oops_list l = { 0 };

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), GOLDEN "%s.txt", names[i]);
		t = slurp(path, &n);
		fwrite(t, 1, n, f);
		free(t);
	}
	fclose(f);
	assert_int_equal(oops_parse_text(all, len, &l), 0);
	assert_int_equal(l.nr, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(l.reports[i]->kind, kinds[i]);
	assert_string_equal(l.reports[3]->panic, "Fatal exception");
	assert_string_equal(l.reports[0]->panic, "");
	t = to_text(&l);
	assert_non_null(strstr(t, "report 6 of 6: oops (kernel-bug)"));
	free(t);
	oops_list_free(&l);
	free(all);
}

/* ---- symbolization ----------------------------------------------------- */

static int fixture_line(const char *name)
{
	char *src = slurp(GOLDEN "fixture/kdbg_fixture.c", NULL), *p;
	char mark[64];
	int line = 1;

	snprintf(mark, sizeof(mark), "fixture-line: %s */", name);
	p = strstr(src, mark);
	assert_non_null(p);
	while (--p >= src)
		line += *p == '\n';
	free(src);
	return line;
}

static int setup_fixture(void **state)
{
	(void)state;
	/* A .ko stands in for a module: relocatable, with and without DWARF. */
	return system("mkdir -p " SCRATCH "debug " SCRATCH "nodebug && "
		      "cc -O2 -g -c " GOLDEN "fixture/kdbg_fixture.c -o " SCRATCH "fx.o && "
		      "ld -r --build-id=sha1 " SCRATCH "fx.o -o " SCRATCH "debug/kdbg_fixture.ko && "
		      "cc -O2 -g0 -c " GOLDEN "fixture/kdbg_fixture.c -o " SCRATCH "nodebug/kdbg-fixture.ko && "
		      /* and for a vmlinux: linked, with a build id */
		      "cc -O2 -g -nostdlib -static -Wl,--build-id=sha1 -Wl,-e,kdbg_fixture_leaf "
		      GOLDEN "fixture/kdbg_fixture.c -o " SCRATCH "vmlinux") ?
	       -1 : 0;
}

static struct oops_list *fixture_report(const char *frames)
{
	static struct oops_list l;
	char text[2048];

	snprintf(text, sizeof(text),
		 "WARNING: CPU: 0 PID: 1 at x.c:1 kdbg_fixture_leaf+0x0/0x10 [kdbg_fixture]\n"
		 "RIP: 0010:kdbg_fixture_leaf+0x0/0x10 [kdbg_fixture]\n"
		 "Call Trace:\n <TASK>\n%s </TASK>\n---[ end trace 0 ]---\n",
		 frames);
	memset(&l, 0, sizeof(l));
	assert_int_equal(oops_parse_text(text, strlen(text), &l), 0);
	assert_int_equal(l.nr, 1);
	return &l;
}

static void test_symbolize_module_frames(void **state)
{
	struct oops_sym_opts o = { .modules_dir = SCRATCH "debug" };
	struct oops_list *l;
	const struct oops_report *r;
	char *json;

	(void)state;
	l = fixture_report(" kdbg_fixture_leaf+0x3/0x10 [kdbg_fixture]\n"
			   " kdbg_fixture_leaf+0x3/0x1000 [kdbg_fixture]\n"
			   " kdbg_fixture_leaf+0x3/0x10 [kdbg_fixture 00112233445566778899aabbccddeeff00112233]\n"
			   " kdbg_fixture_gone+0x3/0x10 [kdbg_fixture]\n"
			   " vfs_write+0xc7/0x3f0\n"
			   " other_fn+0x1/0x2 [other_mod]\n"
			   " 0xffffffffc0001234\n");
	r = l->reports[0];
	assert_int_equal(oops_symbolize(l, &o), 2);
	assert_true(r->where.exact);
	assert_true(ends_with(r->where.file, "fixture/kdbg_fixture.c"));
	assert_int_equal(r->where.line, fixture_line("leaf"));
	assert_int_equal(r->trace.frames[0].line, fixture_line("leaf"));
	/* the leaf's first bytes are its inlined helper's (addr2line -i) */
	assert_string_equal(r->where.inlined, "kdbg_fixture_inner");
	assert_true(ends_with(r->where.inline_file, "fixture/kdbg_fixture.c"));
	assert_int_equal(r->where.inline_line, fixture_line("inner"));
	assert_string_equal(r->trace.frames[1].sym_error,
			    "function size differs: not the binary that crashed");
	assert_string_equal(r->trace.frames[2].sym_error,
			    "build id differs from the binary's");
	assert_string_equal(r->trace.frames[3].sym_error,
			    "function not in the binary's symbol table");
	assert_string_equal(r->trace.frames[4].sym_error, "no vmlinux (--vmlinux)");
	assert_string_equal(r->trace.frames[5].sym_error,
			    "module not found under --modules");
	assert_string_equal(r->trace.frames[6].sym_error, "no symbol");
	json = to_json(l);
	assert_non_null(strstr(json, "\"unresolved\": \"build id differs from the binary's\""));
	assert_non_null(strstr(json, "\"line\": "));
	free(json);
	oops_list_free(l);

	/* the module's own build id matches: resolved */
	o.modules_dir = SCRATCH "nodebug";
	l = fixture_report("");
	assert_int_equal(oops_symbolize(l, &o), 0);
	/* '-' in a file name is '_' in a module name */
	assert_string_equal(l->reports[0]->where.sym_error,
			    "binary has no debug info (.debug_line)");
	oops_list_free(l);

	o.modules_dir = SCRATCH "debug";
	o.addr2line = "/nonexistent/addr2line";
	l = fixture_report("");
	assert_int_equal(oops_symbolize(l, &o), 0);
	assert_string_equal(l->reports[0]->where.sym_error,
			    "addr2line failed (is binutils installed?)");
	oops_list_free(l);
}

/*
 * Kernel frames against a linked image: the build id the CPU line prints
 * (lib/dump_stack.c:58 BUILD_ID_FMT, CONFIG_STACKTRACE_BUILD_ID) must be
 * the vmlinux's.
 */
static void test_symbolize_vmlinux_build_id(void **state)
{
	struct oops_sym_opts o = { .vmlinux = SCRATCH "vmlinux" };
	struct oops_list l = { 0 };
	struct oops_elf *e;
	const char *err;
	char text[1024], bid[41];

	(void)state;
	e = oops_elf_open(SCRATCH "vmlinux", &err);
	assert_non_null(e);
	assert_false(oops_elf_is_rel(e));
	snprintf(bid, sizeof(bid), "%s", oops_elf_build_id(e));
	assert_int_equal(strlen(bid), 40);
	oops_elf_close(e);
	snprintf(text, sizeof(text),
		 "kernel BUG at a.c:1!\n"
		 "invalid opcode: 0000 [#1] PREEMPT SMP\n"
		 "CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1 %s\n"
		 "RIP: 0010:kdbg_fixture_leaf+0x0/0x10\n"
		 "---[ end trace 0 ]---\n"
		 "kernel BUG at a.c:1!\n"
		 "invalid opcode: 0000 [#2] PREEMPT SMP\n"
		 "CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1 Debian 6.1.1-1 "
		 "00112233445566778899aabbccddeeff00112233\n"
		 "RIP: 0010:kdbg_fixture_leaf+0x0/0x10\n"
		 "---[ end trace 0 ]---\n", bid);
	assert_int_equal(oops_parse_text(text, strlen(text), &l), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.reports[0]->build_id, bid);
	assert_string_equal(l.reports[0]->package, "");
	assert_string_equal(l.reports[1]->package, "Debian 6.1.1-1");
	assert_int_equal(oops_symbolize(&l, &o), 1);
	assert_int_equal(l.reports[0]->where.line, fixture_line("leaf"));
	assert_int_not_equal(l.reports[0]->where.addr, 0);	/* linked: absolute */
	assert_string_equal(l.reports[1]->where.sym_error,
			    "build id differs from the binary's");
	oops_list_free(&l);
}

/* The command: exit codes and errors. */
static void test_cmd_errors(void **state)
{
	char *a1[] = { "decode", "--frob", NULL };
	char *a2[] = { "decode", "a", "b", NULL };
	char *a3[] = { "decode", "--modules", NULL };
	char *a4[] = { "decode", GOLDEN "none.txt", NULL };
	char *a5[] = { "decode", "--vmlinux", GOLDEN "stock-null.txt", "-", NULL };
	char *a6[] = { "decode", "--modules", GOLDEN "stock-null.txt", "-", NULL };
	char *a7[] = { "decode", GOLDEN "hand-gpf.txt", "--modules", SCRATCH "debug", NULL };

	(void)state;
	assert_int_equal(cmd_oops(2, a1), KDBG_EXIT_USAGE);
	assert_string_equal(last_err,
		"oops decode: unknown option '--frob' (see: kdbgctl oops help)");
	assert_int_equal(cmd_oops(3, a2), KDBG_EXIT_USAGE);
	assert_string_equal(last_err,
		"oops decode: one FILE expected (see: kdbgctl oops help)");
	assert_int_equal(cmd_oops(2, a3), KDBG_EXIT_USAGE);
	assert_string_equal(last_err,
		"oops decode: option '--modules' needs a value");
	assert_int_equal(cmd_oops(2, a4), KDBG_EXIT_RUNTIME);
	assert_string_equal(last_err, "oops decode: '" GOLDEN
			    "none.txt': No such file or directory");
	assert_int_equal(cmd_oops(4, a5), KDBG_EXIT_RUNTIME);
	assert_string_equal(last_err, "oops decode: --vmlinux '" GOLDEN
			    "stock-null.txt': not an ELF file");
	assert_int_equal(cmd_oops(4, a6), KDBG_EXIT_RUNTIME);
	assert_string_equal(last_err, "oops decode: --modules '" GOLDEN
			    "stock-null.txt': not a directory");
	reset_err();
	assert_int_equal(cmd_oops(4, a7), KDBG_EXIT_OK);
	assert_int_equal(nr_errs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_prefix_forms),
		cmocka_unit_test(test_parse_frame_forms),
		cmocka_unit_test(test_taint_words),
		cmocka_unit_test(test_stock_null),
		cmocka_unit_test(test_stock_warn),
		cmocka_unit_test(test_stock_null_with_recorder),
		cmocka_unit_test(test_stock_null_from_console),
		cmocka_unit_test(test_prefix_variants_decode_alike),
		cmocka_unit_test(test_debug_uaf),
		cmocka_unit_test(test_debug_oob),
		cmocka_unit_test(test_debug_double_free),
		cmocka_unit_test(test_debug_abba),
		cmocka_unit_test(test_debug_null_gpf),
		cmocka_unit_test(test_debug_null_from_console),
		cmocka_unit_test(test_debug_warn),
		cmocka_unit_test(test_hand_soft_lockup),
		cmocka_unit_test(test_hand_hard_lockup),
		cmocka_unit_test(test_hand_hung_task),
		cmocka_unit_test(test_hand_gpf),
		cmocka_unit_test(test_hand_kernel_bug),
		cmocka_unit_test(test_hand_sleep_in_atomic),
		cmocka_unit_test(test_hand_interleaved_callers),
		cmocka_unit_test(test_hand_recorder),
		cmocka_unit_test(test_all_goldens_in_one_input),
		cmocka_unit_test(test_symbolize_module_frames),
		cmocka_unit_test(test_symbolize_vmlinux_build_id),
		cmocka_unit_test(test_cmd_errors),
	};

	return cmocka_run_group_tests(tests, setup_fixture, NULL);
}
