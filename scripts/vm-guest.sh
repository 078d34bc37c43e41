#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of scripts/vm.sh: runs inside the VM bench's guest, as
# root, chrooted into the host's root. Runs the command vm.sh left in the
# output directory from the repository's top, with its stdout and stderr in
# files there; then unloads any kdbg module still loaded, runs kmemleak's
# scan when asked, and records the command's exit status last, so the host
# knows the guest got that far. Not meant to be run by hand.
set -uo pipefail

# One function, so that bash reads it all before running: editing the
# file cannot derail a run in progress.
main() {
	out=$KDBG_OUT
	cd "$KDBG_REPO" || exit 1
	# A repository path with blanks: the tools' paths get a blank-free
	# alias (a symlink on the guest's own /run), so a test may leave
	# $KDBGCTL unquoted.
	local top=$KDBG_REPO
	case "$top" in
	*[[:space:]]*) ln -sfn "$KDBG_REPO" /run/kdbg-repo && top=/run/kdbg-repo ;;
	esac
	export KDBG_KO="$top/build/$KDBG_KERNEL/kdbgmod.ko"
	export KDBGCTL="$top/user/kdbgctl"
	cut -d' ' -f1 /proc/uptime >"$out/boot-seconds"

	kmsg() {
		echo "kdbg-vm: $*" >/dev/kmsg
	}

	# shellcheck source=/dev/null
	. "$out/cmd.sh"
	kmsg "command start"
	"${cmd[@]}" </dev/null >"$out/stdout" 2>"$out/stderr"
	rc=$?
	kmsg "command exit $rc"
	cut -d' ' -f1 /proc/uptime >"$out/end-seconds"

	for m in kdbg_kunit kdbgmod; do
		grep -q "^$m " /proc/modules || continue
		if ! rmmod "$m" 2>>"$out/stderr"; then
			echo "vm: rmmod $m failed after the command" >>"$out/stderr"
			echo "rmmod $m failed" >>"$out/guest-errors"
		fi
	done

	if [ "${KDBG_KMEMLEAK:-0}" = 1 ]; then
		kl=/sys/kernel/debug/kmemleak
		if [ -w "$kl" ]; then
			# Objects must be a few seconds old and seen unreferenced by
			# two scans before kmemleak reports them.
			kmsg "kmemleak: first scan"
			echo scan >"$kl"
			sleep 5
			kmsg "kmemleak: second scan"
			echo scan >"$kl"
			cat "$kl" >"$out/kmemleak.txt"
			kmsg "kmemleak: $(grep -c 'unreferenced object' "$out/kmemleak.txt") leak(s) reported"
		else
			echo "kmemleak is not available in this kernel" >>"$out/guest-errors"
		fi
	fi

	dmesg >"$out/dmesg.txt" 2>/dev/null
	echo "$rc" >"$out/status"
	sync
}

main "$@"
exit
