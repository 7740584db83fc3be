#!/usr/bin/python3
"""The DCGAN generator's inference pass as a TorchScript *program* with no weights in it.

LatentLab runs its generator in float32 through DJL. DJL 0.36 cannot make a bfloat16 array
(NDArray.toType(BFLOAT16) aborts the JVM: its JNI maps DJL's data types to torch's without a
bfloat16 case), but a TorchScript module can cast inside itself: DJL hands it float32 arrays
and gets float32 back, and libtorch (oneDNN) runs the convolutions in between in bfloat16, on
the CPU's AMX tiles where it has them. This file is that module. It is generic: Java calls
load() once with the generator's folded weights (BatchNorm folded into the convolutions, the
transposed convolutions in LatentLab's phase form, exactly the arrays DcganGenerator's own
inference uses), then forward(z) per batch.

  load(mats, biases, pads, bf16)
      mats[0]    [nz, C0*16]          the projection z -> 4x4xC0 as a matrix
      biases[0]  [C0*16]
      mats[i]    [4*Ci, C(i-1), 2, 2] phase weight of stage i (rows: phase 2a+b, then channel)
      biases[i]  [4*Ci]
      pads[i]    the stage's transposed-convolution padding (1; the 28x28 edge stage has 3)
      bf16       run the stages in bfloat16: weights cast and prepacked here, once; activations cast per stage
  forward(z [N, nz] float32) -> images [N, C, H, W] float32 in [-1, 1]
  from_pre(pre [N, 4*Ci, H+1, W+1] float32, i) -> the same images from stage i's pre-activation
      (its phase convolution plus bias, as SplitForward.nextPre gives it): the removal search's trials

Stage i (>= 1): y = conv2d(x, W_i, b_i, stride 1, padding 1)  [N, 4*Ci, H+1, W+1]
                out[:, :, 2r+a, 2c+b] = y[:, (2a+b)*Ci:(2a+b+1)*Ci, r+a, c+b]   (phase interleave)
                cropped by pads[i]-1 per side, then ReLU (tanh after the last stage).

bfloat16 (since 2026-12-07): the stages' phase weights are reordered once, at load, into oneDNN's
own blocked layout (aten::mkldnn_reorder_conv2d_weight) and each stage calls
aten::mkldnn_convolution with that opaque weight on a plain (dense) bfloat16 input. Plain
F.conv2d with a dense bfloat16 weight made oneDNN reorder every weight on every call, which at
batch 1 cost more than the arithmetic (the first stage's 2M-value weight: 1.57 ms of a 3.3 ms
frame on a Sapphire Rapids core); an opaque input as well (x.to_mkldnn() ... .to_dense()) cost
two more reorders per stage. The projection z -> 4x4xC0 stays float32 (a matrix-vector product
at batch 1, bound by memory either way; bfloat16's mm was slower there). float32 keeps exactly
the operations of LatentLab's own pass, so its images equal that pass's to the bit on the
machines measured. In bfloat16 every channel count the convolutions see is a multiple of 16 (zero
rows and zero input channels where it is not: the RGB stage's 12 rows become 16): oneDNN's blocked
kernels get other counts wrong on some CPUs (AMD EPYC family 26, 2026-12-07: max error 1.33 before,
0.025 after, the same as on an Intel Sapphire Rapids).

Build (Debian's python3-torch; the file is committed, so nothing here runs at build or run time):
  /usr/bin/python3 tools/torchscript/dcgan_runner.py src/main/resources/dev/latentlab/nn/dcgan_runner.pt
"""
import sys
from typing import List

import torch
import torch.nn.functional as F


def to16(c: int) -> int:
    """c rounded up to a multiple of 16."""
    return (c + 15) // 16 * 16


