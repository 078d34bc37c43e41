# SPDX-License-Identifier: GPL-2.0
#
# The sampling section of kdbg's benchmark: what a CPU profiler costs the
# program it profiles, as the slowdown of a fixed amount of work. The work
# is tests/tools/kdbg_hot's "spin N" (hot_a and hot_b, pure user-space CPU
# work), one copy pinned to each CPU; each copy prints the seconds its N
# rounds took and a run's time is the slowest copy's. Rows, each at 99 and
# 999 Hz on every CPU, in the same guest run:
#
#   kdbg-kernel      kdbgctl profile -a --kernel (kernel stacks, in-kernel
#                    aggregation)
#   kdbg-both        kdbgctl profile -a --both (kernel and frame-pointer
#                    user stacks)
#   perf-g           perf record -F HZ -a -g (kernel and fp user stacks,
#                    every sample written to perf.data)
#   bpftrace-kstack  bpftrace 'profile:hz:HZ { @[kstack] = count(); }'
#
# A row's slowdown is its median time over the baseline's median (runs
# with no profiler, interleaved with the rows) minus 1; the spread of the
# baseline's runs is reported beside it, as the noise floor. guest.py
# calls measure() in the guest; report.py calls render() on the host.

import os
import signal
import statistics
import subprocess
import time

FREQS = (99, 999)
BPFTRACE = 'profile:hz:%d { @[kstack] = count(); }'


def _tools(kdbgctl, tmp):
    return [
        ('kdbg-kernel', 'kdbg', 'kdbgctl profile -a --kernel',
         lambda hz: [kdbgctl, 'profile', '-F', str(hz), '-a', '--kernel',
                     '--format', 'folded', '-o', tmp + '/kdbg.folded'],
         'Sampling '),
        ('kdbg-both', 'kdbg', 'kdbgctl profile -a --both',
         lambda hz: [kdbgctl, 'profile', '-F', str(hz), '-a', '--both',
                     '--format', 'folded', '-o', tmp + '/kdbg.folded'],
         'Sampling '),
        ('perf-g', 'perf', 'perf record -F HZ -a -g',
         lambda hz: ['perf', 'record', '-q', '-F', str(hz), '-a', '-g',
                     '-o', tmp + '/sampling.perf.data'],
         None),
        ('bpftrace-kstack', 'bpftrace', "profile:hz:HZ { @[kstack] = count(); }",
         lambda hz: ['bpftrace', '-e', BPFTRACE % hz],
         'Attaching'),
    ]


def _spin(hot, rounds):
    """One run: a copy per CPU, pinned; the slowest copy's seconds."""
    procs = [subprocess.Popen(['taskset', '-c', str(c), hot, 'spin',
                               str(rounds)], stdout=subprocess.PIPE,
                              text=True)
             for c in range(os.cpu_count() or 1)]
    secs = []
    for p in procs:
        out, _ = p.communicate(timeout=600)
        if p.returncode:
            raise RuntimeError('kdbg_hot spin exited %d' % p.returncode)
        secs.append(float(out.strip()))
    return max(secs)


def _start(cmd, ready, log_path):
    """Start a profiler; wait until it says it is sampling (or 3 s)."""
    log = open(log_path, 'w')
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True)
    deadline = time.time() + (120 if ready else 3)
    while time.time() < deadline:
        if p.poll() is not None:
            raise RuntimeError('%s exited %d: %s' % (
                cmd[0], p.returncode, open(log_path).read().strip()[-200:]))
        if ready and ready in open(log_path).read():
            return p, log
        time.sleep(0.2)
    if ready:
        p.kill()
        raise RuntimeError('%s: not ready after 120 s' % cmd[0])
    return p, log


def _stop(p, log):
    p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=300)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    log.close()


