#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The flight recorder against the real module: recorder on switches the
# rings to overwrite mode in place (the attached probe and its filter stay)
# and holds them (ring set refused); a probe with a known number of hits
# (kdbg_flood's getppid() calls), a manual freeze, and recorder dump shows
# exactly those events, show counts them per CPU; writes after the freeze
# are refused and counted (refused, and dropped for the source), a stream
# drains nothing, and the dump is unchanged; freeze --console prints the
# documented "kdbg-recorder:" lines (events= matching the event lines);
# debugfs recorder shows every frozen event; unfreeze resumes; off restores
# the drop mode and normal draining; kretprobe and tracepoint lines carry
# their values. Every state error has its exact message.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
tmp=$(mktemp -d -p build)
trap 'rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT
. tests/integration/lib/cli.sh
comm=kdbgrec

insmod "$KDBG_KO"

# State errors, before the recorder is on.
run 1 $K recorder freeze
err_is "kdbgctl: error: recorder freeze: the recorder is off (kdbgctl recorder on)"
run 1 $K recorder unfreeze
err_is "kdbgctl: error: recorder unfreeze: the rings are not frozen"
run 1 $K recorder dump
err_is "kdbgctl: error: recorder dump: the rings are not frozen (kdbgctl recorder freeze)"
run 0 $K recorder
out_has "recorder off size 1048576 mode drop last 16 frozen no"

# The probe first: turning the recorder on must keep it.
id=$($K probe add __x64_sys_getppid --comm $comm)
run 0 $K recorder on --last 4
run 0 $K recorder show
out_has "recorder on size 1048576 mode overwrite last 4 frozen no"
run 0 $K probe list
out_has "__x64_sys_getppid"
run 1 $K ring set size 64k
err_is "kdbgctl: error: ring set: the flight recorder holds the rings: kdbgctl recorder off first"
run 1 $K recorder on --size 64
err_is "kdbgctl: error: recorder on: the recorder is on: turn it off to resize the rings"
run 0 $K recorder on
run 0 $K recorder show
out_has "last 4 frozen no"

# Known hits, then a manual freeze: the dump holds exactly them.
n1=$(tests/tools/kdbg_flood 40 $comm)
run 0 $K recorder freeze --console
run 1 $K recorder freeze
err_is "kdbgctl: error: recorder freeze: the rings are frozen already"
$K -j recorder dump >"$tmp/dump1.json"
$K -j recorder show >"$tmp/show1.json"

# Writes after the freeze are refused and counted; readers get nothing.
n2=$(tests/tools/kdbg_flood 25 $comm)
$K -j stream --duration 1 >"$tmp/stream-frozen.json"
$K -j recorder dump >"$tmp/dump2.json"
$K -j recorder show >"$tmp/show2.json"
$K -j stats >"$tmp/stats2.json"
cat /sys/kernel/debug/kdbg/recorder >"$tmp/debugfs.txt"
dmesg | sed -E 's/^\[ *[0-9.]+\] //' >"$tmp/dmesg.txt"

# Unfreeze resumes recording on top of the frozen events.
run 0 $K recorder unfreeze
run 1 $K recorder dump
err_is "kdbgctl: error: recorder dump: the rings are not frozen (kdbgctl recorder freeze)"
n3=$(tests/tools/kdbg_flood 15 $comm)
run 0 $K recorder freeze
$K -j recorder dump >"$tmp/dump3.json"
run 0 $K recorder dump --stack
out_has "__x64_sys_getppid"

# Off: unfrozen, drop mode again, the probe still there, draining works.
run 0 $K recorder off
run 0 $K ring show
out_has "mode drop"
run 0 $K probe list
out_has "__x64_sys_getppid"
$K -j stream --duration 2 >"$tmp/stream-off.json"
run 1 $K ring set size 64k
err_is "kdbgctl: error: ring set: ring busy: detach the sources and stop the readers first"
run 1 $K recorder on --size 64
err_is "kdbgctl: error: recorder on: cannot resize the rings: detach the sources and stop the readers, or leave the size out"
run 0 $K recorder show
out_has "recorder off size 1048576 mode drop last 4 frozen no"
run 0 $K recorder off

# With no source attached, on --size resizes first; off keeps the size.
$K probe del "$id" >/dev/null
run 0 $K recorder on --size 64
run 0 $K ring show
out_has "size 65536 mode overwrite"
run 0 $K recorder off
run 0 $K ring show
out_has "size 65536 mode drop"

# A kretprobe's and a tracepoint's console lines carry their values.
$K probe add __x64_sys_getppid --ret --comm $comm >/dev/null
$K tracepoint add raw_syscalls:sys_enter --comm $comm >/dev/null
run 0 $K recorder on --last 2
tests/tools/kdbg_flood 3 $comm 1 >/dev/null
run 0 $K recorder freeze --console
dmesg | sed -E 's/^\[ *[0-9.]+\] //' >"$tmp/dmesg-values.txt"
run 0 $K recorder off

python3 - "$tmp" "$comm" <<'EOF'
import re, sys
tmp, comm = sys.argv[1:3]
text = open(f"{tmp}/dmesg-values.txt").read().splitlines()
start = max(i for i, l in enumerate(text)
            if l.startswith("kdbg-recorder: frozen: "))
