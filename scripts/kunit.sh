#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suite: builds kdbg_kunit.ko (kunit/*.c) against the debug
# kernel, loads it in a VM bench guest on that kernel, and reads the KTAP
# results the tests print to the kernel log. Every test case counts (a
# parameterised case counts once); a failed case, zero cases run, or a guest
# that logged a splat fails the suite. Ends with one line:
# "kunit: N passed, M failed".
#
# Usage: scripts/kunit.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

main() {
	local repo out rc=0 ktap pass fail skip
	repo=$(repo_root)
	if ! compgen -G "$repo/kunit/*.c" >/dev/null; then
		echo "kunit: skipped (no tests)"
		return 0
	fi
	if ! "$here/build-module.sh" debug >/dev/null; then
		echo "kunit: 0 passed, 1 failed"
		return 1
	fi
	if [ ! -f "$repo/build/debug/kdbg_kunit.ko" ]; then
		echo "kunit: error: kdbg_kunit.ko was not built (is CONFIG_KUNIT set in the debug kernel?)" >&2
		echo "kunit: 0 passed, 1 failed"
		return 1
	fi
	out=$repo/build/vm/kunit-$(date +%Y%m%d-%H%M%S)-$$
	# The markers bound this run's KTAP in the console.
	"$here/vm.sh" --kernel debug --out "$out" -- bash -c '
		echo "kdbg-vm: kunit begin" >/dev/kmsg
		insmod build/debug/kdbg_kunit.ko; rc=$?
		echo "kdbg-vm: kunit end" >/dev/kmsg
		grep -q "^kdbg_kunit " /proc/modules && rmmod kdbg_kunit
		exit $rc' || rc=$?

	# Test cases are the results one level into a suite ("    ok 3 name");
	# deeper levels are a parameterised case's parameters.
	ktap=$(sed -n '/kdbg-vm: kunit begin/,/kdbg-vm: kunit end/p' "$out/console.log" |
		tr -d '\r' | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //')
	pass=$(grep -E '^    ok [0-9]+ ' <<<"$ktap" | grep -cv '# SKIP' || true)
	skip=$(grep -E '^    ok [0-9]+ ' <<<"$ktap" | grep -c '# SKIP' || true)
	fail=$(grep -cE '^    not ok [0-9]+ ' <<<"$ktap" || true)
	if [ "$fail" != 0 ]; then
		echo "kunit: failed cases:"
		grep -E '^    not ok |(EXPECTATION|ASSERTION) FAILED|^ +# .*(Expected|expected|but)' \
			<<<"$ktap" | sed 's/^ */    /' | head -n 60
	fi
	if [ $((pass + fail)) = 0 ]; then
		echo "kunit: error: no test case ran (console: $out/console.log)" >&2
		fail=1
	elif [ "$rc" != 0 ]; then
		# insmod failed or the guest was not clean: one more failure.
		echo "kunit: error: the guest run failed (exit $rc; console: $out/console.log)" >&2
		fail=$((fail + 1))
	fi
	echo "kunit: $pass passed, $fail failed$([ "$skip" = 0 ] || echo ", $skip skipped")"
	[ "$fail" = 0 ]
}

main "$@"
exit
