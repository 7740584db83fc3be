#!/usr/bin/python3
"""Generate deterministic PyTorch reference fixtures for LatentLab's Java tests.

Run with Debian's interpreter (torch 1.13 + numpy):
    /usr/bin/python3 tools/make_fixtures.py
Writes everything under src/test/resources/fixtures/ (relative to the repo root,
located from this file's path). Rerunnable: everything is seeded.

    /usr/bin/python3 tools/make_fixtures.py roundtrip
writes only fixtures/roundtrip/: LatentLab (target/latentlab.jar, built first with
`mvn -q package -DskipTests`) exports the shipped faces64 and digits-mlp models with
`latentlab export --format pth`, and real PyTorch loads those files the way
pytorch/examples dcgan/main.py does (load_state_dict, strict) and records G's output for
fixed z and D's output for fixed x, plus the SHA-256 of each file it loaded.
"""
import copy
import io
import math
import json
import os
import random
import shutil
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "test", "resources", "fixtures")
WRITTEN = []


def seed_all(s):
    torch.manual_seed(s)
    np.random.seed(s)
    random.seed(s)


def path(*parts):
    p = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def save_npy(rel, arr):
    if isinstance(arr, torch.Tensor):
        arr = arr.detach().cpu().numpy()
    arr = np.ascontiguousarray(np.asarray(arr).astype("<f4"))
    p = path(*rel.split("/"))
    np.save(p, arr)
    WRITTEN.append((rel, "npy " + str(list(arr.shape))))
    return arr


