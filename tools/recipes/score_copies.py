#!/usr/bin/python3
"""Scores every kept copy of a training run (RUN/models/it-*) with `latentlab eval`: FD, precision,
recall (2,000 samples, seed 2), the smallest and largest class or attribute rate, and the share read
confidently; appends to RUN/scores.csv with each copy's wall time from RUN/train.csv.

  /usr/bin/python3 tools/recipes/score_copies.py RUN JAR ROOT REAL
  e.g. RUN=/work/digits/classic JAR=target/latentlab.jar ROOT=. REAL=builtin:digits

Used for docs/stable-recipe.md's classic-against-stable comparison at equal wall time."""
import csv, glob, os, re, subprocess, sys
run, jar, root, real = sys.argv[1:5]
out = os.path.join(run, 'scores.csv')
done = set()
if os.path.exists(out):
    done = {r['iteration'] for r in csv.DictReader(open(out))}
wall = {}
for r in csv.DictReader(open(os.path.join(run, 'train.csv'))):
    wall[int(r['iteration'])] = float(r['wall_s'])
new = not os.path.exists(out)
f = open(out, 'a', newline='')
w = csv.writer(f)
if new:
    w.writerow(['iteration', 'wall_s', 'fd', 'precision', 'recall', 'min_class_rate', 'max_class_rate', 'confident'])
for m in sorted(glob.glob(os.path.join(run, 'models', 'it-*'))):
    it = int(m.rsplit('-', 1)[1])
    if str(it) in done:
        continue
    p = subprocess.run(['java', '-Dlatentlab.root=' + root, '-Dai.djl.pytorch.num_threads=1', '-jar',
                        jar, 'eval', '--model', m, '--samples', '2000', '--seed', '2',
                        '--real', real, '--quiet'], capture_output=True, text=True)
    vals = dict(re.findall(r'^(\S+)\s+([-0-9.]+)$', p.stdout, re.M))
    rates = [float(v) for k, v in vals.items() if (k.startswith('rate.') or k.startswith('class.')) and k.endswith('.generated')]
    if 'fd' not in vals:
        print('failed', m, p.stdout[-500:], p.stderr[-500:]); continue
    row = [it, wall.get(it, ''), vals['fd'], vals['precision'], vals['recall'], min(rates) if rates else '', max(rates) if rates else '', vals.get('confident.generated', '')]
    w.writerow(row); f.flush(); print(row, flush=True)
