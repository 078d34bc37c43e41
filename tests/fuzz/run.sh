#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the fold parsers' libFuzzer harness (clang, ASan + UBSan) and run
# it for a while, seeded with the conformance inputs when they exist.
# New crashing inputs are copied to tests/fuzz/corpus-regress/; commit
# them with the fix, and tests/test_fold_perf.c replays them forever.
#
# Usage: tests/fuzz/run.sh [SECONDS]   (default 120; 0 just builds)
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-120}
out=$here/build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
cd "$here"
[ -f user/fold/profile.pb-c.c ] || make -s user/fold/profile.pb-c.c

srcs=(tests/fuzz/fuzz_fold.c user/fold/fold.c user/fold/fold_perf.c user/fold/fold_input.c
      user/fold/fold_diff.c user/fold/fold_writers.c user/fold/folded.c
      user/fold/flamegraph.c user/fold/pprof.c user/fold/profile.pb-c.c)
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-D_GNU_SOURCE -std=gnu11 -Iuser/fold -Iinclude/uapi "${srcs[@]}" \
	-o "$out/fuzz_fold" -lprotobuf-c -lz -lm
echo "fuzz: built $out/fuzz_fold"
[ "$secs" -gt 0 ] || exit 0

# seeds: each conformance input, prefixed with a selector byte
conf=$here/../shared/conformance/stackcollapse-perf
if [ -d "$conf" ] && [ -z "$(ls -A "$out/corpus")" ]; then
	i=0
	for f in "$conf"/*.txt; do
		for sel in 01 09 19 21 41; do
			{ printf "\x$sel"; head -c 4000 "$f"; } >"$out/corpus/seed-$i-$sel"
		done
		i=$((i + 1))
	done
fi
cp tests/fuzz/corpus-regress/* "$out/corpus/" 2>/dev/null || true

set +e
"$out/fuzz_fold" -max_total_time="$secs" -max_len=65536 -timeout=10 \
	-dict=tests/fuzz/fold.dict \
	-artifact_prefix="$out/crashes/" "$out/corpus" 2>&1 | tail -20
rc=$?
set -e
n=0
for c in "$out"/crashes/*; do
	[ -f "$c" ] || continue
	cp "$c" "tests/fuzz/corpus-regress/$(basename "$c")"
	n=$((n + 1))
done
echo "fuzz: exit $rc, $n crashing input(s) kept in tests/fuzz/corpus-regress/"
exit "$rc"
