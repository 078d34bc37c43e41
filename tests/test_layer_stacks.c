// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the layer tools that key by stack or by composite keys
 * (user/cmd/offcpu.c, lock.c, drops.c, tcpretrans.c, layer.c), on reads
 * parsed from AGG_GET and STACK_GET messages built with libmnl as the
 * module sends them: offcpu's blocks and folded lines, lock's tables by
 * caller and by lock with static locks named from kallsyms's variables,
 * drops's reason names parsed from a kfree_skb format as the running
 * kernel prints it, tcpretrans's flows from their two key words.
 */
#include "kdbg_test.h"
#include "agg_msgs.h"
#include "layer_stacks.h"
#include "symbols.h"

#include <sys/socket.h>
#include <unistd.h>

static char buf[16384] __attribute__((aligned(8)));
static char kpath[] = "/tmp/kdbg-test-layer-stacks-XXXXXX";
static struct ksyms *ks;

static const char kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81100000 T entry_SYSCALL_64\n"
	"ffffffff81200000 T do_nanosleep\n"
	"ffffffff81300000 T schedule\n"
	"ffffffff81400000 T __mutex_lock\n"
	"ffffffff81500000 T ext4_write\n"
	"ffffffff81600000 T __udp4_lib_rcv\n"
	"ffffffff81700000 T _etext\n"
	"ffffffff82000000 D tasklist_lock\n"
	"ffffffff82000040 D next_var\n"
	"ffffffffc0000000 t kdbg_lockme_waiter\t[kdbg_lockme]\n"
	"ffffffffc0002000 d kdbg_lockme_mutex\t[kdbg_lockme]\n";

static int setup(void **state)
{
	(void)state;
	ks = test_ksyms_from_text(kpath, kallsyms);
	return ks ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ksyms_free(ks);
	unlink(kpath);
	return 0;
}

/* An AGG_GET entry of source 5 with ARG, RETVAL, STACK, PID, COMM keys. */
struct ls_entry {
	uint64_t arg, retval;
	bool has_arg, has_retval;
	uint32_t stack_id, pid;
	const char *comm;
	uint64_t count, sum, max;
};

static struct nlmsghdr *ls_msg(const struct ls_entry *e)
{
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_AGG_GET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 5);
	nest = mnl_attr_nest_start(nlh, KDBG_A_AGG_ENTRY);
	if (e->stack_id)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_E_STACK_ID, e->stack_id);
	if (e->comm)
		mnl_attr_put_strz(nlh, KDBG_A_AGG_E_COMM, e->comm);
	if (e->pid)
		mnl_attr_put_u32(nlh, KDBG_A_AGG_E_PID, e->pid);
	if (e->has_arg)
		put_u64(nlh, KDBG_A_AGG_E_ARG, e->arg, KDBG_A_AGG_E_PAD);
	if (e->has_retval)
		put_u64(nlh, KDBG_A_AGG_E_RETVAL, e->retval, KDBG_A_AGG_E_PAD);
	put_u64(nlh, KDBG_A_AGG_E_COUNT, e->count, KDBG_A_AGG_E_PAD);
	if (e->sum) {
		put_u64(nlh, KDBG_A_AGG_E_SUM, e->sum, KDBG_A_AGG_E_PAD);
		put_u64(nlh, KDBG_A_AGG_E_VALUE_MIN, 1, KDBG_A_AGG_E_PAD);
		put_u64(nlh, KDBG_A_AGG_E_VALUE_MAX, e->max, KDBG_A_AGG_E_PAD);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void dump_of(struct kdbg_agg_dump *d, const struct ls_entry *e,
		    unsigned int n, const char *target)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++)
		assert_int_equal(kdbg_agg_dump_parse(d, ls_msg(&e[i])), 0);
	assert_int_equal(kdbg_agg_dump_parse(d, close_msg(buf, 5, target, 0, 0)),
			 0);
}

