// SPDX-License-Identifier: GPL-2.0
/*
 * The "memleak" analysis: the kernel's outstanding allocations by
 * allocation stack and age, as BCC's memleak tracks them with kprobes on
 * the kernel's allocators, here from the kmem tracepoints.
 *
 * An allocation (1 in spec.sample, chosen per CPU at random, so that a
 * workload alternating between two callers is not aliased onto one) is
 * put in the pairing map under its address, with its stack id, size and
 * time packed in the value, and is also a hit of the source's table
 * (keyed by stack). Its free takes it out again. What is left in the map
 * is outstanding: KDBG_CMD_MEMLEAK_GET sums it by stack
 * (kdbg_memleak_snapshot()). The map is preallocated (no allocation on
 * the hot path, which would recurse into these very tracepoints); a put
 * it has no room for is counted as the source's MISSED (the overflow).
 *
 * The events of one address never run at once: an allocation's
 * tracepoint fires before the allocator returns the object, and a free's
 * before the object goes back, so the same address cannot be handed out
 * again until the free's hook is done (pairmap.h). Slab objects are keyed
 * by their address, pages by their struct page: the two ranges (direct
 * map or vmalloc, and the memmap) never overlap.
 *
 * The value, 63 bits under a set top bit (a value is never 0):
 *	62..47	stack id (a stack table slot + 1: up to twice
 *		KDBG_AGG_STACKS_MAX, kdbg_stackmap_max_id())
 *	46..28	size in 8-byte units, rounded up and saturated (4 MiB - 8;
 *		kmalloc sizes are multiples of 8, pages of 4096)
 *	27..0	ms since the source was added, saturated (74 hours)
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kdbg.h"
#include "layer.h"
#include "mem.h"
#include "pairmap.h"

#define KDBG_ML_STACK_SHIFT	47
#define KDBG_ML_STACK_MASK	0xffffULL
#define KDBG_ML_SIZE_SHIFT	28
#define KDBG_ML_SIZE_MASK	0x7ffffULL
#define KDBG_ML_TIME_MASK	0xfffffffULL
#define KDBG_ML_VALID		BIT_ULL(63)

static_assert(2 * KDBG_AGG_STACKS_MAX <= KDBG_ML_STACK_MASK,
	      "stack ids must fit the packed value");

/* an_data[] of the source's struct kdbg_layer, set by the setup. */
enum {
	KDBG_ML_DATA_KMALLOC,	/* cache filter "kmalloc-N": N << 8 | type + 1 */
};

/*
 * Per-CPU sampling state. Only this CPU's hooks touch it, with preemption
 * disabled. It is shared by the context levels: a hook that interrupts
 * another may reuse a value, which only repeats one sampling decision.
 */
struct kdbg_ml_cpu {
	u32 rnd;			/* xorshift32 state, never 0 */
};

static DEFINE_PER_CPU(struct kdbg_ml_cpu, kdbg_ml_cpu);

static __always_inline bool kdbg_ml_sampled(u32 n)
{
	struct kdbg_ml_cpu *c = this_cpu_ptr(&kdbg_ml_cpu);
	u32 x = c->rnd;

	if (n <= 1)
		return true;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->rnd = x;
	return reciprocal_scale(x, n) == 0;
}

static __always_inline u64 kdbg_ml_pack(u32 stack_id, u64 bytes, u64 ms)
{
	u64 units = DIV_ROUND_UP_ULL(bytes, 8);

	return KDBG_ML_VALID |
	       ((u64)stack_id & KDBG_ML_STACK_MASK) << KDBG_ML_STACK_SHIFT |
	       min_t(u64, units, KDBG_ML_SIZE_MASK) << KDBG_ML_SIZE_SHIFT |
	       min_t(u64, ms, KDBG_ML_TIME_MASK);
}

/* Track one allocation of @bytes at @key, from the current task. */
static void kdbg_ml_alloc(struct kdbg_layer *l, u64 key, u64 bytes,
			  u32 kind)
{
	u64 args[KDBG_LAYER_ARGS] = { 0 };
	u64 now;
	u32 id;

	if (!key || !kdbg_layer_match(l, current) ||
	    !kdbg_ml_sampled(l->src->spec.sample))
		return;
	now = kdbg_layer_now();
	id = kdbg_layer_stack_id(l);
	/* A full map counts the put as missed: the overflow. */
	kdbg_pairmap_put(l->map, key,
			 kdbg_ml_pack(id, bytes,
				      div_u64(now - l->t0, NSEC_PER_MSEC)));
	args[KDBG_LAYER_MEMLEAK_ARG_BYTES] = bytes;
	args[KDBG_LAYER_MEMLEAK_ARG_KIND] = kind;
	args[KDBG_LAYER_MEMLEAK_ARG_PTR] = key;
	kdbg_layer_emit_stack(l, current, args, id);
}

static void kdbg_ml_free(struct kdbg_layer *l, u64 key)
{
	/* Before publication the map may hold nothing: take is harmless. */
	if (key)
		kdbg_pairmap_take(l->map, key, NULL);
}

