#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host half of kdbg's benchmark for folding (called by scripts/bench.sh):
# `kdbgctl fold` against Brendan Gregg's stackcollapse-perf.pl on the same
# large, real `perf script` input, checking that both print the same
# stacks, and kdbgctl's peak RSS while folding 1 GB of input. Writes
# RUN_DIR/fold.json; every part that cannot run says why there.
#
# The input is `perf script` of the perf recording the guest made
# (RUN_DIR/fold.perf.data, with the guest's kallsyms), repeated up to
# BENCH_FOLD_MB (default 48) MB; the 1 GB input repeats it further
# (BENCH_FOLD_GB, default 1; 0 skips the RSS row). stackcollapse-perf.pl is
# never part of the repository: it comes from $STACKCOLLAPSE_PL or
# build/bench/stackcollapse-perf.pl, and without it that row is not run.
# scripts/bench-fold.sh, when another part of the project provides it, runs
# as well and its output is kept beside ours.
#
# Usage: scripts/bench/fold.sh RUN_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib.sh"

run=${1:?usage: fold.sh RUN_DIR}
repo=$(repo_root)
bb=$repo/build/bench
kdbgctl=$repo/user/kdbgctl
mb=${BENCH_FOLD_MB:-48}
gb=${BENCH_FOLD_GB:-1}
pl=${STACKCOLLAPSE_PL:-$bb/stackcollapse-perf.pl}
work=$bb/fold
mkdir -p "$work"
out=$run/fold.json

notes=()
json_str() {
	python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"
}

# Seconds (wall, user+sys) and peak RSS (KB) of one command whose standard
# output goes to the file $1, as JSON.
timed() {
	local tf=$work/time.$$ rc=0 dst=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$dst" || rc=$?
	awk -v rc=$rc '{ printf "{\"wall-s\":%s,\"cpu-s\":%.2f,\"max-rss-kb\":%s,\"exit\":%d}", $1, $2 + $3, $4, rc }' "$tf"
	rm -f "$tf"
}

emit() {
	{
		echo "{"
		local first=1 kv
		for kv in "$@"; do
			[ $first = 1 ] || echo ","
			first=0
			printf '%s' "$kv"
		done
		echo
		echo "}"
	} >"$out"
}

if [ ! -x "$kdbgctl" ]; then
	emit "\"status\":\"not run\"" "\"reason\":$(json_str "kdbgctl was not built")"
	exit 0
fi

# --- the base input: a real perf script output -----------------------------
base=$work/base.txt
src=
if [ -f "$run/fold.perf.data" ] && command -v perf >/dev/null; then
	if perf script -i "$run/fold.perf.data" --kallsyms "$run/kallsyms" \
		>"$base" 2>"$work/perf-script.err" && [ -s "$base" ]; then
		src="perf script of the guest's perf record -a -g ($(wc -c <"$base") bytes)"
	else
		notes+=("perf script of the guest's recording failed: $(tail -n1 "$work/perf-script.err")")
	fi
fi
if [ -z "$src" ]; then
	conf=${KDBG_CONFORMANCE:-$repo/../shared/conformance}/stackcollapse-perf
	if compgen -G "$conf/perf-*.txt" >/dev/null; then
		cat "$conf"/perf-*.txt >"$base"
		src="FlameGraph's perf script test inputs, concatenated ($(wc -c <"$base") bytes)"
	else
		emit "\"status\":\"not run\"" "\"reason\":$(json_str "no perf script input: the guest made no recording and ../shared/conformance is absent")"
		exit 0
	fi
fi

# Repeat the base up to the sizes wanted.
repeat_to() {
	local dst=$1 want=$2 n
	n=$(( (want + $(wc -c <"$base") - 1) / $(wc -c <"$base") ))
	for _ in $(seq "$n"); do cat "$base"; done >"$dst"
}
big=$work/input-${mb}m.txt
repeat_to "$big" $((mb << 20))
bytes=$(wc -c <"$big")

# --- speed: kdbgctl fold (best of 3) against stackcollapse-perf.pl ---------
best=
for _ in 1 2 3; do
	t=$(timed "$work/kdbg.folded" "$kdbgctl" fold --input perf "$big")
	c=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["cpu-s"])' "$t")
	if [ -z "$best" ] || python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))' "$c" "$bestc"; then
		best=$t bestc=$c
	fi
done
kdbg_t=$best

pl_t=null same=null
if [ -f "$pl" ]; then
	pl_t=$(timed "$work/pl.folded" perl "$pl" "$big")
	if cmp -s <(LC_ALL=C sort "$work/kdbg.folded") <(LC_ALL=C sort "$work/pl.folded"); then
		same=true
	else
		same=false
		notes+=("outputs differ: $(diff <(LC_ALL=C sort "$work/kdbg.folded") <(LC_ALL=C sort "$work/pl.folded") | grep -c '^[<>]' || true) lines")
	fi
else
	notes+=("stackcollapse-perf.pl not available (set STACKCOLLAPSE_PL; it is never committed)")
fi

# --- kdbgctl's peak RSS on 1 GB of input --------------------------------
rss=null
if [ "$gb" != 0 ]; then
	huge=$work/input-${gb}g.txt
	for _ in $(seq $(( (gb << 30) / bytes + 1 ))); do cat "$big"; done >"$huge"
	rss="{\"input-bytes\":$(wc -c <"$huge"),\"run\":$(timed /dev/null "$kdbgctl" fold --input perf "$huge")}"
	rm -f "$huge"
fi

# scripts/bench-fold.sh, if the fold work provides one.
other=null
if [ -x "$here/bench-fold.sh" ]; then
	if STACKCOLLAPSE_PL=$pl "$here/bench-fold.sh" >"$run/bench-fold.out" 2>&1; then
		other=$(json_str "$(tail -n 20 "$run/bench-fold.out")")
	else
		notes+=("scripts/bench-fold.sh failed: $(tail -n1 "$run/bench-fold.out")")
	fi
fi

notes_json=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "${notes[@]+"${notes[@]}"}")
emit "\"status\":\"ok\"" "\"source\":$(json_str "$src")" \
	"\"input-bytes\":$bytes" "\"kdbgctl\":$kdbg_t" \
	"\"stackcollapse-perf\":$pl_t" "\"same-output\":$same" \
	"\"rss-1g\":$rss" "\"bench-fold-sh\":$other" "\"notes\":$notes_json"
rm -f "$big"
