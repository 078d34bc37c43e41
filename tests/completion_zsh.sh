#!/usr/bin/env zsh
# SPDX-License-Identifier: GPL-2.0
#
# The zsh completion function user/completion/_kdbgctl, run with the
# completion system's words/CURRENT and stand-ins for compadd and _files
# that print what they were given. Run from the repository's top after
# `make user`; test_completion.c runs it when zsh is installed.
cd "${0:h}/.." || exit 1
path=($PWD/user $path)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
print -l 'ffffffff81366000 T vfs_read' 'ffffffff81366100 t vfs_readv' >$tmp/kallsyms
export KDBG_KALLSYMS=$tmp/kallsyms
fails=0

compadd() { shift ${@[(i)--]}; print -l -- "$@" }
_files() { print -- ":files" }

# expect "WORD..." WANT...: what _kdbgctl adds for those words (the last
# one being completed), sorted
expect() {
	local line=$1 got want
	shift
	words=(kdbgctl ${(z)line})
	[[ $line == *' ' ]] && words+=("")
	CURRENT=${#words}
	got=$(source user/completion/_kdbgctl | sort | tr '\n' ' ')
	want=$(print -l -- "$@" | sort | tr '\n' ' ')
	(( $# )) || want=' '
	if [[ $got != $want ]]; then
		print "FAIL: '$line': got '$got', want '$want'"
		(( fails++ ))
	fi
}

expect "pro" probe profile
expect "probe " add del help list
expect "probe add vfs_rea" vfs_read vfs_readv
expect "ring set mode " drop overwrite
expect "stream --output x" :files
expect "stackcount --format f" folded
print "completion_zsh: $fails failed"
(( fails == 0 ))
