package dev.latentlab.eval;

import dev.latentlab.model.GanModel;
import dev.latentlab.nn.ChannelMask;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A removal's effect as other readers see it. The removal search picks channels by what one
 * classifier reads, so the same classifier's before/after figure partly measures how to fool it
 * (a hat turned into a smudged hat-shaped patch may no longer read as a hat to it); readers that
 * took no part in the choice say whether the attribute is really gone. On the same z as
 * {@link AblationEval#run}'s evaluation set (seeded alike), for every attribute the judges share:
 * <pre>
 *   rate[r]  before / after   share reader r reads it (p &gt; 0.5)
 *   agreed   before / after   share every reader surely reads it (p ≥ sure)
 *   unsure   before / after   share some reader is unsure of it
 * </pre>
 */
public final class RemovalCheck {
    private RemovalCheck() {}

    public record Row(String attribute, double[] before, double[] after, double agreedBefore, double agreedAfter,
            double unsureBefore, double unsureAfter) {
        /** Relative drop of reader r's rate (1 − after / before). */
        public double drop(int r) {
            return before[r] == 0 ? Double.NaN : 1 - after[r] / before[r];
        }

        public double agreedDrop() {
            return agreedBefore == 0 ? Double.NaN : 1 - agreedAfter / agreedBefore;
        }
    }

    public static List<Row> measure(GanModel m, Judges judges, int layer, BitSet removed, int samples, long seed,
            int batch, ProgressBar bar) {
        List<String> attrs = ReaderAgreement.common(judges);
        int nj = judges.size();
        int na = attrs.size();
        long[][][] yes = new long[2][nj][na];
        long[][] agreed = new long[2][na];
        long[][] unsure = new long[2][na];
        ChannelMask mask = ChannelMask.none().withLayer(layer, removed);
        Random r = new Random(seed);
        int nz = m.nz();
        bar.start("other readers", samples);
        for (int start = 0; start < samples; start += batch) {
            int b = Math.min(batch, samples - start);
            float[] z = AblationEval.gaussian(r, b * nz);
            for (int phase = 0; phase < 2; phase++) {
                float[][] p = judges.read(m.generate(z, b, phase == 0 ? ChannelMask.none() : mask, Set.of()));
                for (int i = 0; i < b; i++) {
                    for (int a = 0; a < na; a++) {
                        int sureYes = 0;
                        int sure = 0;
                        for (int j = 0; j < nj; j++) {
                            List<String> ja = judges.get(j).reader().attributes();
                            float q = p[j][i * ja.size() + ja.indexOf(attrs.get(a))];
                            yes[phase][j][a] += q > 0.5f ? 1 : 0;
                            sureYes += q >= judges.sure() ? 1 : 0;
                            sure += q >= judges.sure() || q <= 1 - judges.sure() ? 1 : 0;
                        }
                        agreed[phase][a] += sureYes == nj ? 1 : 0;
                        unsure[phase][a] += sure < nj ? 1 : 0;
                    }
                }
            }
            bar.advance(b);
        }
        bar.finish();
        List<Row> rows = new ArrayList<>();
        for (int a = 0; a < na; a++) {
            double[] before = new double[nj];
            double[] after = new double[nj];
            for (int j = 0; j < nj; j++) {
                before[j] = (double) yes[0][j][a] / samples;
                after[j] = (double) yes[1][j][a] / samples;
            }
            rows.add(new Row(attrs.get(a), before, after, (double) agreed[0][a] / samples,
                    (double) agreed[1][a] / samples, (double) unsure[0][a] / samples, (double) unsure[1][a] / samples));
        }
        return rows;
    }
}
