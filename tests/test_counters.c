// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the /proc counter parsers (user/core/counters.c) and of
 * what `netstat` and `mem` print from two recorded snapshots
 * (user/cmd/netstat.c, mem.c): nstat's names for /proc/net/snmp and
 * netstat pairs, negative values, malformed pairs, /proc/net/dev's 16
 * columns, meminfo and vmstat lines, slabinfo 2.1; the deltas, rates,
 * hidden unchanged counters and --dev of netstat, in text and JSON; the
 * level changes, event rates, per-zone allocation stalls, since-boot line
 * and slab growth of mem.
 */
#include "kdbg_test.h"
#include "counters.h"
#include "mem.h"
#include "netstat.h"

static const char dev0[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:    3267      29    0    0    0     0          0         0     3267      29    0    0    0     0       0          0\n"
	"kdbgva:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n";
static const char dev1[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:    5907      69    0    0    0     0          0         0     5907      69    0    0    0     0       0          0\n"
	"kdbgva:       0       0    0    0    0     0          0         0      600      10    0    5    0     0       0          0\n";

static const char snmp0[] =
	"Ip: Forwarding DefaultTTL InReceives\n"
	"Ip: 1 64 100\n"
	"Icmp: InMsgs OutMsgs OutDestUnreachs\n"
	"Icmp: 0 0 0\n"
	"IcmpMsg: InType3 OutType3\n"
	"IcmpMsg: 0 0\n"
	"Tcp: RtoAlgorithm MaxConn CurrEstab\n"
	"Tcp: 1 -1 3\n"
	"Udp: InDatagrams NoPorts OutDatagrams\n"
	"Udp: 7 0 7\n";
static const char snmp1[] =
	"Ip: Forwarding DefaultTTL InReceives\n"
	"Ip: 1 64 140\n"
	"Icmp: InMsgs OutMsgs OutDestUnreachs\n"
	"Icmp: 20 20 20\n"
	"IcmpMsg: InType3 OutType3\n"
	"IcmpMsg: 20 20\n"
	"Tcp: RtoAlgorithm MaxConn CurrEstab\n"
	"Tcp: 1 -1 1\n"
	"Udp: InDatagrams NoPorts OutDatagrams\n"
	"Udp: 7 20 27\n";
static const char netstat0[] =
	"TcpExt: SyncookiesSent ListenDrops\n"
	"TcpExt: 0 4\n"
	"IpExt: InNoRoutes InOctets\n"
	"IpExt: 0 1000\n";
static const char netstat1[] =
	"TcpExt: SyncookiesSent ListenDrops\n"
	"TcpExt: 0 4\n"
	"IpExt: InNoRoutes InOctets\n"
	"IpExt: 0 2000\n";
static const char snmp6_0[] =
	"Ip6InReceives                   \t1\n"
	"Ip6InHdrErrors                  \t0\n";

static void kc_parse_snmp_names_like_nstat(void **state)
{
	struct kc_set s = { 0 };

	(void)state;
	assert_int_equal(kc_parse_snmp(&s, snmp0), 14);
	assert_int_equal(kc_get(&s, "UdpNoPorts", 99), 0);
	assert_int_equal(kc_get(&s, "IpInReceives", 0), 100);
	assert_int_equal(kc_get(&s, "IcmpMsgOutType3", 99), 0);
	/* Tcp MaxConn is -1: kept as its two's complement */
	assert_int_equal((int64_t)kc_get(&s, "TcpMaxConn", 0), -1);
	assert_null(kc_find(&s, "UdpNope"));
	assert_int_equal(kc_parse_snmp(&s, netstat0), 4);
	assert_int_equal(kc_get(&s, "TcpExtListenDrops", 0), 4);
	assert_int_equal(kc_parse_keyval(&s, snmp6_0), 2);
	assert_int_equal(kc_get(&s, "Ip6InReceives", 0), 1);
	kc_free(&s);
}

static void kc_parse_snmp_bad_pairs(void **state)
{
	struct kc_set s = { 0 };

	(void)state;
	/* the value line is of another protocol */
	assert_int_equal(kc_parse_snmp(&s, "Ip: A B\nUdp: 1 2\n"), -1);
	/* fewer values than names, more values than names */
	assert_int_equal(kc_parse_snmp(&s, "Ip: A B\nIp: 1\n"), -1);
	assert_int_equal(kc_parse_snmp(&s, "Ip: A\nIp: 1 2\n"), -1);
	/* a value that is not a number, a header without values */
	assert_int_equal(kc_parse_snmp(&s, "Ip: A\nIp: x\n"), -1);
	assert_int_equal(kc_parse_snmp(&s, "Ip: A\n"), -1);
	kc_free(&s);
	assert_int_equal(kc_parse_snmp(&s, ""), 0);
	kc_free(&s);
}

static void kc_parse_netdev_columns(void **state)
{
	struct kc_netdevs d = { 0 };
	const struct kc_netdev *v;

	(void)state;
	assert_int_equal(kc_parse_netdev(&d, dev1), 2);
	v = kc_netdev_find(&d, "kdbgva");
	assert_non_null(v);
	assert_int_equal(v->v[KC_TX_BYTES], 600);
	assert_int_equal(v->v[KC_TX_PACKETS], 10);
	assert_int_equal(v->v[KC_TX_DROPPED], 5);
	assert_int_equal(v->v[KC_RX_PACKETS], 0);
	assert_int_equal(kc_netdev_find(&d, "lo")->v[KC_RX_BYTES], 5907);
	assert_null(kc_netdev_find(&d, "eth0"));
	kc_netdevs_free(&d);
	/* a line cut short */
	assert_int_equal(kc_parse_netdev(&d, "  lo: 1 2 3\n  eth0: 1\n"), -1);
	kc_netdevs_free(&d);
}

static void kc_parse_keyval_meminfo_vmstat(void **state)
{
	struct kc_set s = { 0 };

	(void)state;
	assert_int_equal(kc_parse_keyval(&s, "MemTotal:       24683792 kB\n"
					 "HugePages_Total:       0\n"
					 "garbage line\n"
					 "pswpin 12\n"
					 "allocstall_dma 1\nallocstall_normal 2\n"), 5);
	assert_int_equal(kc_get(&s, "MemTotal", 0), 24683792);
	assert_int_equal(kc_get(&s, "HugePages_Total", 9), 0);
	assert_int_equal(kc_get(&s, "pswpin", 0), 12);
	assert_int_equal(kc_sum_prefix(&s, "allocstall_"), 3);
	assert_int_equal(kc_get(&s, "garbage", 77), 77);
	kc_free(&s);
}

static const char slab0[] =
	"slabinfo - version: 2.1\n"
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
	"radix_tree_node     1000   1008    576   28    4 : tunables    0    0    0 : slabdata     36     36      0\n"
	"kmalloc-64          2000   2048     64   64    1 : tunables    0    0    0 : slabdata     32     32      0\n"
	"dentry               500    504    192   21    1 : tunables    0    0    0 : slabdata     24     24      0\n";
static const char slab1[] =
	"slabinfo - version: 2.1\n"
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
	"radix_tree_node     1260   1260    576   28    4 : tunables    0    0    0 : slabdata     45     45      0\n"
	"kmalloc-64          2100   2112     64   64    1 : tunables    0    0    0 : slabdata     33     33      0\n"
	"dentry               400    504    192   21    1 : tunables    0    0    0 : slabdata     24     24      0\n"
	"shmem_inode_cache     22     22    720   22    4 : tunables    0    0    0 : slabdata      1      1      0\n";

static void kc_parse_slabinfo_v21(void **state)
{
	struct kc_slabs s = { 0 };
	const struct kc_slab *c;

	(void)state;
	assert_int_equal(kc_parse_slabinfo(&s, slab0), 3);
	c = kc_slab_find(&s, "radix_tree_node");
	assert_non_null(c);
	assert_int_equal(c->active_objs, 1000);
	assert_int_equal(c->num_objs, 1008);
	assert_int_equal(c->objsize, 576);
	assert_int_equal(c->pages_per_slab, 4);
	assert_int_equal(c->num_slabs, 36);
	kc_slabs_free(&s);
	assert_int_equal(kc_parse_slabinfo(&s, "slabinfo - version: 1.1\n"), -1);
	kc_slabs_free(&s);
}

static void kc_read_file_whole(void **state)
{
	char path[] = "/tmp/kdbg-counters-XXXXXX", *t;
	char big[40000];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	memset(big, 'x', sizeof(big));
	assert_int_equal(write(fd, big, sizeof(big)), sizeof(big));
	close(fd);
	t = kc_read_file(path);
	assert_non_null(t);
	assert_int_equal(strlen(t), sizeof(big));
	free(t);
	unlink(path);
	assert_null(kc_read_file("/nonexistent/kdbg"));
	assert_int_equal(errno, ENOENT);
}

static void snaps(struct netstat_snap *a, struct netstat_snap *b)
{
	const char *bad;

	assert_int_equal(netstat_parse(a, dev0, snmp0, netstat0, snmp6_0, &bad), 0);
	assert_int_equal(netstat_parse(b, dev1, snmp1, netstat1, NULL, &bad), 0);
	assert_null(bad);
}

static void netstat_print_deltas_text(void **state)
{
	struct netstat_snap a, b;
	struct netstat_print_opts o = { .secs = 2 };
	const char *t;

	(void)state;
	snaps(&a, &b);
	cap_begin(false, false);
	assert_int_equal(netstat_print(&a, &b, &o), 0);
	t = cap_end();
	assert_string_equal(t,
		"lo:\n"
		"    RX:      bytes  packets   errors  dropped     fifo    frame    mcast\n"
		"              2640       40        0        0        0        0        0\n"
		"    TX:      bytes  packets   errors  dropped     fifo  collsns  carrier\n"
		"              2640       40        0        0        0        0        0\n"
		"kdbgva:\n"
		"    RX:      bytes  packets   errors  dropped     fifo    frame    mcast\n"
		"                 0        0        0        0        0        0        0\n"
		"    TX:      bytes  packets   errors  dropped     fifo  collsns  carrier\n"
		"               600       10        0        5        0        0        0\n"
		"#kernel\n"
		"IpInReceives                    40                20.0\n"
		"IcmpInMsgs                      20                10.0\n"
		"IcmpOutMsgs                     20                10.0\n"
		"IcmpOutDestUnreachs             20                10.0\n"
		"IcmpMsgInType3                  20                10.0\n"
		"IcmpMsgOutType3                 20                10.0\n"
		"TcpCurrEstab                    -2                -1.0\n"
		"UdpNoPorts                      20                10.0\n"
		"UdpOutDatagrams                 20                10.0\n"
		"IpExtInOctets                   1000             500.0\n");
	netstat_snap_free(&a);
	netstat_snap_free(&b);
}

static void netstat_print_dev_json_zeros(void **state)
{
	struct netstat_snap a, b;
	struct netstat_print_opts o = { .secs = 0.5, .dev = "kdbgva",
					.zeros = true };
	const char *t;

	(void)state;
	snaps(&a, &b);
	cap_begin(true, false);
	assert_int_equal(netstat_print(&a, &b, &o), 0);
	t = cap_end();
	/* only kdbgva; every counter, the unchanged ones too */
	assert_non_null(strstr(t, "{\"interval-s\":0.5,\"interfaces\":[{\"name\":\"kdbgva\",\"rx-bytes\":0,"));
	assert_non_null(strstr(t, "\"tx-bytes\":600,\"tx-packets\":10,\"tx-errors\":0,\"tx-dropped\":5,"));
	assert_null(strstr(t, "\"lo\""));
	assert_non_null(strstr(t, "{\"name\":\"UdpNoPorts\",\"value\":20,\"rate\":40}"));
	assert_non_null(strstr(t, "{\"name\":\"IpDefaultTTL\",\"value\":0,\"rate\":0}"));
	/* Ip6 was in the first snapshot only: not printed */
	assert_null(strstr(t, "Ip6InReceives"));
	assert_int_equal(t[strlen(t) - 1], '\n');
	o.dev = "eth9";
	cap_begin(true, false);
	assert_int_equal(netstat_print(&a, &b, &o), -1);
	cap_end();
	netstat_snap_free(&a);
	netstat_snap_free(&b);
}

static void netstat_print_since_boot(void **state)
{
	struct netstat_snap a, b;
	struct netstat_print_opts o = { .dev = "lo" };
	const char *t;

	(void)state;
	snaps(&a, &b);
	cap_begin(true, false);
	assert_int_equal(netstat_print(NULL, &a, &o), 0);
	t = cap_end();
	assert_null(strstr(t, "interval-s"));
	assert_non_null(strstr(t, "\"rx-bytes\":3267,\"rx-packets\":29,"));
	assert_non_null(strstr(t, "{\"name\":\"TcpMaxConn\",\"value\":-1,\"rate\":0}"));
	assert_non_null(strstr(t, "{\"name\":\"Ip6InReceives\",\"value\":1,\"rate\":0}"));
	netstat_snap_free(&a);
	netstat_snap_free(&b);
}

static const char mi0[] =
	"MemTotal:        2000000 kB\nMemFree:         1500000 kB\n"
	"MemAvailable:    1800000 kB\nCached:           100000 kB\n"
	"Shmem:             10000 kB\nAnonPages:         50000 kB\n"
	"SReclaimable:      20000 kB\nSUnreclaim:        30000 kB\n"
	"SwapTotal:       1048576 kB\nSwapFree:        1048576 kB\n"
	"Dirty:                12 kB\nWriteback:             0 kB\n";
static const char mi1[] =
	"MemTotal:        2000000 kB\nMemFree:         1434000 kB\n"
	"MemAvailable:    1734464 kB\nCached:           165536 kB\n"
	"Shmem:             75536 kB\nAnonPages:         50000 kB\n"
	"SReclaimable:      20200 kB\nSUnreclaim:        30000 kB\n"
	"SwapTotal:       1048576 kB\nSwapFree:        1044480 kB\n"
	"Dirty:                12 kB\nWriteback:             0 kB\n";
static const char vm0[] =
	"pgmajfault 10\npswpin 0\npswpout 0\npgscan_kswapd 100\n"
	"pgscan_direct 0\npgsteal_kswapd 90\npgsteal_direct 0\n"
	"compact_stall 0\ncompact_fail 0\ncompact_success 0\n"
	"allocstall_dma 0\nallocstall_dma32 0\nallocstall_normal 0\n"
	"allocstall_movable 0\noom_kill 0\n";
static const char vm1[] =
	"pgmajfault 14\npswpin 0\npswpout 1024\npgscan_kswapd 4196\n"
	"pgscan_direct 512\npgsteal_kswapd 3162\npgsteal_direct 500\n"
	"compact_stall 3\ncompact_fail 1\ncompact_success 2\n"
	"allocstall_dma 0\nallocstall_dma32 2\nallocstall_normal 6\n"
	"allocstall_movable 0\noom_kill 1\n";

static void mem_snaps(struct mem_snap *a, struct mem_snap *b)
{
	const char *bad;

	assert_int_equal(mem_parse(a, mi0, vm0, slab0, &bad), 0);
	assert_int_equal(mem_parse(b, mi1, vm1, slab1, &bad), 0);
	assert_null(bad);
}

static void mem_print_interval_text(void **state)
{
	struct mem_snap a, b;
	struct mem_print_opts o = { .secs = 2, .top = 2, .header = true };
	const char *t;

	(void)state;
	mem_snaps(&a, &b);
	cap_begin(false, false);
	mem_print(&a, &b, &o);
	t = cap_end();
	assert_string_equal(t,
		"--------------------- memory (MiB) --------------------- --------------------------------------- events/s ---------------------------------------\n"
		"   avail    free   shmem    anon slabrec slabunr    swap       si      so   kscan   dscan  ksteal  dsteal  cstall   cfail  astall  majflt     oom\n"
		"    1693    1400      73      48      19      29       4        0     512    2048     256    1536     250     1.5     0.5     4.0     2.0     0.5\n"
		"  slab growth: radix_tree_node +260 (+147 KiB), shmem_inode_cache +22 (+16 KiB)\n");
	mem_snap_free(&a);
	mem_snap_free(&b);
}

static void mem_print_interval_json(void **state)
{
	struct mem_snap a, b;
	struct mem_print_opts o = { .secs = 2, .top = 5 };
	const char *t;

	(void)state;
	mem_snaps(&a, &b);
	cap_begin(true, false);
	mem_print(&a, &b, &o);
	t = cap_end();
	assert_non_null(strstr(t, "{\"interval-s\":2,\"since-boot\":false,\"mem-total\":{\"kb\":2000000,\"change-kb\":0},\"mem-available\":{\"kb\":1734464,\"change-kb\":-65536},"));
	assert_non_null(strstr(t, "\"shmem\":{\"kb\":75536,\"change-kb\":65536}"));
	assert_non_null(strstr(t, "\"swap-used\":{\"kb\":4096,\"change-kb\":4096}"));
	assert_non_null(strstr(t, "\"swap-out\":{\"count\":1024,\"rate\":512}"));
	assert_non_null(strstr(t, "\"alloc-stall\":{\"count\":8,\"rate\":4}"));
	assert_non_null(strstr(t, "\"compact-success\":{\"count\":2,\"rate\":1}"));
	/* growth by bytes; dentry shrank; a new cache grew from nothing */
	assert_non_null(strstr(t, "\"slab-growth\":[{\"name\":\"radix_tree_node\",\"objs-change\":260,\"obj-size\":576,\"change-kb\":147},{\"name\":\"shmem_inode_cache\",\"objs-change\":22,\"obj-size\":720,\"change-kb\":16},{\"name\":\"kmalloc-64\",\"objs-change\":100,\"obj-size\":64,\"change-kb\":7}]}"));
	assert_null(strstr(t, "dentry"));
	mem_snap_free(&a);
	mem_snap_free(&b);
}

static void mem_print_since_boot(void **state)
{
	struct mem_snap a = { 0 };
	struct mem_print_opts o = { .secs = 1000, .top = 5 };
	const char *t, *bad;

	(void)state;
	assert_int_equal(mem_parse(&a, mi1, vm1, NULL, &bad), 0);
	cap_begin(true, false);
	mem_print(NULL, &a, &o);
	t = cap_end();
	assert_non_null(strstr(t, "\"since-boot\":true,"));
	assert_null(strstr(t, "change-kb"));
	assert_null(strstr(t, "slab-growth"));
	assert_non_null(strstr(t, "\"scan-kswapd\":{\"count\":4196,\"rate\":4.196}"));
	mem_snap_free(&a);
	/* a file that is not meminfo */
	assert_int_equal(mem_parse(&a, "nothing here\n", vm1, NULL, &bad), -1);
	assert_string_equal(bad, "/proc/meminfo");
	mem_snap_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kc_parse_snmp_names_like_nstat),
		cmocka_unit_test(kc_parse_snmp_bad_pairs),
		cmocka_unit_test(kc_parse_netdev_columns),
		cmocka_unit_test(kc_parse_keyval_meminfo_vmstat),
		cmocka_unit_test(kc_parse_slabinfo_v21),
		cmocka_unit_test(kc_read_file_whole),
		cmocka_unit_test(netstat_print_deltas_text),
		cmocka_unit_test(netstat_print_dev_json_zeros),
		cmocka_unit_test(netstat_print_since_boot),
		cmocka_unit_test(mem_print_interval_text),
		cmocka_unit_test(mem_print_interval_json),
		cmocka_unit_test(mem_print_since_boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
