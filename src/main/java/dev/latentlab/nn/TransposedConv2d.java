package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's ConvTranspose2d (kernel 4, stride 2, no bias) built from operators DJL's PyTorch
 * engine has, with the weight kept in PyTorch's layout Wt[in, out, 4, 4].
 *
 * <p>Output pixel y[2m+a, 2n+b] (phase a, b ∈ {0, 1}) only ever sees a 2x2 neighbourhood of the
 * input. So one stride-1 2x2 convolution with padding 1 into 4·Cout channels computes all four
 * phases at once, with W[(2a+b)·Cout + o, i, dr, dc] = Wt[i, o, 3−a−2·dr, 3−b−2·dc]; phase (a, b)
 * is that output's window starting at row a, column b, and interleaving the four phases gives y.
 * The multiply-adds are exactly those of the transposed convolution (no inserted zeros).
 * A padding p > 1 crops p − 1 pixels from each side of the padding-1 result.
 */
public final class TransposedConv2d {
    private TransposedConv2d() {}

    /** Wt[in, out, 4, 4] → the 2x2 phase-convolution weight [4·out, in, 2, 2]. Differentiable. */
    public static NDArray phaseWeight(NDArray wt) {
        Shape s = wt.getShape();
        long in = s.get(0);
        long out = s.get(1);
        // flipped: Wf[i, o, u, v] = Wt[i, o, 3-u, 3-v], and u = a + 2·dr, v = b + 2·dc
        NDArray flipped = wt.flip(2, 3);
        NDArray split = flipped.reshape(in, out, 2, 2, 2, 2); // [i, o, dr, a, dc, b]
        return split.transpose(3, 5, 1, 0, 2, 4).reshape(4 * out, in, 2, 2); // [(a, b, o), i, dr, dc]
    }

    /** Transposed convolution, kernel 4, stride 2, padding {@code padding} ≥ 1. */
    public static NDArray forward(NDArray x, NDArray wt, int padding) {
        return forwardPhases(x, phaseWeight(wt), null, padding);
    }

    /**
     * The same with a precomputed phase weight (and an optional per-phase-channel bias of 4·Cout,
     * used when BatchNorm is folded in for inference).
     */
    public static NDArray forwardPhases(NDArray x, NDArray phaseW, NDArray bias, int padding) {
        return interleave(phaseConv(x, phaseW, bias), padding);
    }

    /**
     * The phase convolution alone: x [N, Cin, H, W] → [N, 4·Cout, H+1, W+1], channel block 2a+b
     * holding phase (a, b). Linear in x (plus the bias), which the removal search uses.
     */
    public static NDArray phaseConv(NDArray x, NDArray phaseW, NDArray bias) {
        return Convolution.conv2d(x, phaseW, bias, 1, 1); // 4·Cout outputs, 4 for a gray image: see Convolution
    }

    /**
     * A phase convolution's output [N, 4·Cout, H+1, W+1] interleaved into the transposed
     * convolution's output [N, Cout, 2H, 2W] (with padding p > 1, cropped by p − 1 on each side).
     */
    public static NDArray interleave(NDArray conv, int padding) {
        if (padding < 1) {
            throw new IllegalArgumentException("padding must be at least 1, got " + padding);
        }
        Shape cs = conv.getShape();
        long n = cs.get(0);
        long cout = cs.get(1) / 4;
        long h = cs.get(2) - 1;
        long w = cs.get(3) - 1;
        // [N, 4·Cout, H+1, W+1] → four phase outputs [N, Cout, H+1, W+1] (views; channel block 2a+b)
        NDList phases = conv.split(4, 1);
        NDArray[] rows = new NDArray[2];
        for (int a = 0; a < 2; a++) {
            NDArray[] cols = new NDArray[2];
            for (int b = 0; b < 2; b++) {
                // phase (a, b): rows a..a+H-1, columns b..b+W-1 → [N, Cout, H, W]. Only the two
                // spatial dimensions are sliced, so autograd's slice backward touches one phase's
                // block, not the whole convolution output (an index with fixed a, b would zero-fill
                // the whole output once per phase)
                cols[b] = phases.get(2 * a + b).get(":, :, {}:{}, {}:{}", a, a + h, b, b + w);
            }
            rows[a] = NDArrays.stack(new NDList(cols), 4); // [N, Cout, H, W, b]
        }
        NDArray y = NDArrays.stack(new NDList(rows), 3).reshape(n, cout, 2 * h, 2 * w); // [N, Cout, H, a, W, b]
        int crop = padding - 1;
        if (crop > 0) {
            y = y.get(":, :, {}:{}, {}:{}", crop, 2 * h - crop, crop, 2 * w - crop);
        }
        return y;
    }

    /**
     * The first layer, ConvTranspose2d(nz, C, 4, stride 1, padding 0) on a 1x1 input, which is a
     * linear map: z[N, nz] · Wt[nz, C·16] reshaped to [N, C, 4, 4].
     */
    public static NDArray project(NDArray z, NDArray wt) {
        Shape s = wt.getShape();
        long nz = s.get(0);
        long c = s.get(1);
        long n = z.getShape().get(0);
        return z.reshape(n, nz).matMul(wt.reshape(nz, c * 16)).reshape(n, c, 4, 4);
    }
}
