#!/usr/bin/python3
"""An attribute reader's (eval.Classifier's) inference pass as a TorchScript *program* with no weights
in it, for bfloat16 (see dcgan_runner.py for why a program and not DJL: DJL 0.36 has no bfloat16 array).

  load(ws, bs, strides, pads, extra, fc_w, fc_b, out_w, out_b, gap, multilabel, bf16)
      ws[i]      [Cout, Cin, k, k]             conv i's weight, BatchNorm folded in
      bs[i]      [Cout]                        its folded bias
      strides[i], pads[i]                      its stride and padding
      extra[i]   zero channels appended to conv i's input and weight (LatentLab's Convolution does the
                 same for more than 16 channels not a multiple of 16, which some CPUs' oneDNN gets wrong);
                 float32 only: in bfloat16 every convolution after the first has a multiple of 16 input
                 and output channels (zero rows, zero weights), since oneDNN's bfloat16 kernels get
                 other counts wrong on AMD EPYC family 26 whether in or out
      fc_w [F, D], fc_b [F]                    the feature layer (folded), D = C·s·s or C with gap
      out_w [K, F], out_b [K]                  the head
      gap        global average pooling before fc (head "gap")
      multilabel sigmoid per output (else softmax)
      bf16       run the convolutions in bfloat16 (weights prepacked for oneDNN once, here)
  forward(x [N, C, S, S] float32 in [-1, 1]) -> [N, F + K] float32: the features, then the probabilities

conv i: x = relu(conv2d(x, W_i, b_i, stride, pad)); then flatten (or mean over positions),
relu(x @ fc_w^T + fc_b), and the head. The feature layer and the head run in float32 in both modes
(small matrix products; the features feed FD, which sums squares of them).

Build (Debian's python3-torch; the file is committed):
  /usr/bin/python3 tools/torchscript/reader_runner.py src/main/resources/dev/latentlab/eval/reader_runner.pt
"""
import sys
from typing import List

import torch
import torch.nn.functional as F


class ReaderRunner(torch.nn.Module):
    ws: List[torch.Tensor]
    bs: List[torch.Tensor]
    strides: List[int]
    pads: List[int]
    extra: List[int]
    couts: List[int]
    fc_w: torch.Tensor
    fc_b: torch.Tensor
    out_w: torch.Tensor
    out_b: torch.Tensor
    gap: bool
    multilabel: bool
    bf16: bool

    def __init__(self):
        super().__init__()
        self.ws = []
        self.bs = []
        self.strides = []
        self.pads = []
        self.extra = []
        self.couts = []
        self.fc_w = torch.zeros(1)
        self.fc_b = torch.zeros(1)
        self.out_w = torch.zeros(1)
        self.out_b = torch.zeros(1)
        self.gap = False
        self.multilabel = True
        self.bf16 = False

    @torch.jit.export
    def load(self, ws: List[torch.Tensor], bs: List[torch.Tensor], strides: List[int], pads: List[int],
             extra: List[int], fc_w: torch.Tensor, fc_b: torch.Tensor, out_w: torch.Tensor, out_b: torch.Tensor,
             gap: bool, multilabel: bool, bf16: bool) -> int:
        wl: List[torch.Tensor] = []
        bl: List[torch.Tensor] = []
        couts: List[int] = []
        prev = 0  # bfloat16: the previous convolution's output channels, zero rows included
        for i in range(len(ws)):
            w = ws[i].float()
            b = bs[i].float()
            couts.append(w.shape[0])
            if bf16:
                # oneDNN gets channel counts that are not a multiple of 16 wrong on some CPUs (AMD EPYC
                # family 26: the second reader's 24-channel layer moved probabilities by 0.1 on average),
                # so every convolution after the first outputs a multiple of 16 (zero rows: relu keeps
                # them 0) and takes the previous one's zero channels as input (zero weights)
                if w.shape[0] % 16 != 0:
                    r = (w.shape[0] + 15) // 16 * 16 - w.shape[0]
                    w = torch.cat([w, torch.zeros([r, w.shape[1], w.shape[2], w.shape[3]])], 0)
                    b = torch.cat([b, torch.zeros([r])], 0)
                if i > 0 and prev > w.shape[1]:
                    w = torch.cat([w, torch.zeros([w.shape[0], prev - w.shape[1], w.shape[2], w.shape[3]])], 1)
                prev = w.shape[0]
            elif extra[i] > 0:  # zero input channels, as LatentLab's Convolution appends them
                w = torch.cat([w, torch.zeros([w.shape[0], extra[i], w.shape[2], w.shape[3]])], 1)
            w = w.contiguous()
            b = b.contiguous()
            if bf16:
                s = strides[i]
                p = pads[i]
                wl.append(torch._C._nn.mkldnn_reorder_conv2d_weight(w.to_mkldnn(torch.bfloat16), [p, p], [s, s],
                                                                    [1, 1], 1))
                bl.append(b.to(torch.bfloat16))
            else:
                wl.append(w)
                bl.append(b)
        self.ws = wl
        self.bs = bl
        self.strides = strides
        self.pads = pads
        self.extra = extra
        self.couts = couts
        self.fc_w = fc_w.float().contiguous()
        self.fc_b = fc_b.float().contiguous()
        self.out_w = out_w.float().contiguous()
        self.out_b = out_b.float().contiguous()
        self.gap = gap
        self.multilabel = multilabel
        self.bf16 = bf16
        return len(self.ws)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        h = x.to(torch.bfloat16) if self.bf16 else x
        for i in range(len(self.ws)):
            e = self.extra[i]
            if e > 0 and not self.bf16:  # bfloat16 carries its zero channels in the weights (load)
                h = torch.cat([h, torch.zeros([n, e, h.shape[2], h.shape[3]], dtype=h.dtype)], 1)
            s = self.strides[i]
            p = self.pads[i]
            if self.bf16:
                h = torch.mkldnn_convolution(h, self.ws[i], self.bs[i], [p, p], [s, s], [1, 1], 1)
            else:
                h = F.conv2d(h, self.ws[i], self.bs[i], s, p)
            h = torch.relu(h)
        h = h.float()
        c = self.couts[len(self.couts) - 1]
        if h.shape[1] != c:  # bfloat16's zero channels
            h = h[:, 0:c]
        if self.gap:
            h = h.reshape(n, h.shape[1], -1).mean(2)
        else:
            h = h.reshape(n, -1)
        f = torch.relu(torch.matmul(h, self.fc_w.t()) + self.fc_b)
        logits = torch.matmul(f, self.out_w.t()) + self.out_b
        p = torch.sigmoid(logits) if self.multilabel else torch.softmax(logits, 1)
        return torch.cat([f, p], 1)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "reader_runner.pt"
    torch.jit.script(ReaderRunner()).save(out)
    print("wrote", out, "with torch", torch.__version__)
