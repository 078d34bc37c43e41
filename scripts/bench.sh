#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdbg's benchmark (`make bench`): kdbg measured beside ftrace, bpftrace
# and perf on the same work in the same run. On the host it builds the
# workload (scripts/bench/workload.c), the calibration module
# (scripts/bench/calib/), kdbgmod.ko for the stock kernel and kdbgctl; it
# boots ONE guest on Debian's stock kernel (the fair target for the peers)
# that runs scripts/bench/guest.py; then it times folding on the host
# (kdbgctl fold against stackcollapse-perf.pl, and kdbgctl's peak RSS on
# 1 GB of input) and writes BENCH.md and bench.json at the repository's
# top through scripts/bench/report.py. Parts that cannot run are reported
# with the reason, never dropped. Everything it builds or writes on the way
# lives under build/bench/.
#
# Usage: scripts/bench.sh [--quick]
# Environment: STACKCOLLAPSE_PL (path of Brendan Gregg's stackcollapse-perf.pl;
# default build/bench/stackcollapse-perf.pl if present), BENCH_COUNT,
# BENCH_REPS, BENCH_SECTIONS (guest sections to run), BENCH_NO_VM=1 (reuse
# the last guest results), BENCH_FOLD_GB (default 1).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

quick=0
[ "${1:-}" = --quick ] && quick=1
repo=$(repo_root)
bb=$repo/build/bench
run=$bb/run
mkdir -p "$bb"
start=$(now)

log() {
	echo "bench: $*" >&2
}

# --- host builds ---------------------------------------------------------
log "building the workload, the calibration module, kdbgmod.ko and kdbgctl"
gcc -O2 -Wall -Wextra -Werror -o "$bb/kbwork" "$here/bench/workload.c" \
	-lpthread
mkdir -p "$bb/calib"
cp "$here/bench/calib/Kbuild" "$here/bench/calib/kbcal.c" "$bb/calib/"
make -C "$(stock_kdir)" M="$bb/calib" modules >"$bb/calib/build.log" 2>&1 ||
	die "calibration module build failed (log: $bb/calib/build.log)"

kdbg_build=ok
if ! "$here/build-module.sh" stock >"$bb/module-build.log" 2>&1; then
	kdbg_build="kdbgmod.ko does not build: $(grep -m1 -E 'error' "$bb/module-build.log" || tail -n1 "$bb/module-build.log")"
	rm -f "$repo/build/stock/kdbgmod.ko"
fi
if ! make -C "$repo" user >"$bb/user-build.log" 2>&1; then
	kdbg_build="kdbgctl does not build: $(grep -m1 -E 'error' "$bb/user-build.log" || tail -n1 "$bb/user-build.log")"
fi
log "kdbg build: $kdbg_build"

# --- the guest -----------------------------------------------------------
if [ "${BENCH_NO_VM:-0}" != 1 ]; then
	rm -rf "$run"
	mkdir -p "$run"
	env=("BENCH_QUICK=$quick")
	for v in BENCH_COUNT BENCH_REPS BENCH_SECTIONS; do
		[ -n "${!v:-}" ] && env+=("$v=${!v}")
	done
	log "booting the stock-kernel guest (8 to 25 minutes, by the host's load)"
	vmrc=0
	KDBG_VM_TCG_THREAD=multi \
	"$here/vm.sh" --kernel stock --timeout 1500 --quiet --out "$bb/vm" -- \
		env "${env[@]}" python3 "$here/bench/guest.py" "$run" || vmrc=$?
	cp "$bb/vm/stdout" "$run/guest.log" 2>/dev/null || true
	cp "$bb/vm/stderr" "$run/guest.err" 2>/dev/null || true
	echo "$vmrc $(cat "$bb/vm/verdict" 2>/dev/null || echo '?')" >"$run/vm-status"
	log "guest finished: exit $vmrc, verdict $(cat "$bb/vm/verdict" 2>/dev/null || echo '?')"
fi

# --- the guest's profile of kdbg's hot path, reported here --------------
if [ -s "$run/profile.perf.data" ]; then
	perf report -i "$run/profile.perf.data" --kallsyms "$run/kallsyms" \
		--stdio --no-children --sort sym --percent-limit 1 -g none \
		>"$run/profile.txt" 2>"$run/profile.err" ||
		log "perf report of the guest's profile failed (see $run/profile.err)"
fi

# --- folding on the host -------------------------------------------------
BENCH_FOLD_MB=${BENCH_FOLD_MB:-$([ $quick = 1 ] && echo 16 || echo 48)} \
BENCH_FOLD_RUNS=${BENCH_FOLD_RUNS:-1} \
	"$here/bench/fold.sh" "$run" || log "fold benchmark failed (see $run/fold.json)"

# --- the report ----------------------------------------------------------
python3 "$here/bench/report.py" "$run" "$repo" "$kdbg_build" "$(since "$start")"
log "wrote $repo/BENCH.md and $repo/bench.json in $(since "$start")s"
