#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress: probes and tracepoint hooks added and deleted in a loop while
# they fire on every CPU and two readers drain (kdbgctl stream over
# netlink, cat of /sys/kernel/debug/kdbg/events), then rmmod in the middle
# of the stream. The netlink reader must end with an error, not hang; the
# module must unload; the VM bench fails the run on any splat or kmemleak
# report.
set -euo pipefail
cd "$(dirname "$0")/../.."
flood=tests/tools/kdbg_flood
rounds=${KDBG_STRESS_ROUNDS:-15}

insmod "$KDBG_KO" ring_size=16384
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT

$KDBGCTL stream --format json >/dev/null 2>&1 &
stream=$!
cat /sys/kernel/debug/kdbg/events >/dev/null 2>&1 &
catter=$!
$flood 2000000 >/dev/null &
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
# Leave sources attached and firing for the unload.
$KDBGCTL probe add __x64_sys_getppid >/dev/null
$KDBGCTL tracepoint add sched:sched_switch >/dev/null
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
! grep -q '^kdbgmod ' /proc/modules
echo "stress: $rounds add/del rounds under load, rmmod mid-stream: clean"
