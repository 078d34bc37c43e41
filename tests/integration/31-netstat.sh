#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdbgctl netstat on conditions with known counts, in a network namespace
# of its own (nothing else sends there), no module involved; each reader
# runs from its baseline (lib/armed.sh) to a SIGINT after the workload:
#  - 20 UDP datagrams of 10 bytes to a closed port of 127.0.0.1: UdpNoPorts,
#    UdpOutDatagrams, IcmpOutDestUnreachs, IcmpInDestUnreachs and
#    IcmpMsgOutType3 +20 each (loopback is exempt from the ICMP rate
#    limit, and 20 is under the global burst), and lo's RX and TX +40
#    packets (the datagrams and the ICMP errors) of 20 x (38 + 66) bytes;
#  - a veth pair: 10 frames of 60 bytes of an unhandled EtherType sent on
#    one end are 10 TX packets there and 10 RX packets, all 10 dropped
#    (no protocol handler), on the other; with the other end down, 5 more
#    (sent past the qdisc) are 5 TX drops (no carrier);
#  - nstat, run around the same interval, agrees on the UDP and ICMP ones;
#  - --dev shows only that interface, -i prints one reading per interval,
#    and bad arguments are errors with their one-line message.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-netstat
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
. tests/integration/lib/armed.sh

modprobe veth 2>/dev/null || true	# the stock kernel has it as a module
ns=kdbg-netstat
ip netns del "$ns" 2>/dev/null || true
ip netns add "$ns"
trap 'kill $(jobs -p) 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true' EXIT
# (a reader in the background runs without the function: its pid is $!)
in_ns() { ip netns exec "$ns" "$@"; }
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
in_ns ip link set lo up
in_ns ip link add kdbgva type veth peer name kdbgvb
in_ns ip link set kdbgva up
in_ns ip link set kdbgvb up


cat >"$tmp/send.py" <<'PY'
import socket, sys, time
what = sys.argv[1]
if what == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(20):
        s.sendto(b"0123456789", ("127.0.0.1", 9))
elif what in ("frames", "bypass"):
    n = 10 if what == "frames" else 5
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    if what == "bypass":
        s.setsockopt(263, 20, 1)   # SOL_PACKET, PACKET_QDISC_BYPASS
    s.bind(("kdbgva", 0))
    frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + b"k" * 46
    for _ in range(n):
        try:
            s.send(frame)
        except OSError:
            pass                   # the drop is what is counted
time.sleep(0.2)                    # the ICMP errors come back
PY

in_ns nstat -n    # nstat's history: its next run prints what changed since
ip netns exec "$ns" $KDBGCTL -j netstat -d 1000 >"$tmp/udp.json" &
reader=$!
armed "$reader"
in_ns python3 "$tmp/send.py" udp
in_ns nstat -z >"$tmp/nstat.txt"
in_ns python3 "$tmp/send.py" frames
kill -INT "$reader"
wait "$reader"
in_ns ip link set kdbgvb down
sleep 0.2
ip netns exec "$ns" $KDBGCTL -j netstat -d 1000 --dev kdbgva >"$tmp/drop.json" &
reader=$!
armed "$reader"
in_ns python3 "$tmp/send.py" bypass
kill -INT "$reader"
wait "$reader"
in_ns $KDBGCTL netstat -i 0.5 -d 1.2 --dev lo >"$tmp/interval.txt"
in_ns $KDBGCTL netstat --dev lo -z >"$tmp/boot.txt"

python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
u = json.load(open(f"{d}/udp.json"))
c = {x["name"]: x["value"] for x in u["counters"]}
dev = {x["name"]: x for x in u["interfaces"]}
assert 0 < u["interval-s"] < 1000, u["interval-s"]
want = {"UdpNoPorts": 20, "UdpOutDatagrams": 20, "IcmpOutDestUnreachs": 20,
        "IcmpInDestUnreachs": 20, "IcmpMsgOutType3": 20, "IcmpMsgInType3": 20,
        "IcmpOutMsgs": 20, "IcmpInMsgs": 20}
bad = {k: c.get(k, 0) for k, v in want.items() if c.get(k, 0) != v}
assert not bad, f"expected 20 of each, got {bad}"
for x in u["counters"]:
    assert abs(x["rate"] - x["value"] / u["interval-s"]) < 1e-6, x
lo = dev["lo"]
assert lo["rx-packets"] == lo["tx-packets"] == 40, lo
# IP lengths: loopback counts after eth_type_trans() pulled the header
assert lo["rx-bytes"] == lo["tx-bytes"] == 20 * (38 + 66), lo
assert lo["rx-dropped"] == lo["tx-dropped"] == 0, lo
va, vb = dev["kdbgva"], dev["kdbgvb"]
assert va["tx-packets"] == 10 and va["tx-bytes"] == 600, va
assert vb["rx-packets"] == 10 and vb["rx-bytes"] == 600, vb
assert vb["rx-dropped"] == 10, vb
assert va["rx-packets"] == vb["tx-packets"] == 0, (va, vb)
# nstat's own counting of the UDP burst
n = {l.split()[0]: int(l.split()[1]) for l in open(f"{d}/nstat.txt")
     if l.strip() and not l.startswith("#")}
for k in ("UdpNoPorts", "IcmpOutDestUnreachs", "UdpOutDatagrams"):
    assert n.get(k) == 20, (k, n.get(k))
print(f"udp: {c['UdpNoPorts']} NoPorts, {c['IcmpOutDestUnreachs']} OutDestUnreachs; "
      f"lo {lo['rx-packets']} packets; veth {vb['rx-packets']} rx, {vb['rx-dropped']} dropped")

x = json.load(open(f"{d}/drop.json"))
assert [i["name"] for i in x["interfaces"]] == ["kdbgva"], x["interfaces"]
va = x["interfaces"][0]
assert va["tx-dropped"] == 5 and va["tx-packets"] == 0, va
print(f"veth down: {va['tx-dropped']} tx drops")

t = open(f"{d}/interval.txt").read()
n = t.count("lo:\n")   # readings at 0.5, 1, 1.2 s (2 if 1.2 s passed first)
assert 2 <= n <= 3 and t.count("#kernel") == n and t.count("\n\nlo:\n") == n - 1, t
assert "kdbgva" not in t, t
b = open(f"{d}/boot.txt").read()
assert b.startswith("lo:\n    RX:      bytes  packets   errors  dropped"), b
assert any(l.startswith("UdpNoPorts") and l.split()[1] == "20" for l in b.splitlines()), b
PY

run 2 $KDBGCTL netstat -i 0
err_is "kdbgctl: error: netstat: -i '0': expected seconds > 0"
run 2 $KDBGCTL netstat --bogus
err_is "kdbgctl: error: netstat: unknown option '--bogus' (see: kdbgctl netstat help)"
run 2 $KDBGCTL netstat --dev
err_is "kdbgctl: error: netstat: option '--dev' needs a value"
run 1 $KDBGCTL netstat --dev nosuchdev0 -d 1
err_is "kdbgctl: error: netstat: --dev 'nosuchdev0': no such interface"
ip netns del "$ns"
trap - EXIT
