#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kdbgctl profile on a workload of known shape (tests/tools/kdbg_hot, built
# with frame pointers, PIE):
#  - `kdbg_hot cpu` spends three times as long in hot_a as in hot_b:
#    profiled at 99 Hz with -p PID --user for longer than it lives, the
#    folded lines attribute the user frames by name, main calling each, and
#    hot_a's share of the samples is 0.75 +- 0.08 (hot_a:hot_b between 2.1
#    and 4.9; at ~300 samples the binomial spread is 0.025); every sample is
#    accounted for: the profile ends (Ctrl-C) after the process exits, and
#    the folded counts add up to exactly the per-CPU SAMPLES - LOST that
#    the kernel reports; at 99 Hz for ~3 s there are at least 100 of them. The event is cpu-clock where the kernel has no
#    PMU (TCG), as the output says.
#  - `kdbg_hot sys` reads /dev/zero in a loop from sys_loop: with --both,
#    most samples (>= 50%) are in the kernel under sys_loop, through the
#    syscall path (do_syscall_64 and ksys_read or vfs_read).
#  - a process that exits before the end (-a, a 2.5 s workload, 4.5 s
#    profile) still has its frames named: its maps were read while it ran.
#  - bad arguments are usage errors; a CPU that is not online gets the
#    kernel's extack message.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
tmp=build/it-profile
rm -rf "$tmp"
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
hot=tests/tools/kdbg_hot
[ -x "$hot" ] || fail "$hot not built (make tests)"

insmod "$KDBG_KO"
trap 'kill $(jobs -p) 2>/dev/null || true; rmmod kdbgmod 2>/dev/null || true' EXIT

# Bad input first: nothing is attached by them.
run 2 $KDBGCTL profile -F 0
err_is "kdbgctl: error: profile: -F '0': expected 1 to 10000 Hz"
run 2 $KDBGCTL profile -a -p 1
err_is "kdbgctl: error: profile: -p and -a exclude each other"
run 2 $KDBGCTL profile --format xml
err_is "kdbgctl: error: profile: --format 'xml': expected text, folded, svg or pprof"
run 1 $KDBGCTL profile -C 4095 -d 1
err_is "kdbgctl: error: profile auto: the CPU to sample is not online"

pmu=yes
grep -q "no PMU driver, software events only" <(dmesg) && pmu=no

# wait_for FILE RE: until FILE has a line matching RE (at most 60 s)
wait_for() {
	local i
	for i in $(seq 600); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "no '$2' in $1: $(cat "$1")"
}

# 1. The 3:1 workload, alone on CPU 1; the profile ends after it exits
# (Ctrl-C), so that its last read holds every sample.
taskset -c 1 $hot cpu 3 &
hpid=$!
$KDBGCTL profile -F 99 -p "$hpid" --user --format folded \
	>"$tmp/cpu.folded" 2>"$tmp/cpu.err" &
ppid=$!
wait_for "$tmp/cpu.err" "^Sampling"
wait "$hpid"
kill -INT "$ppid"
wait "$ppid" || fail "profile exited $?: $(cat "$tmp/cpu.err")"
cat "$tmp/cpu.err"
# 2. The syscall loop, kernel and user stacks.
taskset -c 1 $hot sys 3 &
spid=$!
$KDBGCTL profile -p "$spid" -d 2.5 --both --format folded \
	>"$tmp/sys.folded" 2>"$tmp/sys.err"
wait "$spid"
# 3. A process that exits 2 s before the end, under -a.
taskset -c 0 $hot cpu 2.5 &
epid=$!
$KDBGCTL profile -a -d 4.5 --user --format folded \
	>"$tmp/exit.folded" 2>"$tmp/exit.err"
wait "$epid"
# The same run as JSON text: the per-CPU account in the output.
run 0 $KDBGCTL -j profile -C 0 -d 1
printf '%s\n' "$out" >"$tmp/text.json"
# No sample source left behind.
run 0 $KDBGCTL -j probe list
grep -q '"sample"' <<<"$out" && fail "a sample source is still attached: $out"

python3 - "$tmp" "$pmu" <<'PY'
import json, re, sys
tmp, pmu = sys.argv[1], sys.argv[2]

