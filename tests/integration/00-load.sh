#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The smallest integration test: kdbgmod.ko loads into the guest's kernel,
# creates its debugfs directory, and unloads.
set -euo pipefail

insmod "$KDBG_KO"
test -d /sys/kernel/debug/kdbg || { echo "no /sys/kernel/debug/kdbg after insmod"; exit 1; }
grep -q '^kdbgmod ' /proc/modules
rmmod kdbgmod
test ! -e /sys/kernel/debug/kdbg || { echo "/sys/kernel/debug/kdbg left behind after rmmod"; exit 1; }
