#!/usr/bin/python3
"""FD, precision and recall of two runs' kept copies (their scores.csv, from score_copies.py)
against wall time, one figure of three panels:

  /usr/bin/python3 tools/recipes/plot_recipes.py OUT.png CLASSIC_RUN STABLE_RUN "TITLE"
"""
import csv, sys
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
runs = [('classic', sys.argv[2], 'tab:orange'), ('stable', sys.argv[3], 'tab:blue')]
fig, ax = plt.subplots(1, 3, figsize=(12, 3.6))
for name, d, c in runs:
    rows = sorted(csv.DictReader(open(d + '/scores.csv')), key=lambda r: int(r['iteration']))
    t = [float(r['wall_s']) / 60 for r in rows]
    for k, key in enumerate(['fd', 'precision', 'recall']):
        ax[k].plot(t, [float(r[key]) for r in rows], 'o-', color=c, label=name, ms=3)
for k, title in enumerate(['FD (lower is better)', 'precision', 'recall']):
    ax[k].set_title(title); ax[k].set_xlabel('wall time, minutes (one thread)'); ax[k].grid(alpha=0.3)
ax[0].legend()
fig.suptitle(sys.argv[4], fontsize=10)
ax[0].set_yscale('log')
fig.tight_layout()
fig.savefig(sys.argv[1], dpi=110)
print('wrote', sys.argv[1])
