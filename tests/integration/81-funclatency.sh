#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# funclatency on do_nanosleep (hrtimer_nanosleep where it is inlined)
# while kdbg_calls (-p: its calls only) sleeps 20 x 2.2 ms and 20 x 17 ms
# with a timer slack of 1 ns. Each sample's latency lies between the
# requested time and the time kdbg_calls measured around its call, so its
# log2 bucket is known (in ns, and in us and ms with -u and -m, where each
# ns bucket is listed under the unit bucket of its lowest value): the
# histogram must hold exactly the 40 samples, each in a bucket its range
# allows, with sum, min and max within the measured bounds, in the JSON
# form (ns, -u) and BCC's text (-m) with its avg/total/count line.
#
# The durations sit just above a power of two of ns (2^21, 2^24) so that
# a late wake-up of up to 1.8 ms (15 ms) stays in one bucket in every
# unit; a later one is not an error, the sample is then allowed either
# bucket.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
tmp=build/it-funclatency
rm -rf "$tmp"
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
. tests/integration/lib/agg.sh
sleeps=(20 2200000 20 17000000)

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT
func=do_nanosleep
grep -qx 'do_nanosleep' /sys/kernel/tracing/available_filter_functions ||
	func=hrtimer_nanosleep

# check UNIT FORMAT: the tool's output ($tmp/$UNIT.out) against the
# samples kdbg_calls measured ($tmp/$UNIT.samples).
check() {
	printf '%s\n' "$out" >"$tmp/$1.out"
	tail -n +2 "$tmp/calls.out" >"$tmp/$1.samples"
	python3 - "$@" "$tmp/$1.out" "$tmp/$1.samples" <<'PY'
import json, re, sys
unit, fmt, out_path, samples_path = sys.argv[1:]
div = {"nsecs": 1, "usecs": 1000, "msecs": 1000000}[unit]
samples = [tuple(map(int, l.split())) for l in open(samples_path)]
assert len(samples) == 40, f"kdbg_calls reported {len(samples)} sleeps"
assert all(g >= r for r, g in samples), samples

def slot(v):			# BCC's and kdbg's log2 slot
    return v.bit_length()

def unit_slot(ns):		# the unit bucket of ns's ns bucket
    s = slot(ns)
    low = 1 << (s - 1) if s else 0
    return slot(low // div)

# Each sample's latency is in [requested, measured]: the buckets it may
# be in (the ns buckets of that range, listed in the unit's). The module
# times with local_clock(), kdbg_calls with CLOCK_MONOTONIC: 0.5% allows
# for their rates (the durations are 5% and more from a boundary).
samples = [(int(r * 0.995), int(g * 1.005)) for r, g in samples]
ranges = []
for req, got in samples:
    assert got >= req, (req, got)
    ranges.append(range(unit_slot(req), unit_slot(got) + 1))

text = open(out_path).read()
if fmt == "json":
    o = json.loads(text)
    assert o["unit"] == unit, o["unit"]
    hist = {}
    for b in o["buckets"]:
        s = slot(b["high"])
        assert b["low"] == (1 << (s - 1) if s > 1 else 0), b
        hist[s] = b["count"]
    count, total = o["count"], o["sum-ns"]
    assert o["min-ns"] >= min(r for r, _ in samples), o
    assert o["min-ns"] <= min(g for _, g in samples), o
    assert o["max-ns"] >= max(r for r, _ in samples), o
    assert o["max-ns"] <= max(g for _, g in samples), o
    assert o["attached"] == 1 and o["matched"] == 1, o
else:
    lines = text.splitlines()
    assert re.fullmatch(rf" +{unit} +: count +distribution", lines[0]), lines[0]
    hist = {}
    for l in lines[1:]:
        m = re.fullmatch(r" *(\d+) -> (\d+) +: (\d+) +\|(\**) *\|", l)
        if not m:
            break
        low, high, c = map(int, m.groups()[:3])
        hist[slot(high)] = c
    m = re.search(rf"^avg = (\d+) {unit}, total: (\d+) {unit}, count: (\d+)$",
                  text, re.M)
    assert m, f"no avg line: {text}"
    avg, tot_unit, count = map(int, m.groups())
    total = None
    lo = sum(r for r, _ in samples) // div
    hi = sum(g for _, g in samples) // div
    assert lo <= tot_unit <= hi, (lo, tot_unit, hi)
    assert count and avg == tot_unit // count, (avg, tot_unit, count)
assert count == 40, f"counted {count} sleeps, made 40"
assert sum(hist.values()) == 40, f"the buckets hold {sum(hist.values())}: {hist}"
if total is not None:
    lo, hi = sum(r for r, _ in samples), sum(g for _, g in samples)
    assert lo <= total <= hi, (lo, total, hi)
# Bucket by bucket: at least the samples that can only be there, at most
# those that may be.
for s in set(hist) | {r.start for r in ranges}:
    must = sum(1 for r in ranges if len(r) == 1 and s in r)
    may = sum(1 for r in ranges if s in r)
    assert must <= hist.get(s, 0) <= may, \
        f"bucket {s}: {hist.get(s, 0)} samples, expected {must} to {may}: {hist}"
ambiguous = sum(1 for r in ranges if len(r) > 1)
print(f"funclatency {unit} ({fmt}): {hist}, 40 samples, {ambiguous} late "
      f"past a bucket boundary")
PY
	no_stray_kprobes "$func"
}

traced -j funclatency -p @PID "$func" -- sleep "${sleeps[@]}"
check nsecs json
traced -j funclatency -u -p @PID "$func" -- sleep "${sleeps[@]}"
check usecs json
traced funclatency -m -p @PID "$func" -- sleep "${sleeps[@]}"
check msecs text
rmmod kdbgmod
trap - EXIT
