// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of user/nl.c: the decoding of NLMSG_ERROR and its extack
 * (capped and uncapped), attribute indexing that skips attributes from
 * newer kernels, the request builders, and the send/receive loop against
 * the host kernel's real genl controller: a dump, a failed request, and
 * the "module not loaded" report when the kdbg family is absent.
 */
#include "kdbg_test.h"
#include "nl.h"

#include <linux/netlink.h>

static char buf[8192] __attribute__((aligned(8)));

static struct nlmsghdr *put_error(int error, bool capped, const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = (capped ? NLM_F_CAPPED : 0) |
			   (msg ? NLM_F_ACK_TLVS : 0);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_type = 0x20;
	e->msg.nlmsg_len = capped ? 64 : sizeof(struct nlmsghdr) + 12;
	if (!capped) {
		/* the original request's payload echoed back */
		char *p = mnl_nlmsg_put_extra_header(nlh, 12);

		memset(p, 0xab, 12);
	}
	if (msg) {
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	return nlh;
}

static void test_parse_error_capped_extack(void **state)
{
	char msg[KDBG_NL_EXTACK_LEN];

	(void)state;
	assert_int_equal(kdbg_nl_parse_error(put_error(-ENOENT, true,
						       "unknown symbol"),
					     msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "unknown symbol");
}

static void test_parse_error_uncapped_extack(void **state)
{
	char msg[KDBG_NL_EXTACK_LEN];

	(void)state;
	assert_int_equal(kdbg_nl_parse_error(put_error(-EEXIST, false,
						       "already attached"),
					     msg, sizeof(msg)), -EEXIST);
	assert_string_equal(msg, "already attached");
}

static void test_parse_error_plain_and_ack(void **state)
{
	char msg[KDBG_NL_EXTACK_LEN] = "stale";

	(void)state;
	assert_int_equal(kdbg_nl_parse_error(put_error(-EPERM, true, NULL),
					     msg, sizeof(msg)), -EPERM);
	assert_string_equal(msg, "");
	assert_int_equal(kdbg_nl_parse_error(put_error(0, true, NULL), msg,
					     sizeof(msg)), 0);
}

static void test_parse_error_truncated(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	char msg[8];

	(void)state;
	nlh->nlmsg_type = NLMSG_ERROR;
	assert_int_equal(kdbg_nl_parse_error(nlh, msg, sizeof(msg)), -EBADMSG);
	/* an uncapped error whose echoed length overruns the message */
	nlh = put_error(-EINVAL, false, "x");
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 4000;
	assert_int_equal(kdbg_nl_parse_error(nlh, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "");
}

/* A failed pattern add's numbers, from its cookie's attributes. */
static void test_cookie_text(void **state)
{
	struct kdbg_nl nl = { 0 };
	struct nlattr *a = (struct nlattr *)nl.cookie;
	uint32_t v[2] = { 1500, 1024 };
	char text[128];

	(void)state;
	kdbg_nl_cookie_text(&nl, text, sizeof(text));
	assert_string_equal(text, "");
	a[0].nla_len = 8;
	a[0].nla_type = KDBG_A_SOURCE_MATCHED;
	memcpy(&a[1], &v[0], 4);
	nl.cookie_len = 8;
	kdbg_nl_cookie_text(&nl, text, sizeof(text));
	assert_string_equal(text, " (1500 matched)");
	a[2].nla_len = 8;
	a[2].nla_type = KDBG_A_SOURCE_MAX_MATCHES;
	memcpy(&a[3], &v[1], 4);
	nl.cookie_len = 16;
	kdbg_nl_cookie_text(&nl, text, sizeof(text));
	assert_string_equal(text,
		" (1500 match, the cap is 1024; --max-matches sets it, up to 1024)");
	/* A malformed cookie says nothing rather than something wrong. */
	a[2].nla_len = 40;
	kdbg_nl_cookie_text(&nl, text, sizeof(text));
	assert_string_equal(text, "");
}

static void test_parse_skips_unknown_attributes(void **state)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_GET);
	uint64_t addr = 0xffffffffc0001234ULL;

	(void)state;
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 3);
	mnl_attr_put_u32(nlh, KDBG_A_MAX + 40, 99);	/* from the future */
	mnl_attr_put_strz(nlh, KDBG_A_SOURCE_TARGET, "vfs_read");
	mnl_attr_put_u64(nlh, KDBG_A_SOURCE_ADDR, addr);
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), 0);
	assert_int_equal(kdbg_nl_u32(tb[KDBG_A_SOURCE_ID], 0), 3);
	assert_string_equal(kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""),
			    "vfs_read");
	assert_true(kdbg_nl_u64(tb[KDBG_A_SOURCE_ADDR], 0) == addr);
	assert_null(tb[KDBG_A_SOURCE_TYPE]);
	assert_int_equal(kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 77), 77);
	assert_string_equal(kdbg_nl_str(NULL, "dflt"), "dflt");
}

static void test_parse_rejects_malformed(void **state)
{
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_GET);
	struct nlattr *a;

	(void)state;
	mnl_attr_put_u32(nlh, KDBG_A_SOURCE_ID, 3);
	a = (struct nlattr *)((char *)nlh + MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	a->nla_len = 200;	/* runs past the message */
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), -EINVAL);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;	/* no room for genl */
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), -EINVAL);
}

