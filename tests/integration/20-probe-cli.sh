#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdbgctl's commands against the real module: probe add/list/del,
# tracepoint list/add/del, ring show/set, stats, in text and in -j mode
# (every JSON output parsed with python3 at the end), the exit codes
# (0 ok, 1 runtime, 2 usage) and the exact error lines for bad input,
# carrying the kernel's extack text; and the "module not loaded" error
# before insmod.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each command in the log, with the time it ran at.
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
tmp=$(mktemp -d)
trap 'rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT

. tests/integration/lib/cli.sh
# JSON outputs are checked together at the end: python3 starts slowly in
# a loaded TCG guest. json_ok [NAME] keeps the last stdout as NAME.json.
njson=0
json_ok() {
	njson=$((njson + 1))
	cp "$tmp/out" "$tmp/${1:-$njson}.json"
}

grep -q '^kdbgmod ' /proc/modules && rmmod kdbgmod

# Without the module: help works, commands say how to load it.
run 0 $K probe help
out_has "kdbgctl probe add SYMBOL[+OFF]"
run 1 $K probe list
err_is "kdbgctl: error: the kdbg kernel module is not loaded (load it with: insmod kdbgmod.ko, or modprobe kdbgmod)"
run 1 $K -j stats
json_ok
run 2 $K probe add
err_is "kdbgctl: error: probe add: missing SYMBOL (see: kdbgctl probe help)"

insmod "$KDBG_KO"

# probe add / list / del
run 0 $K probe add tcp_v4_connect
id1=$out
[[ $id1 =~ ^[0-9]+$ ]] || fail "probe add printed '$id1', not an id"
run 0 $K probe add __x64_sys_getppid --ret --pid 1 --comm init
id2=$out
run 0 $K probe list
out_has "$id1: kprobe tcp_v4_connect addr 0xffffffff"
out_has "$id2: kretprobe __x64_sys_getppid addr 0xffffffff"
out_has "pid 1 comm init"
out_has "hits 0 filtered 0 written 0 delivered 0 dropped 0 missed 0"
run 0 $K -j probe list
json_ok list
run 0 $K -p probe list
json_ok
# unique prefixes, and the object alone lists
run 0 $K prob l
out_has "$id1: kprobe tcp_v4_connect"
run 0 $K probe
out_has "$id1: kprobe tcp_v4_connect"

# bad input: the kernel's extack text, exit 1
run 1 $K probe add tcp_v4_connect
err_is "kdbgctl: error: probe add tcp_v4_connect: a source of this type and target is already attached"
run 1 $K probe add kdbg_no_such_symbol
err_is "kdbgctl: error: probe add kdbg_no_such_symbol: unknown symbol (or its module is not loaded)"
run 1 $K probe add kdbg_events_read
err_is "kdbgctl: error: probe add kdbg_events_read: kdbg does not probe its own functions"
run 1 $K probe add 'vfs_read+0xzz'
err_is "kdbgctl: error: probe add vfs_read+0xzz: malformed OFFSET in SYMBOL+OFFSET: hex with 0x, or decimal"
run 1 $K probe del 99999
err_is "kdbgctl: error: probe del 99999: no source with this id"
run 1 $K probe del kdbg_no_such_symbol
err_is "kdbgctl: error: probe del kdbg_no_such_symbol: no source with this target"
run 1 $K -j probe add kdbg_no_such_symbol
json_ok
out_has '"error":"probe add kdbg_no_such_symbol: unknown symbol (or its module is not loaded)"'
# usage errors never reach the kernel: exit 2
run 2 $K probe add vfs_read --pid x
err_is "kdbgctl: error: probe add: --pid 'x': not a process id"
run 2 $K probe frob
run 2 $K probe add vfs_read --comm 0123456789abcdefg

# a pattern with an aggregation: probe list shows both as flags; the
# errors that have numbers give them (the cap, kdbg's own functions)
run 0 $K probe add 'vfs_rea?' --ret --key comm --value latency --hist log2
out_has "attached 1 of 1 functions matching vfs_rea?"
run 0 $K probe list
out_has "kretprobe vfs_read addr 0xffffffff"
out_has "pattern vfs_rea? agg key comm value latency hist log2"
run 0 $K -j probe list
json_ok pattern
run 1 $K probe add 'vfs_*' --max-matches 2
[[ $err =~ ^"kdbgctl: error: probe add vfs_*: the pattern matches more functions than its cap: narrow it or raise the cap ("([0-9]+)" match, the cap is 2; --max-matches sets it, up to 1024)"$ ]] ||
	fail "cap error: $err"
