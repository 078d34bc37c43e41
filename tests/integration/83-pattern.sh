#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wildcard attach. 'kprobe_*' matches functions of every kind: traceable
# ones, notrace ones (not ftrace sites) and ones the kprobe blacklist
# refuses. What the kernel says it matched, attached and skipped (and
# why) must equal what the guest's own lists predict (/proc/kallsyms text,
# tracing's available_filter_functions, kprobes' blacklist), and the kprobe
# layer must then hold exactly the predicted probes. A function already
# attached is skipped as "exists"; the same pattern twice, a pattern over
# --max-matches (the cap exactly is fine), kdbg's own functions and a
# pattern matching nothing are refused and attach nothing; detaching the
# pattern, and rmmod with a pattern attached, leave no kprobe behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
PS4='+ [$SECONDS] '
set -x
tmp=build/it-pattern
rm -rf "$tmp"
mkdir -p "$tmp"
. tests/integration/lib/cli.sh
. tests/integration/lib/agg.sh
K=$KDBGCTL
pat='kprobe_*'
sources() { $K -j probe list | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }
nothing_attached() {
	[ "$(sources)" = 0 ] || fail "sources attached after '$1': $($K probe list)"
	no_stray_kprobes .
}

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT
nothing_attached insmod

# predict GLOB [MODULE]: the names the pattern must attach, one a line,
# in $tmp/attach; "MATCHED NOTRACE REFUSED" on stdout.
predict() {
	python3 - "$@" "$tmp/attach" <<'PY'
import fnmatch, sys
glob, mod, attach_path = sys.argv[1], sys.argv[2], sys.argv[3]
text, bounds = {}, {}
for line in open("/proc/kallsyms"):
    f = line.split()
    owner = f[3].strip("[]") if len(f) > 3 else ""
    addr, kind, name = int(f[0], 16), f[1], f[2]
    if name in ("_stext", "_etext") and not owner:
        bounds[name] = addr
    # The kernel image by address alone (weak text is "W"), modules by kind.
    if owner == mod and (not mod or kind in "tTwW"):
        text.setdefault(name, []).append(addr)
# kdbg walks the kernel image's [_stext, _etext) (not the freed init text)
# and a module's text; a static name repeated counts once.
if not mod:
    text = {n: a for n, a in text.items()
            if any(bounds["_stext"] <= x < bounds["_etext"] for x in a)}
matched = sorted(n for n in text if fnmatch.fnmatchcase(n, glob))
aff = set()
for line in open("/sys/kernel/tracing/available_filter_functions"):
    f = line.split()
    if (f[1].strip("[]") if len(f) > 1 else "") == mod:
        aff.add(f[0])
black = {l.split()[1] for l in open("/sys/kernel/debug/kprobes/blacklist")
         if len(l.split()) > 1}
# The kprobe layer refuses a blacklisted function before kdbg asks
# whether it is an ftrace site.
refused = [n for n in matched if n in black]
notrace = [n for n in matched if n not in black and n not in aff]
attach = [n for n in matched if n in aff and n not in black]
open(attach_path, "w").write("".join(n + "\n" for n in attach))
print(len(matched), len(notrace), len(refused))
PY
}

# check_reply JSON PREDICTION EXISTS: the add's reply against the
# prediction (EXISTS members already attached), then the kprobe layer:
# exactly the predicted functions, on their ftrace sites.
check_reply() {
	python3 - "$1" $2 "$3" "$tmp/attach" "$kprobes_list" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
matched, notrace, refused, exists = map(int, sys.argv[2:6])
attach = open(sys.argv[6]).read().split()
want = {"notrace": notrace, "refused": refused, "own": 0,
        "exists": exists, "other": 0}
assert r["matched"] == matched, f"matched {r['matched']}, kallsyms has {matched}"
assert r["skipped"] == want, f"skipped {r['skipped']}, predicted {want}"
assert r["attached"] == len(attach) - exists, \
    f"attached {r['attached']}, predicted {len(attach) - exists}"
assert r["id"] >= 1, r
probes = [l.split() for l in open(sys.argv[7])]
names = sorted(p[2].removesuffix("+0x0") for p in probes)
assert names == sorted(attach), \
    f"kprobes {set(names) ^ set(attach)} differ from the prediction"
assert all(p[-1] == "[FTRACE]" for p in probes), probes
print(f"pattern: matched {matched}, attached {r['attached']}, "
      f"skipped {r['skipped']}, as predicted")
PY
}