block = text[start:]
ret = [l for l in block if " type=kretprobe " in l]
tp = [l for l in block if " type=tracepoint " in l]
assert ret and all(re.search(rf"comm={comm} src=\d+ type=kretprobe "
                             r"target=__x64_sys_getppid latency=\d+ "
                             r"retval=\d+$", l) for l in ret), ret
assert tp and all(re.search(r"type=tracepoint target=raw_syscalls:sys_enter "
                            r"args=0x[0-9a-f]+(,0x[0-9a-f]+)+$", l)
                  for l in tp), tp
print(f"recorder: console values of {len(ret)} kretprobe and {len(tp)} "
      "tracepoint events")
EOF

python3 - "$tmp" "$id" "$comm" "$n1" "$n2" "$n3" <<'EOF'
import json, re, sys
tmp, sid, comm = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n1, n2, n3 = (int(x) for x in sys.argv[4:7])

def lines(name):
    with open(f"{tmp}/{name}") as f:
        return [json.loads(l) for l in f if l.strip()]

def ours(evs):
    return [e for e in evs if e["source-id"] == sid]

d1 = lines("dump1.json")
assert len(d1) == n1 and len(ours(d1)) == n1, (len(d1), n1)
assert all(e["comm"] == comm and e["source"] == "__x64_sys_getppid"
           and e["type"] == "kprobe" for e in d1), d1[:2]
# Oldest first per CPU.
for cpu in {e["cpu"] for e in d1}:
    ts = [e["timestamp-ns"] for e in d1 if e["cpu"] == cpu]
    assert ts == sorted(ts), cpu

s1 = json.load(open(f"{tmp}/show1.json"))
assert s1["enabled"] and s1["frozen"] and s1["reason"] == "manual", s1
assert s1["mode"] == "overwrite" and s1["last"] == 4, s1
assert sum(r["records"] for r in s1["rings"]) == n1, s1
assert all(r["gaps"] == 0 and not r["torn"] for r in s1["rings"]), s1
refused1 = sum(r["refused"] for r in s1["rings"])

assert lines("stream-frozen.json") == [], "a stream drained a frozen ring"
assert lines("dump2.json") == d1, "the dump changed after the freeze"
s2 = json.load(open(f"{tmp}/show2.json"))
assert sum(r["refused"] for r in s2["rings"]) - refused1 == n2, (s2, n2)
assert sum(r["records"] for r in s2["rings"]) == n1, s2
st = json.load(open(f"{tmp}/stats2.json"))
c = [s for s in st["sources"] if s["id"] == sid][0]["counters"]
assert c["dropped"] == n2 and c["written"] == n1 + n2, (c, n1, n2)

d3 = lines("dump3.json")
assert len(ours(d3)) == n1 + n3, (len(d3), n1, n3)
assert all(e in d3 for e in d1), "frozen events lost"
assert len(ours(lines("stream-off.json"))) == n1 + n3, "off: not drained"

# The console: the last freeze --console, in the documented format.
text = open(f"{tmp}/dmesg.txt").read().splitlines()
start = max(i for i, l in enumerate(text)
            if l.startswith("kdbg-recorder: frozen: "))
block = text[start:]
end = block.index("kdbg-recorder: end")
block = block[:end + 1]
m = re.fullmatch(r"kdbg-recorder: frozen: reason=manual cpu=\d+ events=(\d+)",
                 block[0])
assert m, block[0]
ev_re = re.compile(r"kdbg-recorder: cpu=(\d+) ts=\d+ pid=\d+ tgid=\d+ "
                   rf"comm={comm} src={sid} type=kprobe "
                   r"target=__x64_sys_getppid$")
events = [l for l in block if l.startswith("kdbg-recorder: cpu=")]
assert all(ev_re.match(l) for l in events), events[:3]
# Each event is followed by its stack, innermost first: the probed
# function (kallsyms may name it by its alias __do_sys_getppid).
first = [block[i + 1] for i, l in enumerate(block) if ev_re.match(l)]
assert all(re.fullmatch(r"kdbg-recorder:   \w*getppid\+0x\w+/0x\w+", f)
           for f in first), first[:3]
rings = [l for l in block if l.startswith("kdbg-recorder: ring: ")]
want = 0
for l in rings:
    r = re.fullmatch(r"kdbg-recorder: ring: cpu=(\d+) records=(\d+) "
                     r"shown=(\d+) refused=\d+ gaps=0 torn=0", l)
    assert r, l
    recs, shown = int(r.group(2)), int(r.group(3))
    assert shown == min(recs, 4), l
    want += shown
assert int(m.group(1)) == len(events) == want, (m.group(1), len(events), want)
assert sum(int(re.search(r"records=(\d+)", l).group(1)) for l in rings) == n1

# debugfs: the state, and every frozen event in the console's format.
dbg = open(f"{tmp}/debugfs.txt").read().splitlines()
assert dbg[0] == "recorder on size 1048576 mode overwrite last 4 frozen yes", dbg[0]
assert len([l for l in dbg if ev_re.match(l)]) == n1, "debugfs events"
assert dbg[-1] == "kdbg-recorder: end", dbg[-1]
print(f"recorder: {n1} frozen events dumped, {n2} refused after the freeze, "
      f"{n3} more after unfreeze; console showed {want}")
EOF
