// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/core/agg.c and agg_opts.c: the SOURCE_ADD request
 * with an aggregation nest and a match cap, the pattern add reply (and a
 * plain one), AGG_GET dumps of two sources (entries with every key kind,
 * values, a log2 histogram, u64s behind pad attributes, each source
 * closed by its target and stats) grouped and summed, STACK_GET dumps
 * into an id -> frames map, and the option parser's values and errors.
 * Messages are built with libmnl as the kernel builds them.
 */
#include "kdbg_test.h"
#include "agg.h"
#include "agg_msgs.h"
#include "nl.h"
#include "symbols.h"
#include "trace.h"

#include <unistd.h>

static char buf[16384] __attribute__((aligned(8)));

static void test_put_source_agg(void **state)
{
	const struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_PID,
		.value = KDBG_AGG_VALUE_LATENCY,
		.hist = KDBG_AGG_HIST_LINEAR,
		.hist_min = 100, .hist_max = 1000, .hist_step = 50,
		.entries = 64, .stacks = 32,
	};
	const struct kdbg_source_req req = {
		.type = KDBG_SOURCE_KRETPROBE, .target = "vfs_*",
		.tgid = 42, .agg = &spec, .max_matches = 7,
	};
	const struct nlattr *tb[KDBG_A_MAX + 1], *ab[KDBG_A_AGG_MAX + 1];
	struct kdbg_agg_spec back;
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_ADD);

	(void)state;
	kdbg_nl_put_source(nlh, &req);
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), 0);
	assert_string_equal(kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""), "vfs_*");
	assert_int_equal(kdbg_nl_u32(tb[KDBG_A_SOURCE_FILTER_TGID], 0), 42);
	assert_int_equal(kdbg_nl_u32(tb[KDBG_A_SOURCE_MAX_MATCHES], 0), 7);
	assert_non_null(tb[KDBG_A_SOURCE_AGG]);
	assert_int_equal(kdbg_nl_parse_nested(tb[KDBG_A_SOURCE_AGG], ab,
					      KDBG_A_AGG_MAX), 0);
	assert_int_equal(kdbg_nl_u32(ab[KDBG_A_AGG_KEYS], 0),
			 KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_PID);
	assert_null(ab[KDBG_A_AGG_KEY_ARG]);
	assert_null(ab[KDBG_A_AGG_VALUE_ARG]);
	assert_int_equal(mnl_attr_get_payload_len(ab[KDBG_A_AGG_HIST_STEP]), 8);
	assert_int_equal(kdbg_agg_spec_parse(tb[KDBG_A_SOURCE_AGG], &back), 0);
	assert_memory_equal(&back, &spec, sizeof(spec));
}

/* A plain counter still says KEYS 0, and nothing it does not set. */
static void test_put_counter_agg(void **state)
{
	const struct kdbg_agg_spec spec = { 0 };
	const struct kdbg_source_req req = {
		.type = KDBG_SOURCE_KPROBE, .target = "vfs_read", .agg = &spec,
	};
	const struct nlattr *tb[KDBG_A_MAX + 1], *ab[KDBG_A_AGG_MAX + 1];
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_ADD);
	unsigned int i;

	(void)state;
	kdbg_nl_put_source(nlh, &req);
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), 0);
	assert_null(tb[KDBG_A_SOURCE_MAX_MATCHES]);
	assert_int_equal(kdbg_nl_parse_nested(tb[KDBG_A_SOURCE_AGG], ab,
					      KDBG_A_AGG_MAX), 0);
	assert_non_null(ab[KDBG_A_AGG_KEYS]);
	assert_int_equal(kdbg_nl_u32(ab[KDBG_A_AGG_KEYS], 99), 0);
	for (i = KDBG_A_AGG_KEY_ARG; i <= KDBG_A_AGG_MAX; i++)
		assert_null(ab[i]);
}

