#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stackcount tcp_v4_connect while kdbg_calls (-p: its calls only) makes N
# loopback connects: the stacks' counts add up to exactly N, every stack
# is tcp_v4_connect's (innermost frame) and runs through the connect
# syscall (__sys_connect or __x64_sys_connect); `--format folded` gives
# the same stacks, outermost first, with the same counts. Then the
# generic path: `probe add tcp_v4_connect --key stack --tgid PID`, whose
# table (agg show), stack table (agg stacks) and debugfs view agree on N.
# Small N and few sessions: the debug kernel (KASAN) is slow.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
tmp=build/it-stackcount
rm -rf "$tmp"
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
. tests/integration/lib/agg.sh
N=${KDBG_CONNECTS:-10}

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT

# JSON (text format): stacks innermost first.
traced -j stackcount -p @PID tcp_v4_connect -- connect "$N"
printf '%s\n' "$out" >"$tmp/stacks.json"
no_stray_kprobes tcp_v4_connect
# Folded: "outermost;...;innermost COUNT".
traced stackcount --format folded -p @PID tcp_v4_connect -- connect "$N"
printf '%s\n' "$out" >"$tmp/stacks.folded"
no_stray_kprobes tcp_v4_connect

# The generic path: a source keyed by stack, read with agg show/stacks.
calls_start connect "$N"
run 0 $KDBGCTL probe add tcp_v4_connect --key stack --tgid "$calls_pid"
id=${out##* }
calls_go
run 0 $KDBGCTL -j agg show "$id"
printf '%s\n' "$out" >"$tmp/agg.json"
run 0 $KDBGCTL -j agg stacks "$id"
printf '%s\n' "$out" >"$tmp/agg-stacks.json"
cat /sys/kernel/debug/kdbg/aggs >"$tmp/aggs.txt"
python3 - "$N" "$tmp/stacks.json" "$tmp/stacks.folded" "$id" "$tmp/agg.json" \
	"$tmp/agg-stacks.json" "$tmp/aggs.txt" <<'PY'
import json, sys
n, json_path, folded_path, sid = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
agg_path, stacks_path, debugfs_path = sys.argv[5:8]
n, sid = int(n), int(sid)
o = json.load(open(json_path))
assert o["matched"] == 1 and o["attached"] == 1, o

def check(frames, count, what):
    assert frames and frames[0] == "tcp_v4_connect", f"{what}: innermost {frames[:1]}"
    assert {"__sys_connect", "__x64_sys_connect"} & set(frames), \
        f"{what}: not through the connect syscall: {frames}"
    assert count > 0, what

js = {}
for s in o["stacks"]:
    assert s["func"] == "tcp_v4_connect", s
    check(s["frames"], s["count"], "json")
    key = ";".join(reversed(s["frames"]))
    assert key not in js, f"a stack printed twice: {key}"
    js[key] = s["count"]
assert sum(js.values()) == n, f"stacks count {sum(js.values())}, made {n} connects"

folded = {}
for line in open(folded_path).read().splitlines():
    stack, _, count = line.rpartition(" ")
    check(stack.split(";")[::-1], int(count), "folded")
    folded[stack] = folded.get(stack, 0) + int(count)
assert sum(folded.values()) == n, f"folded counts {sum(folded.values())}, made {n}"
# Both sessions ran the same calls: the same stacks.
assert folded.keys() == js.keys(), f"folded {sorted(folded)} vs json {sorted(js)}"
print(f"stackcount: {n} connects in {len(js)} stack(s), folded alike")

# The generic path: the table, its stacks, debugfs.
(src,) = json.load(open(agg_path))
assert src["id"] == sid and src["target"] == "tcp_v4_connect", src
assert src["missed"] == 0 and src["stack-missed"] == 0, src
rows = src["rows"]
assert sum(r["count"] for r in rows) == n, f"agg show counts {rows}, made {n}"
assert src["entries"] == len(rows) and src["stacks"] == len(rows), src
stacks = {s["id"]: s["frames"] for s in json.load(open(stacks_path))}
for r in rows:
    frames = stacks.get(r["stack-id"])
    assert frames, f"stack id {r['stack-id']} not in agg stacks: {stacks}"
    names = [f.split("+")[0] for f in frames]
    assert names[0] == "tcp_v4_connect", frames
    assert {"__sys_connect", "__x64_sys_connect"} & set(names), frames
# debugfs: "source ID kprobe TARGET keys=stack ... entries=U/C ..." and
# a "  stack=SID count=N" line per entry.
block, dbg = None, {}
for line in open(debugfs_path).read().splitlines():
    if line.startswith("source "):
        block = line.split()[1] == str(sid)
        if block:
            assert f" entries={len(rows)}/" in line, line
    elif block and line.strip():
        kv = dict(f.split("=") for f in line.split())
        dbg[int(kv["stack"])] = int(kv["count"])
assert dbg == {r["stack-id"]: r["count"] for r in rows}, f"debugfs {dbg}, agg show {rows}"
print(f"agg show/stacks, debugfs: {n} connects in {len(rows)} stack(s)")
PY
run 0 $KDBGCTL probe del "$id"
no_stray_kprobes tcp_v4_connect
rmmod kdbgmod
trap - EXIT
