package dev.latentlab.cli;

import dev.latentlab.io.Npy;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate images without a window: a PNG grid from seeded z ~ N(0, I), or raw generator",
            "output for latent vectors read from a .npy file (N×nz float32) written as N×C×H×W float32 .npy."})
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--count", converter = Numbers.Positive.class, defaultValue = "64", description = "number of samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "7", description = "seed of z (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cols", converter = Numbers.Positive.class, description = "grid columns (default: √count)")
    Integer cols;

    @Option(names = "--scale", converter = Numbers.Positive.class, defaultValue = "1", description = "integer upscaling of each image (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--out", description = "PNG grid to write")
    Path out;

    @Option(names = "--z", description = "N×nz float32 .npy of latent vectors (instead of --count/--seed)")
    Path zFile;

    @Option(names = "--npy", description = "write the raw N×C×H×W float32 output in [-1, 1] to this .npy")
    Path npyOut;

    @Override
    public Integer call() throws Exception {
        if (out == null && npyOut == null) {
            System.err.println("error: give --out grid.png and/or --npy out.npy");
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            float[] z;
            int n;
            if (zFile != null) {
                Npy.Array a = Npy.read(zFile);
                if (a.shape().length != 2 || a.dim(1) != m.nz()) {
                    System.err.println("error: " + zFile + " has shape " + a.shapeString() + "; expected N×" + m.nz()
                            + " for this model");
                    return 2;
                }
                z = a.data();
                n = a.dim(0);
            } else {
                n = count;
                z = Prior.sample(m.nz(), n, new Random(seed));
            }
            Generated g = m.generate(z, n);
            if (npyOut != null) {
                Npy.write(npyOut, new Npy.Array(new long[] {n, g.channels(), g.height(), g.width()}, g.images()));
                System.err.println("wrote " + npyOut + " (" + n + "×" + g.channels() + "×" + g.height() + "×"
                        + g.width() + ")");
            }
            if (out != null) {
                int c = cols != null ? cols : (int) Math.ceil(Math.sqrt(n));
                Pixels.writePng(Pixels.grid(g, c, scale), out);
                System.err.println("wrote " + out + " (" + n + " samples of " + m.name() + ")");
            }
            return 0;
        }
    }
}
