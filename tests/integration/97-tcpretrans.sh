#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcpretrans on the "tcpretrans" layer analysis. A listener on loopback
# with backlog 1 whose accept queue is full (two connections it never
# accepts) drops every further SYN silently, so a third connect() gets
# SYN retransmits (the first after 1 s, then 2 s later): tcpretrans -c
# reports that one flow, to the listener's address and port in SYN_SENT,
# with as many retransmits as the kernel's own TcpExt TCPSynRetrans grew
# by (at least 1); the default mode prints BCC's lines, one per
# retransmit. Bad arguments are usage errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-tcpretrans
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT
ip link set lo up

synretrans() {
	awk '/^TcpExt:/ { if (h) { for (i = 2; i <= NF; i++) if (n[i] == "TCPSynRetrans") print $i; exit }
			  for (i = 2; i <= NF; i++) n[i] = $i; h = 1 }' /proc/net/netstat
}

# trace OUT ARGS...: kdbgctl ARGS while a connect to a full listener
# retransmits its SYN for 3.5 s; $port is the listener's port.
trace() {
	local outf=$1 i tpid
	shift
	$KDBGCTL "$@" >"$outf" 2>"$outf.err" &
	tpid=$!
	for i in $(seq 1 300); do
		grep -q "Tracing retransmits" "$outf.err" 2>/dev/null && break
		kill -0 "$tpid" 2>/dev/null || fail "tcpretrans ended: $(cat "$outf.err")"
		sleep 0.1
	done
	grep -q "Tracing retransmits" "$outf.err" || fail "tcpretrans never attached"
	before=$(synretrans)
	port=$(python3 -c '
import socket, time
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
full = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
time.sleep(0.2)
c = socket.socket()
c.setblocking(False)
try:
    c.connect(("127.0.0.1", port))
except BlockingIOError:
    pass
time.sleep(3.5)
c.close()
print(port)
')
	after=$(synretrans)
	sleep 1.2	# a last interval read of the default mode
	kill -INT "$tpid"
	wait "$tpid" || fail "tcpretrans failed: $(cat "$outf.err")"
}

trace "$tmp/c.json" -j tcpretrans -c
python3 - "$tmp/c.json" "$port" "$before" "$after" <<'PY'
import json, sys
a, port = json.loads(open(sys.argv[1]).read()), int(sys.argv[2])
m = int(sys.argv[4]) - int(sys.argv[3])
assert m >= 1, f"TCPSynRetrans grew by {m}"
flows = [f for f in a["flows"] if f["rport"] == port]
assert len(flows) == 1, f"flows to port {port}: {a['flows']}"
f = flows[0]
assert f["raddr"] == "127.0.0.1" and f["laddr"] == "127.0.0.1", f
assert f["state"] == "SYN_SENT" and f["ip"] == 4, f
assert f["retransmits"] == m, f"{f['retransmits']} retransmits, TCPSynRetrans +{m}"
print(f"tcpretrans -c: {m} SYN retransmits to 127.0.0.1:{port}")
PY

trace "$tmp/t.out" tcpretrans
m=$((after - before))
n=$(grep -cE "^[0-9:]{8} +[0-9]+ +[^ ]+ +4 +127\.0\.0\.1:[0-9]+ +R> 127\.0\.0\.1:$port +SYN_SENT$" "$tmp/t.out" || true)
[ "$n" = "$m" ] || fail "$n lines for $m retransmits: $(cat "$tmp/t.out")"
head -n 1 "$tmp/t.out" | grep -qE '^TIME +PID +COMM +IP +LADDR:LPORT +T> RADDR:RPORT +STATE$' ||
	fail "no header: $(cat "$tmp/t.out")"

run 2 $KDBGCTL tcpretrans --comm
err_is "kdbgctl: error: tcpretrans: option '--comm' needs a value"
run 2 $KDBGCTL tcpretrans -c 1
err_is "kdbgctl: error: tcpretrans: unexpected argument '1' (see: kdbgctl tcpretrans help)"
rmmod kdbgmod
trap - EXIT
