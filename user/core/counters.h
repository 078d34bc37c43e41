/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counters the kernel already keeps and publishes as text under
 * /proc, parsed into named sets so that `netstat` and `mem` can take two
 * snapshots and print what changed. Pure: the parsers take the files'
 * text, so the tests feed them recorded contents.
 *
 *   /proc/meminfo                 "Name:   123 kB" (kB kept as printed)
 *   /proc/vmstat                  "name 123"
 *   /proc/net/snmp, .../netstat   pairs of lines "Udp: InDatagrams ..." and
 *                                 "Udp: 12 ...", named as nstat names them:
 *                                 "UdpInDatagrams", "TcpExtTCPTimeouts"
 *   /proc/net/dev                 one line per interface, 16 counters
 *   /proc/slabinfo (2.1)          one line per cache
 */
#ifndef KDBGCTL_COUNTERS_H
#define KDBGCTL_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#define KC_NAME_MAX	64

struct kc_entry {
	char name[KC_NAME_MAX];
	uint64_t val;		/* a negative value (Tcp MaxConn) wraps */
};

/* A growing array of named values, in the file's order. */
struct kc_set {
	struct kc_entry *e;
	size_t n, cap;
};

void kc_free(struct kc_set *s);
/* Append @name = @val: 0, or -1 when out of memory. */
int kc_add(struct kc_set *s, const char *name, uint64_t val);
/* The entry named @name, or NULL. */
const struct kc_entry *kc_find(const struct kc_set *s, const char *name);
/* Its value, or @dflt when @s has no such entry. */
uint64_t kc_get(const struct kc_set *s, const char *name, uint64_t dflt);
/* Sum of the entries whose name starts with @prefix (allocstall_*). */
uint64_t kc_sum_prefix(const struct kc_set *s, const char *prefix);

/*
 * "Name: 123 [kB]" (meminfo) and "name 123" (vmstat) lines. Lines that
 * do not parse are skipped. Return the number of entries added, -1 when
 * out of memory.
 */
int kc_parse_keyval(struct kc_set *s, const char *text);
/*
 * /proc/net/snmp and /proc/net/netstat: each header line "Proto: A B"
 * followed by its value line "Proto: 1 2". Return the number of entries
 * added, -1 for a value line that does not match its header (or out of
 * memory).
 */
int kc_parse_snmp(struct kc_set *s, const char *text);

/* /proc/net/dev's columns, in its order. */
enum {
	KC_RX_BYTES, KC_RX_PACKETS, KC_RX_ERRORS, KC_RX_DROPPED, KC_RX_FIFO,
	KC_RX_FRAME, KC_RX_COMPRESSED, KC_RX_MULTICAST,
	KC_TX_BYTES, KC_TX_PACKETS, KC_TX_ERRORS, KC_TX_DROPPED, KC_TX_FIFO,
	KC_TX_COLLISIONS, KC_TX_CARRIER, KC_TX_COMPRESSED,
	KC_NETDEV_NR
};
/* JSON keys of those columns: "rx-bytes", ... */
extern const char *const kc_netdev_keys[KC_NETDEV_NR];

struct kc_netdev {
	char name[32];
	uint64_t v[KC_NETDEV_NR];
};

struct kc_netdevs {
	struct kc_netdev *d;
	size_t n, cap;
};

void kc_netdevs_free(struct kc_netdevs *s);
/* /proc/net/dev: the number of interfaces added, -1 if malformed/no memory. */
int kc_parse_netdev(struct kc_netdevs *s, const char *text);
const struct kc_netdev *kc_netdev_find(const struct kc_netdevs *s,
				       const char *name);

/* One cache of /proc/slabinfo (version 2.1). */
struct kc_slab {
	char name[KC_NAME_MAX];
	uint64_t active_objs, num_objs, objsize, pages_per_slab, num_slabs;
};

struct kc_slabs {
	struct kc_slab *c;
	size_t n, cap;
};

void kc_slabs_free(struct kc_slabs *s);
/* /proc/slabinfo 2.1: the number of caches, -1 for another version. */
int kc_parse_slabinfo(struct kc_slabs *s, const char *text);
const struct kc_slab *kc_slab_find(const struct kc_slabs *s,
				   const char *name);

/*
 * Read the whole of @path (a /proc file: its size is not known up front)
 * into a NUL-terminated buffer the caller frees. NULL with errno set.
 */
char *kc_read_file(const char *path);

/* @cur - @prev as a signed change (counters wrap as unsigned). */
static inline int64_t kc_delta(uint64_t cur, uint64_t prev)
{
	return (int64_t)(cur - prev);
}

#endif /* KDBGCTL_COUNTERS_H */
