#!/usr/bin/python3
"""Write the safetensors fixtures for LatentLab's Java tests (once; rerunnable, deterministic).

    /usr/bin/python3 tools/safetensors_fixtures.py

Reads the PyTorch fixture generator src/test/resources/fixtures/dcgan32nd/netG.pth with torch
(torch.load: torch's own state_dict is the reference for every value) and writes, into
src/test/resources/fixtures/safetensors/:

  netG_F32.safetensors, netG_F16.safetensors, netG_BF16.safetensors, netG_F64.safetensors
      the state_dict (pytorch/examples dcgan key names, num_batches_tracked as I64), every
      float tensor in that dtype; __metadata__ {"format": "pt"} as safetensors.torch writes it
  out_F16.npy, out_BF16.npy
      the generator's eval-mode output for dcgan32nd/z.npy with the weights rounded to that
      dtype (F32 and F64 reproduce dcgan32nd/out.npy exactly; checked here)
  bad_*.safetensors
      broken files, one problem each (see BAD below)

The writer below is written from the format's specification (huggingface/safetensors,
README "Format"), not from LatentLab's Java code: an 8-byte little-endian u64 N, N bytes of
UTF-8 JSON {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {..}},
padded with spaces to a multiple of 8 as the reference writer does, then the byte buffer
(offsets relative to its start, C order, little-endian). No safetensors package needed.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import Generator  # noqa: E402  pytorch/examples dcgan's Generator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "src", "test", "resources", "fixtures")
OUT = os.path.join(FIX, "safetensors")

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}


def raw_bytes(t):
    """A tensor's values, C order, little-endian (bfloat16 via its 16-bit pattern: numpy has no bf16)."""
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def st_dtype(t):
    return {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
            torch.int64: "I64"}[t.dtype]


def encode(entries, metadata=None):
    """entries: [(name, dtype, shape, bytes)] in buffer order → the file's bytes."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    buf = bytearray()
    for name, dtype, shape, data in entries:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(buf), len(buf) + len(data)]}
        buf += data
    return with_header(header, bytes(buf))


def with_header(header, buf):
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + buf


def write(name, data, note):
    p = os.path.join(OUT, name)
    with open(p, "wb") as f:
        f.write(data)
    print("%-34s %7d B  %s" % (name, len(data), note))


def generator_output(state):
    g = Generator(20, 6, 1, 32)
    g.load_state_dict(state)
    g.eval()
    z = torch.from_numpy(np.load(os.path.join(FIX, "dcgan32nd", "z.npy")))
    with torch.no_grad():
        return g(z.view(z.shape[0], 20, 1, 1)).numpy().astype("<f4")


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    state = torch.load(os.path.join(FIX, "dcgan32nd", "netG.pth"))
    want = np.load(os.path.join(FIX, "dcgan32nd", "out.npy"))
    for tag, dtype in DTYPES.items():
        entries = []
        rounded = {}
        for k, v in state.items():
            t = v.to(dtype) if v.is_floating_point() else v
            entries.append((k, st_dtype(t), tuple(t.shape), raw_bytes(t)))
            rounded[k] = t.to(torch.float32) if v.is_floating_point() else v
        write("netG_%s.safetensors" % tag, encode(entries, {"format": "pt"}),
              "dcgan32nd/netG.pth, floats as %s" % tag)
        out = generator_output(rounded)
        if tag in ("F32", "F64"):
            diff = float(np.abs(out - want).max())
            assert diff == 0.0, "%s weights do not reproduce out.npy (%g)" % (tag, diff)
        else:
            np.save(os.path.join(OUT, "out_%s.npy" % tag), out)
            print("%-34s %7s    G(z.npy) with %s-rounded weights, max |diff| to out.npy %.2e"
                  % ("out_%s.npy" % tag, "", tag, float(np.abs(out - want).max())))

    # ---- bad files: each has exactly one problem
    f32 = open(os.path.join(OUT, "netG_F32.safetensors"), "rb").read()
    two = [("a", "F32", (2, 3), bytes(24)), ("b", "F32", (4,), bytes(16))]
    write("bad_short.safetensors", f32[:5], "5 bytes: not even the header length")
    write("bad_truncated.safetensors", f32[: int(len(f32) * 0.6)], "first 60% of netG_F32")
    write("bad_header_past_end.safetensors", struct.pack("<Q", 1 << 20) + b'{"a":' + bytes(27),
          "header length 1 MiB in a 40-byte file")
    write("bad_not_json.safetensors", struct.pack("<Q", 8) + b"{nope:  ", "header is not JSON")
    write("bad_dtype.safetensors", encode([("a", "Q3", (2, 3), bytes(24))]), "dtype Q3")
    write("bad_huge_shape.safetensors",
          with_header({"a": {"dtype": "F32", "shape": [1 << 40, 1 << 40], "data_offsets": [0, 8]}}, bytes(8)),
          "shape [2^40, 2^40]")
    write("bad_overlap.safetensors",
          with_header({"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
                       "b": {"dtype": "F32", "shape": [4], "data_offsets": [16, 32]}}, bytes(32)),
          "b's bytes [16, 32) overlap a's [0, 24)")
    write("bad_out_of_range.safetensors",
          with_header({"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
                       "b": {"dtype": "F32", "shape": [4], "data_offsets": [24, 40]}}, bytes(32)),
          "b ends at 40 in a 32-byte buffer")
    write("bad_size_mismatch.safetensors",
          with_header({"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}}, bytes(20)),
          "shape [2, 3] F32 is 24 bytes, offsets give 20")
    write("ok_two.safetensors", encode(two, {"note": "two zero tensors"}), "two zero tensors (a control)")


if __name__ == "__main__":
    main()
