#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The static checks: checkpatch.pl --strict on every file of module/ and
# kunit/ and on the uapi header (one check per file; checkpatch comes from
# the debug kernel's linux-source tree), then the module built against the
# stock kernel's headers with W=1 (no compiler warning allowed) and checked
# by sparse (C=2; no sparse warning allowed in our files). The build happens
# in build/static so it touches no other build. Ends with one line:
# "static: N passed, M failed".
#
# Usage: scripts/static.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "static: FAIL $*"; }

main() {
	local repo files f log checkpatch kdir dst noise
	repo=$(repo_root)
	cd "$repo"
	files=()
	for f in module/*.c module/*.h kunit/*.c kunit/*.h include/uapi/linux/kdbg.h; do
		[ -f "$f" ] && files+=("$f")
	done
	if [ ${#files[@]} = 0 ]; then
		echo "static: skipped (no sources)"
		return 0
	fi

	checkpatch="$("$here/debug-kernel.sh")/scripts/checkpatch.pl"
	[ -f "$checkpatch" ] || die "no checkpatch.pl at $checkpatch"
	for f in "${files[@]}"; do
		if log=$(perl "$checkpatch" --strict --no-tree --terse --show-types \
			--no-summary -f "$f" 2>&1); then
			ok
		else
			ko "checkpatch $f"
			sed 's/^/    /' <<<"$log" | head -n 40
		fi
	done

	# Sparse and W=1 over a private copy of the module's sources.
	kdir=$(stock_kdir)
	dst=$repo/build/static
	mkdir -p "$dst"
	rsync -a --delete --relative --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' \
		--exclude='modules.order' Kbuild module include "$dst/"
	# Our files' diagnostics: "build/static/<file>:<line>:<col>: ...".
	noise='Skipping BTF generation|^make|^  [A-Z]'
	if ! make -C "$kdir" M="$dst" W=1 modules >"$dst/build.log" 2>&1; then
		ko "W=1 build (log: $dst/build.log)"
		grep -E 'error|warning' "$dst/build.log" | head -n 20 | sed 's/^/    /'
	elif grep -E "^$dst/.*: (warning|error):" "$dst/build.log" >/dev/null; then
		ko "W=1 build has warnings"
		grep -E "^$dst/.*: (warning|error):" "$dst/build.log" |
			sed "s|^$dst/|    |" | head -n 40
	else
		ok
	fi
	# Static per-CPU data of a module comes from a reserve every module
	# shares (PERCPU_MODULE_RESERVE, 8 KiB): past it, insmod fails with
	# ENOMEM. Big per-CPU scratch is alloc_percpu()'d at init instead.
	local percpu
	percpu=$(readelf -SW "$dst/kdbgmod.ko" 2>/dev/null |
		sed -n 's/.* \.data\.\.percpu  *PROGBITS  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
	[ -z "$percpu" ] || percpu=$((16#$percpu))
	if [ -z "$percpu" ]; then
		ko "no .data..percpu size in $dst/kdbgmod.ko"
	elif [ "$percpu" -gt 4096 ]; then
		ko "kdbgmod.ko has $percpu bytes of static per-CPU data (budget 4096 of the modules' shared 8 KiB)"
	else
		ok
	fi
	command -v sparse >/dev/null || die "sparse is not installed (run scripts/deps.sh)"
	make -C "$kdir" M="$dst" C=2 modules >"$dst/sparse.log" 2>&1 || true
	if grep -E "^$dst/.*: (warning|error):" "$dst/sparse.log" >/dev/null; then
		ko "sparse (log: $dst/sparse.log)"
		grep -E "^$dst/.*: (warning|error):" "$dst/sparse.log" |
			sed "s|^$dst/|    |" | head -n 40
	elif ! grep -q '^  CHECK ' "$dst/sparse.log"; then
		ko "sparse did not run (log: $dst/sparse.log)"
		grep -vE "$noise" "$dst/sparse.log" | head -n 10 | sed 's/^/    /'
	else
		ok
	fi
	echo "static: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

main "$@"
exit
