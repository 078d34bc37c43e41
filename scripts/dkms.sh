#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make dkms`, after `make install` put the source in /usr/src/kdbg-VERSION:
# registers it with DKMS (replacing an older registration of the same
# version) and builds and installs kdbgmod.ko for every kernel in
# /lib/modules that has its headers (build/). DKMS rebuilds it by itself
# for kernels installed later (AUTOINSTALL in dkms.conf). Needs root and
# Debian's dkms package.
#
# Usage: scripts/dkms.sh VERSION
set -euo pipefail

ver=${1:?usage: dkms.sh VERSION}
command -v dkms >/dev/null || {
	echo "dkms: error: no dkms (apt-get install dkms)" >&2
	exit 1
}
[ -f "/usr/src/kdbg-$ver/dkms.conf" ] || {
	echo "dkms: error: no /usr/src/kdbg-$ver/dkms.conf (run make install)" >&2
	exit 1
}
if dkms status -m kdbg -v "$ver" | grep -q .; then
	dkms remove -m kdbg -v "$ver" --all
fi
dkms add -m kdbg -v "$ver"
built=0
for d in /lib/modules/*/; do
	k=$(basename "$d")
	if [ ! -e "$d/build/Makefile" ]; then
		echo "dkms: skipping $k: no headers (install linux-headers-$k)"
		continue
	fi
	dkms install -m kdbg -v "$ver" -k "$k"
	built=$((built + 1))
done
echo "dkms: kdbgmod $ver installed for $built kernel(s); modprobe kdbgmod loads it"
