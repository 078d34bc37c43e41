#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel (KUnit, KASAN, lockdep, kmemleak, kprobes, ftrace)
# from Debian's linux-source-6.1, once per machine. The tree is cached outside
# the repository under a key derived from debug.config and the source
# version; a finished build leaves a stamp, so later runs return at once.
# Concurrent callers wait on a lock for the one build. Prints the tree's path
# on stdout. KDBG_DEBUG_KDIR=<tree> uses a tree built elsewhere instead.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# Everything runs from one function, so that bash has read the whole script
# before the long build starts and an edit to it cannot derail a build.
main() {
	local kdir top tarball log
	kdir=$(debug_kdir)
	top=$(dirname "$kdir")
	if [ -n "${KDBG_DEBUG_KDIR:-}" ]; then
		[ -f "$kdir/arch/x86/boot/bzImage" ] ||
			die "KDBG_DEBUG_KDIR=$kdir has no bzImage"
		echo "$kdir"
		return
	fi
	if [ -f "$top/built" ]; then
		echo "$kdir"
		return
	fi

	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || die "linux-source-6.1 is not installed (run scripts/deps.sh)"

	exec 9>"$KDBG_CACHE/debug-kernel.lock"
	flock 9
	if [ -f "$top/built" ]; then
		echo "$kdir"
		return
	fi

	echo "debug-kernel: building in $top (once per machine, ~5-10 min)" >&2
	rm -rf "$top" && mkdir -p "$top"
	tar -C "$top" -xf "$tarball"
	mv "$top"/linux-source-6.1 "$kdir"
	log="$top/build.log"
	(
		cd "$kdir"
		make tinyconfig
		scripts/kconfig/merge_config.sh -m .config "$here/debug.config"
		make olddefconfig
		# Every option the fragment asks for must survive olddefconfig.
		sed -n -e 's/^\(CONFIG_[A-Z0-9_]*=.*\)$/\1/p' \
			-e 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1=n/p' \
			"$here/debug.config" | while IFS== read -r opt want; do
			got=$(sed -n "s/^$opt=//p" .config)
			[ "$got" = "$want" ] && continue
			[ "$want" = n ] && [ -z "$got" ] && continue
			echo "debug-kernel: warning: $opt is '${got:-n}', wanted '$want'" >&2
		done
		# "modules" writes Module.symvers, which out-of-tree builds
		# need for modpost's unresolved-symbol check.
		make -j"$(nproc)" bzImage modules modules_prepare
	) >"$log" 2>&1 || {
		tail -30 "$log" >&2
		die "debug kernel build failed (log: $log)"
	}
	grep 'warning: CONFIG' "$log" >&2 || true
	touch "$top/built"
	echo "debug-kernel: built in $top" >&2
	echo "$kdir"
}

main "$@"
exit
