// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_hot: the workload of `kdbgctl profile`'s tests and bench.
 *
 *   kdbg_hot cpu SEC    hot_a and hot_b in turns for SEC seconds, hot_a
 *                       doing three times hot_b's work (the same loop
 *                       body): a profile sees them about 3:1
 *   kdbg_hot sys SEC    sys_loop: read(2) of 64 KiB from /dev/zero, issued
 *                       from sys_loop itself (inline syscall), so that
 *                       samples in the kernel show sys_loop as the user
 *                       frame under the syscall path
 *   kdbg_hot spin N     N rounds of the cpu mode's work, then print the
 *                       seconds they took (the bench's slowdown)
 *
 * Built at -O0 with -fno-omit-frame-pointer (Makefile): every function has
 * a frame for the user stack walk;
 * noipa keeps the two hot functions apart and uninlined.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/*
 * Iterations of hot_b per round: a round (4 x ROUND iterations) takes well
 * under a millisecond on the host and a few under TCG, so a few seconds
 * alternate the two functions hundreds of times.
 */
#define ROUND	100000UL

static volatile unsigned long sink;

__attribute__((noipa)) void hot_a(unsigned long n)
{
	unsigned long i, x = sink;

	for (i = 0; i < n; i++)
		x = x * 2654435761UL + i;
	sink = x;
}

__attribute__((noipa)) void hot_b(unsigned long n)
{
	unsigned long i, x = sink;

	for (i = 0; i < n; i++)
		x = x * 2654435769UL + i;
	sink = x;
}

__attribute__((noipa)) long sys_loop(int fd, char *buf)
{
	register long rax __asm__("rax") = SYS_read;
	register long rdi __asm__("rdi") = fd;
	register long rsi __asm__("rsi") = (long)buf;
	register long rdx __asm__("rdx") = 65536;

	__asm__ volatile("syscall"
			 : "+r"(rax)
			 : "r"(rdi), "r"(rsi), "r"(rdx)
			 : "rcx", "r11", "memory");
	return rax;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	double end, start;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: kdbg_hot cpu|sys SEC | spin N\n");
		return 2;
	}
	start = now();
	end = start + atof(argv[2]);
	if (!strcmp(argv[1], "cpu")) {
		while (now() < end) {
			hot_a(3 * ROUND);
			hot_b(ROUND);
		}
	} else if (!strcmp(argv[1], "sys")) {
		fd = open("/dev/zero", O_RDONLY);
		if (fd < 0) {
			perror("kdbg_hot: /dev/zero");
			return 1;
		}
		while (now() < end)
			if (sys_loop(fd, buf) != sizeof(buf))
				return 1;
	} else if (!strcmp(argv[1], "spin")) {
		for (long n = atol(argv[2]); n > 0; n--) {
			hot_a(3 * ROUND);
			hot_b(ROUND);
		}
		printf("%.6f\n", now() - start);
	} else {
		fprintf(stderr, "kdbg_hot: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	return 0;
}
