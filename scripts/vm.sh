#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM bench: boot a throwaway qemu guest (TCG) on Debian's stock kernel
# or on the debug kernel, run COMMAND in it as root from the repository's
# top, and bring back its output and exit status. The guest sees the host's
# root read-only (virtio-9p), the repository and the output directory
# writable, and has KDBG_KERNEL, KDBG_KO (kdbgmod.ko built for that kernel
# by scripts/build-module.sh) and KDBGCTL in its environment.
#
# The run fails when the guest's kernel logs any splat (BUG, WARNING, Oops,
# KASAN, lockdep, sleeping in atomic context, a call trace), when kmemleak
# finds an unreferenced object after kdbg's modules are unloaded
# (--kmemleak), or when the guest does not finish within --timeout. The
# whole console is kept in the output directory.
#
# One exception, for tests that plant bugs on purpose (90-oops-decode.sh):
# a test may log "kdbg-vm: expect splat: KIND..." to /dev/kmsg, KIND among
# kasan, oops (a NULL dereference, a page fault, kernel BUG at), gpf,
# warning and lockdep. A splat whose first line is of one of those kinds
# is then excused, with the lines after it up to the next splat's first
# line or the next kdbg-vm line, until the test logs "kdbg-vm: expect
# splat: none" or ends; only during a test ("kdbg-vm: test NAME: start").
# A kernel panic is never excused, nor any other kind. Excused lines are
# counted on stderr.
#
# A soft lockup report with no kdbg frame (module or kdbg_ function) is
# excused too: under TCG on a loaded host a vCPU can go unscheduled for
# tens of seconds in any code. One with a kdbg frame fails the run.
#
# Usage: scripts/vm.sh --kernel stock|debug [--timeout SEC] [--kmemleak]
#                      [--out DIR] [--quiet] -- COMMAND [ARG]...
# Exit status: COMMAND's own when the guest stayed clean; 125 when it did
# not (a splat, a leak, a timeout, or a guest that never ran COMMAND).
# KDBG_VM_APPEND adds to the guest kernel's command line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() {
	echo "usage: ${0##*/} --kernel stock|debug [--timeout SEC] [--kmemleak] [--out DIR] [--quiet] -- COMMAND..." >&2
	exit 2
}

# qemu's option syntax: a comma in a value is written twice.
share() {
	echo "local,path=${1//,/,,},mount_tag=$2,security_model=none,multidevs=remap${3:-}"
}