static void test_pattern_reply(void **state)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_ADD);
	struct kdbg_add_reply r;
	struct nlattr *nest;

	(void)state;
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 7);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_MATCHED, 12);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ATTACHED, 8);
	nest = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_SKIPPED);
	mnl_attr_put_u32(nlh, KDBG_A_SKIP_NOTRACE, 2);
	mnl_attr_put_u32(nlh, KDBG_A_SKIP_OWN, 1);
	mnl_attr_put_u32(nlh, KDBG_A_SKIP_EXISTS, 1);
	mnl_attr_put_u32(nlh, KDBG_A_SKIP_MAX + 3, 9);	/* a newer reason */
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(kdbg_add_reply_parse(nlh, &r), 0);
	assert_true(r.pattern);
	assert_int_equal(r.id, 7);
	assert_int_equal(r.matched, 12);
	assert_int_equal(r.attached, 8);
	assert_int_equal(r.skipped[KDBG_A_SKIP_NOTRACE], 2);
	assert_int_equal(r.skipped[KDBG_A_SKIP_REFUSED], 0);
	assert_int_equal(r.skipped[KDBG_A_SKIP_OWN], 1);
	assert_int_equal(r.skipped[KDBG_A_SKIP_EXISTS], 1);
	assert_int_equal(kdbg_add_reply_skipped(&r), 4);

	nlh = put_genl(buf, KDBG_CMD_SOURCE_ADD);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 3);
	assert_int_equal(kdbg_add_reply_parse(nlh, &r), 0);
	assert_false(r.pattern);
	assert_int_equal(r.id, 3);
	assert_int_equal(r.matched, 1);
	assert_int_equal(r.attached, 1);
	assert_int_equal(kdbg_add_reply_skipped(&r), 0);
}

static void test_is_pattern(void **state)
{
	(void)state;
	assert_true(kdbg_target_is_pattern("vfs_*"));
	assert_true(kdbg_target_is_pattern("ext4:ext4_?rite"));
	assert_true(kdbg_target_is_pattern("tcp_[sr]endmsg"));
	assert_false(kdbg_target_is_pattern("vfs_read"));
	assert_false(kdbg_target_is_pattern("ext4:ext4_file_write_iter"));
	assert_false(kdbg_target_is_pattern(NULL));
}

static void load_dump(struct kdbg_agg_dump *d)
{
	uint64_t h1[KDBG_AGG_LOG2_BUCKETS] = { 0 }, h2[KDBG_AGG_LOG2_BUCKETS] = { 0 };
	struct entry_spec e1 = {
		.id = 3, .pid = true, .comm = true, .pid_v = 42,
		.comm_v = "curl", .count = 4, .sum = 4000, .min = 600,
		.max = 1500, .hist = h1, .nr_hist = KDBG_AGG_LOG2_BUCKETS,
	};
	struct entry_spec e2 = {
		.id = 3, .pid = true, .comm = true, .pid_v = 43,
		.comm_v = "a-very-long-command-name", .count = 1, .sum = 70000,
		.min = 70000, .max = 70000, .hist = h2,
		.nr_hist = KDBG_AGG_LOG2_BUCKETS,
	};
	struct entry_spec e3 = { .id = 5, .stack = true, .stack_v = 0,
				 .count = 9 };

	h1[10] = 1;
	h1[11] = 3;
	h2[17] = 1;
	h2[64] = 0;
	memset(d, 0, sizeof(*d));
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e1)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e2)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 3, "vfs_read", 0, 0)),
			 0);
	assert_int_equal(kdbg_agg_dump_parse(d, entry_msg(buf, &e3)), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 5, "vfs_write", 17, 2)),
			 0);
}

