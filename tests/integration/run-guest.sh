#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The integration suite's runner, inside one VM bench guest (scripts/vm.sh
# starts it; scripts/integration.sh is the host side). Runs each test script
# tests/integration/NN-name.sh in order as root, from the repository's top,
# with KDBG_KERNEL, KDBG_KO and KDBGCTL set. Exit 0 is a pass, 77 a skip,
# anything else a failure; a test that runs past KDBG_TEST_TIMEOUT seconds
# (default 300) is killed and fails. Each test's output goes to
# <out>/tests/NN-name.log; one line per test on stdout, then a summary.
# A marker in the kernel log before each test lets the bench attribute a
# splat to the test that caused it (and lets a test declare the splats it
# plants: lib/splat.sh). kdbg's modules, the test module kdbg_crashme too,
# are unloaded after each test so the next one starts clean, and
# kernel.panic_on_oops is put back, should a test that let the guest
# survive an oops not have.
#
# Usage (in the guest): tests/integration/run-guest.sh [NN-name.sh]...
set -uo pipefail

# One function, so that bash reads it all before running: editing the
# file cannot derail a run in progress.
main() {
	out=${KDBG_OUT:?run me through scripts/integration.sh}/tests
	mkdir -p "$out"
	limit=${KDBG_TEST_TIMEOUT:-300}
	if [ $# -gt 0 ]; then
		tests=("$@")
	else
		# A test that leaves the kernel tainted and lockdep off (it
		# plants bugs: "# kdbg-vm: run-last" in it) runs after the
		# others, so they still run under lockdep.
		tests=() last=()
		for t in tests/integration/[0-9]*.sh; do
			if grep -q '^# kdbg-vm: run-last' "$t"; then
				last+=("$t")
			else
				tests+=("$t")
			fi
		done
		tests+=("${last[@]}")
	fi

	pass=0 fail=0 skip=0
	panic_on_oops=$(cat /proc/sys/kernel/panic_on_oops 2>/dev/null || true)
	for t in "${tests[@]}"; do
		[ -f "$t" ] || t=tests/integration/$t
		name=$(basename "$t" .sh)
		echo "kdbg-vm: test $name: start" >/dev/kmsg
		start=$(date +%s.%N)
		# timeout leads its own process group: what the test left
		# running there (a workload's orphaned workers) is killed, so
		# that it cannot disturb the tests after it.
		timeout -k 5 "$limit" bash "$t" >"$out/$name.log" 2>&1 </dev/null &
		tpid=$!
		wait "$tpid"
		rc=$?
		pkill -KILL -g "$tpid" 2>/dev/null || true
		secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
		echo "kdbg-vm: test $name: end, exit $rc" >/dev/kmsg
		for m in kdbg_crashme kdbg_leakme kdbg_lockme kdbg_kunit kdbgmod; do
			grep -q "^$m " /proc/modules && rmmod "$m" >>"$out/$name.log" 2>&1
		done
		[ -z "$panic_on_oops" ] ||
			echo "$panic_on_oops" >/proc/sys/kernel/panic_on_oops
		case $rc in
		0) pass=$((pass + 1)); echo "PASS $name (${secs}s)" ;;
		77) skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$out/$name.log")" ;;
		124|137) fail=$((fail + 1)); echo "FAIL $name: killed after ${limit}s (log: $out/$name.log)" ;;
		*)
			fail=$((fail + 1))
			echo "FAIL $name: exit $rc (${secs}s, log: $out/$name.log)"
			tail -n 15 "$out/$name.log" | sed 's/^/    /'
			;;
		esac
	done
	echo "tests: $pass passed, $fail failed, $skip skipped"
	echo "$pass $fail $skip" >"$out/summary"
	[ "$fail" = 0 ]
}

main "$@"
exit
