// SPDX-License-Identifier: GPL-2.0
/*
 * kbwork: the benchmark's workload. One thread per CPU, each pinned to
 * its CPU, calls a cheap system call that reaches one kernel function
 * exactly once per call, either flat out for a fixed count (per-hit cost)
 * or paced at a fixed rate for a fixed time (event-rate steps). It prints
 * one JSON object: calls made, wall time, the threads' own CPU time per
 * call (which excludes time the CPU spent on a tracer's reader) and, in
 * count mode, the median and lower quartile of the calls' individual
 * durations. The median per call is the figure to use on a busy host: a
 * TCG guest's clock runs on while the host preempts its vCPU threads,
 * which inflates every total but only the few calls it lands in.
 *
 *   kbwork [-t THREADS] [-s getppid|read] -n COUNT
 *   kbwork [-t THREADS] [-s getppid|read] -r RATE_PER_THREAD -d SECONDS
 *
 * getppid reaches __x64_sys_getppid; read reads one byte of /dev/null
 * and reaches ksys_read, vfs_read and read_null. Built on the host by
 * scripts/bench.sh, run in the guest. Its comm is "kbwork", which the
 * tracers' filters match.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SLOT_NS		1000000ULL	/* pacing granularity */

struct worker {
	pthread_t tid;
	uint32_t *lat;		/* ns of each call, count mode */
	int cpu;
	uint64_t calls;
	uint64_t cpu_ns;
	uint64_t wall_ns;
};

static int use_read;
static int null_fd = -1;
static uint64_t opt_count;
static uint64_t opt_rate;
static double opt_seconds;
static pthread_barrier_t start_barrier;

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline void one_call(void)
{
	char c;

	if (use_read) {
		if (read(null_fd, &c, 1) < 0)
			abort();
	} else {
		syscall(SYS_getppid);
	}
}

static void run_count(struct worker *w)
{
	uint64_t i, t, prev = clock_ns(CLOCK_MONOTONIC);

	for (i = 0; i < opt_count; i++) {
		one_call();
		t = clock_ns(CLOCK_MONOTONIC);
		w->lat[i] = t - prev > UINT32_MAX ? UINT32_MAX : t - prev;
		prev = t;
	}
	w->calls = opt_count;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Batches of calls, one batch per slot, sleeping to the next slot. */
static void run_paced(struct worker *w, uint64_t start)
{
	uint64_t total = (uint64_t)(opt_rate * opt_seconds);
	uint64_t batch = opt_rate * SLOT_NS / 1000000000ULL;
	uint64_t slot_ns, next, done = 0, k = 0, i;
	struct timespec ts;

	if (!batch)
		batch = 1;
	slot_ns = batch * 1000000000ULL / opt_rate;
	while (done < total) {
		for (i = 0; i < batch && done < total; i++, done++)
			one_call();
		next = start + ++k * slot_ns;
		if (clock_ns(CLOCK_MONOTONIC) < next) {
			ts.tv_sec = next / 1000000000ULL;
			ts.tv_nsec = next % 1000000000ULL;
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					       &ts, NULL) == EINTR)
				;
		}
	}
	w->calls = done;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint64_t c0, t0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	prctl(PR_SET_NAME, "kbwork");
	pthread_barrier_wait(&start_barrier);
	t0 = clock_ns(CLOCK_MONOTONIC);
	c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	if (opt_rate)
		run_paced(w, t0);
	else
		run_count(w);
	w->cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
	w->wall_ns = clock_ns(CLOCK_MONOTONIC) - t0;
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: kbwork [-t THREADS] [-s getppid|read] -n COUNT\n"
		"       kbwork [-t THREADS] [-s getppid|read] -r RATE -d SECONDS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t calls = 0, cpu_ns = 0, wall_ns = 0;
	double median = 0, p25 = 0;
	uint32_t *lat = NULL;
	int threads = sysconf(_SC_NPROCESSORS_ONLN);
	struct worker *w;
	int opt, i;

	while ((opt = getopt(argc, argv, "t:s:n:r:d:")) != -1) {
		switch (opt) {
		case 't':
			threads = atoi(optarg);
			break;
		case 's':
			if (!strcmp(optarg, "read"))
				use_read = 1;
			else if (strcmp(optarg, "getppid"))
				usage();
			break;
		case 'n':
			opt_count = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			opt_rate = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			opt_seconds = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (threads < 1 || (!opt_count && !(opt_rate && opt_seconds > 0)))
		usage();
	if (use_read) {
		null_fd = open("/dev/null", O_RDONLY);
		if (null_fd < 0) {
			perror("kbwork: /dev/null");
			return 1;
		}
	}
	prctl(PR_SET_NAME, "kbwork");
	w = calloc(threads, sizeof(*w));
	if (!w)
		return 1;
	if (opt_count) {
		lat = calloc(threads * opt_count, sizeof(*lat));
		if (!lat)
			return 1;
	}
	pthread_barrier_init(&start_barrier, NULL, threads);
	for (i = 0; i < threads; i++) {
		if (lat)
			w[i].lat = lat + i * opt_count;
		w[i].cpu = i % sysconf(_SC_NPROCESSORS_ONLN);
		if (pthread_create(&w[i].tid, NULL, worker_main, &w[i])) {
			perror("kbwork: pthread_create");
			return 1;
		}
	}
	for (i = 0; i < threads; i++) {
		pthread_join(w[i].tid, NULL);
		calls += w[i].calls;
		cpu_ns += w[i].cpu_ns;
		if (w[i].wall_ns > wall_ns)
			wall_ns = w[i].wall_ns;
	}
	if (lat) {
		qsort(lat, calls, sizeof(*lat), cmp_u32);
		median = lat[calls / 2];
		p25 = lat[calls / 4];
	}
	printf("{\"threads\":%d,\"calls\":%llu,\"wall-ns\":%llu,\"cpu-ns\":%llu,"
	       "\"ns-per-call-cpu\":%.1f,\"ns-per-call-wall\":%.1f,"
	       "\"ns-per-call-median\":%.0f,\"ns-per-call-p25\":%.0f,"
	       "\"rate-per-sec\":%.0f}\n",
	       threads, (unsigned long long)calls,
	       (unsigned long long)wall_ns, (unsigned long long)cpu_ns,
	       (double)cpu_ns / calls,
	       (double)wall_ns * threads / calls, median, p25,
	       calls * 1e9 / wall_ns);
	return 0;
}
