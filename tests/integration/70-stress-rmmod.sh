#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress: probes and tracepoint hooks added and deleted in a loop while
# they fire on every CPU and two readers drain (kdbgctl stream over
# netlink, cat of /sys/kernel/debug/kdbg/events), then rmmod in the middle
# of the stream. The netlink reader must end with an error, not hang; the
# module must unload; the VM bench fails the run on any splat or kmemleak
# report.
#
# Aggregating sources get the same treatment: rounds of a funccount-style
# counting pattern, a log2 latency histogram on a kretprobe, a stack table
# and a keyed tracepoint, added, read (agg show, agg stacks) and deleted
# while a third reader reads and clears every table in a loop; under that
# load a comm-keyed count of a known flood is exact; and rmmod happens
# with aggregating sources attached and a funccount session running,
# which must end on SIGTERM afterwards. Fewer rounds on the debug kernel.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each command in the log, with the time it ran at.
PS4='+ [$SECONDS] '
set -x
flood=tests/tools/kdbg_flood
# KASAN makes each add and delete slow: fewer rounds on the debug kernel.
if [ "${KDBG_KERNEL:-}" = debug ]; then
	rounds=${KDBG_STRESS_ROUNDS:-6}
	agg_rounds=${KDBG_STRESS_AGG_ROUNDS:-2}
else
	rounds=${KDBG_STRESS_ROUNDS:-15}
	agg_rounds=${KDBG_STRESS_AGG_ROUNDS:-5}
fi
K=$KDBGCTL

insmod "$KDBG_KO" ring_size=16384
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT

$KDBGCTL stream --format json >/dev/null 2>&1 &
stream=$!
cat /sys/kernel/debug/kdbg/events >/dev/null 2>&1 &
catter=$!
# The load yields to the rounds (nice 19): one flood process per CPU still
# fires the probes whenever a CPU is not running kdbgctl, and on every CPU
# while it waits (RCU grace periods, netlink), but it no longer starves the
# rounds' commands (at nice 0, a round took over a minute under KASAN).
nice -n 19 $flood 2000000 >/dev/null &
load=$!

for i in $(seq "$rounds"); do
	a=$($KDBGCTL probe add __x64_sys_getppid)
	b=$($KDBGCTL probe add do_sys_openat2 --ret)
	c=$($KDBGCTL tracepoint add sched:sched_switch)
	ls / >/dev/null
	$KDBGCTL probe del "${a##* }" >/dev/null
	$KDBGCTL probe del "${b##* }" >/dev/null
	$KDBGCTL tracepoint del "${c##* }" >/dev/null
done

tmp=build/it-stress
rm -rf "$tmp"
mkdir -p "$tmp"
# The clearing reader stops between two reads when told: no read of it
# may clear the exact count below.
(while [ ! -e "$tmp/stop" ]; do $K agg show --clear >/dev/null 2>&1 || true; done) &
agg_reader=$!
for i in $(seq "$agg_rounds"); do
	$K probe add 'vfs_rea*' --entries 1 >/dev/null
	a=$($K probe add do_sys_openat2 --ret --value latency --hist log2 --key comm)
	b=$($K probe add __x64_sys_getppid --key stack,cpu --stacks 64)
	c=$($K tracepoint add sched:sched_switch --key cpu --entries 16)
	ls / >/dev/null
	$K agg show >/dev/null
	$K agg show 'vfs_rea*' --clear >/dev/null
	$K agg stacks "${b##* }" >/dev/null
	$K probe del 'vfs_rea*' >/dev/null
	$K probe del "${a##* }" >/dev/null
	$K probe del "${b##* }" >/dev/null
	$K tracepoint del "${c##* }" >/dev/null
done
touch "$tmp/stop"
wait "$agg_reader"

# Under the flood, a count keyed by comm sees exactly its own process's
# calls: one entry, nothing missed.
id=$($K probe add __x64_sys_getppid --comm kdbgexact --key comm --entries 4)
id=${id##* }
total=$($flood 3000 kdbgexact)
$K -j agg show "$id" | python3 -c '
import json, sys
total = int(sys.argv[1])
(src,) = json.load(sys.stdin)
rows = [(r["comm"], r["count"]) for r in src["rows"]]
assert rows == [("kdbgexact", total)], f"rows {rows}, flood made {total}"
assert src["missed"] == 0, src
print(f"stress: {total} of {total} getppid() counted under load")
' "$total"
$K probe del "$id" >/dev/null

# Leave sources attached and firing for the unload, aggregating ones too,
# and a funccount session.
$K probe add __x64_sys_getppid >/dev/null
$K tracepoint add sched:sched_switch >/dev/null
$K probe add do_sys_openat2 --ret --value latency --hist log2 --key comm >/dev/null
$K probe add vfs_read --key stack,comm >/dev/null
$K funccount 'vfs_write*' >/dev/null 2>"$tmp/funccount.err" &
funccount=$!
for _ in $(seq 600); do
	grep -q '^Tracing' "$tmp/funccount.err" 2>/dev/null && break
	sleep 0.1
done
grep -q '^Tracing' "$tmp/funccount.err" || {
	echo "FAIL: funccount did not attach: $(cat "$tmp/funccount.err")"
	exit 1
}
sleep 1
# An open debugfs file pins the module, as every debugfs user does: rmmod
# must refuse cleanly while cat reads, and succeed once it is gone.
if rmmod kdbgmod 2>/dev/null; then
	echo "FAIL: rmmod succeeded under an open /sys/kernel/debug/kdbg/events"
	exit 1
fi
kill "$catter"
wait "$catter" 2>/dev/null || true
# The netlink reader is blocked in a drain: rmmod wakes it with an error.
rmmod kdbgmod
trap - EXIT
kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
# Its workers (named kdbgflood) outlive it: they would flood later tests.
pkill -x kdbgflood 2>/dev/null || true

# The stream must have returned on its own after the unload.
for pid in $stream; do
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "FAIL: reader $pid still running after rmmod"
		kill "$pid"
		exit 1
	fi
done
# The funccount session outlived its module: SIGTERM ends it (its last
# read fails: exit 1), it does not hang.
kill -TERM "$funccount"
rc=0
timeout 30 tail --pid="$funccount" -f /dev/null || rc=$?
if [ "$rc" != 0 ]; then
	echo "FAIL: funccount still running 30 s after SIGTERM"
	kill -KILL "$funccount"
	exit 1
fi
rc=0
wait "$funccount" || rc=$?
if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
	echo "FAIL: funccount exited $rc after rmmod: $(cat "$tmp/funccount.err")"
	exit 1
fi
! grep -q '^kdbgmod ' /proc/modules
[ "$(wc -l </sys/kernel/debug/kprobes/list)" = 0 ] || {
	echo "FAIL: kprobes left after rmmod: $(cat /sys/kernel/debug/kprobes/list)"
	exit 1
}
echo "stress: $rounds add/del rounds and $agg_rounds aggregating ones under load, rmmod mid-stream: clean"
