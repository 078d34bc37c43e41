#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build kdbg's modules for one of the VM bench's kernels, in a directory of
# their own (build/stock or build/debug) so the two builds never clobber each
# other or the top-level `make`. Copies Kbuild, module/, kunit/, include/ and
# tests/modules/ there and runs Kbuild with W=1; kdbg_kunit.ko comes along
# when the kernel has CONFIG_KUNIT (the debug kernel). Each test module
# (tests/modules/NAME/, its own Kbuild) is built in its own directory:
# build/KERNEL/tests/modules/NAME/NAME.ko. Prints the output directory; the
# compiler's output is in its build.log.
#
# Usage: scripts/build-module.sh stock|debug
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

kernel=${1:-}
case "$kernel" in
stock) kdir=$(stock_kdir) ;;
debug) kdir=$("$here/debug-kernel.sh") ;;
*) echo "usage: build-module.sh stock|debug" >&2; exit 2 ;;
esac
src=$(repo_root)
dst=$(repo_root)/build/$kernel
mkdir -p "$dst"

exec 8>"$dst/.lock"
flock 8
[ -f "$src/Kbuild" ] || die "no Kbuild in $src"
parts=()
for p in Kbuild module kunit include tests/modules; do
	if [ -e "$src/$p" ]; then
		parts+=("$p")
	else
		rm -rf "${dst:?}/$p"
	fi
done
# Sources are mirrored (deleted ones too); the build products already in
# $dst are excluded from the mirror, so they stay and builds are incremental.
# Changed files get a fresh mtime (no -t, compared by checksum): a source
# that went back to an older version is still newer than its object.
(cd "$src" && rsync -rlp --checksum --delete --relative \
	--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
	--exclude='.*.cmd' --exclude='*.a' --exclude='modules.order' \
	--exclude='*.dwo' "${parts[@]}" "$dst/") ||
	die "cannot copy the module's sources into $dst"

# kbuild's own spelling of $dst, should its path have blanks.
kdst=$("$here/kbuild-path.sh" "$dst")
if ! make -C "$kdir" M="$kdst" W=1 modules >"$dst/build.log" 2>&1; then
	grep -E 'error|Error' "$dst/build.log" | head -n 20 >&2 || tail -n 20 "$dst/build.log" >&2
	die "module build for the $kernel kernel failed (log: $dst/build.log)"
fi
for t in "$kdst"/tests/modules/*/; do
	[ -f "$t/Kbuild" ] || continue
	if ! make -C "$kdir" M="${t%/}" W=1 modules >>"$dst/build.log" 2>&1; then
		grep -E 'error|Error' "$dst/build.log" | head -n 20 >&2 || tail -n 20 "$dst/build.log" >&2
		die "test module $(basename "$t") for the $kernel kernel failed (log: $dst/build.log)"
	fi
done
echo "$dst"