predict "$pat" "" >"$tmp/predicted"
read -r matched notrace refused <"$tmp/predicted"
[ "$notrace" -gt 0 ] && [ "$refused" -gt 0 ] && [ "$matched" -gt $((notrace + refused)) ] ||
	fail "'$pat' should match traceable, notrace and refused functions: $matched $notrace $refused"
nattach=$(wc -l <"$tmp/attach")

# Attach: the JSON reply, the kprobe layer, the sources.
run 0 $K -j probe add "$pat"
check_reply "$out" "$matched $notrace $refused" 0
[ "$(sources)" = "$nattach" ] || fail "$(sources) sources for $nattach attached functions"
# Twice: refused, nothing more attached.
run 1 $K probe add "$pat"
grep -qi 'already attached' <<<"$err" || fail "second add of '$pat': $err"
[ "$(wc -l <"$kprobes_list")" = "$nattach" ] || fail "the second add changed the kprobes"
# Detach: all of them, from the sources and the kprobe layer.
run 0 $K probe del "$pat"
nothing_attached "probe del $pat"
run 1 $K probe del "$pat"

# A member already attached on its own is skipped as "exists"; the text
# reply says the same numbers.
first=$(head -n 1 "$tmp/attach")
run 0 $K probe add "$first"
run 0 $K probe add "$pat"
want="attached $((nattach - 1)) of $matched functions matching $pat; skipped $notrace notrace, $refused refused by kprobes, 1 already attached"
[ "$(sed 's/^first id [0-9]*: //' <<<"$out")" = "$want" ] ||
	fail "text reply: '$out', expected 'first id N: $want'"
run 0 $K probe del "$pat"
[ "$(sources)" = 1 ] || fail "probe del '$pat' took the other source too"
run 0 $K probe del "$first"
nothing_attached "probe del $first"

# The cap: exactly the matches is fine, one less refuses the pattern.
run 0 $K -j probe add "$pat" --max-matches "$matched"
check_reply "$out" "$matched $notrace $refused" 0
run 0 $K probe del "$pat"
run 1 $K probe add "$pat" --max-matches $((matched - 1))
[ "$(wc -l <<<"$err")" = 1 ] && grep -qi 'max[-_]matches' <<<"$err" ||
	fail "over the cap: $err"
nothing_attached "--max-matches $((matched - 1))"
run 2 $K probe add "$pat" --max-matches 0
run 2 $K probe add "$pat" --max-matches 1025
run 2 $K probe add "$first" --max-matches 5
nothing_attached "bad --max-matches"

# kdbg's own functions, and a pattern matching nothing: refused, exit 1.
run 1 $K probe add 'kdbgmod:*'
grep -q 'own functions' <<<"$err" || fail "'kdbgmod:*': $err"
run 1 $K -j probe add 'kdbg_it_no_such_function_*'
out_has '"error"'
nothing_attached 'refused patterns'

# Another module's functions (MODULE:GLOB), where one is loaded (the
# stock guest's 9p modules; the debug kernel has them built in).
mod=$(awk '$1 != "kdbgmod" { print $1; exit }' /proc/modules)
if [ -n "$mod" ]; then
	predict '*' "$mod" >"$tmp/predicted"
	read -r mmatched mnotrace mrefused <"$tmp/predicted"
	run 0 $K -j probe add "$mod:*"
	check_reply "$out" "$mmatched $mnotrace $mrefused" 0
	run 0 $K probe del "$mod:*"
	nothing_attached "probe del $mod:*"
fi

# rmmod with a pattern attached, one that aggregates too.
run 0 $K probe add "$pat"
run 0 $K probe add 'vfs_*' --key comm
[ "$(wc -l <"$kprobes_list")" -gt "$nattach" ] || fail "'vfs_*' attached nothing"
rmmod kdbgmod
trap - EXIT
no_stray_kprobes .
