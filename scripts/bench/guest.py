#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of kdbg's benchmark (scripts/bench.sh boots Debian's stock
# kernel and runs this as root in the VM bench's guest). It measures, in one
# guest run, kdbg beside its peers on the same work:
#
#   overhead  ns per call of the workload (build/bench/kbwork: read() of one
#             byte of /dev/null, which hits read_null() once per call, on
#             every CPU) with no probe, the calibration floors (kbcal.ko:
#             empty kprobe, kprobe that only unwinds from pt_regs), kdbg's
#             modes and in-kernel aggregations (funccount, stackcount),
#             ftrace kprobe events (+ stacktrace or hist trigger), bpftrace
#             and perf;
#   depth     ns per captured kernel stack at several stack depths, through
#             kbcal's recursion driver and a probe on kbcal_leaf();
#   rate      the highest paced event rate each tool delivers to its reader
#             with zero loss, and past it, reported versus actual loss;
#   memory    kdbgmod's memory at idle, with N probes and per MB of ring;
#   profile   where the time goes in kdbg's hot path (perf record in the
#             guest; the host reports it);
#   sampling  a CPU profiler's cost to the program it profiles: kdbgctl
#             profile against perf record -g and bpftrace's profile:hz
#             at 99 and 999 Hz, as slowdown (scripts/bench/sampling.py).
#
# Every row is either measured or recorded as "not run" with the reason.
# Results go to OUT/results.json, rewritten after every row so that a run
# cut short still leaves what it measured; scripts/bench/report.py turns
# them into BENCH.md and bench.json on the host.
#
# Usage: guest.py OUT_DIR   (environment: KDBG_KO, KDBGCTL, BENCH_COUNT,
#                            BENCH_REPS, BENCH_QUICK, BENCH_SECTIONS,
#                            BENCH_ROWS)
#
# BENCH_ROWS: shell patterns (fnmatch) separated by commas or spaces; the
# overhead and depth sections then run only the rows they match (and the
# no-probe baseline, always): e.g. BENCH_ROWS='floor-*,*funccount*'.

import fnmatch
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BB = os.path.join(REPO, 'build', 'bench')
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(BB, 'run'))
KO = os.environ.get('KDBG_KO', os.path.join(REPO, 'build/stock/kdbgmod.ko'))
KDBGCTL = os.environ.get('KDBGCTL', os.path.join(REPO, 'user/kdbgctl'))
KBWORK = os.path.join(BB, 'kbwork')
KBCAL = os.path.join(BB, 'calib', 'kbcal.ko')
QUICK = os.environ.get('BENCH_QUICK') == '1'
COUNT = int(os.environ.get('BENCH_COUNT', '10000' if QUICK else '20000'))
REPS = int(os.environ.get('BENCH_REPS', '3' if QUICK else '7'))
FUNC = 'read_null'          # hit once per read() of /dev/null
SYSCALL = 'read'
COMM = 'kbwork'
TRACING = '/sys/kernel/tracing'
KBCAL_DIR = '/sys/kernel/debug/kbcal'
TMP = '/tmp/kbench'         # guest tmpfs: tracer output, never on 9p
DEPTHS = [1, 16, 48]
DEPTH_CALLS = 3000 if QUICK else 5000
DEPTH_REPS = 3
RATES = [2000, 5000, 10000, 20000, 50000, 100000, 200000, 400000]
RATE_SECS = 2.0
NPROBES = 8
ROWS = [r for r in re.split(r'[\s,]+', os.environ.get('BENCH_ROWS', '')) if r]


def row_wanted(name):
    """Whether BENCH_ROWS selects the row @name (all rows without it)."""
    return not ROWS or any(fnmatch.fnmatchcase(name, p) for p in ROWS)

# The guest's time budget (vm.sh's timeout leaves room for boot and exit):
# rows that need a slow tool start only when their usual time is left.
BUDGET = float(os.environ.get('BENCH_BUDGET', '1380'))
T_START = time.time()
NEEDS = {'bpftrace': 240, 'perf': 300, 'profile': 250, 'sampling': 400}
HOT = os.path.join(REPO, 'tests', 'tools', 'kdbg_hot')


def budget_check(what):
    left = BUDGET - (time.time() - T_START)
    need = NEEDS.get(what, 0)
    if left < need:
        raise Skip('time budget: %.0f s of the guest\'s %.0f s left, %s '
                   'needs about %d s under TCG on this host'
                   % (left, BUDGET, what, need))


results = {'meta': {}, 'overhead': [], 'depth': [], 'rate': [],
           'memory': {}, 'profile': {}, 'sampling': {}, 'notes': []}


def save():
    tmp = os.path.join(OUT, 'results.json.tmp')
    with open(tmp, 'w') as f:
        json.dump(results, f, indent=1)
    os.replace(tmp, os.path.join(OUT, 'results.json'))


def log(msg):
    print('bench: %s' % msg, flush=True)
    try:
        with open('/dev/kmsg', 'w') as k:
            k.write('kbench: %s\n' % msg)
    except OSError:
        pass


class Skip(Exception):
    """A row that cannot run; the message is the reason."""


def run(cmd, check=True, timeout=300, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout, **kw)
    if check and p.returncode != 0:
        first = (p.stderr.strip() or p.stdout.strip()).splitlines()
        raise Skip('%s failed (exit %d): %s' %
                   (' '.join(cmd[:4]), p.returncode,
                    first[-1] if first else 'no output'))
    return p


