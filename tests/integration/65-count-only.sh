#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Count-only sources (probe add --count): a known flood of getppid() calls
# is counted exactly in HITS - FILTERED, and nothing is written to the
# rings, so a stream sees no event of that source.
set -euo pipefail
cd "$(dirname "$0")/../.."

insmod "$KDBG_KO"
trap 'rmmod kdbgmod 2>/dev/null || true' EXIT
$KDBGCTL probe add __x64_sys_getppid --count --comm kdbgflood >/dev/null
$KDBGCTL -j probe list | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
assert s["count-only"] is True, s'
total=$(tests/tools/kdbg_flood 5000)
$KDBGCTL -j stats | python3 -c '
import json, sys
total = int(sys.argv[1])
st = json.load(sys.stdin)
c = st["sources"][0]["counters"]
events = c["hits"] - c["filtered"]
assert events == total, f"counted {events}, flood made {total}"
assert c["written"] == 0 and c["dropped"] == 0, c
assert sum(cpu["ring-records"] for cpu in st["cpus"]) == 0, st["cpus"]
print(f"count-only: {events} of {total} counted, nothing written")
' "$total"
grep -q ' count ' /sys/kernel/debug/kdbg/probes
rmmod kdbgmod
trap - EXIT
