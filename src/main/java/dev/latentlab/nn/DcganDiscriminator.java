package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import java.util.Random;

/**
 * The DCGAN discriminator of pytorch/examples dcgan, same state_dict names. For 64x64, ndf = 64:
 * <pre>
 *   x              C x 64 x 64
 *   main.0-1       Conv(C, 64, 4, 2, 1) LeakyReLU(0.2)        → 64 x 32 x 32
 *   main.2-4       Conv(64, 128, 4, 2, 1) BN LeakyReLU(0.2)   → 128 x 16 x 16
 *   main.5-7       Conv(128, 256, 4, 2, 1) BN LeakyReLU(0.2)  → 256 x 8 x 8
 *   main.8-10      Conv(256, 512, 4, 2, 1) BN LeakyReLU(0.2)  → 512 x 4 x 4
 *   main.11        Conv(512, 1, 4, 1, 0)                      → 1 x 1 x 1 (logit; main.12 is the Sigmoid)
 * </pre>
 * The sigmoid is left to the loss (BCE on logits is the stable form of BCE on probabilities).
 *
 * <p>With spectral normalisation (the stable recipe), every convolution's weight is divided by its
 * largest singular value ({@link SpectralNorm}, keys {@code main.K.weight_orig / _u / _v}) and the
 * BatchNorms are left out, as in Miyato et al.'s discriminators: BN's per-batch rescaling would undo
 * the Lipschitz bound that the normalisation gives. Each middle convolution then has a bias
 * ({@code main.K.bias}, zero at start) where its BatchNorm's β stood: without any offset this D is
 * positively homogeneous, D(αx) = αD(x), and on the digits it stalled in gray, near-identical samples
 * (docs/stable-recipe.md). Export folds the bias into the BatchNorm slot's β.
 */
public final class DcganDiscriminator implements DiscriminatorNet {
    private final NetSpec spec;
    private final ParamSet params;
    private final int convs;

    private final int outputs;
    private final boolean headBias;
    private final boolean spectral;

    public DcganDiscriminator(NetSpec spec, NDManager manager) {
        this(spec, manager, 1, false, false);
    }

    /** The discriminator, spectrally normalised (and without BatchNorm) when {@code spectral}. */
    public DcganDiscriminator(NetSpec spec, NDManager manager, boolean spectral) {
        this(spec, manager, 1, false, spectral);
    }

    DcganDiscriminator(NetSpec spec, NDManager manager, int outputs, boolean headBias) {
        this(spec, manager, outputs, headBias, false);
    }

    /**
     * The same body with a head of {@code outputs} channels (and a bias when {@code headBias}):
     * the image encoder is this body with nz outputs.
     */
    private DcganDiscriminator(NetSpec spec, NDManager manager, int outputs, boolean headBias, boolean spectral) {
        this.spectral = spectral;
        this.outputs = outputs;
        this.headBias = headBias;
        this.spec = spec;
        this.params = new ParamSet(manager);
        int[] w = spec.dWidths();
        this.convs = w.length + 1;
        int in = spec.channels();
        for (int j = 0; j < convs; j++) {
            int out = j < w.length ? w[j] : outputs;
            if (spectral) {
                SpectralNorm.declare(params, conv(j), new Shape(out, in, 4, 4));
                if (j > 0 && j < w.length) {
                    params.addParameter(convBias(j), new Shape(out)); // where the BatchNorm's β stood
                }
            } else {
                params.addParameter(conv(j), new Shape(out, in, 4, 4));
            }
            if (j > 0 && j < w.length && !spectral) {
                params.addParameter(bn(j) + "weight", new Shape(out));
                params.addParameter(bn(j) + "bias", new Shape(out));
                params.addBuffer(bn(j) + "running_mean", new Shape(out), 0f);
                params.addBuffer(bn(j) + "running_var", new Shape(out), 1f);
            }
            in = out;
        }
        if (headBias) {
            params.addParameter(headBias(), new Shape(outputs));
        }
    }

    /** The bias of middle convolution j in a spectrally normalised D (torch's {@code main.K.bias}). */
    public static String convBias(int j) {
        return conv(j).replace(".weight", ".bias");
    }

