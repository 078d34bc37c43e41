// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/cmd/profile.c without a kernel: the SOURCE_GET
 * message of a sample source (event, frequency, per-CPU account) built
 * with libmnl; rows of several reads merged by key; and the printing of a
 * profile of this process: the folded line is "comm;user frames root
 * first;kernel frames root first COUNT" as stackcollapse-perf.pl folds
 * perf's samples, user frames named from this binary's symbols, kernel
 * frames from a synthetic kallsyms, and the per-CPU account on stderr (text
 * format: in the output, JSON alike).
 */
#include "kdbg_test.h"
#include "fold.h"
#include "profile.h"
#include "trace.h"
#include "usym.h"

__attribute__((noinline, used)) int profile_test_leaf(int x)
{
	return x + 1;
}

__attribute__((noinline, used)) int profile_test_caller(int x)
{
	return profile_test_leaf(x) * 2;
}

static void put_cpu(struct nlmsghdr *nlh, uint32_t cpu, uint64_t samples,
		    uint64_t lost)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_SAMPLE_CPUS);

	mnl_attr_put_u32(nlh, KDBG_A_SAMPLE_CPU_ID, cpu);
	put_u64(nlh, KDBG_A_SAMPLE_CPU_SAMPLES, samples, KDBG_A_SAMPLE_CPU_PAD);
	put_u64(nlh, KDBG_A_SAMPLE_CPU_FILTERED, 7, KDBG_A_SAMPLE_CPU_PAD);
	put_u64(nlh, KDBG_A_SAMPLE_CPU_LOST, lost, KDBG_A_SAMPLE_CPU_PAD);
	put_u64(nlh, KDBG_A_SAMPLE_CPU_STACK_LOST, 1, KDBG_A_SAMPLE_CPU_PAD);
	put_u64(nlh, KDBG_A_SAMPLE_CPU_USTACK_LOST, 2, KDBG_A_SAMPLE_CPU_PAD);
	mnl_attr_nest_end(nlh, nest);
}

static void test_info_parse(void **state)
{
	static uint64_t buf[1024];
	static struct profile_info info;
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_GET);

	(void)state;
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 5);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_TYPE, KDBG_SOURCE_SAMPLE);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_SAMPLE_FREQ, 99);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_SAMPLE_EVENT,
			 KDBG_SAMPLE_EVENT_CPU_CLOCK);
	put_cpu(nlh, 0, 100, 3);
	put_cpu(nlh, 1, 200, 0);
	/* Another source's message leaves @info alone. */
	assert_int_equal(profile_info_parse(nlh, 6, &info), 0);
	assert_false(info.seen);
	assert_int_equal(profile_info_parse(nlh, 5, &info), 0);
	assert_true(info.seen);
	assert_int_equal(info.freq, 99);
	assert_string_equal(profile_event_name(info.event), "cpu-clock");
	assert_int_equal(info.nr_cpus, 2);
	assert_int_equal(info.cpus[0].samples, 100);
	assert_int_equal(info.cpus[0].lost, 3);
	assert_int_equal(info.cpus[0].filtered, 7);
	assert_int_equal(info.cpus[0].stack_lost, 1);
	assert_int_equal(info.cpus[0].ustack_lost, 2);
	assert_int_equal(info.cpus[1].cpu, 1);
	assert_int_equal(info.cpus[1].samples, 200);
	assert_string_equal(profile_event_name(42), "?");
}

static void test_add_row_merges_reads(void **state)
{
	struct profile pf = { 0 };
	struct kdbg_agg_row r = { .tgid = 10, .stack_id = 1, .ustack_id = 2,
				  .comm = "a", .count = 3 };

	(void)state;
	assert_int_equal(profile_add_row(&pf, &r), 0);
	r.count = 4;
	assert_int_equal(profile_add_row(&pf, &r), 0);
	r.ustack_id = 3;
	assert_int_equal(profile_add_row(&pf, &r), 0);
	strcpy(r.comm, "b");	/* exec: another comm, another row */
	assert_int_equal(profile_add_row(&pf, &r), 0);
	assert_int_equal(pf.nr_rows, 3);
	assert_int_equal(pf.rows[0].count, 7);
	assert_int_equal(pf.rows[1].count, 4);
	assert_string_equal(pf.rows[2].comm, "b");
	free(pf.rows);
}

static char ks_path[] = "/tmp/kdbg-test-profile-XXXXXX";

