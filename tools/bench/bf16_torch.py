#!/usr/bin/python3
"""What bfloat16 gives on this CPU, measured where it can be reached: in PyTorch.

DJL 0.36 cannot make a bfloat16 tensor (NDArray.toType(BFLOAT16) aborts the JVM: its JNI maps
DJL's data types to torch's without a bfloat16 case), so LatentLab cannot run its generator in
bf16. This script measures, with Debian's torch 1.13 (oneDNN 2.6) on the same machine, the
generator LatentLab runs (bench_torch.py's phase formulation, the shipped faces64 weights), in
float32 and in bfloat16, in one run and interleaved:

  inference   G in eval mode at batch 1 and 64: the weights and z cast to bf16 (p50 of each round)
  error       max |G_fp32(z) - G_bf16(z)| over 64 samples (images in [-1, 1])
  training    the DCGAN step of bench_torch.py (64x64 RGB, batch 64, phase formulation) in float32
              and under torch.autocast("cpu", bfloat16), images/s, interleaved blocks (--train-blocks)

Run: /usr/bin/python3 tools/bench/bf16_torch.py [--rounds 3] [--model models/faces64]
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_torch as bt  # noqa: E402


def load_faces64(model_dir):
    g = bt.generator(64, 3, "phase")
    arrays = np.load(os.path.join(model_dir, "generator.npz"))
    state = {k.replace("main.", ""): torch.from_numpy(arrays[k].copy()) for k in arrays.files}
    g.load_state_dict(state, strict=False)
    return g.eval()


def p50(fn, calls):
    ms = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ms)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--model", default="models/faces64")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--train-blocks", type=int, default=3, help="interleaved training blocks per precision (0: none)")
    p.add_argument("--train-iterations", type=int, default=3)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    g32 = load_faces64(a.model)
    g16 = load_faces64(a.model).to(torch.bfloat16)
    z64 = torch.randn(64, bt.NZ)
    with torch.no_grad():
        diff = (g32(z64) - g16(z64.to(torch.bfloat16)).float()).abs().max().item()
    print("torch %s, %d threads; bf16 output error over 64 samples: max |diff| %.4f (one 8-bit level: %.4f)"
          % (torch.__version__, a.threads, diff, 2 / 255))
    for batch, calls in ((1, 100), (64, 10)):
        z = torch.randn(batch, bt.NZ)
        zb = z.to(torch.bfloat16)
        r32, r16 = [], []
        with torch.no_grad():
            for _ in range(a.rounds):
                for _ in range(3):
                    g32(z), g16(zb)
                r32.append(p50(lambda: g32(z), calls))
                r16.append(p50(lambda: g16(zb), calls))
        print("inference batch %d: float32 p50 %.2f ms, bfloat16 %.2f ms (medians of %d interleaved rounds)"
              % (batch, statistics.median(r32), statistics.median(r16), a.rounds))
    t32, t16 = [], []
    for _ in range(a.train_blocks):
        t32 += bt.measure(64, 3, "phase", a.train_iterations, 1)
        t16 += bt.measure(64, 3, "phase", a.train_iterations, 1, autocast=True)
    if t32:
        print("training 64x64 RGB, batch 64: float32 %.1f images/s, bf16 autocast %.1f images/s, %.2fx "
              "(medians of %d interleaved blocks of %d iterations)"
              % (statistics.median(t32), statistics.median(t16), statistics.median(t16) / statistics.median(t32),
                 a.train_blocks, a.train_iterations))


if __name__ == "__main__":
    main()
