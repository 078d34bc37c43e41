#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pprof output checked by pprof itself: profiles written by
# `kdbgctl fold --format pprof` from perf script text, folded text and
# kdbg stream JSON must load in `go tool pprof`, add up to the same total
# as the folded output, keep each stack's frames in order (leaf first),
# and carry the comm/pid/tid labels the input had.
#
# Usage: tests/pprof_go.sh [KDBGCTL]   (default: user/kdbgctl)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
kdbgctl=${1:-$here/user/kdbgctl}

if ! command -v go >/dev/null; then
	echo "pprof_go: skipped (go not installed)"
	exit 0
fi
if [ ! -x "$kdbgctl" ]; then
	echo "pprof_go: 0 passed, 1 failed ($kdbgctl not built)"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp GOCACHE=$tmp/gocache GOPATH=$tmp/gopath GOTOOLCHAIN=local
export GOFLAGS= GOPROXY=off
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

pprof() { go tool pprof "$@" 2>"$tmp/pprof.err"; }

# "Showing nodes accounting for N, 100% of N total" -> N
pprof_total() {
	pprof -top "$1" | sed -n 's/.* of \([0-9.]*\) total.*/\1/p' | head -1
}

folded_total() {
	"$kdbgctl" fold "$@" | awk '{ s += $NF } END { print s + 0 }'
}

cat >"$tmp/perf.txt" <<'PERF'
curl 4242/4243 [001] 100.000001: 250000 cycles:
	ffffffff81001000 tcp_v4_connect+0x5 ([kernel.kallsyms])
	ffffffff81002000 __sys_connect+0x80 ([kernel.kallsyms])
	7f0000001000 __connect (/lib/x86_64-linux-gnu/libc.so.6)
	400100 main (/usr/bin/curl)

curl 4242/4244 [000] 100.000002: 750000 cycles:
	7f0000002000 memcpy (/lib/x86_64-linux-gnu/libc.so.6)
	400100 main (/usr/bin/curl)

PERF
cat >"$tmp/kdbg.json" <<'JSON'
{"type":"kprobe","cpu":0,"timestamp-ns":123,"pid":42,"tgid":41,"comm":"curl","source-id":1,"source":"tcp_v4_connect","stack":["tcp_v4_connect+0x5","__sys_connect+0x80","do_syscall_64+0x3b","entry_SYSCALL_64_after_hwframe+0x63"]}
{"type":"kprobe","cpu":1,"timestamp-ns":124,"pid":42,"tgid":41,"comm":"curl","source-id":1,"source":"tcp_v4_connect","latency-ns":5,"args":{"a":[1,2]},"stack":["tcp_v4_connect+0x5","__sys_connect+0x80","do_syscall_64+0x3b","entry_SYSCALL_64_after_hwframe+0x63"]}
{"type":"kprobe","cpu":1,"timestamp-ns":125,"pid":77,"tgid":77,"comm":"wget","source-id":1,"source":"tcp_v4_connect","stack":["tcp_v4_connect+0x5","0xffffffff81000000"]}
JSON

# 1. perf input: loads, totals match the folded output (periods)
"$kdbgctl" fold --format pprof -o "$tmp/perf.pb.gz" "$tmp/perf.txt"
want=$(folded_total "$tmp/perf.txt")
got=$(pprof_total "$tmp/perf.pb.gz")
if [ -n "$got" ] && [ "$got" = "$want" ]; then ok; else
	ko "perf: pprof total '$got', folded total '$want' ($(cat "$tmp/pprof.err"))"
fi

# 2. stacks keep their order: leaf first in pprof's traces
pprof -traces "$tmp/perf.pb.gz" >"$tmp/traces"
if grep -A4 'tcp_v4_connect' "$tmp/traces" | tr -s ' \n' ' ' |
	grep -q 'tcp_v4_connect __sys_connect __connect main'; then ok; else
	ko "perf: trace order wrong: $(head -20 "$tmp/traces")"
fi

# 3. labels from perf headers: comm, pid, tid
pprof -tags "$tmp/perf.pb.gz" >"$tmp/tags"
if grep -q 'comm:' "$tmp/tags" && grep -q 'curl' "$tmp/tags" &&
	grep -q 'pid:' "$tmp/tags" && grep -q '4242' "$tmp/tags" &&
	grep -q '4244' "$tmp/tags"; then ok; else
	ko "perf: labels missing: $(cat "$tmp/tags")"
fi

# 4. kdbg stream JSON: totals and labels (pid is the tgid, tid the pid)
"$kdbgctl" fold --format pprof -o "$tmp/kdbg.pb.gz" "$tmp/kdbg.json"
got=$(pprof_total "$tmp/kdbg.pb.gz")
pprof -tags "$tmp/kdbg.pb.gz" >"$tmp/tags"
if [ "$got" = 3 ] && grep -q 'wget' "$tmp/tags" && grep -q ' 41' "$tmp/tags" &&
	grep -q ' 42' "$tmp/tags"; then ok; else
	ko "kdbg: total '$got' or labels wrong: $(cat "$tmp/tags")"
fi
if pprof -top "$tmp/kdbg.pb.gz" | grep -q 'entry_SYSCALL_64_after_hwframe' &&
	! pprof -top "$tmp/kdbg.pb.gz" | grep -q '+0x'; then ok; else
	ko "kdbg: frames wrong in -top"
fi

# 5. folded input, and the conformance set's biggest real profile
"$kdbgctl" fold "$tmp/perf.txt" >"$tmp/in.folded"
"$kdbgctl" fold --format pprof -o "$tmp/folded.pb.gz" "$tmp/in.folded"
got=$(pprof_total "$tmp/folded.pb.gz")
if [ "$got" = "$want" ]; then ok; else ko "folded: total '$got', want '$want'"; fi
big=$here/../shared/conformance/stackcollapse-perf/perf-vertx-stacks-01.txt
if [ -f "$big" ]; then
	"$kdbgctl" fold --format pprof "$big" >"$tmp/big.pb.gz"
	want=$(folded_total "$big")
	got=$(pprof_total "$tmp/big.pb.gz")
	if [ "$got" = "$want" ]; then ok; else
		ko "vertx: pprof total '$got', folded total '$want'"
	fi
fi

# 6. perf periods of a clock event: pprof shows the event and times
printf 'dd 7 1.0:  10101010 cpu-clock: \n\t1 f (x)\n\n' >"$tmp/clock.txt"
"$kdbgctl" fold --format pprof -o "$tmp/clock.pb.gz" "$tmp/clock.txt"
pprof -top "$tmp/clock.pb.gz" >"$tmp/top"
if grep -q '^Type: cpu-clock' "$tmp/top" && grep -q '10.10ms total' "$tmp/top"; then
	ok
else
	ko "cpu-clock periods: $(head -3 "$tmp/top")"
fi

# 7. the profile is gzip, as pprof's other producers write it
if gzip -t "$tmp/perf.pb.gz" 2>/dev/null; then ok; else ko "not gzip"; fi

echo "pprof_go: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