def wfile(path, text, append=False):
    # os.open: tracefs files refuse the seek to the end that Python's
    # append mode does.
    flags = os.O_WRONLY | (os.O_APPEND if append else os.O_TRUNC)
    try:
        fd = os.open(path, flags)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)
    except OSError as e:
        raise Skip('write %r to %s: %s' % (text.strip(), path,
                                           e.strerror)) from e


def rfile(path):
    with open(path) as f:
        return f.read()


def work(count=None, rate=None, secs=None, syscall=SYSCALL):
    cmd = [KBWORK, '-s', syscall]
    if count:
        cmd += ['-n', str(count)]
    else:
        cmd += ['-r', str(rate), '-d', str(secs)]
    p = run(cmd, timeout=600)
    return json.loads(p.stdout)


def recurse(depth, calls):
    """Median ns of one kbcal_recurse(depth) call (and the mean)."""
    wfile(KBCAL_DIR + '/recurse', '%d %d\n' % (depth, calls))
    d, c, total, median = rfile(KBCAL_DIR + '/recurse').split()
    return {'median': int(median), 'mean': round(int(total) / int(c), 1)}


def count_lines(path):
    try:
        with open(path, 'rb') as f:
            return sum(chunk.count(b'\n')
                       for chunk in iter(lambda: f.read(1 << 20), b''))
    except FileNotFoundError:
        return 0


class Bg:
    """A background reader whose stdout goes to a file in the guest's tmpfs."""

    def __init__(self, name, cmd, ready=None, ready_timeout=90, settle=1.0):
        t0 = time.time()
        self.out = os.path.join(TMP, name + '.out')
        self.err = os.path.join(TMP, name + '.err')
        self.p = subprocess.Popen(cmd, stdout=open(self.out, 'w'),
                                  stderr=open(self.err, 'w'),
                                  start_new_session=True)
        deadline = time.time() + ready_timeout
        while ready:
            if self.p.poll() is not None:
                raise Skip('%s exited at start: %s' % (cmd[0], self.tail()))
            if ready in rfile(self.out) or ready in rfile(self.err):
                break
            if time.time() > deadline:
                self.stop()
                raise Skip('%s not ready after %ds' % (cmd[0],
                                                       ready_timeout))
            time.sleep(0.2)
        self.start_s = round(time.time() - t0, 1)
        time.sleep(settle)
        if self.p.poll() is not None:
            raise Skip('%s exited at start: %s' % (cmd[0], self.tail()))

    def tail(self):
        try:
            lines = (rfile(self.err) + rfile(self.out)).strip().splitlines()
        except OSError:
            lines = []
        return lines[-1] if lines else 'no output'

    def lines(self):
        return count_lines(self.out)

    def new_text(self):
        """What the reader wrote since the previous call."""
        pos = getattr(self, 'pos', 0)
        with open(self.out, 'rb') as f:
            f.seek(pos)
            data = f.read()
        # Only whole lines: a partial last line waits for the next call.
        cut = data.rfind(b'\n') + 1
        self.pos = pos + cut
        return data[:cut].decode(errors='replace')

    def drain(self, quiet=1.0, limit=20.0):
        """Wait until the output stops growing for @quiet seconds."""
        end = time.time() + limit
        last, since = -1, time.time()
        while time.time() < end:
            n = os.path.getsize(self.out)
            if n != last:
                last, since = n, time.time()
            elif time.time() - since >= quiet:
                break
            time.sleep(0.2)

    def stop(self, sig=signal.SIGINT, timeout=60):
        t0 = time.time()
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait()
        self.stop_s = round(time.time() - t0, 1)
        return self.p.returncode


# ---------------------------------------------------------------------
# The tools, each as a mode: setup() attaches it to a function, stop()
# detaches it and returns what it reported.

class Mode:
    tool = ''
    desc = ''

    def setup(self, func):
        pass

    def stop(self):
        return {}


class NoProbe(Mode):
    tool = 'none'
    desc = 'no probe'


class Kbcal(Mode):
    tool = 'floor'

    def __init__(self, kind):
        self.kind = kind
        self.desc = {'empty': 'kprobe, empty handler',
                     'unwind': 'kprobe, handler only unwinds from pt_regs'
                     }[kind]

    def setup(self, func):
        if not os.path.exists(KBCAL_DIR):
            raise Skip('kbcal.ko is not loaded')
        wfile(KBCAL_DIR + '/probe', '%s %s\n' % (self.kind, func))

    def stop(self):
        st = rfile(KBCAL_DIR + '/probe').split()
        wfile(KBCAL_DIR + '/probe', 'off\n')
        return {'hits': int(st[2]), 'frames': int(st[3])}


kdbg_state = {'ok': False, 'reason': 'not tried'}


KDBG_BENCH_RING = '32m'


def ring_set(size):
    """Set kdbg's ring size per CPU (None: back to the module's)."""
    if not kdbg_state['ok']:
        return
    if size is None:
        size = str(results['memory'].get('ring', {}).get('size', 1 << 20))
    p = run([KDBGCTL, 'ring', 'set', 'size', size], check=False)
    if p.returncode:
        results['notes'].append('kdbgctl ring set size %s: %s'
                                % (size, p.stderr.strip()))