static void test_agg_dump_grouped(void **state)
{
	struct kdbg_agg_dump d;
	const struct kdbg_agg_source *s;
	const struct kdbg_agg_row *r;

	(void)state;
	load_dump(&d);
	assert_int_equal(d.nr_src, 2);
	s = &d.src[0];
	assert_int_equal(s->id, 3);
	assert_string_equal(s->target, "vfs_read");
	assert_true(s->closed);
	assert_int_equal(s->nr_rows, 2);
	assert_int_equal(s->keys, KDBG_AGG_KEY_PID | KDBG_AGG_KEY_COMM);
	assert_true(s->has_value);
	assert_int_equal(s->nr_buckets, KDBG_AGG_LOG2_BUCKETS);
	assert_int_equal(s->stats.entries, 2);
	assert_int_equal(s->stats.capacity, 1024);
	assert_int_equal(s->stats.stacks, 5);
	assert_int_equal(s->stats.stack_capacity, 512);
	r = &s->rows[0];
	assert_int_equal(r->pid, 42);
	assert_string_equal(r->comm, "curl");
	assert_int_equal(r->count, 4);
	assert_int_equal(r->sum, 4000);
	assert_int_equal(r->min, 600);
	assert_int_equal(r->max, 1500);
	assert_int_equal(r->hist[10], 1);
	assert_int_equal(r->hist[11], 3);
	assert_int_equal(r->hist[12], 0);
	/* a comm longer than the kernel's is cut, never overrun */
	assert_string_equal(s->rows[1].comm, "a-very-long-com");

	s = &d.src[1];
	assert_int_equal(s->id, 5);
	assert_string_equal(s->target, "vfs_write");
	assert_int_equal(s->keys, KDBG_AGG_KEY_STACK);
	assert_false(s->has_value);
	assert_int_equal(s->nr_buckets, 0);
	assert_int_equal(s->rows[0].stack_id, 0);
	assert_int_equal(s->rows[0].count, 9);
	assert_int_equal(s->stats.missed, 17);
	assert_int_equal(s->stats.stack_missed, 2);
	kdbg_agg_dump_free(&d);
	assert_int_equal(d.nr_src, 0);
}

static void test_agg_dump_sum(void **state)
{
	uint64_t h[KDBG_AGG_LOG2_BUCKETS];
	struct kdbg_agg_total t;
	struct kdbg_agg_dump d;

	(void)state;
	load_dump(&d);
	kdbg_agg_dump_sum(&d, h, KDBG_AGG_LOG2_BUCKETS, &t);
	assert_int_equal(t.count, 4 + 1 + 9);
	assert_true(t.has_value);
	assert_int_equal(t.sum, 74000);
	assert_int_equal(t.min, 600);
	assert_int_equal(t.max, 70000);
	assert_int_equal(h[10], 1);
	assert_int_equal(h[11], 3);
	assert_int_equal(h[17], 1);
	kdbg_agg_dump_free(&d);
}

/* Entries of a source may even follow its closing message. */
static void test_agg_dump_any_order(void **state)
{
	struct entry_spec e = { .id = 9, .count = 2 };
	struct kdbg_agg_dump d = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	assert_int_equal(kdbg_agg_dump_parse(&d, close_msg(buf, 9, "f", 0, 0)), 0);
	assert_int_equal(kdbg_agg_dump_parse(&d, entry_msg(buf, &e)), 0);
	assert_int_equal(d.nr_src, 1);
	assert_string_equal(d.src[0].target, "f");
	assert_int_equal(d.src[0].nr_rows, 1);
	assert_int_equal(d.src[0].keys, 0);
	assert_int_equal(d.src[0].rows[0].count, 2);

	nlh = put_genl(buf, KDBG_CMD_AGG_GET);	/* no source id */
	mnl_attr_put_u32(nlh, KDBG_A_STACK_ID, 1);
	assert_int_equal(kdbg_agg_dump_parse(&d, nlh), -EINVAL);
	kdbg_agg_dump_free(&d);
}

static void test_stacks(void **state)
{
	static const uint64_t s1[] = { 0xffffffff81500005ULL, 0xffffffff81400080ULL };
	static const uint64_t s2[] = { 0xffffffff81300010ULL };
	struct kdbg_stacks m = { 0 };
	const struct kdbg_stack *s;

	(void)state;
	assert_int_equal(kdbg_stacks_parse(&m, stack_msg(buf, 2, s2, 1)), 0);
	assert_int_equal(kdbg_stacks_parse(&m, stack_msg(buf, 1, s1, 2)), 0);
	kdbg_stacks_sort(&m);
	s = kdbg_stacks_find(&m, 1);
	assert_non_null(s);
	assert_int_equal(s->nr, 2);
	assert_true(s->ips[0] == s1[0] && s->ips[1] == s1[1]);
	s = kdbg_stacks_find(&m, 2);
	assert_non_null(s);
	assert_int_equal(s->nr, 1);
	assert_true(s->ips[0] == s2[0]);
	assert_null(kdbg_stacks_find(&m, 0));	/* the lost stack */
	assert_null(kdbg_stacks_find(&m, 3));
	kdbg_stacks_free(&m);
	assert_int_equal(m.nr, 0);
}