def folded(name):
    rows = []
    for line in open(f"{tmp}/{name}.folded").read().splitlines():
        stack, _, count = line.rpartition(" ")
        rows.append((stack.split(";"), int(count)))
    return rows

def account(name):
    err = open(f"{tmp}/{name}.err").read()
    m = re.search(r"^Event (\S+) at (\d+) Hz per CPU$", err, re.M)
    assert m, f"{name}: no event line: {err}"
    event, freq = m.group(1), int(m.group(2))
    cpus = re.findall(r"^cpu (\d+): (\d+) samples, (\d+) filtered, (\d+) lost "
                      r"\(table full\), (\d+) kernel stacks lost, (\d+) user "
                      r"stacks lost$", err, re.M)
    assert cpus, f"{name}: no per-CPU lines: {err}"
    return event, freq, [tuple(map(int, c)) for c in cpus]

# 1. The ratio, by name, and the exact account.
rows = folded("cpu")
event, freq, cpus = account("cpu")
assert freq == 99, freq
assert event in ("cpu-clock", "cycles"), event
if pmu == "no":
    assert event == "cpu-clock", f"no PMU, yet event {event}"
total = sum(c for _, c in rows)
kept = sum(s - lost for _, s, _, lost, _, _ in cpus)
assert total == kept, f"folded counts {total}, kernel SAMPLES - LOST {kept}: {cpus}"
assert total >= 100, f"only {total} samples at 99 Hz in 3 s"
for frames, _ in rows:
    assert frames[0] == "kdbg_hot", f"another process under -p: {frames}"
a = sum(c for f, c in rows if f[-1] == "hot_a" and "main" in f)
b = sum(c for f, c in rows if f[-1] == "hot_b" and "main" in f)
assert a + b >= 0.9 * total, f"hot_a {a} + hot_b {b} of {total}: {rows}"
share = a / (a + b)
assert 0.67 <= share <= 0.83, f"hot_a share {share:.3f} ({a}:{b}), expected 0.75 +- 0.08"
# main is the caller in the folded order (root first).
for f, c in rows:
    if f[-1] in ("hot_a", "hot_b"):
        assert f[-2] == "main", f"caller of {f[-1]}: {f}"
print(f"profile: {event}, {total} samples, hot_a:hot_b {a}:{b} = {a / max(b, 1):.2f}")

# 2. The syscall path under sys_loop.
rows = folded("sys")
total = sum(c for _, c in rows)
assert total >= 50, f"only {total} samples of the syscall loop"
def through_syscall(f):
    if "sys_loop" not in f or "do_syscall_64" not in f:
        return False
    if not ({"ksys_read", "vfs_read"} & set(f)):
        return False
    # user frames (sys_loop) come before the kernel ones, root first
    return f.index("sys_loop") < f.index("do_syscall_64")
k = sum(c for f, c in rows if through_syscall(f))
assert k >= 0.5 * total, f"{k} of {total} samples through read(2): {rows}"
print(f"profile: {k} of {total} syscall-loop samples through do_syscall_64 -> read")

# 3. The process that exited before the end is still named.
rows = folded("exit")
mine = [(f, c) for f, c in rows if f[0] == "kdbg_hot"]
n = sum(c for f, c in mine if f[-1] in ("hot_a", "hot_b"))
assert n >= 30, f"the exited process has {n} named samples: {mine}"
unknown = sum(c for f, c in mine if f[-1] == "[unknown]")
assert unknown <= 0.1 * sum(c for _, c in mine), f"{unknown} [unknown]: {mine}"
print(f"profile: exited process, {n} samples named after its exit")

# The JSON text output: stacks and the per-CPU account of CPU 0 alone.
o = json.loads(open(f"{tmp}/text.json").read())
assert o["frequency"] == 99 and o["event"] in ("cpu-clock", "cycles"), o
assert [c["cpu"] for c in o["cpus"]] == [0], o["cpus"]
assert sum(s["count"] for s in o["stacks"]) <= o["cpus"][0]["samples"], o
assert o["cpus"][0]["samples"] >= 50, o["cpus"]
PY
