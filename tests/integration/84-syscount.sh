#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# syscount on the "syscalls" layer analysis. A helper (tests/tools/
# kdbg_syscalls) waits until syscount is attached, then makes exactly 100
# getppid(), 10 open() of a missing file and a 20 ms nanosleep(): syscount
# -L -p PID reports those exact counts, 10 errors all ENOENT, and the
# nanosleep's time between 20 ms and 1 s; -c COMM with -e the same counts
# of only the listed calls. A second syscount while one runs is refused
# with the kernel's message; bad arguments are usage errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-syscount
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT

# wait_for FILE RE: until FILE has a line matching RE (at most 30 s)
wait_for() {
	local i
	for i in $(seq 300); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "no '$2' in $1: $(cat "$1")"
}

# traced NAME -p|-c [SYSCOUNT-ARGS...]: the helper's calls under syscount
traced() {
	local name=$1 how=$2 hpid spid filter
	shift 2
	tests/tools/kdbg_syscalls 100 10 20 >"$tmp/$name.helper" &
	hpid=$!
	wait_for "$tmp/$name.helper" ready
	if [ "$how" = -p ]; then filter=$hpid; else filter=kdbg_syscalls; fi
	$KDBGCTL -j syscount "$how" "$filter" "$@" -d 60 \
		>"$tmp/$name.json" 2>"$tmp/$name.err" &
	spid=$!
	wait_for "$tmp/$name.err" "Tracing syscalls"
	if [ "$name" = pid ]; then
		# One analysis at a time: the kernel refuses a second.
		run 1 $KDBGCTL syscount -d 1
		err_is "kdbgctl: error: syscount syscalls: a source of this type and target is already attached"
	fi
	kill -USR1 "$hpid"
	wait "$hpid" || fail "helper exited $?"
	# While attached: the source as probe list, stats and debugfs see it.
	$KDBGCTL -j probe list >"$tmp/$name.list"
	$KDBGCTL -j stats >"$tmp/$name.stats"
	grep -q '^source [0-9]* layer syscalls ' /sys/kernel/debug/kdbg/aggs ||
		fail "debugfs aggs lacks the syscalls source"
	kill -INT "$spid"
	wait "$spid" || fail "syscount exited $? ($(cat "$tmp/$name.err"))"
}

traced pid -p -L
traced comm -c -e getppid,open,nanosleep

python3 - "$tmp/pid.json" "$tmp/comm.json" <<'PY'
import json, sys
def load(path):
    outs = [json.loads(l) for l in open(path) if l.strip()]
    assert len(outs) == 1, f"{path}: {len(outs)} outputs"
    return {s["name"]: s for s in outs[0]["syscalls"]}
for path in sys.argv[1:]:
    sc = load(path)
    for name, count, errors in (("getppid", 100, 0), ("open", 10, 10),
                                ("nanosleep", 1, 0)):
        s = sc.get(name)
        assert s, f"{path}: no {name} in {sorted(sc)}"
        assert s["count"] == count, f"{path}: {name} count {s['count']}, expected {count}"
        assert s["errors"] == errors, f"{path}: {name} errors {s['errors']}, expected {errors}"
    assert sc["open"]["errnos"] == [{"errno": "ENOENT", "count": 10}], sc["open"]
    ns = sc["nanosleep"]
    assert 20_000_000 <= ns["total-ns"] < 1_000_000_000, ns
    assert ns["max-ns"] == ns["total-ns"] == ns["min-ns"], ns
    gp = sc["getppid"]
    assert gp["avg-ns"] * 100 <= gp["total-ns"] < (gp["avg-ns"] + 1) * 100, gp
    assert gp["max-ns"] < 100_000_000, gp
    print(f"{path}: getppid 100, open 10 (10 ENOENT), nanosleep "
          f"{ns['total-ns'] / 1e6:.1f} ms")
    # The helper's only calls that both start and end while attached.
    assert set(sc) == {"getppid", "open", "nanosleep"}, sorted(sc)
    base = path[:-len(".json")]
    src = [s for s in json.load(open(base + ".list")) if s["target"] == "syscalls"]
    assert len(src) == 1 and src[0]["type"] == "layer", src
    st = [s for s in json.load(open(base + ".stats"))["sources"]
          if s["target"] == "syscalls"]
    c = st[0]["counters"]
    # Measurements = the table's counts: 100 + 10 + 1; no start lost.
    assert c["hits"] - c["filtered"] == 111, c
    assert c["missed"] == 0 and c["written"] == 0, c
PY

# The text table: BCC's columns, getppid's row with its count.
tests/tools/kdbg_syscalls 3 0 1 >"$tmp/text.helper" &
hpid=$!
wait_for "$tmp/text.helper" ready
$KDBGCTL syscount -L -p "$hpid" -d 60 >"$tmp/text.out" 2>"$tmp/text.err" &
spid=$!
wait_for "$tmp/text.err" "Tracing syscalls"
kill -USR1 "$hpid"
wait "$hpid"
kill -INT "$spid"
wait "$spid"
grep -qE '^SYSCALL +COUNT +ERRORS +TIME \(us\) +AVG +MAX$' "$tmp/text.out" ||
	fail "no header: $(cat "$tmp/text.out")"
grep -qE '^getppid +3 +0 ' "$tmp/text.out" || fail "no getppid row: $(cat "$tmp/text.out")"

run 2 $KDBGCTL syscount -e nosuchcall
err_is "kdbgctl: error: syscount: -e: unknown system call 'nosuchcall'"
run 2 $KDBGCTL syscount -c 0123456789abcdef
err_is "kdbgctl: error: syscount: -c '0123456789abcdef': a command name has 1 to 15 characters"
run 2 $KDBGCTL syscount extra
err_is "kdbgctl: error: syscount: unexpected argument 'extra' (see: kdbgctl syscount help)"
rmmod kdbgmod
trap - EXIT
echo "syscount: exact counts, errors and times"
