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
    public record Figures(int images, double shareAbove, double medianPsnr, double medianSsim, double medianCosine,
            double secondsPerImage, float[] reconstructions) {}

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

    private record Run(float[] z, double[] psnr, double[] ssim, float[] back, double seconds) {}

    private static Run invert(GanModel m, ImageEncoder encoder, float[] x, int n, Inversion.Settings s,
            ProgressBar bar) {
        int per = m.spec().pixels();
        int nz = m.nz();
        float[] z = new float[n * nz];
        double[] psnr = new double[n];
        double[] ssim = new double[n];
        float[] backAll = new float[n * per];
        int c = m.spec().channels();
        int side = m.spec().imageSize();
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += CHUNK) {
            int k = Math.min(CHUNK, n - start);
            float[] chunk = Arrays.copyOfRange(x, start * per, (start + k) * per);
            Inversion.Result res = Inversion.invert(m, encoder, chunk, k, s, null, null);
            System.arraycopy(res.z(), 0, z, start * nz, k * nz);
            // the PSNR of G(z) as a user sees it, recomputed from the returned z
            float[] back = m.generate(res.z(), k).images();
            System.arraycopy(back, 0, backAll, start * per, k * per);
            for (int i = 0; i < k; i++) {
                psnr[start + i] = Inversion.psnr(back, chunk, i * per, per);
                ssim[start + i] = ssim(back, chunk, i * per, c, side);
            }
            bar.advance(k);
        }
        return new Run(z, psnr, ssim, backAll, (System.nanoTime() - t0) / 1e9);
    }

    private static Figures figures(Run run, double threshold, double[] cos) {
        int n = run.psnr.length;
        int above = 0;
        for (double p : run.psnr) {
            if (p >= threshold) {
                above++;
            }
        }
        return new Figures(n, above / (double) n, median(run.psnr), median(run.ssim),
                cos == null ? Double.NaN : median(cos), run.seconds / n, run.back);
    }

    /**
     * Attribute agreement: per attribute, the share of images where the classifier's answer
     * (p > 0.5) on the reconstruction is the same as on the target; "mean" is their average.
     */
    public static Map<String, Double> agreement(Classifier c, float[] targets, float[] recon, int n, int size,
            int channels, java.util.List<String> attributes) {
        Classifier.Outputs a = c.run(targets, n, size, channels);
        Classifier.Outputs b = c.run(recon, n, size, channels);
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        int used = 0;
        for (String attr : attributes) {
            int k = c.info().outputs.indexOf(attr);
            if (k < 0) {
                continue;
            }
            int same = 0;
            for (int i = 0; i < n; i++) {
                if ((a.probability(i, k) > 0.5f) == (b.probability(i, k) > 0.5f)) {
                    same++;
                }
            }
            out.put(attr, same / (double) n);
            sum += same / (double) n;
            used++;
        }
        if (used > 0) {
            out.put("mean", sum / used);
        }
        return out;
    }

    /**
     * Mean SSIM (Wang et al. 2004) of two CHW images in [−1, 1] at {@code off}, on the [0, 1]
     * scale, averaged over channels: an 11×11 Gaussian window (σ 1.5) over every position where
     * it fits, C1 = 0.01², C2 = 0.03². Images under 11 px use the whole image as one window.
     */
    static double ssim(float[] a, float[] b, int off, int channels, int side) {
        int k = Math.min(11, side);
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double d = i - (k - 1) / 2.0;
            g[i] = Math.exp(-d * d / (2 * 1.5 * 1.5));
            sum += g[i];
        }
        for (int i = 0; i < k; i++) {
            g[i] /= sum;
        }
        double c1 = 1e-4;
        double c2 = 9e-4;
        double total = 0;
        int windows = 0;
        int plane = side * side;
        for (int ch = 0; ch < channels; ch++) {
            int base = off + ch * plane;
            for (int y0 = 0; y0 + k <= side; y0++) {
                for (int x0 = 0; x0 + k <= side; x0++) {
                    double ma = 0;
                    double mb = 0;
                    double aa = 0;
                    double bb = 0;
                    double ab = 0;
                    for (int y = 0; y < k; y++) {
                        for (int x = 0; x < k; x++) {
                            double w = g[y] * g[x];
                            int i = base + (y0 + y) * side + x0 + x;
                            double va = (a[i] + 1) / 2;
                            double vb = (b[i] + 1) / 2;
                            ma += w * va;
                            mb += w * vb;
                            aa += w * va * va;
                            bb += w * vb * vb;
                            ab += w * va * vb;
                        }
                    }
                    double sa = aa - ma * ma;
                    double sb = bb - mb * mb;
                    double sab = ab - ma * mb;
                    total += (2 * ma * mb + c1) * (2 * sab + c2) / ((ma * ma + mb * mb + c1) * (sa + sb + c2));
                    windows++;
                }
            }
        }
        return total / windows;
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
        m.put(prefix + ".median_ssim", f.medianSsim());
        if (!Double.isNaN(f.medianCosine())) {
            m.put(prefix + ".median_cosine_z", f.medianCosine());
        }
        m.put(prefix + ".seconds_per_image", f.secondsPerImage());
        return m;
    }
}