def wait_probe(func, timeout):
    """Wait until some kprobe sits on @func: every tool here uses one, and
    some (bpftrace, perf) attach a while after they start."""
    lst = '/sys/kernel/debug/kprobes/list'
    pat = re.compile(r'\s%s\+0x0\s' % re.escape(func))
    end = time.time() + timeout
    while time.time() < end:
        try:
            if pat.search(rfile(lst)):
                return
        except OSError:
            return          # no list to look at: trust the tool
        time.sleep(0.5)
    raise Skip('no kprobe on %s %ds after the tool started' % (func,
                                                               timeout))


def kdbg_stats():
    p = run([KDBGCTL, '-j', 'stats'])
    return json.loads(p.stdout)


class Kdbg(Mode):
    tool = 'kdbg'

    def __init__(self, flags, desc, fmt='json', comm=None, drain=15):
        self.flags, self.desc, self.fmt, self.comm = flags, desc, fmt, comm
        self.drain = drain
        self.reader = None

    def setup(self, func):
        if not kdbg_state['ok']:
            raise Skip(kdbg_state['reason'])
        cmd = [KDBGCTL, '-j', 'probe', 'add', func] + self.flags
        if self.comm:
            cmd += ['--comm', self.comm]
        p = run(cmd)
        self.id = json.loads(p.stdout)['id']
        try:
            self.reader = Bg('kdbg-stream', [KDBGCTL, 'stream', '--format',
                                             self.fmt], settle=1.0)
        except Skip:
            run([KDBGCTL, 'probe', 'del', str(self.id)], check=False)
            raise

    def counters(self):
        st = kdbg_stats()
        src = [s for s in st.get('sources', []) if s.get('id') == self.id]
        c = dict(src[0]['counters']) if src else {}
        c['buffered'] = sum(cpu.get('ring-records', 0)
                            for cpu in st.get('cpus', []))
        return c

    def stop(self):
        extra = {}
        if self.reader:
            self.reader.drain(quiet=1.0, limit=self.drain)
            try:
                extra['counters'] = self.counters()
            except Skip as e:
                extra['counters-error'] = str(e)
            self.reader.stop()
            extra['reader-lines'] = self.reader.lines()
        run([KDBGCTL, 'probe', 'del', str(self.id)], check=False)
        return extra


def ftrace_stats():
    over = dropped = 0
    cpus = os.path.join(TRACING, 'per_cpu')
    for c in os.listdir(cpus):
        for line in rfile(os.path.join(cpus, c, 'stats')).splitlines():
            k, _, v = line.partition(':')
            if k.strip() == 'overrun':
                over += int(v)
            elif k.strip() == 'dropped events':
                dropped += int(v)
    return over, dropped


class Ftrace(Mode):
    tool = 'ftrace'

    def __init__(self, stack, comm=None):
        self.stack, self.comm = stack, comm
        self.desc = ('kprobe_events probe + stacktrace trigger' if stack
                     else 'kprobe_events probe')
        self.reader = None

    def setup(self, func):
        if not os.path.exists(TRACING + '/kprobe_events'):
            raise Skip('no %s/kprobe_events' % TRACING)
        self.ev = os.path.join(TRACING, 'events/kbench/kb_' + func)
        wfile(TRACING + '/tracing_on', '0\n')
        wfile(TRACING + '/trace', '\n')
        wfile(TRACING + '/kprobe_events', 'p:kbench/kb_%s %s\n' %
              (func, func), append=True)
        if self.comm:
            wfile(self.ev + '/filter', 'comm == "%s"\n' % self.comm)
        if self.stack:
            wfile(self.ev + '/trigger', 'stacktrace\n')
        wfile(self.ev + '/enable', '1\n')
        wfile(TRACING + '/tracing_on', '1\n')
        self.reader = Bg('ftrace-pipe', ['cat', TRACING + '/trace_pipe'],
                         settle=0.5)

    def stop(self):
        extra = {}
        if self.reader:
            self.reader.drain(quiet=1.0, limit=15)
            self.reader.stop(signal.SIGTERM)
        over, dropped = ftrace_stats()
        extra.update(overrun=over, dropped=dropped)
        wfile(self.ev + '/enable', '0\n')
        if self.stack:
            wfile(self.ev + '/trigger', '!stacktrace\n')
        wfile(TRACING + '/kprobe_events', '-:kbench/' +
              os.path.basename(self.ev) + '\n', append=True)
        wfile(TRACING + '/trace', '\n')
        return extra


class Bpftrace(Mode):
    tool = 'bpftrace'

    def __init__(self, prog, desc):
        self.prog, self.desc = prog, desc
        self.reader = None

    def setup(self, func):
        if not os.path.exists('/usr/bin/bpftrace'):
            raise Skip('bpftrace is not installed (scripts/deps.sh --bench)')
        self.reader = Bg('bpftrace', ['bpftrace', '-B', 'line', '-e',
                                      self.prog.replace('F', func)],
                         ready='Attaching', ready_timeout=120, settle=1.5)

    def stop(self):
        # Its maps are not needed; it sometimes ignores SIGINT for minutes.
        self.reader.stop(signal.SIGINT, timeout=20)
        text = rfile(self.reader.out) + rfile(self.reader.err)
        lost = sum(int(n) for n in re.findall(r'Lost (\d+) events', text))
        return {'lost': lost, 'start-s': self.reader.start_s,
                'stop-s': self.reader.stop_s}


