#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# memleak and slab top on a known leak: the test module kdbg_leakme
# (tests/modules/) keeps LEAK objects of its own cache (200 bytes) and
# LEAK kmalloc(1000) (kmalloc-1k: 1024 bytes, or more with KASAN) from
# kdbg_leakme_leak(),
# after allocating and freeing CHURN of each in kdbg_leakme_churn().
#  - The walk (slab top -j) agrees with /proc/slabinfo, cache for cache.
#  - slab top -i shows the dedicated cache grow by exactly the leak (a
#    whole number of slabs, on one CPU, so slabinfo's count is exact).
#  - memleak --sample 1 reports two stacks through kdbg_leakme_leak with
#    exactly LEAK allocations each (200 and 1024 bytes each) and nothing
#    from kdbg_leakme_churn (but for the slab pages it made the caches
#    allocate, which are outstanding); --sample 8 reports about LEAK / 8.
# Bad arguments are usage errors; a non-kmalloc --cache is refused.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-memleak
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

ko=$(dirname "$KDBG_KO")/tests/modules/kdbg_leakme/kdbg_leakme.ko
[ -f "$ko" ] || fail "no $ko"
insmod "$KDBG_KO"
insmod "$ko"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbg_leakme 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT
par=/sys/module/kdbg_leakme/parameters
trigger() { echo "$1" >$par/leak; echo "$2" >$par/churn; taskset -c 0 sh -c 'echo go >/sys/kernel/debug/kdbg_leakme/trigger'; }

# --- The walk against /proc/slabinfo (a quiet guest: compare twice) ---
cmp_walk() {
	$KDBGCTL -j slab top >"$tmp/walk.json"
	cat /proc/slabinfo >"$tmp/slabinfo"
	python3 - "$tmp/walk.json" "$tmp/slabinfo" <<'PY'
import json, sys
w = {c["name"]: c for c in json.load(open(sys.argv[1]))["caches"]}
p = {}
for line in open(sys.argv[2]).read().splitlines()[2:]:
    f = line.split()
    p[f[0]] = dict(active=int(f[1]), num=int(f[2]), size=int(f[3]),
                   per=int(f[4]), pages=int(f[5]), slabs=int(f[14]))
assert set(w) == set(p), f"names differ: {set(w) ^ set(p)}"
c, s = w["kdbg_leakme"], p["kdbg_leakme"]
got = dict(active=c["active-objs"], num=c["num-objs"], size=c["size"],
           per=c["objs-per-slab"], pages=c["pages-per-slab"], slabs=c["num-slabs"])
assert got == s, f"kdbg_leakme: walk {got} slabinfo {s}"
assert c["pages"] == s["slabs"] * s["pages"], c
assert not c["flags-known"], c
k = w["kmalloc-rcl-64"] if "kmalloc-rcl-64" in w else None
assert k is None or (k["reclaimable"] and k["flags-known"]), k
# Caches busy elsewhere move between the two reads; most must agree.
same = sum(1 for n in w if (w[n]["size"], w[n]["objs-per-slab"]) == (p[n]["size"], p[n]["per"]))
assert same == len(w), f"{len(w) - same} caches differ in geometry"
print(f"walk: {len(w)} caches agree with /proc/slabinfo")
PY
}
cmp_walk

# --- slab top -i: the dedicated cache grows by the leak ---
per=$(awk '$1 == "kdbg_leakme" { print $5 }' /proc/slabinfo)
leak=$((2 * per))
# Reads every second until SIGTERM: the first before the leak, two after.
$KDBGCTL -j slab top -i 1 -s growth >"$tmp/top.json" 2>"$tmp/top.err" &
top=$!
reads() { wc -l <"$tmp/top.json"; }
wait_reads() {	# N: until the output has N reads
	local i
	for i in $(seq 600); do
		[ "$(reads)" -ge "$1" ] && return 0
		kill -0 "$top" 2>/dev/null || fail "slab top died: $(cat "$tmp/top.err")"
		sleep 0.1
	done
	fail "slab top: only $(reads) reads in 60 s"
}
wait_reads 1
trigger "$leak" 0
n=$(reads)
wait_reads $((n + 2))
kill -TERM "$top"
wait "$top" || fail "slab top: $(cat "$tmp/top.err")"
python3 - "$tmp/top.json" "$leak" <<'PY'
import json, sys
reads = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
leak = int(sys.argv[2])
assert len(reads) >= 3, f"{len(reads)} reads"
rows = [{c["name"]: c for c in r["caches"]} for r in reads]
last = rows[-1]["kdbg_leakme"]
assert last["growth-since-start"] == leak, last
assert max(r["kdbg_leakme"]["growth"] for r in rows) == leak, rows
# Sorted by growth: in the read that saw it, the cache is near the top.
for r in reads:
    g = [c["growth"] for c in r["caches"]]
    assert g == sorted(g, reverse=True), "not sorted by growth"
