// SPDX-License-Identifier: GPL-2.0
/*
 * The -i/-d clock of the counter readers (see interval.h).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "interval.h"
#include "kdbgctl.h"
#include "output.h"

double kdbg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int kdbg_interval_opt(const char *cmd, int argc, char **argv, int *i,
		      struct kdbg_interval *iv)
{
	const char *a = argv[*i];
	double *secs;

	if (!strcmp(a, "-i"))
		secs = &iv->interval;
	else if (!strcmp(a, "-d"))
		secs = &iv->duration;
	else
		return 0;
	if (*i + 1 >= argc) {
		kdbg_err("%s: option '%s' needs a value", cmd, a);
		return -1;
	}
	if (kdbg_parse_seconds(argv[++*i], secs) || *secs <= 0) {
		kdbg_err("%s: %s '%s': expected seconds > 0", cmd, a, argv[*i]);
		return -1;
	}
	return 1;
}

static sigset_t stop_mask(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	return mask;
}

void kdbg_interval_block(void)
{
	sigset_t mask = stop_mask();

	sigprocmask(SIG_BLOCK, &mask, NULL);
}

int kdbg_interval_start(struct kdbg_interval *iv, const char *cmd)
{
	sigset_t mask = stop_mask();

	sigprocmask(SIG_BLOCK, &mask, NULL);
	iv->signo = 0;
	iv->sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (iv->sfd < 0) {
		kdbg_err("%s: signalfd: %s", cmd, strerror(errno));
		return -1;
	}
	iv->start = kdbg_now();
	iv->next = iv->interval ? iv->start + iv->interval : 0;
	return 0;
}

int kdbg_interval_wait(struct kdbg_interval *iv)
{
	struct pollfd pfd[2] = {
		{ .fd = iv->sfd, .events = POLLIN },
		{ .fd = iv->watch ? iv->watch_fd : -1, .events = POLLIN },
	};

	for (;;) {
		double until = 0, left;
		int timeout = -1;

		if (iv->duration)
			until = iv->start + iv->duration;
		if (iv->next && (!until || iv->next < until))
			until = iv->next;
		if (until) {
			left = until - kdbg_now();
			if (left <= 0) {
				if (iv->duration &&
				    kdbg_now() >= iv->start + iv->duration)
					return 1;
				iv->next += iv->interval;
				return 0;
			}
			timeout = left * 1000 + 1;
		}
		if (poll(pfd, 2, timeout) > 0) {
			struct signalfd_siginfo si;

			if ((pfd[0].revents & POLLIN) &&
			    read(iv->sfd, &si, sizeof(si)) == sizeof(si))
				iv->signo = si.ssi_signo;
			return 1;
		}
	}
}

void kdbg_interval_stop(struct kdbg_interval *iv)
{
	sigset_t mask = stop_mask();

	if (iv->sfd >= 0)
		close(iv->sfd);
	iv->sfd = -1;
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
}
