// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl doctor`: why kdbg will or will not work on this machine. It
 * reads the running kernel's release and config, module signature
 * enforcement, lockdown, the kptr_restrict and perf_event_paranoid
 * sysctls, the debugfs and tracefs mounts, whether kdbgmod is loaded (and
 * speaks kdbgctl's protocol version), the headers for building it and the
 * caller's capabilities, and prints one line per check: ok, warn or fail,
 * with the fix. Exit 0 when nothing fails, 1 otherwise. It needs neither
 * the module nor root, so it also runs on a kernel without module support.
 *
 * Every file is read under a root prefix, the environment variable
 * KDBG_DOCTOR_ROOT (default ""), so the tests can feed fake /proc, /sys,
 * /boot and /lib/modules trees for each verdict.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/kdbg.h>

#include "kdbgctl.h"
#include "output.h"

/* Capability bits of /proc/self/status's CapEff (linux/capability.h). */
#define DOCTOR_CAP_SYS_ADMIN	21
#define DOCTOR_CAP_SYSLOG	34
#define DOCTOR_CAP_PERFMON	38

enum verdict { V_OK, V_WARN, V_FAIL };

/* A fix goes under its check's detail: "%-24s %-4s  " is 31 columns. */
#define FIX_INDENT	"                               "

static const char *const verdict_names[] = { "ok", "warn", "fail" };

/* The config symbols doctor looks at; value 'y', 'm', 'n' or 0 (absent). */
struct kconfig_sym {
	const char *name;
	char value;
};

struct doctor {
	const char *root;
	char release[128];
	bool have_config;
	char config_path[256];
	struct kconfig_sym *syms;
	uint64_t capeff;
	bool have_caps;
	bool module_loaded;
	unsigned int fails, warns;
};

static void path_of(const struct doctor *d, const char *path, char *buf,
		    size_t len)
{
	snprintf(buf, len, "%s%s", d->root, path);
}

/* The first line of @path (under the root), without its newline. */
static int read_line(const struct doctor *d, const char *path, char *buf,
		     size_t len)
{
	char full[512];
	FILE *f;

	path_of(d, path, full, sizeof(full));
	f = fopen(full, "r");
	if (!f)
		return -errno;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static bool exists(const struct doctor *d, const char *path)
{
	char full[512];

	path_of(d, path, full, sizeof(full));
	return !access(full, F_OK);
}

static void report(struct doctor *d, const char *check, enum verdict v,
		   const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(struct doctor *d, const char *check, enum verdict v,
		   const char *fix, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (v == V_FAIL)
		d->fails++;
	else if (v == V_WARN)
		d->warns++;
	out_open_object(NULL);
	out_str("check", "%-24s", check);
	out_str("status", " %-4s", verdict_names[v]);
	out_str("detail", "  %s\n", detail);
	if (fix)
		out_str("fix", FIX_INDENT "fix: %s\n", fix);
	out_close_object();
}

/* ------------------------------------------------------------------ */
/* The kernel's config                                                */

static void config_line(struct doctor *d, const char *line)
{
	const char *name, *end;
	char value;
	size_t len;
	int i;

	if (!strncmp(line, "CONFIG_", 7)) {
		name = line + 7;
		end = strchr(name, '=');
		if (!end)
			return;
		value = end[1] == 'y' || end[1] == 'm' ? end[1] : 'n';
	} else if (!strncmp(line, "# CONFIG_", 9)) {
		name = line + 9;
		end = strstr(name, " is not set");
		if (!end)
			return;
		value = 'n';
	} else {
		return;
	}
	len = end - name;
	for (i = 0; d->syms[i].name; i++)
		if (strlen(d->syms[i].name) == len &&
		    !strncmp(d->syms[i].name, name, len))
			d->syms[i].value = value;
}

/* /proc/config.gz (CONFIG_IKCONFIG_PROC), else /boot/config-RELEASE. */
static void config_read(struct doctor *d)
{
	char full[512], line[512], boot[256];
	gzFile gz;
	FILE *f;

	path_of(d, "/proc/config.gz", full, sizeof(full));
	gz = gzopen(full, "rb");
	if (gz) {
		while (gzgets(gz, line, sizeof(line)))
			config_line(d, line);
		gzclose(gz);
		d->have_config = true;
		snprintf(d->config_path, sizeof(d->config_path),
			 "/proc/config.gz");
		return;
	}
	snprintf(boot, sizeof(boot), "/boot/config-%s", d->release);
	path_of(d, boot, full, sizeof(full));
	f = fopen(full, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		config_line(d, line);
	fclose(f);
	d->have_config = true;
	snprintf(d->config_path, sizeof(d->config_path), "%s", boot);
}

static char config(const struct doctor *d, const char *name)
{
	int i;

	for (i = 0; d->syms[i].name; i++)
		if (!strcmp(d->syms[i].name, name))
			return d->syms[i].value ? d->syms[i].value : 'n';
	return 'n';
}

static bool config_on(const struct doctor *d, const char *name)
{
	return config(d, name) != 'n';
}

/* One config symbol kdbg needs (fail) or wants (warn) and what it gives. */
struct config_need {
	const char *name;
	enum verdict missing;
	const char *what;	/* what kdbg loses without it */
};

static const struct config_need config_needs[] = {
	{ "MODULES", V_FAIL, "kdbgmod cannot be loaded at all" },
	{ "MODULE_UNLOAD", V_WARN,
	  "kdbgmod cannot be unloaded or upgraded without a reboot" },
	{ "KPROBES", V_FAIL,
	  "probe, funccount, funclatency and stackcount need kprobes" },
	{ "KRETPROBES", V_FAIL,
	  "probe add --ret and funclatency need kretprobes" },
	{ "KPROBES_ON_FTRACE", V_WARN,
	  "kprobes use int3 breakpoints instead of ftrace: slower" },
	{ "TRACEPOINTS", V_FAIL, "tracepoint sources need tracepoints" },
	{ "FTRACE_SYSCALLS", V_WARN,
	  "no syscalls:sys_enter_* / sys_exit_* tracepoints" },
	{ "DEBUG_FS", V_WARN, "no /sys/kernel/debug/kdbg files" },
	{ "PERF_EVENTS", V_WARN,
	  "no perf events: perf and make bench's comparisons do not run" },
	{ "KALLSYMS", V_FAIL,
	  "symbols cannot be resolved, nor probes attached by name" },
	{ "KALLSYMS_ALL", V_WARN,
	  "kallsyms lists functions only: data addresses stay hex" },
	{ NULL, V_OK, NULL }
};

static void check_config(struct doctor *d)
{
	const struct config_need *n;

	if (!d->have_config) {
		/* Without a config, /proc/modules still says if modules load. */
		report(d, "kernel config", V_WARN,
		       "load the configs module (modprobe configs) or install the kernel's /boot/config file",
		       "not found in /proc/config.gz or /boot/config-%s: not checked",
		       d->release);
		if (!exists(d, "/proc/modules"))
			report(d, "CONFIG_MODULES", V_FAIL,
			       "run kdbg in a VM, or on a kernel built with CONFIG_MODULES=y",
			       "no /proc/modules: %s",
			       config_needs[0].what);
		return;
	}
	report(d, "kernel config", V_OK, NULL, "%s", d->config_path);
	for (n = config_needs; n->name; n++) {
		char label[64], fix[128];

		snprintf(label, sizeof(label), "CONFIG_%s", n->name);
		if (config_on(d, n->name)) {
			report(d, label, V_OK, NULL, "=%c", config(d, n->name));
			continue;
		}
		snprintf(fix, sizeof(fix), "%s with CONFIG_%s=y",
			 n->missing == V_FAIL && !strcmp(n->name, "MODULES") ?
			 "run kdbg in a VM, or on a kernel built" :
			 "use a kernel built", n->name);
		report(d, label, n->missing, fix, "not set: %s", n->what);
	}
	if (config_on(d, "UNWINDER_ORC"))
		report(d, "stack unwinder", V_OK, NULL, "ORC");
	else if (config_on(d, "UNWINDER_FRAME_POINTER") ||
		 config_on(d, "FRAME_POINTER"))
		report(d, "stack unwinder", V_OK, NULL, "frame pointers");
	else
		report(d, "stack unwinder", V_WARN,
		       "use a kernel built with CONFIG_UNWINDER_ORC=y or CONFIG_FRAME_POINTER=y",
		       "neither ORC nor frame pointers: kernel stacks are guessed and may hold stale frames");
}

/* ------------------------------------------------------------------ */
/* The other checks                                                   */

static void check_kernel(struct doctor *d)
{
	if (!d->release[0]) {
		report(d, "kernel", V_FAIL, "mount proc: mount -t proc proc /proc",
		       "cannot read /proc/sys/kernel/osrelease");
		return;
	}
	if (!strncmp(d->release, "6.1.", 4) || !strcmp(d->release, "6.1"))
		report(d, "kernel", V_OK, NULL, "Linux %s", d->release);
	else
		report(d, "kernel", V_WARN,
		       "if the module does not build, use a 6.1 kernel (Debian 12's)",
		       "Linux %s: kdbg is developed and tested on 6.1",
		       d->release);
}

static void check_signatures(struct doctor *d)
{
	static const char fix[] =
		"sign kdbgmod.ko with a key the kernel trusts: /lib/modules/$(uname -r)/build/scripts/sign-file sha256 MOK.priv MOK.der kdbgmod.ko, the key enrolled with mokutil --import MOK.der (see README, Troubleshooting)";
	char val[16] = "";
	bool forced = config_on(d, "MODULE_SIG_FORCE");

	if (!read_line(d, "/sys/module/module/parameters/sig_enforce", val,
		       sizeof(val)) && val[0] == 'Y')
		forced = true;
	if (!forced) {
		report(d, "module signatures", V_OK, NULL,
		       "not enforced: an unsigned kdbgmod loads (and taints the kernel)");
		return;
	}
	if (d->module_loaded)
		report(d, "module signatures", V_OK, NULL,
		       "enforced, and kdbgmod is loaded: it is signed with a trusted key");
	else
		report(d, "module signatures", V_WARN, fix,
		       "enforced (sig_enforce or CONFIG_MODULE_SIG_FORCE): an unsigned kdbgmod.ko is refused");
}

static void check_lockdown(struct doctor *d)
{
	char line[128], *open, *close;

	if (read_line(d, "/sys/kernel/security/lockdown", line,
		      sizeof(line))) {
		report(d, "lockdown", V_OK, NULL,
		       "no lockdown LSM (or securityfs not mounted): nothing locked down");
		return;
	}
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!open || !close) {
		report(d, "lockdown", V_WARN, NULL,
		       "cannot parse /sys/kernel/security/lockdown: '%s'",
		       line);
		return;
	}
	*close = '\0';
	open++;
	if (!strcmp(open, "none"))
		report(d, "lockdown", V_OK, NULL, "none");
	else if (!strcmp(open, "integrity"))
		report(d, "lockdown", V_WARN,
		       "sign kdbgmod.ko with your enrolled MOK key; kdbg's own debugfs files are read-only and stay usable",
		       "integrity: only signed modules load, writable debugfs files and /dev/mem are refused");
	else if (!strcmp(open, "confidentiality"))
		report(d, "lockdown", V_FAIL,
		       "boot with lockdown=integrity or none (with Secure Boot: mokutil --disable-validation); kdbg does not defeat this policy",
		       "confidentiality: reading kernel memory is refused (kprobes, tracefs, perf kernel samples, /proc/kcore), so kdbg cannot attach");
	else
		report(d, "lockdown", V_WARN, NULL, "unknown mode '%s'", open);
}

static bool has_cap(const struct doctor *d, int cap)
{
	return d->have_caps && (d->capeff >> cap & 1);
}

static void check_kptr_restrict(struct doctor *d)
{
	char val[16];

	if (read_line(d, "/proc/sys/kernel/kptr_restrict", val, sizeof(val))) {
		report(d, "kptr_restrict", V_WARN, NULL,
		       "cannot read /proc/sys/kernel/kptr_restrict");
		return;
	}
	if (!strcmp(val, "0"))
		report(d, "kptr_restrict", V_OK, NULL,
		       "0: /proc/kallsyms shows addresses");
	else if (!strcmp(val, "1") && has_cap(d, DOCTOR_CAP_SYSLOG))
		report(d, "kptr_restrict", V_OK, NULL,
		       "1: /proc/kallsyms shows addresses to you (CAP_SYSLOG)");
	else if (!strcmp(val, "1"))
		report(d, "kptr_restrict", V_WARN,
		       "run kdbgctl as root (CAP_SYSLOG), or sysctl kernel.kptr_restrict=0",
		       "1: /proc/kallsyms shows you zero addresses, so stacks print as hex");
	else
		report(d, "kptr_restrict", V_WARN,
		       "sysctl kernel.kptr_restrict=1",
		       "%s: /proc/kallsyms shows everyone zero addresses, so stacks print as hex",
		       val);
}

static void check_perf_paranoid(struct doctor *d)
{
	char val[16];
	long level;

	if (read_line(d, "/proc/sys/kernel/perf_event_paranoid", val,
		      sizeof(val))) {
		report(d, "perf_event_paranoid", V_WARN,
		       "use a kernel built with CONFIG_PERF_EVENTS=y",
		       "no /proc/sys/kernel/perf_event_paranoid: no perf events");
		return;
	}
	level = strtol(val, NULL, 10);
	if (level <= 2)
		report(d, "perf_event_paranoid", V_OK, NULL,
		       "%ld: users may profile their own processes with perf",
		       level);
	else
		report(d, "perf_event_paranoid", V_WARN,
		       "sysctl kernel.perf_event_paranoid=2 (kdbg itself checks CAP_PERFMON, not this)",
		       "%ld: perf needs CAP_PERFMON for everything, so make bench's perf comparison needs root",
		       level);
}

/* Is a filesystem of @type mounted (per /proc/self/mounts)? Where. */
static bool mounted(const struct doctor *d, const char *type, char *where,
		    size_t len)
{
	char full[512], line[1024], dev[256], dir[512], fstype[64];
	bool found = false;
	FILE *f;

	path_of(d, "/proc/self/mounts", full, sizeof(full));
	f = fopen(full, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s %511s %63s", dev, dir, fstype) == 3 &&
		    !strcmp(fstype, type)) {
			snprintf(where, len, "%s", dir);
			found = true;
		}
	fclose(f);
	return found;
}

static void check_mounts(struct doctor *d)
{
	char where[512];

	if (mounted(d, "debugfs", where, sizeof(where)))
		report(d, "debugfs", V_OK, NULL, "mounted at %s", where);
	else
		report(d, "debugfs", V_WARN,
		       "mount -t debugfs none /sys/kernel/debug",
		       "not mounted: no /sys/kernel/debug/kdbg files, no kprobes list");
	if (mounted(d, "tracefs", where, sizeof(where)))
		report(d, "tracefs", V_OK, NULL, "mounted at %s", where);
	else
		report(d, "tracefs", V_WARN,
		       "mount -t tracefs none /sys/kernel/tracing",
		       "not mounted: ftrace, bpftrace and perf's tracepoints (the comparisons of make bench) cannot run");
}

static int family_version_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr;
	int *version = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_VERSION &&
		    !mnl_attr_validate(attr, MNL_TYPE_U32))
			*version = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

/* The kdbg family's version, from generic netlink's controller; -errno. */
static int family_version(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *sock;
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	int version = -ENOENT, n;
	unsigned int seq = time(NULL);

	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock)
		return -errno;
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KDBG_GENL_NAME);
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		goto out;
	n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
	if (n > 0 && mnl_cb_run(buf, n, seq, mnl_socket_get_portid(sock),
				family_version_cb, &version) < 0)
		version = -errno;
out:
	mnl_socket_close(sock);
	return version;
}

