package dev.latentlab.eval;

import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.encode.Inversion;
import dev.latentlab.model.GanModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * How well encoding works. Recovery: for z* ~ N(0, I), the targets G(z*) (which the generator can
 * reproduce exactly) are encoded; the figures are the share reconstructed to PSNR ≥ a threshold,
 * the median PSNR, and the median cosine between the recovered z and z*. Held-out images (that
 * no model trained on): the median PSNR of their reconstructions. Targets are inverted a few at a
 * time, one batch of targets × restarts per call.
 */
public final class EncodeEval {
    /** Targets per inversion call (rows = this × restarts). */
    static final int CHUNK = 4;

    private EncodeEval() {}

    /** The figures of one method on one set of targets. */
    public record Figures(int images, double shareAbove, double medianPsnr, double medianCosine,
            double secondsPerImage) {}

    /** Recovery of {@code n} generator images from seed {@code seed}; {@code encoder} null = optimisation alone. */
    public static Figures recovery(GanModel m, ImageEncoder encoder, int n, long seed, Inversion.Settings s,
            double threshold, ProgressBar bar) {
        int nz = m.nz();
        float[] zStar = new float[n * nz];
        Random r = new Random(seed);
        for (int i = 0; i < zStar.length; i++) {
            zStar[i] = (float) r.nextGaussian();
        }
        float[] x = m.generate(zStar, n).images();
        Run run = invert(m, encoder, x, n, s, bar);
        double[] cos = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = cosine(run.z, zStar, i * nz, nz);
        }
        return figures(run, threshold, cos);
    }

    /** Reconstruction of given images ({@code n} × C × H × W in [−1, 1]). */
    public static Figures images(GanModel m, ImageEncoder encoder, float[] x, int n, Inversion.Settings s,
            double threshold, ProgressBar bar) {
        return figures(invert(m, encoder, x, n, s, bar), threshold, null);
    }

    private record Run(float[] z, double[] psnr, double seconds) {}

    private static Run invert(GanModel m, ImageEncoder encoder, float[] x, int n, Inversion.Settings s,
            ProgressBar bar) {
        int per = m.spec().pixels();
        int nz = m.nz();
        float[] z = new float[n * nz];
        double[] psnr = new double[n];
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += CHUNK) {
            int k = Math.min(CHUNK, n - start);
            float[] chunk = Arrays.copyOfRange(x, start * per, (start + k) * per);
            Inversion.Result res = Inversion.invert(m, encoder, chunk, k, s, null, null);
            System.arraycopy(res.z(), 0, z, start * nz, k * nz);
            // the PSNR of G(z) as a user sees it, recomputed from the returned z
            float[] back = m.generate(res.z(), k).images();
            for (int i = 0; i < k; i++) {
                double mse = 0;
                for (int j = 0; j < per; j++) {
                    double d = back[i * per + j] - chunk[i * per + j];
                    mse += d * d;
                }
                psnr[start + i] = Inversion.psnr(mse / per);
            }
            bar.advance(k);
        }
        return new Run(z, psnr, (System.nanoTime() - t0) / 1e9);
    }

    private static Figures figures(Run run, double threshold, double[] cos) {
        int n = run.psnr.length;
        int above = 0;
        for (double p : run.psnr) {
            if (p >= threshold) {
                above++;
            }
        }
        return new Figures(n, above / (double) n, median(run.psnr), cos == null ? Double.NaN : median(cos),
                run.seconds / n);
    }

    static double cosine(float[] a, float[] b, int off, int len) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = off; i < off + len; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(Math.max(aa * bb, 1e-30));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Figure lines "PREFIX.name value" in a stable order. */
    public static Map<String, Double> lines(String prefix, Figures f) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + ".psnr_share_above", f.shareAbove());
        m.put(prefix + ".median_psnr_db", f.medianPsnr());
        if (!Double.isNaN(f.medianCosine())) {
            m.put(prefix + ".median_cosine_z", f.medianCosine());
        }
        m.put(prefix + ".seconds_per_image", f.secondsPerImage());
        return m;
    }
}
