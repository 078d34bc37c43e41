#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM bench from checkouts where users clone: under /root (root's home),
# /tmp and /var/tmp, which the guest's init covers with a tmpfs of its own,
# and under a path with blanks (the kernel command line and kbuild's M=
# need it encoded or aliased).
# Each is a clone of this repository's HEAD with this checkout's built
# kdbgctl and stock kdbgmod.ko copied in (the guest is what is tested, not
# the build); one stock guest per path loads the module there, attaches a
# probe and lists it. Ends with "paths: N passed, M failed".
#
# Usage: tests/paths.sh
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"

pass=0 fail=0
ko=$("$repo/scripts/build-module.sh" stock)/kdbgmod.ko || ko=
if [ ! -f "$ko" ] || [ ! -x "$repo/user/kdbgctl" ]; then
	echo "paths: FAIL no built kdbgctl or stock kdbgmod.ko"
	echo "paths: 0 passed, 1 failed"
	exit 1
fi

# The guest's part: what broke when a tmpfs hid the checkout.
# shellcheck disable=SC2016
guest='set -e
test -f "$KDBG_REPO/README.md"
insmod "$KDBG_KO"
"$KDBGCTL" probe add vfs_read >/dev/null
"$KDBGCTL" probe list | grep -q "kprobe vfs_read"
rmmod kdbgmod
echo "guest ok in $KDBG_REPO"'

for parent in /root /tmp /var/tmp "/var/tmp/kdbg paths with blanks"; do
	mkdir -p "$parent"
	clone=$(mktemp -d "$parent/kdbg-paths.XXXXXX")
	log=$repo/build/check/paths-${parent//[\/ ]/_}.log
	mkdir -p "$(dirname "$log")"
	if git clone -q --no-hardlinks "$repo" "$clone/kdbg" >"$log" 2>&1 &&
		mkdir -p "$clone/kdbg/build/stock" &&
		cp "$repo/user/kdbgctl" "$clone/kdbg/user/" &&
		cp "$ko" "$clone/kdbg/build/stock/" &&
		"$clone/kdbg/scripts/vm.sh" --kernel stock --quiet \
			--out "$clone/kdbg/build/vm/paths" -- bash -c "$guest" >>"$log" 2>&1 &&
		grep -q "guest ok in $clone/kdbg" "$clone/kdbg/build/vm/paths/stdout"; then
		echo "PASS checkout under $parent"
		pass=$((pass + 1))
	else
		echo "FAIL checkout under $parent (log: $log)"
		tail -n 5 "$log" | sed 's/^/    /'
		cat "$clone/kdbg/build/vm/paths/stderr" 2>/dev/null | tail -n 5 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	rm -rf "$clone"
	[ "$parent" = "/var/tmp/kdbg paths with blanks" ] && rmdir "$parent"
done
echo "paths: $pass passed, $fail failed"
[ "$fail" = 0 ]
