package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The generator of the original GAN paper (Goodfellow et al. 2014): fully connected layers with
 * ReLU, and tanh on the C·H·W outputs (the paper used a sigmoid on [0, 1] images; our images are
 * in [-1, 1]). Default 100 → 256 → 512 → 1024 → 784 for 28x28 digits. Names as a PyTorch
 * nn.Sequential: main.{2k}.weight [out, in] and main.{2k}.bias. Hidden layer k is the k-th ReLU.
 */
public final class MlpGenerator implements GeneratorNet {
    private final NetSpec spec;
    private final ParamSet params;
    private final List<LayerInfo> layers;
    private final int linears;

    public MlpGenerator(NetSpec spec, NDManager manager) {
        this.spec = spec;
        this.params = new ParamSet(manager);
        int[] h = spec.gWidths();
        this.linears = h.length + 1;
        List<LayerInfo> info = new ArrayList<>();
        int in = spec.nz();
        for (int k = 0; k < linears; k++) {
            int out = k < h.length ? h[k] : spec.pixels();
            params.addParameter("main." + 2 * k + ".weight", new Shape(out, in));
            params.addParameter("main." + 2 * k + ".bias", new Shape(out));
            if (k < h.length) {
                info.add(new LayerInfo(k, "hidden " + (k + 1) + " (main." + (2 * k + 1) + ")", out, 1, 1));
            }
            in = out;
        }
        this.layers = Collections.unmodifiableList(info);
    }

    /** PyTorch's default Linear initialisation: U(±1/√fan_in) for weights and biases. */
    public void initialize(Random rng) {
        int in = spec.nz();
        for (int k = 0; k < linears; k++) {
            double bound = 1 / Math.sqrt(in);
            params.fillUniform("main." + 2 * k + ".weight", bound, rng);
            params.fillUniform("main." + 2 * k + ".bias", bound, rng);
            in = k < spec.gWidths().length ? spec.gWidths()[k] : 0;
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
    public List<LayerInfo> layers() {
        return layers;
    }

    @Override
    public NDArray forward(NDArray z, boolean training, Hooks hooks) {
        return preTanh(z, training, hooks).tanh();
    }

    /** The last Linear's output a, before the tanh, shaped as images [N, C, H, W]. */
    @Override
    public NDArray preTanh(NDArray z, boolean training, Hooks hooks) {
        long n = z.getShape().get(0);
        NDArray h = z.reshape(n, spec.nz());
        for (int k = 0; k < linears; k++) {
            h = Linear.linear(h, params.get("main." + 2 * k + ".weight"), params.get("main." + 2 * k + ".bias"))
                    .singletonOrThrow();
            if (k < linears - 1) {
                h = hooks.apply(k, Activation.relu(h));
            }
        }
        return h.reshape(n, spec.channels(), spec.imageSize(), spec.imageSize());
    }
}
