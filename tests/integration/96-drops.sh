#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# drops on the "drops" layer analysis. N UDP datagrams to a closed port
# on loopback are N drops with the reason the running kernel names
# NO_SOCKET, at __udp4_lib_rcv, as many as the kernel's own counter
# (Udp NoPorts in /proc/net/snmp) grew by; with --stack, under the
# stack __udp4_lib_rcv <- ip_protocol_deliver_rcu <- the kernel's
# ip_local_deliver* <- __netif_receive_skb_one_core.
# Bad arguments are usage errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-drops
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT
ip link set lo up

noports() { awk '/^Udp:/ { if (h) print $3; h = 1 }' /proc/net/snmp; }

# trace OUT N ARGS...: kdbgctl ARGS while N datagrams go to a closed port.
trace() {
	local outf=$1 n=$2 i tpid
	shift 2
	$KDBGCTL "$@" >"$outf" 2>"$outf.err" &
	tpid=$!
	for i in $(seq 1 300); do
		grep -q "Tracing dropped packets" "$outf.err" 2>/dev/null && break
		kill -0 "$tpid" 2>/dev/null || fail "drops ended: $(cat "$outf.err")"
		sleep 0.1
	done
	grep -q "Tracing dropped packets" "$outf.err" || fail "drops never attached"
	before=$(noports)
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(b"kdbg", ("127.0.0.1", 9))
' "$n"
	sleep 0.5
	after=$(noports)
	kill -INT "$tpid"
	wait "$tpid" || fail "drops failed: $(cat "$outf.err")"
}

trace "$tmp/a.json" 7 -j drops
python3 - "$tmp/a.json" 7 "$before" "$after" <<'PY'
import json, sys
a, n = json.loads(open(sys.argv[1]).read()), int(sys.argv[2])
noports = int(sys.argv[4]) - int(sys.argv[3])
assert noports == n, f"Udp NoPorts grew by {noports}, {n} datagrams sent"
r = [x for x in a["reasons"] if x["reason"] == "NO_SOCKET"]
assert len(r) == 1 and r[0]["drops"] == n, f"NO_SOCKET: {r}; {a['reasons']}"
loc = [x for x in a["locations"] if x["reason"] == "NO_SOCKET"]
assert sum(x["drops"] for x in loc) == n, loc
assert all(x["location"].startswith("__udp4_lib_rcv+0x") for x in loc), loc
print(f"drops: {n} NO_SOCKET at {loc[0]['location']}, Udp NoPorts +{noports}")
PY

trace "$tmp/s.out" 3 drops --stack
grep -qE '^ +3  NO_SOCKET +__udp4_lib_rcv\+0x' "$tmp/s.out" ||
	fail "no location row: $(cat "$tmp/s.out")"
# The stack into the UDP receive: ip_protocol_deliver_rcu() is called by
# ip_local_deliver_finish(), reached from __netif_receive_skb_one_core()
# by ip_local_deliver()'s tail call (stock); where the compiler inlined
# ip_local_deliver_finish() into ip_local_deliver() (the debug kernel: no
# such symbol), the frame between is ip_local_deliver.
path="ip_protocol_deliver_rcu ip_local_deliver __netif_receive_skb_one_core"
awk '$3 == "ip_local_deliver_finish" { f = 1 } END { exit !f }' /proc/kallsyms &&
	path="ip_protocol_deliver_rcu ip_local_deliver_finish __netif_receive_skb_one_core"
python3 - "$tmp/s.out" $path <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
path = sys.argv[2:]
rows = [i for i, l in enumerate(lines) if l.split()[1:2] == ["NO_SOCKET"]]
assert rows, lines
frames = []
for l in lines[rows[0] + 1:]:
    if not l.startswith("\t"):
        break
    frames.append(l.strip())
assert "__udp4_lib_rcv" in frames, frames
u = frames.index("__udp4_lib_rcv")
i = frames.index(path[0]) if path[0] in frames else -1
assert i > u and frames[i:i + len(path)] == path, f"no {' <- '.join(path)}: {frames}"
print(f"drops --stack: {' <- '.join(frames[1:i + len(path)])}")
PY

run 2 $KDBGCTL drops -p 1
err_is "kdbgctl: error: drops: -p does not apply: packets drop in softirq context, for no process"
run 2 $KDBGCTL drops --stacks
err_is "kdbgctl: error: drops: unknown option '--stacks' (see: kdbgctl drops help)"
rmmod kdbgmod
trap - EXIT