static void check_module(struct doctor *d)
{
	char version[64];
	int family;

	if (!d->module_loaded) {
		report(d, "kdbgmod", V_WARN,
		       "insmod kdbgmod.ko (built with make), or modprobe kdbgmod",
		       "not loaded: only help, fold and oops decode work");
		return;
	}
	if (!read_line(d, "/sys/module/kdbgmod/version", version,
		       sizeof(version)) && strcmp(version, KDBG_VERSION)) {
		report(d, "kdbgmod", V_WARN,
		       "rmmod kdbgmod, then insmod the kdbgmod.ko built with this kdbgctl",
		       "loaded, version %s; kdbgctl is %s", version,
		       KDBG_VERSION);
		return;
	}
	family = family_version();
	if (family < 0)
		report(d, "kdbgmod", V_WARN,
		       "rmmod kdbgmod && insmod kdbgmod.ko; see dmesg",
		       "loaded, but its netlink family '%s' does not answer (%s)",
		       KDBG_GENL_NAME, strerror(-family));
	else if (family != KDBG_GENL_VERSION)
		report(d, "kdbgmod", V_FAIL,
		       "rmmod kdbgmod, then insmod the kdbgmod.ko built with this kdbgctl",
		       "loaded, protocol version %d; kdbgctl speaks %d",
		       family, KDBG_GENL_VERSION);
	else
		report(d, "kdbgmod", V_OK, NULL,
		       "loaded, protocol version %d (kdbgctl %s)", family,
		       KDBG_VERSION);
}

