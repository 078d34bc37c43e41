#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test suite, as `make check` runs them (after scripts/deps.sh): the
# build, cmocka, the stackcollapse conformance, the SVG and pprof consumer
# tests, KUnit on the debug kernel, the integration tests in one stock and
# one debug guest (the latter with kmemleak), the VM bench from checkouts
# under /root, /tmp and /var/tmp, the Debian package with DKMS, and the
# static checks. Each
# suite ends with its own line "<suite>: N passed, M failed" (or "<suite>:
# skipped (...)" when it has nothing to run yet); this script repeats them
# with their durations and ends with the total, "N passed, M failed". It
# exits non-zero when anything failed. Each suite's output is also kept in
# build/check/<suite>.log.
#
# The debug kernel is built (once per machine) in the background while the
# first suites run.
#
# Usage: scripts/check.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

repo=$(repo_root)
logs=$repo/build/check
total_pass=0 total_fail=0 failed_suites=() recap=()

# run_suite NAME COMMAND...: runs one suite, shows its output, and adds the
# numbers of its last "NAME: N passed, M failed" line to the total. A suite
# whose exit status says failure but whose line does not counts one failure.
run_suite() {
	local name=$1 start rc=0 line p f secs
	shift
	echo "== $name"
	start=$(now)
	"$@" 2>&1 | tee "$logs/$name.log" || rc=$?
	secs=$(since "$start")
	line=$(grep -E "^$name: ([0-9]+ passed, [0-9]+ failed|skipped)" "$logs/$name.log" |
		tail -n 1 || true)
	if [[ "$line" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
	elif [[ "$line" == *skipped* ]] && [ "$rc" = 0 ]; then
		p=0 f=0
	else
		p=0 f=0
		line="$name: 0 passed, 1 failed (no summary line; exit $rc)"
	fi
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		line="$line; exit $rc"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	[ "$f" = 0 ] || failed_suites+=("$name")
	recap+=("$line (${secs}s)")
}

# The build suite: `make` (module for the default KDIR, and kdbgctl), then
# `make tests`.
suite_build() {
	local p=0 f=0 t
	for t in all tests; do
		if make -C "$repo" -s "$t" >"$logs/make-$t.log" 2>&1; then
			p=$((p + 1))
		else
			f=$((f + 1))
			echo "build: FAIL make $t (log: $logs/make-$t.log)"
			grep -E 'error|Error' "$logs/make-$t.log" | head -n 20 | sed 's/^/    /'
		fi
	done
	echo "build: $p passed, $f failed"
	[ "$f" = 0 ]
}

# An optional suite script owned by another part of the project.
optional() {
	local name=$1 script=$repo/$2
	if [ -x "$script" ] || [ -f "$script" ]; then
		bash "$script"
	else
		echo "$name: skipped (no $2)"
	fi
}

main() {
	local start dk_pid=
	start=$(now)
	mkdir -p "$logs"
	cd "$repo"

	# Built once per machine; meanwhile the host-only suites run.
	if [ ! -f "$(dirname "$(debug_kdir)")/built" ]; then
		echo "check: building the debug kernel in the background (log: $logs/debug-kernel.log)"
		"$here/debug-kernel.sh" >"$logs/debug-kernel.log" 2>&1 &
		dk_pid=$!
	fi

	run_suite build suite_build
	run_suite cmocka "$repo/tests/cmocka.sh"
	run_suite conformance optional conformance tests/conformance_fold.sh
	run_suite svg_chromium optional svg_chromium tests/svg_chromium.sh
	run_suite pprof_go optional pprof_go tests/pprof_go.sh
	run_suite integration-stock "$here/integration.sh" stock
	run_suite paths "$repo/tests/paths.sh"
	run_suite package "$repo/tests/package.sh"
	if [ -n "$dk_pid" ] && ! wait "$dk_pid"; then
		echo "check: the debug kernel did not build:"
		tail -n 20 "$logs/debug-kernel.log"
	fi
	run_suite kunit "$here/kunit.sh"
	run_suite integration-debug "$here/integration.sh" debug
	run_suite static "$here/static.sh"

	echo "== summary"
	printf '%s\n' "${recap[@]}"
	echo "check: $(since "$start")s in all${failed_suites[*]:+; failed: ${failed_suites[*]}}"
	echo "$total_pass passed, $total_fail failed"
	[ "$total_fail" = 0 ]
}

main "$@"
exit
