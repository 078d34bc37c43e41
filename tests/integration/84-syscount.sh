#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# syscount on the "syscalls" layer analysis. A helper (tests/tools/
# kdbg_syscalls) waits until syscount is attached, then makes exactly 100
# getppid(), 10 open() of a missing file and a 20 ms nanosleep(): syscount
# -L -p PID reports those exact counts, 10 errors all ENOENT, and the
# nanosleep's time between 20 ms and 1 s; -c COMM with -e the same counts
# of only the listed calls. While attached, probe list shows a layer
# source, debugfs its table, and stats HITS - FILTERED = 111 (the table's
# counts) with no start missed. A second syscount while one runs is
# refused with the kernel's message; bad arguments are usage errors, and
# bad layer sources (raw netlink) get their errno and extack text.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=build/it-syscount
mkdir -p "$tmp"
. tests/integration/lib/cli.sh

insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT

# wait_for FILE RE: until FILE has a line matching RE (at most 30 s)
wait_for() {
	local i
	for i in $(seq 300); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "no '$2' in $1: $(cat "$1")"
}

# traced NAME -p|-c [SYSCOUNT-ARGS...]: the helper's calls under syscount
traced() {
	local name=$1 how=$2 hpid spid filter
	shift 2
	tests/tools/kdbg_syscalls 100 10 20 >"$tmp/$name.helper" &
	hpid=$!
	wait_for "$tmp/$name.helper" ready
	if [ "$how" = -p ]; then filter=$hpid; else filter=kdbg_syscalls; fi
	$KDBGCTL -j syscount "$how" "$filter" "$@" -d 60 \
		>"$tmp/$name.json" 2>"$tmp/$name.err" &
	spid=$!
	wait_for "$tmp/$name.err" "Tracing syscalls"
	if [ "$name" = pid ]; then
		# One analysis at a time: the kernel refuses a second.
		run 1 $KDBGCTL syscount -d 1
		err_is "kdbgctl: error: syscount syscalls: a source of this type and target is already attached"
	fi
	kill -USR1 "$hpid"
	wait "$hpid" || fail "helper exited $?"
	# While attached: the source as probe list, stats and debugfs see it.
	$KDBGCTL -j probe list >"$tmp/$name.list"
	$KDBGCTL -j stats >"$tmp/$name.stats"
	grep -q '^source [0-9]* layer syscalls ' /sys/kernel/debug/kdbg/aggs ||
		fail "debugfs aggs lacks the syscalls source"
	kill -INT "$spid"
	wait "$spid" || fail "syscount exited $? ($(cat "$tmp/$name.err"))"
}

traced pid -p -L
traced comm -c -e getppid,open,nanosleep

python3 - "$tmp/pid.json" "$tmp/comm.json" <<'PY'
import json, sys
def load(path):
    outs = [json.loads(l) for l in open(path) if l.strip()]
    assert len(outs) == 1, f"{path}: {len(outs)} outputs"
    return {s["name"]: s for s in outs[0]["syscalls"]}
for path in sys.argv[1:]:
    sc = load(path)
    for name, count, errors in (("getppid", 100, 0), ("open", 10, 10),
                                ("nanosleep", 1, 0)):
        s = sc.get(name)
        assert s, f"{path}: no {name} in {sorted(sc)}"
        assert s["count"] == count, f"{path}: {name} count {s['count']}, expected {count}"
        assert s["errors"] == errors, f"{path}: {name} errors {s['errors']}, expected {errors}"
    assert sc["open"]["errnos"] == [{"errno": "ENOENT", "count": 10}], sc["open"]
    ns = sc["nanosleep"]
    assert 20_000_000 <= ns["total-ns"] < 1_000_000_000, ns
    assert ns["max-ns"] == ns["total-ns"] == ns["min-ns"], ns
    gp = sc["getppid"]
    assert gp["avg-ns"] * 100 <= gp["total-ns"] < (gp["avg-ns"] + 1) * 100, gp
    assert gp["max-ns"] < 100_000_000, gp
    print(f"{path}: getppid 100, open 10 (10 ENOENT), nanosleep "
          f"{ns['total-ns'] / 1e6:.1f} ms")
    # The helper's only calls that both start and end while attached.
    assert set(sc) == {"getppid", "open", "nanosleep"}, sorted(sc)
    base = path[:-len(".json")]
    src = [s for s in json.load(open(base + ".list")) if s["target"] == "syscalls"]
    assert len(src) == 1 and src[0]["type"] == "layer", src
    st = [s for s in json.load(open(base + ".stats"))["sources"]
          if s["target"] == "syscalls"]
    c = st[0]["counters"]
    # Measurements = the table's counts: 100 + 10 + 1; no start lost.
    assert c["hits"] - c["filtered"] == 111, c
    assert c["missed"] == 0 and c["written"] == 0, c
PY

# The text table: BCC's columns, getppid's row with its count.
tests/tools/kdbg_syscalls 3 0 1 >"$tmp/text.helper" &
hpid=$!
wait_for "$tmp/text.helper" ready
$KDBGCTL syscount -L -p "$hpid" -d 60 >"$tmp/text.out" 2>"$tmp/text.err" &
spid=$!
wait_for "$tmp/text.err" "Tracing syscalls"
kill -USR1 "$hpid"
wait "$hpid"
kill -INT "$spid"
wait "$spid"
grep -qE '^SYSCALL +COUNT +ERRORS +TIME \(us\) +AVG +MAX$' "$tmp/text.out" ||
	fail "no header: $(cat "$tmp/text.out")"
