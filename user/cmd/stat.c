// SPDX-License-Identifier: GPL-2.0
/*
 * `kdbgctl stat`: perf stat's counting, with perf_event_open(2) from
 * userspace and no module: the kernel keeps the counts. Three targets:
 *
 *   -- COMMAND   the command and every child it forks (inherit), counted
 *                from its exec (enable_on_exec) to its exit; plus its
 *                user and sys time (wait4)
 *   -p PID       every thread PID has when stat starts (and the threads
 *                they create), until -d SEC, Ctrl-C or PID's exit
 *   -a           every online CPU (cpu-clock instead of task-clock), until
 *                -d SEC, Ctrl-C, or the end of COMMAND when one is given
 *
 * Counters are opened disabled, enabled together and read with their
 * enabled and running times, so a multiplexed hardware counter is scaled
 * as perf scales it. An event the machine cannot count (no PMU: ENOENT,
 * EOPNOTSUPP, ENODEV) is reported "not supported here"; with
 * perf_event_paranoid forbidding kernel counts (EACCES), the event is
 * retried for user space only and named "EVENT:u", as perf does.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counters.h"
#include "interval.h"
#include "kdbgctl.h"
#include "output.h"
#include "stat.h"
#include "trace.h"

static int stat_help(void)
{
	printf("Usage: kdbgctl stat [-e EVENT[,EVENT...]] [-d SEC] { -p PID | -a [-- COMMAND [ARG...]] | -- COMMAND [ARG...] }\n"
	       "       kdbgctl stat help\n");
	return KDBG_EXIT_OK;
}

/* The fds of one counter: one per thread (-p) or CPU (-a), or one. */
struct stat_fds {
	int *fd;
	size_t n;
};

struct stat_ctx {
	struct stat_run run;
	struct stat_fds fds[STAT_MAX_EVENTS];
	pid_t *pids;		/* -p: the threads; otherwise one entry */
	int *cpus;		/* -a: the CPUs; otherwise one entry, -1 */
	size_t nr_pids, nr_cpus;
};

/* Threads of @pid from /proc/PID/task: their count, or -1 (errno). */
static int list_threads(pid_t pid, pid_t **out)
{
	char path[64];
	struct dirent *de;
	size_t n = 0, cap = 16;
	pid_t *t = malloc(cap * sizeof(*t)), *p;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d || !t) {
		if (d)
			closedir(d);
		free(t);
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		if (n == cap) {
			p = realloc(t, 2 * cap * sizeof(*t));
			if (!p)
				break;
			t = p;
			cap *= 2;
		}
		t[n++] = atoi(de->d_name);
	}
	closedir(d);
	*out = t;
	return n;
}

/* Online CPUs from /sys/devices/system/cpu/online ("0-3,5"). */
static int list_cpus(int **out)
{
	char *text = kc_read_file("/sys/devices/system/cpu/online"), *p, *e;
	size_t n = 0;
	int *c, a, b;

	if (!text)
		return -1;
	c = calloc(4096, sizeof(*c));
	for (p = text; c && *p && *p != '\n';) {
		a = strtol(p, &e, 10);
		b = *e == '-' ? strtol(e + 1, &e, 10) : a;
		if (e == p)
			break;
		for (; a <= b && n < 4096; a++)
			c[n++] = a;
		p = *e == ',' ? e + 1 : e;
	}
	free(text);
	if (!c)
		return -1;
	*out = c;
	return n;
}

static bool not_supported(int err)
{
	return err == ENOENT || err == EOPNOTSUPP || err == ENODEV ||
	       err == ENXIO;
}

