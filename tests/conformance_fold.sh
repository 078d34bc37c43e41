#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# FlameGraph's own stackcollapse-perf.pl test suite, run against
# `kdbgctl fold`: 13 perf script inputs, each folded with the six options
# --pid --tid --kernel --jit --all --addrs and compared with the script's
# expected output (line order does not matter).  The data lives outside
# the repository, in ../shared/conformance/stackcollapse-perf/; without
# it the suite is skipped.
#
# Usage: tests/conformance_fold.sh [KDBGCTL]   (default: user/kdbgctl)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
kdbgctl=${1:-$here/user/kdbgctl}
data=${KDBG_CONFORMANCE:-$here/../shared/conformance}/stackcollapse-perf

if [ ! -d "$data" ]; then
	echo "conformance: skipped (../shared/conformance not found)"
	exit 0
fi
if [ ! -x "$kdbgctl" ]; then
	echo "conformance: 0 passed, 1 failed ($kdbgctl not built)"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for in in "$data"/*.txt; do
	name=$(basename "$in" .txt)
	for opt in pid tid kernel jit all addrs; do
		want=$data/results/$name-collapsed-$opt.txt
		[ -f "$want" ] || continue
		"$kdbgctl" fold --input perf --$opt "$in" 2>"$tmp/err" |
			LC_ALL=C sort >"$tmp/got"
		LC_ALL=C sort "$want" >"$tmp/want"
		if cmp -s "$tmp/got" "$tmp/want"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $name --$opt" >&2
			diff "$tmp/want" "$tmp/got" | head -5 >&2
		fi
	done
	# the expected output read back as folded input must not change
	"$kdbgctl" fold "$want" 2>/dev/null | LC_ALL=C sort >"$tmp/got"
	if ! cmp -s "$tmp/got" "$tmp/want"; then
		echo "FAIL: $name (folded output does not read back unchanged)" >&2
		fail=$((fail + 1))
	fi
	# auto-detection must pick perf for every input as well
	"$kdbgctl" fold --pid "$in" 2>/dev/null | LC_ALL=C sort >"$tmp/got"
	LC_ALL=C sort "$data/results/$name-collapsed-pid.txt" >"$tmp/want"
	if ! cmp -s "$tmp/got" "$tmp/want"; then
		echo "FAIL: $name (input format not detected as perf)" >&2
		fail=$((fail + 1))
	fi
done
echo "conformance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