# The kernel command line splits at blanks: a path goes on it with '%'
# and ' ' percent-encoded (the guest's /init decodes them).
cmdline_path() {
	local s=${1//%/%25}
	echo "${s// /%20}"
}

# One function, so that bash has read the whole script before the guest
# runs: editing this file cannot derail a run in progress.
main() {
	kernel= timeout= kmemleak=0 out= quiet=0
	while [ $# -gt 0 ]; do
		case "$1" in
		--kernel) kernel=${2:-}; shift 2 || usage ;;
		--timeout) timeout=${2:-}; shift 2 || usage ;;
		--kmemleak) kmemleak=1; shift ;;
		--out) out=${2:-}; shift 2 || usage ;;
		--quiet) quiet=1; shift ;;
		--) shift; break ;;
		*) usage ;;
		esac
	done
	[ $# -gt 0 ] || usage
	case "$kernel" in
	stock) timeout=${timeout:-300} ;;
	debug) timeout=${timeout:-600} ;;
	*) usage ;;
	esac
	[ "$kmemleak" = 0 ] || [ "$kernel" = debug ] || die "--kmemleak needs --kernel debug"

	repo=$(repo_root)
	case "$repo" in *[$'\t\n']*) die "the repository's path must not contain tabs or newlines: $repo" ;; esac
	[ "$kernel" = debug ] && "$here/debug-kernel.sh" >/dev/null
	image=$(kernel_image "$kernel")
	[ -f "$image" ] || die "no $kernel kernel image at $image (run scripts/deps.sh)"
	initrd=$("$here/initramfs.sh" "$kernel")

	# Runs are kept for two days in build/vm.
	find "$repo/build/vm" -mindepth 1 -maxdepth 1 -type d -mtime +2 \
		-exec rm -rf {} + 2>/dev/null || true
	out=${out:-$repo/build/vm/$kernel-$(date +%Y%m%d-%H%M%S)-$$}
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	case "$out" in *[$'\t\n']*) die "the output directory must not contain tabs or newlines: $out" ;; esac
	rm -f "$out"/{console.log,qemu.log,stdout,stderr,status,kmemleak.txt,guest-errors,dmesg.txt,boot-seconds,end-seconds,verdict}
	{
		printf 'cmd=('
		printf '%q ' "$@"
		printf ')\n'
	} >"$out/cmd.sh"

	# no_timer_check: a slow TCG guest can fail the IO-APIC timer check.
	append="console=ttyS0 loglevel=7 panic=-1 oops=panic nokaslr no_timer_check"
	# random.trust_cpu: seed the CRNG from RDRAND at once (tinyconfig does
	# not), or getrandom() blocks for minutes in the debug guest.
	append+=" rcupdate.rcu_cpu_stall_timeout=60 random.trust_cpu=on ${KDBG_VM_APPEND:-}"
	append+=" kdbg.kernel=$kernel kdbg.repo=$(cmdline_path "$repo")"
	append+=" kdbg.out=$(cmdline_path "$out") kdbg.time=$(date +%s)"
	if [ "$kernel" = stock ]; then
		append+=" kdbg.moddir=$(stock_root)/lib/modules/$(stock_kver)"
	else
		# acpi=noirq: PCI interrupts routed from the BIOS's table instead of
		# the DSDT's _PRT loop, which ACPICA aborts after 30 s when KASAN,
		# lockdep and TCG slow it down enough (virtio then has no IRQ).
		append+=" acpi=noirq kmemleak=$([ "$kmemleak" = 1 ] && echo on || echo off)"
		# Every KASAN report, not only the first: a test's planted bug
		# must not silence the reports of the tests after it.
		append+=" kasan_multi_shot"
		# no5lvl: with 5-level paging (-cpu max has LA57), an interrupt
		# early in boot (identify_cpu) sometimes met KASAN shadow not yet
		# there: a flood of wild-memory-access reports in do_raw_spin_lock
		# at 0.005 s, in 3 of about 10 debug boots on 2026-12-04.
		append+=" no5lvl"
		append+=" kdbg.kmemleak=$kmemleak"
	fi


	start=$(now)
	qrc=0
	# One host thread runs both vCPUs by default: with multi-threaded TCG,
	# kprobes armed and disarmed while other vCPUs execute the patched
	# function crashed the guest (a jump to 0), with tracefs kprobes and
	# kdbg unloaded too. KDBG_VM_TCG_THREAD=multi for speed (the bench).
	timeout -k 10 "$timeout" qemu-system-x86_64 \
		-machine "${KDBG_VM_MACHINE:-pc}" \
		-accel "tcg,thread=${KDBG_VM_TCG_THREAD:-single}" \
		-cpu max -m 2G -smp 2 \
		-nographic -no-reboot -nodefaults \
		-kernel "$image" -initrd "$initrd" -append "$append" \
		-serial "file:$out/console.log" \
		-virtfs "$(share / hostroot ,readonly=on)" \
		-virtfs "$(share "$repo" repo)" \
		-virtfs "$(share "$out" out)" \
		</dev/null >"$out/qemu.log" 2>&1 || qrc=$?
	total=$(since "$start")

	# The guest's verdict, from the files it left and its console.
	verdict=ok
	problems=()
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		verdict=timeout
		problems+=("the guest did not finish within ${timeout}s and was killed")
	elif [ ! -f "$out/status" ]; then
		verdict=broken
		problems+=("the guest stopped before COMMAND finished (qemu exit $qrc)")
	fi
	if [ -s "$out/guest-errors" ]; then
		verdict=${verdict/ok/broken}
		while read -r l; do problems+=("$l"); done <"$out/guest-errors"
	fi

	# Kernel splats. Lines are numbered so they can be found in console.log;
	# each is attributed to the last test marker before it, if any.
	splat_re='BUG:|WARNING:|Oops|general protection fault|Kernel panic|kernel BUG at'
	splat_re+='|sleeping function called from invalid context|scheduling while atomic'
	splat_re+='|possible circular locking|possible recursive locking|inconsistent lock state'
	splat_re+='|lock held when returning to user space|trying to register non-static key'
	splat_re+='|suspicious RCU usage|UBSAN:|Call Trace:|unreferenced object'
	# The bench's own lines ("kdbg-vm: ...") are never splats. kind()
	# names the splat a line starts ("" for the lines inside one).
	splats=$(awk -v re="$splat_re" '
		# A soft lockup with no kdbg frame in its report is a vCPU the
		# host starved (TCG on a loaded host), not kdbg: its lines are
		# held until the report ends, then excused or reported.
		function flush(   i) {
			for (i = 0; i < nb; i++)
				if (kdbg_frame)
					print buf[i]
				else
					print "excused " buf[i] " (soft lockup with no kdbg frame: a starved vCPU)"
			nb = 0; held = 0
		}
		function kind(l) {
			if (l ~ /Kernel panic/) return "panic"
			if (l ~ /BUG: soft lockup - CPU#/) return "softlockup"
			if (l ~ /BUG: KASAN:/) return "kasan"
			if (l ~ /general protection fault/) return "gpf"
			if (l ~ /possible circular locking|possible recursive locking|inconsistent lock state|irq lock inversion|lock order detected|bad unlock balance/) return "lockdep"
			if (l ~ /WARNING: CPU: /) return "warning"
			if (l ~ /BUG: kernel NULL pointer dereference|BUG: unable to handle page fault|kernel BUG at/) return "oops"
			if (l ~ /Oops: [0-9a-f][0-9a-f][0-9a-f][0-9a-f] \[#|Call Trace:/) return ""
			if (l ~ re) return "other"
			return ""
		}
		/kdbg-vm: / { flush() }
		/kdbg-vm: test .*: start/ { sub(/.*kdbg-vm: test /, ""); sub(/: start.*/, ""); t = "during " $0; expect = ""; excuse = 0; next }
		/kdbg-vm: test .*: end/ { sub(/.*kdbg-vm: test /, ""); sub(/: end.*/, ""); t = "after " $0; expect = ""; excuse = 0; next }
		/kdbg-vm: expect splat: / {
			excuse = 0
			if (t !~ /^during /) next
			sub(/.*kdbg-vm: expect splat: /, ""); sub(/\r$/, "")
			expect = ($0 == "none") ? "" : " " $0 " "
			next
		}
		/kdbg-vm: / { excuse = 0; next }
		{
			k = kind($0)
			if (k != "") {
				flush()
				held = k == "softlockup"
				kdbg_frame = 0
				excuse = expect != "" && k != "panic" && k != "other" &&
					index(expect, " " k " ") > 0
			}
		}
		held {
			if ($0 ~ /kdbg/ && $0 !~ /Modules linked in/)
				kdbg_frame = 1
			if ($0 ~ re)
				buf[nb++] = sprintf("%d: %s%s", NR, $0, (t != "" ? "   [" t "]" : ""))
			next
		}
		$0 ~ re {
			if (excuse) { printf "excused %d: %s   [%s]\n", NR, $0, t; next }
			printf "%d: %s%s\n", NR, $0, (t != "" ? "   [" t "]" : "")
		}
		END { flush() }
	' "$out/console.log" 2>/dev/null | tr -d '\r' || true)
	excused=$(grep '^excused ' <<<"$splats" || true)
	splats=$(grep -v '^excused ' <<<"$splats" || true)
	if [ -n "$splats" ]; then
		verdict=splat
		problems+=("the guest kernel logged a splat:")
	fi
	leaks=
	if [ "$kmemleak" = 1 ] && [ -f "$out/kmemleak.txt" ]; then
		leaks=$(grep -A 12 'unreferenced object' "$out/kmemleak.txt" || true)
		if [ -n "$leaks" ]; then
			verdict=leak
			problems+=("kmemleak found unreferenced objects after kdbg was unloaded:")
		fi
	fi
	echo "$verdict" >"$out/verdict"

	# COMMAND's output, then the bench's own account of the run.
	if [ "$quiet" = 0 ]; then
		[ -f "$out/stdout" ] && cat "$out/stdout"
		[ -f "$out/stderr" ] && cat "$out/stderr" >&2
	fi
	rc=$(cat "$out/status" 2>/dev/null || echo 125)
	boot=$(cat "$out/boot-seconds" 2>/dev/null || echo '?')
	echo "vm: $kernel guest: booted in ${boot}s, ${total}s in all; command exit $rc; verdict $verdict" >&2
	if [ -n "$excused" ]; then
		echo "vm: $(wc -l <<<"$excused") console line(s) of splats excused (expected by a test, or a starved vCPU):" >&2
		sed -e 's/^excused /vm:   /' <<<"$excused" | head -n 20 >&2
	fi
	if [ "$verdict" != ok ]; then
		for p in "${problems[@]}"; do echo "vm: $p" >&2; done
		[ -n "$splats" ] && head -n 60 <<<"$splats" | sed 's/^/vm:   console:/' >&2
		[ -n "$leaks" ] && head -n 40 <<<"$leaks" | sed 's/^/vm:   kmemleak: /' >&2
		if [ "$verdict" = timeout ] || [ ! -f "$out/status" ]; then
			echo "vm: last console lines:" >&2
			tail -n 15 "$out/console.log" 2>/dev/null | tr -d '\r' | sed 's/^/vm:   /' >&2
		fi
		echo "vm: console: $out/console.log" >&2
		exit 125
	fi
	exit "$rc"
}

main "$@"
exit