static void kdbg_ml_kmalloc(void *data, unsigned long call_site,
			    const void *ptr, size_t bytes_req,
			    size_t bytes_alloc, gfp_t gfp_flags, int node)
{
	struct kdbg_layer *l = data;
	u64 want = l->an_data[KDBG_ML_DATA_KMALLOC];

	if (ZERO_OR_NULL_PTR(ptr))
		return;
	if (l->src->spec.filter_cache[0] &&
	    (!want || want >> 8 != bytes_alloc ||
	     (want & 0xff) != (u64)kmalloc_type(gfp_flags) + 1))
		return;
	kdbg_ml_alloc(l, (unsigned long)ptr, bytes_alloc,
		      KDBG_MEMLEAK_KIND_KMALLOC);
}

NOKPROBE_SYMBOL(kdbg_ml_kmalloc);

static void kdbg_ml_cache_alloc(void *data, unsigned long call_site,
				const void *ptr, struct kmem_cache *s,
				gfp_t gfp_flags, int node)
{
	struct kdbg_layer *l = data;

	/*
	 * struct kmem_cache is private to mm/ on 6.1 (its definition needs
	 * mm/slab.h), so its name is not ours to read: a cache filter
	 * matches kmalloc caches only (setup refuses other names), and the
	 * size is kmem_cache_size()'s, the object size callers get.
	 */
	if (ZERO_OR_NULL_PTR(ptr) || l->src->spec.filter_cache[0])
		return;
	kdbg_ml_alloc(l, (unsigned long)ptr, kmem_cache_size(s),
		      KDBG_MEMLEAK_KIND_CACHE);
}

NOKPROBE_SYMBOL(kdbg_ml_cache_alloc);

static void kdbg_ml_kfree(void *data, unsigned long call_site,
			  const void *ptr)
{
	if (!ZERO_OR_NULL_PTR(ptr))
		kdbg_ml_free(data, (unsigned long)ptr);
}

NOKPROBE_SYMBOL(kdbg_ml_kfree);

static void kdbg_ml_cache_free(void *data, unsigned long call_site,
			       const void *ptr, const struct kmem_cache *s)
{
	if (!ZERO_OR_NULL_PTR(ptr))
		kdbg_ml_free(data, (unsigned long)ptr);
}

NOKPROBE_SYMBOL(kdbg_ml_cache_free);

static void kdbg_ml_page_alloc(void *data, struct page *page,
			       unsigned int order, gfp_t gfp_flags,
			       int migratetype)
{
	struct kdbg_layer *l = data;

	/* With a cache filter, only that cache's objects are tracked. */
	if (!page || l->src->spec.filter_cache[0])
		return;
	kdbg_ml_alloc(l, (unsigned long)page, PAGE_SIZE << order,
		      KDBG_MEMLEAK_KIND_PAGE);
}

NOKPROBE_SYMBOL(kdbg_ml_page_alloc);

static void kdbg_ml_page_free(void *data, struct page *page,
			      unsigned int order)
{
	kdbg_ml_free(data, (unsigned long)page);
}

NOKPROBE_SYMBOL(kdbg_ml_page_free);

static void kdbg_ml_page_free_batched(void *data, struct page *page)
{
	kdbg_ml_free(data, (unsigned long)page);
}

NOKPROBE_SYMBOL(kdbg_ml_page_free_batched);

/* "kmalloc-N", "kmalloc-cg-N", "kmalloc-rcl-N" ("1k".."8k" too). */
static u64 kdbg_ml_kmalloc_filter(const char *name)
{
	static const struct {
		const char *prefix;
		enum kmalloc_cache_type type;
	} kinds[] = {
		{ "kmalloc-cg-", KMALLOC_CGROUP },
		{ "kmalloc-rcl-", KMALLOC_RECLAIM },
		{ "kmalloc-", KMALLOC_NORMAL },
	};
	char num[16];
	unsigned int i, n;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		len = strlen(kinds[i].prefix);
		if (strncmp(name, kinds[i].prefix, len))
			continue;
		if (strscpy(num, name + len, sizeof(num)) <= 0)
			return 0;
		len = strlen(num);
		if (len > 1 && num[len - 1] == 'k') {
			num[len - 1] = '\0';
			if (kstrtouint(num, 10, &n) || n > 8)
				return 0;
			n <<= 10;
		} else if (kstrtouint(num, 10, &n)) {
			return 0;
		}
		return (u64)n << 8 | (kinds[i].type + 1);
	}
	return 0;
}

static int kdbg_ml_setup(struct kdbg_layer *l, struct netlink_ext_ack *extack)
{
	struct kdbg_ml_cpu *c;
	int cpu;

	l->an_data[KDBG_ML_DATA_KMALLOC] =
		kdbg_ml_kmalloc_filter(l->src->spec.filter_cache);
	if (l->src->spec.filter_cache[0] && !l->an_data[KDBG_ML_DATA_KMALLOC]) {
		NL_SET_ERR_MSG(extack,
			       "a cache filter names a kmalloc cache (kmalloc-N, kmalloc-cg-N, kmalloc-rcl-N): other caches' names are private to mm/ on this kernel");
		return -EOPNOTSUPP;
	}
	/* Seeded before the hooks run: xorshift never leaves 0. */
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(&kdbg_ml_cpu, cpu);
		c->rnd = get_random_u32() | 1;
	}
	return 0;
}