/* Stack 1: a nanosleep; stack 2: a contended mutex, innermost first. */
static void stacks_of(struct layer_stacks *st)
{
	static const uint64_t s1[] = {
		0xffffffff81300010, 0xffffffff81200020, 0xffffffff81100030,
	};
	static const uint64_t s2[] = {
		0xffffffff81400010, 0xffffffffc0000040, 0xffffffff81100030,
	};

	memset(st, 0, sizeof(*st));
	st->ks = ks;
	assert_int_equal(kdbg_stacks_parse(&st->m, stack_msg(buf, 1, s1, 3)), 0);
	assert_int_equal(kdbg_stacks_parse(&st->m, stack_msg(buf, 2, s2, 3)), 0);
	kdbg_stacks_sort(&st->m);
}

static void test_offcpu_text(void **state)
{
	const struct ls_entry e[] = {
		{ .stack_id = 1, .pid = 42, .comm = "python3", .count = 5,
		  .sum = 1000123456, .max = 201000000 },
		{ .stack_id = 2, .pid = 7, .comm = "kworker", .count = 1,
		  .sum = 3000, .max = 3000 },
	};
	struct offcpu_opts o;
	struct trace t = { .cmd = "offcpu" };
	struct kdbg_agg_dump d;

	(void)state;
	memset(&o, 0, sizeof(o));
	stacks_of(&o.st);
	dump_of(&d, e, 2, "offcpu");
	cap_begin(false, false);
	assert_int_equal(offcpu_print(&t, &d, &o), 0);
	/* BCC's blocks, least time first; frames innermost first. */
	assert_string_equal(cap_end(),
		"    __mutex_lock\n"
		"    kdbg_lockme_waiter\n"
		"    entry_SYSCALL_64\n"
		"    -                kworker (7)\n"
		"        3\n\n"
		"    schedule\n"
		"    do_nanosleep\n"
		"    entry_SYSCALL_64\n"
		"    -                python3 (42)\n"
		"        1000123\n\n");
	cap_begin(true, false);
	assert_int_equal(offcpu_print(&t, &d, &o), 0);
	assert_non_null(strstr(cap_end(),
		"{\"frames\":[\"schedule\",\"do_nanosleep\",\"entry_SYSCALL_64\"],\"comm\":\"python3\",\"pid\":42,\"count\":5,\"total-us\":1000123,\"max-us\":201000}"));
	kdbg_agg_dump_free(&d);
	kdbg_stacks_free(&o.st.m);
}

static void test_offcpu_folded(void **state)
{
	const struct ls_entry e[] = {
		{ .stack_id = 1, .pid = 42, .comm = "python3", .count = 2,
		  .sum = 400000000, .max = 200000000 },
		{ .stack_id = 1, .pid = 43, .comm = "python3", .count = 1,
		  .sum = 100000000, .max = 100000000 },
		{ .stack_id = 2, .pid = 7, .comm = "kworker", .count = 1,
		  .sum = 999, .max = 999 },	/* under 1 us: no line */
	};
	struct offcpu_opts o;
	struct trace t = { .cmd = "offcpu" };
	struct kdbg_agg_dump d;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.folded = true;
	stacks_of(&o.st);
	dump_of(&d, e, 3, "offcpu");
	cap_begin(false, false);
	assert_int_equal(offcpu_print(&t, &d, &o), 0);
	/* Threads of one comm and stack merge into one line. */
	assert_string_equal(cap_end(),
		"python3;entry_SYSCALL_64;do_nanosleep;schedule 500000\n");
	kdbg_agg_dump_free(&d);
	kdbg_stacks_free(&o.st.m);
}

#define LOCK_KEY(flags, addr)	((uint64_t)(flags) << 48 | ((addr) & ((1ULL << 48) - 1)))

