#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `kdbgctl oops decode` on real crash reports: the test module kdbg_crashme
# plants each bug (lib/splat.sh declares the splat to the bench first), the
# kernel's report is captured from dmesg, and the decoder's JSON is checked
# against what the test knows: the kind and type, the planted function and
# module, the access and its size, the task, and the file:line of the
# faulting line (found in the source by its "crashme-line: NAME" comment)
# resolved from the module's .ko; vmlinux frames go through the kernel
# image's symbol table (--vmlinux, the debug kernel's tree from
# scripts/lib.sh) and get file:line when it has debug info, or the reason.
# The guest survives the oops: kernel.panic_on_oops is 0 for the test.
# Before the NULL dereference, kdbgmod's flight recorder is on with a probe
# on the planted function: the oops freezes the rings and prints their
# last events to the console, inside the report, so `oops decode` shows
# the probe's hit as what happened just before, and `recorder dump` still
# has it afterwards.
#
# On the stock kernel only the NULL dereference and the WARN run: the
# memory bugs need KASAN to be reported (and to be harmless), the lock
# inversion needs lockdep; the module refuses them, which is checked.
# Order matters on the debug kernel: lockdep turns itself off after its
# report and after any oops, so abba goes first and null last.
#
# The captured reports and their decodes are kept in
# build/oops-captured/KERNEL/ (tests/golden/oops/ holds a checked-in set).
# The kernel stays tainted and without lockdep after this test, so the
# runner puts it after the others:
# kdbg-vm: run-last
set -euo pipefail

. scripts/lib.sh
tmp=$(mktemp -d "$KDBG_OUT/oops.XXXXXX")
. tests/integration/lib/cli.sh
. tests/integration/lib/splat.sh

src=tests/modules/kdbg_crashme/kdbg_crashme.c
moddir=$(dirname "$KDBG_KO")/tests/modules/kdbg_crashme
ko=$moddir/kdbg_crashme.ko
trigger=/sys/kernel/debug/kdbg_crashme/trigger
cap=build/oops-captured/$KDBG_KERNEL
expect=(python3 tests/integration/lib/json_expect.py)
[ -f "$ko" ] || fail "no $ko (scripts/build-module.sh builds it)"
rm -rf "$cap" && mkdir -p "$cap"

vmlinux=
if [ "$KDBG_KERNEL" = debug ]; then
	vmlinux=$(debug_kdir)/vmlinux
	[ -f "$vmlinux" ] || fail "no vmlinux at $vmlinux"
fi

old_panic=$(cat /proc/sys/kernel/panic_on_oops)
cleanup() {
	expect_no_splat
	echo "$old_panic" >/proc/sys/kernel/panic_on_oops
	if grep -q '^kdbgmod ' /proc/modules; then
		"$KDBGCTL" recorder off >/dev/null 2>&1 || true
		rmmod kdbgmod
	fi
	grep -q '^kdbg_crashme ' /proc/modules && rmmod kdbg_crashme
	return 0
}
trap cleanup EXIT
echo 0 >/proc/sys/kernel/panic_on_oops

line_of() {
	local n
	n=$(grep -n "crashme-line: $1 \*/" "$src" | cut -d: -f1)
	[ -n "$n" ] || fail "no crashme-line: $1 in $src"
	echo "$n"
}

# The report is complete when its last line is in the log.
report_done() {
	local f=$1 kind=$2
	case $kind in
	kasan) awk '/BUG: KASAN:/ { b = 1 } b && /=================/ { e = 1 } END { exit !e }' "$f" ;;
	lockdep) awk '/stack backtrace:/ { b = 1 } b && /<\/TASK>/ { e = 1 } END { exit !e }' "$f" ;;
	*) grep -q -- '---\[ end trace' "$f" ;;
	esac
}

# plant NAME KIND...: trigger the bug, capture its report, decode it.
plant() {
	local name=$1 i
	shift
	echo "kdbg-vm: capture $name" >/dev/kmsg
	expect_splat "$@"
	echo "$name" >"$trigger" || fail "trigger $name failed"
	for i in $(seq 1 300); do
		dmesg | sed -n "/kdbg-vm: capture $name\$/,\$p" >"$cap/$name.txt"
		report_done "$cap/$name.txt" "$1" && break
		sleep 0.1
	done
	expect_no_splat
	report_done "$cap/$name.txt" "$1" ||
		fail "no complete $name report in dmesg within 30 s: $(tail -n 5 "$cap/$name.txt")"
	"$KDBGCTL" -j oops decode "$cap/$name.txt" --modules "$moddir" \
		${vmlinux:+--vmlinux "$vmlinux"} >"$cap/$name.json" ||
		fail "oops decode of the $name report failed"
	"$KDBGCTL" oops decode "$cap/$name.txt" --modules "$moddir" \
		${vmlinux:+--vmlinux "$vmlinux"} >"$cap/$name.decoded.txt"
	echo "captured $name: $(grep -c . "$cap/$name.txt") lines, $cap/$name.txt"
}

