#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# funccount 'vfs_*' on an exact workload: kdbg_calls (-p: its calls only)
# makes N read()s and N write()s, so vfs_read and vfs_write must count
# exactly N each, in the JSON form and in BCC's FUNC/COUNT table; every
# function listed matches the pattern; matched = attached + skipped, and
# "Tracing N functions" says the same N; -i splits the same exact counts
# over intervals (no hit lost between clearing reads); the probes are
# gone from the kprobe layer when the tool ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
tmp=build/it-funccount
rm -rf "$tmp"
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
. tests/integration/lib/agg.sh
N=${KDBG_CALLS:-1000}

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT

# JSON: one object, exact counts.
traced -j funccount -p @PID 'vfs_*' -- rw "$N"
printf '%s\n' "$out" >"$tmp/funccount.json"
tracing=$(sed -n 's/^Tracing \([0-9]*\) functions for "vfs_\*"\.\.\. Hit Ctrl-C to end\.$/\1/p' <<<"$err")
[ -n "$tracing" ] || fail "no 'Tracing N functions for \"vfs_*\"' line: $err"
python3 - "$N" "$tracing" "$tmp/funccount.json" <<'PY'
import fnmatch, json, sys
n, tracing = int(sys.argv[1]), int(sys.argv[2])
o = json.load(open(sys.argv[3]))
counts = {f["func"]: f["count"] for f in o["functions"]}
assert counts.get("vfs_read") == n, f"vfs_read counted {counts.get('vfs_read')}, made {n}"
assert counts.get("vfs_write") == n, f"vfs_write counted {counts.get('vfs_write')}, made {n}"
bad = [f for f in counts if not fnmatch.fnmatchcase(f, "vfs_*")]
assert not bad, f"functions outside the pattern: {bad}"
assert all(c > 0 for c in counts.values()), counts
assert len(counts) == len(o["functions"]), "a function listed twice"
skipped = sum(o["skipped"].values())
assert o["attached"] == tracing, (o["attached"], tracing)
assert o["attached"] >= 2 and o["matched"] == o["attached"] + skipped, o
print(f"funccount -j: vfs_read {n}, vfs_write {n}; {o['attached']} of "
      f"{o['matched']} attached, skipped {o['skipped']}")
PY
no_stray_kprobes 'vfs_'

# Text: BCC's table, counts by ascending count, the same exact numbers
# (a narrower pattern: each kprobe added and removed costs, under TCG).
traced funccount -p @PID 'vfs_[rw][er]*' -- rw "$N"
printf '%s\n' "$out" >"$tmp/funccount.txt"
python3 - "$N" "$tmp/funccount.txt" <<'PY'
import re, sys
n = int(sys.argv[1])
lines = open(sys.argv[2]).read().splitlines()
assert re.fullmatch(r"FUNC +COUNT", lines[0]), lines[0]
rows = [l.split() for l in lines[1:] if l.strip()]
assert all(len(r) == 2 for r in rows), rows
counts = [int(c) for _, c in rows]
assert counts == sorted(counts), f"not by ascending count: {rows}"
d = {f: int(c) for f, c in rows}
assert d.get("vfs_read") == n and d.get("vfs_write") == n, d
print(f"funccount text: vfs_read {d['vfs_read']}, vfs_write {d['vfs_write']}")
PY
no_stray_kprobes 'vfs_'

# -i: each interval counts only its own calls; together, exactly N.
calls_start rw "$N"
tool_start -j funccount -i 0.3 -p "$calls_pid" vfs_read
sleep 0.5
calls_go
sleep 0.5
tool_stop
printf '%s\n' "$out" >"$tmp/interval.json"
python3 - "$N" "$tmp/interval.json" <<'PY'
import json, sys
n = int(sys.argv[1])
text = open(sys.argv[2]).read()
dec, objs, i = json.JSONDecoder(), [], 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    o, i = dec.raw_decode(text, i)
    objs.append(o)
assert len(objs) >= 2, f"{len(objs)} outputs, expected one per interval"
total = sum(f["count"] for o in objs for f in o["functions"]
            if f["func"] == "vfs_read")
assert total == n, f"intervals counted {total} vfs_read, made {n}"
print(f"funccount -i: {len(objs)} intervals, {total} vfs_read in all")
PY
no_stray_kprobes 'vfs_'
rmmod kdbgmod
trap - EXIT
