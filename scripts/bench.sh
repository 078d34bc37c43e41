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
# BENCH_REPS, BENCH_SECTIONS (sections to run: overhead rate depth profile
# sampling in the guest, fold on the host), BENCH_ROWS (shell patterns of the
# overhead and depth rows to run, e.g. 'floor-*,*funccount*'; the
# baseline always runs), BENCH_PROFILE (the overhead row the profile
# section records; default kdbg-event-stack), BENCH_NO_VM=1 (reuse the
# last guest results),
# BENCH_FOLD_GB (default 1). A partial run (BENCH_SECTIONS or BENCH_ROWS)
# writes its BENCH.md and bench.json to build/bench/run/, never over the
# full report at the repository's top.
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
report_dir=$repo
[ -n "${BENCH_SECTIONS:-}${BENCH_ROWS:-}" ] && report_dir=$run

# The host's 1-minute load average (it is shared with other work).
loadavg() {
	cut -d' ' -f1 /proc/loadavg
}

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
if ! make -C "$repo" user tests/tools/kdbg_hot >"$bb/user-build.log" 2>&1; then
	kdbg_build="kdbgctl does not build: $(grep -m1 -E 'error' "$bb/user-build.log" || tail -n1 "$bb/user-build.log")"
fi
log "kdbg build: $kdbg_build"

# --- the guest -----------------------------------------------------------
if [ "${BENCH_NO_VM:-0}" != 1 ]; then
	rm -rf "$run"
	mkdir -p "$run"
	env=("BENCH_QUICK=$quick")
	for v in BENCH_COUNT BENCH_REPS BENCH_SECTIONS BENCH_ROWS BENCH_PROFILE; do
		[ -n "${!v:-}" ] && env+=("$v=${!v}")
	done
	log "booting the stock-kernel guest (8 to 25 minutes, by the host's load)"
	vmrc=0
	load0=$(loadavg)
	# The TSC as the guest's clock: the workload and kbcal time every call,
	# and with the default HPET each clock read is an emulated MMIO access
	# under qemu's global lock, which both vCPUs then contend for.
	KDBG_VM_APPEND="${KDBG_VM_APPEND:-} clocksource=tsc tsc=reliable" \
	KDBG_VM_TCG_THREAD=multi \
	"$here/vm.sh" --kernel stock --timeout 1500 --quiet --out "$bb/vm" -- \
		env "${env[@]}" python3 "$here/bench/guest.py" "$run" || vmrc=$?
	cp "$bb/vm/stdout" "$run/guest.log" 2>/dev/null || true
	cp "$bb/vm/stderr" "$run/guest.err" 2>/dev/null || true
	echo "$vmrc $(cat "$bb/vm/verdict" 2>/dev/null || echo '?')" >"$run/vm-status"
	echo "$load0 at the guest's start, $(loadavg) at its end, on $(nproc) CPUs" \
		>"$run/host-load"
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
if [ -z "${BENCH_SECTIONS:-}" ] || [[ " $BENCH_SECTIONS " = *" fold "* ]]; then
	BENCH_FOLD_MB=${BENCH_FOLD_MB:-$([ $quick = 1 ] && echo 16 || echo 48)} \
	BENCH_FOLD_RUNS=${BENCH_FOLD_RUNS:-1} \
		"$here/bench/fold.sh" "$run" || log "fold benchmark failed (see $run/fold.json)"
else
	echo '{"status": "not run", "reason": "not in BENCH_SECTIONS"}' \
		>"$run/fold.json"
fi

# --- the report ----------------------------------------------------------
python3 "$here/bench/report.py" "$run" "$repo" "$kdbg_build" "$(since "$start")" \
	"$report_dir"
log "wrote $report_dir/BENCH.md and $report_dir/bench.json in $(since "$start")s"