class KdbgTool(Mode):
    """One of kdbgctl's BCC-style tools (funccount, stackcount): the probe
    aggregates in the kernel and the tool reads the table when it ends
    (SIGINT, as Ctrl-C), so no record is written per hit and no stream
    reader runs."""
    tool = 'kdbg'

    def __init__(self, cmd, desc):
        self.cmd, self.desc = cmd, desc
        self.reader = None

    def setup(self, func):
        if not kdbg_state['ok']:
            raise Skip(kdbg_state['reason'])
        self.reader = Bg('kdbg-' + self.cmd, [KDBGCTL, '-j', self.cmd, func],
                         ready='Tracing', ready_timeout=60, settle=0.5)

    def stop(self):
        if not self.reader:
            return {}
        self.reader.stop(signal.SIGINT, timeout=30)
        extra = {'exit': self.reader.p.returncode}
        out = rfile(self.reader.out).strip().splitlines()
        try:
            table = json.loads(out[-1])
        except (IndexError, ValueError):
            extra['error'] = 'no JSON table: %s' % self.reader.tail()
            return extra
        # The table's total: every hit of the row's runs (and its warm-up)
        # must be in it.
        rows = table.get('functions', table.get('stacks', []))
        extra['counted'] = sum(r.get('count', 0) for r in rows)
        extra['entries'] = len(rows)
        return extra


class FtraceHist(Mode):
    """A kprobe_events probe with a hist trigger and nothing else: the
    trigger alone enables the event (in soft-disabled mode), so records are
    built for the trigger and discarded, never left in the ring."""
    tool = 'ftrace'

    def __init__(self, keys):
        self.trigger = 'hist:keys=%s' % keys
        self.desc = 'kprobe_events probe + %s trigger' % self.trigger
        self.ev = None

    def setup(self, func):
        if not os.path.exists(TRACING + '/kprobe_events'):
            raise Skip('no %s/kprobe_events' % TRACING)
        ev = os.path.join(TRACING, 'events/kbench/kb_' + func)
        wfile(TRACING + '/kprobe_events', 'p:kbench/kb_%s %s\n' %
              (func, func), append=True)
        self.ev = ev
        wfile(ev + '/trigger', self.trigger + '\n')
        # The trigger sees only what the ring accepts: tracing must be on.
        wfile(TRACING + '/tracing_on', '1\n')

    def stop(self):
        if not self.ev:
            return {}
        extra = {}
        try:
            hist = rfile(self.ev + '/hist')
            m = re.search(r'^\s*Hits:\s*(\d+)', hist, re.M)
            extra['counted'] = int(m.group(1)) if m else None
            extra['entries'] = len(re.findall(r'^\{', hist, re.M))
        except OSError as e:
            extra['error'] = str(e)
        wfile(self.ev + '/trigger', '!' + self.trigger + '\n')
        wfile(TRACING + '/kprobe_events', '-:kbench/' +
              os.path.basename(self.ev) + '\n', append=True)
        return extra


class Perf(Mode):
    """perf record of a kprobe event. The event is defined through
    kprobe_events, which is all `perf probe -a F` does: perf probe itself
    spends minutes hunting for debuginfo under TCG."""
    tool = 'perf'
    desc = 'kprobe event (as perf probe makes it) + perf record -e probe:F -g'

    def setup(self, func):
        if not os.path.exists('/usr/bin/perf'):
            raise Skip('perf is not installed (scripts/deps.sh --bench)')
        self.func = func
        wfile(TRACING + '/kprobe_events', 'p:probe/%s %s\n' % (func, func),
              append=True)
        self.data = os.path.join(TMP, 'perf-probe.data')
        try:
            self.reader = Bg('perf-record', ['perf', 'record', '-q', '-a',
                                             '-g', '-B', '-N', '-e',
                                             'probe:' + func, '-o',
                                             self.data], settle=2.0)
            # perf writes its first samples only after synthesizing every
            # task and map it sees, which takes minutes under TCG: poke
            # the function until samples land in its file.
            end = time.time() + NEEDS['perf'] - 60
            while not os.path.exists(self.data) or \
                    os.path.getsize(self.data) == 0:
                if time.time() > end or self.reader.p.poll() is not None:
                    self.reader.stop(signal.SIGKILL)
                    raise Skip('perf record wrote no sample within %.0f s '
                               '(under TCG it spends minutes starting up): '
                               '%s' % (NEEDS['perf'] - 60,
                                       self.reader.tail()))
                work(count=100)
                time.sleep(2)
            self.reader.start_s = round(time.time() - self.t0, 1)
        except Skip:
            wfile(TRACING + '/kprobe_events', '-:probe/%s\n' % func,
                  append=True)
            raise

    def stop(self):
        # perf's own exit takes minutes under TCG; what it costs per hit
        # was measured while it recorded.
        self.reader.stop(signal.SIGINT, timeout=30)
        err = rfile(self.reader.err)
        wfile(TRACING + '/kprobe_events', '-:probe/%s\n' % self.func,
              append=True)
        m = re.search(r'lost (\d+) chunks', err)
        try:
            size = os.path.getsize(self.data)
            os.unlink(self.data)
        except OSError:
            size = 0
        return {'lost-chunks': int(m.group(1)) if m else None,
                'data-bytes': size, 'stderr': err.strip()[-300:],
                'start-s': self.reader.start_s,
                'stop-s': self.reader.stop_s}


