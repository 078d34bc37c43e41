/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every kdbgctl cmocka test needs beside the user objects (main.o is left
 * out of test binaries): the global options and an error reporter that
 * keeps the last message for assertions, and a helper capturing the
 * output layer's text in memory. Include it in exactly one file per test.
 */
#ifndef KDBG_TEST_H
#define KDBG_TEST_H

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/kdbg.h>

#include "kdbgctl.h"
#include "output.h"
#include "symbols.h"

bool opt_json;
bool opt_pretty;
static char last_err[1024];
static unsigned int nr_errs;

void kdbg_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_err, sizeof(last_err), fmt, ap);
	va_end(ap);
	nr_errs++;
}

static inline void reset_err(void)
{
	last_err[0] = '\0';
	nr_errs = 0;
}

/*
 * Start a kdbg generic netlink message (as the kernel sends it) in @buf,
 * 8-aligned and large enough for what the test appends.
 */
static inline struct nlmsghdr *put_genl(void *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	nlh->nlmsg_type = 0x1d;	/* any family id: parsers never look */
	g->cmd = cmd;
	g->version = KDBG_GENL_VERSION;
	return nlh;
}

/* As nla_put_u64_64bit(): a pad attribute keeps the value 8-aligned. */
static inline void put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v,
			   uint16_t pad)
{
	if (((uintptr_t)mnl_nlmsg_get_payload_tail(nlh) + MNL_ATTR_HDRLEN) % 8)
		mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

/* Capture the output layer in memory: cap_begin(), print, cap_end(). */
static char *cap_buf;
static size_t cap_len;
static FILE *cap_f;

static inline void cap_begin(bool json, bool pretty)
{
	free(cap_buf);
	cap_buf = NULL;
	cap_f = open_memstream(&cap_buf, &cap_len);
	assert_non_null(cap_f);
	out_init(cap_f, json, pretty);
}

static inline const char *cap_end(void)
{
	fclose(cap_f);
	cap_f = NULL;
	out_init(stdout, false, false);
	return cap_buf;
}

/*
 * A symbol table from @text (/proc/kallsyms lines) written to a file made
 * from the mkstemp() template @path (kept in @path for the unlink), and
 * no module map. Return: the table, or NULL.
 */
static inline struct ksyms *test_ksyms_from_text(char *path, const char *text)
{
	int fd = mkstemp(path);
	ssize_t len = (ssize_t)strlen(text);

	if (fd < 0)
		return NULL;
	if (write(fd, text, len) != len) {
		close(fd);
		return NULL;
	}
	close(fd);
	return ksyms_new(path, "/nonexistent");
}

#endif /* KDBG_TEST_H */
