#!/usr/bin/python3
"""PyTorch reference for `latentlab bench train`: DCGAN training throughput on the CPU.

The pytorch/examples dcgan recipe (BCELoss on sigmoid outputs, Adam 2e-4 betas (0.5, 0.999),
one D step on a real batch and a detached fake batch, then one G step, batch 64) on random data
tensors, so no data loader is measured. Two generator variants:

  standard  nn.ConvTranspose2d, as in pytorch/examples
  phase     LatentLab's formulation: the first layer as a matmul + reshape, every stride-2
            transposed convolution as one stride-1 2x2 conv2d (padding 1) into 4*out channels
            whose four output phases are interleaved (padding 3 crops 2 pixels per side)

Run with Debian's interpreter (torch 1.13): /usr/bin/python3 tools/bench/bench_torch.py --help
"""
import argparse
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 64
NZ = 100
NGF = 64
NDF = 64


def phase_weight(wt):
    """Wt[in, out, 4, 4] (ConvTranspose2d layout) -> W[4*out, in, 2, 2] with
    W[(2a+b)*out + o, i, dr, dc] = Wt[i, o, 3-a-2dr, 3-b-2dc]. Differentiable."""
    cin, cout = wt.shape[0], wt.shape[1]
    flipped = wt.flip(2, 3)  # Wf[i, o, u, v] = Wt[i, o, 3-u, 3-v], u = a + 2dr, v = b + 2dc
    split = flipped.reshape(cin, cout, 2, 2, 2, 2)  # [i, o, dr, a, dc, b]
    return split.permute(3, 5, 1, 0, 2, 4).reshape(4 * cout, cin, 2, 2)  # [(a, b, o), i, dr, dc]


def phase_conv_transpose2d(x, wt, padding):
    """F.conv_transpose2d(x, wt, stride=2, padding=padding) for a 4x4 kernel, padding >= 1,
    the way LatentLab's TransposedConv2d.forward computes it."""
    if padding < 1:
        raise ValueError("padding must be at least 1, got %d" % padding)
    n, _, h, w = x.shape
    cout = wt.shape[1]
    z = F.conv2d(x, phase_weight(wt), None, 1, 1)  # [N, 4*out, H+1, W+1]
    phases = z.split(cout, 1)  # four [N, out, H+1, W+1] views, channel block 2a+b
    rows = []
    for a in range(2):
        cols = [phases[2 * a + b][:, :, a:a + h, b:b + w] for b in range(2)]  # phase (a, b): [N, out, H, W]
        rows.append(torch.stack(cols, 4))  # [N, out, H, W, b]
    y = torch.stack(rows, 3).reshape(n, cout, 2 * h, 2 * w)  # [N, out, H, a, W, b]
    crop = padding - 1
    if crop > 0:
        y = y[:, :, crop:2 * h - crop, crop:2 * w - crop]
    return y


class PhaseConvTranspose2d(nn.Module):
    """ConvTranspose2d(in, out, 4, stride 2, padding, bias=False) as a phase convolution; the
    weight is kept in ConvTranspose2d's layout [in, out, 4, 4] and rearranged every forward."""

    def __init__(self, cin, cout, padding):
        super().__init__()
        self.padding = padding
        self.weight = nn.Parameter(torch.empty(cin, cout, 4, 4))
        nn.init.normal_(self.weight, 0.0, 0.02)

    def forward(self, x):
        return phase_conv_transpose2d(x, self.weight, self.padding)


class Project(nn.Module):
    """ConvTranspose2d(nz, C, 4, 1, 0, bias=False) on a 1x1 input as z[N, nz] @ Wt[nz, C*16]."""

    def __init__(self, nz, cout):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nz, cout, 4, 4))
        nn.init.normal_(self.weight, 0.0, 0.02)

    def forward(self, z):
        nz, cout = self.weight.shape[0], self.weight.shape[1]
        n = z.shape[0]
        return z.reshape(n, nz).matmul(self.weight.reshape(nz, cout * 16)).reshape(n, cout, 4, 4)


