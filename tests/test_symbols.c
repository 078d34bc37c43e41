// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/symbols.c on synthetic /proc/kallsyms and
 * /proc/modules files: kernel and module symbols, aliases, data symbols
 * ignored, offsets, unknown addresses, a module loaded after the first
 * lookup (the table reloads), the folded frame names, and a smoke test
 * on the host's own kallsyms when its addresses are visible.
 */
#include "kdbg_test.h"
#include "symbols.h"

#include <unistd.h>

static char dir[] = "/tmp/kdbg-test-symbols-XXXXXX";
static char ksyms_path[256], mods_path[256];

static const char base_kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81000000 T _stext\n"
	"ffffffff81000100 t helper\n"
	"ffffffff81001000 T tcp_v4_connect\n"
	"ffffffff81002000 T __sys_connect\n"
	"ffffffff81002800 W weak_fn\n"
	"ffffffff81003000 D some_data\n"
	"0000000000000000 A fixed_percpu_data\n"
	"ffffffff81004000 T _etext\n"
	"ffffffffc0001000 t kdbg_probe_fn\t[kdbgmod]\n"
	"ffffffffc0001800 t kdbg_other\t[kdbgmod]\n";

static const char base_modules[] =
	"kdbgmod 16384 0 - Live 0xffffffffc0001000 (OE)\n";

