package dev.latentlab.eval;

import dev.latentlab.eval.ArithmeticEval.AttributeReader;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How well a named edit works (InterFaceGAN's check, with our classifier as the judge):
 * <ol>
 *   <li>Draw z ~ N(0, I) from {@code seed} until {@code samples} of them are read as not having
 *       attribute A (p &lt; 0.5).</li>
 *   <li>Move each along A's direction — conditional on the kept attributes when some are named —
 *       exactly far enough to land {@code margin} past A's boundary:
 *       z' = z + α d, α = (margin − dist_A(z)) / (n_A·d).</li>
 *   <li>Classify G(z'). Success = the share read as A. For every other attribute, its rate over
 *       the same samples before and after, and the share of samples it flipped on.</li>
 * </ol>
 * Use a seed other than the fit's, so the edit is judged on samples the fit never saw.
 */
public final class EditEval {
    public static final class Options {
        public int samples = 1000;
        public long seed = 2;
        public double margin = 1.0;
        public int batch = 100;
        /** Give up when this many z were drawn per wanted sample and too few lack the attribute. */
        public int maxDrawFactor = 50;
    }

    /** One other attribute: its rate before and after, and the share of samples it flipped on. */
    public record Side(String attribute, boolean kept, double before, double after, double flipped) {
        public double movedPoints() {
            return 100 * (after - before);
        }
    }

    /** {@code edited}: the edited samples' z, row by row, for other readers to judge. */
    public record Report(String attribute, List<String> keep, int samples, int drawn, double success,
            double meanStep, double baseRate, List<Side> others, List<String> notes, float[] edited) {
        /** The largest move of a kept attribute's rate, in points (0 when nothing is kept). */
        public double worstKeptPoints() {
            return others.stream().filter(Side::kept).mapToDouble(s -> Math.abs(s.movedPoints())).max().orElse(0);
        }
    }

    private EditEval() {}

    public static Report run(GanModel m, AttributeReader reader, FittedDirections dirs, String attribute,
            List<String> keep, Options o, ProgressBar bar) {
        List<String> attrs = reader.attributes();
        int a = attrs.indexOf(attribute);
        if (a < 0) {
            throw new IllegalArgumentException("the classifier does not read " + attribute + " (it reads " + attrs + ")");
        }
        for (String k : keep) {
            if (!attrs.contains(k)) {
                throw new IllegalArgumentException("cannot keep " + k + ": the classifier does not read it (it reads "
                        + attrs + ")");
            }
            if (k.equals(attribute)) {
                throw new IllegalArgumentException("cannot edit " + attribute + " while keeping it");
            }
        }
        Boundary boundary = dirs.boundary(attribute).orElseThrow(() -> new IllegalArgumentException(
                "no direction was fitted for " + attribute + " (fitted: " + dirs.attributes() + ")"));
        float[] d = dirs.direction(attribute, keep);
        int nz = m.nz();
        int na = attrs.size();
        Random rng = new Random(o.seed);
        float[] chosen = new float[o.samples * nz];
        float[] before = new float[o.samples * na];
        int have = 0;
        int drawn = 0;
        int withA = 0;
        long limit = (long) o.maxDrawFactor * o.samples;
        bar.start("drawing samples without " + attribute, o.samples);
        while (have < o.samples && drawn < limit) {
            int c = o.batch;
            float[] z = new float[c * nz];
            for (int i = 0; i < c; i++) {
                System.arraycopy(Prior.sample(nz, rng), 0, z, i * nz, nz);
            }
            drawn += c;
            float[] p = ArithmeticEval.classify(m, reader, z, c);
            for (int i = 0; i < c; i++) {
                if (p[i * na + a] >= 0.5f) {
                    withA++;
                } else if (have < o.samples) {
                    System.arraycopy(z, i * nz, chosen, have * nz, nz);
                    System.arraycopy(p, i * na, before, have * na, na);
                    have++;
                    bar.advance(1);
                }
            }
        }
        bar.finish();
        if (have < o.samples) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "only %d of %d samples lack %s; it is almost "
                    + "always drawn, so there is nothing to add it to (ask for fewer --samples)", have, drawn, attribute));
        }
        float[] moved = new float[o.samples * nz];
        double stepSum = 0;
        for (int i = 0; i < o.samples; i++) {
            float[] z = java.util.Arrays.copyOfRange(chosen, i * nz, (i + 1) * nz);
            double step = AttributeDirections.stepTo(boundary, d, z, o.margin);
            stepSum += step;
            System.arraycopy(Prior.move(z, d, step), 0, moved, i * nz, nz);
        }
        float[] after = new float[o.samples * na];
        bar.start("classifying edited samples", o.samples);
        for (int off = 0; off < o.samples; off += o.batch) {
            int c = Math.min(o.batch, o.samples - off);
            float[] p = ArithmeticEval.classify(m, reader,
                    java.util.Arrays.copyOfRange(moved, off * nz, (off + c) * nz), c);
            System.arraycopy(p, 0, after, off * na, c * na);
            bar.advance(c);
        }
        bar.finish();
        int success = 0;
        for (int i = 0; i < o.samples; i++) {
            success += after[i * na + a] > 0.5f ? 1 : 0;
        }
        List<Side> others = new ArrayList<>();
        for (int k = 0; k < na; k++) {
            if (k == a) {
                continue;
            }
            int b = 0;
            int f = 0;
            int flips = 0;
            for (int i = 0; i < o.samples; i++) {
                boolean x = before[i * na + k] > 0.5f;
                boolean y = after[i * na + k] > 0.5f;
                b += x ? 1 : 0;
                f += y ? 1 : 0;
                flips += x != y ? 1 : 0;
            }
            others.add(new Side(attrs.get(k), keep.contains(attrs.get(k)), (double) b / o.samples,
                    (double) f / o.samples, (double) flips / o.samples));
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "%d samples without %s (of %d drawn, seed %d); each moved along %s "
                + "to %.2f past the boundary (fit: held-out accuracy %.1f%%, %d samples, seed %d)", o.samples, attribute,
                drawn, o.seed, keep.isEmpty() ? "its normal" : "its normal projected off " + String.join(", ", keep),
                o.margin, 100 * boundary.accuracy(), dirs.samples(), dirs.seed()));
        if (!keep.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "cosine between the conditional direction and %s's normal: %.3f",
                    attribute, AttributeDirections.cosine(d, boundary.normal())));
        }
        return new Report(attribute, List.copyOf(keep), o.samples, drawn, (double) success / o.samples,
                stepSum / o.samples, (double) withA / drawn, others, notes, moved);
    }
}
