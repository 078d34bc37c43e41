// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_flood: a workload with a known event count, for the accounting
 * tests. Starts one process per online CPU (each pinned to its CPU and
 * named COMM), each calling getppid() COUNT times, then prints the total
 * number of calls made. A probe on __x64_sys_getppid filtered on COMM then
 * must account for exactly that many events.
 *
 * Usage: kdbg_flood COUNT [COMM] [NCPUS]
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void flood(int cpu, long count, const char *comm)
{
	cpu_set_t set;
	long i;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("kdbg_flood: sched_setaffinity");
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	for (i = 0; i < count; i++)
		syscall(SYS_getppid);
	_exit(0);
}

int main(int argc, char **argv)
{
	long count, ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *comm = argc > 2 ? argv[2] : "kdbgflood";
	int cpu, status, failed = 0;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: kdbg_flood COUNT [COMM] [NCPUS]\n");
		return 2;
	}
	count = strtol(argv[1], NULL, 0);
	if (argc > 3)
		ncpus = strtol(argv[3], NULL, 0);
	if (count <= 0 || ncpus <= 0) {
		fprintf(stderr, "kdbg_flood: error: bad COUNT or NCPUS\n");
		return 2;
	}
	for (cpu = 0; cpu < ncpus; cpu++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("kdbg_flood: fork");
			return 1;
		}
		if (pid == 0)
			flood(cpu, count, comm);
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	if (failed)
		return 1;
	printf("%ld\n", count * ncpus);
	return 0;
}
