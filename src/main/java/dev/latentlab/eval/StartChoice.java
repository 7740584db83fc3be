package dev.latentlab.eval;

import dev.latentlab.eval.ArithmeticEval.AttributeReader;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Chooses the z a model opens on: of {@code candidates} samples z ~ N(0, I), the one nearest the
 * prior's mode (smallest ‖z‖, so a typical face, not an outlier of the latent space) whose image
 * every reader reads surely on every attribute it knows (p ≥ sure or ≤ 1 − sure: a clear face,
 * not an ambiguous one). The choice is a rule, not a pick by eye; {@link Choice#describe} says it.
 */
public final class StartChoice {
    private StartChoice() {}

    /** The chosen z, its rank by ‖z‖ among the candidates, and what the first reader reads. */
    public record Choice(float[] z, int rank, int candidates, double norm, List<String> attributes, float[] readings,
            long seed, double sure) {
        public String describe() {
            List<String> present = new ArrayList<>();
            for (int a = 0; a < attributes.size(); a++) {
                if (readings[a] > 0.5f) {
                    present.add(attributes.get(a));
                }
            }
            return String.format(Locale.ROOT, "the sample nearest the prior's mode (rank %d of %d by |z|, |z| = %.2f; "
                    + "seed %d) that every reader reads surely (p >= %.2f or <= %.2f) on every attribute; it reads: %s",
                    rank + 1, candidates, norm, seed, sure, 1 - sure, present.isEmpty() ? "none" : String.join(", ", present));
        }
    }

    /** Null when no candidate is read clearly. */
    public static Choice choose(GanModel m, Judges judges, int candidates, long seed, int batch, ProgressBar bar) {
        int nz = m.nz();
        Random rng = new Random(seed);
        float[][] z = new float[candidates][];
        Integer[] order = new Integer[candidates];
        double[] norm = new double[candidates];
        for (int i = 0; i < candidates; i++) {
            z[i] = Prior.sample(nz, rng);
            double s = 0;
            for (float v : z[i]) {
                s += v * v;
            }
            norm[i] = Math.sqrt(s);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> norm[i]));
        bar.start("reading candidates", candidates);
        try {
            for (int off = 0; off < candidates; off += batch) {
                int c = Math.min(batch, candidates - off);
                float[] zs = new float[c * nz];
                for (int i = 0; i < c; i++) {
                    System.arraycopy(z[order[off + i]], 0, zs, i * nz, nz);
                }
                float[][] p = judges.read(m.generate(zs, c));
                for (int i = 0; i < c; i++) {
                    if (clear(judges, p, i)) {
                        AttributeReader first = judges.get(0).reader();
                        int na = first.attributes().size();
                        int idx = order[off + i];
                        return new Choice(z[idx], off + i, candidates, norm[idx], first.attributes(),
                                Arrays.copyOfRange(p[0], i * na, (i + 1) * na), seed, judges.sure());
                    }
                }
                bar.advance(c);
            }
            return null;
        } finally {
            bar.finish();
        }
    }

    private static boolean clear(Judges judges, float[][] p, int image) {
        for (int j = 0; j < judges.size(); j++) {
            int na = judges.get(j).reader().attributes().size();
            for (int a = 0; a < na; a++) {
                float q = p[j][image * na + a];
                if (q < judges.sure() && q > 1 - judges.sure()) {
                    return false;
                }
            }
        }
        return true;
    }
}