static void check_headers(struct doctor *d)
{
	char build[256];

	snprintf(build, sizeof(build), "/lib/modules/%s/build/Makefile",
		 d->release);
	if (exists(d, build)) {
		build[strlen(build) - strlen("/Makefile")] = '\0';
		report(d, "kernel headers", V_OK, NULL, "%s", build);
	} else {
		char fix[256];

		snprintf(fix, sizeof(fix),
			 "apt install linux-headers-%s (needed only to build kdbgmod.ko here)",
			 d->release);
		report(d, "kernel headers", V_WARN, fix,
		       "no /lib/modules/%s/build: kdbgmod.ko cannot be built for this kernel here",
		       d->release);
	}
}

static void read_caps(struct doctor *d)
{
	char full[512], line[256];
	FILE *f;

	path_of(d, "/proc/self/status", full, sizeof(full));
	f = fopen(full, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %" SCNx64, &d->capeff) == 1)
			d->have_caps = true;
	fclose(f);
}

static void check_privilege(struct doctor *d)
{
	if (!d->have_caps)
		report(d, "privilege", V_WARN, NULL,
		       "cannot read CapEff from /proc/self/status");
	else if (has_cap(d, DOCTOR_CAP_SYS_ADMIN))
		report(d, "privilege", V_OK, NULL,
		       "CAP_SYS_ADMIN: every command");
	else if (has_cap(d, DOCTOR_CAP_PERFMON))
		report(d, "privilege", V_WARN,
		       "run as root (sudo) to add probes or configure the ring and recorder",
		       "CAP_PERFMON: reading, listing and streaming only; changes need CAP_SYS_ADMIN");
	else
		report(d, "privilege", V_FAIL,
		       "run kdbgctl as root (sudo); CAP_PERFMON alone (setpriv, capsh) allows reading",
		       "neither CAP_PERFMON nor CAP_SYS_ADMIN: every kernel command is refused");
}

static int cmd_doctor_help(void)
{
	printf("Usage: kdbgctl doctor\n"
	       "       kdbgctl doctor help\n");
	return KDBG_EXIT_OK;
}

int cmd_doctor(int argc, char **argv)
{
#define SYM(name)	{ name, 0 }
	struct kconfig_sym syms[] = {
		SYM("MODULES"), SYM("MODULE_UNLOAD"), SYM("KPROBES"),
		SYM("KRETPROBES"), SYM("KPROBES_ON_FTRACE"),
		SYM("TRACEPOINTS"), SYM("FTRACE_SYSCALLS"), SYM("DEBUG_FS"),
		SYM("PERF_EVENTS"), SYM("KALLSYMS"), SYM("KALLSYMS_ALL"),
		SYM("UNWINDER_ORC"), SYM("UNWINDER_FRAME_POINTER"),
		SYM("FRAME_POINTER"), SYM("MODULE_SIG_FORCE"), SYM(NULL)
	};
#undef SYM
	struct doctor d = { .syms = syms };
	const char *root = getenv("KDBG_DOCTOR_ROOT");

	if (argc && (!strcmp(argv[0], "help") || !strcmp(argv[0], "--help") ||
		     !strcmp(argv[0], "-h")))
		return cmd_doctor_help();
	if (argc) {
		kdbg_err("doctor: unexpected argument '%s' (see: kdbgctl doctor help)",
			 argv[0]);
		return KDBG_EXIT_USAGE;
	}
	d.root = root ? root : "";
	read_line(&d, "/proc/sys/kernel/osrelease", d.release,
		  sizeof(d.release));
	config_read(&d);
	read_caps(&d);
	d.module_loaded = exists(&d, "/sys/module/kdbgmod");

	out_open_object(NULL);
	out_open_array("checks");
	check_kernel(&d);
	check_config(&d);
	check_signatures(&d);
	check_lockdown(&d);
	check_kptr_restrict(&d);
	check_perf_paranoid(&d);
	check_mounts(&d);
	check_module(&d);
	check_headers(&d);
	check_privilege(&d);
	out_close_array();
	out_u64("failed", "%" PRIu64 " failed", d.fails);
	out_u64("warnings", ", %" PRIu64 " warnings: ", d.warns);
	out_bool("usable", NULL, !d.fails);
	out_text("%s\n", d.fails ? "kdbg will not work here until the failures are fixed" :
		 "kdbg can work here");
	out_close_object();
	return d.fails ? KDBG_EXIT_RUNTIME : KDBG_EXIT_OK;
}
