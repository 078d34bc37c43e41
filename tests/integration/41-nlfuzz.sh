#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The longer netlink fuzz (tests/tools/kdbg_nlfuzz): thousands of random,
# structure-aware requests - every command, nested attributes, sizes past
# the policies' limits, broken lengths - interleaved with real adds and
# deletes and with rmmod racing the requests, then insmod again. Every
# request must be answered, every error must carry an extended ACK
# message (except the netlink core's own: unknown command, a do/dump the
# family lacks, a message too short for its header, the family gone
# during rmmod), and nothing may stay behind; the VM bench fails the run
# on any splat (KASAN, lockdep on the debug kernel) and kmemleak checks
# the unloads. About 20 s on stock and 45 s on the debug kernel:
# KDBG_FUZZ_ITERS and KDBG_FUZZ_SECONDS for a longer run, KDBG_FUZZ_SEED
# to replay one.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
F=tests/tools/kdbg_nlfuzz
tmp=$(mktemp -d)
trap 'rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT

. tests/integration/lib/cli.sh
[ -x "$F" ] || { echo "$F is not built (make tests)"; exit 77; }

secs=${KDBG_FUZZ_SECONDS:-$([ "$KDBG_KERNEL" = debug ] && echo 45 || echo 20)}
iters=${KDBG_FUZZ_ITERS:-100000}
seed=${KDBG_FUZZ_SEED:-$(date +%s)}
insmod "$KDBG_KO"
run 0 $F -n "$iters" -t "$secs" -s "$seed" -k "$KDBG_KO"
echo "$out"
# Thousands of messages, and at least one reload among them.
sent=$(sed -n 's/^nlfuzz: \([0-9]*\) messages in .*/\1/p' <<<"$out")
reloads=$(sed -n 's/.* \([0-9]*\) rmmod\/insmod .*/\1/p' <<<"$out")
[ "${sent:-0}" -ge 1000 ] || fail "only ${sent:-0} messages in ${secs}s"
[ "${reloads:-0}" -ge 1 ] || fail "no rmmod/insmod happened"
# The module the fuzz left loaded works.
run 0 "$K" probe add __x64_sys_getppid --count --comm kdbgflood
id=$out
total=$(tests/tools/kdbg_flood 500)
run 0 "$K" -j stats
python3 -c 'import json, sys
s = [s for s in json.load(sys.stdin)["sources"] if s["id"] == int(sys.argv[1])][0]
c = s["counters"]
assert c["hits"] - c["filtered"] == int(sys.argv[2]), (c, sys.argv[2])' "$id" "$total" <<<"$out" ||
	fail "after the fuzz: $out"
run 0 "$K" probe del "$id"
rmmod kdbgmod
echo "nlfuzz: ok"
