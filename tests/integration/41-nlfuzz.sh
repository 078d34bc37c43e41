#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The longer netlink fuzz (tests/tools/kdbg_nlfuzz): thousands of random,
# structure-aware requests - every command, nested attributes, sizes past
# the policies' limits, broken lengths - interleaved with real adds and
# deletes and with rmmod racing the requests, then insmod again. Every
# request must be answered, every error must carry an extended ACK
# message (except the netlink core's own: unknown command, a do/dump the
# family lacks, a message too short for its header, the family gone or
# not pinnable during rmmod), and nothing may stay behind; the VM bench
# fails the run on any splat (KASAN, lockdep on the debug kernel) and
# kmemleak checks the unloads. 20 s of fuzz on stock, 40 s on the debug kernel:
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

secs=${KDBG_FUZZ_SECONDS:-$([ "$KDBG_KERNEL" = debug ] && echo 40 || echo 20)}
iters=${KDBG_FUZZ_ITERS:-100000}
seed=${KDBG_FUZZ_SEED:-$(date +%s)}
insmod "$KDBG_KO"
run 0 $F -n "$iters" -t "$secs" -s "$seed" -k "$KDBG_KO"
echo "$out"
# Thousands of messages (about 10000 on stock, 1500 on a loaded host's
# debug guest; the floor only catches a stall), and a reload among them.
sent=$(sed -n 's/^nlfuzz: \([0-9]*\) messages in .*/\1/p' <<<"$out")
reloads=$(sed -n 's/.* \([0-9]*\) rmmod\/insmod .*/\1/p' <<<"$out")
[ "${sent:-0}" -ge 500 ] || fail "only ${sent:-0} messages in ${secs}s"
[ "${reloads:-0}" -ge 1 ] || fail "no rmmod/insmod happened"
# The module the fuzz left loaded still attaches and detaches.
run 0 "$K" probe add vfs_read
run 0 "$K" probe del "$out"
rmmod kdbgmod
echo "nlfuzz: ok"
