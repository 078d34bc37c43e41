#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Check kdbg's accounting identity from `kdbgctl -j stats` output on stdin:
# for every CPU and every source, written = delivered + dropped + buffered
# (buffered: the CPU's ring-records, counted by walking the ring; a source's
# share is not reported separately, so sources are checked after a full
# drain, when nothing is buffered). Optional expectations:
#   --source-written N   the first source wrote exactly N events
#   --delivered N        the first source delivered exactly N events
#   --min-dropped N      at least N events dropped in total
#   --dropped N          exactly N events dropped in total
#   --drained            nothing may be buffered
# Prints one line per failed check and exits 1 on any.
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--source-written", type=int)
ap.add_argument("--delivered", type=int)
ap.add_argument("--min-dropped", type=int)
ap.add_argument("--dropped", type=int)
ap.add_argument("--drained", action="store_true")
args = ap.parse_args()

stats = json.load(sys.stdin)
bad = []
tot = {"written": 0, "delivered": 0, "dropped": 0, "buffered": 0}
for cpu in stats["cpus"]:
    c = cpu["counters"]
    buffered = cpu["ring-records"]
    if c["written"] != c["delivered"] + c["dropped"] + buffered:
        bad.append(f"cpu {cpu['cpu']}: written {c['written']} != delivered "
                   f"{c['delivered']} + dropped {c['dropped']} + buffered {buffered}")
    for k in ("written", "delivered", "dropped"):
        tot[k] += c[k]
    tot["buffered"] += buffered
if args.drained and tot["buffered"]:
    bad.append(f"{tot['buffered']} records still buffered after the drain")
srcs = stats.get("sources", [])
if tot["buffered"] == 0:
    for s in srcs:
        c = s["counters"]
        if c["written"] != c["delivered"] + c["dropped"]:
            bad.append(f"source {s['id']}: written {c['written']} != delivered "
                       f"{c['delivered']} + dropped {c['dropped']}")
        if c["hits"] != c["written"] + c["filtered"]:
            bad.append(f"source {s['id']}: hits {c['hits']} != written "
                       f"{c['written']} + filtered {c['filtered']}")
if args.source_written is not None:
    got = srcs[0]["counters"]["written"] if srcs else None
    if got != args.source_written:
        bad.append(f"source written {got}, expected {args.source_written}")
if args.delivered is not None:
    got = srcs[0]["counters"]["delivered"] if srcs else None
    if got != args.delivered:
        bad.append(f"source delivered {got}, expected {args.delivered}")
if args.min_dropped is not None and tot["dropped"] < args.min_dropped:
    bad.append(f"dropped {tot['dropped']}, expected at least {args.min_dropped}")
if args.dropped is not None and tot["dropped"] != args.dropped:
    bad.append(f"dropped {tot['dropped']}, expected exactly {args.dropped}")
for b in bad:
    print("accounting:", b)
print(f"accounting: written {tot['written']} delivered {tot['delivered']} "
      f"dropped {tot['dropped']} buffered {tot['buffered']}")
sys.exit(1 if bad else 0)