def measure(kdbgctl, hot, reps, quick, tmp, log, kdbg_ok, kdbg_reason):
    """The section's results: the baseline and one row per tool and rate."""
    res = {'rows': [], 'baseline': {}, 'reps': reps}
    if not os.access(hot, os.X_OK):
        res['status'] = 'not run'
        res['reason'] = '%s not built (make tests)' % hot
        return res
    # Calibrate: enough rounds for about 3 s (1.5 s quick) per run.
    one = max(_spin(hot, 4) / 4, 1e-4)
    rounds = max(4, int((1.5 if quick else 3.0) / one))
    res['rounds'] = rounds
    base = []
    for name, tool, what, cmd, ready in _tools(kdbgctl, tmp):
        for hz in FREQS:
            row = {'row': '%s-%d' % (name, hz), 'tool': tool, 'hz': hz,
                   'what': what.replace('HZ', str(hz))}
            res['rows'].append(row)
            if tool == 'kdbg' and not kdbg_ok:
                row.update(status='not run', reason=kdbg_reason)
                continue
            if tool != 'kdbg' and not os.path.exists('/usr/bin/' + tool):
                row.update(status='not run', reason=tool + ' not installed')
                continue
            log('sampling: %s' % row['row'])
            times = []
            try:
                for _ in range(reps):
                    base.append(_spin(hot, rounds))
                    p, f = _start(cmd(hz), ready,
                                  tmp + '/sampling-tool.log')
                    try:
                        times.append(_spin(hot, rounds))
                    finally:
                        _stop(p, f)
            except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                row.update(status='not run', reason=str(e))
                continue
            row.update(status='ok', seconds=times)
    if not base:
        res['status'] = 'not run'
        res['reason'] = 'no row ran'
        return res
    b = statistics.median(base)
    res['baseline'] = {'seconds': base, 'median': b,
                       'spread': (max(base) - min(base)) / b}
    for row in res['rows']:
        if row.get('status') == 'ok':
            row['slowdown'] = statistics.median(row['seconds']) / b - 1
    res['status'] = 'ok'
    return res


def _pct(x):
    return '–' if x is None else '%+.2f%%' % (100 * x)


def render(res):
    """BENCH.md lines and goals [(text, measured, target, ok, detail)]."""
    lines, goals = [], []
    if not res or res.get('status') != 'ok':
        lines.append('Not run: %s' % (res or {}).get('reason',
                                                     'not measured'))
        return lines, goals
    bl = res['baseline']
    lines.append('Workload: `kdbg_hot spin %d` (tests/tools/kdbg_hot.c: '
                 'hot_a and hot_b, user-space CPU work), one copy pinned to '
                 'each CPU, the slowest copy\'s time; %d runs per row, each '
                 'after a baseline run with no profiler. Baseline median '
                 '%.3f s, spread %.2f%% (the noise floor). Slowdown = row '
                 'median / baseline median − 1.'
                 % (res['rounds'], res['reps'], bl['median'],
                    100 * bl['spread']))
    lines.append('')
    lines.append('| Row | Tool | What | Hz | median s | slowdown | × perf-g |'
                 ' × bpftrace-kstack |')
    lines.append('|---|---|---|---:|---:|---:|---:|---:|')
    by = {r['row']: r for r in res['rows']}

    def sd(name):
        r = by.get(name)
        return r.get('slowdown') if r else None

    def ratio(a, b):
        if a is None or b is None or b <= 0:
            return None
        return a / b

    for r in res['rows']:
        if r.get('status') != 'ok':
            lines.append('| %s | %s | %s | %d | – | not run: %s | | |'
                         % (r['row'], r['tool'], r['what'], r['hz'],
                            r.get('reason')))
            continue
        rp = ratio(r['slowdown'], sd('perf-g-%d' % r['hz']))
        rb = ratio(r['slowdown'], sd('bpftrace-kstack-%d' % r['hz']))
        lines.append('| %s | %s | %s | %d | %.3f | %s | %s | %s |'
                     % (r['row'], r['tool'], r['what'], r['hz'],
                        statistics.median(r['seconds']),
                        _pct(r['slowdown']),
                        '–' if rp is None else '%.2f×' % rp,
                        '–' if rb is None else '%.2f×' % rb))
    for hz in FREQS:
        k, p = sd('kdbg-both-%d' % hz), sd('perf-g-%d' % hz)
        text = 'kdbg profile --both slowdown ≤ 0.5× perf record -g at %d Hz' % hz
        r = ratio(k, p)
        if r is None:
            goals.append((text, None, 0.5, None,
                          'not measured, or perf\'s slowdown %s is not '
                          'above zero' % _pct(p)))
            continue
        noise = bl['spread']
        detail = ('kdbg-both %s vs perf-g %s: %.2f× (noise floor %.2f%%)'
                  % (_pct(k), _pct(p), r, 100 * noise))
        goals.append((text, round(r, 3), 0.5, r <= 0.5, detail))
    return lines, goals
