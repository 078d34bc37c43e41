#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel (KUnit, KASAN, lockdep, kmemleak, kprobes, ftrace)
# from Debian's linux-source-6.1, once per machine. The tree is cached outside
# the repository under a key derived from debug.config and the source
# version; a finished build leaves a stamp, so later runs return at once.
# Prints the tree's path on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

kdir=$(debug_kdir)
top=$(dirname "$kdir")
if [ -f "$top/built" ]; then
	echo "$kdir"
	exit 0
fi

tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || die "linux-source-6.1 is not installed (run scripts/deps.sh)"

exec 9>"$KDBG_CACHE/debug-kernel.lock"
flock 9
if [ -f "$top/built" ]; then
	echo "$kdir"
	exit 0
fi

echo "debug-kernel: building in $top (once per machine, ~5 min)" >&2
rm -rf "$top" && mkdir -p "$top"
tar -C "$top" -xf "$tarball"
mv "$top"/linux-source-6.1 "$kdir"
log="$top/build.log"
(
	cd "$kdir"
	make tinyconfig
	scripts/kconfig/merge_config.sh -m .config "$here/debug.config"
	make olddefconfig
	for opt in $(grep -o '^CONFIG_[A-Z0-9_]*=y' "$here/debug.config" | cut -d= -f1); do
		grep -q "^$opt=y" .config || echo "debug-kernel: warning: $opt not set" >&2
	done
	make -j"$(nproc)" bzImage modules_prepare
) >"$log" 2>&1 || {
	tail -30 "$log" >&2
	die "debug kernel build failed (log: $log)"
}
grep 'warning: CONFIG' "$log" >&2 || true
touch "$top/built"
echo "$kdir"
