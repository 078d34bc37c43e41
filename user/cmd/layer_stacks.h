/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layer tools that key by kernel stack (offcpu, lock, drops --stack):
 * their options and printers, and the stack table copy they share. The
 * printers need no kernel but for a stack id not seen yet, so the tests
 * drive them with dumps parsed from messages built with libmnl.
 */
#ifndef KDBGCTL_LAYER_STACKS_H
#define KDBGCTL_LAYER_STACKS_H

#include "agg.h"
#include "layer.h"

struct ksyms;
struct fold_table;

/* The session's one source's stack table, fetched again for a new id. */
struct layer_stacks {
	struct kdbg_stacks m;
	struct ksyms *ks;
};

/*
 * Stack @stack_id of @t's source (NULL for id 0, the stack table was full,
 * or when it cannot be had); fetches the table when the id is new.
 */
const struct kdbg_stack *layer_stack(struct trace *t, struct layer_stacks *ls,
				     uint32_t stack_id);

/*
 * The frames of stack @stack_id, outermost first, in @buf (n of them);
 * "[stack lost]" when it is not to be had. Return the count.
 */
size_t layer_frames(struct trace *t, struct layer_stacks *ls,
		    uint32_t stack_id, char (*buf)[KDBG_FRAME_LEN], size_t n);

/*
 * The rows of @d that counted something, in one array (free() it), their
 * number in *@n; NULL when out of memory.
 */
const struct kdbg_agg_row **layer_rows(const struct kdbg_agg_dump *d,
				       size_t *n);

/*
 * The kernel address in a composite key (lock's and drops's _ARG_KEY):
 * its low 48 bits, the upper 16 set again.
 */
uint64_t layer_key_addr(uint64_t key);

/* offcpu: @arg is the options below. */
struct offcpu_opts {
	struct layer_stacks st;
	bool folded;			/* -f */
	uint64_t min_block_us;		/* --min-block */
	uint64_t missed;		/* pairing map misses reported */
};
int offcpu_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg);

/* lock: /proc/kallsyms's symbols, to name static locks. */
struct lock_dsym {
	uint64_t addr;
	char *name;	/* a variable's (d, b, r): "name [module]"; else NULL */
};

struct lock_dsyms {
	struct lock_dsym *s;		/* by address */
	size_t nr, cap;
};

/* Load @path (NULL: /proc/kallsyms): 0 or -errno (nothing loaded). */
int lock_dsyms_load(struct lock_dsyms *ds, const char *path);
void lock_dsyms_free(struct lock_dsyms *ds);
/* "sym" or "sym+0xOFF" in @buf for a variable's address, else NULL. */
const char *lock_dsym_name(const struct lock_dsyms *ds, uint64_t addr,
			   char *buf, size_t len);

/* lock: @arg is the options below. */
struct lock_opts {
	struct layer_stacks st;
	struct lock_dsyms ds;
	bool stacks;			/* --stacks: each caller's stack */
	bool kallsyms_reload;		/* each read: /proc/kallsyms again */
	uint64_t missed;		/* pairing map misses reported */
};
int lock_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg);
/* perf's name of a lock kind (LCB_F_* flags): "mutex", "spinlock", ... */
const char *lock_type_name(uint32_t flags);
/* Whether frame @f is the locking code's (skipped to find the caller). */
bool lock_frame_is_locking(const char *f);
/* perf's "1.23 ms". */
void lock_fmt_time(uint64_t ns, char *buf, size_t len);

/* drops: the names of enum skb_drop_reason, from the running kernel. */
#define DROPS_REASONS_MAX	1024
struct drops_reasons {
	char *name[DROPS_REASONS_MAX];	/* by code; NULL: unknown */
	size_t nr;
};

/* Add the { N, "NAME" } pairs of a tracepoint format: 0 or -ENOMEM. */
int drops_reasons_parse(struct drops_reasons *r, const char *fmt);
/* kfree_skb's format from @path (NULL: tracefs): 0 or -errno. */
int drops_reasons_load(struct drops_reasons *r, const char *path);
void drops_reasons_free(struct drops_reasons *r);
/* The name of @code, or its number in @buf. */
const char *drops_reason_name(const struct drops_reasons *r, uint32_t code,
			      char *buf, size_t len);

/* drops: @arg is the options below. */
struct drops_opts {
	struct layer_stacks st;
	struct drops_reasons reasons;
	bool stack;			/* --stack: keyed by stack too */
};
int drops_print(struct trace *t, const struct kdbg_agg_dump *d, void *arg);

/* tcpretrans: one flow, from its two key words. */
struct tcpretrans_flow {
	unsigned int family, state, lport, rport;
	char laddr[48], raddr[48];
};
void tcpretrans_flow(uint64_t addrs, uint64_t ports, struct tcpretrans_flow *f);
/* "ESTABLISHED", "SYN_SENT", ... (TCP_* states), "UNKNOWN". */
const char *tcpretrans_state_name(uint32_t state);

/* tcpretrans: @arg is the options below. */
struct tcpretrans_opts {
	bool count;			/* -c: per flow, until the end */
};
int tcpretrans_print(struct trace *t, const struct kdbg_agg_dump *d,
		     void *arg);

#endif /* KDBGCTL_LAYER_STACKS_H */