# The frame at the planted line: function, module and file:line.
at_line() {
	local p=$1 func=$2 name=$3
	echo "$p.function=$func" "$p.module=kdbg_crashme" \
	     "$p.file~kdbg_crashme/kdbg_crashme.c" "$p.line=$(line_of "$name")"
}

# A vmlinux frame: resolved if the image has line tables, else why not.
vmlinux_frame() {
	local json=$1 func=$2
	[ -n "$vmlinux" ] || return 0
	if readelf -S "$vmlinux" | grep -q '\.debug_line'; then
		python3 - "$json" "$func" <<-'EOF' || fail "$func not resolved in $json"
		import json, sys
		r = json.load(open(sys.argv[1]))["reports"][0]
		f = [f for f in r["call-trace"] if f.get("function") == sys.argv[2]]
		sys.exit(0 if f and f[0].get("line") else 1)
		EOF
	else
		python3 - "$json" "$func" <<-'EOF' || fail "$func in $json: wrong reason"
		import json, sys
		r = json.load(open(sys.argv[1]))["reports"][0]
		f = [f for f in r["call-trace"] if f.get("function") == sys.argv[2]]
		sys.exit(0 if f and f[0].get("unresolved") ==
			 "binary has no debug info (.debug_line)" else 1)
		EOF
	fi
}

insmod "$ko"
run 2 "$KDBGCTL" oops decode --frob
err_is "kdbgctl: error: oops decode: unknown option '--frob' (see: kdbgctl oops help)"
run 1 "$KDBGCTL" oops decode "$tmp/missing"
err_is "kdbgctl: error: oops decode: '$tmp/missing': No such file or directory"
run 1 "$KDBGCTL" oops decode --vmlinux "$src" "$tmp/missing"
err_is "kdbgctl: error: oops decode: --vmlinux '$src': not an ELF file"
# The module refuses what it does not know: no splat.
if echo bogus >"$trigger" 2>/dev/null; then fail "trigger accepted 'bogus'"; fi

planted=()
if [ "$KDBG_KERNEL" = debug ]; then
	plant abba lockdep
	"${expect[@]}" "$cap/abba.json" 'reports#=1' reports.0.kind=lockdep \
		reports.0.type=circular-locking-dependency \
		reports.0.lockdep.acquiring.lock=kdbg_crashme_lock_a \
		reports.0.lockdep.holding.lock=kdbg_crashme_lock_b \
		$(at_line reports.0.lockdep.acquiring.at kdbg_crashme_ba abba) \
		$(at_line reports.0 kdbg_crashme_ba abba) \
		reports.0.lockdep.holding.at.function=kdbg_crashme_ba \
		reports.0.lockdep.pid? reports.0.kernel-release? \
		'reports.0.call-trace@=kdbg_crashme_abba' || fail "abba decode"

	plant uaf kasan
	"${expect[@]}" "$cap/uaf.json" 'reports#=1' reports.0.kind=kasan \
		reports.0.type=use-after-free \
		$(at_line reports.0 kdbg_crashme_uaf uaf) \
		reports.0.access=read reports.0.access-size=8 \
		reports.0.kasan.cache=kmalloc-64 reports.0.kasan.object-size=64 \
		reports.0.kasan.offset=32 reports.0.kasan.relation=inside \
		reports.0.kasan.shadow-byte=fb reports.0.kasan.shadow-bad-row? \
		'reports.0.kasan.allocated-by.stack@=kdbg_crashme_uaf' \
		'reports.0.kasan.freed-by.stack@=kdbg_crashme_uaf' \
		reports.0.kasan.allocated-by.pid? reports.0.comm? \
		'reports.0.call-trace@=kdbg_crashme_trigger_write' || fail "uaf decode"
	vmlinux_frame "$cap/uaf.json" kasan_report

	plant oob kasan
	"${expect[@]}" "$cap/oob.json" 'reports#=1' reports.0.kind=kasan \
		reports.0.type=slab-out-of-bounds \
		$(at_line reports.0 kdbg_crashme_oob oob) \
		reports.0.access=write reports.0.access-size=4 \
		reports.0.kasan.cache=kmalloc-64 reports.0.kasan.offset=40 \
		'reports.0.kasan.allocated-by.stack@=kdbg_crashme_oob' \
		reports.0.kasan.freed-by! || fail "oob decode"

	plant double-free kasan
	# KASAN names the freeing function; the planted line is its caller.
	"${expect[@]}" "$cap/double-free.json" 'reports#=1' reports.0.kind=kasan \
		reports.0.type=double-free reports.0.function? \
		"reports.0.call-trace@=kdbg_crashme_double_free:line=$(line_of double-free)" \
		'reports.0.call-trace@=kdbg_crashme_double_free:module=kdbg_crashme' \
		reports.0.access=free reports.0.access-size! \
		'reports.0.kasan.freed-by.stack@=kdbg_crashme_double_free' \
		|| fail "double-free decode"
	planted+=(abba uaf oob double-free)