static void test_linear_buckets(void **state)
{
	(void)state;
	assert_int_equal(kdbg_agg_linear_buckets(0, 100, 10), 12);
	assert_int_equal(kdbg_agg_linear_buckets(0, 100, 30), 6);
	assert_int_equal(kdbg_agg_linear_buckets(0, 256, 1), 258);
	assert_int_equal(kdbg_agg_linear_buckets(0, 257, 1), 0);
	assert_int_equal(kdbg_agg_linear_buckets(5, 1, 1), 0);
	assert_int_equal(kdbg_agg_linear_buckets(1, 5, 0), 0);
}

static void test_parse_agg_opts(void **state)
{
	char *argv[] = {
		"vfs_*", "--key", "stack,pid,comm", "--value", "latency",
		"--hist", "linear=0,1000,100", "--entries", "64",
		"--stacks", "8", "--max-matches", "5", "--ret",
	};
	struct kdbg_agg_spec spec = { 0 };
	uint32_t max = 0;
	bool agg = false;

	(void)state;
	reset_err();
	assert_int_equal(kdbg_parse_agg_opts("probe add", 14, argv, &spec,
					     &agg, &max), 2);
	assert_string_equal(argv[0], "vfs_*");
	assert_string_equal(argv[1], "--ret");
	assert_true(agg);
	assert_int_equal(max, 5);
	assert_int_equal(spec.keys, KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_PID |
				    KDBG_AGG_KEY_COMM);
	assert_int_equal(spec.value, KDBG_AGG_VALUE_LATENCY);
	assert_int_equal(spec.hist, KDBG_AGG_HIST_LINEAR);
	assert_true(spec.hist_min == 0 && spec.hist_max == 1000 &&
		    spec.hist_step == 100);
	assert_int_equal(spec.entries, 64);
	assert_int_equal(spec.stacks, 8);
	assert_int_equal(nr_errs, 0);
	assert_int_equal(kdbg_agg_spec_check("probe add", &spec,
					     KDBG_SOURCE_KRETPROBE), 0);
	assert_int_equal(kdbg_agg_spec_check("probe add", &spec,
					     KDBG_SOURCE_KPROBE), -1);
	assert_string_equal(last_err,
		"probe add: --value latency and retval need a kretprobe (--ret)");
}

static void test_parse_agg_opts_tracepoint(void **state)
{
	char *argv[] = { "sched:sched_switch", "--key", "arg=2,cpu",
			 "--value", "arg=1", "--hist", "log2" };
	struct kdbg_agg_spec spec = { 0 };
	uint32_t max = 0;
	bool agg = false;

	(void)state;
	assert_int_equal(kdbg_parse_agg_opts("tracepoint add", 7, argv, &spec,
					     &agg, &max), 1);
	assert_int_equal(spec.keys, KDBG_AGG_KEY_ARG | KDBG_AGG_KEY_CPU);
	assert_int_equal(spec.key_arg, 2);
	assert_int_equal(spec.value, KDBG_AGG_VALUE_ARG);
	assert_int_equal(spec.value_arg, 1);
	assert_int_equal(spec.hist, KDBG_AGG_HIST_LOG2);
	assert_int_equal(kdbg_agg_spec_check("tracepoint add", &spec,
					     KDBG_SOURCE_TRACEPOINT), 0);
}

struct bad_case {
	const char *opt, *val, *err;
};

