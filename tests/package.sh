#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian package and DKMS, as a user installs them: `make deb` builds
# the package with Debian's tooling; its contents and dependencies are
# checked (dpkg-deb); dpkg unpacks it into a scratch root (--root, with a
# database of its own; the maintainer scripts, which hand the source to
# the machine's own DKMS, are not run there); DKMS itself adds, builds and
# installs kdbgmod from the unpacked /usr/src/kdbg-VERSION for Debian's
# stock kernel (-k, its trees all in the scratch root, a throwaway signing
# key), and a stock guest loads that kdbgmod.ko, attaches a probe with the
# unpacked kdbgctl and counts a known workload exactly; a guest booted with
# lockdown=integrity refuses it (its key is not enrolled). Ends with
# "package: N passed, M failed".
#
# Usage: tests/package.sh
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/scripts/lib.sh"

pass=0 fail=0
work=$repo/build/package
root=$work/root
log=$work/log
rm -rf "$work"
mkdir -p "$root"

ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() {
	echo "FAIL $1"
	[ -s "$log" ] && tail -n 8 "$log" | sed 's/^/    /'
	fail=$((fail + 1))
}
finish() {
	echo "package: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

ver=$(make -s -C "$repo" --no-print-directory -f - print-version <<'MK'
include Makefile
print-version:
	@echo $(KDBG_VERSION)
MK
)
kver=$(stock_kver)
if deb=$(make -s -C "$repo" deb 2>"$log") && [ -f "$deb" ]; then
	ok "make deb: ${deb#"$repo"/}"
else
	ko "make deb"
	finish
fi

# Contents: what a user needs, at Debian's paths.
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
missing=()
for f in usr/sbin/kdbgctl usr/share/man/man8/kdbgctl.8.gz \
	usr/share/bash-completion/completions/kdbgctl \
	usr/share/zsh/vendor-completions/_kdbgctl \
	"usr/src/kdbg-$ver/dkms.conf" "usr/src/kdbg-$ver/Kbuild" \
	"usr/src/kdbg-$ver/include/uapi/linux/kdbg.h" \
	$(cd "$repo" && printf "usr/src/kdbg-$ver/%s " module/*.[ch]); do
	grep -qx "./$f" <<<"$contents" || missing+=("$f")
done
if [ ${#missing[@]} = 0 ] && ! grep -q "usr/src/kdbg-$ver/\(kunit\|user\|tests\)" <<<"$contents"; then
	ok "contents: kdbgctl, man page, completion, the DKMS tree (module only)"
else
	echo "    missing: ${missing[*]:-none}" >"$log"
	ko "contents"
fi
conf=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/kdbg-$ver/dkms.conf")
if grep -qx "PACKAGE_VERSION=\"$ver\"" <<<"$conf" &&
	grep -qx 'AUTOINSTALL="yes"' <<<"$conf" &&
	grep -qx 'BUILT_MODULE_NAME\[0\]="kdbgmod"' <<<"$conf" &&
	dpkg-deb -f "$deb" Depends | grep -q 'dkms' &&
	dpkg-deb -I "$deb" postinst | grep -q 'common.postinst'; then
	ok "dkms.conf (version $ver, AUTOINSTALL), Depends: dkms, postinst hands it to DKMS"
else
	ko "dkms.conf, Depends or postinst"
fi

# Unpacked by dpkg into a root of its own.
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" \
	"$root/var/lib/dkms" "$root/lib/modules/$kver"
touch "$root/var/lib/dpkg/status"
if dpkg --root="$root" --force-depends --unpack "$deb" >"$log" 2>&1 &&
	dpkg --root="$root" -s kdbg 2>>"$log" | grep -qx 'Status: install ok unpacked' &&
	[ "$("$root/usr/sbin/kdbgctl" version 2>>"$log")" = "kdbgctl $ver" ]; then
	ok "dpkg --root unpacks it; its kdbgctl runs"
else
	ko "dpkg --root --unpack"
	finish
fi

# DKMS, with every tree and the signing key in the scratch root.
export mok_signing_key=$work/mok.key mok_certificate=$work/mok.pub
trees=(--sourcetree "$root/usr/src" --dkmstree "$root/var/lib/dkms"
	--installtree "$root/lib/modules")
modko=$root/lib/modules/$kver/updates/dkms/kdbgmod.ko
if dkms add -m kdbg -v "$ver" "${trees[@]}" >"$log" 2>&1 &&
	dkms install -m kdbg -v "$ver" -k "$kver" "${trees[@]}" --no-depmod \
		--kernelsourcedir "$(stock_kdir)" >>"$log" 2>&1 &&
	[ -f "$modko" ] &&
	[ "$(modinfo -F vermagic "$modko" | awk '{ print $1 }')" = "$kver" ]; then
	ok "dkms add + install -k $kver from /usr/src/kdbg-$ver"
else
	ko "dkms install"
	finish
fi

# That module in a stock guest, driven by the unpacked kdbgctl: it counts
# a known number of getppid() calls exactly.
# shellcheck disable=SC2016
guest='set -e
insmod "$1"
"$2" probe add __x64_sys_getppid --count --comm kdbgflood >/dev/null
total=$(tests/tools/kdbg_flood 2000)
n=$("$2" -j stats | python3 -c "import json, sys
c = json.load(sys.stdin)[\"sources\"][0][\"counters\"]
print(c[\"hits\"] - c[\"filtered\"])")
rmmod kdbgmod
echo "guest counted $n of $total"'
if "$repo/scripts/vm.sh" --kernel stock --quiet --out "$work/vm" -- \
	bash -c "$guest" guest "$modko" "$root/usr/sbin/kdbgctl" >"$log" 2>&1 &&
	read -r n total < <(sed -n 's/^guest counted \([0-9]*\) of \([0-9]*\)$/\1 \2/p' "$work/vm/stdout") &&
	[ -n "$n" ] && [ "$n" = "$total" ]; then
	ok "the DKMS-built kdbgmod loads in a stock guest and counts all $n getppid() calls"
else
	cat "$work/vm/stdout" "$work/vm/stderr" >>"$log" 2>/dev/null
	ko "the DKMS-built module in a stock guest"
fi
# Integrity lockdown from boot (as Secure Boot sets it): the kernel loads
# only modules signed by a key it trusts. DKMS signed this one with its
# throwaway key, which no stock kernel trusts until it is enrolled as a MOK
# (README, "Install on your machine"), so the kernel must refuse it.
# shellcheck disable=SC2016
guest='mount -t securityfs securityfs /sys/kernel/security
cat /sys/kernel/security/lockdown
if insmod "$1"; then echo "guest loaded it"; rmmod kdbgmod; fi
dmesg | grep -o "Lockdown: insmod: unsigned module loading is restricted" || true'
signer=$(modinfo -F signer "$modko")
if KDBG_VM_APPEND=lockdown=integrity "$repo/scripts/vm.sh" --kernel stock --quiet \
	--out "$work/vm-lockdown" -- bash -c "$guest" guest "$modko" >"$log" 2>&1 &&
	[ "$signer" = "DKMS module signing key" ] &&
	grep -qF '[integrity]' "$work/vm-lockdown/stdout" &&
	! grep -q 'guest loaded it' "$work/vm-lockdown/stdout" &&
	grep -qx 'Lockdown: insmod: unsigned module loading is restricted' "$work/vm-lockdown/stdout"; then
	ok "lockdown=integrity: the kernel refuses the module signed by DKMS's key (not enrolled)"
else
	cat "$work/vm-lockdown/stdout" "$work/vm-lockdown/stderr" >>"$log" 2>/dev/null
	ko "lockdown=integrity refuses a module signed by an untrusted key (signer '$signer')"
fi
finish

