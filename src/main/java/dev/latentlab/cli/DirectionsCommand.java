package dev.latentlab.cli;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.PickProbe;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.io.Npy;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.PickedDirection;
import dev.latentlab.latent.FittedDirections.SefaLabel;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code directions}: a model's attribute directions (fit accuracy) and what its SeFa directions do;
 * with --positive/--negative, a direction fitted from a person's picks.
 */
@Command(name = "directions", mixinStandardHelpOptions = true,
        description = {"A model's named edit directions, as the app uses them:",
            "  attribute directions (InterFaceGAN): the unit normal of a logistic regression on z, fitted",
            "  from classifier-labelled samples; held-out accuracy and share of samples with the attribute;",
            "  SeFa directions: the classifier's mean attribute change from −3 to +3 along each, in points.",
            "Fitted once and cached in the model folder (directions.json) while the generator is unchanged.",
            "From picks (--positive, --negative, --name): a linear boundary in z from z's a person picked as",
            "  having NAME and as not having it, no classifier needed (by default through the model's own",
            "  features, see --fit); writes vector (unit normal) and offset",
            "  (signed distance vector·z + offset > 0 on the positive side) and the 5-fold cross-validated",
            "  accuracy to --out, and with --save (or without --out) adds NAME to directions.json as a named",
            "  slider for Explore; a refit of the classifier's directions keeps it."})
