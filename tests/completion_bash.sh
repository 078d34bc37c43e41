#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion script as bash runs it: sources
# user/completion/kdbgctl.bash, fills COMP_LINE/COMP_POINT as readline
# does and checks COMPREPLY for a few lines (words with ':' and '=' that
# bash splits, file names, lists). Run from the repository's top after
# `make user`; test_completion.c runs it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
PATH=$PWD/user:$PATH
. user/completion/kdbgctl.bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' 'ffffffff81366000 T vfs_read' 'ffffffff81366100 t vfs_readv' \
	'ffffffffc0100000 t ext4_file_open	[ext4]' >"$tmp/kallsyms"
export KDBG_KALLSYMS=$tmp/kallsyms
fails=0

# expect LINE WANT...: COMPREPLY after LINE (cursor at its end), sorted
expect() {
	local line=$1 got want
	shift
	COMP_LINE=$line COMP_POINT=${#line} COMPREPLY=()
	_kdbgctl
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$#" = 0 ] && want=$(printf '\n' | tr '\n' ' ')
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$line': got '$got', want '$want'"
		fails=$((fails + 1))
	fi
}

expect "kdbgctl pro" probe profile
expect "kdbgctl -j st" stackcount stat stats stream
expect "kdbgctl probe " add del help list
expect "kdbgctl probe add vfs_read --h" --hist
expect "kdbgctl probe add vfs_rea" vfs_read vfs_readv
# bash splits "ext4:ext" at ':': the reply is the part after it
expect "kdbgctl probe add ext4:ext" ext4_file_open
expect "kdbgctl probe add --ret vfs_read --hist lin" linear=
expect "kdbgctl probe add vfs_read --key stack,c" stack,comm stack,cpu
expect "kdbgctl ring set mode " drop overwrite
expect "kdbgctl stream --format f" folded
expect "kdbgctl stream --output user/completion/kdbgctl." \
	user/completion/kdbgctl.bash
expect "kdbgctl __comp"
echo "completion_bash: $fails failed"
[ "$fails" = 0 ]