static void test_lock_tables(void **state)
{
	const struct ls_entry e[] = {
		/* kdbg_lockme_mutex, a mutex, from the waiter: two stacks. */
		{ .has_arg = true, .arg = LOCK_KEY(32, 0xffffffffc0002000),
		  .stack_id = 2, .count = 15, .sum = 30000000, .max = 4000000 },
		{ .has_arg = true, .arg = LOCK_KEY(33, 0xffffffffc0002000),
		  .stack_id = 2, .count = 5, .sum = 1000000, .max = 500000 },
		/* A heap spinlock, and tasklist_lock read-locked. */
		{ .has_arg = true, .arg = LOCK_KEY(1, 0xffff888001234560),
		  .stack_id = 1, .count = 3, .sum = 900, .max = 500 },
		{ .has_arg = true, .arg = LOCK_KEY(3, 0xffffffff82000000),
		  .stack_id = 1, .count = 1, .sum = 2500000000ULL,
		  .max = 2500000000ULL },
	};
	struct lock_opts o;
	struct trace t = { .cmd = "lock" };
	struct kdbg_agg_dump d;

	(void)state;
	memset(&o, 0, sizeof(o));
	stacks_of(&o.st);
	assert_int_equal(lock_dsyms_load(&o.ds, kpath), 0);
	dump_of(&d, e, 4, "lock");
	cap_begin(false, false);
	assert_int_equal(lock_print(&t, &d, &o), 0);
	assert_string_equal(cap_end(),
		" contended   total wait     max wait     avg wait         type   caller\n\n"
		"         4       2.50 s       2.50 s    625.00 ms     spinlock   do_nanosleep\n"
		"        20     31.00 ms      4.00 ms      1.55 ms        mutex   kdbg_lockme_waiter\n"
		"\n contended   total wait     max wait     avg wait         type   address            symbol\n\n"
		"         1       2.50 s       2.50 s       2.50 s     rwlock:R   ffffffff82000000   tasklist_lock\n"
		"        20     31.00 ms      4.00 ms      1.55 ms        mutex   ffffffffc0002000   kdbg_lockme_mutex [kdbg_lockme]\n"
		"         3       900 ns       500 ns       300 ns     spinlock   ffff888001234560   \n");
	kdbg_agg_dump_free(&d);
	kdbg_stacks_free(&o.st.m);
	lock_dsyms_free(&o.ds);
}

static void test_lock_names(void **state)
{
	struct lock_dsyms ds;
	char b[256];

	(void)state;
	assert_int_equal(lock_dsyms_load(&ds, kpath), 0);
	assert_string_equal(lock_dsym_name(&ds, 0xffffffff82000008, b, sizeof(b)),
			    "tasklist_lock+0x8");
	assert_string_equal(lock_dsym_name(&ds, 0xffffffff82000040, b, sizeof(b)),
			    "next_var");
	/* A page past the last variable, a function, the heap: no name. */
	assert_null(lock_dsym_name(&ds, 0xffffffff82001040, b, sizeof(b)));
	assert_null(lock_dsym_name(&ds, 0xffffffff81200000, b, sizeof(b)));
	assert_null(lock_dsym_name(&ds, 0xffff888001234560, b, sizeof(b)));
	lock_dsyms_free(&ds);
	assert_int_equal(lock_dsyms_load(&ds, "/nonexistent"), -ENOENT);

	assert_string_equal(lock_type_name(32), "mutex");
	assert_string_equal(lock_type_name(33), "mutex");
	assert_string_equal(lock_type_name(1 | 4), "rwlock:W");
	assert_string_equal(lock_type_name(0), "semaphore");
	assert_string_equal(lock_type_name(64), "unknown");
	assert_true(lock_frame_is_locking("__mutex_lock.constprop.0"));
	assert_true(lock_frame_is_locking("_raw_spin_lock_irqsave"));
	assert_true(lock_frame_is_locking("trace_contention_begin"));
	assert_false(lock_frame_is_locking("kdbg_lockme_waiter"));
	assert_int_equal(layer_key_addr(LOCK_KEY(32, 0xffffffffc0002000)),
			 0xffffffffc0002000);
	lock_fmt_time(999, b, sizeof(b));
	assert_string_equal(b, "999 ns");
	lock_fmt_time(1500, b, sizeof(b));
	assert_string_equal(b, "1.50 us");
}

/* The reasons of a 6.1 kfree_skb format, cut short, as tracefs prints. */
static const char kfree_skb_format[] =
	"name: kfree_skb\nID: 1401\nformat:\n"
	"\tfield:void * location;\toffset:16;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"skbaddr=%p protocol=%u location=%p reason: %s\", "
	"REC->skbaddr, REC->protocol, REC->location, "
	"__print_symbolic(REC->reason, { 1, \"NOT_SPECIFIED\" }, "
	"{ 2, \"NO_SOCKET\" }, { 3, \"PKT_TOO_SMALL\" }, "
	"{ 68, \"MAX\" })\n";