static int perf_open(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return syscall(SYS_perf_event_open, a, pid, cpu, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

/*
 * Open counter @i on every thread or CPU of @x: 0, 0 with the counter
 * marked not supported, or -1 after reporting an error.
 */
static int open_counter(struct stat_ctx *x, size_t i, bool command)
{
	struct stat_counter *c = &x->run.c[i];
	struct stat_fds *f = &x->fds[i];
	struct perf_event_attr a = {
		.type = c->ev->type,
		.size = sizeof(a),
		.config = c->ev->config,
		.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			       PERF_FORMAT_TOTAL_TIME_RUNNING,
		.disabled = 1,
		.inherit = x->run.kind != STAT_SYSTEM,
		.enable_on_exec = command && x->run.kind == STAT_COMMAND,
	};
	size_t p, k;
	int fd;

	f->fd = malloc(x->nr_pids * x->nr_cpus * sizeof(int));
	if (!f->fd) {
		kdbg_err("stat: %s", strerror(ENOMEM));
		return -1;
	}
	for (p = 0; p < x->nr_pids; p++) {
		for (k = 0; k < x->nr_cpus; k++) {
			fd = perf_open(&a, x->pids[p], x->cpus[k]);
			if (fd < 0 && (errno == EACCES || errno == EPERM) &&
			    !a.exclude_kernel) {
				/* perf's fallback: user space only. */
				a.exclude_kernel = a.exclude_hv = 1;
				fd = perf_open(&a, x->pids[p], x->cpus[k]);
				if (fd >= 0 && !strstr(c->name, ":u"))
					strncat(c->name, ":u",
						sizeof(c->name) - strlen(c->name) - 1);
			}
			if (fd >= 0) {
				f->fd[f->n++] = fd;
				continue;
			}
			/* A thread that exited since the listing. */
			if (errno == ESRCH && x->run.kind == STAT_PROCESS)
				continue;
			if (not_supported(errno)) {
				c->state = STAT_NOT_SUPPORTED;
				return 0;
			}
			kdbg_err("stat: %s: perf_event_open: %s%s", c->name,
				 strerror(errno),
				 errno == EACCES || errno == EPERM ?
				 " (see /proc/sys/kernel/perf_event_paranoid; needs CAP_PERFMON)" : "");
			return -1;
		}
	}
	if (!f->n && x->run.kind == STAT_PROCESS) {
		kdbg_err("stat: -p %s: no such process", x->run.target);
		return -1;
	}
	return 0;
}

static void close_counters(struct stat_ctx *x)
{
	size_t i, k;

	for (i = 0; i < x->run.n; i++) {
		for (k = 0; k < x->fds[i].n; k++)
			close(x->fds[i].fd[k]);
		free(x->fds[i].fd);
		x->fds[i] = (struct stat_fds){ 0 };
	}
}

static void ioctl_all(struct stat_ctx *x, unsigned long req)
{
	size_t i, k;

	for (i = 0; i < x->run.n; i++)
		for (k = 0; k < x->fds[i].n; k++)
			ioctl(x->fds[i].fd[k], req, 0);
}

/* Sum each counter over its fds (stat_counter_add). */
static void read_counters(struct stat_ctx *x)
{
	size_t i, k;

	for (i = 0; i < x->run.n; i++) {
		struct stat_counter *c = &x->run.c[i];
		double sum = 0;

		if (c->state == STAT_NOT_SUPPORTED)
			continue;
		for (k = 0; k < x->fds[i].n; k++) {
			uint64_t v[3];

			if (read(x->fds[i].fd[k], v, sizeof(v)) == sizeof(v))
				stat_counter_add(c, v, &sum);
		}
		stat_counter_done(c, sum);
	}
}

static int open_all(struct stat_ctx *x, bool command)
{
	size_t i;

	for (i = 0; i < x->run.n; i++)
		if (open_counter(x, i, command))
			return -1;
	return 0;
}

/*
 * Fork COMMAND stopped before its exec, so the counters can be attached
 * to it first; @go releases it. The child reports a failed exec through
 * @err (close-on-exec: nothing to read after a successful one).
 */
static pid_t fork_command(char **argv, int *go, int *err)
{
	int gp[2], ep[2];
	pid_t pid;
	char c;

	if (pipe2(gp, O_CLOEXEC) || pipe2(ep, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int e;

		close(gp[1]);
		close(ep[0]);
		if (read(gp[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[0], argv);
		e = errno;
		if (write(ep[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(gp[0]);
	close(ep[1]);
	*go = gp[1];
	*err = ep[0];
	return pid;
}

static int run_command(struct stat_ctx *x, char **argv)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, oint, oquit;
	struct rusage ru;
	int go, err, status, e = 0;
	double t0;
	pid_t pid;

	fflush(stdout);
	pid = fork_command(argv, &go, &err);
	if (pid < 0) {
		kdbg_err("stat: fork: %s", strerror(errno));
		return -1;
	}
	/* As perf: Ctrl-C stops the command, and stat still prints. */
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	if (x->run.kind == STAT_COMMAND)
		x->pids[0] = pid;
	if (open_all(x, true)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto restore;
	}
	if (x->run.kind == STAT_SYSTEM)
		ioctl_all(x, PERF_EVENT_IOC_ENABLE);
	t0 = kdbg_now();
	if (write(go, "g", 1) != 1)
		kill(pid, SIGKILL);
	close(go);
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	x->run.elapsed = kdbg_now() - t0;
	ioctl_all(x, PERF_EVENT_IOC_DISABLE);
	if (read(err, &e, sizeof(e)) == sizeof(e)) {
		kdbg_err("stat: %s: %s", argv[0], strerror(e));
		close(err);
		goto restore;
	}
	close(err);
	x->run.rusage = true;
	x->run.status = WIFEXITED(status) ? WEXITSTATUS(status) :
					   128 + WTERMSIG(status);
	x->run.user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	x->run.sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	return 0;
restore:
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	return -1;
}

/* -p or -a without a command: until -d, a signal or the target's exit. */
static int run_wait(struct stat_ctx *x, double duration)
{
	struct kdbg_interval iv = { .duration = duration, .sfd = -1 };
	double t0;

	kdbg_interval_block();
	if (open_all(x, false))
		return -1;
	if (x->run.kind == STAT_PROCESS) {
		iv.watch_fd = syscall(SYS_pidfd_open, x->pids[0], 0);
		iv.watch = iv.watch_fd >= 0;
	}
	ioctl_all(x, PERF_EVENT_IOC_ENABLE);
	t0 = kdbg_now();
	if (kdbg_interval_start(&iv, "stat")) {
		if (iv.watch)
			close(iv.watch_fd);
		return -1;
	}
	kdbg_interval_wait(&iv);
	ioctl_all(x, PERF_EVENT_IOC_DISABLE);
	x->run.elapsed = kdbg_now() - t0;
	if (iv.watch)
		close(iv.watch_fd);
	kdbg_interval_stop(&iv);
	return 0;
}

static void join_args(char *buf, size_t len, char **argv)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; argv[i] && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? " " : "",
				argv[i]);
}

int cmd_stat(int argc, char **argv)
{
	static struct stat_ctx x;
	static pid_t one_pid[1] = { -1 };
	static int one_cpu[1] = { -1 };
	char **command = NULL;
	const char *bad;
	struct kdbg_interval iv = { 0 };	/* -d only */
	uint32_t pid = 0;
	bool all = false;
	int i, n, ret = KDBG_EXIT_RUNTIME;

	if (trace_is_help(argc, argv))
		return stat_help();
	memset(&x, 0, sizeof(x));
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			command = argv + i + 1;
			break;
		}
		if (a[0] != '-') {
			command = argv + i;
			break;
		}
		if (!strcmp(a, "-a")) {
			all = true;
			continue;
		}
		if (strcmp(a, "-e") && strcmp(a, "-p") && strcmp(a, "-d")) {
			kdbg_err("stat: unknown option '%s' (see: kdbgctl stat help)",
				 a);
			return KDBG_EXIT_USAGE;
		}
		if (i + 1 >= argc) {
			kdbg_err("stat: option '%s' needs a value", a);
			return KDBG_EXIT_USAGE;
		}
		if (!strcmp(a, "-e") &&
		    stat_parse_events(&x.run, argv[++i], &bad)) {
			kdbg_err("stat: -e '%s': %s", bad,
				 x.run.n >= STAT_MAX_EVENTS ? "too many events" :
				 "unknown event (cycles, instructions, cache-misses, task-clock, page-faults, ...)");
			return KDBG_EXIT_USAGE;
		}
		if (!strcmp(a, "-p") &&
		    (kdbg_parse_u32(argv[++i], &pid) || !pid)) {
			kdbg_err("stat: -p '%s': not a process id", argv[i]);
			return KDBG_EXIT_USAGE;
		}
		if (!strcmp(a, "-d") &&
		    kdbg_interval_opt("stat", argc, argv, &i, &iv) < 0)
			return KDBG_EXIT_USAGE;
	}
	if (command && !command[0])
		command = NULL;
	if (!!pid + all + (command && !all) != 1 || (pid && command)) {
		kdbg_err("stat: count one of: -p PID, -a or -- COMMAND (see: kdbgctl stat help)");
		return KDBG_EXIT_USAGE;
	}
	if (iv.duration && command) {
		kdbg_err("stat: -d counts -p or -a, not a COMMAND (it ends the count)");
		return KDBG_EXIT_USAGE;
	}
	if (!x.run.n)
		stat_default_events(&x.run, all);

	x.pids = one_pid;
	x.cpus = one_cpu;
	x.nr_pids = x.nr_cpus = 1;
	if (all) {
		x.run.kind = STAT_SYSTEM;
		n = list_cpus(&x.cpus);
		if (n <= 0) {
			kdbg_err("stat: /sys/devices/system/cpu/online: %s",
				 n < 0 ? strerror(errno) : "no CPU");
			return KDBG_EXIT_RUNTIME;
		}
		x.nr_cpus = n;
	} else if (pid) {
		x.run.kind = STAT_PROCESS;
		snprintf(x.run.target, sizeof(x.run.target), "%u", pid);
		n = list_threads(pid, &x.pids);
		if (n <= 0) {
			kdbg_err("stat: -p %u: no such process", pid);
			return KDBG_EXIT_RUNTIME;
		}
		x.nr_pids = n;
	} else {
		x.run.kind = STAT_COMMAND;
	}
	if (command)
		join_args(x.run.target, sizeof(x.run.target), command);

	if (command ? run_command(&x, command) : run_wait(&x, iv.duration))
		goto out;
	read_counters(&x);
	stat_print(&x.run);
	ret = KDBG_EXIT_OK;
out:
	close_counters(&x);
	if (x.pids != one_pid)
		free(x.pids);
	if (x.cpus != one_cpu)
		free(x.cpus);
	return ret;
}
