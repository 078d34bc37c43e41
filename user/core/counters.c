// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of the kernel's text counter files (see counters.h). Each file
 * is read whole and at once, so one snapshot is one read(2) sequence of
 * the kernel's seq_file: the values of one file come from one pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "counters.h"

const char *const kc_netdev_keys[KC_NETDEV_NR] = {
	"rx-bytes", "rx-packets", "rx-errors", "rx-dropped", "rx-fifo",
	"rx-frame", "rx-compressed", "rx-multicast",
	"tx-bytes", "tx-packets", "tx-errors", "tx-dropped", "tx-fifo",
	"tx-collisions", "tx-carrier", "tx-compressed",
};

/* Grow @*arr of @size-byte items to hold one more: 0 or -1. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	p = realloc(*arr, ncap * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

void kc_free(struct kc_set *s)
{
	free(s->e);
	*s = (struct kc_set){ 0 };
}

int kc_add(struct kc_set *s, const char *name, uint64_t val)
{
	if (grow((void **)&s->e, &s->cap, s->n, sizeof(*s->e)))
		return -1;
	snprintf(s->e[s->n].name, KC_NAME_MAX, "%s", name);
	s->e[s->n++].val = val;
	return 0;
}

const struct kc_entry *kc_find(const struct kc_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].name, name))
			return &s->e[i];
	return NULL;
}

uint64_t kc_get(const struct kc_set *s, const char *name, uint64_t dflt)
{
	const struct kc_entry *e = kc_find(s, name);

	return e ? e->val : dflt;
}

uint64_t kc_sum_prefix(const struct kc_set *s, const char *prefix)
{
	size_t i, len = strlen(prefix);
	uint64_t sum = 0;

	for (i = 0; i < s->n; i++)
		if (!strncmp(s->e[i].name, prefix, len))
			sum += s->e[i].val;
	return sum;
}

/* A decimal, possibly negative (Tcp: MaxConn -1): 0 and *@end, or -1. */
static int parse_num(const char *p, const char **end, uint64_t *val)
{
	char *e;

	errno = 0;
	if (*p == '-')
		*val = (uint64_t)strtoll(p, &e, 10);
	else
		*val = strtoull(p, &e, 10);
	if (e == p || errno)
		return -1;
	*end = e;
	return 0;
}

int kc_parse_keyval(struct kc_set *s, const char *text)
{
	const char *p = text;
	int added = 0;

	while (*p) {
		const char *nl = strchrnul(p, '\n'), *v, *end;
		size_t len = strcspn(p, ": \t\n");
		char name[KC_NAME_MAX];
		uint64_t val;

		v = p + len;
		v += strspn(v, ":");
		v += strspn(v, " \t");
		if (len && len < KC_NAME_MAX && !parse_num(v, &end, &val) &&
		    end <= nl) {
			memcpy(name, p, len);
			name[len] = '\0';
			if (kc_add(s, name, val))
				return -1;
			added++;
		}
		p = *nl ? nl + 1 : nl;
	}
	return added;
}

/* Copy the line at @p (without its newline) into @buf: the next line. */
static const char *take_line(const char *p, char *buf, size_t len)
{
	const char *nl = strchrnul(p, '\n');
	size_t n = nl - p;

	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return *nl ? nl + 1 : nl;
}

int kc_parse_snmp(struct kc_set *s, const char *text)
{
	char head[8192], vals[8192];
	const char *p = text;
	int added = 0;

	while (*p) {
		char *hs, *vs, *h, *v, *hsave, *vsave;
		size_t plen;

		p = take_line(p, head, sizeof(head));
		if (!*p && !head[0])
			break;
		p = take_line(p, vals, sizeof(vals));
		hs = strchr(head, ':');
		vs = strchr(vals, ':');
		if (!hs || !vs)
			return head[0] ? -1 : added;
		plen = hs - head;
		if ((size_t)(vs - vals) != plen || strncmp(head, vals, plen))
			return -1;
		*hs++ = '\0';
		*vs++ = '\0';
		h = strtok_r(hs, " \t", &hsave);
		v = strtok_r(vs, " \t", &vsave);
		for (; h && v; h = strtok_r(NULL, " \t", &hsave),
			       v = strtok_r(NULL, " \t", &vsave)) {
			char name[KC_NAME_MAX];
			const char *end;
			uint64_t val;

			if (parse_num(v, &end, &val) || *end)
				return -1;
			snprintf(name, sizeof(name), "%.16s%.47s", head, h);
			if (kc_add(s, name, val))
				return -1;
			added++;
		}
		if (h || v)
			return -1;
	}
	return added;
}

