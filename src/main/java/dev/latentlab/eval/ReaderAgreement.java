package dev.latentlab.eval;

import dev.latentlab.eval.ArithmeticEval.AttributeReader;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How far independent readers agree on a model's generated images, attribute by attribute. Two
 * classifiers near-perfect on real faces can still disagree on many generated ones (ambiguous
 * faces, artifacts neither was trained on); this measures it, on {@code n} samples z ~ N(0, I):
 * <pre>
 *   rate[r]     share read as having the attribute by reader r (p &gt; 0.5)
 *   disagree    share where the readers' p &gt; 0.5 answers differ
 *   agreed      share where every reader is sure (p ≥ sure or ≤ 1 − sure) and all say the same
 *   unsure      share where some reader is not sure
 * </pre>
 * (agreed + unsure + sure-but-opposite = 1). Without a model of the truth, agreement between
 * readers of different design and training data is the hand-free check the figures rest on.
 */
public final class ReaderAgreement {
    private ReaderAgreement() {}

    /** One attribute's figures; {@code rates} in the judges' order. */
    public record Row(String attribute, double[] rates, double disagree, double agreed, double unsure) {}

    /** The attributes every judge reads, in the first judge's order. */
    public static List<String> common(Judges judges) {
        List<String> out = new ArrayList<>();
        for (String a : judges.get(0).reader().attributes()) {
            if (judges.judges().stream().allMatch(j -> j.reader().attributes().contains(a))) {
                out.add(a);
            }
        }
        return out;
    }

    public static List<Row> measure(GanModel m, Judges judges, int n, long seed, int batch, ProgressBar bar) {
        if (judges.size() < 2) {
            throw new IllegalArgumentException("agreement needs at least two readers");
        }
        List<String> attrs = common(judges);
        int nj = judges.size();
        int na = attrs.size();
        long[][] yes = new long[nj][na];
        long[] disagree = new long[na];
        long[] agreed = new long[na];
        long[] unsure = new long[na];
        Random rng = new Random(seed);
        int nz = m.nz();
        bar.start("reading samples", n);
        for (int off = 0; off < n; off += batch) {
            int c = Math.min(batch, n - off);
            float[] z = Prior.sample(nz, c, rng); // the same draws as c samples one by one
            float[][] p = judges.read(m.generate(z, c));
            int[][] index = new int[nj][na];
            for (int j = 0; j < nj; j++) {
                AttributeReader r = judges.get(j).reader();
                for (int a = 0; a < na; a++) {
                    index[j][a] = r.attributes().indexOf(attrs.get(a));
                }
            }
            for (int i = 0; i < c; i++) {
                for (int a = 0; a < na; a++) {
                    int pos = 0;
                    int sureYes = 0;
                    int sureNo = 0;
                    for (int j = 0; j < nj; j++) {
                        float q = p[j][i * judges.get(j).reader().attributes().size() + index[j][a]];
                        if (q > 0.5f) {
                            pos++;
                            yes[j][a]++;
                        }
                        sureYes += q >= judges.sure() ? 1 : 0;
                        sureNo += q <= 1 - judges.sure() ? 1 : 0;
                    }
                    disagree[a] += pos != 0 && pos != nj ? 1 : 0;
                    agreed[a] += sureYes == nj || sureNo == nj ? 1 : 0;
                    unsure[a] += sureYes + sureNo < nj ? 1 : 0;
                }
            }
            bar.advance(c);
        }
        bar.finish();
        List<Row> rows = new ArrayList<>();
        for (int a = 0; a < na; a++) {
            double[] rates = new double[nj];
            for (int j = 0; j < nj; j++) {
                rates[j] = (double) yes[j][a] / n;
            }
            rows.add(new Row(attrs.get(a), rates, (double) disagree[a] / n, (double) agreed[a] / n,
                    (double) unsure[a] / n));
        }
        return rows;
    }

    /** How a generated image is recoloured for {@link #recoloured}: fully gray, or with R and B swapped. */
    public enum Recolour { GRAY, SWAPPED }

    /**
     * One reader, one shape attribute, one recolouring: the share of images whose p &gt; 0.5 answer
     * is the same on the recoloured copy as on the image itself.
     */
    public record SelfRow(String reader, String attribute, Recolour recolour, double same) {}

    /**
     * Whether each reader reads a generated face's shape the same once its colours are gone
     * ({@link ColourAugment.Kind#GRAY}, fully) or swapped (R ↔ B, {@link ColourAugment.Kind#PERMUTE}):
     * a reader that leans on colour for a hat, a beard or glasses changes its answer. The hair
     * colours are left out (a gray face's hair colour is unknowable). Same samples z ~ N(0, I) for
     * every reader.
     */
    public static List<SelfRow> recoloured(GanModel m, Judges judges, int n, long seed, int batch, ProgressBar bar) {
        if (m.spec().channels() != 3) {
            throw new IllegalArgumentException("recolouring needs RGB images; this model draws "
                    + m.spec().channels() + " channel(s)");
        }
        int nj = judges.size();
        long[][][] same = new long[nj][][];
        List<List<String>> attrs = new ArrayList<>();
        for (int j = 0; j < nj; j++) {
            List<String> shape = new ArrayList<>();
            for (String a : judges.get(j).reader().attributes()) {
                if (!ColourAugment.isColourOutput(a)) {
                    shape.add(a);
                }
            }
            attrs.add(shape);
            same[j] = new long[Recolour.values().length][shape.size()];
        }
        Random rng = new Random(seed);
        int nz = m.nz();
        bar.start("reading samples, gray and swapped", n);
        for (int off = 0; off < n; off += batch) {
            int c = Math.min(batch, n - off);
            float[] z = Prior.sample(nz, c, rng); // the same draws as c samples one by one
            dev.latentlab.model.Generated g = m.generate(z, c);
            float[][] plain = judges.read(g);
            for (Recolour k : Recolour.values()) {
                float[] x = g.images().clone();
                for (int i = 0; i < c; i++) {
                    // PERMUTE 4 is the order (2, 1, 0): R and B swapped
                    ColourAugment.transform(x, i * g.imageLength(), g.height(),
                            k == Recolour.GRAY ? ColourAugment.Kind.GRAY : ColourAugment.Kind.PERMUTE,
                            k == Recolour.GRAY ? 1.0 : 4);
                }
                float[][] p = judges.read(new dev.latentlab.model.Generated(x, c, g.channels(), g.height(), g.width(),
                        java.util.Map.of()));
                for (int j = 0; j < nj; j++) {
                    List<String> all = judges.get(j).reader().attributes();
                    for (int a = 0; a < attrs.get(j).size(); a++) {
                        int o = all.indexOf(attrs.get(j).get(a));
                        for (int i = 0; i < c; i++) {
                            boolean before = plain[j][i * all.size() + o] > 0.5f;
                            boolean after = p[j][i * all.size() + o] > 0.5f;
                            same[j][k.ordinal()][a] += before == after ? 1 : 0;
                        }
                    }
                }
            }
            bar.advance(c);
        }
        bar.finish();
        List<SelfRow> rows = new ArrayList<>();
        for (int j = 0; j < nj; j++) {
            for (Recolour k : Recolour.values()) {
                for (int a = 0; a < attrs.get(j).size(); a++) {
                    rows.add(new SelfRow(judges.get(j).name(), attrs.get(j).get(a), k, (double) same[j][k.ordinal()][a] / n));
                }
            }
        }
        return rows;
    }
}
