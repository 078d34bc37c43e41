#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Check fields of a JSON document (kdbgctl -j output) from the command line,
# one expectation per argument; prints every failed one and exits 1.
#
#   PATH=VALUE    the value (numbers compared as text)
#   PATH~SUFFIX   a string ending with SUFFIX
#   PATH#=N       a list or object of N entries
#   PATH@=FUNC    a list of frames, one of whose "function" is FUNC
#   PATH@=FUNC:KEY=VALUE   ... a reliable one of which has KEY=VALUE
#   PATH?         present        PATH!   absent
#
# PATH is keys and list indexes joined by dots: reports.0.kasan.cache.
#
# Usage: json_expect.py FILE EXPECTATION...
import json
import re
import sys

MISSING = object()


def get(doc, path):
    for part in path.split("."):
        if isinstance(doc, list) and re.fullmatch(r"-?\d+", part):
            i = int(part)
            if -len(doc) <= i < len(doc):
                doc = doc[i]
                continue
            return MISSING
        if isinstance(doc, dict) and part in doc:
            doc = doc[part]
            continue
        return MISSING
    return doc


def text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def check(doc, exp):
    m = re.fullmatch(r"([^=~#@?!]+)(=|~|#=|@=|\?|!)(.*)", exp, re.S)
    if not m:
        return "bad expectation"
    path, op, want = m.groups()
    got = get(doc, path)
    if op == "?":
        return None if got is not MISSING else "absent"
    if op == "!":
        return None if got is MISSING else f"present: {text(got)!r}"
    if got is MISSING:
        return "absent"
    if op == "=":
        return None if text(got) == want else f"is {text(got)!r}"
    if op == "~":
        ok = isinstance(got, str) and got.endswith(want)
        return None if ok else f"is {text(got)!r}"
    if op == "#=":
        ok = isinstance(got, (list, dict)) and len(got) == int(want)
        return None if ok else f"has {len(got) if isinstance(got, (list, dict)) else '?'} entries"
    if op == "@=":
        frames = [f for f in got if isinstance(f, dict)] \
            if isinstance(got, list) else []
        funcs = [f.get("function") for f in frames]
        if ":" not in want:
            return None if want in funcs else f"functions are {funcs}"
        func, kv = want.split(":", 1)
        key, val = kv.split("=", 1)
        seen = [text(f.get(key)) for f in frames
                if f.get("function") == func and not f.get("unreliable")]
        return None if val in seen else f"{func}'s {key} is {seen}"
    return "bad operator"


def main():
    if len(sys.argv) < 3:
        print("usage: json_expect.py FILE EXPECTATION...", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    bad = 0
    for exp in sys.argv[2:]:
        why = check(doc, exp)
        if why:
            print(f"{sys.argv[1]}: expected {exp}: {why}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