static void test_drops_reasons(void **state)
{
	struct drops_reasons r;
	char b[16];

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(drops_reasons_parse(&r, kfree_skb_format), 0);
	assert_int_equal(r.nr, 4);
	assert_string_equal(drops_reason_name(&r, 2, b, sizeof(b)), "NO_SOCKET");
	assert_string_equal(drops_reason_name(&r, 68, b, sizeof(b)), "MAX");
	/* One the kernel did not name prints as its number. */
	assert_string_equal(drops_reason_name(&r, 5, b, sizeof(b)), "5");
	drops_reasons_free(&r);
}

static void test_drops_print(void **state)
{
	const uint64_t loc = 0xffffffff816009a2;
	const struct ls_entry e[] = {
		{ .has_arg = true, .arg = 2ULL << 48 | (loc & ((1ULL << 48) - 1)),
		  .count = 7 },
		{ .has_arg = true, .arg = 1ULL << 48 | 0x81100030, .count = 2 },
	};
	struct drops_opts o;
	struct trace t = { .cmd = "drops" };
	struct kdbg_agg_dump d;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.st.ks = ks;
	assert_int_equal(drops_reasons_parse(&o.reasons, kfree_skb_format), 0);
	dump_of(&d, e, 2, "drops");
	cap_begin(false, false);
	assert_int_equal(drops_print(&t, &d, &o), 0);
	assert_string_equal(cap_end(),
		"   DROPS  REASON                   LOCATION\n"
		"       7  NO_SOCKET                __udp4_lib_rcv+0x9a2\n"
		"       2  NOT_SPECIFIED            0xffff000081100030\n"
		"\n   DROPS  REASON\n"
		"       7  NO_SOCKET\n"
		"       2  NOT_SPECIFIED\n");
	kdbg_agg_dump_free(&d);
	drops_reasons_free(&o.reasons);
}

#define PORTS(fam, st, lp, rp)	((uint64_t)(fam) << 56 | (uint64_t)(st) << 48 | (uint64_t)(lp) << 16 | (rp))

static void test_tcpretrans(void **state)
{
	const struct ls_entry e[] = {
		{ .has_arg = true, .arg = 0x7f000001ULL << 32 | 0x7f000001,
		  .has_retval = true, .retval = PORTS(AF_INET, 2, 55142, 49279),
		  .count = 2 },
		{ .has_arg = true, .arg = 0x0a000001ULL << 32 | 0xc0000202,
		  .has_retval = true, .retval = PORTS(AF_INET, 1, 22, 5000),
		  .count = 1 },
	};
	struct tcpretrans_opts o = { .count = true };
	struct trace t = { .cmd = "tcpretrans" };
	struct tcpretrans_flow f;
	struct kdbg_agg_dump d;

	(void)state;
	dump_of(&d, e, 2, "tcpretrans");
	cap_begin(false, false);
	assert_int_equal(tcpretrans_print(&t, &d, &o), 0);
	assert_string_equal(cap_end(),
		"LADDR:LPORT                   RADDR:RPORT               RETRANSMITS\n"
		"10.0.0.1:22               <-> 192.0.2.2:5000                     1\n"
		"127.0.0.1:55142           <-> 127.0.0.1:49279                    2\n");
	cap_begin(true, false);
	assert_int_equal(tcpretrans_print(&t, &d, &o), 0);
	assert_non_null(strstr(cap_end(),
		"{\"ip\":4,\"laddr\":\"127.0.0.1\",\"lport\":55142,\"raddr\":\"127.0.0.1\",\"rport\":49279,\"state\":\"SYN_SENT\",\"retransmits\":2}"));
	kdbg_agg_dump_free(&d);

	tcpretrans_flow(0x20010db8000000ffULL, PORTS(AF_INET6, 1, 443, 9), &f);
	assert_string_equal(f.raddr, "?:2001:db8:0:ff");
	assert_int_equal(f.lport, 443);
	assert_string_equal(tcpretrans_state_name(12), "NEW_SYN_RECV");
	assert_string_equal(tcpretrans_state_name(13), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offcpu_text),
		cmocka_unit_test(test_offcpu_folded),
		cmocka_unit_test(test_lock_tables),
		cmocka_unit_test(test_lock_names),
		cmocka_unit_test(test_drops_reasons),
		cmocka_unit_test(test_drops_print),
		cmocka_unit_test(test_tcpretrans),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
