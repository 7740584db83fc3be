package dev.latentlab.cli;

import dev.latentlab.data.DatasetException;
import dev.latentlab.data.ImageFile;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.encode.Inversion;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Find the z whose image is closest to each of your images (GAN inversion): images are read",
            "as training images are (centre crop, resize, gray ↔ RGB), then Adam searches z (the networks stay",
            "frozen), starting from the model's encoder (encoder.npz, see train-encoder) when it has one.",
            "Prints per image the loss, PSNR and time; files that cannot be used are named with the reason",
            "and skipped (exit status 1)."})
final class EncodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--image", required = true, arity = "1..*", paramLabel = "FILE", description = "image files (PNG, JPEG, BMP, GIF, TIFF)")
    List<Path> images;

    @Option(names = "--out", description = "write z of the encoded images, N×nz float32 .npy (row order as printed)")
    Path out;

    @Option(names = "--grid", description = "write a PNG: one row per image, target | reconstruction")
    Path grid;

    @Option(names = "--steps", description = "Adam steps on z (default: 150; 0 with an encoder = the encoder alone)")
    Integer steps;

    @Option(names = "--restarts", description = "starts searched side by side in one batch (default: 4)")
    Integer restarts;

    @Option(names = "--no-encoder", description = "ignore the model's encoder: optimisation from random starts only")
    boolean noEncoder;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random starts (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scale", defaultValue = "2", description = "integer upscaling in the grid (default: ${DEFAULT-VALUE})")
    int scale;

    @Override
    public Integer call() throws Exception {
        Inversion.Settings s = Inversion.Settings.defaults();
        s = new Inversion.Settings(steps != null ? steps : s.steps(), restarts != null ? restarts : s.restarts(),
                s.learningRate(), s.featureWeight(), s.priorWeight(), seed);
        if (scale < 1 || scale > 16) {
            System.err.println("error: --scale must be 1..16");
            return 2;
        }
        String unwritable = Outputs.unwritable(out, grid);
        if (unwritable != null) {
            System.err.println("error: " + unwritable);
            return 2;
        }
        try (GanModel m = ModelStore.open(model);
                ImageEncoder enc = noEncoder ? null : ImageEncoder.of(m)) {
            if (enc == null && s.steps() == 0) {
                System.err.println("error: --steps 0 means the encoder alone, and " + m.name() + " has none "
                        + (noEncoder ? "in use (--no-encoder)" : "(make one with latentlab train-encoder)"));
                return 2;
            }
            ImageSpec spec = new ImageSpec(m.spec().imageSize(), m.spec().channels());
            System.err.println("encoding for " + m.name() + " (" + spec.describe() + ", nz " + m.nz() + "): "
                    + (enc != null ? "encoder guess, then " : "") + s.steps() + " steps × " + s.restarts()
                    + " starts");
            List<float[]> zs = new ArrayList<>();
            List<float[]> pics = new ArrayList<>();
            int skipped = 0;
            ProgressBar bar = new ProgressBar(System.err, System.console() != null);
            for (Path file : images) {
                ImageFile.Image img;
                try {
                    img = ImageFile.read(file, spec);
                } catch (DatasetException e) {
                    System.err.println("error: " + e.getMessage() + " (skipped)");
                    skipped++;
                    continue;
                }
                for (String note : img.notes()) {
                    System.err.println("note: " + file.getFileName() + ": " + note);
                }
                float[] x = img.floats();
                bar.start(file.getFileName().toString(), Math.max(1, s.steps()));
                Inversion.Result r = Inversion.invert(m, enc, x, 1, s, p -> {
                    bar.advance(1);
                    bar.status(String.format(Locale.ROOT, "loss %.4f  PSNR %.1f dB", p.loss()[0], p.psnr()[0]));
                }, null);
                bar.finish();
                System.out.printf(Locale.ROOT, "%d\t%s\tloss %.5f\tPSNR %.2f dB\t%.2f s\t%s%n", zs.size(), file,
                        r.loss()[0], r.psnr()[0], r.seconds(), r.method().describe());
                zs.add(r.z(0));
                pics.add(x);
            }
            if (zs.isEmpty()) {
                System.err.println("error: no image could be encoded");
                return 2;
            }
            int n = zs.size();
            int nz = m.nz();
            float[] all = new float[n * nz];
            for (int i = 0; i < n; i++) {
                System.arraycopy(zs.get(i), 0, all, i * nz, nz);
            }
            if (out != null) {
                Npy.write(out, new Npy.Array(new long[] {n, nz}, all));
                System.err.println("wrote " + out + " (" + n + "×" + nz + ")");
            }
            if (grid != null) {
                Generated rec = m.generate(all, n);
                int per = rec.imageLength();
                float[] pairs = new float[2 * n * per];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(pics.get(i), 0, pairs, 2 * i * per, per);
                    System.arraycopy(rec.images(), i * per, pairs, (2 * i + 1) * per, per);
                }
                Generated g = new Generated(pairs, 2 * n, rec.channels(), rec.height(), rec.width(), Map.of());
                Pixels.writePng(Pixels.grid(g, 2, scale), grid);
                System.err.println("wrote " + grid + " (" + n + " rows: target | reconstruction)");
            }
            return skipped > 0 ? 1 : 0;
        }
    }
}
