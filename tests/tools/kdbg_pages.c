// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_pages: a workload with a known number of page faults, for the
 * counter tests (98-stat.sh). Memory is mapped private and anonymous with
 * transparent huge pages refused (MADV_NOHUGEPAGE), so touching a page
 * for the first time is exactly one page fault.
 *
 *   touch N    touch N fresh pages once each, then exit: at least N page
 *              faults (the rest are the program's own start-up)
 *   loop [N]   print the pid, then until killed (or N rounds after a
 *              SIGUSR1, then exit): map 64 pages, touch them, unmap
 *              them, sleep 10 ms: page faults and voluntary context
 *              switches at a steady rate, for stat -p
 *
 * Exit 0, 1 when a mapping fails (with a message), 2 on a usage error.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* Map and touch @n pages: 0, or -1 after a message. */
static int touch(long n, long page, int keep)
{
	volatile char *p;
	long i;

	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("kdbg_pages: mmap");
		return -1;
	}
	madvise((void *)p, n * page, MADV_NOHUGEPAGE);
	for (i = 0; i < n; i++)
		p[i * page] = 1;
	if (!keep)
		munmap((void *)p, n * page);
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE), n;
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	char *end;

	if (argc == 3 && !strcmp(argv[1], "touch")) {
		n = strtol(argv[2], &end, 10);
		if (*end || n <= 0) {
			fprintf(stderr, "kdbg_pages: touch N: N > 0\n");
			return 2;
		}
		return touch(n, page, 1) ? 1 : 0;
	}
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "loop")) {
		sigset_t usr1;
		int sig;

		n = argc == 3 ? strtol(argv[2], &end, 10) : -1;
		if (argc == 3 && (*end || n <= 0)) {
			fprintf(stderr, "kdbg_pages: loop N: N > 0\n");
			return 2;
		}
		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		printf("%d\n", (int)getpid());
		fflush(stdout);
		if (n > 0)
			sigwait(&usr1, &sig);
		for (; n; n -= n > 0) {
			if (touch(64, page, 0))
				return 1;
			nanosleep(&ten_ms, NULL);
		}
		return 0;
	}
	fprintf(stderr, "usage: kdbg_pages touch N | loop [N]\n");
	return 2;
}
