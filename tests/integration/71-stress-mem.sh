#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress of the memory commands, as 70-stress-rmmod.sh does for the
# others: slab walks (netlink and debugfs "slabs") in a loop while the test
# module kdbg_leakme is loaded and unloaded (its cache created and
# destroyed during the walks) and leaks and frees; rounds of memleak
# sessions (a memleak source added, its outstanding set read, deleted)
# under that churn; then rmmod with a memleak source attached and
# tracking. The module must unload, and the VM bench fails the run on any
# splat or kmemleak report. Fewer rounds on the debug kernel.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
if [ "${KDBG_KERNEL:-}" = debug ]; then
	rounds=${KDBG_STRESS_ROUNDS:-2}
else
	rounds=${KDBG_STRESS_ROUNDS:-4}
fi
K=$KDBGCTL
ko=$(dirname "$KDBG_KO")/tests/modules/kdbg_leakme/kdbg_leakme.ko
tmp=build/it-stress-mem
rm -rf "$tmp"
mkdir -p "$tmp"

insmod "$KDBG_KO"
trap 'touch "$tmp/stop"; kill $(jobs -p) 2>/dev/null || true; wait; rmmod kdbg_leakme 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT

# Caches come and go: load, leak and free, unload, again.
(while [ ! -e "$tmp/stop" ]; do
	insmod "$ko" leak=50 churn=50
	echo go >/sys/kernel/debug/kdbg_leakme/trigger
	rmmod kdbg_leakme
done) &
churn=$!
# Walks meanwhile, both ways in.
(while [ ! -e "$tmp/stop" ]; do
	$K slab top >/dev/null
	cat /sys/kernel/debug/kdbg/slabs >/dev/null
done) &
walker=$!

for i in $(seq "$rounds"); do
	$K -j memleak -d 0.5 --sample $((i % 2 ? 1 : 16)) >"$tmp/ml.json"
	grep -q '"stacks":\[{' "$tmp/ml.json" || { echo "FAIL: no stack: $(cat "$tmp/ml.json")"; exit 1; }
	$K slab top -i 0.2 -c 2 -s growth >/dev/null
	$K memleak -d 0.2 --cache kmalloc-64 >/dev/null
done
touch "$tmp/stop"
wait "$churn" "$walker"

# rmmod with a memleak source attached and tracking: the session's read,
# which SIGINT starts, fails afterwards (exit 1); nothing hangs or leaks.
$K memleak -d 600 >/dev/null 2>"$tmp/ml.err" &
ml=$!
for _ in $(seq 100); do
	grep -q '^Tracking' "$tmp/ml.err" 2>/dev/null && break
	sleep 0.1
done
grep -q '^Tracking' "$tmp/ml.err" || { echo "FAIL: memleak did not attach: $(cat "$tmp/ml.err")"; exit 1; }
sleep 1
rmmod kdbgmod
trap - EXIT
kill -INT "$ml"
rc=0
timeout 60 tail --pid="$ml" -f /dev/null || { echo "FAIL: memleak still running 60 s after SIGINT"; kill -KILL "$ml"; exit 1; }
wait "$ml" || rc=$?
[ "$rc" = 1 ] || { echo "FAIL: memleak exited $rc after rmmod: $(cat "$tmp/ml.err")"; exit 1; }
! grep -q '^kdbgmod ' /proc/modules
echo "stress-mem: $rounds memleak rounds under cache churn, rmmod mid-session: clean"
