#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make deb`: the Debian package, built by Debian's own tooling
# (dpkg-buildpackage, debhelper, dh_dkms) in a copy of the tree under
# build/deb/kdbg-VERSION, so the checkout gets no debian/ build products.
# The copy holds the files git knows plus the untracked ones it does not
# ignore (what a clean checkout with your changes would hold); the
# changelog is written here, from kdbgctl's version. Prints the path of the
# .deb.
#
# Usage: scripts/deb.sh VERSION
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

ver=${1:?usage: deb.sh VERSION}
repo=$(repo_root)
out=$repo/build/deb
src=$out/kdbg-$ver
rm -rf "$out"
mkdir -p "$src"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 tar -c --no-recursion --ignore-failed-read -f -) | tar -x -C "$src"

cat >"$src/debian/changelog" <<EOC
kdbg ($ver-1) unstable; urgency=medium

  * Built from $(cd "$repo" && git describe --always --dirty 2>/dev/null || echo "a checkout").

 -- kdbg developers <kdbg@localhost>  $(date -R)
EOC

if ! (cd "$src" && dpkg-buildpackage -b -us -uc) >"$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	die "dpkg-buildpackage failed (log: $out/build.log)"
fi
deb=$(ls "$out"/kdbg_"$ver"-1_*.deb)
echo "$deb"
