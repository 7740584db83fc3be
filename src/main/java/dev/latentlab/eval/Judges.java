package dev.latentlab.eval;

import dev.latentlab.eval.ArithmeticEval.AttributeReader;
import java.util.List;
import java.util.Map;

/**
 * The readers that judge a generated image, and how sure a reading must be to count. A figure read
 * by one classifier partly measures that classifier: generated faces are often ambiguous, and two
 * readers that are both near-perfect on real faces disagree on many of them. So every judged figure
 * is given per reader and "agreed": a success only where every reader is sure of every target
 * attribute (p ≥ {@code sure} for "has", p ≤ 1 − {@code sure} for "has not"). A reading between the
 * two is unsure, and unsure is never a success.
 *
 * <p>Whatever selects with a reader (concept members, the removal search) should be judged by one
 * it did not use: {@link #independentOf} says which judges those are.
 */
public record Judges(List<Judge> judges, double sure) {
    /** A named reader (the name goes into figure names, e.g. the classifier's folder name). */
    public record Judge(String name, AttributeReader reader) {}

    public static final double DEFAULT_SURE = 0.8;

    /** What a judge says of one image for a target. */
    public enum Verdict { YES, NO, UNSURE }

    public Judges {
        if (judges.isEmpty()) {
            throw new IllegalArgumentException("at least one reader is needed");
        }
        if (!(sure >= 0.5 && sure < 1)) {
            throw new IllegalArgumentException("the sure threshold must be in [0.5, 1), not " + sure);
        }
        judges = List.copyOf(judges);
    }

    public static Judges of(double sure, Judge... judges) {
        return new Judges(List.of(judges), sure);
    }

    public int size() {
        return judges.size();
    }

    public Judge get(int i) {
        return judges.get(i);
    }

    /** The judges other than {@code selector} (all of them if it is not one). */
    public List<Judge> independentOf(AttributeReader selector) {
        return judges.stream().filter(j -> j.reader() != selector).toList();
    }

    /** Every judge's probabilities for the images of {@code g}, row-major in that judge's attribute order. */
    public float[][] read(dev.latentlab.model.Generated g) {
        float[][] p = new float[size()][];
        for (int j = 0; j < size(); j++) {
            p[j] = get(j).reader().probabilities(g.images(), g.count(), g.height(), g.channels());
        }
        return p;
    }

    /** Checks that every judge reads every attribute of {@code target}. */
    public void check(Iterable<String> attributes) {
        for (Judge j : judges) {
            for (String a : attributes) {
                if (!j.reader().attributes().contains(a)) {
                    throw new IllegalArgumentException("the reader " + j.name() + " does not read " + a + " (it reads "
                            + j.reader().attributes() + ")");
                }
            }
        }
    }

    /**
     * The verdict on the image whose probabilities start at {@code offset} of {@code probs} (in the
     * order of {@code attributes}): YES when every target attribute is surely on its side, NO when
     * any is surely on the wrong side, else UNSURE.
     */
    public static Verdict verdict(float[] probs, int offset, List<String> attributes, Map<String, Boolean> target,
            double sure) {
        boolean unsure = false;
        for (Map.Entry<String, Boolean> e : target.entrySet()) {
            float p = probs[offset + attributes.indexOf(e.getKey())];
            float has = e.getValue() ? p : 1 - p;
            if (has <= 1 - sure) {
                return Verdict.NO;
            }
            unsure |= has < sure;
        }
        return unsure ? Verdict.UNSURE : Verdict.YES;
    }

    /** Over a set of images: the share every reader surely reads as the target, the share unsure, and each reader's. */
    public record Tally(double agreed, double unsure, double contested, double[] perReader) {}

    /** Generates G(z) for {@code count} rows of z (in batches) and tallies every reader's verdict on the target. */
    public Tally tally(dev.latentlab.model.GanModel m, float[] z, int count, Map<String, Boolean> target, int batch) {
        check(target.keySet());
        int nz = m.nz();
        long agreed = 0;
        long unsure = 0;
        long contested = 0;
        long[] yes = new long[size()];
        for (int off = 0; off < count; off += batch) {
            int c = Math.min(batch, count - off);
            ArithmeticEval.Verdicts v = ArithmeticEval.judge(m, this,
                    java.util.Arrays.copyOfRange(z, off * nz, (off + c) * nz), c, target, List.of());
            for (int i = 0; i < c; i++) {
                agreed += v.agreed(i) ? 1 : 0;
                unsure += v.unsure(i) ? 1 : 0;
                contested += v.contested(i) ? 1 : 0;
                for (int j = 0; j < size(); j++) {
                    yes[j] += v.of(j, i) == Verdict.YES ? 1 : 0;
                }
            }
        }
        double[] per = new double[size()];
        for (int j = 0; j < size(); j++) {
            per[j] = (double) yes[j] / count;
        }
        return new Tally((double) agreed / count, (double) unsure / count, (double) contested / count, per);
    }
}
