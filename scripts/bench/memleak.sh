#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# memleak's per-allocation overhead, beside bpftrace doing what BCC's
# memleak does on the kmem tracepoints (a map from address to size and
# kernel stack, deleted at the free). Runs IN a guest, from the
# repository's top:
#
#   scripts/vm.sh --kernel stock -- scripts/bench/memleak.sh [N]
#
# The workload is the test module kdbg_leakme's churn (tests/modules/):
# N rounds of kmem_cache_alloc + kmalloc(1000) and their frees, in one
# write to its trigger, on CPU 0; timed with nothing attached, then under
# `kdbgctl memleak --sample 1`, `--sample 64` and bpftrace. The overhead
# per allocation is (time - baseline) / (2 N). Prints a Markdown table
# (and writes it to build/bench/memleak.md). Not part of `make bench`: its
# guest run takes minutes on the shared machine.
set -euo pipefail
n=${1:-200000}
ko=$(dirname "$KDBG_KO")/tests/modules/kdbg_leakme/kdbg_leakme.ko
out=build/bench
mkdir -p "$out"
insmod "$KDBG_KO"
insmod "$ko" leak=0 churn="$n"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbg_leakme; rmmod kdbgmod' EXIT

# ns for one trigger (best of 3).
timed() {
	local best= t0 t1 i
	for i in 1 2 3; do
		t0=$(date +%s%N)
		taskset -c 0 sh -c 'echo go >/sys/kernel/debug/kdbg_leakme/trigger'
		t1=$(date +%s%N)
		[ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ] && best=$((t1 - t0))
	done
	echo "$best"
}

base=$(timed)
rows=()
row() {	# NAME NS
	rows+=("| $1 | $(( ($2 - base) / (2 * n) )) |")
}

for s in 1 64; do
	$KDBGCTL memleak -d 600 --sample "$s" >/dev/null 2>"$out/ml.err" &
	pid=$!
	until grep -q '^Tracking' "$out/ml.err"; do sleep 0.2; done
	row "kdbgctl memleak --sample $s" "$(timed)"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
done

if command -v bpftrace >/dev/null; then
	bpftrace -e '
tracepoint:kmem:kmalloc, tracepoint:kmem:kmem_cache_alloc
{ @size[args->ptr] = args->bytes_alloc; @stack[args->ptr] = kstack; }
tracepoint:kmem:kfree, tracepoint:kmem:kmem_cache_free
{ delete(@size[args->ptr]); delete(@stack[args->ptr]); }
interval:s:600 { exit(); }' >/dev/null 2>&1 &
	pid=$!
	sleep 8	# bpftrace attaches a while after it starts
	row "bpftrace (BCC memleak's maps)" "$(timed)"
	kill -INT "$pid"
	wait "$pid" 2>/dev/null || true
else
	rows+=("| bpftrace | not installed |")
fi

{
	echo "memleak overhead: $n rounds of 2 allocations + 2 frees, baseline $((base / (2 * n))) ns per allocation"
	echo
	echo "| Tool | overhead ns per allocation (and its free) |"
	echo "|---|---|"
	printf '%s\n' "${rows[@]}"
} | tee "$out/memleak.md"
