// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the layer tools' output (user/cmd/syscount.c,
 * runqlat.c, biolatency.c) on reads parsed from AGG_GET messages built
 * with libmnl as the module sends them for layer sources (entries keyed
 * by a synthetic argument or by CPU): syscount's merge of a call's
 * per-errno entries into count, errors, total, avg and max, its sort
 * orders, -e, text and JSON; runqlat's summed and per-CPU histograms in
 * usecs and msecs; biolatency's per-disk histograms named from a sysfs
 * tree; the system call and errno names; and the pairing map's misses
 * read from SOURCE_GET.
 */
#include "kdbg_test.h"
#include "agg_msgs.h"
#include "layer.h"
#include "syscalls.h"
#include "tools.h"

#include <sys/stat.h>
#include <unistd.h>

static char buf[16384] __attribute__((aligned(8)));

/* An AGG_GET entry of source 1 keyed by ARG or CPU, with a value. */
struct layer_entry {
	bool arg, cpu;
	uint64_t arg_v;
	uint32_t cpu_v;
	uint64_t count, sum, min, max;
	const uint64_t *hist;
};

static struct nlmsghdr *layer_entry_msg(const struct layer_entry *e)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_AGG_GET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 1);
	nest = mnl_attr_nest_start(nlh, KDBG_A_AGG_ENTRY);
	if (e->cpu)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_E_CPU, e->cpu_v);
	if (e->arg)
		put_u64(nlh, KDBG_A_AGG_E_ARG, e->arg_v, KDBG_A_AGG_E_PAD);
	put_u64(nlh, KDBG_A_AGG_E_COUNT, e->count, KDBG_A_AGG_E_PAD);
	put_u64(nlh, KDBG_A_AGG_E_SUM, e->sum, KDBG_A_AGG_E_PAD);
	put_u64(nlh, KDBG_A_AGG_E_VALUE_MIN, e->min, KDBG_A_AGG_E_PAD);
	put_u64(nlh, KDBG_A_AGG_E_VALUE_MAX, e->max, KDBG_A_AGG_E_PAD);
	if (e->hist)
		mnl_attr_put(nlh, KDBG_A_AGG_E_HIST,
			     KDBG_AGG_LOG2_BUCKETS * sizeof(uint64_t), e->hist);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void dump_of(struct kdbg_agg_dump *d, const struct layer_entry *e,
		    unsigned int n, const char *target)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++)
		assert_int_equal(kdbg_agg_dump_parse(d, layer_entry_msg(&e[i])), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 1, target, 0, 0)),
			 0);
}

#define SC_KEY(nr, err)	((uint64_t)(nr) << 32 | (err))

/* getppid (110) x100; open (2) 4 ok + 10 ENOENT + 1 EACCES; nanosleep. */
static void syscalls_read(struct kdbg_agg_dump *d)
{
	const struct layer_entry e[] = {
		{ .arg = true, .arg_v = SC_KEY(110, 0), .count = 100,
		  .sum = 50000, .min = 300, .max = 2000 },
		{ .arg = true, .arg_v = SC_KEY(2, 0), .count = 4,
		  .sum = 20000, .min = 4000, .max = 6000 },
		{ .arg = true, .arg_v = SC_KEY(2, 2), .count = 10,
		  .sum = 30000, .min = 2000, .max = 9000 },
		{ .arg = true, .arg_v = SC_KEY(2, 13), .count = 1,
		  .sum = 1000, .min = 1000, .max = 1000 },
		{ .arg = true, .arg_v = SC_KEY(35, 0), .count = 1,
		  .sum = 20123456, .min = 20123456, .max = 20123456 },
	};

	dump_of(d, e, sizeof(e) / sizeof(e[0]), "syscalls");
}

