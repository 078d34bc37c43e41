# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the aggregation tests (funccount, funclatency, stackcount):
# run a BCC-style kdbgctl tool on an exact workload of tests/tools/kdbg_calls.
# The order makes the counts exact: kdbg_calls sets itself up and waits;
# the tool attaches with -p on its pid and says "Tracing ..."; only then
# does kdbg_calls get its go signal, make its calls and exit; then the tool
# gets SIGTERM (background jobs of a script ignore SIGINT), prints and
# detaches. Sourced after lib/cli.sh, with $tmp set.

calls=tests/tools/kdbg_calls
# Seconds to wait for a step: TCG, and KASAN on the debug kernel, are slow.
# (Builtins rather than cat and seq where it is easy: a fork there costs.)
agg_wait=${KDBG_AGG_WAIT:-120}

# wait_for FILE REGEX WHAT PID: until FILE's first line matches REGEX
# (bash's =~; read, not grep: no process per poll); fails at once if PID
# ended first.
wait_for() {
	local i line alive
	for ((i = 0; i < agg_wait * 5; i++)); do
		alive=1 line=
		kill -0 "$4" 2>/dev/null || alive=
		{ [ -s "$1" ] && read -r line <"$1"; } || true
		[[ $line =~ $2 ]] && return 0
		[ -n "$alive" ] || fail "no $3: it ended: $(<"$1")"
		sleep 0.2
	done
	fail "no $3 after ${agg_wait}s: $(<"$1")"
}

# calls_start MODE ARGS...: start kdbg_calls, wait until it waits for the
# go signal; $calls_pid is its pid, $tmp/calls.out its output.
calls_start() {
	local line
	$calls "$@" >"$tmp/calls.out" 2>"$tmp/calls.err" &
	calls_pid=$!
	wait_for "$tmp/calls.out" '^[0-9]+$' "pid from kdbg_calls $*" "$calls_pid"
	read -r line <"$tmp/calls.out"
	[ "$line" = "$calls_pid" ] ||
		fail "kdbg_calls printed pid $line, started as $calls_pid"
}

# tool_start KDBGCTL-ARGS...: start a tool (its -p is the caller's to
# give), wait until it has attached; $tool_pid, $tmp/tool.out, .err.
tool_start() {
	$KDBGCTL "$@" >"$tmp/tool.out" 2>"$tmp/tool.err" &
	tool_pid=$!
	tool_args="$*"
	wait_for "$tmp/tool.err" '^Tracing [0-9]+ functions for ' \
		"'Tracing' line from kdbgctl $*" "$tool_pid"
}

# calls_go: the go signal; kdbg_calls must make its calls and exit 0.
calls_go() {
	local rc=0
	kill -USR1 "$calls_pid"
	wait "$calls_pid" || rc=$?
	[ "$rc" = 0 ] || fail "kdbg_calls exited $rc: $(cat "$tmp/calls.err")"
}

# tool_stop: SIGTERM ends the tool, which must print and exit 0; $out is
# its output, $err its standard error.
tool_stop() {
	local rc=0
	kill -TERM "$tool_pid"
	wait "$tool_pid" || rc=$?
	out=$(<"$tmp/tool.out")
	err=$(<"$tmp/tool.err")
	[ "$rc" = 0 ] ||
		fail "'kdbgctl $tool_args' exited $rc (stdout: $out; stderr: $err)"
	grep -qx 'Detaching...' <<<"$err" ||
		fail "'kdbgctl $tool_args' did not say it detached: $err"
}

# traced TOOL-ARGS... -- CALLS-ARGS...: one whole session; the argument
# @PID of the tool's is replaced by kdbg_calls' pid (for -p).
traced() {
	local targs=()
	while [ "$1" != -- ]; do
		targs+=("$1")
		shift
	done
	shift
	calls_start "$@"
	tool_start "${targs[@]/#@PID/$calls_pid}"
	calls_go
	tool_stop
}

# no_stray_kprobes REGEX: no kprobe on a symbol matching REGEX is left in
# the kprobe layer (the tools detach at the end, rmmod the rest).
kprobes_list=/sys/kernel/debug/kprobes/list
no_stray_kprobes() {
	local n
	n=$(grep -c "$1" "$kprobes_list" || true)
	[ "$n" = 0 ] || fail "$n kprobes left in $kprobes_list: $(grep "$1" "$kprobes_list")"
}
