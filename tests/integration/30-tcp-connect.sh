#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The used-by sequence end to end:
#	insmod kdbgmod.ko
#	kdbgctl probe add tcp_v4_connect
#	kdbgctl stream --format folded
#	cat /sys/kernel/debug/kdbg/stats
# N loopback TCP connects from python3 must give exactly N samples, all
# rooted at python3 and running through the connect syscall path
# (__sys_connect or __x64_sys_connect) down to tcp_v4_connect; probe list,
# kdbgctl stats and the debugfs stats file must all count N. Then the
# other stream modes: --count, JSON lines, SIGTERM (exit 0), --interval,
# and an SVG flame graph written with --output.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each command in the log, with the time it ran at.
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
N=${KDBG_CONNECTS:-25}
out=build/it-tcp-connect
rm -rf "$out"
mkdir -p "$out"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT

fail() {
	echo "FAIL: $*"
	$K probe list || true
	$K stats || true
	exit 1
}

connects() {
	python3 - "$1" <<'PY'
import socket, sys
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(128)
port = srv.getsockname()[1]
for _ in range(int(sys.argv[1])):
    c = socket.create_connection(("127.0.0.1", port))
    a, _ = srv.accept()
    a.close()
    c.close()
PY
}

insmod "$KDBG_KO"
id=$($K probe add tcp_v4_connect)
# --duration is generous: a loaded TCG guest may take long to start
# python3. SIGTERM stops the stream as soon as the connects are done; it
# then drains what is buffered, so no sample is missed either way.
$K stream --format folded --duration 300 >"$out/connect.folded" 2>"$out/stream.err" &
reader=$!
connects "$N"
sleep 1
kill -TERM $reader
wait $reader || fail "stream exited $?: $(cat "$out/stream.err")"
cat "$out/connect.folded" "$out/stream.err"

python3 - "$out/connect.folded" "$N" <<'PY' || fail "folded stacks"
import sys
n = int(sys.argv[2])
total = mine = 0
bad = []
for line in open(sys.argv[1]):
    stack, count = line.rstrip("\n").rsplit(" ", 1)
    frames = stack.split(";")
    total += int(count)
    if frames[0] != "python3":
        continue
    mine += int(count)
    if frames[-1] != "tcp_v4_connect":
        bad.append("innermost frame is not tcp_v4_connect: " + stack)
    if not {"__sys_connect", "__x64_sys_connect"} & set(frames):
        bad.append("no connect syscall path: " + stack)
    if any("+0x" in f for f in frames):
        bad.append("offsets without --addrs: " + stack)
if mine != n:
    bad.append(f"{mine} python3 samples, expected exactly {n}")
if total != n:
    bad.append(f"{total} samples in all, expected exactly {n}")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

# probe list, kdbgctl stats and the debugfs file agree with N
$K -j probe list >"$out/list.json"
python3 -c '
import json, sys
n = int(sys.argv[2])
s = [s for s in json.load(open(sys.argv[1])) if s["target"] == "tcp_v4_connect"][0]
c = s["counters"]
assert c["hits"] == n and c["written"] == n and c["delivered"] == n, c
assert c["dropped"] == 0 and c["filtered"] == 0, c
' "$out/list.json" "$N" || fail "probe list counters: $(cat "$out/list.json")"
$K -j stats >"$out/stats.json"
python3 tests/integration/lib/accounting.py --source-written "$N" \
	--delivered "$N" --drained <"$out/stats.json" || fail "kdbgctl stats"
cat /sys/kernel/debug/kdbg/stats | tee "$out/debugfs-stats"
# "ID kprobe tcp_v4_connect HITS FILTERED WRITTEN DELIVERED DROPPED MISSED"
# (a here-string: the guest has no /dev/fd for process substitution)
read -r hits written delivered <<<"$(awk -v id="$id" \
	'$1 == id && $2 == "kprobe" && $3 == "tcp_v4_connect" { print $4, $6, $7 }' \
	"$out/debugfs-stats")"
[ "$hits" = "$N" ] && [ "$written" = "$N" ] && [ "$delivered" = "$N" ] ||
	fail "debugfs stats: hits '$hits' written '$written' delivered '$delivered', expected $N"
# kdbgctl stats prints the debugfs tables: the same source row
$K stats >"$out/stats.txt"
grep -E "^$id +kprobe +tcp_v4_connect +$N +0 +$N +$N +0 " "$out/stats.txt" >/dev/null ||
	fail "kdbgctl stats row: $(grep tcp_v4_connect "$out/stats.txt")"

# --count stops after exactly that many events; text is one line each
$K stream --count 3 >"$out/count.txt" &
reader=$!
sleep 1
connects 5
wait $reader || fail "stream --count exited $?"
[ "$(wc -l <"$out/count.txt")" = 3 ] || fail "--count 3 printed: $(cat "$out/count.txt")"
grep -q " python3 [0-9]*/[0-9]* kprobe tcp_v4_connect$" "$out/count.txt" ||
	fail "text line: $(head -1 "$out/count.txt")"
# drain the 2 events --count left behind
$K stream --duration 1 >/dev/null

# JSON lines; SIGTERM ends the stream with exit 0
$K stream --format json >"$out/events.json" &
reader=$!
connects 2
sleep 1
kill -TERM $reader
wait $reader || fail "stream exited $? on SIGTERM"
python3 - "$out/events.json" <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
assert len(evs) == 2, evs
for e in evs:
    assert list(e)[:8] == ["type", "cpu", "timestamp-ns", "pid", "tgid",
                           "comm", "source-id", "source"], e
    assert e["type"] == "kprobe" and e["source"] == "tcp_v4_connect", e
    assert e["stack"][0].startswith("tcp_v4_connect+0x"), e["stack"]
    assert any(f.startswith(("__sys_connect+", "__x64_sys_connect+"))
               for f in e["stack"]), e["stack"]
PY

# --interval prints the stacks of each interval; --addrs keeps offsets
# (the connects first: their records wait in the ring for the stream)
connects 4
$K stream --format folded --interval 1 --duration 3.5 --addrs >"$out/interval.folded" ||
	fail "stream --interval exited $?"
sum=$(awk '{ s += $NF } END { print s + 0 }' "$out/interval.folded")
[ "$sum" = 4 ] || fail "--interval folded counted $sum, expected 4"
grep -q ';tcp_v4_connect+0x[0-9a-f]* ' "$out/interval.folded" ||
	fail "--addrs lost the offsets: $(cat "$out/interval.folded")"

# an SVG flame graph written with --output
connects 3
$K stream --format svg --duration 2 --output "$out/connect.svg" ||
	fail "stream --format svg exited $?"
grep -q '<svg' "$out/connect.svg" && grep -q 'tcp_v4_connect' "$out/connect.svg" ||
	fail "no flame graph in $out/connect.svg"

$K probe del "$id"
rmmod kdbgmod
trap - EXIT
echo "tcp-connect: $N connects, $N samples"
