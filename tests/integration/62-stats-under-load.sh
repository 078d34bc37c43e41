#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdbgctl under AddressSanitizer and UBSan (user/kdbgctl-asan) while the
# kernel writes and a reader drains tens of thousands of events a second:
# `-j stats`, `stats`, `-j probe list` and `-j ring show` in a loop (up
# to 20 rounds in 30 s), each must exit 0 with no sanitizer report and
# print valid JSON, and the sanitized drain (`stream --format json`) must
# end cleanly. An issue once saw `-j stats`
# segfault under such a drain; this loop is the hunt, kept as a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-stats-load
rm -rf "$tmp"
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
ASAN=user/kdbgctl-asan
flood=tests/tools/kdbg_flood
[ -x "$ASAN" ] || { echo "skip: $ASAN is not built (make tests)"; exit 77; }
# The hunt is in userspace: the debug kernel's KASAN makes every sanitized
# process start take tens of seconds there, and finds nothing more.
[ "${KDBG_KERNEL:-}" != debug ] ||
	{ echo "skip: a userspace hunt, run on the stock kernel"; exit 77; }
# Rounds, within a time budget (the guest is slow under TCG and load).
ROUNDS=${KDBG_STATS_LOAD_ROUNDS:-20}
BUDGET=${KDBG_STATS_LOAD_SECONDS:-30}
# A sanitizer report fails the command: exit code 99, the report on stderr.
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:exitcode=99

insmod "$KDBG_KO" ring_size=65536
# kdbg_flood's workers (named kdbgflood) outlive their parent: kill them
# by name, or they would go on calling getppid() into later tests.
stop_flood() { pkill -x kdbgflood 2>/dev/null || true; kill "$@" 2>/dev/null || true; }
trap 'stop_flood $(jobs -p); rmmod kdbgmod 2>/dev/null || true' EXIT
$KDBGCTL probe add __x64_sys_getppid --comm kdbgflood >/dev/null
$KDBGCTL tracepoint add sched:sched_switch >/dev/null

# The load: getppid() from one CPU until killed (the other runs the loop),
# drained as JSON.
$flood 100000000 kdbgflood 1 >/dev/null &
fl=$!
$ASAN stream --format json >"$tmp/stream.json" 2>"$tmp/stream.err" &
st=$!

start=$SECONDS
for i in $(seq "$ROUNDS"); do
	run 0 $ASAN -j stats
	cp "$tmp/out" "$tmp/stats.$i.json"
	run 0 $ASAN stats
	out_has "__x64_sys_getppid"
	run 0 $ASAN -j probe list
	run 0 $ASAN -j ring show
	[ $((SECONDS - start)) -lt "$BUDGET" ] || break
done
elapsed=$((SECONDS - start))
python3 - "$tmp"/stats.*.json <<'PY' || fail "-j stats printed bad JSON"
import json, sys
for f in sys.argv[1:]:
    s = json.load(open(f))
    assert len(s["sources"]) == 2, (f, s)
PY

kill -INT "$st"
rc=0
wait "$st" || rc=$?
stop_flood "$fl"
wait "$fl" 2>/dev/null || true
for _ in 1 2 3 4 5; do pgrep -x kdbgflood >/dev/null || break; sleep 1; done
! pgrep -x kdbgflood >/dev/null || fail "kdbg_flood's workers survived"
[ "$rc" = 0 ] || fail "the sanitized stream exited $rc: $(tail -20 "$tmp/stream.err")"
events=$(grep -c '"source"' "$tmp/stream.json" || true)
echo "stats under load: $i rounds in ${elapsed}s, the drain took $events events"
[ "$events" -gt 10000 ] || fail "only $events events drained: no load"
$KDBGCTL probe del __x64_sys_getppid >/dev/null
rmmod kdbgmod
trap - EXIT
