#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of `make demo` (scripts/demo.sh starts it through the VM
# bench): the used-by sequence. Loads kdbgmod.ko, puts a probe on
# tcp_v4_connect, streams folded stacks while a few loopback TCP connects
# happen, then shows the stats. Leaves folded.txt, stats.txt and probes.txt
# in $KDBG_OUT.
set -euo pipefail

connects=${KDBG_DEMO_CONNECTS:-5}
out=$KDBG_OUT

echo "+ insmod $KDBG_KO"
insmod "$KDBG_KO"
echo "+ kdbgctl probe add tcp_v4_connect"
"$KDBGCTL" probe add tcp_v4_connect
echo "+ kdbgctl stream --format folded --duration 8 > folded.txt &"
"$KDBGCTL" stream --format folded --duration 8 >"$out/folded.txt" &
stream=$!
sleep 2
echo "+ $connects TCP connects to 127.0.0.1:9 (refused, but each one connects)"
for _ in $(seq "$connects"); do
	(exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null || true
done
wait "$stream"
echo "+ kdbgctl probe list"
"$KDBGCTL" probe list | tee "$out/probes.txt"
echo "+ cat /sys/kernel/debug/kdbg/stats"
tee "$out/stats.txt" </sys/kernel/debug/kdbg/stats
echo "+ folded stacks:"
cat "$out/folded.txt"
rmmod kdbgmod