class DcganRunner(torch.nn.Module):
    mats: List[torch.Tensor]
    biases: List[torch.Tensor]
    pads: List[int]
    couts: List[int]
    inpad: List[int]
    bf16: bool

    def __init__(self):
        super().__init__()
        self.mats = []
        self.biases = []
        self.pads = []
        self.couts = []
        self.inpad = []
        self.bf16 = False

    @torch.jit.export
    def load(self, mats: List[torch.Tensor], biases: List[torch.Tensor], pads: List[int], bf16: bool) -> int:
        # the projection is float32 in both modes; a bfloat16 stage's weight becomes an opaque
        # oneDNN tensor in the layout its convolution wants (reordered here, once)
        ms: List[torch.Tensor] = [mats[0].float().contiguous()]
        bs: List[torch.Tensor] = [biases[0].float().contiguous()]
        couts: List[int] = [0]
        inpad: List[int] = [0]
        for i in range(1, len(mats)):
            m = mats[i].float().contiguous()
            b = biases[i].float().contiguous()
            couts.append(m.shape[0] // 4)
            inpad.append(0)
            if bf16:
                # oneDNN computes channel counts that are not a multiple of 16 wrongly on some CPUs (AMD
                # EPYC family 26: the last stage's 12 rows gave errors of 1.3 on images in [-1, 1]), so in
                # bfloat16 every count is made one: zero rows (sliced off after the convolution) and zero
                # input channels (appended to the activation in forward)
                rows = m.shape[0]
                if rows % 16 != 0:
                    m = torch.cat([m, torch.zeros([to16(rows) - rows, m.shape[1], 2, 2])], 0)
                    b = torch.cat([b, torch.zeros([to16(rows) - rows])], 0)
                cin = m.shape[1]
                if cin % 16 != 0:
                    m = torch.cat([m, torch.zeros([m.shape[0], to16(cin) - cin, 2, 2])], 1)
                    inpad[i] = to16(cin) - cin
                m = m.contiguous()
            if bf16:
                ms.append(torch._C._nn.mkldnn_reorder_conv2d_weight(m.to_mkldnn(torch.bfloat16), [1, 1], [1, 1],
                                                                    [1, 1], 1))
                bs.append(b.to(torch.bfloat16))
            else:
                ms.append(m)
                bs.append(b)
        self.mats = ms
        self.biases = bs
        self.pads = pads
        self.couts = couts
        self.inpad = inpad
        self.bf16 = bf16
        return len(self.mats)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        n = z.shape[0]
        c0 = self.biases[0].shape[0] // 16
        x = torch.relu((torch.matmul(z, self.mats[0]) + self.biases[0]).reshape(n, c0, 4, 4))
        for i in range(1, len(self.mats)):
            x = self.finish(self.phase(x, i), i)
        return x.float()

    @torch.jit.export
    def from_pre(self, pre: torch.Tensor, stage: int) -> torch.Tensor:
        """The images from stage `stage`'s pre-activation in the phase layout, [N, 4*C, H+1, W+1]
        float32 (the removal search's trials: SplitForward.fromPre): that stage's interleave and
        activation in float32, then the later stages as forward runs them."""
        x = self.finish(pre, stage)
        for i in range(stage + 1, len(self.mats)):
            x = self.finish(self.phase(x, i), i)
        return x.float()

    def phase(self, x: torch.Tensor, i: int) -> torch.Tensor:
        """Stage i's phase convolution of x [N, C(i-1), H, W]: [N, 4*Ci, H+1, W+1] (bfloat16 in bf16 mode)."""
        n = x.shape[0]
        h = x.shape[2]
        w = x.shape[3]
        if self.bf16:
            # dense bfloat16 [N, C, H, W] in and out, the weight prepacked; the zero rows sliced off
            xb = x.to(torch.bfloat16)
            if self.inpad[i] > 0:
                xb = torch.cat([xb, torch.zeros([n, self.inpad[i], h, w], dtype=torch.bfloat16)], 1)
            y = torch.mkldnn_convolution(xb, self.mats[i], self.biases[i], [1, 1], [1, 1], [1, 1], 1)
            if y.shape[1] != 4 * self.couts[i]:
                y = y[:, 0:4 * self.couts[i]]
            return y
        return F.conv2d(x, self.mats[i], self.biases[i], 1, 1)

    def finish(self, y: torch.Tensor, i: int) -> torch.Tensor:
        """Stage i's phase output y [N, 4*Ci, H+1, W+1] interleaved to [N, Ci, 2H, 2W], cropped, then ReLU (tanh last)."""
        n = y.shape[0]
        cout = self.couts[i]
        h = y.shape[2] - 1
        w = y.shape[3] - 1
        p = y.split(cout, 1)
        r0 = torch.stack([p[0][:, :, 0:h, 0:w], p[1][:, :, 0:h, 1:1 + w]], 4)  # [N, C, H, W, b], a = 0
        r1 = torch.stack([p[2][:, :, 1:1 + h, 0:w], p[3][:, :, 1:1 + h, 1:1 + w]], 4)  # a = 1
        x = torch.stack([r0, r1], 3).reshape(n, cout, 2 * h, 2 * w)  # [N, C, H, a, W, b]
        crop = self.pads[i] - 1
        if crop > 0:
            x = x[:, :, crop:2 * h - crop, crop:2 * w - crop]
        return torch.tanh(x) if i == len(self.mats) - 1 else torch.relu(x)

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "dcgan_runner.pt"
    torch.jit.script(DcganRunner()).save(out)
    print("wrote", out, "with torch", torch.__version__)
