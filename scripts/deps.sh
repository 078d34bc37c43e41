#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything kdbg's build, tests, demo and benchmarks need, from
# Debian's packages only. Idempotent, and quiet when nothing is missing.
# Also unpacks Debian's stock kernel image into the cache (never into /boot)
# so the VM bench can boot it.
#
# Usage: scripts/deps.sh [--bench]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pkgs=(
	build-essential binutils bc flex bison libelf-dev libssl-dev dwarves kmod cpio
	xz-utils rsync perl python3 linux-headers-amd64 linux-source-6.1
	qemu-system-x86 busybox-static
	libmnl-dev libnl-3-dev libnl-genl-3-dev libcmocka-dev pkg-config sparse
	zlib1g-dev libprotobuf-c-dev protobuf-c-compiler golang-go
	chromium zsh
	debhelper dh-dkms dkms
	linux-perf iproute2
)
if [ "${1:-}" = --bench ]; then
	pkgs+=(bpftrace trace-cmd hyperfine)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>"$KDBG_CACHE/apt.log" 2>&1 || {
		tail -20 "$KDBG_CACHE/apt.log" >&2
		die "apt-get install failed (log: $KDBG_CACHE/apt.log)"
	}
fi

# Debian's stock kernel image, matching the newest installed headers.
ver=$(stock_kver)
img="$KDBG_CACHE/stock/$ver"
if [ ! -f "$img/boot/vmlinuz-$ver" ]; then
	echo "deps: unpacking linux-image-$ver into $img"
	rm -rf "$img.tmp" && mkdir -p "$img.tmp"
	(cd "$img.tmp" && apt-get download -qq -o APT::Sandbox::User=root "linux-image-$ver" >/dev/null &&
		dpkg -x linux-image-"$ver"_*.deb . && rm -f ./*.deb)
	rm -rf "$img" && mv "$img.tmp" "$img"
fi
# modules.dep, so that modprobe works inside the stock guest.
if [ ! -f "$img/lib/modules/$ver/modules.dep" ]; then
	depmod -b "$img" "$ver" || die "depmod failed for $img"
fi
exit 0
