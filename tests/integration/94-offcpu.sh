#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# offcpu on the "offcpu" layer analysis. A python3 process that, once the
# tool is attached, sleeps 5 times 200 ms is reported off CPU with its
# stack (do_nanosleep, from clock_nanosleep): exactly 5 times, each
# 200 ms give or take the guest's wakeup latency. A second run with
# --min-block 300000 (300 ms, left out in the kernel) and -f sees only
# the 3 sleeps of 400 ms of a process that also sleeps 5 times 100 ms, as
# folded lines "python3;...;do_nanosleep US". Bad arguments are usage
# errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-offcpu
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -f "${fifo:-}" "${fifo:-}.ready"; rmmod kdbgmod 2>/dev/null || true' EXIT

# sleeper FIFO SLEEPS...: wait for a line on FIFO, then sleep each (s).
# Returns once python3 has started (FIFO.ready exists): its start-up
# (imports over 9p, page faults) takes seconds on the debug kernel, and
# must not eat the trace's -d.
sleeper() {
	local i
	rm -f "$1.ready"
	python3 -c '
import sys, time
open(sys.argv[1] + ".ready", "w").close()
open(sys.argv[1]).readline()
for s in sys.argv[2:]:
    time.sleep(float(s))
' "$@" &
	sp=$!
	for i in $(seq 1 1200); do
		[ -e "$1.ready" ] && return
		kill -0 "$sp" 2>/dev/null || fail "the sleeper ended"
		sleep 0.1
	done
	fail "the sleeper never started"
}

# trace OUT FIFO ARGS...: kdbgctl ARGS in the background; once it is
# attached, start the sleeper by writing to FIFO; wait for both.
trace() {
	local outf=$1 fifo=$2 i tpid
	shift 2
	$KDBGCTL "$@" >"$outf" 2>"$outf.err" &
	tpid=$!
	for i in $(seq 1 300); do
		grep -q "Tracing off-CPU" "$outf.err" 2>/dev/null && break
		kill -0 "$tpid" 2>/dev/null || fail "offcpu ended: $(cat "$outf.err")"
		sleep 0.1
	done
	grep -q "Tracing off-CPU" "$outf.err" || fail "offcpu never attached"
	echo go >"$fifo"
	wait "$sp" || fail "the sleeper failed"
	wait "$tpid" || fail "offcpu failed: $(cat "$outf.err")"
}

# The repository is on 9p, which has no FIFOs: the guest's /tmp is tmpfs.
fifo=$(mktemp -u /tmp/offcpu.XXXXXX)
mkfifo "$fifo"
sleeper "$fifo" 0.2 0.2 0.2 0.2 0.2
trace "$tmp/a.json" "$fifo" -j offcpu -p "$sp" -d 4
python3 - "$tmp/a.json" <<'PY'
import json, sys
a = json.loads(open(sys.argv[1]).read())
naps = [s for s in a["stacks"] if "do_nanosleep" in s["frames"]]
assert naps, f"no do_nanosleep stack: {a}"
n = sum(s["count"] for s in naps)
tot = sum(s["total-us"] for s in naps)
mx = max(s["max-us"] for s in naps)
assert all(s["comm"] == "python3" for s in naps), naps
assert n == 5, f"{n} sleeps off CPU, expected 5: {naps}"
assert 5 * 195_000 <= tot <= 5 * 400_000, f"5 sleeps of 200 ms: {tot} us"
assert mx <= 400_000, f"longest sleep {mx} us"
# The stack the task blocked with, innermost first (as BCC prints it).
f = naps[0]["frames"]
assert f.index("schedule") < f.index("do_nanosleep"), f
print(f"offcpu: {n} sleeps, {tot} us off CPU, longest {mx} us")
PY

sleeper "$fifo" 0.1 0.4 0.1 0.4 0.1 0.4 0.1 0.1
trace "$tmp/f.out" "$fifo" offcpu -f --min-block 300000 -p "$sp" -d 5
python3 - "$tmp/f.out" <<'PY'
import sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
naps = [(l[0].split(";"), int(l[1])) for l in lines
        if "do_nanosleep" in l[0].split(";")]
assert naps, f"no do_nanosleep line: {lines}"
assert all(f[0] == "python3" for f, _ in naps), naps
us = sum(v for _, v in naps)
# Only the 400 ms sleeps: 3 of them, the 100 ms ones left out.
assert 3 * 395_000 <= us <= 3 * 700_000, f"{us} us, expected 3 x 400 ms"
print(f"offcpu -f --min-block: {us} us in {len(naps)} folded lines")
PY
grep -q "Tracing off-CPU" "$tmp/f.out.err" || fail "no banner"

run 2 $KDBGCTL offcpu --min-block x
err_is "kdbgctl: error: offcpu: --min-block 'x': expected microseconds"
run 2 $KDBGCTL offcpu -c 0123456789abcdefg
err_is "kdbgctl: error: offcpu: -c '0123456789abcdefg': a command name has 1 to 15 characters"
run 2 $KDBGCTL offcpu -x
err_is "kdbgctl: error: offcpu: unknown option '-x' (see: kdbgctl offcpu help)"
rm -f "$fifo" "$fifo.ready"
rmmod kdbgmod
trap - EXIT