def kdbg_count_flag():
    """kdbgctl's count-only option, if a later kdbg has one."""
    if not kdbg_state['ok']:
        return None
    p = run([KDBGCTL, 'probe', 'help'], check=False)
    for flag in ('--count-only', '--count'):
        if re.search(r'\[%s\]' % flag, p.stdout):
            return flag
    return None


def overhead_modes():
    return [
        ('floor-empty', Kbcal('empty')),
        ('floor-unwind', Kbcal('unwind')),
        ('kdbg-event', Kdbg(['--no-stack'],
                            'event without stack (cheapest mode)', drain=3)),
        ('kdbg-event-stack', Kdbg([], 'event with kernel stack', drain=3)),
        ('kdbg-kretprobe', Kdbg(['--ret', '--no-stack'],
                                'kretprobe, latency + retval', drain=3)),
        ('ftrace-kprobe', Ftrace(False)),
        ('ftrace-kprobe-stacktrace', Ftrace(True)),
        ('bpftrace-comm-count', Bpftrace(
            'kprobe:F { @[comm] = count(); }', '@[comm] = count()')),
        ('bpftrace-kstack-count', Bpftrace(
            'kprobe:F { @[kstack] = count(); }', '@[kstack] = count()')),
        ('bpftrace-kretprobe-hist', Bpftrace(
            'kprobe:F { @s[tid] = nsecs; } kretprobe:F /@s[tid]/ '
            '{ @ns = hist(nsecs - @s[tid]); delete(@s[tid]); }',
            'kretprobe latency hist()')),
        ('perf-record', Perf()),
        # In-kernel aggregation (issue 8): calls per function, and calls
        # per distinct kernel stack (beside bpftrace-kstack-count above).
        ('kdbg-funccount', KdbgTool('funccount', 'kdbgctl funccount '
                                    '(in-kernel count per function)')),
        ('bpftrace-func-count', Bpftrace(
            'kprobe:F { @[func] = count(); }', '@[func] = count()')),
        ('ftrace-hist-count', FtraceHist('common_pid')),
        ('kdbg-stackcount', KdbgTool('stackcount', 'kdbgctl stackcount '
                                     '(in-kernel count per kernel stack)')),
    ]


def row_result(section, name, mode, **kw):
    r = {'row': name, 'tool': mode.tool, 'desc': mode.desc,
         'seconds': round(time.time() - mode.t0, 1)}
    r.update(kw)
    results[section].append(r)
    save()
    return r


