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
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = Networks.generator(spec, m);
            DiscriminatorNet d = Networks.discriminator(spec, m);
            Random r = new Random(seed);
            Networks.initialize(g, r);
            Networks.initialize(d, r);
            ModelInfo info = ModelInfo.of(dir.getFileName().toString(), spec);
            info.dataset.name = "none (random weights)";
            ModelStore.save(info, g, d, dir);
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
