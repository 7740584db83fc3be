package dev.latentlab;

import ai.djl.ndarray.NDManager;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Small randomly initialised models written to disk, for tests. */
public final class TinyModels {
    private TinyModels() {}

    public static Path write(Path dir, NetSpec spec, long seed) throws IOException {
        return write(dir, spec, seed, false);
    }

    /** The same with the stable recipe's spectrally normalised discriminator (torch's weight_orig / u / v tensors). */
    public static Path writeSpectral(Path dir, NetSpec spec, long seed) throws IOException {
        return write(dir, spec, seed, true);
    }

    private static Path write(Path dir, NetSpec spec, long seed, boolean spectral) throws IOException {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = Networks.generator(spec, m);
            DiscriminatorNet d = Networks.discriminator(spec, m, spectral);
            Random r = new Random(seed);
            Networks.initialize(g, r);
            Networks.initialize(d, r);
            ModelInfo info = ModelInfo.of(dir.getFileName().toString(), spec);
            info.dataset.name = "none (random weights)";
            ModelStore.save(info, g, d, dir);
        }
        return dir;
    }

    /** nz of {@link #vivid}. */
    public static final int NZ = 16;

    /**
     * A tiny DCGAN (32×32×3, nz 16) whose weights are scaled up from the DCGAN initialisation
     * (N(0, 0.02) gives an almost uniform grey image), so that different z give visibly different
     * pixels: for tests of the app and the render service.
     */
    public static Path vivid(Path dir, String name, long seed) {
        return vivid(dir, name, seed, NetSpec.dcgan(32, 3, NZ, 8, 8));
    }

    /**
     * The same at 64×64×3 (nz 16, ngf 8): the size the faces classifier reads, so tests of the
     * classifier tools have a model it can label.
     */
    public static Path vividFaces(Path dir, long seed) {
        return vivid(dir, "vividfaces", seed, NetSpec.dcgan(64, 3, NZ, 8, 8));
    }

    private static Path vivid(Path dir, String name, long seed, NetSpec spec) {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = vividGenerator(spec, m, seed);
            DiscriminatorNet d = Networks.discriminator(spec, m);
            Networks.initialize(d, new Random(seed + 1));
            ModelStore.save(ModelInfo.of(name, spec), g, d, dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    /** A generator with the DCGAN initialisation scaled up, so that different z give visibly different pixels. */
    private static GeneratorNet vividGenerator(NetSpec spec, NDManager m, long seed) {
        GeneratorNet g = Networks.generator(spec, m);
        Networks.initialize(g, new Random(seed));
        Random rng = new Random(seed);
        for (java.util.Map.Entry<String, ai.djl.ndarray.NDArray> e : g.params().all().entrySet()) {
            ai.djl.ndarray.NDArray a = e.getValue();
            long[] s = a.getShape().getShape();
            if (e.getKey().endsWith(".weight") && s.length == 4) {
                double std = e.getKey().equals("main.0.weight") ? 1 / Math.sqrt(s[0]) : 1 / Math.sqrt(s[0] * 4.0);
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * std * 1.5);
                }
                a.set(v);
            }
        }
        return g;
    }

    /**
     * A tiny VAE (untrained: a vivid decoder and a DCGAN-initialised encoder, Gaussian σ 0.1) at
     * 64×64×3, nz 16, trained "on" {@code dataSource}: for tests of the views that take a VAE.
     */
    public static Path vae(Path dir, String name, long seed, String dataSource) {
        NetSpec spec = NetSpec.dcgan(64, 3, NZ, 8, 8);
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = vividGenerator(spec, m, seed);
            dev.latentlab.nn.EncoderNet e = Networks.encoder(spec, m, 2 * NZ);
            e.initialize(new Random(seed + 1));
            ModelInfo info = ModelInfo.of(name, spec);
            info.kind = ModelInfo.VAE;
            info.vae = new ModelInfo.Vae();
            info.vae.likelihood = "gaussian";
            info.vae.sigma = 0.1;
            info.vae.beta = 1.0;
            info.dataset.source = dataSource;
            ModelStore.saveVae(info, g, e, dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    public static Path dcgan32(Path dir) throws IOException {
        return write(dir, NetSpec.dcgan(32, 3, 16, 8, 8), 1);
    }

    public static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) r.nextGaussian();
        }
        return z;
    }
}
