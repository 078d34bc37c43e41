// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl doctor` against fake machines: each test builds a /proc, /sys,
 * /boot and /lib/modules tree under a scratch directory, points
 * KDBG_DOCTOR_ROOT at it and checks the verdict of the check it is about
 * (ok, warn or fail, with its fix), the exit code (1 exactly when a check
 * fails) and that text and JSON carry the same checks.
 */
#include "kdbg_test.h"

#include <ftw.h>
#include <sys/stat.h>
#include <zlib.h>

static char root[64];

static const char good_config[] =
	"CONFIG_MODULES=y\nCONFIG_MODULE_UNLOAD=y\nCONFIG_KPROBES=y\n"
	"CONFIG_KRETPROBES=y\nCONFIG_KPROBES_ON_FTRACE=y\n"
	"CONFIG_TRACEPOINTS=y\nCONFIG_FTRACE_SYSCALLS=y\nCONFIG_DEBUG_FS=y\n"
	"CONFIG_PERF_EVENTS=y\nCONFIG_KALLSYMS=y\nCONFIG_KALLSYMS_ALL=y\n"
	"CONFIG_UNWINDER_ORC=y\nCONFIG_MODULE_SIG=y\n"
	"# CONFIG_MODULE_SIG_FORCE is not set\n";

#define RELEASE	"6.1.0-99-amd64"

/* Write @text to @path under the root, making its directories. */
static void put(const char *path, const char *text)
{
	char full[512], *slash;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (slash = strchr(full + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0755);
		*slash = '/';
	}
	f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void del(const char *path)
{
	char full[512];

	snprintf(full, sizeof(full), "%s%s", root, path);
	assert_int_equal(remove(full), 0);
}

/* A Debian 12 guest as root: every check passes but the module's. */
static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/kdbg-doctor-XXXXXX");
	assert_non_null(mkdtemp(root));
	setenv("KDBG_DOCTOR_ROOT", root, 1);
	put("/proc/sys/kernel/osrelease", RELEASE "\n");
	put("/boot/config-" RELEASE, good_config);
	put("/proc/modules", "");
	put("/sys/module/module/parameters/sig_enforce", "N\n");
	put("/sys/kernel/security/lockdown",
	    "[none] integrity confidentiality\n");
	put("/proc/sys/kernel/kptr_restrict", "0\n");
	put("/proc/sys/kernel/perf_event_paranoid", "2\n");
	put("/proc/self/mounts",
	    "proc /proc proc rw 0 0\n"
	    "debugfs /sys/kernel/debug debugfs rw 0 0\n"
	    "tracefs /sys/kernel/tracing tracefs rw 0 0\n");
	put("/lib/modules/" RELEASE "/build/Makefile", "");
	put("/proc/self/status", "Name:\tkdbgctl\nCapEff:\t000001ffffffffff\n");
	return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	unsetenv("KDBG_DOCTOR_ROOT");
	return 0;
}

struct doc {
	int rc;
	char text[16384];
};

static struct doc *doctor(bool json)
{
	static struct doc d;
	char *argv[] = { NULL };

	cap_begin(json, false);
	d.rc = cmd_doctor(0, argv);
	snprintf(d.text, sizeof(d.text), "%s", cap_end());
	return &d;
}

/*
 * The status word of the text line of @check ("%-24s %-4s  detail"), and
 * in @detail the rest of the line and the fix line under it, if any.
 */
