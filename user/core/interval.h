/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The clock of kdbgctl's counter readers (netstat, mem, stat -p/-a):
 * -i SEC prints every SEC seconds, -d SEC ends after SEC seconds, and
 * SIGINT/SIGTERM (blocked and read from a signalfd, so a Ctrl-C at any
 * point takes the same way out) end early with one last print. The
 * module-backed tools have the same loop inside their trace session
 * (trace.c); these commands have no session to attach.
 */
#ifndef KDBGCTL_INTERVAL_H
#define KDBGCTL_INTERVAL_H

#include <stdbool.h>

struct kdbg_interval {
	double interval;	/* -i, s; 0: one print at the end */
	double duration;	/* -d, s; 0: until a signal */
	double start, next;	/* CLOCK_MONOTONIC, s */
	int sfd;		/* signalfd of SIGINT, SIGTERM */
	int signo;		/* the signal that ended the wait, or 0 */
	bool watch;		/* watch_fd readable (a pidfd) ends it too */
	int watch_fd;
};

/* CLOCK_MONOTONIC in seconds. */
double kdbg_now(void);

/*
 * Parse -i SEC or -d SEC at @argv[*@i] into @iv (advancing *@i past the
 * value): 1 taken, 0 another argument, -1 after reporting a usage error.
 */
int kdbg_interval_opt(const char *cmd, int argc, char **argv, int *i,
		      struct kdbg_interval *iv);

/*
 * Block SIGINT and SIGTERM (they stay pending), then take the baseline
 * reading, then kdbg_interval_start(): it opens their signalfd, which a
 * test can watch for (/proc/PID/fd) to know the baseline is taken.
 */
void kdbg_interval_block(void);
/* Block the signals (if not yet), open their signalfd, start the clock. */
int kdbg_interval_start(struct kdbg_interval *iv, const char *cmd);
/* Wait for the next print: 1 when it is the last one, 0 for an interval. */
int kdbg_interval_wait(struct kdbg_interval *iv);
/* Close the signalfd and unblock the signals. */
void kdbg_interval_stop(struct kdbg_interval *iv);

#endif /* KDBGCTL_INTERVAL_H */