def stages(size):
    s = 32 if size == 28 else size
    if s < 16 or s & (s - 1):
        raise ValueError("DCGAN image size must be 28 or a power of two >= 16, got %d" % size)
    return s.bit_length() - 2  # log2(s) - 1


def edge_padding(size):
    return 3 if size == 28 else 1


def generator(size, channels, variant):
    k = stages(size)
    widths = [NGF << (k - 2 - i) for i in range(k - 1)] + [channels]
    layers = []
    cin = NZ
    for i, cout in enumerate(widths):
        pad = edge_padding(size) if i == k - 1 else 1
        if variant == "standard":
            layers.append(nn.ConvTranspose2d(cin, cout, 4, 1 if i == 0 else 2, 0 if i == 0 else pad, bias=False))
        elif i == 0:
            layers.append(Project(cin, cout))
        else:
            layers.append(PhaseConvTranspose2d(cin, cout, pad))
        if i < k - 1:
            layers += [nn.BatchNorm2d(cout), nn.ReLU(True)]
        cin = cout
    layers.append(nn.Tanh())
    return nn.Sequential(*layers)


def discriminator(size, channels):
    k = stages(size)
    widths = [NDF << i for i in range(k - 1)]
    layers = []
    cin = channels
    for j, cout in enumerate(widths):
        layers.append(nn.Conv2d(cin, cout, 4, 2, edge_padding(size) if j == 0 else 1, bias=False))
        if j > 0:
            layers.append(nn.BatchNorm2d(cout))
        layers.append(nn.LeakyReLU(0.2, inplace=True))
        cin = cout
    layers += [nn.Conv2d(cin, 1, 4, 1, 0, bias=False), nn.Sigmoid()]
    return nn.Sequential(*layers)


def weights_init(m):
    """pytorch/examples dcgan: N(0, 0.02) for convolutions, N(1, 0.02) / 0 for BatchNorm."""
    name = m.__class__.__name__
    if name.find("Conv") != -1 and isinstance(getattr(m, "weight", None), torch.Tensor):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif name.find("BatchNorm") != -1:
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def measure(size, channels, variant, iterations, repeats, autocast=False):
    """Images per second of each of `repeats` timed blocks of `iterations` steps, after 2 warm-up steps.
    With autocast, the networks' forward passes run under torch.autocast("cpu", bfloat16) (bf16
    convolutions and matrix products, float32 weights, gradients and Adam); the losses in float32."""
    torch.manual_seed(1)
    net_g = generator(size, channels, variant)
    net_d = discriminator(size, channels)
    net_g.apply(weights_init)
    net_d.apply(weights_init)
    criterion = nn.BCELoss()
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(BATCH, channels, size, size) * 2 - 1  # one fixed batch: no data loader
    real_label = torch.full((BATCH,), 1.0)
    fake_label = torch.full((BATCH,), 0.0)

    def cast():
        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast)

    def d(x):
        with cast():
            return net_d(x).view(-1).float()

    def g(z):
        with cast():
            return net_g(z)

    def step():
        # (1) Update D: maximize log(D(x)) + log(1 - D(G(z)))
        net_d.zero_grad()
        output = d(real)
        err_d_real = criterion(output, real_label)
        err_d_real.backward()
        d_x = output.mean().item()
        noise = torch.randn(BATCH, NZ, 1, 1)
        fake = g(noise)
        output = d(fake.detach())
        err_d_fake = criterion(output, fake_label)
        err_d_fake.backward()
        d_g_z1 = output.mean().item()
        err_d = err_d_real + err_d_fake
        opt_d.step()
        # (2) Update G: maximize log(D(G(z)))
        net_g.zero_grad()
        output = d(fake)
        err_g = criterion(output, real_label)
        err_g.backward()
        d_g_z2 = output.mean().item()
        opt_g.step()
        return err_d.item(), err_g.item(), d_x, d_g_z1, d_g_z2

    net_g.train()
    net_d.train()
    for _ in range(2):
        step()
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(iterations):
            step()
        rates.append(iterations * BATCH / (time.perf_counter() - t0))
    return rates


