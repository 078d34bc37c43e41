// SPDX-License-Identifier: GPL-2.0
/*
 * kdbg_inflight: a reader that keeps several KDBG_CMD_EVENTS_READ requests
 * in flight on a socket with a tiny receive buffer, so that the module's
 * replies cannot all be queued, then drains the rest with one read at a
 * time. Whatever the kernel did with the replies it could not queue, the
 * records it says it delivered must be exactly the ones received here, and
 * the lost counts it reported must add up to what it says it dropped.
 *
 * Prints "received R lost L enobufs E errors X": records received in
 * replies, the sum of their KDBG_A_READ_LOST, the ENOBUFS the socket
 * reported (replies the kernel could not queue) and error messages.
 *
 * Usage: kdbg_inflight REQUESTS BUDGET
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "kdbgctl.h"
#include "nl.h"

#define INFLIGHT_MAX	64

struct tally {
	unsigned long received, lost, enobufs, errors, replies;
	unsigned long last_events;	/* events in the last reply parsed */
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[KDBG_A_MAX + 1] = { 0 };
	struct tally *t = data;
	const struct nlattr *a;

	t->replies++;
	t->last_events = 0;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == KDBG_A_EVENT)
			t->last_events++;
	t->received += t->last_events;
	if (kdbg_nl_parse(nlh, tb, KDBG_A_MAX) >= 0)
		t->lost += kdbg_nl_u64(tb[KDBG_A_READ_LOST], 0);
	return MNL_CB_OK;
}

static void set_rcvbuf(int fd, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes))) {
		perror("kdbg_inflight: SO_RCVBUF");
		exit(1);
	}
}

/* Build one EVENTS_READ request in nl->buf; return its length. */
static size_t put_read(struct kdbg_nl *nl, uint32_t budget)
{
	struct nlmsghdr *nlh = kdbg_nl_msg(nl, KDBG_CMD_EVENTS_READ, 0);

	mnl_attr_put_u32(nlh, KDBG_A_READ_MAX_BYTES, budget);
	return nlh->nlmsg_len;
}

/* Receive what is queued (without blocking past @wait_ms); 0 at the end. */
static int receive(struct kdbg_nl *nl, struct tally *t, int wait_ms)
{
	int fd = mnl_socket_get_fd(nl->sock);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int ret;

	if (poll(&p, 1, wait_ms) <= 0)
		return 0;
	n = recv(fd, nl->buf, nl->buf_len, 0);
	if (n < 0) {
		if (errno == ENOBUFS) {
			t->enobufs++;
			return 1;
		}
		perror("kdbg_inflight: recv");
		exit(1);
	}
	ret = mnl_cb_run(nl->buf, n, 0, 0, reply_cb, t);
	if (ret < 0)
		t->errors++;
	return 1;
}

int main(int argc, char **argv)
{
	static char batch[INFLIGHT_MAX * 64];
	struct tally t = { 0 };
	unsigned long requests, i;
	struct kdbg_nl *nl;
	uint32_t budget;
	size_t len = 0, one;

	if (argc != 3) {
		fprintf(stderr, "usage: kdbg_inflight REQUESTS BUDGET\n");
		return 2;
	}
	requests = strtoul(argv[1], NULL, 0);
	budget = strtoul(argv[2], NULL, 0);
	if (!requests || requests > INFLIGHT_MAX) {
		fprintf(stderr, "kdbg_inflight: 1 to %d requests\n",
			INFLIGHT_MAX);
		return 2;
	}
	nl = kdbg_nl_open();
	if (!nl)
		return 1;

	/* The smallest receive buffer: the first reply fits, later ones not. */
	set_rcvbuf(mnl_socket_get_fd(nl->sock), 1);
	for (i = 0; i < requests; i++) {
		one = put_read(nl, budget);
		memcpy(batch + len, nl->buf, one);
		len += NLMSG_ALIGN(one);
	}
	/* One datagram: the kernel runs every request before we read. */
	if (mnl_socket_sendto(nl->sock, batch, len) < 0) {
		perror("kdbg_inflight: send");
		return 1;
	}
	while (receive(nl, &t, 200))
		;

	/* Then one read at a time, with room, until a reply comes back empty. */
	set_rcvbuf(mnl_socket_get_fd(nl->sock), 4 << 20);
	do {
		one = put_read(nl, budget);
		if (mnl_socket_sendto(nl->sock, nl->buf, one) < 0) {
			perror("kdbg_inflight: send");
			return 1;
		}
		t.last_events = 0;
		if (!receive(nl, &t, 2000)) {
			fprintf(stderr, "kdbg_inflight: no reply\n");
			return 1;
		}
	} while (t.last_events);

	printf("received %lu lost %lu enobufs %lu errors %lu\n", t.received,
	       t.lost, t.enobufs, t.errors);
	kdbg_nl_close(nl);
	return 0;
}
