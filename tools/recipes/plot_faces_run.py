#!/usr/bin/env python3
"""The faces runs of both recipes against training wall time: FD, precision and recall of each scored copy
(eval --samples 2000 --seed 2 --real faces64h, classifier-faces features) and the arithmetic of the kept copies
(eval arithmetic --seed 2, agreed by three readers), from assets/figures/recipes-faces-scores.csv.

    /usr/bin/python3 tools/recipes/plot_faces_run.py assets/figures/recipes-faces-scores.csv OUT.png
"""
import csv
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

rows = list(csv.DictReader(open(sys.argv[1])))


def series(recipe, key, x="wall_hours"):
    pts = [(float(r[x]), float(r[key])) for r in rows if r["recipe"] == recipe and r[key] and r[x]]
    return [p[0] for p in pts], [p[1] for p in pts]


fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
for ax, key, title in zip(axes[:3], ["fd", "precision", "recall"], ["Fréchet distance (lower is better)",
                                                                     "precision", "recall"]):
    for recipe, style in [("classic", "o-"), ("stable", "s-")]:
        xs, ys = series(recipe, key)
        ax.plot(xs, ys, style, label=recipe)
    ax.axvline(4.05, color="gray", linestyle=":", linewidth=1)
    ax.set_title(title)
    ax.set_xlabel("training wall time, hours (one thread)")
axes[0].text(4.1, axes[0].get_ylim()[1] * 0.9, "classic run\ncollapsed", fontsize=8, color="gray")
axes[0].legend(loc="center right")
ax = axes[3]
for key, style, label in [("smiling_man", "s-", "smiling man"), ("woman_with_glasses", "^-", "woman with glasses")]:
    pts = [(int(r["iteration"]), float(r[key])) for r in rows if r["recipe"] == "stable" and r[key]]
    ax.plot([p[0] for p in pts], [p[1] for p in pts], style, label="stable: " + label)
    c = [(int(r["iteration"]), float(r[key])) for r in rows if r["recipe"] == "classic" and r[key]]
    ax.plot([p[0] for p in c], [p[1] for p in c], "o", label="classic 5,455: " + label)
ax.set_title("arithmetic, agreed by 3 readers (seed 2)")
ax.set_xlabel("iteration")
ax.set_ylim(0, 1)
ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=90)
