// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_syscalls: a known sequence of system calls, for the syscount
 * tests. Prints its pid and "ready", waits for SIGUSR1 (so the tracer can
 * attach first), then makes exactly GETPPID getppid() calls, OPENS open()
 * calls of a missing file (each failing with ENOENT) and one nanosleep()
 * of SLEEP_MS milliseconds, all as raw system calls (glibc's nanosleep()
 * is clock_nanosleep), and exits without another system call that
 * returns (exit_group never does).
 *
 * Usage: kdbg_syscalls GETPPID OPENS SLEEP_MS
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	long getppids, opens, sleep_ms, i;
	struct timespec ts;
	sigset_t set;
	int sig;

	if (argc != 4) {
		fprintf(stderr, "usage: kdbg_syscalls GETPPID OPENS SLEEP_MS\n");
		return 2;
	}
	getppids = atol(argv[1]);
	opens = atol(argv[2]);
	sleep_ms = atol(argv[3]);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("%d ready\n", getpid());
	fflush(stdout);
	if (sigwait(&set, &sig))
		return 1;

	for (i = 0; i < getppids; i++)
		syscall(SYS_getppid);
	for (i = 0; i < opens; i++)
		if (syscall(SYS_open, "/nonexistent/kdbg-syscalls", O_RDONLY) != -1 ||
		    errno != ENOENT)
			_exit(3);
	ts.tv_sec = sleep_ms / 1000;
	ts.tv_nsec = sleep_ms % 1000 * 1000000;
	if (syscall(SYS_nanosleep, &ts, NULL))
		_exit(4);
	_exit(0);
}
