// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/core/usym.c: /proc/PID/maps parsing (file, anonymous,
 * pseudo and deleted mappings, malformed lines), and symbolization against
 * ELF files built here: this test binary (PIE, with .symtab) through the
 * live /proc/self/maps and through a synthetic proc root that maps its text
 * elsewhere (the offset arithmetic alone, and every process of that root
 * read at once), a shared library (libmnl, .dynsym
 * only) checked against dladdr(), a non-ELF file ("[name]"), unknown
 * addresses, and a child process that exits after its maps were read.
 */
#include "kdbg_test.h"
#include "usym.h"

#include <dlfcn.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

__attribute__((noinline, used)) int usym_test_target(int x)
{
	return x * 3 + 1;
}

static void test_maps_parse_kinds(void **state)
{
	static const char text[] =
		"555555554000-555555556000 r--p 00000000 fe:01 1234   /usr/bin/x\n"
		"555555556000-555555558000 r-xp 00002000 fe:01 1234   /usr/bin/x\n"
		"7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0      [vdso]\n"
		"7ffff7dd0000-7ffff7dd8000 rw-p 00000000 00:00 0 \n"
		"7ffff7e00000-7ffff7e10000 r-xp 00010000 fe:01 99 /tmp/a b (deleted)\n";
	struct usym_map *m;
	size_t n;

	(void)state;
	assert_int_equal(usym_maps_parse(text, &m, &n), 0);
	assert_int_equal(n, 5);
	assert_true(m[0].start == 0x555555554000ULL &&
		    m[0].end == 0x555555556000ULL && !m[0].exec);
	assert_true(m[1].exec && m[1].pgoff == 0x2000);
	assert_string_equal(m[1].path, "/usr/bin/x");
	assert_string_equal(m[2].path, "[vdso]");
	assert_string_equal(m[3].path, "");
	assert_string_equal(m[4].path, "/tmp/a b (deleted)");
	assert_true(m[4].pgoff == 0x10000);
	usym_maps_free(m, n);
}

static void test_maps_parse_malformed(void **state)
{
	struct usym_map *m;
	size_t n;

	(void)state;
	assert_int_equal(usym_maps_parse("garbage\n", &m, &n), -EINVAL);
	assert_int_equal(usym_maps_parse("2000-1000 r-xp 0 0:0 0\n", &m, &n),
			 -EINVAL);
	assert_int_equal(usym_maps_parse("", &m, &n), 0);
	assert_int_equal(n, 0);
	usym_maps_free(m, n);
}

/* A function of this PIE binary through the live maps. */
static void test_resolve_self_pie(void **state)
{
	struct usyms *u = usyms_new(NULL);
	char buf[128];

	(void)state;
	assert_non_null(u);
	assert_int_equal(usyms_add_pid(u, getpid()), 0);
	assert_string_equal(usyms_resolve(u, getpid(),
					  (uintptr_t)usym_test_target + 4, buf,
					  sizeof(buf)),
			    "usym_test_target");
	assert_string_equal(usyms_resolve(u, getpid(),
					  (uintptr_t)test_resolve_self_pie,
					  buf, sizeof(buf)),
			    "test_resolve_self_pie");
	/* Nothing is mapped at page 1. */
	assert_string_equal(usyms_resolve(u, getpid(), 0x1000, buf,
					  sizeof(buf)), "[unknown]");
	usyms_free(u);
}

/* libmnl has .dynsym only: its exported functions, as dladdr() names them. */
static void test_resolve_shared_library(void **state)
{
	struct usyms *u = usyms_new(NULL);
	void *fn = (void *)mnl_socket_open;
	char buf[128];
	Dl_info dli;

	(void)state;
	assert_true(dladdr(fn, &dli) && dli.dli_sname);
	assert_string_equal(usyms_resolve(u, getpid(), (uintptr_t)fn + 1, buf,
					  sizeof(buf)), dli.dli_sname);
	usyms_free(u);
}

/* The maps line of this binary's text, moved: offsets alone resolve. */
static void test_resolve_synthetic_maps(void **state)
{
	char dir[] = "/tmp/kdbg-test-usym-XXXXXX", path[512], exe[256];
	unsigned long long start, end, off;
	char line[1024], perms[8], file[512];
	uint64_t addr = (uintptr_t)usym_test_target + 2, moved = 0;
	FILE *in, *out;
	struct usyms *u;
	char buf[128];
	ssize_t len;

	(void)state;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(len > 0);
	exe[len] = '\0';
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/42", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/42/maps", dir);
	in = fopen("/proc/self/maps", "r");
	out = fopen(path, "w");
	assert_true(in && out);
	while (fgets(line, sizeof(line), in)) {
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %511s", &start,
			   &end, perms, &off, file) != 5 ||
		    strcmp(file, exe) || addr < start || addr >= end)
			continue;
		/* The same text at 0x10000000, as a fixed executable would be. */
		fprintf(out, "10000000-%llx %s %llx 00:00 0 %s\n",
			0x10000000ULL + (end - start), perms, off, exe);
		moved = addr - start + 0x10000000ULL;
	}
	/* A file that is no ELF: named after the file. */
	fprintf(out, "20000000-20001000 r-xp 00000000 00:00 0 %s\n", path);
	fclose(in);
	fclose(out);
	assert_true(moved);
	u = usyms_new(dir);
	assert_int_equal(usyms_add_pid(u, 42), 0);
	assert_string_equal(usyms_resolve(u, 42, moved, buf, sizeof(buf)),
			    "usym_test_target");
	assert_string_equal(usyms_resolve(u, 42, 0x20000010, buf, sizeof(buf)),
			    "[maps]");
	assert_string_equal(usyms_resolve(u, 42, 0x30000000, buf, sizeof(buf)),
			    "[unknown]");
	/* Unknown process: nothing known. */
	assert_int_equal(usyms_add_pid(u, 43), -ENOENT);
	assert_string_equal(usyms_resolve(u, 43, moved, buf, sizeof(buf)),
			    "[unknown]");
	usyms_free(u);
	/* Every process of the root at once: 42 only (no "self"). */
	u = usyms_new(dir);
	assert_int_equal(usyms_add_all(u), 1);
	assert_string_equal(usyms_resolve(u, 42, moved, buf, sizeof(buf)),
			    "usym_test_target");
	usyms_free(u);
	unlink(path);
	snprintf(path, sizeof(path), "%s/42", dir);
	rmdir(path);
	rmdir(dir);
}

/* Maps read at first sight outlive the process. */
static void test_resolve_after_exit(void **state)
{
	struct usyms *u = usyms_new(NULL);
	char buf[128];
	pid_t child;
	int status;

	(void)state;
	child = fork();
	assert_true(child >= 0);
	if (!child) {
		pause();
		_exit(0);
	}
	assert_int_equal(usyms_add_pid(u, child), 0);
	kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	usyms_epoch(u);
	assert_int_equal(usyms_refresh(u, child), -ENOENT);
	/* fork(): the child's layout is ours. */
	assert_string_equal(usyms_resolve(u, child,
					  (uintptr_t)usym_test_target, buf,
					  sizeof(buf)),
			    "usym_test_target");
	usyms_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_parse_kinds),
		cmocka_unit_test(test_maps_parse_malformed),
		cmocka_unit_test(test_resolve_self_pie),
		cmocka_unit_test(test_resolve_shared_library),
		cmocka_unit_test(test_resolve_synthetic_maps),
		cmocka_unit_test(test_resolve_after_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