const struct kdbg_layer_analysis kdbg_layer_memleak = {
	.name = "memleak",
	.task = true,
	.stack = true,
	.stack_required = true,
	.pairs = KDBG_LAYER_MEMLEAK_PAIRS,
	.setup = kdbg_ml_setup,
	.nr_hooks = 7,
	.hooks = {
		/* Frees first: an allocation is never hooked without them. */
		{ "kfree", kdbg_ml_kfree,
		  "the kernel has no kmem:kfree tracepoint" },
		{ "kmem_cache_free", kdbg_ml_cache_free,
		  "the kernel has no kmem:kmem_cache_free tracepoint" },
		{ "mm_page_free", kdbg_ml_page_free,
		  "the kernel has no kmem:mm_page_free tracepoint" },
		{ "mm_page_free_batched", kdbg_ml_page_free_batched,
		  "the kernel has no kmem:mm_page_free_batched tracepoint" },
		{ "kmalloc", kdbg_ml_kmalloc,
		  "the kernel has no kmem:kmalloc tracepoint" },
		{ "kmem_cache_alloc", kdbg_ml_cache_alloc,
		  "the kernel has no kmem:kmem_cache_alloc tracepoint" },
		{ "mm_page_alloc", kdbg_ml_page_alloc,
		  "the kernel has no kmem:mm_page_alloc tracepoint" },
	},
};

/* ------------------------------------------------------------------ */
/* The outstanding set, summed by stack                                */

struct kdbg_ml_sum {
	struct kdbg_memleak_stack *by_id;	/* index: stack id */
	u32 nr_ids;
	u64 now_ms;
	u32 min_age_ms;
	u32 tracked;
};

static void kdbg_ml_sum_one(u64 key, u64 val, void *arg)
{
	struct kdbg_ml_sum *s = arg;
	struct kdbg_memleak_stack *e;
	u32 id = (val >> KDBG_ML_STACK_SHIFT) & KDBG_ML_STACK_MASK;
	u64 bytes = ((val >> KDBG_ML_SIZE_SHIFT) & KDBG_ML_SIZE_MASK) * 8;
	u64 t = val & KDBG_ML_TIME_MASK;
	u64 age = s->now_ms > t ? s->now_ms - t : 0;

	s->tracked++;
	if (age < s->min_age_ms || id >= s->nr_ids)
		return;
	e = &s->by_id[id];
	if (!e->count || age < e->age_min_ms)
		e->age_min_ms = age;
	if (age > e->age_max_ms)
		e->age_max_ms = age;
	e->count++;
	e->bytes += bytes;
}

/**
 * kdbg_memleak_snapshot() - a memleak source's outstanding allocations.
 * @src: the source.
 * @min_age_ms: leave out allocations younger than this.
 *
 * Context: process, under the sources mutex (kdbg_sources_walk()), which
 * keeps @src attached; sleeps; allocates.
 * Return: the snapshot (kvfree()), ERR_PTR(-EINVAL) when @src is not a
 * memleak source, ERR_PTR(-ENOMEM).
 */
struct kdbg_memleak_snap *kdbg_memleak_snapshot(struct kdbg_source *src,
						u32 min_age_ms)
{
	struct kdbg_layer *l = kdbg_source_priv(src);
	struct kdbg_stackmap *stacks;
	struct kdbg_memleak_snap *snap;
	struct kdbg_ml_sum s = { .min_age_ms = min_age_ms };
	u32 i, n = 0;

	if (src->spec.type != KDBG_SOURCE_LAYER || l->an != &kdbg_layer_memleak ||
	    !l->map)
		return ERR_PTR(-EINVAL);
	stacks = kdbg_agg_stackmap(src->agg);
	s.nr_ids = (stacks ? kdbg_stackmap_max_id(stacks) : 0) + 1;
	s.by_id = kvcalloc(s.nr_ids, sizeof(*s.by_id), GFP_KERNEL);
	if (!s.by_id)
		return ERR_PTR(-ENOMEM);
	s.now_ms = div_u64(kdbg_layer_now() - l->t0, NSEC_PER_MSEC);
	kdbg_pairmap_walk(l->map, kdbg_ml_sum_one, &s);

	for (i = 0; i < s.nr_ids; i++)
		n += !!s.by_id[i].count;
	snap = kvzalloc(struct_size(snap, stacks, n), GFP_KERNEL);
	if (!snap) {
		kvfree(s.by_id);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < s.nr_ids; i++) {
		if (!s.by_id[i].count)
			continue;
		snap->stacks[snap->nr] = s.by_id[i];
		snap->stacks[snap->nr].stack_id = i;
		snap->nr++;
	}
	kvfree(s.by_id);
	snap->tracked = s.tracked;
	snap->capacity = kdbg_pairmap_capacity(l->map);
	snap->sample = src->spec.sample ?: 1;
	snap->overflow = kdbg_pairmap_missed(l->map);
	return snap;
}
