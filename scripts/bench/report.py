#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The last step of kdbg's benchmark (scripts/bench.sh): reads what the
# guest measured (RUN_DIR/results.json, from scripts/bench/guest.py) and
# what the host measured (RUN_DIR/fold.json, from scripts/bench/fold.sh),
# derives the per-hit overheads, ratios and lossless rates, checks the
# goals of the benchmark issue, and writes BENCH.md (the readable tables)
# and bench.json (every raw figure plus the derived ones) at the
# repository's top. A row that did not run is shown with its reason.
#
# Usage: report.py RUN_DIR REPO KDBG_BUILD_STATUS ELAPSED_SECONDS [OUT_DIR]
# (OUT_DIR, default REPO: where BENCH.md and bench.json go; scripts/bench.sh
# gives RUN_DIR for a partial run, BENCH_ROWS or BENCH_SECTIONS, so that it
# never overwrites the full report.)

import json
import os
import platform
import statistics
import sys
import time

run_dir, repo, kdbg_build, elapsed = sys.argv[1:5]
out_dir = sys.argv[5] if len(sys.argv) > 5 else repo


def load(name):
    try:
        with open(os.path.join(run_dir, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


guest = load('results.json') or {}
fold = load('fold.json') or {'status': 'not run',
                             'reason': 'the host fold step left no result'}
vm_status = ''
try:
    with open(os.path.join(run_dir, 'vm-status')) as f:
        vm_status = f.read().strip()
except OSError:
    pass
meta = guest.get('meta', {})
notes = list(guest.get('notes', []))


def host_cpu():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or '?'


def fmt(x, nd=0):
    if x is None:
        return '–'
    if isinstance(x, float) and nd:
        return '%.*f' % (nd, x)
    return '{:,}'.format(int(round(x)))


def ratio(a, b, nd=2):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def fr(x, nd=2):
    return '–' if x is None else '%.*f×' % (nd, x)


# ---------------------------------------------------------------------
# 1. Per-hit overhead

METRIC = 'ns-per-call-median'
over_rows = guest.get('overhead', [])
by_row = {r['row']: r for r in over_rows}


def row_ns(r):
    """A row's ns per call: the fastest of its runs, each run's figure
    being the median of its calls. On a shared host a run is either
    undisturbed or slowed throughout (the guest's vCPU threads wait for a
    host CPU, and its clock runs on meanwhile): contention only ever adds
    time, so the fastest run is the closest to the cost itself."""
    if not r or r.get('status') != 'ok' or not r.get('runs'):
        return None
    return min(x[METRIC] for x in r['runs'])


base_ns = row_ns(by_row.get('baseline'))
overhead = {}
for r in over_rows:
    ns = row_ns(r)
    r['ns-per-call'] = ns
    if r.get('runs'):
        r['ns-per-call-median-of-runs'] = statistics.median(
            x[METRIC] for x in r['runs'])
    if ns is not None and base_ns is not None and r['row'] != 'baseline':
        r['overhead-ns'] = ns - base_ns
        overhead[r['row']] = ns - base_ns


def ov(name):
    return overhead.get(name)


kdbg_cheapest = 'kdbg-count' if ov('kdbg-count') is not None else \
    'kdbg-event'

# ---------------------------------------------------------------------
# 2. Lossless rate


def lossless(row):
    """Highest achieved total rate with no loss, and whether it is only a
    lower bound (no lossy step reached)."""
    best, bound = None, True
    for s in row.get('steps', []):
        clean = s['actual-loss'] == 0 and s.get('reported-loss', 0) == 0
        if clean:
            best = s['achieved-per-sec']
        else:
            bound = False
            break
    return best, bound


rate_rows = guest.get('rate', [])
rates = {}
for r in rate_rows:
    if r.get('status') == 'ok':
        best, bound = lossless(r)
        r['lossless-per-sec'] = best
        r['lossless-is-lower-bound'] = bound
        rates[r['row']] = r

# ---------------------------------------------------------------------
# 3. Stack capture at depth

depth_rows = {r['row']: r for r in guest.get('depth', [])}
frames = guest.get('depth_frames', {})


def depth_ns(name, d):
    r = depth_rows.get(name)
    if not r or r.get('status') != 'ok':
        return None
    return statistics.median(r['ns_per_call'][d])


stack_pairs = [
    ('kdbg', 'kdbg-event-stack', 'kdbg-event'),
    ('floor (unwind from pt_regs)', 'floor-unwind', 'floor-empty'),
    ('bpftrace @[kstack]', 'bpftrace-kstack-count', 'bpftrace-comm-count'),
    ('ftrace stacktrace trigger', 'ftrace-kprobe-stacktrace',
     'ftrace-kprobe'),
]
depths = sorted(frames or {}, key=int) or \
    sorted({d for r in depth_rows.values()
            for d in r.get('ns_per_call', {})}, key=int)
stack_cost = {}
for label, with_stack, without in stack_pairs:
    for d in depths:
        a, b = depth_ns(with_stack, d), depth_ns(without, d)
        if b is None and without == 'bpftrace-comm-count' and \
                ov(without) is not None and depth_ns('none', d) is not None:
            # No bpftrace session without a stack in the depth section:
            # its per-hit cost comes from the overhead section.
            b = depth_ns('none', d) + ov(without)
        if a is not None and b is not None:
            stack_cost.setdefault(label, {})[d] = a - b

# ---------------------------------------------------------------------
# Goals

goals = []


def goal(text, measured, target, ok, detail):
    goals.append({'goal': text, 'measured': measured, 'target': target,
                  'met': ok, 'detail': detail})


def ratio_goal(text, num, den, limit, what):
    a, b = ov(num), ov(den)
    r = ratio(a, b)
    if r is None:
        missing = [n for n in (num, den) if ov(n) is None]
        why = '; '.join('%s: %s' % (n, by_row.get(n, {}).get(
            'reason', 'not measured')) for n in missing)
        goal(text, None, limit, None, 'not measured (%s)' % why)
        return
    ok = r <= limit
    goal(text, round(r, 3), limit, ok,
         '%s %s ns vs %s %s ns per hit: %.2f× (target ≤ %.2f×, %s by %.0f%%)'
         % (num, fmt(a), what, fmt(b), r, limit,
            'met' if ok else 'missed', abs(limit - r) / limit * 100))


ratio_goal('kdbg event with stack ≤ 0.7× bpftrace @[kstack] = count()',
           'kdbg-event-stack', 'bpftrace-kstack-count', 0.7,
           'bpftrace-kstack-count')
ratio_goal('kdbg event with stack ≤ 0.3× ftrace kprobe + stacktrace trigger',
           'kdbg-event-stack', 'ftrace-kprobe-stacktrace', 0.3,
           'ftrace-kprobe-stacktrace')
ratio_goal('kdbg event with stack within 15% of the floor (empty kprobe + '
           'unwind from pt_regs)', 'kdbg-event-stack', 'floor-unwind', 1.15,
           'floor-unwind')
ratio_goal('kdbg cheapest mode (%s) ≤ 0.5× bpftrace @[comm] = count()'
           % kdbg_cheapest, kdbg_cheapest, 'bpftrace-comm-count', 0.5,
           'bpftrace-comm-count')
ratio_goal('kdbg cheapest mode (%s) within 15%% of the empty kprobe'
           % kdbg_cheapest, kdbg_cheapest, 'floor-empty', 1.15,
           'floor-empty')

# In-kernel aggregation (issue 8): kdbg's table against bpftrace's map, and
# counting against the empty kprobe (what any kprobe-based counter pays).
AGG_GOALS = [
    ('kdbg funccount ≤ 0.5× bpftrace @[func] = count()',
     'kdbg-funccount', 'bpftrace-func-count', 0.5),
    ('kdbg funccount within 1.3× the empty kprobe',
     'kdbg-funccount', 'floor-empty', 1.3),
    ('kdbg stackcount ≤ 0.5× bpftrace @[kstack] = count()',
     'kdbg-stackcount', 'bpftrace-kstack-count', 0.5),
]
for text, num, den, limit in AGG_GOALS:
    ratio_goal(text, num, den, limit, den)

# kdbg's rate: its best reader format; its peers: every other tool.
kdbg_rates = [v for v in rates.values() if v['tool'] == 'kdbg']
kr = max(kdbg_rates, key=lambda v: v.get('lossless-per-sec') or 0,
         default=None)
peers = {k: v for k, v in rates.items() if v['tool'] != 'kdbg'}
if kr and kr.get('lossless-per-sec') and peers:
    worst = None
    parts = []
    for name, p in peers.items():
        r = ratio(kr['lossless-per-sec'], p.get('lossless-per-sec'))
        parts.append('%s %s/s (%s)' % (name, fmt(p.get('lossless-per-sec')),
                                      fr(r)))
        if r is not None and (worst is None or r < worst):
            worst = r
    ok = worst is not None and worst >= 2
    goal('kdbg lossless rate ≥ 2× every peer', round(worst, 2)
         if worst else None, 2, ok,
         'kdbg (%s) %s/s%s vs %s' % (kr['desc'],
                                     fmt(kr['lossless-per-sec']),
                                ' (lower bound)' if kr.get(
                                    'lossless-is-lower-bound') else '',
                                ', '.join(parts)))
else:
    goal('kdbg lossless rate ≥ 2× every peer', None, 2, None,
         'not measured (%s)' % next((r.get('reason', r.get('error'))
                                     for r in rate_rows
                                     if r['row'] == 'kdbg'), 'no rate rows'))

ksteps = [s for v in kdbg_rates for s in v.get('steps', [])]
if ksteps:
    steps = ksteps
    unknown = [s for s in steps if s.get('accounting-exact') is None]
    exact = not unknown and all(s.get('accounting-exact') for s in steps)
    match = not unknown and all(
        s['reported-loss'] == s['actual-loss'] - s['kdbg'].get('buffered', 0)
        for s in steps)
    lossy = [s for s in steps if s['actual-loss'] > 0]
    if unknown:
        notes.append('kdbg accounting could not be read at %d rate steps: %s'
                     % (len(unknown), unknown[0].get('kdbg-error')))
    goal('kdbg reported loss equals actual loss exactly', exact and match,
         True, exact and match,
         '%d steps, %d with loss; %s' % (
             len(steps), len(lossy),
             '; '.join('at %s/s per CPU: actual %s, reported %s (+%s '
                       'still buffered)' % (fmt(s['rate-per-cpu']),
                                            fmt(s['actual-loss']),
                                            fmt(s['reported-loss']),
                                            fmt(s.get('kdbg', {}).get(
                                                'buffered')))
                       for s in lossy) or 'no loss occurred, so only the '
             'zero case was checked'))
else:
    goal('kdbg reported loss equals actual loss exactly', None, True, None,
         'not measured')

if fold.get('status') == 'ok' and fold.get('stackcollapse-perf') and \
        fold.get('kdbgctl'):
    k, p = fold['kdbgctl']['cpu-s'], fold['stackcollapse-perf']['cpu-s']
    kw, pw = fold['kdbgctl']['wall-s'], fold['stackcollapse-perf']['wall-s']
    sp = p / max(k, 0.01)
    goal('kdbgctl fold ≥ 20× faster than stackcollapse-perf.pl',
         round(sp, 1), 20, sp >= 20,
         'CPU time on %s MB: kdbgctl %.2f s, Perl %.2f s (%.1f×; wall %.2f '
         'vs %.2f s); same output: %s' % (
             fmt(fold['input-bytes'] / 1048576), k, p, sp, kw, pw,
             fold.get('same-output')))
else:
    goal('kdbgctl fold ≥ 20× faster than stackcollapse-perf.pl', None, 20,
         None, 'not run: %s' % (fold.get('reason') or '; '.join(
             fold.get('notes', [])) or 'stackcollapse-perf.pl not available'))

# ---------------------------------------------------------------------
# BENCH.md

# Sampling profilers (issue 10): kdbgctl profile against perf record -g.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sampling  # noqa: E402
s_lines, s_goals = sampling.render(guest.get('sampling'))
for g in s_goals:
    goal(*g)

L = []
w = L.append
date = meta.get('date') or time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
w('# kdbg benchmarks')
w('')
w('Written by `make bench` (scripts/bench.sh) on %s; %s s in all. '
  'Regenerate it with `make bench`.' % (date, elapsed))
w('')
w('| | |')
w('|---|---|')
w('| Host | %s, %d CPUs, %s |' % (host_cpu(), os.cpu_count(),
                                 platform.platform()))
w('| Guest | qemu TCG (`-cpu max -smp 2`), %s CPUs: %s; clock source %s |'
  % (meta.get('cpus', '?'), meta.get('cpu-model', '?'),
     meta.get('clocksource', '?')))
w('| Guest kernel | %s (Debian stock) |' % meta.get('kernel', 'guest did not run'))
w('| Peers | bpftrace: %s; perf: %s; trace-cmd: %s |' % (
    meta.get('bpftrace', '?'), meta.get('perf', '?'),
    meta.get('trace-cmd', '?')))
w('| kdbg | build: %s; in the guest: %s |' % (kdbg_build,
                                             meta.get('kdbg', '?')))
w('| Guest run | %s s; vm.sh exit and verdict: %s |' % (
    meta.get('guest-seconds', '?'), vm_status or '?'))
host_load = ''
try:
    with open(os.path.join(run_dir, 'host-load')) as f:
        host_load = f.read().strip()
except OSError:
    pass
if host_load:
    w('| Host load average (1 min) | %s (the host is shared: a load above '
      'its CPUs means the guest\'s vCPUs were preempted) |' % host_load)
if meta.get('rows') or meta.get('sections'):
    w('| Partial run | rows %s; sections %s |' % (
        ', '.join(meta.get('rows') or []) or 'all',
        meta.get('sections') or 'all'))
w('')
w('The guest CPU is emulated (TCG), so absolute times mean little: every '
  'figure stands beside its peers\' from the same guest run, as a ratio. '
  'Times are medians of the individual calls\' durations (the workload '
  'and the calibration module time every call): on a busy host the '
  'guest\'s clock runs on while its vCPU is preempted, which inflates '
  'totals but only the few calls it lands in. A row\'s figure in section '
  '1 is its fastest run: on a shared host whole runs are slowed while '
  'the host\'s CPUs are taken by other work, and that only ever adds '
  'time (bench.json also has the median of the runs). The host\'s load '
  'during the run is in the table above: ratios measured with it well '
  'above the host\'s CPUs are noisy (±30% seen between runs).')
w('')
w('## Goals')
w('')
w('| Goal | Measured | Target | Met |')
w('|---|---|---|---|')
for g in goals:
    m = g['measured']
    w('| %s | %s | %s | %s |' % (
        g['goal'], '–' if m is None else m, g['target'],
        {True: '**yes**', False: '**no**', None: 'not run'}[g['met']]))
w('')
for g in goals:
    w('- %s: %s' % (g['goal'], g['detail']))
w('')

w('## 1. Per-hit overhead')
w('')
w('Workload: `kbwork` (scripts/bench/workload.c), one thread per CPU, each '
  'calling `%s()` %s times per run (one byte of /dev/null, which hits '
  '`%s()` once per call), %s runs per row plus one baseline run before '
  'each row. Overhead per hit = row − baseline. The kdbg rows run with '
  '`kdbgctl stream --format json > /dev/null` draining, ftrace with '
  '`cat trace_pipe`, bpftrace with its maps.' % (
      meta.get('syscall', 'read'), fmt(meta.get('count-per-cpu')),
      meta.get('function', 'read_null'), meta.get('reps', '?')))
w('')
fe, fu, ks = ov('floor-empty'), ov('floor-unwind'), ov('kdbg-event-stack')
w('| Row | Tool | What | ns/call | overhead ns/hit | × empty kprobe | '
  '× unwind floor | × kdbg with stack |')
w('|---|---|---|---:|---:|---:|---:|---:|')
for r in over_rows:
    if r.get('status') != 'ok':
        w('| %s | %s | %s | not run: %s | | | | |' % (
            r['row'], r['tool'], r['desc'], r.get('reason', '?')))
        continue
    o = r.get('overhead-ns')
    w('| %s | %s | %s | %s | %s | %s | %s | %s |' % (
        r['row'], r['tool'], r['desc'], fmt(r['ns-per-call']),
        fmt(o) if o is not None else '(base)', fr(ratio(o, fe)),
        fr(ratio(o, fu)), fr(ratio(o, ks))))
w('')
# The aggregation rows side by side: each tool's per-hit overhead, against
# bpftrace's and the floor the kind of count needs.
AGG_TABLE = [
    ('funccount (calls per function)', 'floor-empty', 'empty kprobe',
     [('kdbg', 'kdbg-funccount'), ('bpftrace', 'bpftrace-func-count'),
      ('ftrace', 'ftrace-hist-count')], 'bpftrace-func-count'),
    ('stackcount (calls per kernel stack)', 'floor-unwind', 'unwind floor',
     [('kdbg', 'kdbg-stackcount'), ('bpftrace', 'bpftrace-kstack-count')],
     'bpftrace-kstack-count'),
]
if any(ov(n) is not None for _, _, _, tools, _ in AGG_TABLE
       for _, n in tools):
    w('In-kernel aggregation, per-hit overhead side by side (each tool '
      'counts in the kernel and the table is read once at the end; ratios '
      'below 1 mean cheaper):')
    w('')
    w('| Count | Tool | Row | overhead ns/hit | × bpftrace | × its floor '
      '| floor |')
    w('|---|---|---|---:|---:|---:|---|')
    for what, floor, floor_name, tools, peer in AGG_TABLE:
        for tool, name in tools:
            r = by_row.get(name)
            if r is None:
                continue
            if r.get('status') != 'ok':
                w('| %s | %s | %s | not run: %s | | | |' % (
                    what, tool, name, r.get('reason', '?')))
                continue
            w('| %s | %s | %s | %s | %s | %s | %s (%s ns) |' % (
                what, tool, name, fmt(ov(name)),
                fr(ratio(ov(name), ov(peer))), fr(ratio(ov(name), ov(floor))),
                floor_name, fmt(ov(floor))))
    w('')
    counted = [r for r in over_rows if r.get('status') == 'ok' and
               'counted' in r.get('extra', {})]
    if counted:
        w('What each table held at the end (the row\'s warm-up and runs, '
          'plus the few other callers of the function meanwhile): %s.' %
          '; '.join('%s %s hits in %s entries' % (
              r['row'], fmt(r['extra']['counted']),
              fmt(r['extra'].get('entries'))) for r in counted))
        w('')

odd = [r for r in over_rows if r.get('extra', {}).get('counters', {}).get(
    'dropped')]
for r in odd:
    c = r['extra']['counters']
    w('- %s: the ring dropped %s of %s events during the row (the reader '
      'was starved); the dropped ones skipped the copy.' % (
          r['row'], fmt(c['dropped']), fmt(c.get('written', 0) +
                                           c['dropped'])))
if odd:
    w('')

w('## 2. Lossless event rate')
w('')
w('Paced workload (%s, comm `kbwork`, every CPU), stepping the rate up '
  '2 s per step until the reader loses events, then one step more. Each '
  'tool filters on the comm in the kernel and prints one line per event; '
  'lines are counted and compared with the calls the workload made.'
  % meta.get('function', 'read_null'))
w('')
w('| Tool | Reader | lossless rate, total/s | per CPU/s | × kdbg | '
  'first lossy step: generated | actual loss | reported loss |')
w('|---|---|---:|---:|---:|---:|---:|---:|')
kl = kr.get('lossless-per-sec') if kr else None
for r in rate_rows:
    if r.get('status') != 'ok':
        w('| %s | %s | not run: %s | | | | | |' % (r['row'], r['desc'],
                                                  r.get('reason')))
        continue
    best = r.get('lossless-per-sec')
    lossy = next((s for s in r['steps'] if s['actual-loss'] > 0 or
                  s['reported-loss'] > 0), None)
    w('| %s | %s | %s%s | %s | %s | %s | %s | %s |' % (
        r['row'], r['desc'], '≥ ' if r.get('lossless-is-lower-bound')
        else '', fmt(best), fmt(best / r.get('ncpu', 1) if best else None),
        fr(ratio(best, kl)),
        fmt(lossy['generated']) if lossy else '–',
        fmt(lossy['actual-loss']) if lossy else '–',
        fmt(lossy['reported-loss']) if lossy else '–'))
w('')
w('"≥" marks a tool that lost nothing up to the highest rate the workload '
  'reached with that tool attached. Every step is in bench.json.')
w('')

w('## 3. Stack capture cost')
w('')
w('kbcal.ko calls `kbcal_recurse(DEPTH)` down to `kbcal_leaf()` and times '
  'each call in the kernel; each tool probes `kbcal_leaf()`. Cost of a '
  'captured stack = (tool with stack) − (the same tool without), in ns '
  'per hit (median of per-call times). For bpftrace, "without" is the '
  'no-probe row plus its `@[comm] = count()` overhead from section 1 '
  '(a third bpftrace session costs minutes under TCG).')
w('')
if not depth_rows:
    w('Not run in this run (BENCH_SECTIONS).')
    w('')
else:
    w('| Tool | ' + ' | '.join('%s frames' % frames.get(d, '?')
                               for d in depths) + ' |')
    w('|---|' + '---:|' * len(depths))
    for label, _, _ in stack_pairs:
        c = stack_cost.get(label)
        w('| %s | %s |' % (label, ' | '.join(
            fmt(c.get(d)) if c else 'not run' for d in depths)))
    w('')
    w('Per hit at each depth, ns (probe plus whatever it does):')
    w('')
    w('| Row | ' + ' | '.join('%s frames' % frames.get(d, '?')
                              for d in depths) + ' |')
    w('|---|' + '---:|' * len(depths))
    for name, r in depth_rows.items():
        if r.get('status') != 'ok':
            w('| %s | not run: %s |' % (name, r.get('reason')) +
              ' |' * (len(depths) - 1))
            continue
        w('| %s | %s |' % (name, ' | '.join(fmt(depth_ns(name, d))
                                            for d in depths)))
    w('')

w('## 4. Fold speed (host)')
w('')
if fold.get('status') == 'ok':
    w('Input: %s, repeated to %s MB.' % (fold.get('source'),
                                        fmt(fold['input-bytes'] / 1048576)))
    w('')
    w('| Tool | CPU s | wall s | MB/s (CPU) | peak RSS MB | × kdbgctl |')
    w('|---|---:|---:|---:|---:|---:|')
    mbs = fold['input-bytes'] / 1048576
    for name, key in (('kdbgctl fold', 'kdbgctl'),
                      ('stackcollapse-perf.pl', 'stackcollapse-perf')):
        t = fold.get(key)
        if not t:
            w('| %s | not run: %s | | | | |' % (name, '; '.join(
                fold.get('notes', [])) or 'not available'))
            continue
        w('| %s | %.2f | %.2f | %s | %.1f | %s |' % (
            name, t['cpu-s'], t['wall-s'], fmt(mbs / max(t['cpu-s'], 0.01)),
            t['max-rss-kb'] / 1024, fr(ratio(t['cpu-s'], max(
                fold['kdbgctl']['cpu-s'], 0.01)), 1)))
    w('')
    w('Same output (sorted): %s.' % fold.get('same-output'))
    for n in fold.get('notes', []):
        w('- %s' % n)
    if fold.get('bench-fold-sh'):
        w('')
        w('scripts/bench-fold.sh (its own input and checks):')
        w('')
        w('```')
        w(fold['bench-fold-sh'])
        w('```')
else:
    w('Not run: %s' % fold.get('reason'))
w('')

w('## 5. Memory')
w('')
mem = guest.get('memory', {})
rss = fold.get('rss-1g') if isinstance(fold, dict) else None
w('| What | Figure |')
w('|---|---:|')
if mem.get('idle'):
    w('| kdbgmod loaded, idle (used memory delta, incl. default rings) | '
      '%s KB |' % fmt(mem['idle']['used-kb']))
    w('| ... of which slab + vmalloc + percpu | %s KB |' %
      fmt(mem['idle']['kernel-kb']))
    if mem.get('coresize'):
        w('| module core (text + data) | %s KB |' % fmt(mem['coresize'] /
                                                     1024))
    if mem.get('probes'):
        p = mem['probes']
        w('| %d probes with stack attached: slab + vmalloc + percpu | %s KB '
          '(%.1f KB per probe; used memory delta %s KB) |' % (
              p['n'], fmt(p['delta']['kernel-kb']),
              p['delta']['kernel-kb'] / max(p['n'], 1),
              fmt(p['delta']['used-kb'])))
    if mem.get('ring-per-mb'):
        p = mem['ring-per-mb']
        w('| per MB of ring (%d MB added over all CPUs) | %.2f MB |' % (
            p['mb-added'], p['delta']['used-kb'] / 1024 / p['mb-added']))
else:
    w('| kdbgmod | not run: %s |' % meta.get('kdbg', 'guest did not run'))
if rss:
    w('| kdbgctl fold peak RSS on %s MB of perf script | %.1f MB '
      '(%.1f s wall) |' % (fmt(rss['input-bytes'] / 1048576),
                           rss['run']['max-rss-kb'] / 1024,
                           rss['run']['wall-s']))
else:
    w('| kdbgctl fold peak RSS on 1 GB | not run: %s |' % (
        fold.get('reason') or 'BENCH_FOLD_GB=0'))
w('')
w('Memory figures are /proc/meminfo deltas (MemTotal − MemFree − Buffers − '
  'Cached) in the otherwise idle guest, so a few hundred KB are noise.')
w('')

prof = guest.get('profile', {})
try:
    with open(os.path.join(run_dir, 'profile.txt')) as f:
        top = [ln.rstrip() for ln in f
               if ln.strip() and not ln.startswith('#')]
    prof = dict(prof, status='ok', top=top[:25])
except OSError:
    if prof.get('status') == 'recorded':
        prof = dict(prof, status='not run',
                    reason='perf report on the host failed')
w('## 6. Sampling profilers: slowdown of the profiled work')
w('')
L.extend(s_lines)
w('')
w('## Hot path profile')
w('')
if prof.get('status') == 'ok':
    w('`perf record -g -F 1999 -- kbwork` in the guest (the workload\'s '
      'threads, in which the probe handler runs) while row %s (%s) runs '
      'on every `%s()`; reported on the host; top symbols by self time:'
      % (prof.get('row', 'kdbg-event-stack'),
         prof.get('desc', 'event with kernel stack'),
         meta.get('function', 'read_null')))
    w('')
    w('```')
    L.extend(prof['top'])
    w('```')
else:
    w('Not run: %s' % prof.get('reason', 'not measured'))
w('')

skipped = []
for sec in ('overhead', 'depth', 'rate'):
    for r in guest.get(sec, []):
        if r.get('status') != 'ok':
            skipped.append('%s / %s: %s' % (sec, r['row'], r.get('reason')))
if skipped or notes or not guest:
    w('## Not run, and notes')
    w('')
    if not guest:
        w('- the guest produced no results (vm.sh: %s)' % vm_status)
    for s in skipped + notes:
        w('- %s' % s)
    w('')

with open(os.path.join(out_dir, 'BENCH.md'), 'w') as f:
    f.write('\n'.join(L))

derived = {'baseline-ns': base_ns, 'overhead-ns': overhead,
           'lossless-per-sec': {k: v.get('lossless-per-sec')
                                for k, v in rates.items()},
           'stack-cost-ns': stack_cost, 'depth-frames': frames}
with open(os.path.join(out_dir, 'bench.json'), 'w') as f:
    json.dump({'date': date, 'elapsed-s': float(elapsed),
               'host': {'cpu': host_cpu(), 'cpus': os.cpu_count()},
               'kdbg-build': kdbg_build, 'vm-status': vm_status,
               'goals': goals, 'derived': derived, 'guest': guest,
               'fold': fold}, f, indent=1)
    f.write('\n')
