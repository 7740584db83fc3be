package dev.latentlab.eval;

import dev.latentlab.eval.ArithmeticEval.AttributeReader;
import dev.latentlab.eval.ArithmeticEval.Pool;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.model.GanModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many picks a direction from picks needs to edit as well as the classifier-fitted one. A
 * reader (the picker) stands in for a person: of {@code pool} samples z ~ N(0, I), in order, it
 * picks those it reads surely with attribute A (p ≥ {@code sure}) and surely without (p ≤ 1 − sure).
 * For each count k, the first k of each side give a direction ({@link AttributeDirections#fromPicks});
 * {@link EditEval} then moves the same samples along it and along the classifier-fitted direction,
 * and another reader (the judge) says how many now show A.
 */
public final class PickSimulation {
    public static final class Options {
        public int pool = 1000;
        public long poolSeed = 3;
        public double sure = 0.9;
        public int[] counts = {10, 30, 60, 100};
        public long foldSeed = 1;
        /**
         * 0: the picker looks through the pool in order (a person browsing samples). N &gt; 0: after
         * the first 10 picks per side, it is shown the N pool samples nearest the boundary fitted
         * so far ({@link AttributeDirections#nearest}) and picks those it is sure of, refitting
         * after each page; a count k is then reached at 2k picks in all, whichever side they fell on.
         */
        public int suggest = 0;
        public EditEval.Options edit = new EditEval.Options();
        /** Also fit each count's direction through the model's features ({@link PickProbe}), as the app does; null: not. */
        public PickProbe.Options probe = new PickProbe.Options();
        /**
         * Sample seeds of further classifier-fitted directions (each from as many samples as the
         * reference, labelled by the picker): how far the reference's own success varies with the
         * samples it was fitted on, the yardstick a direction from picks is compared against.
         */
        public long[] referenceSeeds = {};
    }

    /**
     * One direction: picks per side (0 for the classifier-fitted one), its accuracy (5-fold over
     * the picks, or held out of the classifier's samples), its cosine with the classifier-fitted
     * normal, and the judge's edit success and mean step.
     */
    public record Row(String direction, int perSide, double accuracy, double cosine, double success, double meanStep) {}

    public record Report(List<Row> rows, int sureWith, int sureWithout, List<String> notes) {}

    private PickSimulation() {}

    public static Report run(GanModel m, AttributeReader picker, FittedDirections classifierFitted, AttributeReader judge,
            String attribute, Options o, ProgressBar bar) {
        Boundary reference = classifierFitted.boundary(attribute).orElseThrow(() -> new IllegalArgumentException(
                "no classifier-fitted direction for " + attribute + " (fitted: " + classifierFitted.attributes() + ")"));
        Pool pool = ArithmeticEval.labelPool(m, picker, o.pool, o.poolSeed, o.edit.batch, bar);
        int nz = m.nz();
        Sure sure = sure(pool, attribute, o.sure);
        List<Integer> with = sure.with();
        List<Integer> without = sure.without();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "picks: of %d samples (seed %d) the picker reads %d surely with %s and %d "
                + "surely without (p >= %.2f / <= %.2f); each count takes the first k of each side", o.pool, o.poolSeed,
                with.size(), attribute, without.size(), o.sure, 1 - o.sure));
        List<Row> rows = new ArrayList<>();
        EditEval.Report ref = EditEval.run(m, judge, classifierFitted, attribute, List.of(), o.edit, bar);
        notes.addAll(ref.notes());
        rows.add(new Row("classifier-fitted (" + classifierFitted.samples() + " samples)", 0, reference.accuracy(), 1,
                ref.success(), ref.meanStep()));
        for (long s : o.referenceSeeds) {
            DirectionFit.Options fo = new DirectionFit.Options();
            fo.samples = classifierFitted.samples();
            fo.seed = s;
            fo.sefaSamples = 0;
            fo.batch = o.edit.batch;
            FittedDirections again = DirectionFit.fit(m, picker, classifierFitted.classifier(), fo, bar).directions();
            Boundary b = again.boundary(attribute).orElseThrow();
            EditEval.Report r = EditEval.run(m, judge, again, attribute, List.of(), o.edit, bar);
            rows.add(new Row("classifier-fitted, seed " + s, 0, b.accuracy(), AttributeDirections.cosine(b.normal(),
                    reference.normal()), r.success(), r.meanStep()));
        }
        if (o.suggest > 0) {
            suggested(m, judge, classifierFitted, reference, attribute, o, bar, pool, with, without, rows, notes);
            return new Report(rows, with.size(), without.size(), notes);
        }
        for (int k : o.counts) {
            if (k > with.size() || k > without.size()) {
                notes.add(k + " picks per side: the pool has too few sure samples (raise --pool)");
                continue;
            }
            Boundary b = AttributeDirections.fromPicks(attribute, rows(pool, with, k, nz), rows(pool, without, k, nz), nz,
                    o.foldSeed);
            FittedDirections picked = new FittedDirections(classifierFitted.model(), "picks", 2 * k, o.foldSeed, 0,
                    List.of(b), List.of());
            EditEval.Report r = EditEval.run(m, judge, picked, attribute, List.of(), o.edit, bar);
            rows.add(new Row(k + " per side, z", k, b.accuracy(), AttributeDirections.cosine(b.normal(),
                    reference.normal()), r.success(), r.meanStep()));
            if (o.probe != null) {
                PickProbe.Result pr;
                long t0 = System.nanoTime();
                try {
                    pr = PickProbe.fit(m, attribute, rows(pool, with, k, nz), rows(pool, without, k, nz), o.probe,
                            o.foldSeed, () -> false);
                } catch (IllegalArgumentException e) {
                    notes.add(k + " per side through features: " + e.getMessage());
                    continue;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                FittedDirections probed = new FittedDirections(classifierFitted.model(), "picks", 2 * k, o.foldSeed, 0,
                        List.of(pr.boundary()), List.of());
                EditEval.Report rp = EditEval.run(m, judge, probed, attribute, List.of(), o.edit, bar);
                notes.add(String.format(Locale.ROOT, "%d per side through features: %s, in %.1f s; %.1f%% of them "
                        + "labelled with; the app keeps the %s fit", k, pr.accuracyBy(), seconds, 100 * pr.positiveShare(),
                        PickProbe.preferFeatures(pr.boundary().accuracy(), b.accuracy(), 2 * k) ? "features" : "z"));
                rows.add(new Row(k + " per side, features", k, pr.boundary().accuracy(), AttributeDirections.cosine(
                        pr.boundary().normal(), reference.normal()), rp.success(), rp.meanStep()));
            }
        }
        return new Report(rows, with.size(), without.size(), notes);
    }

    /**
     * Picking with suggestions: 10 sure picks per side in pool order, then pages of the
     * {@code o.suggest} unseen samples nearest the current boundary, of which the picker takes the
     * ones it is sure of (the rest count as seen, as a person who skipped them). At 2k picks in all
     * the direction from every pick so far is scored as "k per side".
     */
    private static void suggested(GanModel m, AttributeReader judge, FittedDirections classifierFitted, Boundary reference,
            String attribute, Options o, ProgressBar bar, Pool pool, List<Integer> sureWith, List<Integer> sureWithout,
            List<Row> rows, List<String> notes) {
        int nz = m.nz();
        int start = 10;
        if (sureWith.size() < start || sureWithout.size() < start) {
            notes.add("suggestions: the pool has fewer than " + start + " sure samples on a side (raise --pool)");
            return;
        }
        List<Integer> with = new ArrayList<>(sureWith.subList(0, start));
        List<Integer> without = new ArrayList<>(sureWithout.subList(0, start));
        java.util.Set<Integer> seen = new java.util.HashSet<>(with);
        seen.addAll(without);
        // a person browsing found the first 10 of each side: everything before the later of the two was seen
        int browsed = Math.max(sureWith.get(start - 1), sureWithout.get(start - 1));
        for (int i = 0; i <= browsed; i++) {
            seen.add(i);
        }
        int[] counts = o.counts.clone();
        java.util.Arrays.sort(counts);
        for (int k : counts) {
            while (with.size() + without.size() < 2 * k) {
                Boundary now = AttributeDirections.fromPicks(attribute, rows(pool, with, with.size(), nz),
                        rows(pool, without, without.size(), nz), nz, o.foldSeed);
                int[] page = AttributeDirections.nearest(now, pool.z(), nz, o.suggest, seen);
                if (page.length == 0) {
                    break;
                }
                for (int i : page) {
                    seen.add(i);
                    float p = pool.probability(i, attribute);
                    if (with.size() + without.size() >= 2 * k) {
                        break;
                    } else if (p >= o.sure) {
                        with.add(i);
                    } else if (p <= 1 - o.sure) {
                        without.add(i);
                    }
                }
            }
            if (with.size() + without.size() < 2 * k || with.size() < AttributeDirections.PICK_FOLDS
                    || without.size() < AttributeDirections.PICK_FOLDS) {
                notes.add(k + " picks per side with suggestions: the pool ran out (raise --pool)");
                continue;
            }
            Boundary b = AttributeDirections.fromPicks(attribute, rows(pool, with, with.size(), nz),
                    rows(pool, without, without.size(), nz), nz, o.foldSeed);
            FittedDirections picked = new FittedDirections(classifierFitted.model(), "picks", with.size() + without.size(),
                    o.foldSeed, 0, List.of(b), List.of());
            EditEval.Report r = EditEval.run(m, judge, picked, attribute, List.of(), o.edit, bar);
            notes.add(String.format(Locale.ROOT, "%d picks in all with suggestions (pages of %d): %d with, %d without, "
                    + "%d samples looked at", 2 * k, o.suggest, with.size(), without.size(), seen.size()));
            rows.add(new Row(k + " per side, suggested", k, b.accuracy(), AttributeDirections.cosine(b.normal(),
                    reference.normal()), r.success(), r.meanStep()));
        }
    }

    /** The pool samples the picker reads surely with the attribute (p ≥ sure) and surely without (p ≤ 1 − sure), in pool order. */
    public record Sure(List<Integer> with, List<Integer> without) {}

    public static Sure sure(Pool pool, String attribute, double sure) {
        List<Integer> with = new ArrayList<>();
        List<Integer> without = new ArrayList<>();
        for (int i = 0; i < pool.count(); i++) {
            float p = pool.probability(i, attribute);
            if (p >= sure) {
                with.add(i);
            } else if (p <= 1 - sure) {
                without.add(i);
            }
        }
        return new Sure(with, without);
    }

    /** The z's of the first k samples of {@code index}, row by row. */
    public static float[] rows(Pool pool, List<Integer> index, int k, int nz) {
        float[] out = new float[k * nz];
        for (int i = 0; i < k; i++) {
            System.arraycopy(pool.z(), index.get(i) * nz, out, i * nz, nz);
        }
        return out;
    }
}