[ "${BASH_REMATCH[1]}" -gt 2 ] || fail "cap error counts ${BASH_REMATCH[1]}"
run 1 $K probe add 'kdbgmod:kdbg_*'
[[ $err =~ ^"kdbgctl: error: probe add kdbgmod:kdbg_*: kdbg does not probe its own functions ("([0-9]+)" matched)"$ ]] ||
	fail "own error: $err"
[ "${BASH_REMATCH[1]}" -gt 10 ] || fail "own error counts ${BASH_REMATCH[1]}"
run 0 $K probe del 'vfs_rea?'

# tracepoints
run 0 $K tracepoint list 'sched:sched_process_*'
out_has "sched:sched_process_exec"
grep -qv '^sched:sched_process_' <<<"$out" && fail "glob let through: $out"
run 0 $K -j tracepoint list 'sched:*'
json_ok
run 0 $K tracepoint add sched:sched_process_exec --no-stack
tid=$out
run 0 $K tracepoint list sched:sched_process_exec
out_has "attached id $tid"
run 1 $K tracepoint add kdbg_nosuch:tp
err_is "kdbgctl: error: tracepoint add kdbg_nosuch:tp: unknown tracepoint"
run 2 $K tracepoint add sched_switch
err_is "kdbgctl: error: tracepoint add: 'sched_switch' is not SUBSYS:NAME"

# ring: busy while sources are attached
run 0 $K ring show
out_has "mode "
run 0 $K -j ring show
json_ok
run 1 $K ring set size 128k
err_is "kdbgctl: error: ring set: ring busy: detach the sources and stop the readers first"

# stats
run 0 $K stats
out_has "delivered"
out_has "tcp_v4_connect"
run 0 $K -j stats
json_ok stats

# del by symbol, by id, by SUBSYS:NAME
run 0 $K probe del tcp_v4_connect
run 0 $K probe del "$id2"
run 0 $K tracepoint del sched:sched_process_exec
run 0 $K probe list
[ -z "$out" ] || fail "sources left after del: $out"
run 0 $K -j probe list
[ "$out" = "[]" ] || fail "empty JSON list is '$out'"

# ring set once nothing is attached
run 0 $K ring set size 64k mode overwrite
run 0 $K -j ring show
json_ok ring
run 1 $K ring set size 1k
err_is "kdbgctl: error: ring set: ring size out of range (4 KiB to 64 MiB)"
run 0 $K ring set mode drop

rmmod kdbgmod

# Every JSON output parses; and what they say
python3 tests/integration/lib/accounting.py <"$tmp/stats.json" >/dev/null ||
	fail "accounting identity"
python3 - "$tmp" "$id1" "$id2" <<'PY' || fail "JSON outputs"
import glob, json, os, sys
d, id1, id2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
docs = {}
for f in sorted(glob.glob(os.path.join(d, "*.json"))):
    try:
        docs[os.path.basename(f)[:-5]] = json.load(open(f))
    except ValueError as e:
        sys.exit(f"{f}: invalid JSON: {e}: {open(f).read()[:300]}")
by = {s["id"]: s for s in docs["list"]}
a, b = by[id1], by[id2]
assert a["type"] == "kprobe" and a["target"] == "tcp_v4_connect", a
assert a["addr"].startswith("0xffffffff") and a["stack"] is True, a
assert b["type"] == "kretprobe" and b["filter-pid"] == 1, b
assert b["filter-comm"] == "init", b
assert set(a["counters"]) == {"hits", "filtered", "written", "delivered",
                              "dropped", "missed"}, a
p = docs["pattern"]
m = [s for s in p if s.get("pattern") == "vfs_rea?"]
assert len(m) == 1 and m[0]["target"] == "vfs_read", p
assert m[0]["agg"] == {"keys": "comm", "value": "latency", "hist": "log2"}, m
r = docs["ring"]
assert r["size"] == 65536 and r["mode"] == "overwrite", r
print(f"{len(docs)} JSON outputs ok")
PY
trap 'rm -rf "$tmp"' EXIT
echo "probe-cli: ok"
