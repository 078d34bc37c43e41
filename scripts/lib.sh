# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for kdbg's scripts: the cache location and how to find the
# kernels we build against and boot. Sourced, never run.

KDBG_CACHE=${KDBG_CACHE:-/var/cache/kdbg}
mkdir -p "$KDBG_CACHE"

die() {
	echo "${0##*/}: error: $*" >&2
	exit 1
}

# The newest Debian kernel version with installed headers, e.g. 6.1.0-57-amd64.
stock_kver() {
	local d v=
	for d in /usr/src/linux-headers-*-amd64; do
		[ -f "$d/Makefile" ] || continue
		v=$(printf '%s\n%s\n' "$v" "${d#/usr/src/linux-headers-}" |
			sort -V | tail -n 1)
	done
	[ -n "$v" ] || die "no linux-headers-*-amd64 installed (run scripts/deps.sh)"
	echo "$v"
}

stock_kdir() {
	echo "/usr/src/linux-headers-$(stock_kver)"
}

# Where the stock kernel image's files were unpacked by deps.sh.
stock_root() {
	echo "$KDBG_CACHE/stock/$(stock_kver)"
}

# The debug kernel tree: keyed by the config fragment and the source version.
debug_key() {
	local src
	src=$(ls /usr/share/doc/linux-source-6.1/changelog.Debian.gz 2>/dev/null)
	{
		cat "$(dirname "${BASH_SOURCE[0]}")/debug.config"
		dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null
		[ -n "$src" ] && echo "$src"
	} | sha256sum | cut -c1-16
}

# KDBG_DEBUG_KDIR overrides it (a tree built elsewhere, or an older key).
debug_kdir() {
	if [ -n "${KDBG_DEBUG_KDIR:-}" ]; then
		echo "$KDBG_DEBUG_KDIR"
		return
	fi
	echo "$KDBG_CACHE/debug-kernel-$(debug_key)/linux"
}

# The repository's top directory (where Kbuild and scripts/ live).
repo_root() {
	(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
}

# The kernel image the VM bench boots: stock or debug.
kernel_image() {
	case "$1" in
	stock) echo "$(stock_root)/boot/vmlinuz-$(stock_kver)" ;;
	debug) echo "$(debug_kdir)/arch/x86/boot/bzImage" ;;
	*) die "unknown kernel '$1' (stock or debug)" ;;
	esac
}

# Seconds since the epoch, with a fraction, for durations.
now() {
	date +%s.%N
}

# Elapsed seconds since $1 (a now() value), one decimal.
since() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}
