package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.Random;

/**
 * The discriminator of the original GAN paper as an MLP: C·H·W → 512 → 256 → 1 with
 * LeakyReLU(0.2) and dropout 0.3 during training (the paper used maxout units with dropout).
 * Names as nn.Sequential(Linear, LeakyReLU, Dropout, …): main.{3k}.weight / .bias.
 */
public final class MlpDiscriminator implements DiscriminatorNet {
    static final float DROPOUT = 0.3f;
    private final NetSpec spec;
    private final ParamSet params;
    private final int linears;

    private final int outputs;
    private final boolean dropout;

    public MlpDiscriminator(NetSpec spec, NDManager manager) {
        this(spec, manager, 1, true);
    }

    /** The same layers with {@code outputs} outputs, and dropout in training only when {@code dropout}. */
    MlpDiscriminator(NetSpec spec, NDManager manager, int outputs, boolean dropout) {
        this.outputs = outputs;
        this.dropout = dropout;
        this.spec = spec;
        this.params = new ParamSet(manager);
        int[] h = spec.dWidths();
        this.linears = h.length + 1;
        int in = spec.pixels();
        for (int k = 0; k < linears; k++) {
            int out = k < h.length ? h[k] : outputs;
            params.addParameter("main." + 3 * k + ".weight", new Shape(out, in));
            params.addParameter("main." + 3 * k + ".bias", new Shape(out));
            in = out;
        }
    }

    public void initialize(Random rng) {
        int in = spec.pixels();
        for (int k = 0; k < linears; k++) {
            double bound = 1 / Math.sqrt(in);
            params.fillUniform("main." + 3 * k + ".weight", bound, rng);
            params.fillUniform("main." + 3 * k + ".bias", bound, rng);
            in = k < spec.dWidths().length ? spec.dWidths()[k] : 0;
        }
        params.touch();
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
        return head(x, training).reshape(x.getShape().get(0));
    }

    /** The last Linear's output [N, outputs]. */
    NDArray head(NDArray x, boolean training) {
        long n = x.getShape().get(0);
        NDArray h = x.reshape(n, spec.pixels());
        for (int k = 0; k < linears; k++) {
            h = Linear.linear(h, params.get("main." + 3 * k + ".weight"), params.get("main." + 3 * k + ".bias"))
                    .singletonOrThrow();
            if (k < linears - 1) {
                h = Activation.leakyRelu(h, 0.2f);
                if (training && dropout) {
                    h = Dropout.dropout(h, DROPOUT, true).singletonOrThrow();
                }
            }
        }
        return h;
    }
}
