#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host half of kdbg's benchmark for folding (called by scripts/bench.sh):
# `kdbgctl fold` against Brendan Gregg's stackcollapse-perf.pl on the same
# large, real `perf script` input, checking that both print the same
# stacks, and kdbgctl's peak RSS while folding 1 GB of input. Writes
# RUN_DIR/fold.json; every part that cannot run says why there.
#
# The input is `perf script` of a perf recording (-g) of a mixed workload on
# the host, repeated up to BENCH_FOLD_MB (default 48) MB; the 1 GB input repeats it further
# (BENCH_FOLD_GB, default 1; 0 skips the RSS row). stackcollapse-perf.pl is
# never part of the repository: it comes from $STACKCOLLAPSE_PL or
# build/bench/stackcollapse-perf.pl, and without it that row is not run.
# scripts/bench-fold.sh, when another part of the project provides it, runs
# as well and its output is kept beside ours.
#
# Usage: scripts/bench/fold.sh RUN_DIR
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
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

# Seconds per run (wall, user+sys) and peak RSS (KB) of N runs of a command
# whose standard output goes to the file $2, as JSON. User+sys time is the
# figure to compare on a busy host; N runs make it longer than the 10 ms
# granularity of the clock /usr/bin/time reads.
timed() {
	local tf=$work/time.$$ rc=0 n=$1 dst=$2
	shift 2
	# shellcheck disable=SC2016 # the inner shell expands them
	/usr/bin/time -f '%e %U %S %M' -o "$tf" \
		sh -c 'n=$1 dst=$2; shift 2
			for _ in $(seq "$n"); do "$@" >"$dst" || exit; done' \
		timed "$n" "$dst" "$@" || rc=$?
	awk -v rc=$rc -v n="$n" '{ printf "{\"runs\":%d,\"wall-s\":%.3f,\"cpu-s\":%.3f,\"max-rss-kb\":%s,\"exit\":%d}", n, $1 / n, ($2 + $3) / n, $4, rc }' "$tf"
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
# A perf recording of a mixed workload on the host (file reads, Python, the
# compiler), with call graphs; FlameGraph's own test inputs if perf cannot
# record here.
base=$work/base.txt
src=
if command -v perf >/dev/null &&
	perf record -q -g -F 1999 -o "$work/host.perf.data" -- sh -c "
		find /usr/lib /usr/share -type f 2>/dev/null | head -n 30000 |
			xargs -r cat >/dev/null 2>&1
		python3 -c 'import json; [json.dumps(list(range(300))) for _ in range(20000)]'
		gcc -O2 -c '$repo/scripts/bench/workload.c' -o /dev/null" \
		>"$work/perf-record.log" 2>&1 &&
	perf script -i "$work/host.perf.data" >"$base" 2>"$work/perf-script.err" &&
	[ -s "$base" ]; then
	src="perf script of perf record -g on the host ($(wc -c <"$base") bytes)"
else
	notes+=("perf cannot record on this host: $(tail -n1 "$work/perf-record.log" 2>/dev/null)")
fi
if [ -z "$src" ]; then
	conf=${KDBG_CONFORMANCE:-$repo/../shared/conformance}/stackcollapse-perf
	if compgen -G "$conf/perf-*.txt" >/dev/null; then
		# cpu-clock profiles only: kdbgctl keeps the first event only
		for f in dd-stacks-01 funcab-cmd-01 iperf-stacks-pidtid-01 \
			js-stacks-01 mirageos-stacks-01 numa-stacks-01 \
			vertx-stacks-01; do
			cat "$conf/perf-$f.txt" 2>/dev/null || true
		done >"$base"
		src="FlameGraph's perf script test inputs, concatenated ($(wc -c <"$base") bytes)"
	else
		emit "\"status\":\"not run\"" "\"reason\":$(json_str "no perf script input: perf cannot record here and ../shared/conformance is absent")"
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

# --- speed: kdbgctl fold against stackcollapse-perf.pl ---------------------
kdbg_t=$(timed 5 "$work/kdbg.folded" "$kdbgctl" fold --input perf "$big")

pl_t=null same=null
if [ -f "$pl" ]; then
	pl_t=$(timed 1 "$work/pl.folded" perl "$pl" "$big")
	if cmp -s <(LC_ALL=C sort "$work/kdbg.folded") <(LC_ALL=C sort "$work/pl.folded"); then
		same=true
	else
		same=false
		notes+=("outputs differ: $(diff <(LC_ALL=C sort "$work/kdbg.folded") <(LC_ALL=C sort "$work/pl.folded") | grep -c '^>' || true) of the script's $(wc -l <"$work/pl.folded") lines are not in kdbgctl's output")
		if cmp -s <(sed 's/ [0-9]*$//' "$work/kdbg.folded" | LC_ALL=C sort) \
			<(sed 's/ [0-9]*$//' "$work/pl.folded" | LC_ALL=C sort); then
			notes+=("the same stacks, different counts: kdbgctl fold weights perf samples by their period, stackcollapse-perf.pl counts samples")
		fi
	fi
else
	notes+=("stackcollapse-perf.pl not available (set STACKCOLLAPSE_PL; it is never committed)")
fi

# --- kdbgctl's peak RSS on 1 GB of input --------------------------------
rss=null
if [ "$gb" != 0 ]; then
	huge=$work/input-${gb}g.txt
	for _ in $(seq $(( (gb << 30) / bytes + 1 ))); do cat "$big"; done >"$huge"
	rss="{\"input-bytes\":$(wc -c <"$huge"),\"run\":$(timed 1 /dev/null "$kdbgctl" fold --input perf "$huge")}"
	rm -f "$huge"
fi

# scripts/bench-fold.sh, if the fold work provides one.
other=null
if [ -x "$here/bench-fold.sh" ]; then
	if STACKCOLLAPSE_PL=$pl BENCH_FOLD_MB=$mb "$here/bench-fold.sh" >"$run/bench-fold.out" 2>&1; then
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