static void test_syscount_counts(void **state)
{
	struct syscount_opts o = { .unit = { "usecs", 1000 } };
	struct trace t = { .cmd = "syscount" };
	struct kdbg_agg_dump d;

	(void)state;
	syscalls_read(&d);
	cap_begin(false, false);
	assert_int_equal(syscount_print(&t, &d, &o), 0);
	/* By count; open's three outcomes are one row. */
	assert_string_equal(cap_end(),
		"SYSCALL                   COUNT   ERRORS\n"
		"getppid                     100        0\n"
		"open                         15       11  ENOENT 10, EACCES 1\n"
		"nanosleep                     1        0\n");
	kdbg_agg_dump_free(&d);
}

static void test_syscount_latency(void **state)
{
	struct syscount_opts o = { .latency = true, .unit = { "usecs", 1000 } };
	struct trace t = { .cmd = "syscount" };
	struct kdbg_agg_dump d;

	(void)state;
	syscalls_read(&d);
	cap_begin(false, false);
	assert_int_equal(syscount_print(&t, &d, &o), 0);
	/* By total time: open's 51 us (15 calls, max 9) before getppid's 50. */
	assert_string_equal(cap_end(),
		"SYSCALL                   COUNT   ERRORS        TIME (us)          AVG          MAX\n"
		"nanosleep                     1        0        20123.456    20123.456    20123.456\n"
		"open                         15       11           51.000        3.400        9.000  ENOENT 10, EACCES 1\n"
		"getppid                     100        0           50.000        0.500        2.000\n");
	kdbg_agg_dump_free(&d);
}

static void test_syscount_json_only(void **state)
{
	struct syscount_opts o = { .unit = { "usecs", 1000 } };
	struct trace t = { .cmd = "syscount" };
	struct kdbg_agg_dump d;

	(void)state;
	syscalls_read(&d);
	o.only[o.nr_only++] = 2;	/* -e open */
	cap_begin(true, false);
	assert_int_equal(syscount_print(&t, &d, &o), 0);
	assert_string_equal(cap_end(),
		"{\"unit\":\"usecs\",\"syscalls\":[{\"name\":\"open\",\"nr\":2,"
		"\"count\":15,\"errors\":11,\"total-ns\":51000,\"avg-ns\":3400,"
		"\"min-ns\":1000,\"max-ns\":9000,\"errnos\":["
		"{\"errno\":\"ENOENT\",\"count\":10},"
		"{\"errno\":\"EACCES\",\"count\":1}]}]}\n");
	kdbg_agg_dump_free(&d);
}

static void test_syscall_names(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(kdbg_syscall_name(110, b, sizeof(b)), "getppid");
	assert_string_equal(kdbg_syscall_name(0, b, sizeof(b)), "read");
	/* ia32: getppid is 64 there. */
	assert_string_equal(kdbg_syscall_name(KDBG_LAYER_SYSCALL_COMPAT | 64, b,
					      sizeof(b)), "ia32:getppid");
	assert_string_equal(kdbg_syscall_name(100000, b, sizeof(b)),
			    "syscall_100000");
	assert_int_equal(kdbg_syscall_nr("nanosleep"), 35);
	assert_int_equal(kdbg_syscall_nr("openat"), 257);
	assert_int_equal(kdbg_syscall_nr("nosuchcall"), -1);
	assert_string_equal(kdbg_errno_name(2, b, sizeof(b)), "ENOENT");
	assert_string_equal(kdbg_errno_name(4095, b, sizeof(b)), "E4095");
}