final class DirectionsCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--refit", description = "fit again even when the cache matches the generator")
    boolean refit;

    @Option(names = "--samples", defaultValue = "3000", description = "labelled samples to fit on (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sefa-samples", defaultValue = "64",
            description = "samples moved to ±3 along each SeFa direction for its label (default: ${DEFAULT-VALUE})")
    int sefaSamples;

    @Option(names = "--positive", paramLabel = "POS.npy", description = "picks with the attribute: N×nz float32 z's;"
            + " Z.npy:ROWS takes rows of one file (0-based, e.g. z.npy:3,5,9-12, from sample --save-z)")
    Path positive;

    @Option(names = "--negative", paramLabel = "NEG.npy", description = "picks without it: N×nz float32 z's (or Z.npy:ROWS)")
    Path negative;

    @Option(names = "--name", description = "the picked direction's name (a slider's label)")
    String name;

    @Option(names = "--out", paramLabel = "DIR.json", description = "write the picked direction to this JSON file")
    Path outFile;

    @Option(names = "--fit", paramLabel = "best|features|z", description = "how picks are fitted: features fits a "
            + "probe on the model's discriminator features (the generator's where there is no discriminator) to the "
            + "picks, lets it label 6,000 samples and fits the boundary in z to those; z fits the picks' z's alone; best "
            + "(the default, as the app) does both and keeps the features fit unless z's cross-validated accuracy is "
            + "higher by more than one standard error (z where no features can be read)")
    String fit;

    @Option(names = "--save", description = "also store the picked direction in the model's directions.json "
            + "(the default without --out)")
    boolean save;

    @Option(names = "--refit-picked", description = "fit every picked direction in directions.json again from the "
            + "picks stored with it (--fit as above), e.g. after LatentLab's fit improved; directions stored "
            + "without their picks (before 2026-12-08) are kept as they are")
    boolean refitPicked;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (fit != null && !fit.equals("best") && !fit.equals("features") && !fit.equals("z")) {
            err.println("error: --fit is best, features or z, not '" + fit + "'");
            return 2;
        }
        if (refitPicked) {
            if (positive != null || negative != null || name != null || outFile != null) {
                err.println("error: --refit-picked refits the stored picks; it takes no --positive, --negative, --name or --out");
                return 2;
            }
            return refitPicked(out, err);
        }
        if (positive != null || negative != null || name != null || outFile != null || save) {
            return picks(out, err);
        }
        if (samples < 10 || sefaSamples < 0 || classifier.batch < 1) {
            err.println("error: --samples must be at least 10, --sefa-samples not negative, --batch positive");
            return 2;
        }
        return classifier.withFaces(model, err, true, (m, c, cdir) -> {
            DirectionFit.Options o = new DirectionFit.Options();
            o.samples = samples;
            o.seed = seed;
            o.sefaSamples = sefaSamples;
            o.batch = classifier.batch;
            DirectionFit.Result r = DirectionFit.cachedOrFit(m, ArithmeticEval.reader(c), dev.latentlab.eval.Classifiers.identity(cdir), o, refit,
                    new ProgressBar(err, !classifier.quiet));
            FittedDirections f = r.directions();
            out.println("# model       " + m.path() + " (" + m.spec().describe() + ", generator "
                    + f.model().checksum() + ")");
            out.println("# classifier  " + f.classifier());
            for (String note : r.notes()) {
                out.println("# " + note);
            }
            out.println(String.format(Locale.ROOT, "# attribute directions: %d labelled samples (seed %d), "
                    + "held-out accuracy of the linear boundary on z", f.samples(), f.seed()));
            out.println(String.format(Locale.ROOT, "%-14s %9s %8s %8s", "attribute", "accuracy", "share", "offset"));
            for (Boundary b : f.boundaries()) {
                out.println(String.format(Locale.ROOT, "%-14s %8.1f%% %7.1f%% %+8.3f", b.attribute(),
                        100 * b.accuracy(), 100 * b.share(), b.offset()));
            }
            for (PickedDirection p : f.picked()) {
                out.println(String.format(Locale.ROOT, "%-14s %8.1f%% %8s %+8.3f  picked: %d with, %d without (%s)",
                        p.name(), 100 * p.accuracy(), "", p.offset(), p.positives(), p.negatives(), p.accuracyBy()));
            }
            if (!f.sefa().isEmpty()) {
                out.println("# SeFa directions: mean change of the classifier's probabilities from −3 to +3, points");
                for (SefaLabel s : f.sefa()) {
                    out.println(String.format(Locale.ROOT, "#%-3d λ %-8.3g %s", s.index(), s.eigenvalue(), s.label()));
                }
            }
            return 0;
        });
    }

    /** The picked direction from these picks, fitted as --fit says; how it went on err. */
    private PickedDirection fitPicks(GanModel m, String n, float[] pos, float[] neg, String source, PrintStream err) {
        long t0 = System.nanoTime();
        if ("z".equals(fit)) {
            return PickedDirection.of(AttributeDirections.fromPicks(n, pos, neg, m.nz(), seed), pos, neg, source,
                    AttributeDirections.PICK_FOLDS + "-fold cross-validation over the picks, fitted in z");
        }
        if ("features".equals(fit)) {
            PickProbe.Result r = PickProbe.fit(m, n, pos, neg, new PickProbe.Options(), seed, () -> false);
            err.println(String.format(Locale.ROOT, "%s: fitted through %s in %.1f s", n, PickProbe.describe(r.stages()),
                    (System.nanoTime() - t0) / 1e9));
            return PickedDirection.of(r.boundary(), pos, neg, source, r.accuracyBy());
        }
        PickProbe.Fitted f = PickProbe.best(m, n, pos, neg, new PickProbe.Options(), seed, () -> false);
        err.println(String.format(Locale.ROOT, "%s: %s (%.1f s)", n, f.note(), (System.nanoTime() - t0) / 1e9));
        return PickedDirection.of(f.boundary(), pos, neg, source, f.accuracyBy());
    }

    /** --refit-picked: each stored picked direction fitted again from its stored picks, and saved. */
    private int refitPicked(PrintStream out, PrintStream err) throws Exception {
        try (GanModel m = ModelStore.open(model)) {
            ModelRef ref = DirectionFit.ref(m);
            Path cache = FittedDirections.cacheFor(m.path());
            if (!Files.isRegularFile(cache)) {
                err.println("error: " + cache + " does not exist: no picked directions to refit");
                return 2;
            }
            FittedDirections f = FittedDirections.read(cache);
            if (!f.model().checksum().equals(ref.checksum())) {
                err.println("error: " + cache + " was fitted for another generator (" + f.model().checksum() + ", this one "
                        + ref.checksum() + "): its picks show other images here");
                return 2;
            }
            if (f.picked().isEmpty()) {
                err.println("error: " + cache + " holds no picked directions");
                return 2;
            }
            out.println("# model       " + m.path() + " (" + m.spec().describe() + ", generator " + ref.checksum() + ")");
            out.println(String.format(Locale.ROOT, "%-14s %9s %9s %8s  %s", "direction", "before", "after", "cosine",
                    "accuracy by"));
            List<PickedDirection> now = new ArrayList<>();
            for (PickedDirection p : f.picked()) {
                if (!p.hasPicks()) {
                    out.println(String.format(Locale.ROOT, "%-14s %8.1f%% %9s %8s  kept: its picks were not stored "
                            + "(fitted before 2026-12-08); pick again to refit", p.name(), 100 * p.accuracy(), "", ""));
                    now.add(p);
                    continue;
                }
                PickedDirection q = fitPicks(m, p.name(), p.positiveZ(), p.negativeZ(), p.source(), err);
                out.println(String.format(Locale.ROOT, "%-14s %8.1f%% %8.1f%% %+8.3f  %s", p.name(), 100 * p.accuracy(),
                        100 * q.accuracy(), AttributeDirections.cosine(p.vector(), q.vector()), q.accuracyBy()));
                now.add(q);
            }
            f.withPicked(now).save(cache);
            err.println("saved " + cache);
            return 0;
        } catch (IllegalArgumentException | java.io.IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** The picks mode: fit, write --out, store in the cache. */
    private int picks(PrintStream out, PrintStream err) throws Exception {
        if (positive == null || negative == null || name == null || name.isBlank()) {
            err.println("error: a direction from picks needs --positive POS.npy, --negative NEG.npy and --name NAME");
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            float[] pos = picks(positive, m.nz());
            float[] neg = picks(negative, m.nz());
            String source = positive.getFileName() + " (positive), " + negative.getFileName() + " (negative)";
            PickedDirection picked = fitPicks(m, name, pos, neg, source, err);
            ModelRef ref = DirectionFit.ref(m);
            out.println("# model       " + m.path() + " (" + m.spec().describe() + ", generator " + ref.checksum() + ")");
            out.println(String.format(Locale.ROOT, "# %s from %d picks with it and %d without; accuracy by %s",
                    name, picked.positives(), picked.negatives(), picked.accuracyBy()));
            out.println(String.format(Locale.ROOT, "%-14s %9s %8s", "direction", "accuracy", "offset"));
            out.println(String.format(Locale.ROOT, "%-14s %8.1f%% %+8.3f", name, 100 * picked.accuracy(), picked.offset()));
            Path cache = FittedDirections.cacheFor(m.path());
            Optional<FittedDirections> cached = FittedDirections.cached(cache, ref);
            cached.ifPresent(f -> f.boundaries().stream()
                    .max(Comparator.comparingDouble(c -> Math.abs(AttributeDirections.cosine(c.normal(), picked.vector()))))
                    .ifPresent(c -> out.println(String.format(Locale.ROOT, "# closest classifier-fitted direction: %s, "
                            + "cosine %+.3f", c.attribute(), AttributeDirections.cosine(c.normal(), picked.vector())))));
            if (outFile != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("format", "latentlab-picked-direction");
                doc.put("version", 1);
                doc.put("model", ref);
                doc.put("name", picked.name());
                doc.put("distance", "vector·z + offset, > 0 on the side of the positive picks");
                doc.put("vector", picked.vector());
                doc.put("offset", picked.offset());
                doc.put("accuracy", picked.accuracy());
                doc.put("accuracyBy", picked.accuracyBy());
                doc.put("positives", picked.positives());
                doc.put("negatives", picked.negatives());
                doc.put("source", picked.source());
                EvalCommands.writeJson(outFile, doc);
                err.println("wrote " + outFile);
            }
            if (save || outFile == null) {
                FittedDirections f = cached.map(c -> c.withPicked(picked))
                        .orElseGet(() -> FittedDirections.picksOnly(ref, List.of(picked)));
                f.save(cache);
                err.println("saved " + name + " to " + cache + " (a named slider in Explore; "
                        + f.picked().size() + " picked direction" + (f.picked().size() == 1 ? "" : "s") + " there)");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /**
     * An N×nz float32 .npy of z's, row by row; {@code Z.npy:ROWS} takes only the listed rows (0-based,
     * "3,5,9-12"), as picked by eye from {@code sample --save-z Z.npy}'s grid, counted row by row.
     */
    static float[] picks(Path given, int nz) throws java.io.IOException {
        Path file = given;
        String rows = null;
        String s = given.toString();
        int colon = s.lastIndexOf(':');
        if (!Files.exists(given) && colon > 0) {
            file = Path.of(s.substring(0, colon));
            rows = s.substring(colon + 1);
        }
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 2 || a.dim(1) != nz) {
            throw new IllegalArgumentException(file + " has shape " + a.shapeString() + "; picks are N×nz z's, nz = "
                    + nz + " for this model");
        }
        if (rows == null) {
            return a.data();
        }
        java.util.List<Integer> take = rowList(rows, a.dim(0), file);
        float[] out = new float[take.size() * nz];
        for (int i = 0; i < take.size(); i++) {
            System.arraycopy(a.data(), take.get(i) * nz, out, i * nz, nz);
        }
        return out;
    }

    /** "3,5,9-12" → [3, 5, 9, 10, 11, 12], each in [0, n), none twice. */
    static java.util.List<Integer> rowList(String rows, int n, Path file) {
        java.util.LinkedHashSet<Integer> out = new java.util.LinkedHashSet<>();
        for (String part : rows.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 0 || to >= n || from > to) {
                    throw new IllegalArgumentException(file + " has rows 0.." + (n - 1) + "; '" + p + "' is outside");
                }
                for (int r = from; r <= to; r++) {
                    if (!out.add(r)) {
                        throw new IllegalArgumentException("row " + r + " of " + file + " is listed twice");
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' is not a row or a range of rows (e.g. 3,5,9-12)");
            }
        }
        return new java.util.ArrayList<>(out);
    }
}
