#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The integration suite on one kernel: builds kdbg's modules for it, boots
# one VM bench guest and runs every tests/integration/NN-name.sh there
# (through tests/integration/run-guest.sh), on the debug kernel with
# kmemleak's scan at the end. A guest that logged a splat or a leak, or hung,
# counts as one more failure. Ends with one line:
# "integration-<kernel>: N passed, M failed".
#
# Usage: scripts/integration.sh stock|debug [NN-name.sh]...
# KDBG_VM_TIMEOUT sets the whole guest's timeout (default 1800 s on stock,
# 4800 s on debug, where 35 tests took 2326 s on 2026-12-04);
# KDBG_TEST_TIMEOUT each test's (default 300 s on stock, 600 s on the
# slower debug kernel).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

main() {
	local kernel=${1:-} suite repo out vmrc=0 pass fail skip extra=() limit
	case "$kernel" in
	stock) extra=(--timeout "${KDBG_VM_TIMEOUT:-1800}") limit=300 ;;
	debug) extra=(--timeout "${KDBG_VM_TIMEOUT:-4800}" --kmemleak) limit=600 ;;
	*) echo "usage: integration.sh stock|debug [TEST]..." >&2; exit 2 ;;
	esac
	shift
	suite=integration-$kernel
	repo=$(repo_root)
	if ! compgen -G "$repo/tests/integration/[0-9]*.sh" >/dev/null; then
		echo "$suite: skipped (no tests)"
		return 0
	fi
	if ! "$here/build-module.sh" "$kernel" >/dev/null; then
		echo "$suite: 0 passed, 1 failed"
		return 1
	fi
	out=$repo/build/vm/$suite-$(date +%Y%m%d-%H%M%S)-$$
	"$here/vm.sh" --kernel "$kernel" "${extra[@]}" --out "$out" -- \
		env KDBG_TEST_TIMEOUT="${KDBG_TEST_TIMEOUT:-$limit}" \
		tests/integration/run-guest.sh "$@" || vmrc=$?
	# A guest that died mid-run left no summary: count the tests it
	# finished from the runner's lines.
	read -r pass fail skip 2>/dev/null <"$out/tests/summary" || {
		pass=$(grep -c '^PASS ' "$out/stdout" 2>/dev/null || true)
		fail=$(grep -c '^FAIL ' "$out/stdout" 2>/dev/null || true)
		skip=$(grep -c '^SKIP ' "$out/stdout" 2>/dev/null || true)
	}
	# The guest itself is one more check: clean console, no leak, no hang.
	if [ "$(cat "$out/verdict" 2>/dev/null)" != ok ]; then
		fail=$((fail + 1))
	elif [ "$vmrc" != 0 ] && [ "$fail" = 0 ]; then
		fail=1
	fi
	echo "$suite: $pass passed, $fail failed${skip:+, $skip skipped}" |
		sed 's/, 0 skipped$//'
	[ "$fail" = 0 ]
}

main "$@"
exit
