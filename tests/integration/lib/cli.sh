# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the integration tests that check a command's exit code and
# output, sourced after $tmp (a scratch directory) is set.

fail() { echo "FAIL: $*"; exit 1; }

# run WANT_RC CMD...: run, check the exit code; $out and $err hold the output
run() {
	local want=$1 rc=0
	shift
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
	[ "$rc" = "$want" ] ||
		fail "'$*' exited $rc, expected $want (stdout: $out; stderr: $err)"
}
err_is() { [ "$err" = "$1" ] || fail "stderr was: '$err', expected: '$1'"; }
out_has() { grep -qF -- "$1" <<<"$out" || fail "stdout lacks '$1': $out"; }