/* A profile of this process: 5 samples of one user and kernel stack. */
static void make_profile(struct profile *pf, enum pf_format fmt)
{
	static uint64_t kips[] = { 0xffffffff81001010ULL, 0xffffffff81002020ULL };
	static uint64_t uips[2];
	struct kdbg_agg_row r = { .tgid = (uint32_t)getpid(), .stack_id = 1,
				  .ustack_id = 2, .comm = "my prog", .count = 5 };

	memset(pf, 0, sizeof(*pf));
	pf->fmt = fmt;
	pf->keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_USTACK;
	strcpy(ks_path, "/tmp/kdbg-test-profile-XXXXXX");
	pf->ks = test_ksyms_from_text(ks_path,
				      "ffffffff81001000 T clear_user_erms\n"
				      "ffffffff81002000 T do_syscall_64\n"
				      "ffffffff81003000 T _etext\n");
	pf->us = usyms_new(NULL);
	pf->fold = fold_table_new();
	assert_true(pf->ks && pf->us && pf->fold);
	/* innermost first: the leaf, then a return address in its caller */
	uips[0] = (uintptr_t)profile_test_leaf + 1;
	uips[1] = (uintptr_t)profile_test_caller + 4;
	pf->stacks.s = calloc(2, sizeof(*pf->stacks.s));
	pf->stacks.nr = pf->stacks.cap = 2;
	pf->stacks.s[0] = (struct kdbg_stack){ 1, 2, malloc(sizeof(kips)) };
	memcpy(pf->stacks.s[0].ips, kips, sizeof(kips));
	pf->stacks.s[1] = (struct kdbg_stack){ 2, 2, malloc(sizeof(uips)) };
	memcpy(pf->stacks.s[1].ips, uips, sizeof(uips));
	assert_int_equal(profile_add_row(pf, &r), 0);
	pf->info = (struct profile_info){
		.seen = true, .event = KDBG_SAMPLE_EVENT_CPU_CLOCK, .freq = 99,
		.nr_cpus = 1,
	};
	pf->info.cpus[0] = (struct profile_cpu){ 0, 5, 1, 0, 0, 0 };
}

static void test_print_folded(void **state)
{
	struct trace t = { .cmd = "profile" };
	struct profile pf;
	char *text = NULL;
	size_t len = 0;

	(void)state;
	make_profile(&pf, PF_FOLDED);
	pf.out = open_memstream(&text, &len);
	assert_int_equal(profile_print(&t, &pf), 0);
	fclose(pf.out);
	assert_string_equal(text,
			    "my_prog;profile_test_caller;profile_test_leaf;"
			    "do_syscall_64;clear_user_erms 5\n");
	free(text);
	profile_free(&pf);
	unlink(ks_path);
}

static void test_print_text_json(void **state)
{
	struct trace t = { .cmd = "profile" };
	struct profile pf;
	char want[1024];

	(void)state;
	make_profile(&pf, PF_TEXT);
	cap_begin(true, false);
	assert_int_equal(profile_print(&t, &pf), 0);
	snprintf(want, sizeof(want),
		 "{\"stacks\":[{\"kernel-frames\":[\"clear_user_erms\",\"do_syscall_64\"],"
		 "\"user-frames\":[\"profile_test_leaf\",\"profile_test_caller\"],"
		 "\"comm\":\"my prog\",\"pid\":%d,\"count\":5}],"
		 "\"event\":\"cpu-clock\",\"frequency\":99,"
		 "\"cpus\":[{\"cpu\":0,\"samples\":5,\"filtered\":1,\"lost\":0,"
		 "\"stack-lost\":0,\"ustack-lost\":0}]}\n", (int)getpid());
	assert_string_equal(cap_end(), want);
	/* Text: BCC's profile layout, then the account. */
	cap_begin(false, false);
	assert_int_equal(profile_print(&t, &pf), 0);
	snprintf(want, sizeof(want),
		 "    clear_user_erms\n    do_syscall_64\n    --\n"
		 "    profile_test_leaf\n    profile_test_caller\n"
		 "    -                my prog (%d)\n        5\n\n"
		 "Event cpu-clock at 99 Hz per CPU\n"
		 "cpu 0: 5 samples, 1 filtered, 0 lost (table full), "
		 "0 kernel stacks lost, 0 user stacks lost\n", (int)getpid());
	assert_string_equal(cap_end(), want);
	profile_free(&pf);
	unlink(ks_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_parse),
		cmocka_unit_test(test_add_row_merges_reads),
		cmocka_unit_test(test_print_folded),
		cmocka_unit_test(test_print_text_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