static const char *status(const struct doc *d, const char *check,
			  char *detail, size_t len)
{
	static char word[8];
	const char *p = d->text;
	size_t n = strlen(check);

	while (p && *p) {
		if (!strncmp(p, check, n) && p[n] == ' ' &&
		    strspn(p + n, " ") + n >= 24) {
			const char *w = p + 25, *end = strchr(w, '\n');
			const char *next = end ? end + 1 : "";

			sscanf(w, "%7s", word);
			if (detail) {
				const char *stop = strchr(next, '\n');

				if (!strncmp(next, "                               fix: ", 36) && stop)
					end = stop;
				snprintf(detail, len, "%.*s",
					 (int)(end ? end - w : (long)strlen(w)), w);
			}
			return word;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	fail_msg("no line for check '%s' in:\n%s", check, d->text);
	return NULL;
}

static void expect(const char *check, const char *want, const char *needle,
		   int rc)
{
	struct doc *d = doctor(false);
	char detail[1024];

	assert_string_equal(status(d, check, detail, sizeof(detail)), want);
	if (needle && !strstr(detail, needle))
		fail_msg("%s: '%s' not in '%s'", check, needle, detail);
	assert_int_equal(d->rc, rc);
}

static void test_doctor_healthy_guest_passes(void **state)
{
	struct doc *d;

	(void)state;
	d = doctor(false);
	assert_int_equal(d->rc, KDBG_EXIT_OK);
	assert_string_equal(status(d, "kernel", NULL, 0), "ok");
	assert_string_equal(status(d, "kernel config", NULL, 0), "ok");
	assert_string_equal(status(d, "CONFIG_KPROBES", NULL, 0), "ok");
	assert_string_equal(status(d, "stack unwinder", NULL, 0), "ok");
	assert_string_equal(status(d, "lockdown", NULL, 0), "ok");
	assert_string_equal(status(d, "debugfs", NULL, 0), "ok");
	assert_string_equal(status(d, "tracefs", NULL, 0), "ok");
	assert_string_equal(status(d, "kernel headers", NULL, 0), "ok");
	assert_string_equal(status(d, "privilege", NULL, 0), "ok");
	/* The fake tree has no module: the one warning. */
	assert_string_equal(status(d, "kdbgmod", NULL, 0), "warn");
	assert_non_null(strstr(d->text, "0 failed, 1 warnings: kdbg can work here\n"));
}

static void test_doctor_no_module_support_fails(void **state)
{
	(void)state;
	/* The host: no config anywhere, no /proc/modules. */
	del("/boot/config-" RELEASE);
	del("/proc/modules");
	expect("kernel config", "warn", "not checked", 1);
	expect("CONFIG_MODULES", "fail", "run kdbg in a VM", 1);
}

static void test_doctor_reads_config_gz(void **state)
{
	char full[512];
	gzFile gz;

	(void)state;
	del("/boot/config-" RELEASE);
	snprintf(full, sizeof(full), "%s/proc/config.gz", root);
	gz = gzopen(full, "wb");
	assert_non_null(gz);
	gzputs(gz, "CONFIG_MODULES=y\n# CONFIG_KPROBES is not set\n"
		   "CONFIG_FRAME_POINTER=y\n");
	gzclose(gz);
	expect("kernel config", "ok", "/proc/config.gz", 1);
	expect("CONFIG_KPROBES", "fail", "CONFIG_KPROBES=y", 1);
	expect("CONFIG_MODULES", "ok", "=y", 1);
	expect("stack unwinder", "ok", "frame pointers", 1);
	expect("CONFIG_DEBUG_FS", "warn", "not set", 1);
}

static void test_doctor_no_unwinder_warns(void **state)
{
	(void)state;
	put("/boot/config-" RELEASE,
	    "CONFIG_MODULES=y\nCONFIG_MODULE_UNLOAD=y\nCONFIG_KPROBES=y\n"
	    "CONFIG_KRETPROBES=y\nCONFIG_TRACEPOINTS=y\nCONFIG_KALLSYMS=y\n"
	    "CONFIG_UNWINDER_GUESS=y\n");
	expect("stack unwinder", "warn", "CONFIG_UNWINDER_ORC=y", 0);
	expect("CONFIG_KPROBES_ON_FTRACE", "warn", "int3", 0);
}

static void test_doctor_lockdown_modes(void **state)
{
	(void)state;
	put("/sys/kernel/security/lockdown",
	    "none [integrity] confidentiality\n");
	expect("lockdown", "warn", "only signed modules load", 0);
	put("/sys/kernel/security/lockdown",
	    "none integrity [confidentiality]\n");
	expect("lockdown", "fail", "lockdown=integrity", 1);
	del("/sys/kernel/security/lockdown");
	expect("lockdown", "ok", "no lockdown LSM", 0);
}

static void test_doctor_signature_enforcement(void **state)
{
	(void)state;
	put("/sys/module/module/parameters/sig_enforce", "Y\n");
	expect("module signatures", "warn", "sign-file", 0);
	/* A loaded module passed the check: it is signed. */
	put("/sys/module/kdbgmod/refcnt", "0\n");
	expect("module signatures", "ok", "it is signed", 0);
	put("/sys/module/module/parameters/sig_enforce", "N\n");
	del("/sys/module/kdbgmod/refcnt");
	del("/sys/module/kdbgmod");
	put("/boot/config-" RELEASE, "CONFIG_MODULE_SIG_FORCE=y\n");
	expect("module signatures", "warn", "CONFIG_MODULE_SIG_FORCE", 1);
}

static void test_doctor_kptr_restrict(void **state)
{
	(void)state;
	put("/proc/sys/kernel/kptr_restrict", "1\n");
	expect("kptr_restrict", "ok", "CAP_SYSLOG", 0);
	put("/proc/self/status", "CapEff:\t0000000000200000\n");	/* SYS_ADMIN */
	expect("kptr_restrict", "warn", "zero addresses", 0);
	put("/proc/sys/kernel/kptr_restrict", "2\n");
	expect("kptr_restrict", "warn", "kernel.kptr_restrict=1", 0);
}

static void test_doctor_perf_event_paranoid(void **state)
{
	(void)state;
	put("/proc/sys/kernel/perf_event_paranoid", "3\n");
	expect("perf_event_paranoid", "warn", "perf_event_paranoid=2", 0);
	put("/proc/sys/kernel/perf_event_paranoid", "-1\n");
	expect("perf_event_paranoid", "ok", "-1", 0);
}

static void test_doctor_mounts(void **state)
{
	(void)state;
	put("/proc/self/mounts", "proc /proc proc rw 0 0\n");
	expect("debugfs", "warn", "mount -t debugfs", 0);
	expect("tracefs", "warn", "mount -t tracefs", 0);
	put("/proc/self/mounts", "none /sys/kernel/debug debugfs rw 0 0\n");
	expect("debugfs", "ok", "/sys/kernel/debug", 0);
}

static void test_doctor_module_version(void **state)
{
	(void)state;
	expect("kdbgmod", "warn", "insmod kdbgmod.ko", 0);
	put("/sys/module/kdbgmod/version", "0.0-old\n");
	expect("kdbgmod", "warn", "version 0.0-old; kdbgctl is " KDBG_VERSION, 0);
	if (!access("/sys/module/kdbgmod", F_OK))
		return;	/* a real module answers here: not this case */
	/* Loaded per sysfs, version as kdbgctl's, but no family answers. */
	put("/sys/module/kdbgmod/version", KDBG_VERSION "\n");
	expect("kdbgmod", "warn", "does not answer", 0);
}

static void test_doctor_headers(void **state)
{
	(void)state;
	del("/lib/modules/" RELEASE "/build/Makefile");
	expect("kernel headers", "warn", "linux-headers-" RELEASE, 0);
}

static void test_doctor_privilege(void **state)
{
	(void)state;
	put("/proc/self/status", "CapEff:\t0000004000000000\n");	/* PERFMON */
	expect("privilege", "warn", "changes need CAP_SYS_ADMIN", 0);
	put("/proc/self/status", "CapEff:\t0000000000000000\n");
	expect("privilege", "fail", "run kdbgctl as root", 1);
}

static void test_doctor_other_kernel_warns(void **state)
{
	(void)state;
	put("/proc/sys/kernel/osrelease", "6.6.1\n");
	expect("kernel", "warn", "tested on 6.1", 0);
	/* The config and headers are looked up for that release. */
	expect("kernel config", "warn", "/boot/config-6.6.1", 0);
	expect("kernel headers", "warn", "/lib/modules/6.6.1/build", 0);
}

static void test_doctor_json_matches_text(void **state)
{
	struct doc *t, *j;
	unsigned int lines = 0, objects = 0;
	const char *p;

	(void)state;
	put("/proc/self/status", "CapEff:\t0000000000000000\n");
	t = doctor(false);
	for (p = t->text; (p = strchr(p, '\n')); p++)
		lines += p[1] && strncmp(p + 1, "    ", 4);
	j = doctor(true);
	assert_int_equal(j->rc, t->rc);
	for (p = j->text; (p = strstr(p, "{\"check\":")); p++)
		objects++;
	assert_int_equal(objects, lines);	/* the first line has no '\n' before */
	assert_non_null(strstr(j->text,
		"{\"check\":\"privilege\",\"status\":\"fail\",\"detail\":\"neither CAP_PERFMON nor CAP_SYS_ADMIN: every kernel command is refused\",\"fix\":"));
	assert_non_null(strstr(j->text, "],\"failed\":1,\"warnings\":1,\"usable\":false}\n"));
}

static void test_doctor_usage(void **state)
{
	char *argv[] = { "now", NULL };

	(void)state;
	reset_err();
	assert_int_equal(cmd_doctor(1, argv), KDBG_EXIT_USAGE);
	assert_string_equal(last_err,
		"doctor: unexpected argument 'now' (see: kdbgctl doctor help)");
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_doctor_healthy_guest_passes),
		T(test_doctor_no_module_support_fails),
		T(test_doctor_reads_config_gz),
		T(test_doctor_no_unwinder_warns),
		T(test_doctor_lockdown_modes),
		T(test_doctor_signature_enforcement),
		T(test_doctor_kptr_restrict),
		T(test_doctor_perf_event_paranoid),
		T(test_doctor_mounts),
		T(test_doctor_module_version),
		T(test_doctor_headers),
		T(test_doctor_privilege),
		T(test_doctor_other_kernel_warns),
		T(test_doctor_json_matches_text),
		T(test_doctor_usage),
	};

	return cmocka_run_group_tests_name("kdbgctl_doctor", tests, NULL, NULL);
}
