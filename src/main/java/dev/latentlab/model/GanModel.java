package dev.latentlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.nn.FreshManager;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.Precision;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A trained generative model in memory: its description, its generator, and (when known) its
 * discriminator; for a VAE ({@link ModelInfo#isVae()}) the generator is the decoder and
 * {@link #encoder()} is q(z|x).
 * {@link #generate} is the one way to turn z into pixels: every array of the call lives in a
 * per-call sub-manager, and autograd is off on the calling thread for its duration.
 */
public final class GanModel implements AutoCloseable {
    public enum Source { FOLDER, PTH, SAFETENSORS, TORCHSCRIPT, NEW }

    private final NDManager manager;
    private final ModelInfo info;
    private final GeneratorNet generator;
    private final DiscriminatorNet discriminator;
    private final EncoderNet encoder;
    private final Path path;
    private final Source source;

    public GanModel(NDManager manager, ModelInfo info, GeneratorNet generator, DiscriminatorNet discriminator,
            Path path, Source source) {
        this(manager, info, generator, discriminator, null, path, source);
    }

    /** A model with an encoder: a VAE's q(z|x), 2·nz outputs (μ then log σ²). */
    public GanModel(NDManager manager, ModelInfo info, GeneratorNet generator, DiscriminatorNet discriminator,
            EncoderNet encoder, Path path, Source source) {
        this.encoder = encoder;
        this.manager = manager;
        this.info = info;
        this.generator = generator;
        this.discriminator = discriminator;
        this.path = path;
        this.source = source;
    }

    public ModelInfo info() {
        return info;
    }

    public NetSpec spec() {
        return generator.spec();
    }

    public String name() {
        return info.name;
    }

    public Path path() {
        return path;
    }

    public Source source() {
        return source;
    }

    public GeneratorNet generator() {
        return generator;
    }

    public DiscriminatorNet discriminator() {
        return discriminator;
    }

    public NDManager manager() {
        return manager;
    }

    /** A VAE's encoder q(z|x) (2·nz outputs), or null for a GAN. */
    public EncoderNet encoder() {
        return encoder;
    }

    public boolean isVae() {
        return info.isVae() && encoder != null;
    }

    /**
     * A VAE's posterior means μ(x) for {@code count} images [count, C, H, W] in [−1, 1] laid out
     * image by image (BatchNorm in eval mode): count × nz floats, the z a VAE reconstructs from.
     */
    public float[] encodeMean(float[] x, int count) {
        return posterior(x, count)[0];
    }

    /** μ(x) and log σ²(x), each count × nz floats. */
    public float[][] posterior(float[] x, int count) {
        if (encoder == null) {
            throw new IllegalStateException(info.name + " is not a VAE: it has no encoder");
        }
        return posterior(encoder, x, count);
    }

    /** Any VAE encoder's μ(x) and log σ²(x) (eval mode, autograd off, a per-call sub-manager). */
    public static float[][] posterior(EncoderNet encoder, float[] x, int count) {
        NetSpec s = encoder.spec();
        if (x.length != count * s.pixels()) {
            throw new IllegalArgumentException("x holds " + x.length + " values, expected " + count + " images of "
                    + s.pixels());
        }
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = encoder.params().manager().newSubManager()) {
            NDArray h = encoder.forward(call.create(x, new Shape(count, s.channels(), s.imageSize(), s.imageSize())),
                    false);
            int nz = s.nz();
            return new float[][] {h.get(":, 0:" + nz).toFloatArray(), h.get(":, " + nz + ":").toFloatArray()};
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    public List<LayerInfo> layers() {
        return generator.layers();
    }

    /**
     * The z the app opens on: the model's chosen start (model.json "start", see
     * {@code latentlab choose-start}), else the prior's sample from seed 1.
     */
    public float[] startZ() {
        ModelInfo.Start s = info.start;
        if (s != null && s.z != null && s.z.length == nz()) {
            return s.z.clone();
        }
        return dev.latentlab.latent.Prior.sample(nz(), new java.util.Random(1));
    }

    public int nz() {
        return generator.spec().nz();
    }

    public Generated generate(float[] z, int count) {
        return generate(z, count, ChannelMask.none(), Set.of());
    }

    /** G(z) for {@code count} latent vectors laid out row by row in z (count × nz). */
    public Generated generate(float[] z, int count, ChannelMask mask, Set<Integer> capture) {
        return generate(generator, z, count, mask, capture);
    }

    /**
     * Runs any generator in inference mode: autograd off on this thread for the call, and every
     * array of the pass in a sub-manager that is closed before returning (memory stays flat).
     */
    public static Generated generate(GeneratorNet generator, float[] z, int count, ChannelMask mask,
            Set<Integer> capture) {
        int nz = generator.spec().nz();
        if (z.length != count * nz) {
            throw new IllegalArgumentException("z holds " + z.length + " values, expected " + count + " × " + nz);
        }
        // a NaN or infinite z draws a black or undefined image without any error from the network
        String bad = dev.latentlab.latent.LatentFile.firstNonFinite(z, nz);
        if (bad != null) {
            throw new IllegalArgumentException("the latent vector is not a finite number (" + bad + "): a step, "
                    + "scale or noise too large for float32 (beyond ±3.4e38)");
        }
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = generator.params().manager().newSubManager()) {
            NDArray zs = call.create(z, new Shape(count, nz));
            Hooks hooks = new Hooks(mask, capture);
            // a plain pass runs in the process's precision (bfloat16 where auto measured it right and faster); masks and captures in float32
            NDArray out = (mask == null || mask.isEmpty()) && capture.isEmpty()
                    ? generator.infer(zs, Precision.current())
                    : generator.forward(zs, false, hooks);
            Shape s = out.getShape();
            Map<Integer, Generated.Activations> acts = new HashMap<>();
            for (Map.Entry<Integer, NDArray> e : hooks.captured().entrySet()) {
                Shape a = e.getValue().getShape();
                int h = a.dimension() > 2 ? (int) a.get(2) : 1;
                int w = a.dimension() > 3 ? (int) a.get(3) : 1;
                acts.put(e.getKey(), new Generated.Activations(e.getValue().toFloatArray(), count, (int) a.get(1), h,
                        w));
            }
            return new Generated(out.toFloatArray(), count, (int) s.get(1), (int) s.get(2), (int) s.get(3),
                    acts);
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    /**
     * For long work that must not hold the thread that owns this model: reads, on that thread, what
     * an independent copy needs (the generator's weights as plain arrays; for TorchScript, the
     * file) and returns a supplier that builds the copy on any other thread. Each copy is a model
     * of its own (generator only, its own manager) that the caller closes.
     */
    public Supplier<GanModel> copier() {
        return copier(false);
    }

    /** The same, with a copy of the discriminator too when {@code withDiscriminator} and the model has one. */
    public Supplier<GanModel> copier(boolean withDiscriminator) {
        if (generator instanceof TorchScriptGenerator) {
            Path file = path;
            return () -> ModelStore.open(file);
        }
        NetSpec spec = spec();
        Map<String, Npy.Array> weights = generator.params().toArrays();
        Map<String, Npy.Array> dWeights = withDiscriminator && discriminator != null
                ? discriminator.params().toArrays() : null;
        // a VAE's copy is a VAE too: its encoder comes along
        Map<String, Npy.Array> eWeights = encoder != null ? encoder.params().toArrays() : null;
        int eOutputs = encoder != null ? encoder.outputs() : 0;
        return () -> FreshManager.build(m -> {
            GeneratorNet g = Networks.generator(spec, m);
            g.params().load(weights, info.name + " (copy)");
            DiscriminatorNet d = null;
            if (dWeights != null) {
                d = Networks.discriminator(spec, m, dWeights, info.name + " discriminator (copy)");
            }
            EncoderNet e = null;
            if (eWeights != null) {
                e = Networks.encoder(spec, m, eOutputs);
                e.params().load(eWeights, info.name + " encoder (copy)");
            }
            return new GanModel(m, info, g, d, e, path, source);
        });
    }

    @Override
    public void close() {
        generator.close();
        if (discriminator != null) {
            discriminator.close();
        }
        if (encoder != null) {
            encoder.close();
        }
        manager.close();
    }
}