else
	for b in uaf oob double-free abba; do
		if echo "$b" >"$trigger" 2>"$tmp/err"; then
			fail "the stock kernel ran '$b' (no KASAN or lockdep to catch it)"
		fi
		grep -q 'Operation not supported' "$tmp/err" ||
			fail "trigger $b: $(cat "$tmp/err")"
	done
	echo "stock: uaf, oob, double-free need KASAN and abba lockdep (debug kernel only)"
fi

plant warn warning
"${expect[@]}" "$cap/warn.json" 'reports#=1' reports.0.kind=warning \
	$(at_line reports.0 kdbg_crashme_warn warn) reports.0.exact=true \
	reports.0.source-file~kdbg_crashme/kdbg_crashme.c \
	reports.0.source-line="$(line_of warn)" \
	reports.0.comm? reports.0.pid? reports.0.cpu? reports.0.tainted=true \
	'reports.0.call-trace@=kdbg_crashme_trigger_write' || fail "warn decode"
planted+=(warn)

# The flight recorder, and a probe on the function about to oops.
insmod "$KDBG_KO"
"$KDBGCTL" recorder on --last 8 >/dev/null
"$KDBGCTL" probe add kdbg_crashme:kdbg_crashme_null_thread >/dev/null
if [ "$KDBG_KERNEL" = debug ]; then
	plant null gpf oops
	# KASAN's inline check faults on the shadow of NULL+8 first.
	"${expect[@]}" "$cap/null.json" 'reports#=1' \
		reports.0.kind=general-protection-fault \
		reports.0.type=null-ptr-deref reports.0.fault-address=0x8 || fail "null decode"
else
	plant null oops
	"${expect[@]}" "$cap/null.json" 'reports#=1' reports.0.kind=oops \
		reports.0.type=null-pointer-dereference reports.0.access=write \
		reports.0.fault-mode=supervisor reports.0.fault-address=0x8 || fail "null decode"
fi
"${expect[@]}" "$cap/null.json" $(at_line reports.0 kdbg_crashme_null_thread null) \
	reports.0.exact=true reports.0.comm=kdbg_crashme reports.0.die-counter? \
	'reports.0.call-trace@=kthread' reports.0.modules-linked-in? || fail "null decode"
vmlinux_frame "$cap/null.json" kthread
planted+=(null)

# What happened just before: the probe's hit, in the console and after.
"${expect[@]}" "$cap/null.json" reports.0.recorder.reason=oops \
	reports.0.recorder.complete=true reports.0.recorder.rings? || fail "recorder in the report"
python3 - "$cap/null.json" <<-'EOF' || fail "the probe's hit is not in the report's recorder dump"
	import json, sys
	ev = json.load(open(sys.argv[1]))["reports"][0]["recorder"]["events"]
	sys.exit(not any("kdbg_crashme_null_thread" in e["fields"].get("target", "")
			 and e["fields"].get("comm") == "kdbg_crashme" for e in ev))
	EOF
# The serial console (the bench writes it to $KDBG_OUT/console.log, which
# the guest sees): the same oops and recorder lines, CRLF-ended.
con=$KDBG_OUT/console.log
for i in $(seq 1 100); do
	sed -n '/kdbg-vm: capture null\r*$/,$p' "$con" | tr -d '\r' |
		grep -q -- '---\[ end trace' && break
	sleep 0.1
done
sed -n '/kdbg-vm: capture null\r*$/,/---\[ end trace/p' "$con" >"$cap/null-console.txt"
"$KDBGCTL" -j oops decode "$cap/null-console.txt" --modules "$moddir" \
	${vmlinux:+--vmlinux "$vmlinux"} >"$cap/null-console.json"
"${expect[@]}" "$cap/null-console.json" 'reports#=1' \
	$(at_line reports.0 kdbg_crashme_null_thread null) \
	reports.0.recorder.reason=oops reports.0.recorder.complete=true \
	'reports.0.recorder.events.0.stack@=kdbg_crashme_null_thread' || fail "console decode"
"$KDBGCTL" -j recorder dump >"$cap/recorder-dump.json"
grep -q '"comm":"kdbg_crashme"' "$cap/recorder-dump.json" ||
	fail "recorder dump lacks the hit before the oops: $(head -c 600 "$cap/recorder-dump.json")"
"$KDBGCTL" recorder off >/dev/null
rmmod kdbgmod

# All of them in one input: each report decoded, in order.
for b in "${planted[@]}"; do cat "$cap/$b.txt"; done >"$cap/all.txt"
"$KDBGCTL" -j oops decode "$cap/all.txt" >"$cap/all.json"
"${expect[@]}" "$cap/all.json" "reports#=${#planted[@]}" || fail "all in one"
rmmod kdbg_crashme
echo "decoded ${#planted[@]} planted bugs: ${planted[*]}"