static void test_parse_agg_opts_errors(void **state)
{
	static const struct bad_case cases[] = {
		{ "--hist", "linear=5,1,1",
		  "probe add: --hist 'linear=5,1,1': expected log2 or linear=MIN,MAX,STEP (MIN < MAX, STEP > 0, at most 256 buckets)" },
		{ "--hist", "linear=0,10", NULL },
		{ "--hist", "linear=0,1000,1", NULL },
		{ "--hist", "linear=0,10,0", NULL },
		{ "--hist", "log3", NULL },
		{ "--key", "stack,bogus",
		  "probe add: --key 'stack,bogus': expected a list of stack, comm, pid, tgid, cpu, arg=N, retval" },
		{ "--key", "arg=5", NULL },
		{ "--key", "", NULL },
		{ "--value", "arg=x",
		  "probe add: --value 'arg=x': expected latency, retval or arg=N" },
		{ "--entries", "0", "probe add: --entries '0': expected 1 to 65536" },
		{ "--entries", "65537", NULL },
		{ "--stacks", "16385", "probe add: --stacks '16385': expected 1 to 16384" },
		{ "--max-matches", "1025", "probe add: --max-matches '1025': expected 1 to 1024" },
		{ "--key", NULL, "probe add: option '--key' needs a value" },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = { "f", (char *)cases[i].opt,
				 (char *)cases[i].val };
		struct kdbg_agg_spec spec = { 0 };
		uint32_t max = 0;
		bool agg = false;

		reset_err();
		if (kdbg_parse_agg_opts("probe add", cases[i].val ? 3 : 2,
					argv, &spec, &agg, &max) != -1)
			fail_msg("case %u (%s %s) accepted", i, cases[i].opt,
				 cases[i].val);
		assert_int_equal(nr_errs, 1);
		if (cases[i].err)
			assert_string_equal(last_err, cases[i].err);
	}
}

static void test_spec_check(void **state)
{
	struct kdbg_agg_spec hist_only = { .hist = KDBG_AGG_HIST_LOG2 };
	struct kdbg_agg_spec retkey = { .keys = KDBG_AGG_KEY_RETVAL };
	struct kdbg_agg_spec stacks = { .stacks = 4 };

	(void)state;
	assert_int_equal(kdbg_agg_spec_check("probe add", &hist_only,
					     KDBG_SOURCE_KRETPROBE), -1);
	assert_string_equal(last_err, "probe add: --hist needs --value");
	assert_int_equal(kdbg_agg_spec_check("probe add", &retkey,
					     KDBG_SOURCE_KPROBE), -1);
	assert_string_equal(last_err,
			    "probe add: --key retval needs a kretprobe (--ret)");
	assert_int_equal(kdbg_agg_spec_check("probe add", &stacks,
					     KDBG_SOURCE_KPROBE), -1);
	assert_string_equal(last_err, "probe add: --stacks needs --key stack");
}

static void test_skipped_text_and_json(void **state)
{
	struct kdbg_add_reply r = { .id = 7, .pattern = true, .matched = 12,
				    .attached = 8 };
	char text[256];

	(void)state;
	kdbg_skipped_text(&r, text, sizeof(text));
	assert_string_equal(text, "");
	r.skipped[KDBG_A_SKIP_NOTRACE] = 2;
	r.skipped[KDBG_A_SKIP_REFUSED] = 1;
	r.skipped[KDBG_A_SKIP_OWN] = 3;
	r.skipped[KDBG_A_SKIP_EXISTS] = 1;
	kdbg_skipped_text(&r, text, sizeof(text));
	assert_string_equal(text,
		"2 notrace, 1 refused by kprobes, 3 kdbg's own, 1 already attached");
	cap_begin(true, false);
	out_open_object(NULL);
	out_add_reply(&r);
	out_close_object();
	assert_string_equal(cap_end(),
		"{\"matched\":12,\"attached\":8,\"skipped\":{\"notrace\":2,"
		"\"refused\":1,\"own\":3,\"exists\":1,\"other\":0}}\n");
}

