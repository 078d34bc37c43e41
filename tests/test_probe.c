// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of the argument handling of user/probe.c, tracepoint.c and
 * ring.c, which must all settle before any netlink traffic: an id or a
 * target for del, SUBSYS:NAME checks, ring sizes with units, and the
 * usage errors (exit 2) with their messages. Requests that pass reach
 * kdbg_nl_open(), which fails without the module: exit 1.
 */
#include "kdbg_test.h"
#include "nl.h"

#include <unistd.h>

static void test_parse_source_ref(void **state)
{
	struct kdbg_source_req req = { 0 };
	uint32_t id;

	(void)state;
	assert_int_equal(kdbg_parse_source_ref("42", &id, &req), 0);
	assert_int_equal(id, 42);
	assert_null(req.target);
	assert_int_equal(kdbg_parse_source_ref("tcp_v4_connect", &id, &req), 0);
	assert_int_equal(id, 0);
	assert_string_equal(req.target, "tcp_v4_connect");
	assert_int_equal(kdbg_parse_source_ref("9p:p9_*", &id, &req), 0);
	assert_int_equal(id, 0);
	assert_string_equal(req.target, "9p:p9_*");
	assert_int_equal(kdbg_parse_source_ref("0", &id, &req), -1);
	assert_int_equal(kdbg_parse_source_ref("12x", &id, &req), -1);
	assert_int_equal(kdbg_parse_source_ref("99999999999", &id, &req), -1);
	assert_int_equal(kdbg_parse_source_ref("", &id, &req), -1);
}

static int run(int (*cmd)(int, char **), const char *a0, const char *a1,
	       const char *a2, const char *a3)
{
	char *argv[] = { (char *)a0, (char *)a1, (char *)a2, (char *)a3, NULL };
	int argc = 0;

	while (argc < 4 && argv[argc])
		argc++;
	reset_err();
	return cmd(argc, argv);
}

static bool module_loaded(void)
{
	return !access("/sys/module/kdbgmod", F_OK);
}

static void test_tracepoint_names(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_tracepoint, "add", "sched", NULL, NULL), 2);
	assert_string_equal(last_err,
			    "tracepoint add: 'sched' is not SUBSYS:NAME");
	assert_int_equal(run(cmd_tracepoint, "add", "sched:", NULL, NULL), 2);
	assert_int_equal(run(cmd_tracepoint, "add", "a:b:c", NULL, NULL), 2);
	assert_int_equal(run(cmd_tracepoint, "del", "sched", NULL, NULL), 2);
	assert_string_equal(last_err,
			    "tracepoint del: 'sched' is neither an id nor SUBSYS:NAME");
	if (module_loaded())
		return;
	/* well-formed: they get as far as the netlink socket */
	assert_int_equal(run(cmd_tracepoint, "add", "sched:sched_switch",
			     "--pid", "1"), 1);
	assert_int_equal(run(cmd_tracepoint, "add", ":event_less", NULL, NULL),
			 1);
	assert_int_equal(run(cmd_tracepoint, "del", "7", NULL, NULL), 1);
}

static void test_probe_args(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_probe, "add", "--ret", NULL, NULL), 2);
	assert_string_equal(last_err,
			    "probe add: missing SYMBOL (see: kdbgctl probe help)");
	assert_int_equal(run(cmd_probe, "add", "f", "--tgid", "0"), 2);
	assert_string_equal(last_err, "probe add: --tgid '0': not a process id");
	assert_int_equal(run(cmd_probe, "del", "1", "2", NULL), 2);
	assert_int_equal(run(cmd_probe, "list", "x", NULL, NULL), 2);
	assert_int_equal(run(cmd_probe, "he", NULL, NULL, NULL), 0);
	if (module_loaded())
		return;
	assert_int_equal(run(cmd_probe, "add", "mod:fn+0x10", "--ret", NULL), 1);
	assert_string_equal(last_err,
		"the kdbg kernel module is not loaded (load it with: insmod kdbgmod.ko, or modprobe kdbgmod)");
	assert_int_equal(run(cmd_probe, NULL, NULL, NULL, NULL), 1);
}

static void test_ring_args(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_ring, "set", "size", NULL, NULL), 2);
	assert_string_equal(last_err, "ring set: 'size' needs a value");
	assert_int_equal(run(cmd_ring, "set", "size", "5000000000", NULL), 2);
	assert_int_equal(run(cmd_ring, "set", "mode", "Drop", NULL), 2);
	assert_int_equal(run(cmd_ring, "show", "now", NULL, NULL), 2);
	assert_string_equal(last_err, "ring show: unexpected argument 'now'");
	if (module_loaded())
		return;
	/* "s" prefixes size; "m" mode */
	assert_int_equal(run(cmd_ring, "set", "s", "64k", NULL), 1);
	assert_int_equal(run(cmd_ring, "set", "m", "overwrite", NULL), 1);
	assert_int_equal(run(cmd_ring, NULL, NULL, NULL, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_source_ref),
		cmocka_unit_test(test_tracepoint_names),
		cmocka_unit_test(test_probe_args),
		cmocka_unit_test(test_ring_args),
	};

	return cmocka_run_group_tests_name("kdbgctl_probe", tests, NULL, NULL);
}