def section_overhead():
    log('overhead: %d calls per CPU, %d runs per row, function %s'
        % (COUNT, REPS, FUNC))
    work(count=COUNT // 4)          # warm the translation cache
    base_runs = []
    modes = overhead_modes()
    count_flag = kdbg_count_flag()
    if count_flag:
        modes.insert(2, ('kdbg-count', Kdbg([count_flag], 'count only',
                                            drain=3)))
    elif row_wanted('kdbg-count'):
        # No count-only mode (yet): say so where its row goes.
        results['overhead'].append({
            'row': 'kdbg-count', 'tool': 'kdbg', 'desc': 'count only',
            'status': 'not run',
            'reason': 'kdbgctl probe add has no count-only option (the '
                      'uapi has only KDBG_SOURCE_F_NO_STACK); kdbg\'s '
                      'cheapest mode is the event without stack (row '
                      'kdbg-event)'})
    # A ring large enough that no kdbg row drops: every hit pays for the
    # whole write, as ftrace's overwriting ring makes it pay.
    modes = [(name, mode) for name, mode in modes if row_wanted(name)]
    ring_set(KDBG_BENCH_RING)
    for name, mode in modes:
        base_runs.append(work(count=COUNT))
        log('overhead: %s' % name)
        mode.t0 = time.time()
        try:
            budget_check(mode.tool)
            mode.setup(FUNC)
            wait_probe(FUNC, 300 if mode.tool == 'perf' else 120)
        except Skip as e:
            try:
                mode.stop()
            except (Skip, OSError, AttributeError):
                pass
            log('overhead: %s not run: %s' % (name, e))
            row_result('overhead', name, mode, status='not run',
                       reason=str(e))
            continue
        runs = []
        try:
            work(count=COUNT // 4)
            for _ in range(REPS):
                runs.append(work(count=COUNT))
        except Skip as e:
            extra = mode.stop()
            row_result('overhead', name, mode, status='not run',
                       reason=str(e), extra=extra)
            continue
        extra = mode.stop()
        hits = sum(x['calls'] for x in runs)
        if mode.tool == 'perf' and extra.get('data-bytes', 0) < 64 * hits:
            row_result('overhead', name, mode, status='not run',
                       reason='perf record wrote %d bytes for %d hits: it '
                       'was not recording during the runs' %
                       (extra.get('data-bytes', 0), hits), runs=runs,
                       extra=extra)
            continue
        row_result('overhead', name, mode, status='ok', runs=runs,
                   extra=extra)
    ring_set(None)
    base_runs.append(work(count=COUNT))
    results['overhead'].insert(0, {'row': 'baseline', 'tool': 'none',
                                   'desc': 'no probe', 'status': 'ok',
                                   'runs': base_runs})
    save()


def section_depth():
    log('depth: recursion depths %s, %d calls' % (DEPTHS, DEPTH_CALLS))
    if not os.path.exists(KBCAL_DIR):
        results['notes'].append('depth: kbcal.ko is not loaded')
        return
    leaf = 'kbcal_leaf'
    modes = [
        ('none', NoProbe()),
        ('floor-empty', Kbcal('empty')),
        ('floor-unwind', Kbcal('unwind')),
        ('kdbg-event', Kdbg(['--no-stack'], 'event without stack',
                            drain=3)),
        ('kdbg-event-stack', Kdbg([], 'event with kernel stack', drain=3)),
        ('ftrace-kprobe', Ftrace(False)),
        ('ftrace-kprobe-stacktrace', Ftrace(True)),
        # bpftrace's cost without a stack is taken from the overhead
        # section (its startup is too slow under TCG for another session).
        ('bpftrace-kstack-count', Bpftrace(
            'kprobe:F { @[kstack] = count(); }', '@[kstack] = count()')),
    ]
    modes = [(name, mode) for name, mode in modes
             if name == 'none' or row_wanted(name)]
    for d in DEPTHS:
        recurse(d, DEPTH_CALLS // 4)
    ring_set(KDBG_BENCH_RING)
    for name, mode in modes:
        log('depth: %s' % name)
        mode.t0 = time.time()
        try:
            budget_check(mode.tool)
            mode.setup(leaf)
            if mode.tool != 'none':
                wait_probe(leaf, 120)
            per = {}
            for d in DEPTHS:
                recurse(d, DEPTH_CALLS // 8)
                per[str(d)] = [recurse(d, DEPTH_CALLS)['median']
                               for _ in range(DEPTH_REPS)]
        except Skip as e:
            try:
                mode.stop()
            except (Skip, OSError, AttributeError):
                pass
            row_result('depth', name, mode, status='not run', reason=str(e))
            continue
        extra = mode.stop()
        row_result('depth', name, mode, status='ok', ns_per_call=per,
                   extra=extra)
    ring_set(None)
    # Frames per depth, as the unwinder sees them from kbcal_leaf().
    frames = {}
    try:
        for d in DEPTHS:
            wfile(KBCAL_DIR + '/probe', 'unwind %s\n' % leaf)
            recurse(d, 1)
            frames[str(d)] = int(rfile(KBCAL_DIR + '/probe').split()[3])
            wfile(KBCAL_DIR + '/probe', 'off\n')
    except Skip as e:
        results['notes'].append('depth frames: %s' % e)
    results['depth_frames'] = frames
    save()


# ---------------------------------------------------------------------
# Lossless event rate: paced steps, one reader session per tool.

def kdbg_counters_safe(mode):
    try:
        return mode.counters()
    except (Skip, ValueError, KeyError) as e:
        return {'error': str(e)}


def rate_kdbg_step(after, before):
    d = {k: after.get(k, 0) - before.get(k, 0)
         for k in ('hits', 'filtered', 'written', 'delivered', 'dropped',
                   'missed')}
    d['buffered'] = after.get('buffered', 0)
    return after, d


def section_rate():
    log('rate: steps %s per CPU, %.0fs each' % (RATES, RATE_SECS))
    ncpu = os.cpu_count()
    tools = [
        ('kdbg', Kdbg(['--no-stack'], 'kdbgctl stream --format json',
                      comm=COMM)),
        ('kdbg-text', Kdbg(['--no-stack'], 'kdbgctl stream --format text',
                           fmt='text', comm=COMM)),
        ('ftrace', Ftrace(False, comm=COMM)),
        ('bpftrace', Bpftrace('kprobe:F /comm == "%s"/ { printf("%%d\\n", '
                              'tid); }' % COMM, 'printf per event')),
    ]
    tools[2][1].desc = 'kprobe_events probe, cat trace_pipe'
    for name, mode in tools:
        log('rate: %s' % name)
        t0 = time.time()
        steps = []
        row = {'row': name, 'tool': mode.tool, 'desc': mode.desc,
               'steps': steps}
        try:
            budget_check(mode.tool)
            mode.setup(FUNC)
        except Skip as e:
            row.update(status='not run', reason=str(e))
            results['rate'].append(row)
            save()
            continue
        lossy = 0
        try:
            wait_probe(FUNC, 120)
            kbefore = kdbg_counters_safe(mode) if mode.tool == 'kdbg' \
                else None
            fbefore = ftrace_stats() if mode.tool == 'ftrace' else None
            lost_before = 0
            mode.reader.new_text()
            for rate in RATES:
                w = work(rate=rate, secs=RATE_SECS)
                mode.reader.drain(quiet=1.5, limit=30)
                text = mode.reader.new_text()
                lines = text.splitlines()
                # Loss markers in the readers' output are not events.
                marks = [ln for ln in lines if
                         re.search(r'\[LOST \d+ EVENTS\]|Lost \d+ events',
                                   ln)]
                got = len(lines) - len(marks)
                if mode.tool == 'bpftrace':
                    got = sum(1 for ln in lines if ln.strip().isdigit())
                s = {'rate-per-cpu': rate, 'generated': w['calls'],
                     'achieved-per-sec': w['rate-per-sec'],
                     'received': got,
                     'actual-loss': w['calls'] - got}
                if mode.tool == 'kdbg':
                    err = rfile(mode.reader.err)
                    lost = sum(int(n) for n in re.findall(
                        r'(\d+) events lost', err))
                    s['stream-reported-loss'] = lost - lost_before
                    lost_before = lost
                    after = kdbg_counters_safe(mode)
                    if 'error' in after or 'error' in kbefore:
                        s['kdbg-error'] = after.get('error',
                                                    kbefore.get('error'))
                        s['reported-loss'] = s['stream-reported-loss']
                        s['accounting-exact'] = None
                        kbefore = after
                        steps.append(s)
                        save()
                        if s['actual-loss'] > 0:
                            lossy += 1
                        if lossy >= 2 or \
                                w['rate-per-sec'] < 0.8 * rate * ncpu:
                            break
                        continue
                    kbefore, s['kdbg'] = rate_kdbg_step(after, kbefore)
                    k = s['kdbg']
                    s['reported-loss'] = k['dropped'] + k['missed']
                    # Exact accounting: every generated event is written,
                    # and ends delivered (= received), dropped or buffered.
                    s['accounting-exact'] = (
                        k['written'] + k['missed'] == w['calls'] and
                        k['delivered'] == got and
                        k['dropped'] + k['missed'] + k['buffered'] ==
                        w['calls'] - got)
                elif mode.tool == 'ftrace':
                    fafter = ftrace_stats()
                    s['reported-loss'] = (fafter[0] - fbefore[0] +
                                          fafter[1] - fbefore[1])
                    s['lost-markers'] = sum(
                        int(n) for n in re.findall(r'LOST (\d+) EVENTS',
                                                   text))
                    fbefore = fafter
                else:
                    err = rfile(mode.reader.err)
                    lost = sum(int(n) for n in re.findall(
                        r'Lost (\d+) events', text + err))
                    s['reported-loss'] = lost - lost_before
                    lost_before = lost
                steps.append(s)
                log('rate: %s %d/s per CPU: generated %d received %d '
                    'reported loss %d' % (name, rate, w['calls'],
                                          s['received'],
                                          s['reported-loss']))
                save()
                if s['actual-loss'] > 0 or s['reported-loss'] > 0:
                    lossy += 1
                # Past the first loss one more step; stop when the
                # workload can no longer reach the rate asked for.
                if lossy >= 2 or w['rate-per-sec'] < 0.8 * rate * ncpu:
                    break
        except Skip as e:
            row['error'] = str(e)
        extra = mode.stop()
        row.update(status='ok', extra=extra, ncpu=ncpu,
                   seconds=round(time.time() - t0, 1))
        results['rate'].append(row)
        save()


# ---------------------------------------------------------------------
# Memory: kdbgmod's footprint, from /proc/meminfo deltas.

def meminfo():
    # No drop_caches: the page cache is outside the figure anyway, and
    # dropping it makes every later exec re-read its binary over 9p.
    time.sleep(0.5)
    m = {}
    for line in rfile('/proc/meminfo').splitlines():
        k, v = line.split(':')
        m[k] = int(v.split()[0])
    used = m['MemTotal'] - m['MemFree'] - m['Buffers'] - m['Cached']
    kern = m['Slab'] + m.get('VmallocUsed', 0) + m.get('Percpu', 0)
    return {'used-kb': used, 'kernel-kb': kern}


def delta(a, b):
    return {k: b[k] - a[k] for k in a}


def probe_targets(n):
    funcs = []
    with open(TRACING + '/available_filter_functions') as f:
        for line in f:
            name = line.split()[0]
            if re.match(r'^(vfs_|ksys_|do_sys_|__x64_sys_)\w+$', name) \
               and '.' not in name and len(line.split()) == 1:
                funcs.append(name)
    return funcs[:n * 3]


def load_kdbg():
    """Load kdbgmod (measuring its footprint) and check that probes work."""
    mem = results['memory']
    if not os.path.exists(KO):
        kdbg_state['reason'] = 'kdbgmod.ko was not built (%s)' % KO
        return
    if not os.access(KDBGCTL, os.X_OK):
        kdbg_state['reason'] = 'kdbgctl was not built (%s)' % KDBGCTL
        return
    m0 = meminfo()
    p = run(['insmod', KO], check=False)
    if p.returncode:
        kdbg_state['reason'] = 'insmod kdbgmod.ko: %s' % p.stderr.strip()
        return
    time.sleep(1)
    m1 = meminfo()
    mem['idle'] = delta(m0, m1)
    try:
        mem['coresize'] = int(rfile('/sys/module/kdbgmod/coresize'))
    except OSError:
        pass
    try:
        mem['ring'] = json.loads(run([KDBGCTL, '-j', 'ring', 'show']).stdout)
        p = run([KDBGCTL, '-j', 'probe', 'add', FUNC])
        pid = json.loads(p.stdout)['id']
        run([KDBGCTL, 'probe', 'del', str(pid)])
    except (Skip, ValueError, KeyError) as e:
        kdbg_state['reason'] = 'kdbgctl probe add %s: %s' % (FUNC, e)
        return
    kdbg_state.update(ok=True, reason='')
    t0 = time.time()
    try:
        ids = []
        for fn in probe_targets(NPROBES):
            if len(ids) >= NPROBES:
                break
            p = run([KDBGCTL, '-j', 'probe', 'add', fn], check=False)
            if p.returncode == 0:
                ids.append(json.loads(p.stdout)['id'])
        m2 = meminfo()
        mem['probes'] = {'n': len(ids), 'delta': delta(m1, m2)}
        for i in ids:
            run([KDBGCTL, 'probe', 'del', str(i)], check=False)
        ring0 = mem['ring'].get('size', 1 << 20)
        run([KDBGCTL, 'ring', 'set', 'size', '1m'])
        a = meminfo()
        run([KDBGCTL, 'ring', 'set', 'size', '32m'])
        b = meminfo()
        ncpu = mem['ring'].get('nr-cpus', os.cpu_count())
        mem['ring-per-mb'] = {'mb-added': 31 * ncpu, 'delta': delta(a, b)}
        run([KDBGCTL, 'ring', 'set', 'size', str(ring0)])
    except (Skip, ValueError, KeyError) as e:
        results['notes'].append('memory: %s' % e)
    mem['seconds'] = round(time.time() - t0, 1)
    save()


def section_profile():
    """perf's view of kdbg's hot path: by default the event with stack,
    stream draining; BENCH_PROFILE names another overhead row to profile.
    The host runs perf report on it (with this guest's kallsyms)."""
    if not kdbg_state['ok']:
        results['profile'] = {'status': 'not run',
                              'reason': kdbg_state['reason']}
        return
    name = os.environ.get('BENCH_PROFILE', 'kdbg-event-stack')
    mode = dict(overhead_modes()).get(name)
    if mode is None:
        results['profile'] = {'status': 'not run', 'reason':
                              'BENCH_PROFILE=%s is no overhead row' % name}
        return
    log('profile: %s under perf record' % name)
    mode.t0 = time.time()
    data = os.path.join(OUT, 'profile.perf.data')
    try:
        budget_check('profile')
        mode.setup(FUNC)
        tmp = os.path.join(TMP, 'profile.perf.data')
        try:
            # The workload's threads only (the probe's handler runs in
            # them), long enough for a few thousand samples.
            run(['perf', 'record', '-q', '-g', '-B', '-N', '-F', '1999',
                 '-o', tmp, '--', KBWORK, '-s', SYSCALL, '-n',
                 str(COUNT * 10)], timeout=400)
        finally:
            mode.stop()
        with open(tmp, 'rb') as src, open(data, 'wb') as dst:
            dst.write(src.read())
        with open(os.path.join(OUT, 'kallsyms'), 'w') as f:
            f.write(rfile('/proc/kallsyms'))
        results['profile'] = {'status': 'recorded', 'data': data,
                              'row': name, 'desc': mode.desc,
                              'seconds': round(time.time() - mode.t0, 1)}
    except (Skip, OSError, subprocess.TimeoutExpired) as e:
        results['profile'] = {'status': 'not run', 'reason': str(e)}
    save()


def section_sampling():
    """kdbgctl profile's cost beside perf's and bpftrace's (sampling.py)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import sampling
    try:
        budget_check('sampling')
    except Skip as e:
        results['sampling'] = {'status': 'not run', 'reason': str(e)}
        save()
        return
    results['sampling'] = sampling.measure(
        KDBGCTL, HOT, 2 if QUICK else 3, QUICK, TMP, log, kdbg_state['ok'],
        kdbg_state['reason'])
    save()


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(TMP, exist_ok=True)
    t0 = time.time()
    u = os.uname()
    cpu = ''
    for line in rfile('/proc/cpuinfo').splitlines():
        if line.startswith('model name'):
            cpu = line.split(':', 1)[1].strip()
            break
    results['meta'] = {'kernel': u.release, 'machine': u.machine,
                       'cpus': os.cpu_count(), 'cpu-model': cpu,
                       'function': FUNC, 'syscall': SYSCALL,
                       'count-per-cpu': COUNT, 'reps': REPS,
                       'quick': QUICK, 'rows': ROWS,
                       'sections': os.environ.get('BENCH_SECTIONS', ''),
                       'date': time.strftime(
                           '%Y-%m-%dT%H:%M:%SZ', time.gmtime())}
    try:
        results['meta']['clocksource'] = rfile(
            '/sys/devices/system/clocksource/clocksource0/'
            'current_clocksource').strip()
    except OSError:
        pass
    for tool in ('bpftrace', 'perf', 'trace-cmd'):
        p = run([tool, '--version'], check=False) if os.path.exists(
            '/usr/bin/' + tool) else None
        results['meta'][tool] = (p.stdout.strip().splitlines() or
                                 ['?'])[0] if p else 'not installed'
    save()
    p = run(['insmod', KBCAL], check=False)
    if p.returncode:
        results['notes'].append('kbcal.ko: %s' % p.stderr.strip())
    load_kdbg()
    results['meta']['kdbg'] = kdbg_state['reason'] or 'ok'
    log('kdbg: %s' % (kdbg_state['reason'] or 'ok'))
    only = os.environ.get('BENCH_SECTIONS', '').split()
    for sec in (section_overhead, section_rate, section_depth,
                section_profile, section_sampling):
        if only and sec.__name__.replace('section_', '') not in only:
            continue
        try:
            sec()
        except Exception as e:      # keep going: report, never hide
            results['notes'].append('%s: %s: %s' % (sec.__name__,
                                                   type(e).__name__, e))
            log('%s failed: %s' % (sec.__name__, e))
            save()
    results['meta']['guest-seconds'] = round(time.time() - t0, 1)
    save()
    run(['rmmod', 'kbcal'], check=False)
    log('done in %.0fs' % (time.time() - t0))


if __name__ == '__main__':
    main()
