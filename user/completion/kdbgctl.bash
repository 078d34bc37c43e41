# SPDX-License-Identifier: GPL-2.0
#
# bash completion for kdbgctl(8). Install as
# /usr/share/bash-completion/completions/kdbgctl, or source it. Every
# candidate comes from `kdbgctl __complete WORD...`, which reads kdbgctl's
# own command tables and help texts and asks the kernel for live names,
# so this script knows nothing of the grammar.

_kdbgctl() {
	local line cur cand files=0 IFS=$'\n'
	local -a words out

	# Words as kdbgctl sees them: bash's own split breaks at ':' and '='.
	line=${COMP_LINE:0:COMP_POINT}
	IFS=$' \t' read -r -a words <<<"$line"
	[[ $line =~ [[:space:]]$ ]] && words+=("")
	cur=${words[${#words[@]} - 1]}
	IFS=$'\n'
	out=($("${words[0]}" __complete "${words[@]:1}" 2>/dev/null)) || return
	COMPREPLY=()
	for cand in "${out[@]}"; do
		if [[ $cand == :files ]]; then
			files=1
		else
			COMPREPLY+=("$cand")
		fi
	done
	((files)) && COMPREPLY+=($(compgen -f -- "$cur"))
	# bash replaces only the part of the word after its last ':' or '='.
	if [[ $cur == *[:=]* ]]; then
		local head=${cur%"${cur##*[:=]}"} i
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]#"$head"}
		done
	fi
	return 0
}
complete -F _kdbgctl kdbgctl
