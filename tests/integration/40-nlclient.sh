#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The protocol from a second, independent client: kdbg_nlclient (libnl-
# genl-3) resolves the family, adds, dumps and deletes a source, and reads
# the extack message of a refused add; kdbgctl sees what it added. An
# unprivileged user gets EPERM from both clients and changes nothing. The
# raw-netlink fuzzer then sends 5000 random, malformed and valid-looking
# requests: each must be answered, and the module must stay healthy (the
# VM bench fails the run on any kernel splat).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each command in the log, with the time it ran at.
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
C=tests/tools/kdbg_nlclient
FUZZ=${KDBG_FUZZ_COUNT:-5000}
SEED=${KDBG_FUZZ_SEED:-$(date +%s)}
tmp=$(mktemp -d)
trap 'rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT

. tests/integration/lib/cli.sh
[ -x "$C" ] || { echo "$C is not built (make tests)"; exit 77; }

# (an array, not a function: the trace of a function's commands would
# land in the stderr being checked)
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)

grep -q '^kdbgmod ' /proc/modules && rmmod kdbgmod
run 1 $C resolve
insmod "$KDBG_KO"

run 0 $C resolve
[[ $out =~ ^kdbg\ [0-9]+$ ]] || fail "resolve printed '$out'"
run 0 $C add kprobe tcp_v4_connect
id=$out
run 0 $C dump
grep -q "^$id kprobe tcp_v4_connect hits 0$" <<<"$out" || fail "dump: $out"
run 0 $K probe list
grep -qF "$id: kprobe tcp_v4_connect" <<<"$out" || fail "kdbgctl does not see it: $out"
run 0 $C add tracepoint sched:sched_process_exec
tid=$out
run 0 $C del "$id"
run 0 $C del "$tid"
run 0 $C dump
[ -z "$out" ] || fail "sources left: $out"
run 0 $C bad-add
[ "$out" = 'errno 2 (No such file or directory) extack "unknown symbol (or its module is not loaded)"' ] ||
	fail "bad-add: $out"
run 1 $C del 424242
grep -qF "no source with this id" <<<"$err" || fail "del: $err"

# Unprivileged: EPERM with a message, nothing attached
run 1 "${nobody[@]}" $K probe add vfs_read
[ "$err" = "kdbgctl: error: probe add vfs_read: kdbg requires CAP_SYS_ADMIN" ] ||
	fail "unprivileged add: $err"
run 1 "${nobody[@]}" $K probe list
[ "$err" = "kdbgctl: error: probe list: kdbg requires CAP_PERFMON or CAP_SYS_ADMIN" ] ||
	fail "unprivileged list: $err"
run 1 "${nobody[@]}" $K stream --duration 1
grep -qF "kdbg requires CAP_PERFMON or CAP_SYS_ADMIN" <<<"$err" ||
	fail "unprivileged stream: $err"
run 1 "${nobody[@]}" $C add kprobe vfs_read
grep -qF "Operation not permitted: kdbg requires CAP_SYS_ADMIN" <<<"$err" ||
	fail "unprivileged libnl add: $err"
run 1 "${nobody[@]}" $C dump
run 0 $K -j probe list
[ "$out" = "[]" ] || fail "an unprivileged add left: $out"

# The fuzzer, then a healthy family
run 0 $K ring show
ring_before=$out
echo "fuzz: $FUZZ messages, seed $SEED"
run 0 $C fuzz "$FUZZ" "$SEED"
echo "$err"
echo "$out"
run 0 $K -j probe list
[ "$out" = "[]" ] || fail "the fuzzer left sources: $out"
run 0 $K ring show
[ "$out" = "$ring_before" ] || fail "ring changed: '$ring_before' -> '$out'"
run 0 $K probe add tcp_v4_connect
id=$out
run 0 $K -j stats
python3 tests/integration/lib/accounting.py <"$tmp/out" || fail "accounting after the fuzz"
run 0 $K probe del "$id"
rmmod kdbgmod
trap 'rm -rf "$tmp"' EXIT
echo "nlclient: ok"