static void write_file(const char *path, const char *text, const char *mode)
{
	FILE *f = fopen(path, mode);

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(ksyms_path, sizeof(ksyms_path), "%s/kallsyms", dir);
	snprintf(mods_path, sizeof(mods_path), "%s/modules", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(ksyms_path);
	unlink(mods_path);
	rmdir(dir);
	return 0;
}

static const char *fmt(struct ksyms *ks, uint64_t addr)
{
	static char buf[160];

	ksyms_format(ks, addr, buf, sizeof(buf));
	return buf;
}

static void test_ksyms_format_kernel_and_module(void **state)
{
	struct ksyms *ks;

	(void)state;
	write_file(ksyms_path, base_kallsyms, "w");
	write_file(mods_path, base_modules, "w");
	ks = ksyms_new(ksyms_path, mods_path);
	assert_non_null(ks);
	assert_string_equal(fmt(ks, 0xffffffff81001005ULL), "tcp_v4_connect+0x5");
	assert_string_equal(fmt(ks, 0xffffffff81002080ULL), "__sys_connect+0x80");
	assert_string_equal(fmt(ks, 0xffffffff81002810ULL), "weak_fn+0x10");
	/* data symbols are not kept: still inside weak_fn's range */
	assert_string_equal(fmt(ks, 0xffffffff81003004ULL), "weak_fn+0x804");
	assert_string_equal(fmt(ks, 0xffffffff81000000ULL), "_stext+0x0");
	assert_string_equal(fmt(ks, 0xffffffff81000101ULL), "helper+0x1");
	assert_string_equal(fmt(ks, 0xffffffffc0001810ULL),
			    "kdbg_other+0x10 [kdbgmod]");
	assert_string_equal(fmt(ks, 0xffffffffc0001000ULL),
			    "kdbg_probe_fn+0x0 [kdbgmod]");
	assert_int_equal(ksyms_count(ks), 9);
	ksyms_free(ks);
}

static void test_ksyms_format_unknown(void **state)
{
	struct ksyms *ks;

	(void)state;
	write_file(ksyms_path, base_kallsyms, "w");
	write_file(mods_path, base_modules, "w");
	ks = ksyms_new(ksyms_path, mods_path);
	ksyms_set_reload_interval(ks, 3600);
	assert_string_equal(fmt(ks, 0x1234), "0x0000000000001234");
	/* past the module's extent from /proc/modules */
	assert_string_equal(fmt(ks, 0xffffffffc0006000ULL),
			    "0xffffffffc0006000");
	/* far past the kernel image's last symbol */
	assert_string_equal(fmt(ks, 0xffffffff90000000ULL),
			    "0xffffffff90000000");
	assert_int_equal(ksyms_reloads(ks), 0);	/* rate-limited */
	ksyms_free(ks);
}

static void test_ksyms_reload_new_module(void **state)
{
	struct ksyms *ks;

	(void)state;
	write_file(ksyms_path, base_kallsyms, "w");
	write_file(mods_path, base_modules, "w");
	ks = ksyms_new(ksyms_path, mods_path);
	ksyms_set_reload_interval(ks, 0);
	assert_string_equal(fmt(ks, 0xffffffff81001000ULL), "tcp_v4_connect+0x0");
	assert_int_equal(ksyms_reloads(ks), 0);

	/* a module loaded after kdbgctl started */
	write_file(ksyms_path, "ffffffffc0010000 t late_fn\t[latemod]\n", "a");
	write_file(mods_path, "latemod 8192 0 - Live 0xffffffffc0010000\n", "a");
	assert_string_equal(fmt(ks, 0xffffffffc0010042ULL),
			    "late_fn+0x42 [latemod]");
	assert_int_equal(ksyms_reloads(ks), 1);
	/* known now: no more reloads */
	assert_string_equal(fmt(ks, 0xffffffffc0010010ULL),
			    "late_fn+0x10 [latemod]");
	assert_int_equal(ksyms_reloads(ks), 1);
	ksyms_free(ks);
}

static void test_ksyms_without_modules_file(void **state)
{
	struct ksyms *ks;

	(void)state;
	write_file(ksyms_path, base_kallsyms, "w");
	unlink(mods_path);
	ks = ksyms_new(ksyms_path, mods_path);
	ksyms_set_reload_interval(ks, 3600);
	assert_string_equal(fmt(ks, 0xffffffffc0001810ULL),
			    "kdbg_other+0x10 [kdbgmod]");
	assert_string_equal(fmt(ks, 0xffffffffc0100000ULL),
			    "0xffffffffc0100000");
	ksyms_free(ks);
}

static void test_ksyms_missing_file(void **state)
{
	struct ksyms *ks = ksyms_new("/nonexistent/kallsyms", NULL);

	(void)state;
	assert_int_equal(ksyms_load(ks), -ENOENT);
	assert_string_equal(fmt(ks, 0xffffffff81001005ULL),
			    "0xffffffff81001005");
	ksyms_free(ks);
}

static void test_ksym_frame_name(void **state)
{
	char buf[64];

	(void)state;
	ksym_frame_name("tcp_v4_connect+0x5", false, buf, sizeof(buf));
	assert_string_equal(buf, "tcp_v4_connect");
	ksym_frame_name("kdbg_other+0x10 [kdbgmod]", false, buf, sizeof(buf));
	assert_string_equal(buf, "kdbg_other");
	ksym_frame_name("kdbg_other+0x10 [kdbgmod]", true, buf, sizeof(buf));
	assert_string_equal(buf, "kdbg_other+0x10");
	ksym_frame_name("0xffffffffc0100000", false, buf, sizeof(buf));
	assert_string_equal(buf, "0xffffffffc0100000");
}

/* The host's own table, when this process may see its addresses. */
static void test_ksyms_host_kallsyms(void **state)
{
	unsigned long long addr = 0;
	char line[256], name[128], type;
	struct ksyms *ks;
	FILE *f = fopen("/proc/kallsyms", "r");
	char expect[160];

	(void)state;
	if (!f)
		skip();
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %127s", &addr, &type, name) == 3 &&
		    !strcmp(name, "schedule"))
			break;
	fclose(f);
	if (!addr || strcmp(name, "schedule"))
		skip();
	ks = ksyms_new(NULL, NULL);
	snprintf(expect, sizeof(expect), "schedule+0x4");
	assert_string_equal(fmt(ks, addr + 4), expect);
	assert_true(ksyms_count(ks) > 1000);
	ksyms_free(ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ksyms_format_kernel_and_module),
		cmocka_unit_test(test_ksyms_format_unknown),
		cmocka_unit_test(test_ksyms_reload_new_module),
		cmocka_unit_test(test_ksyms_without_modules_file),
		cmocka_unit_test(test_ksyms_missing_file),
		cmocka_unit_test(test_ksym_frame_name),
		cmocka_unit_test(test_ksyms_host_kallsyms),
	};

	return cmocka_run_group_tests_name("kdbgctl_symbols", tests, setup,
					   teardown);
}