    String headBias() {
        return conv(convs - 1).replace(".weight", ".bias");
    }

    public static String conv(int j) {
        return "main." + (j == 0 ? 0 : 3 * j - 1) + ".weight";
    }

    public static String bn(int j) {
        return "main." + 3 * j + ".";
    }

    public void initialize(Random rng) {
        for (int j = 0; j < convs; j++) {
            if (spectral) {
                params.fillNormal(conv(j) + "_orig", 0, 0.02, rng);
                SpectralNorm.initialize(params, conv(j), rng);
            } else {
                params.fillNormal(conv(j), 0, 0.02, rng);
            }
            if (j > 0 && j < convs - 1 && !spectral) {
                params.fillNormal(bn(j) + "weight", 1, 0.02, rng);
            }
        }
        params.touch();
    }

    /** True when the convolutions are spectrally normalised (and there is no BatchNorm). */
    public boolean spectral() {
        return spectral;
    }

    /**
     * The weight of convolution j as the forward pass uses it in evaluation mode (for SN: W / σ with the
     * stored u, v), for export: a spectrally normalised one computed in Java ({@link SpectralNorm#exportWeight}),
     * so that the file is the same on every CPU.
     */
    public dev.latentlab.io.Npy.Array exportWeight(int j) {
        NDArray w = params.get(spectral ? conv(j) + "_orig" : conv(j));
        return new dev.latentlab.io.Npy.Array(w.getShape().getShape(),
                spectral ? SpectralNorm.exportWeight(params, conv(j)) : w.toFloatArray());
    }

    /** Number of convolutions, the head included. */
    public int convolutions() {
        return convs;
    }

    @Override
    public NetSpec spec() {
        return spec;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    @Override
    public NDArray logits(NDArray x, boolean training) {
        return logits(x, training, Hooks.none());
    }

    @Override
    public int featureStages() {
        return convs - 1;
    }

    /** Stage j's activation (after its LeakyReLU, e.g. 64 x 32 x 32 for j = 0) is hook layer j. */
    @Override
    public NDArray logits(NDArray x, boolean training, Hooks hooks) {
        return head(x, training, hooks).reshape(x.getShape().get(0));
    }

    @Override
    public NDArray stages(NDArray x, Hooks hooks, int last) {
        if (last < 0 || last >= featureStages()) {
            throw new IllegalArgumentException("stage " + last + " of a discriminator with stages 0–" + (featureStages() - 1));
        }
        return head(x, false, hooks, last);
    }

    /** The head's output [N, outputs, 1, 1]. */
    NDArray head(NDArray x, boolean training, Hooks hooks) {
        return head(x, training, hooks, convs - 1);
    }

    /** Up to stage {@code stop}'s activation, or the head's output when {@code stop} is the head (convs − 1). */
    private NDArray head(NDArray x, boolean training, Hooks hooks, int stop) {
        NDArray h = x;
        for (int j = 0; j <= stop; j++) {
            boolean last = j == convs - 1;
            int pad = last ? 0 : j == 0 ? spec.edgePadding() : 1;
            NDArray bias = last && headBias ? params.get(headBias()) : null;
            NDArray weight = params.get(spectral ? conv(j) + "_orig" : conv(j));
            h = Convolution.conv2d(h, weight, bias, last ? 1 : 2, pad); // the head has one output: see Convolution
            if (spectral) {
                h = h.div(SpectralNorm.sigma(params, conv(j), training).reshape(1, 1, 1, 1)); // conv(x, W/σ) = conv(x, W)/σ
                if (j > 0 && !last) {
                    h = h.add(params.get(convBias(j)).reshape(1, -1, 1, 1)); // + b: conv(x, W/σ) + b
                }
            }
            if (last) {
                break;
            }
            if (j > 0 && !spectral) {
                h = BatchNorm.batchNorm(h, params.get(bn(j) + "running_mean"), params.get(bn(j) + "running_var"),
                        params.get(bn(j) + "weight"), params.get(bn(j) + "bias"), -1, DcganGenerator.BN_MOMENTUM,
                        DcganGenerator.BN_EPS, training).singletonOrThrow();
            }
            h = hooks.apply(j, Activation.leakyRelu(h, 0.2f));
        }
        return h;
    }
}
