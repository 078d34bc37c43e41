#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: builds kdbgmod.ko for Debian's stock kernel and kdbgctl,
# boots a throwaway VM bench guest on that kernel and runs the used-by
# sequence there (scripts/demo-guest.sh): insmod, a probe on
# tcp_v4_connect, a folded stream while TCP connects happen, the stats.
# The folded stacks end up in build/demo/folded.txt, whose path it prints.
#
# Usage: scripts/demo.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

main() {
	local repo out
	repo=$(repo_root)
	make -C "$repo" -s user >/dev/null || die "kdbgctl did not build (make user)"
	"$here/build-module.sh" stock >/dev/null
	out=$repo/build/demo/run-$(date +%Y%m%d-%H%M%S)
	mkdir -p "$out"
	"$here/vm.sh" --kernel stock --out "$out" -- scripts/demo-guest.sh
	cp "$out/folded.txt" "$repo/build/demo/folded.txt"
	"$repo/user/kdbgctl" fold --format svg --title "kdbg demo: tcp_v4_connect" \
		"$repo/build/demo/folded.txt" >"$repo/build/demo/flame.svg" ||
		die "kdbgctl fold could not render the flame graph"
	echo "demo: folded stacks in $repo/build/demo/folded.txt"
	echo "demo: flame graph in $repo/build/demo/flame.svg"
}

main "$@"
exit