/* Run-queue latencies on CPUs 1 and 0 (listed in that order). */
static void runqlat_read(struct kdbg_agg_dump *d)
{
	static uint64_t h1[KDBG_AGG_LOG2_BUCKETS], h0[KDBG_AGG_LOG2_BUCKETS];
	const struct layer_entry e[] = {
		{ .cpu = true, .cpu_v = 1, .count = 3, .sum = 6200000,
		  .min = 1100000, .max = 4000000, .hist = h1 },
		{ .cpu = true, .cpu_v = 0, .count = 1, .sum = 5000,
		  .min = 5000, .max = 5000, .hist = h0 },
	};

	memset(h1, 0, sizeof(h1));
	memset(h0, 0, sizeof(h0));
	h1[21] = 2;	/* 1.1 ms, 1.1 ms: [2^20, 2^21) ns */
	h1[22] = 1;	/* 4 ms: [2^21, 2^22) ns */
	h0[13] = 1;	/* 5 us: [4096, 8191] ns */
	dump_of(d, e, 2, "runqlat");
}

static void test_runqlat_usecs(void **state)
{
	struct runqlat_opts o = { .unit = { "usecs", 1000 } };
	struct trace t = { .cmd = "runqlat" };
	struct kdbg_agg_dump d;

	(void)state;
	runqlat_read(&d);
	cap_begin(false, false);
	assert_int_equal(runqlat_print(&t, &d, &o), 0);
	/* 4096 ns -> 4 us; 2^20 ns -> 1048 us (1024..2047); 2^21 -> 2097. */
	assert_string_equal(cap_end(),
		"     usecs               : count     distribution\n"
		"         4 -> 7          : 1        |********************                    |\n"
		"         8 -> 15         : 0        |                                        |\n"
		"        16 -> 31         : 0        |                                        |\n"
		"        32 -> 63         : 0        |                                        |\n"
		"        64 -> 127        : 0        |                                        |\n"
		"       128 -> 255        : 0        |                                        |\n"
		"       256 -> 511        : 0        |                                        |\n"
		"       512 -> 1023       : 0        |                                        |\n"
		"      1024 -> 2047       : 2        |****************************************|\n"
		"      2048 -> 4095       : 1        |********************                    |\n");
	cap_begin(true, false);
	assert_int_equal(runqlat_print(&t, &d, &o), 0);
	assert_non_null(strstr(cap_end(),
		"\"count\":4,\"sum-ns\":6205000,\"min-ns\":5000,\"max-ns\":4000000}"));
	kdbg_agg_dump_free(&d);
}

static void test_runqlat_per_cpu_msecs(void **state)
{
	struct runqlat_opts o = { .unit = { "msecs", 1000000 }, .per_cpu = true };
	struct trace t = { .cmd = "runqlat" };
	struct kdbg_agg_dump d;

	(void)state;
	runqlat_read(&d);
	cap_begin(false, false);
	assert_int_equal(runqlat_print(&t, &d, &o), 0);
	/* CPUs in order; 5 us is 0 ms; 2^20 ns is 1 ms, 2^21 ns 2 ms. */
	assert_string_equal(cap_end(),
		"\ncpu = 0\n"
		"     msecs               : count     distribution\n"
		"         0 -> 1          : 1        |****************************************|\n"
		"\ncpu = 1\n"
		"     msecs               : count     distribution\n"
		"         0 -> 1          : 2        |****************************************|\n"
		"         2 -> 3          : 1        |********************                    |\n");
	cap_begin(true, false);
	assert_int_equal(runqlat_print(&t, &d, &o), 0);
	assert_string_equal(cap_end(),
		"{\"unit\":\"msecs\",\"cpus\":["
		"{\"cpu\":0,\"buckets\":[{\"low\":0,\"high\":1,\"count\":1}],"
		"\"count\":1,\"sum-ns\":5000,\"min-ns\":5000,\"max-ns\":5000},"
		"{\"cpu\":1,\"buckets\":[{\"low\":0,\"high\":1,\"count\":2},"
		"{\"low\":2,\"high\":3,\"count\":1}],"
		"\"count\":3,\"sum-ns\":6200000,\"min-ns\":1100000,\"max-ns\":4000000}]}\n");
	kdbg_agg_dump_free(&d);
}

static char sysfs[] = "/tmp/kdbg-test-layer-XXXXXX";

