#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lock on the "lock" layer analysis. The test module kdbg_lockme
# contends its static mutex kdbg_lockme_mutex from two kthreads exactly
# `rounds` times at load (tests/modules/kdbg_lockme): lock reports that
# mutex, named from kallsyms, with that contention count, each wait at
# least the 200 us its holder sleeps once the waiter is queued, and the
# waiter's kthread as the caller; the text has perf's two tables. Bad
# arguments are usage errors.
#
# With CONFIG_DEBUG_LOCK_ALLOC (the debug kernel), mutex_lock() is
# mutex_lock_nested(), which has no fast path: every mutex_lock() runs
# __mutex_lock_common(), which fires contention_begin (MUTEX|SPIN) before
# its first trylock and contention_end after it even when the trylock
# takes the free mutex. perf lock contention counts those pairs too (its
# lock_contention.bpf.c pairs any begin with the next end), and so does
# lock: there, the holder's uncontended mutex_lock() of each round is one
# more "contention", from the holder's kthread. The counts stay exact:
# the holder always finds the mutex free (the waiter dropped it before
# letting it go on).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-lock
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

ko=$(dirname "$KDBG_KO")/tests/modules/kdbg_lockme/kdbg_lockme.ko
[ -f "$ko" ] || fail "no $ko (scripts/build-module.sh builds it)"
insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbg_lockme 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT

# trace OUT ARGS...: kdbgctl ARGS until kdbg_lockme has loaded (and so
# contended its mutex $rounds times), then SIGINT: its last read.
trace() {
	local outf=$1 i tpid
	shift
	$KDBGCTL "$@" >"$outf" 2>"$outf.err" &
	tpid=$!
	for i in $(seq 1 300); do
		grep -q "Tracing contended locks" "$outf.err" 2>/dev/null && break
		kill -0 "$tpid" 2>/dev/null || fail "lock ended: $(cat "$outf.err")"
		sleep 0.1
	done
	grep -q "Tracing contended locks" "$outf.err" || fail "lock never attached"
	insmod "$ko" rounds="$rounds"
	waited=$(cat /sys/module/kdbg_lockme/parameters/waited)
	kill -INT "$tpid"
	wait "$tpid" || fail "lock failed: $(cat "$outf.err")"
	# Unloaded after the read, which names its functions and its mutex.
	rmmod kdbg_lockme
}

# Contention events per round of the holder's mutex_lock(): 1 where it
# has no fast path (mutex_lock_nested exists only then), else 0.
holder=0
awk '$3 == "mutex_lock_nested" { f = 1 } END { exit !f }' /proc/kallsyms && holder=1

rounds=20
trace "$tmp/a.json" -j lock
[ "$waited" = "$rounds" ] || fail "the waiter was queued in $waited of $rounds rounds"
python3 - "$tmp/a.json" "$rounds" "$holder" <<'PY'
import json, sys
a, rounds = json.loads(open(sys.argv[1]).read()), int(sys.argv[2])
holder = int(sys.argv[3]) * rounds
mine = [l for l in a["locks"] if l["symbol"] == "kdbg_lockme_mutex [kdbg_lockme]"]
assert len(mine) == 1, f"kdbg_lockme_mutex: {mine}; locks: {a['locks'][:8]}"
m = mine[0]
assert m["type"] == "mutex", m
assert m["contended"] == rounds + holder, \
    f"{m['contended']} contentions, expected {rounds} + {holder} from the holder: {m}"
assert m["total-wait-ns"] >= rounds * 200_000, m
assert m["max-wait-ns"] <= m["total-wait-ns"], m
assert int(m["address"], 16) >> 48 == 0xffff, m
# By caller, the first frame outside the locking code: the kthreads'
# own mutex_lock() calls. (On the debug kernel their exits' mutexes count
# too, under callers such as perf_event_exit_task.)
def by(caller):
    cs = [c for c in a["callers"] if c["caller"].startswith(caller)]
    assert all(c["type"] == "mutex" for c in cs), cs
    return cs, sum(c["contended"] for c in cs)
callers, n = by("kdbg_lockme_waiter")
assert n == rounds, f"{n} contentions from the waiter, expected {rounds}: {a['callers'][:8]}"
held, n = by("kdbg_lockme_holder")
assert n == holder, f"{n} contentions from the holder, expected {holder}: {held}"
print(f"lock: kdbg_lockme_mutex contended {m['contended']} times, "
      f"{m['total-wait-ns'] / 1e6:.2f} ms in all, caller {callers[0]['caller']}")
PY

rounds=5
trace "$tmp/t.out" lock --stacks
grep -qE "^ +$((rounds * (1 + holder))) .* mutex +[0-9a-f]{16} +kdbg_lockme_mutex \[kdbg_lockme\]$" "$tmp/t.out" ||
	fail "no by-lock row for kdbg_lockme_mutex: $(cat "$tmp/t.out")"
grep -q 'contended   total wait     max wait     avg wait         type   caller' "$tmp/t.out" ||
	fail "no by-caller table: $(cat "$tmp/t.out")"
grep -qE '^\s+kdbg_lockme_waiter' "$tmp/t.out" || fail "no stack under the caller: $(cat "$tmp/t.out")"

run 2 $KDBGCTL lock --stack
err_is "kdbgctl: error: lock: unknown option '--stack' (see: kdbgctl lock help)"
run 2 $KDBGCTL lock -d 0
err_is "kdbgctl: error: lock: -d '0': expected seconds > 0"
rmmod kdbgmod
trap - EXIT
