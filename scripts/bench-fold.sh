#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Throughput of `kdbgctl fold` against FlameGraph's stackcollapse-perf.pl
# on the same large perf script input, with the same output checked.
# The input (build/bench-fold/input.txt, about BENCH_FOLD_MB megabytes) is
# the conformance set's real profiles of one event type, concatenated
# until big enough, or synthetic perf text when ../shared is absent.
# The Perl script is not part of kdbg: give its path in STACKCOLLAPSE_PL,
# otherwise only kdbgctl is timed.  Times are the best of BENCH_FOLD_RUNS.
#
# Usage: STACKCOLLAPSE_PL=/path/stackcollapse-perf.pl scripts/bench-fold.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
kdbgctl=${KDBGCTL:-$here/user/kdbgctl}
mb=${BENCH_FOLD_MB:-128}
runs=${BENCH_FOLD_RUNS:-3}
dir=$here/build/bench-fold
input=$dir/input.txt
conf=$here/../shared/conformance/stackcollapse-perf

[ -x "$kdbgctl" ] || make -s -C "$here" user/kdbgctl
mkdir -p "$dir"

if [ ! -f "$input" ] || [ "$(stat -c %s "$input")" -lt $((mb << 20)) ]; then
	: >"$input.tmp"
	# cpu-clock profiles only: stackcollapse-perf keeps the first event
	seeds=()
	for f in dd-stacks-01 funcab-cmd-01 iperf-stacks-pidtid-01 \
		js-stacks-01 mirageos-stacks-01 numa-stacks-01 vertx-stacks-01; do
		[ -f "$conf/perf-$f.txt" ] && seeds+=("$conf/perf-$f.txt")
	done
	if [ ${#seeds[@]} -eq 0 ]; then
		awk 'BEGIN { srand(1)
			for (i = 0; i < 20000; i++) {
				printf "app %d/%d [00%d] %d.%06d: 10101010 cpu-clock:\n",
					100 + i % 7, 200 + i % 13, i % 4, i, i
				d = 5 + int(rand() * 25)
				for (j = 0; j < d; j++)
					printf "\t%016x fn_%d_%d+0x%x (%s)\n",
						0xffffffff81000000 + j * 64,
						j, int(rand() * 4), j,
						j < 8 ? "[kernel.kallsyms]" : "/usr/bin/app"
				printf "\n"
			} }' >"$dir/seed.txt"
		seeds=("$dir/seed.txt")
	fi
	while [ "$(stat -c %s "$input.tmp")" -lt $((mb << 20)) ]; do
		cat "${seeds[@]}" >>"$input.tmp"
	done
	mv "$input.tmp" "$input"
fi
size=$(stat -c %s "$input")
cat "$input" >/dev/null	# warm the page cache for both

# OUT CMD... -> "WALL CPU" of the run with the least wall time, in seconds
best() {
	local out=$1 t c b= bc=
	shift
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %U %S' -o "$dir/time" "$@" >"$out" 2>/dev/null
		read -r t c <<<"$(awk '{ print $1, $2 + $3 }' "$dir/time")"
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then
			b=$t
			bc=$c
		fi
	done
	echo "$b $bc"
}

rate() { awk -v s="$size" -v t="$1" 'BEGIN { printf "%.1f", s / 1048576 / (t > 0 ? t : 0.001) }'; }

read -r tk ck <<<"$(best "$dir/kdbgctl.out" "$kdbgctl" fold --input perf "$input")"
/usr/bin/time -f %M -o "$dir/time" "$kdbgctl" fold --input perf "$input" >/dev/null
rss=$(tail -1 "$dir/time")
stacks=$(wc -l <"$dir/kdbgctl.out")
echo "bench-fold: input $((size >> 20)) MB, $stacks distinct stacks"
echo "bench-fold: kdbgctl fold: ${tk}s (cpu ${ck}s), $(rate "$tk") MB/s, max RSS ${rss} KB"

pl=${STACKCOLLAPSE_PL:-}
if [ -z "$pl" ] || [ ! -f "$pl" ]; then
	echo "bench-fold: skipped stackcollapse-perf.pl (set STACKCOLLAPSE_PL to its path)"
	exit 0
fi
read -r tp cp <<<"$(best "$dir/perl.out" perl "$pl" "$input")"
echo "bench-fold: stackcollapse-perf.pl: ${tp}s (cpu ${cp}s), $(rate "$tp") MB/s"
if ! cmp -s <(LC_ALL=C sort "$dir/kdbgctl.out") <(LC_ALL=C sort "$dir/perl.out"); then
	echo "bench-fold: FAIL: outputs differ" >&2
	exit 1
fi
awk -v a="$tp" -v b="$tk" -v ca="$cp" -v cb="$ck" 'BEGIN {
	printf "bench-fold: same output; kdbgctl is %.1fx stackcollapse-perf.pl (wall), %.1fx (cpu)\n",
		a / (b > 0 ? b : 0.001), ca / (cb > 0 ? cb : 0.01) }'