/* `probe list` shows a member's pattern and aggregation, typed back as flags. */
static void test_out_source_agg(void **state)
{
	const struct kdbg_agg_spec spec = {
		.keys = KDBG_AGG_KEY_STACK | KDBG_AGG_KEY_COMM |
			KDBG_AGG_KEY_RETVAL,
		.value = KDBG_AGG_VALUE_LATENCY,
		.hist = KDBG_AGG_HIST_LINEAR,
		.hist_min = 0, .hist_max = 100, .hist_step = 10,
		.entries = 64,
	};
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_GET);
	struct nlattr *nest;

	(void)state;
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 3);
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_TYPE, KDBG_SOURCE_KRETPROBE);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, "vfs_read");
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_FLAGS, KDBG_SOURCE_F_NO_STACK);
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_PATTERN, "vfs_*");
	kdbg_nl_put_agg(nlh, &spec);
	nest = mnl_attr_nest_start(nlh, KDBG_A_SOURCE_COUNTERS);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), 0);

	cap_begin(false, false);
	out_source(tb);
	assert_string_equal(cap_end(),
		"3: kretprobe vfs_read no-stack pattern vfs_* agg key stack,comm,retval"
		" value latency hist linear=0,100,10 entries 64\n"
		"    hits 0 filtered 0 written 0 delivered 0 dropped 0 missed 0\n");
	cap_begin(true, false);
	out_open_object(NULL);
	out_source(tb);
	out_close_object();
	assert_non_null(strstr(cap_end(),
		"\"pattern\":\"vfs_*\",\"agg\":{\"keys\":\"stack,comm,retval\","
		"\"value\":\"latency\",\"hist\":\"linear=0,100,10\",\"entries\":64}"));
}

/* Stack frames as stream folds them: outermost first, names resolved. */
static void test_stack_frames(void **state)
{
	static const char kallsyms[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81200000 T do_syscall_64\n"
		"ffffffff81400000 T ksys_read\n"
		"ffffffff81500000 T vfs_read\n"
		"ffffffffc0001000 t mod_fn\t[somemod]\n";
	uint64_t ips[] = { 0xffffffff81500004ULL, 0xffffffffc0001010ULL,
			   0xffffffff81400020ULL, 0xffffffff81200040ULL, 0 };
	struct kdbg_stack s = { .id = 1, .nr = 5, .ips = ips };
	struct kdbg_stack zero = { .id = 2, .nr = 1, .ips = &ips[4] };
	static char f[8][KDBG_FRAME_LEN];
	char path[] = "/tmp/kdbg-test-agg-XXXXXX";
	struct ksyms *ks;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, kallsyms, sizeof(kallsyms) - 1),
			 sizeof(kallsyms) - 1);
	close(fd);
	ks = ksyms_new(path, "/nonexistent");
	assert_non_null(ks);
	assert_int_equal(kdbg_stack_frames(ks, &s, false, f, 8), 4);
	assert_string_equal(f[0], "do_syscall_64");
	assert_string_equal(f[1], "ksys_read");
	assert_string_equal(f[2], "mod_fn");
	assert_string_equal(f[3], "vfs_read");
	assert_int_equal(kdbg_stack_frames(ks, &s, true, f, 8), 4);
	assert_string_equal(f[0], "do_syscall_64+0x40");
	assert_string_equal(f[2], "mod_fn+0x10 [somemod]");
	assert_string_equal(f[3], "vfs_read+0x4");
	/* id 0 (no room) and an all-zero stack: one "[stack lost]" frame */
	assert_int_equal(kdbg_stack_frames(ks, NULL, false, f, 8), 1);
	assert_string_equal(f[0], "[stack lost]");
	assert_int_equal(kdbg_stack_frames(ks, &zero, false, f, 8), 1);
	assert_string_equal(f[0], "[stack lost]");
	/* no resolver: hex addresses */
	assert_int_equal(kdbg_stack_frames(NULL, &s, false, f, 8), 4);
	assert_string_equal(f[3], "0xffffffff81500004");
	ksyms_free(ks);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_source_agg),
		cmocka_unit_test(test_put_counter_agg),
		cmocka_unit_test(test_pattern_reply),
		cmocka_unit_test(test_is_pattern),
		cmocka_unit_test(test_agg_dump_grouped),
		cmocka_unit_test(test_agg_dump_sum),
		cmocka_unit_test(test_agg_dump_any_order),
		cmocka_unit_test(test_stacks),
		cmocka_unit_test(test_linear_buckets),
		cmocka_unit_test(test_parse_agg_opts),
		cmocka_unit_test(test_parse_agg_opts_tracepoint),
		cmocka_unit_test(test_parse_agg_opts_errors),
		cmocka_unit_test(test_spec_check),
		cmocka_unit_test(test_skipped_text_and_json),
		cmocka_unit_test(test_out_source_agg),
		cmocka_unit_test(test_stack_frames),
	};

	return cmocka_run_group_tests_name("kdbgctl_agg", tests, NULL, NULL);
}
