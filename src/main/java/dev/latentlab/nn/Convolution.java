package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Every 2-D convolution of the networks, through one door.
 *
 * <p>libtorch 2.7.1 (DJL's CPU natives) computes the gradient with respect to the <em>input</em> of a
 * convolution with few output channels wrongly on some CPUs: on an AMD EPYC of family 26 (2026-12-07),
 * for 1 or 4 output channels ∂/∂x came out NaN or off by up to 1.3, while 8 and more were exact to
 * 1e-6 against torch 1.13 (EngineConvolutionTest). D's head has one output channel and every gradient
 * G gets passes back through it; a gray generator's last phase convolution has four. So a convolution
 * with fewer than {@link #MIN_OUTPUTS} output channels runs with its weight padded by zero filters and
 * its output cut back: the same numbers forward, the same gradients for the real filters (the padding's
 * gradient is dropped by the concatenation's backward), and the engine's exact path for ∂/∂x.
 *
 * <p>The same machine's oneDNN (AVX-512 kernels) computes the <em>forward</em> pass wrongly when the
 * input has more than 16 channels and not a multiple of 16 (20, 24 and 40 were off by 1.3–1.9; 1–16, 32,
 * 48, 64 … exact): the second face reader's 24-channel layer read Male right on 48% of its own samples.
 * Such an input is padded with zero channels (and the weight with zero input channels) to the next
 * multiple of 16, which adds nothing to the sum.
 */
public final class Convolution {
    /** Output channels below which the weight is padded (8 was already exact; 16 leaves a margin). */
    static final int MIN_OUTPUTS = 16;
    /** Input channels above this are padded to a multiple of it. */
    static final int BLOCK = 16;

    private Convolution() {}

    /** The zero channels appended to an input of {@code cin} channels (and to the weight): 0, or up to the next multiple of 16. */
    public static long extraInputChannels(long cin) {
        return cin > BLOCK && cin % BLOCK != 0 ? BLOCK - cin % BLOCK : 0;
    }

    /** conv2d(x, w, bias, stride, padding), square stride and padding, as PyTorch's F.conv2d. */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray bias, int stride, int padding) {
        long cin = w.getShape().get(1);
        long extra = extraInputChannels(cin);
        if (extra > 0) {
            Shape xs = x.getShape();
            Shape ws0 = w.getShape();
            x = NDArrays.concat(new NDList(x, x.getManager().zeros(new Shape(xs.get(0), extra, xs.get(2), xs.get(3)),
                    x.getDataType(), x.getDevice())), 1);
            w = NDArrays.concat(new NDList(w, w.getManager().zeros(new Shape(ws0.get(0), extra, ws0.get(2), ws0.get(3)),
                    w.getDataType(), w.getDevice())), 1);
        }
        Shape ws = w.getShape();
        long out = ws.get(0);
        Shape st = new Shape(stride, stride);
        Shape pad = new Shape(padding, padding);
        if (out >= MIN_OUTPUTS) {
            return Conv2d.conv2d(x, w, bias, st, pad).singletonOrThrow();
        }
        NDArray zeros = w.getManager().zeros(new Shape(MIN_OUTPUTS - out, ws.get(1), ws.get(2), ws.get(3)),
                w.getDataType(), w.getDevice());
        NDArray wide = NDArrays.concat(new NDList(w, zeros), 0);
        NDArray b = null;
        if (bias != null) {
            b = NDArrays.concat(new NDList(bias, bias.getManager().zeros(new Shape(MIN_OUTPUTS - out),
                    bias.getDataType(), bias.getDevice())), 0);
        }
        NDArray y = Conv2d.conv2d(x, wide, b, st, pad).singletonOrThrow();
        return y.get(":, 0:{}", out);
    }
}
