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
#
# Few commands, one python3 at the end (the replies and the kprobe list
# are kept in files until then): on a loaded host under TCG, and with
# KASAN, each process costs seconds.
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
# sources: how many sources are attached ("ID: TYPE TARGET ..." lines).
sources() {
	$K probe list >"$tmp/list" || fail "probe list failed"
	grep -c '^[0-9]*: ' "$tmp/list" || true
}
nothing_attached() {
	[ "$(sources)" = 0 ] || fail "sources attached after $1: $(<"$tmp/list")"
	no_stray_kprobes .
}
# num KEY: the number KEY has in the JSON reply $out.
num() {
	[[ $out =~ \"$1\":([0-9]+) ]] || fail "no $1 in '$out'"
	echo "${BASH_REMATCH[1]}"
}

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT
nothing_attached insmod

# Attach: the reply and the kprobe layer are checked at the end.
run 0 $K -j probe add "$pat"
printf '%s\n' "$out" >"$tmp/reply.json"
cp "$kprobes_list" "$tmp/kprobes"
matched=$(num matched) attached=$(num attached)
notrace=$(num notrace) refused=$(num refused)
[ "$(wc -l <"$tmp/kprobes")" = "$attached" ] ||
	fail "$(wc -l <"$tmp/kprobes") kprobes for $attached attached functions"
[ "$(sources)" = "$attached" ] || fail "$(sources) sources for $attached attached functions"
# Twice: refused, nothing more attached.
run 1 $K probe add "$pat"
grep -qi 'already attached' <<<"$err" || fail "second add of '$pat': $err"
[ "$(wc -l <"$kprobes_list")" = "$attached" ] || fail "the second add changed the kprobes"
# Detach: all of them, from the sources and the kprobe layer.
run 0 $K probe del "$pat"
nothing_attached "probe del $pat"
run 1 $K probe del "$pat"

# A member already attached on its own is skipped as "exists"; the text
# reply says so, with the other numbers of the JSON one.
read -r _ _ first _ <"$tmp/kprobes"
first=${first%+0x0}
run 0 $K probe add "$first"
run 0 $K probe add "$pat"
want="attached $((attached - 1)) of $matched functions matching $pat; skipped $notrace notrace, $refused refused by kprobes, 1 already attached"
[ "$(sed 's/^first id [0-9]*: //' <<<"$out")" = "$want" ] ||
	fail "text reply: '$out', expected 'first id N: $want'"
run 0 $K probe del "$pat"
[ "$(sources)" = 1 ] || fail "probe del '$pat' took the other source too: $(<"$tmp/list")"
run 0 $K probe del "$first"

# The cap: exactly the matches is fine, one less refuses the pattern.
run 0 $K -j probe add "$pat" --max-matches "$matched"
[ "$(num attached)" = "$attached" ] || fail "--max-matches $matched: $out"
run 0 $K probe del "$pat"
nothing_attached "probe del $pat"
run 1 $K probe add "$pat" --max-matches $((matched - 1))
[ "$(wc -l <<<"$err")" = 1 ] && grep -qi 'max[-_]matches' <<<"$err" ||
	fail "over the cap: $err"
run 2 $K probe add "$pat" --max-matches 0
run 2 $K probe add "$pat" --max-matches 1025
run 2 $K probe add "$first" --max-matches 5
# kdbg's own functions, and a pattern matching nothing: refused, exit 1.
run 1 $K probe add 'kdbgmod:*'
grep -q 'own functions' <<<"$err" || fail "'kdbgmod:*': $err"
run 1 $K -j probe add 'kdbg_it_no_such_function_*'
out_has '"error"'
nothing_attached 'the refused adds'

# Another module's functions (MODULE:GLOB), where one is loaded (the
# stock guest's 9p modules; the debug kernel has them built in).
mod=$(awk '$1 != "kdbgmod" { print $1; exit }' /proc/modules)
if [ -n "$mod" ]; then
	run 0 $K -j probe add "$mod:*"
	printf '%s\n' "$out" >"$tmp/mod-reply.json"
	cp "$kprobes_list" "$tmp/mod-kprobes"
	run 0 $K probe del "$mod:*"
	nothing_attached "probe del $mod:*"
fi

# rmmod with a pattern attached, one that aggregates too.
run 0 $K probe add "$pat"
run 0 $K probe add 'vfs_*' --key comm
[ "$(wc -l <"$kprobes_list")" -gt "$attached" ] || fail "'vfs_*' attached nothing"
rmmod kdbgmod
trap - EXIT
no_stray_kprobes .

# The replies against what the guest's own lists predict: kdbg walks the
# kernel image's [_stext, _etext) (not the freed init text) or a module's
# text, a static name repeated counts once; the kprobe layer refuses a
# blacklisted function before kdbg asks whether it is an ftrace site.
python3 - "$tmp" "$pat" "$mod" <<'PY'
import fnmatch, json, os, sys
tmp, pat, mod = sys.argv[1:]
lines = open("/proc/kallsyms").read().splitlines()
aff_lines = open("/sys/kernel/tracing/available_filter_functions").read().splitlines()
black = {l.split()[1] for l in open("/sys/kernel/debug/kprobes/blacklist")
         if len(l.split()) > 1}

def owner(fields, i):
    return fields[i].strip("[]") if len(fields) > i else ""

def predict(glob, mod):
    text, bounds = set(), {}
    kernel = []
    for line in lines:
        f = line.split()
        if owner(f, 3) != mod:
            continue
        addr, kind, name = int(f[0], 16), f[1], f[2]
        if not mod:
            if name in ("_stext", "_etext"):
                bounds[name] = addr
            kernel.append((addr, name))
        elif kind in "tTwW":		# a module's text, by kind
            text.add(name)
    if not mod:				# the kernel image's, by address
        text = {n for a, n in kernel if bounds["_stext"] <= a < bounds["_etext"]}
    matched = sorted(n for n in text if fnmatch.fnmatchcase(n, glob))
    aff = {l.split()[0] for l in aff_lines if owner(l.split(), 1) == mod}
    refused = [n for n in matched if n in black]
    notrace = [n for n in matched if n not in black and n not in aff]
    attach = [n for n in matched if n in aff and n not in black]
    return matched, notrace, refused, attach

def check(what, glob, mod, reply, kprobes):
    matched, notrace, refused, attach = predict(glob, mod)
    r = json.load(open(reply))
    want = {"notrace": len(notrace), "refused": len(refused), "own": 0,
            "exists": 0, "other": 0}
    assert r["matched"] == len(matched), \
        f"{what}: matched {r['matched']}, kallsyms has {len(matched)}"
    assert r["skipped"] == want, f"{what}: skipped {r['skipped']}, predicted {want}"
    assert r["attached"] == len(attach), \
        f"{what}: attached {r['attached']}, predicted {len(attach)}"
    assert r["id"] >= 1, r
    probes = [l.split() for l in open(kprobes)]
    names = sorted(p[2].removesuffix("+0x0") for p in probes)
    assert names == attach, f"{what}: kprobes {set(names) ^ set(attach)} differ from the prediction"
    assert all(p[-1] == "[FTRACE]" for p in probes), probes
    print(f"{what}: matched {len(matched)}, attached {len(attach)}, "
          f"skipped {r['skipped']}, as predicted")
    return want

want = check(pat, pat, "", f"{tmp}/reply.json", f"{tmp}/kprobes")
assert want["notrace"] and want["refused"], \
    f"'{pat}' should match notrace and refused functions too: {want}"
if mod:
    check(f"{mod}:*", "*", mod, f"{tmp}/mod-reply.json", f"{tmp}/mod-kprobes")
PY
