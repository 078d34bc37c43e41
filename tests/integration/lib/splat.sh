# SPDX-License-Identifier: GPL-2.0
#
# For tests that make the kernel splat on purpose: declare which kinds of
# splat are expected from now on (kasan, oops, gpf, warning, lockdep), so
# that scripts/vm.sh excuses those, and only those, during this test; and
# declare the end of it. A kernel panic is never excused.

expect_splat() {
	echo "kdbg-vm: expect splat: $*" >/dev/kmsg
}

expect_no_splat() {
	echo "kdbg-vm: expect splat: none" >/dev/kmsg
}
