#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the VM bench's initramfs for one kernel (stock or debug) and print
# its path. It holds busybox-static, an /init that mounts the host's root
# read-only over virtio-9p, the repository and the run's output directory
# writable over their own paths, the pseudo filesystems, then chroots into
# the host root and runs scripts/vm-guest.sh there. For the stock kernel it
# also carries the 9p and virtio modules (the debug kernel has them built
# in). The image is cached under $KDBG_CACHE/initramfs, keyed by everything
# that goes into it, so it is rebuilt only when an input changes.
#
# Usage: scripts/initramfs.sh stock|debug
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

kernel=${1:-}
busybox=/bin/busybox
[ -x "$busybox" ] || die "busybox-static is not installed (run scripts/deps.sh)"

# The stock kernel's modules for virtio-pci and 9p, dependencies first.
mods=()
if [ "$kernel" = stock ]; then
	moddir="$(stock_root)/lib/modules/$(stock_kver)"
	[ -d "$moddir/kernel" ] || die "no stock kernel modules in $moddir (run scripts/deps.sh)"
	declare -A seen=()
	add_mod() {
		local name=$1 f dep
		[ -z "${seen[$name]:-}" ] || return 0
		seen[$name]=1
		f=$(find "$moddir/kernel" -name "$name.ko*" -print -quit)
		[ -n "$f" ] || die "module $name not found under $moddir"
		for dep in $(modinfo -F depends "$f" | tr , ' '); do
			add_mod "$dep"
		done
		mods+=("$f")
	}
	for m in virtio_pci 9pnet_virtio 9p; do
		add_mod "$m"
	done
elif [ "$kernel" != debug ]; then
	die "usage: initramfs.sh stock|debug"
fi

init=$(cat <<'INIT'
#!/bin/busybox sh
# The VM bench's /init: see scripts/initramfs.sh.
/bin/busybox --install -s /bin
export PATH=/bin

log() { echo "kdbg-vm: $*"; }
fail() { log "error: $*"; sync; reboot -f; sleep 60; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

for a in $(cat /proc/cmdline); do
	case "$a" in
	kdbg.*=*) k=${a%%=*}; k=${k#kdbg.}; eval "KDBG_ARG_$k=\${a#*=}" ;;
	esac
done
# Paths come percent-encoded (' ' and '%'): see scripts/vm.sh.
dec() { echo "$1" | sed 's/%20/ /g; s/%25/%/g'; }
repo=$(dec "$KDBG_ARG_repo") out=$(dec "$KDBG_ARG_out")
[ -n "$repo" ] && [ -n "$out" ] || fail "kdbg.repo= and kdbg.out= are required"
[ -n "$KDBG_ARG_time" ] && date -s "@$KDBG_ARG_time" >/dev/null

for m in $(cat /modules.list); do
	insmod "/modules/$m" || fail "insmod $m"
done

o=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /host
# The host's root is read-only and does not change under a run: let the
# guest cache it (cache=loose), or every exec and import is a 9p round trip.
mount -t 9p -o "$o,ro,cache=${KDBG_ARG_hostcache:-loose}" hostroot /host ||
	fail "mount hostroot"
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mkdir -p /host/dev/pts /host/dev/shm
# What udev would add: bash's process substitution needs /dev/fd.
ln -s /proc/self/fd /host/dev/fd
ln -s /proc/self/fd/0 /host/dev/stdin
ln -s /proc/self/fd/1 /host/dev/stdout
ln -s /proc/self/fd/2 /host/dev/stderr
mount -t devpts devpts /host/dev/pts
mount -t tmpfs tmpfs /host/dev/shm
mount -t debugfs debugfs /host/sys/kernel/debug
mount -t tracefs tracefs /host/sys/kernel/tracing
for d in /tmp /run /var/tmp /root; do
	mount -t tmpfs tmpfs "/host$d" || fail "mount tmpfs on $d"
done
chmod 1777 /host/tmp /host/var/tmp
# The repository and the output directory after those tmpfs, or a clone
# under /root, /tmp or /var/tmp would be hidden by them; below a tmpfs the
# mount point is made (the host's root is read-only, the tmpfs is not).
for m in "repo:$repo" "out:$out"; do
	tag=${m%%:*} dir=${m#*:}
	[ -d "/host$dir" ] || mkdir -p "/host$dir" || fail "mkdir $dir"
	mount -t 9p -o "$o" "$tag" "/host$dir" || fail "mount $tag on $dir"
done
# The stock kernel's own modules, so that modprobe works in the chroot.
mods="$KDBG_ARG_moddir"
if [ -n "$mods" ] && [ -d "/host$mods" ] && [ -d "/host/lib/modules/$(uname -r)" ]; then
	mount --bind "/host$mods" "/host/lib/modules/$(uname -r)"
fi
ifconfig lo 127.0.0.1 up
hostname kdbg-guest

log "entering the host root (uptime $(cut -d' ' -f1 /proc/uptime)s)"
chroot /host /usr/bin/env -i \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root TERM=dumb LANG=C.UTF-8 TMPDIR=/tmp \
	KDBG_KERNEL="$KDBG_ARG_kernel" KDBG_REPO="$repo" KDBG_OUT="$out" \
	KDBG_KMEMLEAK="$KDBG_ARG_kmemleak" \
	/bin/bash "$repo/scripts/vm-guest.sh"
log "guest done, rc $?"
sync
reboot -f
sleep 60
INIT
)

# Cache key: the busybox binary, /init, this script and the modules.
key=$({
	sha256sum "$busybox" "$0"
	echo "$init"
	for f in "${mods[@]}"; do sha256sum "$f"; done
} | sha256sum | cut -c1-16)
img="$KDBG_CACHE/initramfs/$kernel-$key.cpio.gz"
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi

mkdir -p "$KDBG_CACHE/initramfs"
stage=$(mktemp -d "$KDBG_CACHE/initramfs/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,modules,host}
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
printf '%s\n' "$init" >"$stage/init"
chmod 755 "$stage/init"
: >"$stage/modules.list"
for f in "${mods[@]}"; do
	cp "$f" "$stage/modules/"
	basename "$f" >>"$stage/modules.list"
done
(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) |
	gzip -1 >"$img.tmp"
mv "$img.tmp" "$img"
# Older images of this kernel's initramfs are stale now.
find "$KDBG_CACHE/initramfs" -name "$kernel-*.cpio.gz" ! -path "$img" -delete
echo "$img"
