# SPDX-License-Identifier: GPL-2.0
#
# Synchronise with a kdbgctl counter reader (netstat, mem, stat -p)
# started in the background: it opens its signalfd once its first
# reading is taken, and then a SIGINT ends it with its last reading. So
# "start; armed $!; workload; kill -INT $!; wait" counts exactly the
# workload, however slowly the guest starts the reader.

# armed PID: wait (up to 30 s) until PID holds a signalfd
armed() {
	local i
	for i in $(seq 600); do
		ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'signalfd' && return 0
		kill -0 "$1" 2>/dev/null || { echo "FAIL: reader $1 exited early"; exit 1; }
		sleep 0.05
	done
	echo "FAIL: reader $1 never armed"
	exit 1
}
