#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kretprobe and tracepoint sources end to end. A kretprobe on
# do_sys_openat2 sees a python process open a missing file: the record
# carries a plausible latency and the return value -ENOENT. A tracepoint
# hook on sched:sched_process_exec sees a program being executed, with its
# comm, its raw arguments and a kernel stack through the exec path.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/it-kretprobe
mkdir -p "$out"

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT

$KDBGCTL probe add do_sys_openat2 --ret --comm kdbgopen >/dev/null
$KDBGCTL tracepoint add sched:sched_process_exec >/dev/null
python3 -c '
import ctypes, os
ctypes.CDLL(None).prctl(15, b"kdbgopen", 0, 0, 0)
for _ in range(5):
    try:
        open("/nonexistent/kdbg", "rb")
    except FileNotFoundError:
        pass
'
/bin/true
/usr/bin/env true
# The records wait in the rings (1 MiB per CPU) until this drain.
$KDBGCTL stream --format json --duration 2 >"$out/events.json"

python3 - "$out/events.json" <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
ret = [e for e in evs if e.get("source") == "do_sys_openat2"]
exe = [e for e in evs if e.get("source") == "sched:sched_process_exec"]
bad = []
if len(ret) != 5:
    bad.append(f"{len(ret)} kretprobe events, expected 5")
for e in ret:
    lat = e.get("latency-ns")
    rv = e.get("retval")
    if isinstance(rv, str):
        rv = int(rv, 0)
    if rv is not None and rv >= 1 << 63:
        rv -= 1 << 64
    if not isinstance(lat, int) or not 0 < lat < 10**9:
        bad.append(f"implausible latency {lat!r}")
    if rv != -2:
        bad.append(f"retval {e.get('retval')!r}, expected -2 (ENOENT)")
    if e.get("comm") != "kdbgopen":
        bad.append(f"comm {e.get('comm')!r} passed the filter")
comms = {e.get("comm") for e in exe}
if not {"true", "env"} <= comms:
    bad.append(f"exec tracepoint saw comms {sorted(comms)}, expected true and env")
for e in exe:
    st = " ".join(e.get("stack", []))
    if "exec" not in st:
        bad.append(f"exec event without an exec path in its stack: {st[:200]}")
        break
    if not e.get("args"):
        bad.append("exec event without raw arguments")
        break
for b in bad:
    print("FAIL:", b)
print(f"kretprobe events {len(ret)}, exec events {len(exe)}")
sys.exit(1 if bad else 0)
PY
rmmod kdbgmod
trap - EXIT
