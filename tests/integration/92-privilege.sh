#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Least privilege (the uapi header's "Privilege"): a user with only
# CAP_PERFMON reads - stats, ring and recorder state, probe and tracepoint
# lists, aggregation tables - and drains events, but cannot add or delete
# sources or configure the ring or the recorder: those answer EPERM with
# the kernel's message naming CAP_SYS_ADMIN. A user with no capability can
# do neither, and is told CAP_PERFMON. CAP_SYS_ADMIN alone does both.
# Nothing a refused user tried changes the module's state.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
tmp=$(mktemp -d)
load=
trap '[ -z "$load" ] || kill "$load" 2>/dev/null; rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT

. tests/integration/lib/cli.sh

# Arrays, not functions: a function's trace would land in the checked stderr.
as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
perfmon=("${as[@]}" --inh-caps=-all,+perfmon --ambient-caps=+perfmon
	 --bounding-set=-all,+perfmon)
sysadmin=("${as[@]}" --inh-caps=-all,+sys_admin --ambient-caps=+sys_admin
	  --bounding-set=-all,+sys_admin)
nocap=("${as[@]}" --inh-caps=-all --bounding-set=-all)

# The capability sets are what we asked for (CAP_PERFMON is bit 38).
run 0 "${perfmon[@]}" grep CapEff /proc/self/status
[ "$out" = "CapEff:	0000004000000000" ] || fail "perfmon set: $out"
run 0 "${nocap[@]}" grep CapEff /proc/self/status
[ "$out" = "CapEff:	0000000000000000" ] || fail "empty set: $out"

grep -q '^kdbgmod ' /proc/modules && rmmod kdbgmod
insmod "$KDBG_KO"
run 0 $K probe add vfs_read
id=$out
run 0 $K probe add vfs_write --key comm
agg=$out
# Keep vfs_read busy so that the stream has something to drain.
(while :; do cat /proc/version >/dev/null; sleep 0.05; done) &
load=$!

ADMIN="kdbg requires CAP_SYS_ADMIN"
READ="kdbg requires CAP_PERFMON or CAP_SYS_ADMIN"

# CAP_PERFMON: every reading command works
run 0 "${perfmon[@]}" $K -j stats
out_has "ring-used"
run 0 "${perfmon[@]}" $K -j probe list
out_has "\"id\":$id"
run 0 "${perfmon[@]}" $K probe list
out_has "$id: kprobe vfs_read"
run 0 "${perfmon[@]}" $K tracepoint list 'sched:sched_switch'
out_has "sched:sched_switch"
run 0 "${perfmon[@]}" $K ring show
run 0 "${perfmon[@]}" $K recorder show
run 0 "${perfmon[@]}" $K agg show "$agg"
run 0 "${perfmon[@]}" $K -j stream --count 3 --duration 20
[ "$(grep -c '"source"' <<<"$out")" -ge 3 ] || fail "perfmon stream: $out"

# ... and no command that changes anything
run 1 "${perfmon[@]}" $K probe add vfs_fsync
err_is "kdbgctl: error: probe add vfs_fsync: $ADMIN"
run 1 "${perfmon[@]}" $K probe del "$id"
err_is "kdbgctl: error: probe del $id: $ADMIN"
run 1 "${perfmon[@]}" $K tracepoint add sched:sched_switch
err_is "kdbgctl: error: tracepoint add sched:sched_switch: $ADMIN"
run 1 "${perfmon[@]}" $K ring set size 64k
grep -qF "$ADMIN" <<<"$err" || fail "perfmon ring set: $err"
run 1 "${perfmon[@]}" $K recorder on
grep -qF "$ADMIN" <<<"$err" || fail "perfmon recorder on: $err"
run 1 "${perfmon[@]}" $K -j probe add vfs_fsync
[ "$out" = "{\"error\":\"probe add vfs_fsync: $ADMIN\"}" ] ||
	fail "perfmon JSON error: $out"

# No capability: neither reading nor changing
run 1 "${nocap[@]}" $K stats
err_is "kdbgctl: error: stats: $READ"
run 1 "${nocap[@]}" $K probe list
err_is "kdbgctl: error: probe list: $READ"
run 1 "${nocap[@]}" $K agg show "$agg"
grep -qF "$READ" <<<"$err" || fail "unprivileged agg show: $err"
run 1 "${nocap[@]}" $K stream --count 1 --duration 5
grep -qF "$READ" <<<"$err" || fail "unprivileged stream: $err"
run 1 "${nocap[@]}" $K probe add vfs_fsync
err_is "kdbgctl: error: probe add vfs_fsync: $ADMIN"

# CAP_SYS_ADMIN alone: both (it implies reading)
run 0 "${sysadmin[@]}" $K stats
run 0 "${sysadmin[@]}" $K probe add vfs_fsync
fsync=$out
run 0 "${sysadmin[@]}" $K probe del "$fsync"

# The refused users changed nothing: the two probes, ring and recorder as set
run 0 $K -j probe list
python3 -c '
import json, sys
ids = sorted(s["id"] for s in json.loads(sys.argv[1]))
want = sorted([int(sys.argv[2]), int(sys.argv[3])])
assert ids == want, (ids, want)' "$out" "$id" "$agg" || fail "sources: $out"
run 0 $K -j recorder show
grep -qF '"enabled":false' <<<"$out" ||
	fail "a refused recorder on changed it: $out"
echo "privilege: CAP_PERFMON reads, CAP_SYS_ADMIN changes, nobody neither"