print(f"slab top: kdbg_leakme grew by {leak}")
PY
cmp_walk

# --- memleak --sample 1: exact ---
check_leak() {	# JSON SAMPLE LEAK TOLERANCE
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sample, leak, tol = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
assert d["sample"] == sample, d["sample"]
# The slab pages the allocations needed are outstanding too (memleak
# tracks pages), and on the debug kernel so is kmemleak's own record of
# each object (allocated in __create_object): leave them out, the
# module's objects only.
def has(s, fn):
    return (any(fn in f for f in s["frames"]) and
            not any(x in f for f in s["frames"]
                    for x in ("__alloc_pages", "__create_object")))
leaks = [s for s in d["stacks"] if has(s, "kdbg_leakme_leak")]
churn = [s for s in d["stacks"] if has(s, "kdbg_leakme_churn")]
assert not churn, f"freed objects reported: {churn}"
# The cache's object size, and kmalloc-1k's allocated size (1024, more
# with the debug kernel's KASAN metadata).
sizes = sorted(s["bytes"] // s["count"] for s in leaks)
assert len(sizes) == 2 and sizes[0] == 200 and sizes[1] >= 1024, \
    f"leak stacks by size: {sizes} {leaks}"
for s in leaks:
    est = s["count"] * sample
    assert abs(est - leak) <= tol * leak, f"count {s['count']} x {sample} vs {leak}"
print(f"memleak 1/{sample}: " + ", ".join(f"{s['count']} x {s['bytes'] // s['count']} B" for s in leaks))
PY
}
# One session: attached, then the trigger, then SIGINT ends the wait.
session() {	# NAME SAMPLE LEAK CHURN
	$KDBGCTL -j memleak -d 600 --sample "$2" >"$tmp/$1.json" 2>"$tmp/$1.err" &
	ml=$!
	for _ in $(seq 600); do
		grep -q '^Tracking' "$tmp/$1.err" && break
		kill -0 "$ml" 2>/dev/null || fail "memleak: $(cat "$tmp/$1.err")"
		sleep 0.1
	done
	trigger "$3" "$4"
	kill -INT "$ml"
	wait "$ml" || fail "memleak: $(cat "$tmp/$1.err")"
}
session ml1 1 100 50
check_leak "$tmp/ml1.json" 1 100 0

# --- --sample 8: within tolerance of the leak ---
session ml8 8 2000 50
check_leak "$tmp/ml8.json" 8 2000 0.3

# --- text output and errors ---
run 2 $KDBGCTL memleak --sample 0
err_is "kdbgctl: error: memleak: --sample '0': expected N >= 1 (see: kdbgctl memleak help)"
run 2 $KDBGCTL memleak --bogus
err_is "kdbgctl: error: memleak: unknown option '--bogus' (see: kdbgctl memleak help)"
run 1 $KDBGCTL memleak -d 0.1 --cache kdbg_leakme
err_is "kdbgctl: error: memleak: a cache filter names a kmalloc cache (kmalloc-N, kmalloc-cg-N, kmalloc-rcl-N): other caches' names are private to mm/ on this kernel"
run 2 $KDBGCTL slab top -s bogus
err_is "kdbgctl: error: slab top: -s 'bogus': expected objs, size or growth"
run 0 $KDBGCTL slab top -n 3
[ "$(wc -l <<<"$out")" = 4 ] || fail "slab top -n 3: $out"
rmmod kdbg_leakme
rmmod kdbgmod
trap - EXIT
