#!/usr/bin/env python3
"""Serial remainder of a run's parse stages (issue 8), two pricer binaries side by side.

Runs `pricer run` (examples/reference.yaml, small train/test so the later stages are short) at
-j1 and -j2 for each binary, interleaved (both see the same machine load), REPS times; takes
each parse stage's best wall from run.json; prints per stage the Amdahl serial part
2*wall(-j2) - wall(-j1) and its fraction of wall(-j1), the CPU-seconds of the parse stages at
-j1 and -j2 (extra CPU at -j2 counts as serial in that model), and the ratio of the two
binaries' serial sums. Not a pass/fail test.

  PRICER=build/pricer PEER=/tmp/base-pricer REPS=5 python3 bench/parse_serial.py
Env: PRICER, PEER (default: PRICER alone), DATA (bench/data/synth-1G), CATS (comma list,
default every file of DATA), REPS (5)."""
import collections
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bins = {'pricer': os.environ.get('PRICER', 'build/pricer')}
if os.environ.get('PEER'):
    bins['peer'] = os.environ['PEER']
data = os.environ.get('DATA', 'bench/data/synth-1G')
cats = os.environ.get('CATS') or ','.join(
    sorted(os.path.basename(f)[5:-6] for f in glob.glob(os.path.join(root, data, 'meta_*.jsonl'))))
if not cats:
    sys.exit('no meta_*.jsonl in %s (make it with pricer synth --size 1G)' % data)
reps = int(os.environ.get('REPS', '5'))
best = collections.defaultdict(lambda: float('inf'))
cpu = collections.defaultdict(lambda: float('inf'))
tmp = tempfile.mkdtemp(prefix='parse_serial_')
try:
    for r in range(reps):
        for name, exe in bins.items():
            for j in (1, 2):
                out = os.path.join(tmp, '%s-%d' % (name, j))
                shutil.rmtree(out, ignore_errors=True)
                subprocess.run(['nice', exe, '-q', 'run', '--config', 'examples/reference.yaml',
                                '--data-dir', data, '--categories', cats, '--allow-short',
                                '--train', '2000', '--test', '200', '-j', str(j), '-o', out],
                               check=True, stderr=subprocess.DEVNULL, cwd=root)
                st = [s for s in json.load(open(os.path.join(out, 'run.json')))['stages']
                      if s['name'].startswith('parse:')]
                for s in st:
                    k = (name, j, s['name'][6:])
                    best[k] = min(best[k], s['seconds'])
                cpu[name, j] = min(cpu[name, j], sum(s['cpu_seconds'] for s in st))
finally:
    shutil.rmtree(tmp, ignore_errors=True)
stages = sorted({k[2] for k in best})
tot = collections.defaultdict(float)
print('parse stages, best of %d: serial = 2*wall(-j2) - wall(-j1) (fraction of -j1)' % reps)
for st in stages:
    row = []
    for name in bins:
        w1, w2 = best[name, 1, st], best[name, 2, st]
        ser = min(w1, max(0.0, 2 * w2 - w1))
        tot[name, 1] += w1
        tot[name, 2] += w2
        tot[name, 's'] += ser
        row.append('%s -j1 %.3f -j2 %.3f serial %.3f (%.2f)' % (name, w1, w2, ser, ser / w1))
    print('  %-28s %s' % (st, ' | '.join(row)))
for name in bins:
    print('%s: parse -j1 %.2f s, -j2 %.2f s (%.2fx); serial %.3f s = %.3f of -j1; CPU-s -j1 %.2f, '
          '-j2 %.2f' % (name, tot[name, 1], tot[name, 2], tot[name, 1] / tot[name, 2],
                        tot[name, 's'], tot[name, 's'] / tot[name, 1], cpu[name, 1], cpu[name, 2]))
if 'peer' in bins and tot['peer', 's'] > 0:
    print('serial ratio pricer/peer: %.2f' % (tot['pricer', 's'] / tot['peer', 's']))