grep -qE '^getppid +3 +0 ' "$tmp/text.out" || fail "no getppid row: $(cat "$tmp/text.out")"

run 2 $KDBGCTL syscount -e nosuchcall
err_is "kdbgctl: error: syscount: -e: unknown system call 'nosuchcall'"
run 2 $KDBGCTL syscount -c 0123456789abcdef
err_is "kdbgctl: error: syscount: -c '0123456789abcdef': a command name has 1 to 15 characters"
run 2 $KDBGCTL syscount extra
err_is "kdbgctl: error: syscount: unexpected argument 'extra' (see: kdbgctl syscount help)"
# The kernel's refusals of bad layer sources, over raw generic netlink:
# errno and extack text of each.
python3 - include/uapi/linux/kdbg.h <<'PY'
import errno, re, socket, struct, sys
hdr = open(sys.argv[1]).read()
def enum(name):
    body = re.search(r"enum %s \{(.*?)\};" % name, hdr, re.S).group(1)
    return {n: i for i, n in enumerate(re.findall(r"^\s*(\w+)[,\s]", body, re.M))}
A, AGG, T, C = (enum("kdbg_attr"), enum("kdbg_agg_attr"),
                enum("kdbg_source_type"), enum("kdbg_cmd"))
def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)
u32 = lambda t, v: attr(t, struct.pack("I", v))
sz = lambda t, v: attr(t, v.encode() + b"\0")
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
s.setsockopt(270, 11, 1)	# NETLINK_EXT_ACK
s.setsockopt(270, 10, 1)	# NETLINK_CAP_ACK
s.bind((0, 0))
seq = 0
def talk(family, cmd, attrs, flags=5):	# NLM_F_REQUEST | NLM_F_ACK
    global seq
    seq += 1
    body = struct.pack("BBH", cmd, 1, 0) + attrs
    s.send(struct.pack("IHHII", 16 + len(body), family, flags, seq, 0) + body)
    while True:
        m = s.recv(65536)
        ln, typ, _, mseq = struct.unpack_from("IHHI", m)
        if mseq != seq:
            continue
        if typ != 2:		# not NLMSG_ERROR: the reply, then the ack
            yield m
            continue
        err = struct.unpack_from("i", m, 16)[0]
        msg, off = "", 16 + 4 + 16
        while off + 4 <= ln:
            alen, atyp = struct.unpack_from("HH", m, off)
            if atyp == 1:
                msg = m[off + 4:off + alen].rstrip(b"\0").decode()
            off += (alen + 3) & ~3
        yield (err, msg)
        return
rep, ack = list(talk(0x10, 3, sz(2, "kdbg")))	# CTRL_CMD_GETFAMILY
assert ack == (0, ""), ack
off, fam = 20, None
while off < len(rep):
    alen, atyp = struct.unpack_from("HH", rep, off)
    if atyp == 1:
        fam = struct.unpack_from("H", rep, off + 4)[0]
    off += (alen + 3) & ~3
def add(target, agg=None, extra=b""):
    a = u32(A["KDBG_A_SOURCE_TYPE"], T["KDBG_SOURCE_LAYER"]) + sz(A["KDBG_A_SOURCE_TARGET"], target)
    if agg is not None:
        a += attr(A["KDBG_A_SOURCE_AGG"] | 0x8000, agg)
    return list(talk(fam, C["KDBG_CMD_SOURCE_ADD"], a + extra))[-1]
keys = lambda v: u32(AGG["KDBG_A_AGG_KEYS"], v)
cases = [
    (("nosuch", keys(0)), -errno.ENOENT,
     "unknown layer analysis (syscalls, runqlat, biolatency, biolatency-queued, offcpu, lock, drops, tcpretrans, memleak)"),
    (("syscalls", None), -errno.EINVAL,
     "a layer source aggregates: give KDBG_A_SOURCE_AGG"),
    (("runqlat", keys(1)), -errno.EINVAL, "this analysis has no stack key"),
    (("runqlat", keys(1 << 6)), -errno.EINVAL,
     "this analysis has no second key (RETVAL)"),
    (("runqlat:5", keys(0)), -errno.EINVAL, "this analysis takes no parameter"),
    (("offcpu:x", keys(0)), -errno.EINVAL,
     "the analysis's parameter (after ':') is not a number"),
    (("biolatency", keys(0), u32(A["KDBG_A_SOURCE_FILTER_PID"], 1)), -errno.EINVAL,
     "this analysis measures no task: task filters and keys do not apply"),
    (("biolatency", keys(1 << 2)), -errno.EINVAL,
     "this analysis measures no task: task filters and keys do not apply"),
]
for args, want_err, want_msg in cases:
    got = add(*args)
    assert got == (want_err, want_msg), f"{args[0]}: {got}, expected {(want_err, want_msg)}"
print(f"layer: {len(cases)} bad sources refused with their messages")
PY
[ "$($KDBGCTL -j probe list)" = "[]" ] || fail "a refused source stayed attached"
rmmod kdbgmod
trap - EXIT
echo "syscount: exact counts, errors and times"
