#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loss accounting under overload: a 4 KiB ring per CPU, a stack-capturing
# probe, and a flood of getppid() calls from every CPU with a known total.
# In drop mode and in overwrite mode, every event must be accounted for
# exactly: the source wrote the flood's total, the reader received exactly
# what the kernel says it delivered, the rest were dropped, and per CPU
# written = delivered + dropped + buffered, also while records remain
# buffered. Then a reader with several reads in flight on a tiny receive
# buffer, so that the module's replies cannot all be queued: the records of
# those replies count as dropped (and reported lost to the next read),
# never as delivered.
set -euo pipefail
cd "$(dirname "$0")/../.."
acct=tests/integration/lib/accounting.py
flood=tests/tools/kdbg_flood
. tests/integration/lib/cli.sh
out=build/it-overload
mkdir -p "$out"

run_mode() {
	local mode=$1 total received
	insmod "$KDBG_KO" ring_size=4096 $([ "$mode" = overwrite ] && echo overwrite=1)
	trap 'rmmod kdbgmod 2>/dev/null || true' EXIT
	$KDBGCTL probe add __x64_sys_getppid --comm kdbgflood >/dev/null
	total=$($flood 20000)
	# Nothing read yet: the identity must hold with records buffered.
	$KDBGCTL -j stats | python3 $acct --source-written "$total" --min-dropped 1
	$KDBGCTL stream --format json --duration 2 >"$out/$mode.json"
	received=$(python3 -c 'import json, sys
print(sum(json.loads(l).get("source") == "__x64_sys_getppid" for l in sys.stdin))' <"$out/$mode.json")
	echo "$mode: flood $total events, received $received"
	[ "$received" -gt 0 ]
	$KDBGCTL -j stats | python3 $acct --source-written "$total" \
		--delivered "$received" --min-dropped 1 --drained
	grep -q 'dropped' /sys/kernel/debug/kdbg/stats
	rmmod kdbgmod
	trap - EXIT
}

run_inflight() {
	local total received lost enobufs
	# Room for the whole flood: only unqueued replies drop records.
	insmod "$KDBG_KO" ring_size=1048576
	trap 'rmmod kdbgmod 2>/dev/null || true' EXIT
	$KDBGCTL probe add __x64_sys_getppid --comm kdbgflood >/dev/null
	total=$($flood 1000)
	read -r _ received _ lost _ enobufs _ _ < <(tests/tools/kdbg_inflight 8 8192)
	echo "inflight: flood $total events, received $received, lost $lost, ENOBUFS $enobufs"
	[ "$enobufs" -gt 0 ] || fail "every reply was queued: the test did not fill the socket"
	[ "$lost" -gt 0 ] || fail "no records reported lost"
	$KDBGCTL -j stats | python3 $acct --source-written "$total" \
		--delivered "$received" --dropped "$lost" --drained
	rmmod kdbgmod
	trap - EXIT
}

run_mode drop
run_mode overwrite
run_inflight