static void test_put_source_only_set_fields(void **state)
{
	const struct kdbg_source_req req = {
		.type = KDBG_SOURCE_KRETPROBE,
		.target = "do_sys_openat2",
		.comm = "curl",
	};
	const struct nlattr *tb[KDBG_A_MAX + 1];
	struct nlmsghdr *nlh = put_genl(buf, KDBG_CMD_SOURCE_ADD);

	(void)state;
	kdbg_nl_put_source(nlh, &req);
	assert_int_equal(kdbg_nl_parse(nlh, tb, KDBG_A_MAX), 0);
	assert_int_equal(kdbg_nl_u32(tb[KDBG_A_SOURCE_TYPE], 0),
			 KDBG_SOURCE_KRETPROBE);
	assert_string_equal(kdbg_nl_str(tb[KDBG_A_SOURCE_TARGET], ""),
			    "do_sys_openat2");
	assert_string_equal(kdbg_nl_str(tb[KDBG_A_SOURCE_FILTER_COMM], ""),
			    "curl");
	/* strings go with their NUL: the policy is NLA_NUL_STRING */
	assert_int_equal(mnl_attr_get_payload_len(tb[KDBG_A_SOURCE_TARGET]),
			 strlen("do_sys_openat2") + 1);
	assert_null(tb[KDBG_A_SOURCE_FLAGS]);
	assert_null(tb[KDBG_A_SOURCE_FILTER_PID]);
	assert_null(tb[KDBG_A_SOURCE_FILTER_TGID]);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(kdbg_source_type_name(KDBG_SOURCE_KPROBE), "kprobe");
	assert_string_equal(kdbg_source_type_name(KDBG_SOURCE_TRACEPOINT),
			    "tracepoint");
	assert_string_equal(kdbg_source_type_name(0), "unknown");
	assert_string_equal(kdbg_source_type_name(1000), "unknown");
	assert_int_equal(kdbg_source_type_parse("kretprobe"),
			 KDBG_SOURCE_KRETPROBE);
	assert_int_equal(kdbg_source_type_parse("x"), -1);
	assert_string_equal(kdbg_ring_mode_name(KDBG_RING_MODE_OVERWRITE),
			    "overwrite");
	assert_int_equal(kdbg_ring_mode_parse("drop"), KDBG_RING_MODE_DROP);
	assert_int_equal(kdbg_ring_mode_parse("dr"), -1);
}

/* A kdbg_nl talking to the genl controller itself (no kdbg needed). */
static struct kdbg_nl *ctrl_nl(void)
{
	static struct kdbg_nl nl;
	static char big[65536];
	int one = 1;

	memset(&nl, 0, sizeof(nl));
	nl.sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl.sock)
		return NULL;
	mnl_socket_setsockopt(nl.sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl.sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl.sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return NULL;
	nl.portid = mnl_socket_get_portid(nl.sock);
	nl.buf = big;
	nl.buf_len = sizeof(big);
	nl.family = GENL_ID_CTRL;
	return &nl;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(int *)data)++;
	return MNL_CB_OK;
}

static void test_talk_dump_and_error_on_controller(void **state)
{
	struct kdbg_nl *nl = ctrl_nl();
	struct nlmsghdr *nlh;
	int n = 0;

	(void)state;
	if (!nl)
		skip();
	nlh = kdbg_nl_msg(nl, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	assert_int_equal(kdbg_nl_talk(nl, nlh, count_cb, &n), 0);
	assert_true(n >= 1);	/* at least nlctrl itself */

	nlh = kdbg_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "kdbgnosuchfam");
	assert_int_equal(kdbg_nl_talk(nl, nlh, count_cb, &n), -ENOENT);
	assert_int_equal(nl->err, -ENOENT);
	reset_err();
	kdbg_nl_report(nl, "resolve");
	assert_true(!strncmp(last_err, "resolve: ", 9));
	mnl_socket_close(nl->sock);
}

static void test_open_without_module(void **state)
{
	struct kdbg_nl *nl;

	(void)state;
	if (!access("/sys/module/kdbgmod", F_OK))
		skip();
	reset_err();
	nl = kdbg_nl_open();
	assert_null(nl);
	assert_string_equal(last_err,
		"the kdbg kernel module is not loaded (load it with: insmod kdbgmod.ko, or modprobe kdbgmod)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_error_capped_extack),
		cmocka_unit_test(test_parse_error_uncapped_extack),
		cmocka_unit_test(test_parse_error_plain_and_ack),
		cmocka_unit_test(test_parse_error_truncated),
		cmocka_unit_test(test_cookie_text),
		cmocka_unit_test(test_parse_skips_unknown_attributes),
		cmocka_unit_test(test_parse_rejects_malformed),
		cmocka_unit_test(test_put_source_only_set_fields),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_talk_dump_and_error_on_controller),
		cmocka_unit_test(test_open_without_module),
	};

	return cmocka_run_group_tests_name("kdbgctl_nl", tests, NULL, NULL);
}