def save_json(rel, obj):
    p = path(*rel.split("/"))
    with open(p, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
    WRITTEN.append((rel, "json"))


def save_state(rel, module):
    p = path(*rel.split("/"))
    torch.save(module.state_dict(), p)
    WRITTEN.append((rel, "state_dict (%d keys)" % len(module.state_dict())))


def save_bytes(rel, data, note):
    p = path(*rel.split("/"))
    with open(p, "wb") as f:
        f.write(data)
    WRITTEN.append((rel, note))


# ---------------------------------------------------------------- networks
# Same structure as pytorch/examples dcgan/main.py, parametrised by image size.

class Generator(nn.Module):
    def __init__(self, nz, ngf, nc, image_size=64):
        super().__init__()
        assert image_size in (32, 64)
        top = 8 if image_size == 64 else 4
        layers = [nn.ConvTranspose2d(nz, ngf * top, 4, 1, 0, bias=False),
                  nn.BatchNorm2d(ngf * top), nn.ReLU(True)]
        mult = top
        while mult > 1:
            layers += [nn.ConvTranspose2d(ngf * mult, ngf * mult // 2, 4, 2, 1, bias=False),
                       nn.BatchNorm2d(ngf * mult // 2), nn.ReLU(True)]
            mult //= 2
        layers += [nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, input):
        return self.main(input)


class Discriminator(nn.Module):
    def __init__(self, nc, ndf, image_size=64):
        super().__init__()
        assert image_size in (32, 64)
        top = 8 if image_size == 64 else 4
        layers = [nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
        mult = 1
        while mult < top:
            layers += [nn.Conv2d(ndf * mult, ndf * mult * 2, 4, 2, 1, bias=False),
                       nn.BatchNorm2d(ndf * mult * 2), nn.LeakyReLU(0.2, inplace=True)]
            mult *= 2
        layers += [nn.Conv2d(ndf * top, 1, 4, 1, 0, bias=False), nn.Sigmoid()]
        self.main = nn.Sequential(*layers)

    def forward(self, input):
        return self.main(input).view(-1, 1).squeeze(1)


class MLPGenerator(nn.Module):
    def __init__(self, nz=16, h1=32, h2=64, out=784):
        super().__init__()
        self.main = nn.Sequential(nn.Linear(nz, h1), nn.ReLU(True), nn.Linear(h1, h2),
                                  nn.ReLU(True), nn.Linear(h2, out), nn.Tanh())

    def forward(self, input):
        return self.main(input)


def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


def warm_bn(net, make_input, passes=5):
    """Train-mode forward passes so BN running stats become real activation
    statistics, then perturb gamma/beta so they are far from 1/0.

    During the warm-up BN momentum is set to None (PyTorch's cumulative moving
    average), so after `passes` batches running_mean/running_var are the exact
    average of the batch statistics instead of 59% the initial 0/1 (which is
    what momentum 0.1 gives after 5 batches). With near-(0,1) stats the
    0.02-std DCGAN weights shrink the signal layer after layer in eval mode and
    the reference outputs barely depend on the input. Momentum is restored to
    0.1 afterwards (it is not part of the state_dict anyway).
    """
    bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    net.train()
    with torch.no_grad():
        for m in bns:
            m.momentum = None
        for _ in range(passes):
            net(make_input())
        for m in bns:
            m.momentum = 0.1
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.add_(0.3 * torch.randn_like(m.weight))
                m.bias.add_(0.2 * torch.randn_like(m.bias))
    net.eval()


# ---------------------------------------------------------------- fixture sets

def make_convt():
    seed_all(1)
    specs = [
        ("s2p1", [2, 3, 5, 5], [3, 4, 4, 4], 2, 1),
        ("s2p1b", [1, 5, 4, 6], [5, 2, 4, 4], 2, 1),
        ("s2p3", [2, 3, 8, 8], [3, 4, 4, 4], 2, 3),
        ("first", [2, 6, 1, 1], [6, 5, 4, 4], 1, 0),
    ]
    cases = []
    for name, xs, ws, s, p in specs:
        x = torch.randn(*xs)
        w = torch.randn(*ws)
        y = F.conv_transpose2d(x, w, bias=None, stride=s, padding=p)
        save_npy("convt/%s_x.npy" % name, x)
        save_npy("convt/%s_w.npy" % name, w)
        save_npy("convt/%s_y.npy" % name, y)
        cases.append({"name": name, "stride": s, "padding": p, "x_shape": xs,
                      "w_shape": ws, "y_shape": list(y.shape), "bias": False,
                      "w_layout": "[in, out, kH, kW]"})
    save_json("convt/cases.json", {"cases": cases})


def make_dcgan(dirname, seed, nz, ngf, ndf, nc, size, nzs, nds):
    seed_all(seed)
    netG = Generator(nz, ngf, nc, size)
    netG.apply(weights_init)
    warm_bn(netG, lambda: torch.randn(16, nz, 1, 1))
    netD = Discriminator(nc, ndf, size)
    netD.apply(weights_init)
    warm_bn(netD, lambda: torch.rand(16, nc, size, size) * 2 - 1)

    z = torch.randn(nzs, nz)
    with torch.no_grad():
        out = netG(z.view(nzs, nz, 1, 1))
    save_state(dirname + "/netG.pth", netG)
    traced = torch.jit.trace(netG.eval(), z.view(nzs, nz, 1, 1))
    tp = path(dirname, "netG.pt")
    traced.save(tp)
    WRITTEN.append((dirname + "/netG.pt", "TorchScript (traced)"))
    save_npy(dirname + "/z.npy", z)
    save_npy(dirname + "/out.npy", out)

    d_x = torch.rand(nds, nc, size, size) * 2 - 1
    with torch.no_grad():
        d_out = netD(d_x)
    save_state(dirname + "/netD.pth", netD)
    save_npy(dirname + "/d_x.npy", d_x)
    save_npy(dirname + "/d_out.npy", d_out.reshape(-1))
    json_meta = {"nz": nz, "ngf": ngf, "ndf": ndf, "nc": nc, "image_size": size,
                 "torch_version": torch.__version__}
    save_json(dirname + "/meta.json", json_meta)


def make_train_step():
    seed_all(4)
    nz, ngf, ndf, nc, size, bs = 8, 4, 4, 1, 32, 4
    netG = Generator(nz, ngf, nc, size)
    netG.apply(weights_init)
    netD = Discriminator(nc, ndf, size)
    netD.apply(weights_init)
    save_state("train_step/netG.pth", netG)
    save_state("train_step/netD.pth", netD)

    xs = [torch.rand(bs, nc, size, size) * 2 - 1 for _ in range(2)]
    zs = [torch.randn(bs, nz) for _ in range(2)]
    # Round-trip through float32 numpy so Java sees exactly the same inputs.
    for i in range(2):
        xs[i] = torch.from_numpy(save_npy("train_step/x%d.npy" % (i + 1), xs[i]).copy())
        zs[i] = torch.from_numpy(save_npy("train_step/z%d.npy" % (i + 1), zs[i]).copy())

    criterion = nn.BCELoss()
    real_label, fake_label = 1.0, 0.0
    optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizerG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    netG.train()
    netD.train()
    results = []
    for i in range(2):
        real = xs[i]
        noise = zs[i].view(bs, nz, 1, 1)
        netD.zero_grad()
        label = torch.full((bs,), real_label, dtype=real.dtype)
        output = netD(real)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()
        netG.zero_grad()
        label.fill_(real_label)
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()
        results.append({"errD_real": errD_real.item(), "errD_fake": errD_fake.item(),
                        "errD": errD.item(), "errG": errG.item(), "D_x": D_x,
                        "D_G_z1": D_G_z1, "D_G_z2": D_G_z2})
    save_json("train_step/expected.json", results)
    save_state("train_step/netG_after.pth", netG)
    save_state("train_step/netD_after.pth", netD)
    netG.eval()
    with torch.no_grad():
        g_out = netG(zs[0].view(bs, nz, 1, 1))
    save_npy("train_step/g_after_out.npy", g_out)
    return results


def make_mlp():
    seed_all(5)
    netG = MLPGenerator(16, 32, 64, 784)
    z = torch.randn(3, 16)
    with torch.no_grad():
        out = netG(z).view(3, 1, 28, 28)
    save_state("mlp/netG.pth", netG)
    save_npy("mlp/z.npy", z)
    save_npy("mlp/out.npy", out)


def make_bad():
    seed_all(6)
    save_bytes("bad/text.pt", b"hello, this is not a model\n", "text")
    save_bytes("bad/empty.pth", b"", "empty")
    with open(os.path.join(OUT, "dcgan32nd", "netG.pth"), "rb") as f:
        data = f.read()
    save_bytes("bad/truncated.pth", data[: int(len(data) * 0.4)],
               "truncated (%d of %d bytes)" % (int(len(data) * 0.4), len(data)))
    clf = nn.Sequential(nn.Linear(10, 5), nn.ReLU(), nn.Linear(5, 2))
    save_state("bad/classifier.pth", clf)
    rng = np.random.RandomState(6)
    save_bytes("bad/garbage.pth", rng.randint(0, 256, size=2000, dtype=np.uint8).tobytes(),
               "random bytes (2000)")


# ---------------------------------------------------------------- LatentLab → PyTorch

def mlp_sequential(sizes, hidden_act, last_act, dropout=None):
    """The MLP layout LatentLab exports: Linear, act[, Dropout], ..., Linear, last_act."""
    layers = []
    for k in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[k], sizes[k + 1]))
        if k < len(sizes) - 2:
            layers.append(hidden_act())
            if dropout is not None:
                layers.append(nn.Dropout(dropout))
    layers.append(last_act())
    return layers


class MLPNet(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.main = nn.Sequential(*layers)

    def forward(self, input):
        return self.main(input.reshape(input.shape[0], -1))


# ---------------------------------------------------------------- VAE

class VaeEncoderNet(nn.Module):
    """The DCGAN discriminator's body with a 2·nz head (bias, no sigmoid): μ then log σ²."""
    def __init__(self, nc, ndf, nz, image_size=32):
        super().__init__()
        top = 8 if image_size == 64 else 4
        layers = [nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
        mult = 1
        while mult < top:
            layers += [nn.Conv2d(ndf * mult, ndf * mult * 2, 4, 2, 1, bias=False),
                       nn.BatchNorm2d(ndf * mult * 2), nn.LeakyReLU(0.2, inplace=True)]
            mult *= 2
        layers += [nn.Conv2d(ndf * top, 2 * nz, 4, 1, 0, bias=True)]
        self.main = nn.Sequential(*layers)

    def forward(self, x):
        return self.main(x).view(x.shape[0], -1)


def elbo_terms(enc, dec_pre, x, eps, nz, likelihood, sigma):
    """Per image: −log p(x|z) and KL(q(z|x) ‖ N(0, I)), one reparameterised sample."""
    h = enc(x)
    mu, logvar = h[:, :nz], h[:, nz:]
    z = mu + torch.exp(0.5 * logvar) * eps
    a = dec_pre(z)
    n = x.shape[0]
    if likelihood == "gaussian":
        d = x[0].numel()
        recon = ((x - torch.tanh(a)) ** 2).reshape(n, -1).sum(1) / (2 * sigma ** 2) \
            + 0.5 * d * math.log(2 * math.pi * sigma ** 2)
    else:
        y = (x + 1) / 2
        recon = F.binary_cross_entropy_with_logits(2 * a, y, reduction="none").reshape(n, -1).sum(1)
    kl = 0.5 * (mu ** 2 + torch.exp(logvar) - 1 - logvar).sum(1)
    return recon, kl


def make_vae_case(name, enc, dec, dec_pre, x, eps, nz, likelihood, sigma, beta):
    enc.train()
    dec.train()
    enc.zero_grad()
    dec.zero_grad()
    recon, kl = elbo_terms(enc, dec_pre, x, eps, nz, likelihood, sigma)
    loss = recon.mean() + beta * kl.mean()
    loss.backward()
    grads = {}
    for prefix, net in (("E", enc), ("G", dec)):
        for k, p in net.named_parameters():
            grads[prefix + "." + k] = p.grad.detach().numpy().astype("<f4")
    p = path("vae", name + "_grads.npz")
    np.savez(p, **grads)
    WRITTEN.append(("vae/%s_grads.npz" % name, "%d gradients" % len(grads)))
    save_json("vae/%s.json" % name, {
        "likelihood": likelihood, "sigma": sigma, "beta": beta, "nz": nz,
        "recon": [float(v) for v in recon.detach()], "kl": [float(v) for v in kl.detach()],
        "loss": float(loss.detach())})


def make_vae():
    """Same weights, batch and ε for a conv VAE (decoder = DCGAN G, encoder = D's body, 2·nz head),
    Gaussian and Bernoulli, and an MLP VAE: per-image recon and KL, the loss, every gradient."""
    seed_all(21)
    nz, ngf, ndf, nc, size, n = 6, 4, 4, 1, 32, 4
    dec = Generator(nz, ngf, nc, size)
    enc = VaeEncoderNet(nc, ndf, nz, size)
    dec.apply(weights_init)
    enc.apply(weights_init)
    with torch.no_grad():
        enc.main[-1].weight.normal_(0, 0.05)
        enc.main[-1].bias.normal_(0, 0.1)
        for m in list(dec.modules()) + list(enc.modules()):
            if isinstance(m, nn.BatchNorm2d):
                m.weight.add_(torch.randn_like(m.weight) * 0.3)
                m.bias.add_(torch.randn_like(m.bias) * 0.2)
    save_state("vae/conv_netG.pth", dec)
    save_state("vae/conv_netE.pth", enc)
    x = torch.tanh(torch.randn(n, nc, size, size) * 1.5)
    eps = torch.randn(n, nz)
    save_npy("vae/conv_x.npy", x)
    save_npy("vae/conv_eps.npy", eps)
    dec_pre = lambda z: dec.main[:-1](z.view(z.shape[0], nz, 1, 1))
    # state_dicts are saved before any pass: each case starts from the same weights and BN buffers
    g0, e0 = copy.deepcopy(dec.state_dict()), copy.deepcopy(enc.state_dict())
    make_vae_case("conv_gaussian", enc, dec, dec_pre, x, eps, nz, "gaussian", 0.1, 0.5)
    dec.load_state_dict(g0)
    enc.load_state_dict(e0)
    make_vae_case("conv_bernoulli", enc, dec, dec_pre, x, eps, nz, "bernoulli", 0.1, 1.0)

    seed_all(22)
    nz, side = 4, 8
    mdec = MLPNet(mlp_sequential([nz, 8, 16, side * side], lambda: nn.ReLU(True), nn.Tanh))
    menc = MLPNet(mlp_sequential([side * side, 16, 8, 2 * nz], lambda: nn.LeakyReLU(0.2), nn.Identity,
                                 dropout=0.0))
    save_state("vae/mlp_netG.pth", mdec)
    save_state("vae/mlp_netE.pth", menc)
    x = torch.tanh(torch.randn(n, 1, side, side) * 1.5)
    eps = torch.randn(n, nz)
    save_npy("vae/mlp_x.npy", x)
    save_npy("vae/mlp_eps.npy", eps)
    mdec_pre = lambda z: mdec.main[:-1](z).view(z.shape[0], 1, side, side)
    make_vae_case("mlp_bernoulli", menc, mdec, mdec_pre, x, eps, nz, "bernoulli", 0.1, 1.0)


def sha256(p):
    import hashlib
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make_roundtrip():
    import subprocess
    import tempfile
    jar = os.path.join(ROOT, "target", "latentlab.jar")
    if not os.path.isfile(jar):
        sys.exit("build the jar first: mvn -q package -DskipTests")
    out = os.path.join(OUT, "roundtrip")
    if os.path.isdir(out):
        shutil.rmtree(out)
    tmp = tempfile.mkdtemp()
    for model in ["faces64", "digits-mlp"]:
        dst = os.path.join(tmp, model)
        subprocess.run(["java", "-Dai.djl.offline=true", "-jar", jar, "export", "--model",
                        os.path.join(ROOT, "models", model), "--format", "pth", "--out", dst],
                       check=True, stderr=subprocess.DEVNULL)
        info = json.load(open(os.path.join(ROOT, "models", model, "model.json")))["architecture"]
        nz, nc, size = info["nz"], info["channels"], info["imageSize"]
        if info["arch"] == "dcgan":
            ngf, ndf = info["generatorWidths"][-1], info["discriminatorWidths"][0]
            netG = Generator(nz, ngf, nc, size)  # pytorch/examples dcgan's Generator at 64x64
            netD = Discriminator(nc, ndf, size)
        else:
            netG = MLPNet(mlp_sequential([nz] + info["generatorWidths"] + [nc * size * size], lambda: nn.ReLU(True),
                                         nn.Tanh))
            netD = MLPNet(mlp_sequential([nc * size * size] + info["discriminatorWidths"] + [1],
                                         lambda: nn.LeakyReLU(0.2, inplace=True), nn.Sigmoid, dropout=0.3))
        # exactly what main.py does with --netG / --netD
        netG.load_state_dict(torch.load(os.path.join(dst, "netG.pth")))
        netD.load_state_dict(torch.load(os.path.join(dst, "netD.pth")))
        netG.eval()
        netD.eval()
        seed_all(7)
        z = torch.randn(4, nz)
        x = torch.rand(3, nc, size, size) * 2 - 1
        with torch.no_grad():
            g = netG(z.view(4, nz, 1, 1) if info["arch"] == "dcgan" else z).reshape(4, nc, size, size)
            d = netD(x).reshape(-1)
        save_npy("roundtrip/%s_z.npy" % model, z)
        save_npy("roundtrip/%s_out.npy" % model, g)
        save_npy("roundtrip/%s_d_x.npy" % model, x)
        save_npy("roundtrip/%s_d_out.npy" % model, d)
        save_json("roundtrip/%s.json" % model, {
            "model": "models/" + model, "torch_version": torch.__version__,
            "netG.pth sha256": sha256(os.path.join(dst, "netG.pth")),
            "netD.pth sha256": sha256(os.path.join(dst, "netD.pth")),
            "loaded_with": "load_state_dict(torch.load(path)) (strict), eval mode"})
    shutil.rmtree(tmp)
    for rel, note in WRITTEN:
        print("%-32s %8d B  %s" % (rel, os.path.getsize(os.path.join(OUT, rel)), note))


# ---------------------------------------------------------------- verification

def verify():
    import glob
    errs = []

    def close(a, b, tol=1e-5):
        return np.allclose(a, b, atol=tol, rtol=tol)

    # every npy is float32 LE C-order
    for f in glob.glob(os.path.join(OUT, "**", "*.npy"), recursive=True):
        a = np.load(f)
        if a.dtype != np.dtype("<f4") or not a.flags["C_CONTIGUOUS"]:
            errs.append("bad dtype/order: " + f)

    cases = json.load(open(os.path.join(OUT, "convt", "cases.json")))["cases"]
    for c in cases:
        n = c["name"]
        x = torch.from_numpy(np.load(os.path.join(OUT, "convt", n + "_x.npy")))
        w = torch.from_numpy(np.load(os.path.join(OUT, "convt", n + "_w.npy")))
        y = np.load(os.path.join(OUT, "convt", n + "_y.npy"))
        y2 = F.conv_transpose2d(x, w, stride=c["stride"], padding=c["padding"]).numpy()
        if y.shape != tuple(c["y_shape"]) or not close(y, y2):
            errs.append("convt " + n)

    for d, nz, ngf, ndf, nc, size in [("dcgan64", 100, 8, 8, 3, 64),
                                      ("dcgan32nd", 20, 6, 5, 1, 32)]:
        g = Generator(nz, ngf, nc, size)
        g.load_state_dict(torch.load(os.path.join(OUT, d, "netG.pth")))
        g.eval()
        z = torch.from_numpy(np.load(os.path.join(OUT, d, "z.npy")))
        out = np.load(os.path.join(OUT, d, "out.npy"))
        with torch.no_grad():
            o1 = g(z.view(z.shape[0], nz, 1, 1)).numpy()
            t = torch.jit.load(os.path.join(OUT, d, "netG.pt"))
            o2 = t(z.view(z.shape[0], nz, 1, 1)).numpy()
        if not close(out, o1) or not close(out, o2):
            errs.append(d + " generator")
        dn = Discriminator(nc, ndf, size)
        dn.load_state_dict(torch.load(os.path.join(OUT, d, "netD.pth")))
        dn.eval()
        with torch.no_grad():
            do = dn(torch.from_numpy(np.load(os.path.join(OUT, d, "d_x.npy")))).numpy()
        if not close(do, np.load(os.path.join(OUT, d, "d_out.npy"))):
            errs.append(d + " discriminator")
        # sanity: BN stats/affine are non-trivial
        sd = g.state_dict()
        if float(sd["main.1.running_var"].sub(1).abs().max()) < 1e-3 or \
                float(sd["main.1.weight"].sub(1).abs().max()) < 0.05:
            errs.append(d + " BN looks trivial")

    g = MLPGenerator()
    g.load_state_dict(torch.load(os.path.join(OUT, "mlp", "netG.pth")))
    with torch.no_grad():
        o = g(torch.from_numpy(np.load(os.path.join(OUT, "mlp", "z.npy")))).view(-1, 1, 28, 28)
    if not close(o.numpy(), np.load(os.path.join(OUT, "mlp", "out.npy"))):
        errs.append("mlp")

    g = Generator(8, 4, 1, 32)
    g.load_state_dict(torch.load(os.path.join(OUT, "train_step", "netG_after.pth")))
    g.eval()
    with torch.no_grad():
        o = g(torch.from_numpy(np.load(os.path.join(OUT, "train_step", "z1.npy"))).view(4, 8, 1, 1))
    if not close(o.numpy(), np.load(os.path.join(OUT, "train_step", "g_after_out.npy"))):
        errs.append("train_step g_after_out")

    for bad in ["empty.pth", "truncated.pth", "garbage.pth", "text.pt"]:
        try:
            torch.load(os.path.join(OUT, "bad", bad))
            errs.append("bad/%s unexpectedly loaded" % bad)
        except Exception:
            pass
    return errs


def describe_zip(p):
    with zipfile.ZipFile(p) as z:
        return [(i.filename, i.file_size, i.compress_type) for i in z.infolist()]


# ---------------------------------------------------------------- the stable recipe
# DiffAugment as DiffAugment_pytorch.py (Zhao et al. 2020), with its random draws given explicitly
# (brightness, saturation, contrast in [0, 1), integer shifts and cutout offsets) so Java can use the same.

def diff_augment(x, d):
    b = x.size(0)
    x = x + (d["brightness"].view(b, 1, 1, 1) - 0.5)
    x_mean = x.mean(dim=1, keepdim=True)
    x = (x - x_mean) * (d["saturation"].view(b, 1, 1, 1) * 2) + x_mean
    x_mean = x.mean(dim=[1, 2, 3], keepdim=True)
    x = (x - x_mean) * (d["contrast"].view(b, 1, 1, 1) + 0.5) + x_mean
    # rand_translation, verbatim but for the draws
    translation_x = d["shift_x"].view(b, 1, 1)
    translation_y = d["shift_y"].view(b, 1, 1)
    grid_batch, grid_x, grid_y = torch.meshgrid(
        torch.arange(x.size(0), dtype=torch.long), torch.arange(x.size(2), dtype=torch.long),
        torch.arange(x.size(3), dtype=torch.long), indexing="ij")
    grid_x = torch.clamp(grid_x + translation_x + 1, 0, x.size(2) + 1)
    grid_y = torch.clamp(grid_y + translation_y + 1, 0, x.size(3) + 1)
    x_pad = F.pad(x, [1, 1, 1, 1, 0, 0, 0, 0])
    x = x_pad.permute(0, 2, 3, 1).contiguous()[grid_batch, grid_x, grid_y].permute(0, 3, 1, 2)
    # rand_cutout
    cutout_size = int(x.size(2) * 0.5 + 0.5), int(x.size(3) * 0.5 + 0.5)
    offset_x = d["cutout_x"].view(b, 1, 1)
    offset_y = d["cutout_y"].view(b, 1, 1)
    grid_batch, grid_x, grid_y = torch.meshgrid(
        torch.arange(x.size(0), dtype=torch.long), torch.arange(cutout_size[0], dtype=torch.long),
        torch.arange(cutout_size[1], dtype=torch.long), indexing="ij")
    grid_x = torch.clamp(grid_x + offset_x - cutout_size[0] // 2, min=0, max=x.size(2) - 1)
    grid_y = torch.clamp(grid_y + offset_y - cutout_size[1] // 2, min=0, max=x.size(3) - 1)
    mask = torch.ones(x.size(0), x.size(2), x.size(3), dtype=x.dtype)
    mask[grid_batch, grid_x, grid_y] = 0
    return x * mask.unsqueeze(1)


def random_draw(b, size, g):
    shift = int(size * 0.125 + 0.5)
    cut = int(size * 0.5 + 0.5)
    return {"brightness": torch.rand(b, generator=g), "saturation": torch.rand(b, generator=g),
            "contrast": torch.rand(b, generator=g),
            "shift_x": torch.randint(-shift, shift + 1, (b,), generator=g),
            "shift_y": torch.randint(-shift, shift + 1, (b,), generator=g),
            "cutout_x": torch.randint(0, size + (1 - cut % 2), (b,), generator=g),
            "cutout_y": torch.randint(0, size + (1 - cut % 2), (b,), generator=g)}


def draw_json(d):
    return {k: v.tolist() for k, v in d.items()}


class SNDiscriminator(nn.Module):
    """pytorch/examples' D with spectral_norm on every Conv2d and its BatchNorms left out (Identity), logits out.
    The middle convolutions have a bias where the BatchNorm's beta stood (LatentLab's main.K.bias)."""
    def __init__(self, nc, ndf, image_size):
        super().__init__()
        top = 8 if image_size == 64 else 4
        sn = nn.utils.spectral_norm
        layers = [sn(nn.Conv2d(nc, ndf, 4, 2, 1, bias=False)), nn.LeakyReLU(0.2, inplace=True)]
        mult = 1
        while mult < top:
            layers += [sn(nn.Conv2d(ndf * mult, ndf * mult * 2, 4, 2, 1, bias=True)),
                       nn.Identity(), nn.LeakyReLU(0.2, inplace=True)]
            mult *= 2
        layers += [sn(nn.Conv2d(ndf * top, 1, 4, 1, 0, bias=False))]
        self.main = nn.Sequential(*layers)

    def forward(self, x):
        return self.main(x).view(-1)


def save_npz(rel, sd):
    p = path(*rel.split("/"))
    arrays = {k: np.ascontiguousarray(v.detach().cpu().numpy().astype("<f4"))
              for k, v in sd.items() if not k.endswith("num_batches_tracked")}
    np.savez(p, **arrays)
    WRITTEN.append((rel, "npz (%d tensors)" % len(arrays)))


def make_stable():
    """fixtures/stable/: spectral norm (forward, gradients, u/v updates), DiffAugment (forward,
    gradient), the learning-rate schedules, and two iterations of the stable recipe's loop (hinge
    loss, SN, TTUR, Adam (0, 0.9), DiffAugment with given draws) against pytorch."""
    seed_all(11)
    nz, ngf, ndf, nc, size, bs = 8, 4, 4, 3, 32, 4
    # --- spectral norm alone: D in train mode, one forward, gradients of sum(logits * r)
    netD = SNDiscriminator(nc, ndf, size)
    netD.apply(weights_init)
    for mod in netD.modules():  # weights_init wrote .weight, which SN recomputes; init weight_orig
        if isinstance(mod, nn.Conv2d):
            torch.nn.init.normal_(mod.weight_orig, 0.0, 0.02)
    save_npz("stable/sn_d.npz", netD.state_dict())
    x = torch.from_numpy(save_npy("stable/sn_x.npy", torch.rand(bs, nc, size, size) * 2 - 1).copy())
    r = torch.from_numpy(save_npy("stable/sn_r.npy", torch.randn(bs)).copy())
    netD.train()
    out = netD(x)
    (out * r).sum().backward()
    save_npy("stable/sn_out.npy", out)
    grads = {k + "_grad": p.grad for k, p in netD.named_parameters()}
    after = {k: v for k, v in netD.state_dict().items() if k.endswith("_u") or k.endswith("_v")}
    save_npz("stable/sn_grads.npz", grads)
    save_npz("stable/sn_uv_after.npz", after)
    netD.eval()
    with torch.no_grad():
        save_npy("stable/sn_eval_out.npy", netD(x))
    # the engine check: the same weights as a plain conv / LeakyReLU chain, no normalisation
    ws = [netD.state_dict()[n + ".weight_orig"].clone().requires_grad_(True) for n in ("main.0", "main.2", "main.5", "main.8")]
    h = x
    for j, w in enumerate(ws):
        h = F.conv2d(h, w, stride=2 if j < 3 else 1, padding=1 if j < 3 else 0)
        if j < 3:
            h = F.leaky_relu(h, 0.2)
    (h.view(-1) * r).sum().backward()
    save_json("stable/engine_check.json", {
        "note": "plain conv/LeakyReLU chain on sn_d.npz's weight_orig (no normalisation), input sn_x, loss "
                "sum(logits*sn_r): torch 1.13's gradient of main.0.weight_orig, flattened; float64 finite "
                "differences agree to 1e-9", "grad0": ws[0].grad.flatten().tolist()})

    # the engine check's forward case: a convolution with 24 input channels (the second face reader has one)
    xf = save_npy("stable/engine_fwd_x.npy", torch.randn(8, 24, 16, 16))
    wf = save_npy("stable/engine_fwd_w.npy", torch.randn(32, 24, 3, 3) * 0.1)
    save_npy("stable/engine_fwd_y.npy", F.conv2d(torch.from_numpy(xf), torch.from_numpy(wf), stride=2, padding=1))

    # --- DiffAugment alone
    g = torch.Generator().manual_seed(5)
    xa = torch.from_numpy(save_npy("stable/aug_x.npy", torch.rand(bs, nc, size, size) * 2 - 1).copy())
    xa.requires_grad_(True)
    d = random_draw(bs, size, g)
    ra = torch.from_numpy(save_npy("stable/aug_r.npy", torch.randn(bs, nc, size, size)).copy())
    ya = diff_augment(xa, d)
    (ya * ra).sum().backward()
    save_npy("stable/aug_out.npy", ya)
    save_npy("stable/aug_grad.npy", xa.grad)
    save_json("stable/aug_draw.json", draw_json(d))

    # --- learning-rate schedules: torch's own schedulers over 20 steps, 5 of warm-up from 1/5
    sched = {}
    for name in ("linear", "cosine"):
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=1.0)
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.2, end_factor=1.0, total_iters=4)
        if name == "linear":
            decay = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=10)
        else:
            decay = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)
        s = torch.optim.lr_scheduler.SequentialLR(opt, [warm, torch.optim.lr_scheduler.ConstantLR(opt, 1.0, 0),
                                                        decay], milestones=[5, 10])
        lrs = []
        for _ in range(20):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        sched[name] = lrs
    save_json("stable/schedules.json", sched)

    # --- two iterations of the stable loop
    seed_all(12)
    netG = Generator(nz, ngf, nc, size)
    netG.apply(weights_init)
    netD = SNDiscriminator(nc, ndf, size)
    for mod in netD.modules():
        if isinstance(mod, nn.Conv2d):
            torch.nn.init.normal_(mod.weight_orig, 0.0, 0.02)
    save_npz("stable/loop_g.npz", netG.state_dict())
    save_npz("stable/loop_d.npz", netD.state_dict())
    optD = torch.optim.Adam(netD.parameters(), lr=4e-4, betas=(0.0, 0.9))
    optG = torch.optim.Adam(netG.parameters(), lr=1e-4, betas=(0.0, 0.9))
    netG.train()
    netD.train()
    g = torch.Generator().manual_seed(6)
    results, draws = [], []
    for i in range(2):
        real = torch.from_numpy(save_npy("stable/loop_x%d.npy" % (i + 1), torch.rand(bs, nc, size, size) * 2 - 1).copy())
        z = torch.from_numpy(save_npy("stable/loop_z%d.npy" % (i + 1), torch.randn(bs, nz)).copy())
        d_real, d_fake, d_g = (random_draw(bs, size, g) for _ in range(3))
        draws += [draw_json(d_real), draw_json(d_fake), draw_json(d_g)]
        netD.zero_grad()
        fake = netG(z.view(bs, nz, 1, 1))
        out_real = netD(diff_augment(real, d_real))
        out_fake = netD(diff_augment(fake.detach(), d_fake))
        errD_real = F.relu(1 - out_real).mean()
        errD_fake = F.relu(1 + out_fake).mean()
        (errD_real + errD_fake).backward()
        optD.step()
        netG.zero_grad()
        out = netD(diff_augment(fake, d_g))
        errG = -out.mean()
        errG.backward()
        optG.step()
        results.append({"errD_real": errD_real.item(), "errD_fake": errD_fake.item(), "errG": errG.item(),
                        "D_x": torch.sigmoid(out_real).mean().item(),
                        "D_G_z1": torch.sigmoid(out_fake).mean().item(),
                        "D_G_z2": torch.sigmoid(out).mean().item()})
    save_json("stable/loop_expected.json", results)
    save_json("stable/loop_draws.json", draws)
    save_npz("stable/loop_d_after.npz", netD.state_dict())
    netG.eval()
    with torch.no_grad():
        save_npy("stable/loop_g_after_out.npy", netG(torch.from_numpy(np.load(path("stable", "loop_z1.npy"))).view(bs, nz, 1, 1)))
    return results


def make_step_through():
    """fixtures/step_through/: one iteration taken apart as train.StepThrough does it: loss_G backward
    (G's and D's per-parameter gradient norms; D's then zeroed, only G stepped), then loss_D backward
    on the same G(z) detached (D's norms) and D's step. Non-saturating loss, Adam 2e-4 / 0.5."""
    seed_all(11)
    nz, ngf, ndf, nc, size, bs = 8, 4, 4, 1, 32, 4
    netG = Generator(nz, ngf, nc, size)
    netG.apply(weights_init)
    netD = Discriminator(nc, ndf, size)
    netD.apply(weights_init)
    save_state("step_through/netG.pth", netG)
    save_state("step_through/netD.pth", netD)
    x = torch.from_numpy(save_npy("step_through/x.npy", torch.rand(bs, nc, size, size) * 2 - 1).copy())
    z = torch.from_numpy(save_npy("step_through/z.npy", torch.randn(bs, nz)).copy())
    optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizerG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    netG.train()
    netD.train()
    criterion = nn.BCELoss()
    ones = torch.ones(bs)
    zeros = torch.zeros(bs)

    def norms(net):
        return {k: (p.grad.norm().item() if p.grad is not None else 0.0) for k, p in net.named_parameters()}

    netG.zero_grad()
    netD.zero_grad()
    fake = netG(z.view(bs, nz, 1, 1))
    out = netD(fake)
    errG = criterion(out, ones)
    errG.backward()
    g_from_g = norms(netG)
    d_from_g = norms(netD)
    d_before = {k: p.detach().clone() for k, p in netD.named_parameters()}
    optimizerG.step()
    netD.zero_grad()
    d_change_g = max((p.detach() - d_before[k]).abs().max().item() for k, p in netD.named_parameters())
    out_real = netD(x)
    out_fake = netD(fake.detach())
    errD_real = criterion(out_real, ones)
    errD_fake = criterion(out_fake, zeros)
    (errD_real + errD_fake).backward()
    d_from_d = norms(netD)
    optimizerD.step()
    save_json("step_through/expected.json", {
        "d_real": out_real.tolist(), "d_fake": out.tolist(),
        "bce_real": errD_real.item(), "bce_fake": errD_fake.item(), "bce_g": errG.item(),
        "g_from_loss_g": g_from_g, "d_from_loss_g": d_from_g, "d_change_at_g_step": d_change_g,
        "d_from_loss_d": d_from_d})
    save_state("step_through/netG_after.pth", netG)
    save_state("step_through/netD_after.pth", netD)


def main():
    if sys.argv[1:] == ["stable"]:
        torch.set_num_threads(1)
        shutil.rmtree(os.path.join(OUT, "stable"), ignore_errors=True)
        res = make_stable()
        for rel, note in WRITTEN:
            print("%-32s %8d B  %s" % (rel, os.path.getsize(os.path.join(OUT, rel)), note))
        print("stable loop expected:", json.dumps(res))
        return
    if sys.argv[1:] == ["vae"]:
        torch.set_num_threads(1)
        shutil.rmtree(os.path.join(OUT, "vae"), ignore_errors=True)
        make_vae()
        for rel, note in WRITTEN:
            print("%-32s %8d B  %s" % (rel, os.path.getsize(os.path.join(OUT, rel)), note))
        return
    if sys.argv[1:] == ["step_through"]:
        torch.set_num_threads(1)
        shutil.rmtree(os.path.join(OUT, "step_through"), ignore_errors=True)
        make_step_through()
        for rel, note in WRITTEN:
            print("%-32s %8d B  %s" % (rel, os.path.getsize(os.path.join(OUT, rel)), note))
        return
    if sys.argv[1:] == ["roundtrip"]:
        torch.set_num_threads(1)
        make_roundtrip()
        return
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    torch.set_num_threads(1)
    make_convt()
    make_dcgan("dcgan64", 2, nz=100, ngf=8, ndf=8, nc=3, size=64, nzs=5, nds=3)
    make_dcgan("dcgan32nd", 3, nz=20, ngf=6, ndf=5, nc=1, size=32, nzs=4, nds=3)
    res = make_train_step()
    make_mlp()
    make_bad()
    make_vae()
    make_stable()
    make_step_through()

    total = 0
    for rel, note in WRITTEN:
        sz = os.path.getsize(os.path.join(OUT, rel))
        total += sz
        print("%-32s %8d B  %s" % (rel, sz, note))
    print("total: %d bytes (%.1f KiB) in %d files" % (total, total / 1024, len(WRITTEN)))
    print("train_step expected:", json.dumps(res))
    print("zip layout of dcgan32nd/netG.pth:")
    for e in describe_zip(os.path.join(OUT, "dcgan32nd", "netG.pth")):
        print("   ", e)
    errs = verify()
    if errs:
        print("VERIFY FAILED:", errs)
        sys.exit(1)
    print("verify: OK")


if __name__ == "__main__":
    main()
