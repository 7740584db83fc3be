#!/usr/bin/env python3
"""The best success rate concept arithmetic can have, for an ideal generator.

Assume every attribute of the generated face is a half-space of z ~ N(0, I): the face has the
attribute iff z . u > t, with u a unit direction and t set by the attribute's share p, and the
directions of the target attribute and of gender are orthogonal (independent attributes). Then
`latentlab eval arithmetic`'s expression, e.g.

    man with glasses - man without glasses + woman without glasses -> woman with glasses,

with k exemplars per concept drawn by label, succeeds when the result is on the "with" side of
the attribute's boundary and on the target side of gender's. Only the projections on u and on
the gender direction matter, so this draws them directly (100,000 trials, seeded).

    /usr/bin/python3 tools/arithmetic_ceiling.py [--shares 0.3,0.5,0.65] [--exemplars 1,3]

Needs numpy only.
"""
import argparse

import numpy as np


def conditioned(rng, n, t, above):
    """n standard-normal draws conditioned on > t (above) or < t, by rejection."""
    out = np.empty(0)
    while out.size < n:
        x = rng.standard_normal(4 * n)
        out = np.concatenate([out, x[x > t] if above else x[x < t]])
    return out[:n]


def ceiling(p, k, trials, rng):
    # the attribute's threshold for share p: P(x > t) = p
    t = np.quantile(rng.standard_normal(2_000_000), 1 - p)

    def mean_of(thr, above):
        return conditioned(rng, trials * k, thr, above).reshape(trials, k).mean(axis=1)

    # A = attribute & gender g, B = no attribute & g, C = no attribute & the other gender
    attribute = mean_of(t, True) - mean_of(t, False) + mean_of(t, False)
    gender = mean_of(0.0, True) - mean_of(0.0, True) + mean_of(0.0, False)
    a, g = attribute > t, gender < 0
    return (a & g).mean(), a.mean(), g.mean()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shares", default="0.3,0.5,0.65", help="the target attribute's share in the samples")
    ap.add_argument("--exemplars", default="1,3", help="exemplars per concept")
    ap.add_argument("--trials", type=int, default=100_000)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    print("share  exemplars  success  (attribute right, gender right)")
    for p in (float(s) for s in args.shares.split(",")):
        for k in (int(s) for s in args.exemplars.split(",")):
            s, a, g = ceiling(p, k, args.trials, rng)
            print(f"{p:5.2f}  {k:9d}  {s:7.1%}  ({a:.1%}, {g:.1%})")


if __name__ == "__main__":
    main()