def check():
    """PhaseConvTranspose2d and Project against F.conv_transpose2d: outputs in float32 to 1e-5,
    and outputs plus gradients (input and weight) in float64 to 1e-10."""
    torch.manual_seed(0)
    def convt(stride, padding):
        return lambda x, w: F.conv_transpose2d(x, w, None, stride, padding)

    cases = [  # name, module factory, input shape, reference
        ("s2p1", lambda: PhaseConvTranspose2d(8, 5, 1), (3, 8, 4, 6), convt(2, 1)),
        ("s2p1 wide", lambda: PhaseConvTranspose2d(64, 32, 1), (2, 64, 8, 8), convt(2, 1)),
        ("s2p3", lambda: PhaseConvTranspose2d(8, 3, 3), (3, 8, 16, 16), convt(2, 3)),
        ("s2p3 28x28", lambda: PhaseConvTranspose2d(64, 1, 3), (2, 64, 16, 16), convt(2, 3)),
        ("first (matmul)", lambda: Project(NZ, 32), (5, NZ, 1, 1), convt(1, 0)),
    ]
    ok = True
    for name, make, xshape, reference in cases:
        module = make()
        with torch.no_grad():
            module.weight.normal_(0.0, 0.1)
        x = torch.randn(*xshape)
        # float32 forward, the brief's tolerance
        with torch.no_grad():
            ref = reference(x, module.weight)
            got = module(x)
        if ref.shape != got.shape:
            print("%-15s shape %s, expected %s  FAIL" % (name, tuple(got.shape), tuple(ref.shape)))
            ok = False
            continue
        e32 = (ref - got).abs().max().item()
        # float64 forward and backward: the formulation must be exact up to rounding
        module = module.double()
        x64 = x.double().requires_grad_(True)
        w64 = module.weight.detach().clone().requires_grad_(True)
        ref = reference(x64, w64)
        got = module(x64)
        g = torch.randn_like(ref)
        gx_ref, gw_ref = torch.autograd.grad(ref, (x64, w64), g)
        gx, gw = torch.autograd.grad(got, (x64, module.weight), g)
        e64 = max((a - b).abs().max().item() for a, b in ((ref, got), (gx_ref, gx), (gw_ref, gw)))
        good = e32 <= 1e-5 and e64 <= 1e-10
        ok &= good
        print("%-15s out %-12s max |diff| float32 y %.1e, float64 y/dx/dw %.1e  %s"
              % (name, "x".join(map(str, ref.shape)), e32, e64, "ok" if good else "FAIL"))
    print("check %s" % ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv=None):
    p = argparse.ArgumentParser(description="PyTorch DCGAN training throughput (pytorch/examples recipe), "
                                "the counterpart of `latentlab bench train`.")
    p.add_argument("--variant", choices=("standard", "phase"), default="standard",
                   help="generator: nn.ConvTranspose2d (standard) or LatentLab's phase convolution (phase)")
    p.add_argument("--shape", default="64x3,32x1,28x1", help="SIZExCHANNELS list (default: %(default)s)")
    p.add_argument("--iterations", type=int, default=10, help="iterations per timed block (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=3, help="timed blocks (default: %(default)s)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: %(default)s)")
    p.add_argument("--check", action="store_true",
                   help="verify PhaseConvTranspose2d against F.conv_transpose2d to 1e-5 and exit")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    if a.check:
        return check()
    if a.iterations < 1 or a.repeats < 1:
        p.error("--iterations and --repeats must be positive")
    shapes = []
    for s in a.shape.split(","):
        try:
            size, channels = (int(v) for v in s.strip().split("x"))
            stages(size)
        except ValueError as e:
            p.error("bad --shape entry %r: %s" % (s, e))
        shapes.append((size, channels))
    tag = "torch-" + a.variant
    print("%s threads: %d intra-op, torch %s, device cpu" % (tag, torch.get_num_threads(), torch.__version__),
          flush=True)
    for size, channels in shapes:
        rates = measure(size, channels, a.variant, a.iterations, a.repeats)
        print("%s train %dx%dx%d DCGAN (ngf=ndf=64, batch 64): %.1f images/s (median of %d)"
              % (tag, size, size, channels, statistics.median(rates), len(rates)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
