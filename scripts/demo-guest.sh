#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The used-by sequence, run inside the demo guest (scripts/demo.sh): load
# the module, probe tcp_v4_connect, stream folded stacks while a few
# loopback TCP connections are made, show the stats file, and leave the
# folded stacks and a flame graph in build/demo/ for the host.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
mkdir -p "$out"
conns=${KDBG_DEMO_CONNECTS:-5}

ip link set lo up 2>/dev/null || true
echo "# insmod kdbgmod.ko"
insmod "$KDBG_KO"
echo "# kdbgctl probe add tcp_v4_connect"
$KDBGCTL probe add tcp_v4_connect
echo "# kdbgctl stream --format folded   (while $conns TCP connects run)"
$KDBGCTL stream --format folded --duration 4 >"$out/folded.txt" &
reader=$!
sleep 1
python3 - "$conns" <<'PY'
import socket, sys
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(64)
for _ in range(int(sys.argv[1])):
    c = socket.create_connection(srv.getsockname())
    srv.accept()[0].close()
    c.close()
PY
wait $reader
cat "$out/folded.txt"
echo "# cat /sys/kernel/debug/kdbg/stats"
cat /sys/kernel/debug/kdbg/stats
$KDBGCTL fold --format svg --title "tcp_v4_connect (kdbg demo)" \
	"$out/folded.txt" >"$out/flame.svg"
rmmod kdbgmod
