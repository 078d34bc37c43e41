#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# biolatency on the "biolatency" layer analyses. A loop device over a file
# in tmpfs takes exactly 64 O_DIRECT 4 KiB reads (one request each):
# biolatency -D counts exactly 64 for that disk, named as the kernel names
# it, and so does -Q (from insertion) in BCC's text layout ("disk =
# loopN", usecs). Bad arguments are usage errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-biolatency
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

modprobe loop 2>/dev/null || true
[ -e /dev/loop-control ] || { echo "skip: no loop device support"; exit 77; }
img=/tmp/kdbg-bio.img
truncate -s 4M "$img"
dev=$(losetup -f --show "$img")
name=${dev#/dev/}
insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true; losetup -d "$dev"; rm -f "$img"' EXIT

# wait_for FILE RE: until FILE has a line matching RE (at most 30 s)
wait_for() {
	local i
	for i in $(seq 300); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "no '$2' in $1: $(cat "$1")"
}

# measured NAME ARGS...: biolatency ARGS around 64 direct reads of $dev
measured() {
	local name=$1 pid
	shift
	$KDBGCTL "$@" -d 60 >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pid=$!
	wait_for "$tmp/$name.err" "Tracing block device I/O"
	dd if="$dev" of=/dev/null bs=4096 count=64 iflag=direct status=none
	kill -INT "$pid"
	wait "$pid" || fail "biolatency exited $? ($(cat "$tmp/$name.err"))"
}

measured issue -j biolatency -D
measured queued biolatency -D -Q

python3 - "$name" "$tmp/issue.out" "$tmp/queued.out" <<'PY'
import json, re, sys
name = sys.argv[1]
o = json.loads(open(sys.argv[2]).read())
disks = {d["disk"]: d for d in o["disks"]}
assert name in disks, f"no {name} in {sorted(disks)}"
d = disks[name]
assert d["count"] == 64, f"{d['count']} requests, 64 reads made"
assert sum(b["count"] for b in d["buckets"]) == 64, d
assert 0 < d["min-ns"] <= d["max-ns"] < 10**9, d
print(f"issue: {name} 64 requests, avg {d['sum-ns'] / 64 / 1000:.1f} us")
# -Q, as text: BCC's "disk = NAME" section, its rows' counts add to 64.
text = open(sys.argv[3]).read()
sec = text.split(f"disk = {name}\n", 1)
assert len(sec) == 2, f"no 'disk = {name}' section: {text}"
rows = sec[1].split("\ndisk = ")[0].splitlines()
assert re.match(r" +usecs +: count +distribution$", rows[0]), rows[0]
n = sum(int(re.match(r" *\d+ -> \d+ +: (\d+) ", r).group(1)) for r in rows[1:] if r)
assert n == 64, f"-Q text histogram holds {n} requests, 64 reads made: {text}"
print(f"queued: {name} 64 requests (text)")
PY

run 2 $KDBGCTL biolatency -p 1
err_is "kdbgctl: error: biolatency: -p does not apply: requests complete in interrupt context"
run 2 $KDBGCTL biolatency -D -X
err_is "kdbgctl: error: biolatency: unknown option '-X' (see: kdbgctl biolatency help)"
rmmod kdbgmod
losetup -d "$dev"
rm -f "$img"
trap - EXIT
