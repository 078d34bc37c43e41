#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cmocka suite: runs every tests/test_* binary that `make tests` built,
# from the repository's top, and counts its test cases from cmocka's own
# summary ("[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)"). A binary
# that crashes or times out before its summary counts as one failure. Each
# binary's output is kept in build/cmocka/<name>.log. Ends with one line:
# "cmocka: N passed, M failed".
#
# Usage: tests/cmocka.sh [tests/test_NAME]...
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
logs=build/cmocka
mkdir -p "$logs"
if [ $# -gt 0 ]; then
	bins=("$@")
else
	bins=()
	for f in tests/test_*; do
		[ -f "$f" ] && [ -x "$f" ] && bins+=("$f")
	done
fi
if [ ${#bins[@]} = 0 ]; then
	echo "cmocka: skipped (no tests)"
	exit 0
fi

pass=0 fail=0
for b in "${bins[@]}"; do
	name=$(basename "$b")
	log=$logs/$name.log
	timeout -k 5 "${KDBG_TEST_TIMEOUT:-300}" "$b" >"$log" 2>&1 </dev/null
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0} f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1	# died before cmocka's summary, or not a cmocka binary
	elif [ "$rc" = 0 ] && [ "$p" = 0 ] && [ "$f" = 0 ]; then
		p=1	# not a cmocka binary, but it passed
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" != 0 ]; then
		echo "cmocka: FAIL $name (exit $rc, log: $log)"
		grep -E '^\[  (FAILED|ERROR)|[Ff]ail|[Ee]rror' "$log" | head -n 20 | sed 's/^/    /'
	fi
done
echo "cmocka: $pass passed, $fail failed"
[ "$fail" = 0 ]
