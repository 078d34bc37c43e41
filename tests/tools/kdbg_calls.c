// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_calls: a workload that makes an exact number of system calls of
 * one kind, for the aggregation tests (funccount, funclatency,
 * stackcount). Everything it needs (files, the listening socket) is set
 * up first; then it prints its pid and waits for SIGUSR1, so the test can
 * attach its counting with -p PID before the first counted call; then it
 * makes the calls and exits. In rw and connect modes nothing is printed
 * after the go signal (a write to stdout would be one more vfs_write).
 *
 *   rw N               N read()s of one byte from /dev/zero, then N
 *                      write()s of one byte to /dev/null: N vfs_read and
 *                      N vfs_write calls.
 *   sleep N NS [N NS]  N nanosleep()s of NS nanoseconds, for each pair,
 *                      with a timer slack of 1 ns; then one line per
 *                      sleep, "NS ELAPSED": the requested and the
 *                      measured (CLOCK_MONOTONIC around the call) time.
 *   connect N          N TCP connects to a listener on 127.0.0.1 in this
 *                      process, each accepted and both ends closed.
 *
 * Exit 0 when every call succeeded, 1 otherwise (with a message), 2 on a
 * usage error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#define MAX_SLEEPS 4096

static int usage(void)
{
	fprintf(stderr, "usage: kdbg_calls rw N | sleep N NS [N NS]... | connect N\n");
	return 2;
}

static long parse_count(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v <= 0)
		return -1;
	return v;
}

static int die(const char *what)
{
	fprintf(stderr, "kdbg_calls: %s: %s\n", what, strerror(errno));
	return 1;
}

/* rw's files, opened before the go signal (an open is a vfs_open). */
static int zero_fd = -1, null_fd = -1;

static int open_rw(void)
{
	zero_fd = open("/dev/zero", O_RDONLY);
	null_fd = open("/dev/null", O_WRONLY);
	return zero_fd < 0 || null_fd < 0 ? die("open /dev/zero, /dev/null") : 0;
}

static int do_rw(long n)
{
	char c = 0;
	long i;

	for (i = 0; i < n; i++)
		if (read(zero_fd, &c, 1) != 1)
			return die("read");
	for (i = 0; i < n; i++)
		if (write(null_fd, &c, 1) != 1)
			return die("write");
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long req_ns[MAX_SLEEPS], got_ns[MAX_SLEEPS];

static int do_sleep(long nr)
{
	long i;

	for (i = 0; i < nr; i++) {
		struct timespec ts = {
			.tv_sec = req_ns[i] / 1000000000LL,
			.tv_nsec = req_ns[i] % 1000000000LL,
		};
		long long t0 = now_ns();

		if (nanosleep(&ts, NULL))
			return die("nanosleep");
		got_ns[i] = now_ns() - t0;
	}
	for (i = 0; i < nr; i++)
		printf("%lld %lld\n", req_ns[i], got_ns[i]);
	return fflush(stdout) ? die("stdout") : 0;
}

/* The listener, set up before the go signal. */
static int lfd = -1;
static struct sockaddr_in laddr;

static int listen_loopback(void)
{
	socklen_t len = sizeof(laddr);

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		return die("socket");
	laddr.sin_family = AF_INET;
	laddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&laddr, sizeof(laddr)) ||
	    listen(lfd, 16) ||
	    getsockname(lfd, (struct sockaddr *)&laddr, &len))
		return die("listen on 127.0.0.1");
	return 0;
}

static int do_connect(long n)
{
	long i;

	for (i = 0; i < n; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0), a;

		if (c < 0)
			return die("socket");
		if (connect(c, (struct sockaddr *)&laddr, sizeof(laddr)))
			return die("connect");
		a = accept(lfd, NULL, NULL);
		if (a < 0)
			return die("accept");
		close(a);
		close(c);
	}
	return 0;
}

int main(int argc, char **argv)
{
	enum { RW, SLEEP, CONNECT } mode;
	long n = 0, nr = 0, i, j;
	sigset_t go;
	int sig;

	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "rw") && argc == 3)
		mode = RW;
	else if (!strcmp(argv[1], "connect") && argc == 3)
		mode = CONNECT;
	else if (!strcmp(argv[1], "sleep") && argc % 2 == 0)
		mode = SLEEP;
	else
		return usage();
	if (mode == SLEEP) {
		for (i = 2; i < argc; i += 2) {
			long c = parse_count(argv[i]), ns = parse_count(argv[i + 1]);

			if (c < 0 || ns < 0 || nr + c > MAX_SLEEPS)
				return usage();
			for (j = 0; j < c; j++)
				req_ns[nr++] = ns;
		}
		/* Wake-ups as close to the request as the kernel can. */
		if (prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0))
			return die("PR_SET_TIMERSLACK");
	} else {
		n = parse_count(argv[2]);
		if (n < 0)
			return usage();
	}
	if ((mode == RW && open_rw()) || (mode == CONNECT && listen_loopback()))
		return 1;

	sigemptyset(&go);
	sigaddset(&go, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &go, NULL))
		return die("sigprocmask");
	printf("%d\n", (int)getpid());
	if (fflush(stdout))
		return die("stdout");
	if (sigwait(&go, &sig))
		return die("sigwait");

	switch (mode) {
	case RW:
		return do_rw(n);
	case SLEEP:
		return do_sleep(nr);
	case CONNECT:
		return do_connect(n);
	}
	return 2;
}
