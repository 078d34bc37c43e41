#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdbgctl mem on a known allocation, no module involved: a 64 MiB file
# written to a tmpfs while `mem` reads (from its baseline, lib/armed.sh,
# to a SIGINT after the write) is +64 MiB of Shmem (within 2 MiB)
# and about -64 MiB of MemAvailable (within 16 MiB: the rest of the guest
# lives too); its removal gives the memory back. The xarray of the
# file's 16384 pages takes at least 256 radix_tree_node objects, which
# /proc/slabinfo's growth beside the summary shows (SLUB counts a CPU's
# slab as in use: at least 200). Each event's rate is its count over
# the interval; -i prints one line per interval under one header (2 or
# 3 for -i 0.5 -d 1.2: a slow guest may pass 1.2 s in the second wait); bad
# arguments are usage errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-mem
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
. tests/integration/lib/armed.sh

file=/dev/shm/kdbg-mem-test
rm -f "$file"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -f "$file"' EXIT

$KDBGCTL -j mem -d 1000 --slabs 50 >"$tmp/grow.json" &
reader=$!
armed "$reader"
dd if=/dev/zero of="$file" bs=1M count=64 status=none
kill -INT "$reader"
wait "$reader"
$KDBGCTL -j mem -d 1000 >"$tmp/free.json" &
reader=$!
armed "$reader"
rm -f "$file"
kill -INT "$reader"
wait "$reader"
$KDBGCTL mem -i 0.5 -d 1.2 >"$tmp/interval.txt"
$KDBGCTL -j mem >"$tmp/boot.json"

python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
MiB = 1024
g = json.load(open(f"{d}/grow.json"))
assert g["since-boot"] is False and 0 < g["interval-s"] < 1000, g
sh, av = g["shmem"]["change-kb"], g["mem-available"]["change-kb"]
assert abs(sh - 64 * MiB) <= 2 * MiB, f"Shmem changed {sh} kB for a 64 MiB tmpfs file"
assert abs(av + 64 * MiB) <= 16 * MiB, f"MemAvailable changed {av} kB for a 64 MiB tmpfs file"
for k in ("swap-in", "swap-out", "scan-kswapd", "scan-direct", "compact-stall",
          "alloc-stall", "oom-kill", "major-faults"):
    e = g[k]
    assert e["count"] >= 0 and abs(e["rate"] - e["count"] / g["interval-s"]) < 1e-6, (k, e)
for k in ("slab-reclaimable", "slab-unreclaimable", "swap-used", "mem-free"):
    assert "kb" in g[k] and "change-kb" in g[k], (k, g[k])
rt = [s for s in g["slab-growth"] if s["name"] == "radix_tree_node"]
assert rt and rt[0]["objs-change"] >= 200, g["slab-growth"]
print(f"64 MiB file: Shmem {sh:+} kB, MemAvailable {av:+} kB, "
      f"radix_tree_node +{rt[0]['objs-change']}")

f = json.load(open(f"{d}/free.json"))
sh, av = f["shmem"]["change-kb"], f["mem-available"]["change-kb"]
assert abs(sh + 64 * MiB) <= 2 * MiB, f"Shmem changed {sh} kB when the file went"
assert abs(av - 64 * MiB) <= 16 * MiB, f"MemAvailable changed {av} kB when the file went"

t = open(f"{d}/interval.txt").read().splitlines()
assert "memory (MiB)" in t[0] and "events/s" in t[0], t
assert t[1].split()[:3] == ["avail", "free", "shmem"], t
data = [l for l in t[2:] if not l.startswith("  slab growth:")]
# readings at 0.5, 1 and 1.2 s; a slow guest may reach 1.2 s before the
# second wait: that reading is the last
assert 2 <= len(data) <= 3 and all(len(l.split()) == 18 for l in data), t

b = json.load(open(f"{d}/boot.json"))
assert b["since-boot"] is True and "slab-growth" not in b, b
assert b["mem-total"]["kb"] > b["mem-available"]["kb"] > 0, b
assert "change-kb" not in b["mem-available"], b
print(f"since boot: {b['mem-available']['kb']} kB available of {b['mem-total']['kb']}")
PY

run 2 $KDBGCTL mem -d 0
err_is "kdbgctl: error: mem: -d '0': expected seconds > 0"
run 2 $KDBGCTL mem --slabs x
err_is "kdbgctl: error: mem: --slabs 'x': expected a number of caches"
run 2 $KDBGCTL mem extra
err_is "kdbgctl: error: mem: unexpected argument 'extra' (see: kdbgctl mem help)"
trap - EXIT