void kc_netdevs_free(struct kc_netdevs *s)
{
	free(s->d);
	*s = (struct kc_netdevs){ 0 };
}

int kc_parse_netdev(struct kc_netdevs *s, const char *text)
{
	const char *p = text;
	int added = 0;

	while (*p) {
		const char *nl = strchrnul(p, '\n'), *c, *name;
		struct kc_netdev *d;
		size_t len;
		int i;

		/* Two header lines, then "  eth0: 1 2 ...". */
		c = memchr(p, ':', nl - p);
		name = p + strspn(p, " ");
		if (!c || memchr(p, '|', nl - p)) {
			p = *nl ? nl + 1 : nl;
			continue;
		}
		if (grow((void **)&s->d, &s->cap, s->n, sizeof(*s->d)))
			return -1;
		d = &s->d[s->n];
		len = c - name;
		if (!len || len >= sizeof(d->name))
			return -1;
		memcpy(d->name, name, len);
		d->name[len] = '\0';
		for (c++, i = 0; i < KC_NETDEV_NR; i++) {
			while (*c == ' ')
				c++;
			if (parse_num(c, &c, &d->v[i]) || c > nl)
				return -1;
		}
		s->n++;
		added++;
		p = *nl ? nl + 1 : nl;
	}
	return added;
}

const struct kc_netdev *kc_netdev_find(const struct kc_netdevs *s,
				       const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->d[i].name, name))
			return &s->d[i];
	return NULL;
}

void kc_slabs_free(struct kc_slabs *s)
{
	free(s->c);
	*s = (struct kc_slabs){ 0 };
}

int kc_parse_slabinfo(struct kc_slabs *s, const char *text)
{
	const char *p = text;
	int added = 0;

	if (strncmp(p, "slabinfo - version: 2.1", 23))
		return -1;
	while (*p) {
		const char *nl = strchrnul(p, '\n');
		struct kc_slab *c;
		char line[512];
		uint64_t objperslab, unused;

		take_line(p, line, sizeof(line));
		p = *nl ? nl + 1 : nl;
		if (line[0] == '#' || !strncmp(line, "slabinfo", 8))
			continue;
		if (grow((void **)&s->c, &s->cap, s->n, sizeof(*s->c)))
			return -1;
		c = &s->c[s->n];
		/*
		 * name active num objsize objperslab pagesperslab : tunables
		 * limit batch shared : slabdata active_slabs num_slabs shared
		 */
		if (sscanf(line, "%63s %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " : tunables %" SCNu64 " %" SCNu64 " %" SCNu64 " : slabdata %" SCNu64 " %" SCNu64,
			   c->name, &c->active_objs, &c->num_objs, &c->objsize,
			   &objperslab, &c->pages_per_slab, &unused, &unused,
			   &unused, &unused, &c->num_slabs) != 11)
			return -1;
		s->n++;
		added++;
	}
	return added;
}

const struct kc_slab *kc_slab_find(const struct kc_slabs *s,
				   const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->c[i].name, name))
			return &s->c[i];
	return NULL;
}

char *kc_read_file(const char *path)
{
	size_t len = 0, cap = 16384;
	char *buf = malloc(cap), *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	ssize_t n;

	if (fd < 0 || !buf) {
		e = fd < 0 ? errno : ENOMEM;
		goto err;
	}
	for (;;) {
		if (cap - len < 4096) {
			p = realloc(buf, cap * 2);
			if (!p) {
				e = ENOMEM;
				goto err;
			}
			buf = p;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			goto err;
		}
		if (!n)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
err:
	if (fd >= 0)
		close(fd);
	free(buf);
	errno = e;
	return NULL;
}
