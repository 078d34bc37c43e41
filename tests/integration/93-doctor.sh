#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `kdbgctl doctor` on a real kernel: it runs without the module and says
# so, names the running release, agrees with the kernel's own config on
# every CONFIG_ line, finds debugfs mounted, sees the loaded module speak
# its protocol version, and judges the caller's capabilities (root ok,
# CAP_PERFMON alone a warning, none a failure with exit 1). Text and JSON
# agree. With the module loaded, shell completion's live names (probe ids
# and targets, tracepoints, kallsyms functions) come from this kernel.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
K=${KDBGCTL:?}
tmp=$(mktemp -d)
trap 'rmmod kdbgmod 2>/dev/null || true; rm -rf "$tmp"' EXIT

. tests/integration/lib/cli.sh

as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
perfmon=("${as[@]}" --inh-caps=-all,+perfmon --ambient-caps=+perfmon
	 --bounding-set=-all,+perfmon)
nocap=("${as[@]}" --inh-caps=-all --bounding-set=-all)

# The status of CHECK in doctor's JSON ($out).
status() {
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(" ".join(c["status"] for c in d["checks"] if c["check"] == sys.argv[2]))' "$out" "$1"
}

grep -q '^kdbgmod ' /proc/modules && rmmod kdbgmod

# Without the module: root, nothing fails on the kernels kdbg runs on
run 0 $K doctor
grep -E "^kernel +(ok|warn) +Linux $(uname -r)" <<<"$out" ||
	fail "release: $out"
grep -E "^kdbgmod +warn +not loaded" <<<"$out" || fail "module: $out"
grep -E "^debugfs +ok +mounted at /sys/kernel/debug" <<<"$out" ||
	fail "debugfs: $out"
grep -E "^privilege +ok +CAP_SYS_ADMIN" <<<"$out" || fail "root: $out"
grep -qE "^[0-9]+ failed, [0-9]+ warnings: kdbg can work here$" <<<"$out" ||
	fail "summary: $out"
text=$out

run 0 $K -j doctor
[ "$(status kdbgmod)" = warn ] || fail "JSON module: $out"
python3 - "$out" "$text" <<'EOF' || fail "JSON and text disagree: $out"
import json, sys
d = json.loads(sys.argv[1])
lines = [l for l in sys.argv[2].splitlines() if l and not l.startswith(" ")]
assert len(d["checks"]) == len(lines) - 1, (len(d["checks"]), len(lines))
for c, l in zip(d["checks"], lines):
    assert l.split(None, 1)[0] == c["check"].split()[0], (c, l)
    assert c["status"] in l, (c, l)
assert d["usable"] and d["failed"] == 0
EOF

# Every CONFIG_ verdict is the kernel's own config. The guest's /boot is
# the host's, so without /proc/config.gz doctor says it cannot check; it
# is then run again over a root whose /boot holds the config this kernel
# was built with (from the VM cache), everything else the real /proc,
# /sys and /lib.
# (a file, not a variable: the trace would print the config each time)
config=
if [ -r /proc/config.gz ]; then
	zcat /proc/config.gz >"$tmp/config"
	config=$tmp/config
elif [ -r "/boot/config-$(uname -r)" ]; then
	config=/boot/config-$(uname -r)
else
	[ "$(status 'kernel config')" = warn ] || fail "no config: $out"
	cache=${KDBG_CACHE:-/var/cache/kdbg}
	for f in "$cache/stock/$(uname -r)/boot/config-$(uname -r)" \
		 "$cache"/debug-kernel-*/linux/.config; do
		rel=$(cat "$(dirname "$f")/include/config/kernel.release" 2>/dev/null ||
		      basename "$f" | sed 's/^config-//')
		[ "$rel" = "$(uname -r)" ] && [ -r "$f" ] || continue
		mkdir -p "$tmp/root/boot"
		ln -s /proc /sys /lib "$tmp/root/"
		cp "$f" "$tmp/root/boot/config-$(uname -r)"
		config=$f
		run 0 env KDBG_DOCTOR_ROOT="$tmp/root" $K -j doctor
		[ "$(status 'kernel config')" = ok ] || fail "cached config: $out"
		break
	done
	[ -n "$config" ] || echo "no config for $(uname -r): CONFIG_ lines not compared"
fi
if [ -n "$config" ]; then
	for sym in MODULES MODULE_UNLOAD KPROBES KRETPROBES KPROBES_ON_FTRACE \
		   TRACEPOINTS FTRACE_SYSCALLS DEBUG_FS PERF_EVENTS KALLSYMS \
		   KALLSYMS_ALL; do
		want=warn
		grep -qE "^CONFIG_$sym=[ym]" "$config" && want=ok
		got=$(status "CONFIG_$sym")
		[ "$want" = ok ] && [ "$got" != ok ] && fail "CONFIG_$sym: $got"
		[ "$want" != ok ] && [ "$got" = ok ] && fail "CONFIG_$sym: $got"
	done
	[ "$(status CONFIG_KPROBES)" = ok ] || fail "kprobes: $out"
fi

# The loaded module answers with kdbgctl's protocol version
insmod "$KDBG_KO"
run 0 $K doctor
grep -E "^kdbgmod +ok +loaded, protocol version 1 " <<<"$out" ||
	fail "loaded module: $out"

# Completion's live names: the attached probe's id and target, the
# kernel's tracepoints and functions
run 0 $K probe add vfs_read
id=$out
run 0 $K __complete probe del ""
[ "$(sort <<<"$out" | tr '\n' ' ')" = "$id vfs_read " ] ||
	fail "probe del <TAB>: $out"
run 0 $K __complete agg show ""
grep -qx "$id" <<<"$out" || fail "agg show <TAB>: $out"
run 0 $K __complete tracepoint add sched:sched_sw
grep -qx "sched:sched_switch" <<<"$out" || fail "tracepoint add <TAB>: $out"
run 0 $K __complete tracepoint del ""
[ -z "$out" ] || fail "tracepoint del <TAB> offers probes: $out"
run 0 $K __complete probe add vfs_rea
grep -qx vfs_read <<<"$out" || fail "probe add <TAB>: $out"
[ "$(grep -c . <<<"$out")" = "$(awk '$2 ~ /^[tT]$/ && NF == 3 && $3 ~ /^vfs_rea/ { print $3 }' /proc/kallsyms | sort -u | grep -c .)" ] ||
	fail "probe add vfs_rea<TAB> is not kallsyms' functions: $out"
run 0 $K probe del "$id"

# Capabilities: CAP_PERFMON alone warns, none fails
run 0 "${perfmon[@]}" $K doctor
grep -E "^privilege +warn +CAP_PERFMON: reading" <<<"$out" ||
	fail "perfmon: $out"
run 1 "${nocap[@]}" $K doctor
grep -E "^privilege +fail +neither CAP_PERFMON nor CAP_SYS_ADMIN" <<<"$out" ||
	fail "no capability: $out"
grep -qE "^ +fix: run kdbgctl as root" <<<"$out" || fail "no fix: $out"
run 1 "${nocap[@]}" $K -j doctor
[ "$(status privilege)" = fail ] || fail "JSON no capability: $out"
grep -qF '"usable":false' <<<"$out" || fail "JSON usable: $out"

# Usage errors are exit 2, like every command
run 2 $K doctor now
err_is "kdbgctl: error: doctor: unexpected argument 'now' (see: kdbgctl doctor help)"
echo "doctor: $(grep -c '' <<<"$text") lines on $(uname -r)"
