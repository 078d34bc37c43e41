#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# runqlat on the "runqlat" layer analysis. Two busy loops pinned to one
# vCPU preempt each other at every scheduler slice, so each waits on the
# run queue about a slice (milliseconds) at a time: runqlat -p (one of
# them) reports waits, their average between 100 us and 200 ms; with
# --per-cpu -m, BCC's text histogram in msecs for the pinned CPU only.
# Bad arguments are usage errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-runqlat
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

[ "$(nproc)" -ge 2 ] || { echo "skip: needs 2 CPUs"; exit 77; }
insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT

cpu=$(($(nproc) - 1))
taskset -c "$cpu" bash -c 'while :; do :; done' &
b1=$!
taskset -c "$cpu" bash -c 'while :; do :; done' &
b2=$!

$KDBGCTL -j runqlat -p "$b1" -d 2 >"$tmp/all.json" 2>"$tmp/all.err"
$KDBGCTL runqlat -m --per-cpu -p "$b1" -d 2 >"$tmp/cpu.out" 2>"$tmp/cpu.err"
kill "$b1" "$b2"
wait "$b1" "$b2" 2>/dev/null || true

python3 - "$tmp/all.json" <<'PY'
import json, sys
a = json.loads(open(sys.argv[1]).read())
assert a["unit"] == "usecs", a
n, avg = a["count"], a["sum-ns"] / max(a["count"], 1)
assert n >= 20, f"only {n} run-queue waits in 2 s of two loops on one CPU"
assert 100_000 <= avg <= 200_000_000, f"average wait {avg:.0f} ns"
assert sum(b["count"] for b in a["buckets"]) == n, a
assert a["min-ns"] <= avg <= a["max-ns"], a
print(f"runqlat: {n} waits, avg {avg / 1e6:.2f} ms, max {a['max-ns'] / 1e6:.2f} ms")
PY
# Per CPU, in msecs: every wait ended on the CPU the loop is pinned to.
cpus=$(grep '^cpu = ' "$tmp/cpu.out" | tr '\n' ' ')
[ "$cpus" = "cpu = $cpu " ] || fail "waits ended on: '$cpus', expected cpu = $cpu: $(cat "$tmp/cpu.out")"
grep -qE '^ +msecs +: count +distribution$' "$tmp/cpu.out" ||
	fail "no msecs histogram: $(cat "$tmp/cpu.out")"
grep -q "Tracing run queue latency" "$tmp/cpu.err" || fail "no banner: $(cat "$tmp/cpu.err")"

run 2 $KDBGCTL runqlat --per-cpus
err_is "kdbgctl: error: runqlat: unknown option '--per-cpus' (see: kdbgctl runqlat help)"
run 2 $KDBGCTL runqlat -i 0
err_is "kdbgctl: error: runqlat: -i '0': expected seconds > 0"
rmmod kdbgmod
trap - EXIT