static void test_biolatency_per_disk(void **state)
{
	static uint64_t h[KDBG_AGG_LOG2_BUCKETS];
	const struct layer_entry e[] = {
		{ .arg = true, .arg_v = 7ULL << 20 | 3, .count = 5,
		  .sum = 5 * 30000, .min = 30000, .max = 30000, .hist = h },
		{ .arg = true, .arg_v = 254ULL << 20, .count = 5,
		  .sum = 5 * 30000, .min = 30000, .max = 30000, .hist = h },
	};
	struct biolatency_opts o = { .unit = { "usecs", 1000 },
				     .per_disk = true, .sysfs = sysfs };
	struct trace t = { .cmd = "biolatency" };
	struct kdbg_agg_dump d;
	char path[128];
	FILE *f;

	(void)state;
	memset(h, 0, sizeof(h));
	h[15] = 5;	/* 30 us: [16384, 32767] ns -> 16 us */
	snprintf(path, sizeof(path), "%s/7:3", sysfs);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/7:3/uevent", sysfs);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("MAJOR=7\nMINOR=3\nDEVNAME=loop3\nDEVTYPE=disk\n", f);
	fclose(f);

	dump_of(&d, e, 2, "biolatency");
	cap_begin(false, false);
	assert_int_equal(biolatency_print(&t, &d, &o), 0);
	/* 254:0 has no sysfs entry here: named by its numbers. */
	assert_string_equal(cap_end(),
		"\ndisk = loop3\n"
		"     usecs               : count     distribution\n"
		"        16 -> 31         : 5        |****************************************|\n"
		"\ndisk = 254:0\n"
		"     usecs               : count     distribution\n"
		"        16 -> 31         : 5        |****************************************|\n");
	cap_begin(true, false);
	assert_int_equal(biolatency_print(&t, &d, &o), 0);
	assert_non_null(strstr(cap_end(),
		"{\"disk\":\"loop3\",\"major\":7,\"minor\":3,\"buckets\":"
		"[{\"low\":16,\"high\":31,\"count\":5}],\"count\":5,"
		"\"sum-ns\":150000,\"min-ns\":30000,\"max-ns\":30000}"));
	kdbg_agg_dump_free(&d);
	unlink(path);
	snprintf(path, sizeof(path), "%s/7:3", sysfs);
	rmdir(path);
}

/* A SOURCE_GET message of source @id whose counters say @missed. */
static struct nlmsghdr *source_msg(uint32_t id, uint64_t missed)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_GET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, id);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_TYPE, KDBG_SOURCE_LAYER);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, "runqlat");
	nest = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_COUNTERS);
	put_u64(nlh, KDBG_A_COUNTER_HITS, 500, KDBG_A_COUNTER_PAD);
	put_u64(nlh, KDBG_A_COUNTER_MISSED, missed, KDBG_A_COUNTER_PAD);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void test_layer_missed_parse(void **state)
{
	struct trace t = { .cmd = "runqlat" };
	uint64_t missed = 0;

	(void)state;
	assert_int_equal(layer_missed_parse(source_msg(3, 42), 3, &missed), 1);
	assert_int_equal(missed, 42);
	missed = 7;
	assert_int_equal(layer_missed_parse(source_msg(4, 42), 3, &missed), 0);
	assert_int_equal(missed, 7);
	/* No socket (a printer under test): nothing to ask, no warning. */
	assert_int_equal(layer_warn_missed(&t, &missed), 0);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(sysfs) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(sysfs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscount_counts),
		cmocka_unit_test(test_syscount_latency),
		cmocka_unit_test(test_syscount_json_only),
		cmocka_unit_test(test_syscall_names),
		cmocka_unit_test(test_runqlat_usecs),
		cmocka_unit_test(test_runqlat_per_cpu_msecs),
		cmocka_unit_test(test_biolatency_per_disk),
		cmocka_unit_test(test_layer_missed_parse),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
