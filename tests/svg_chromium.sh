#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SVG flame graphs in a real browser: headless Chromium loads graphs
# made by `kdbgctl fold --format svg` (upright, inverted, reversed, and a
# differential one) through tests/svg/harness.html, which checks that the
# frames render and that click-to-zoom, search and reset run without
# script errors.  A graph opened with ?s=REGEX&z=DEPTH,START must come up
# searched and zoomed.  The console must show no uncaught errors.
#
# Usage: tests/svg_chromium.sh [KDBGCTL]   (default: user/kdbgctl)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
kdbgctl=${1:-$here/user/kdbgctl}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}

if [ -z "$chromium" ]; then
	echo "svg_chromium: skipped (chromium not installed)"
	exit 0
fi
if [ ! -x "$kdbgctl" ]; then
	echo "svg_chromium: 0 passed, 1 failed ($kdbgctl not built)"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# A small but real profile: kernel and user frames, inlined frames, JIT.
cat >"$tmp/perf.txt" <<'PERF'
java 4242/4243 [001] 100.000001: 1000 cycles:
	ffffffff8103ce3b native_safe_halt ([kernel.kallsyms])
	ffffffff8101c6a3 do_syscall_64 ([kernel.kallsyms])
	7f08b5783b58 Lcom/example/Foo;::bar (/tmp/perf-4242.map)
	400123 inner_fn->outer_fn (/usr/bin/java)
	400100 main (/usr/bin/java)

java 4242/4243 [001] 100.000002: 3000 cycles:
	7f08b5783b58 Lcom/example/Foo;::bar (/tmp/perf-4242.map)
	400123 inner_fn->outer_fn (/usr/bin/java)
	400100 main (/usr/bin/java)

java 4242/4244 [000] 100.000003: 2000 cycles:
	ffffffff81001000 tcp_sendmsg ([kernel.kallsyms])
	ffffffff8101c6a3 do_syscall_64 ([kernel.kallsyms])
	7f0000001000 __libc_send (/lib/x86_64-linux-gnu/libc.so.6)
	400200 send_loop (/usr/bin/java)
	400100 main (/usr/bin/java)

swapper 0/0 [002] 100.000004: 1500 cycles:
	ffffffff8103ce3b native_safe_halt ([kernel.kallsyms])
	ffffffff81000100 cpu_idle ([kernel.kallsyms])
	ffffffff81000000 start_kernel ([kernel.kallsyms])

PERF
conf=$here/../shared/conformance/stackcollapse-perf
inputs=("$tmp/perf.txt")
[ -f "$conf/perf-vertx-stacks-01.txt" ] && inputs+=("$conf/perf-vertx-stacks-01.txt")

run_chromium() {	# URL OUT
	local prof
	prof=$(mktemp -d "$tmp/prof.XXXX")
	timeout 90 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$prof" --allow-file-access-from-files \
		--enable-logging=stderr --v=0 --virtual-time-budget=15000 \
		--dump-dom "$1" >"$2" 2>"$2.log"
}

no_uncaught() {	# LOG NAME
	if grep -q 'Uncaught' "$1"; then
		ko "$2: uncaught script error: $(grep -m1 Uncaught "$1")"
		return 1
	fi
	return 0
}

n=0
for in in "${inputs[@]}"; do
	for variant in "" "--inverted" "--reverse" "--inverted --reverse"; do
		n=$((n + 1))
		svg=$tmp/g$n.svg
		name="$(basename "$in") ${variant:-upright}"
		# shellcheck disable=SC2086
		if ! "$kdbgctl" fold --format svg --all $variant --title "test $n" \
			"$in" >"$svg"; then
			ko "$name: kdbgctl failed"
			continue
		fi
		run_chromium "file://$here/tests/svg/harness.html?svg=file://$svg" \
			"$tmp/out$n"
		res=$(grep -o 'id="result">[^<]*' "$tmp/out$n" | cut -d'>' -f2)
		if [[ $res == PASS* ]] && no_uncaught "$tmp/out$n.log" "$name"; then
			ok
		else
			ko "$name: ${res:-no result (chromium: $(tail -1 "$tmp/out$n.log"))}"
		fi
	done
done

# differential: before is the first two samples doubled, after the input
n=$((n + 1))
"$kdbgctl" fold "$tmp/perf.txt" >"$tmp/after.folded"
awk '{ $NF = $NF * 2; print }' "$tmp/after.folded" | head -3 >"$tmp/before.folded"
if "$kdbgctl" fold diff --format svg "$tmp/before.folded" "$tmp/after.folded" \
	>"$tmp/diff.svg"; then
	run_chromium "file://$here/tests/svg/harness.html?svg=file://$tmp/diff.svg" \
		"$tmp/out$n"
	res=$(grep -o 'id="result">[^<]*' "$tmp/out$n" | cut -d'>' -f2)
	if [[ $res == PASS* ]] && grep -q 'fill="rgb(255,' "$tmp/diff.svg" &&
		grep -q ',255)"' "$tmp/diff.svg" &&
		no_uncaught "$tmp/out$n.log" "diff"; then
		ok
	else
		ko "differential graph: ${res:-no red and blue frames}"
	fi
else
	ko "fold diff --format svg failed"
fi

# a shared link: ?s= searches and ?z= zooms as the page opens
n=$((n + 1))
"$kdbgctl" fold --format svg "$tmp/perf.txt" >"$tmp/link.svg"
z=$(grep -o 'data-d="2" data-s="[0-9]*" data-v="[0-9]*"><title>main ' "$tmp/link.svg" |
	sed 's/data-d="2" data-s="\([0-9]*\)".*/2,\1/')
run_chromium "file://$tmp/link.svg?s=do_syscall&z=$z" "$tmp/out$n"
if grep -q 'data-ready="[1-9]' "$tmp/out$n" &&
	grep -q 'id="matched"[^>]*>Matched: [0-9.]*%' "$tmp/out$n" &&
	grep -q 'class="f parent"' "$tmp/out$n" &&
	no_uncaught "$tmp/out$n.log" "link"; then
	ok
else
	ko "?s=&z= link did not open searched and zoomed (z=$z)"
fi

echo "svg_chromium: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
