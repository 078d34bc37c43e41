#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kdbg-vm: run-last
#
# Kernel lockdown (module/lockdown.c), raised at run time as an
# administrator can (it is never lowered, so this test runs last): under
# integrity lockdown kdbg attaches, counts a known workload exactly, and
# every debugfs file (none writable) still opens; under confidentiality
# lockdown every kind of source - kprobe, kretprobe, tracepoint, pattern,
# layer, sampler - is refused with EPERM and the message naming lockdown,
# reads go on, and a source attached before the lockdown keeps counting until it
# is deleted. The module is loaded before lockdown: loading an unsigned
# (or untrusted-key) module under lockdown is the kernel's to refuse, see
# tests/package.sh. Skipped where the kernel has no lockdown LSM (the
# debug kernel).
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
tmp=$(mktemp -d)
trap 'rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT

. tests/integration/lib/cli.sh

sec=/sys/kernel/security
[ -e $sec/lsm ] || mount -t securityfs securityfs $sec 2>/dev/null || true
if [ ! -e $sec/lockdown ]; then
	set +x
	echo "skip: no lockdown LSM in this kernel ($(cat $sec/lsm 2>/dev/null))"
	exit 77
fi
grep -qF '[none]' $sec/lockdown || fail "lockdown already raised: $(cat $sec/lockdown)"

insmod "$KDBG_KO"
dbg=/sys/kernel/debug/kdbg
# No debugfs file can be written: debugfs refuses those under lockdown.
for f in "$dbg"/*; do
	[ $(( $(stat -c '0%a' "$f") & 0222 )) = 0 ] || fail "$f is writable: $(stat -c %a "$f")"
done

echo integrity >$sec/lockdown
grep -qF '[integrity]' $sec/lockdown || fail "not integrity: $(cat $sec/lockdown)"
run 0 "$K" probe add __x64_sys_getppid --count --comm kdbgflood
early=$out
total=$(tests/tools/kdbg_flood 1000)
hits() {
	"$K" -j stats | python3 -c 'import json, sys
print(next(s["counters"]["hits"] - s["counters"]["filtered"]
	   for s in json.load(sys.stdin)["sources"] if s["id"] == int(sys.argv[1])))' "$1"
}
[ "$(hits "$early")" = "$total" ] || fail "integrity: counted $(hits "$early") of $total"
for f in "$dbg"/*; do
	exec 3<"$f" || fail "integrity lockdown: cannot open $f"
	exec 3<&-
done
grep -q "__x64_sys_getppid" "$dbg/probes" || fail "debugfs probes: $(cat "$dbg/probes")"
run 0 "$K" probe add --ret do_nanosleep
run 0 "$K" probe del do_nanosleep
run 0 "$K" tracepoint add sched:sched_switch --count
run 0 "$K" tracepoint del sched:sched_switch

echo confidentiality >$sec/lockdown
grep -qF '[confidentiality]' $sec/lockdown || fail "not confidentiality: $(cat $sec/lockdown)"
KP="kernel lockdown (confidentiality) forbids kprobes: kdbg cannot attach here; see kernel_lockdown(7)"
TR="kernel lockdown (confidentiality) forbids tracing kernel data: kdbg cannot attach here; see kernel_lockdown(7)"
run 1 "$K" probe add vfs_read
err_is "kdbgctl: error: probe add vfs_read: $KP"
run 1 "$K" probe add --ret vfs_read
err_is "kdbgctl: error: probe add vfs_read: $KP"
run 1 "$K" probe add 'vfs_rea*'
grep -qF -- "$KP" <<<"$err" || fail "pattern: $err"
run 1 "$K" tracepoint add sched:sched_switch
err_is "kdbgctl: error: tracepoint add sched:sched_switch: $TR"
run 1 "$K" syscount -d 1
grep -qF -- "$TR" <<<"$err" || fail "syscount: $err"
run 1 "$K" funccount -d 1 vfs_read
grep -qF -- "$KP" <<<"$err" || fail "funccount: $err"
run 1 "$K" profile -d 1
grep -qF -- "kernel lockdown (confidentiality) forbids perf sampling of the kernel" <<<"$err" ||
	fail "profile: $err"
# Nothing was attached; reading works; the early source still counts.
run 0 "$K" -j probe list
python3 -c 'import json, sys; p = json.load(sys.stdin); assert len(p) == 1, p' <<<"$out"
total2=$(tests/tools/kdbg_flood 1000)
[ "$(hits "$early")" = "$((total + total2))" ] ||
	fail "confidentiality: the early source counted $(hits "$early") of $((total + total2))"
run 0 "$K" probe del "$early"
rmmod kdbgmod
echo "lockdown: integrity works, confidentiality refuses every source kind"
