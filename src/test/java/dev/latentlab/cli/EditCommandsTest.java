package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.EditRecipe.Move;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.EditImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `directions`, `eval edit`, `sample --truncation` and `sample --recipe` end to end. */
class EditCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static int[] pixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void directionsAreFittedOnceCachedAndRefittedOnDemand() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("faces"), 5);
        Run a = cli("directions", "--model", model.toString(), "--samples", "300", "--sefa-samples", "8", "--quiet");
        assertEquals(0, a.code(), a.out() + a.err());
        assertTrue(a.out().contains("saved to " + model.resolve(FittedDirections.FILE)), a.out());
        assertTrue(a.out().contains("#10 "), "ten labelled SeFa directions:\n" + a.out());
        FittedDirections f = FittedDirections.read(model.resolve(FittedDirections.FILE));
        assertEquals(300, f.samples());
        // fitted by the shipped second reader (the first one's smiles are its own), judged by the first
        assertEquals(dev.latentlab.eval.Classifiers.identity(dev.latentlab.eval.Classifiers.locateDirections(
                dev.latentlab.eval.ClassifierInfo.Kind.FACES)), f.classifier());
        assertTrue(f.classifier().matches("classifier-faces-b \\(sha256:[0-9a-f]{16}\\)"), f.classifier());
        assertTrue(a.out().contains("# classifier  classifier-faces-b (sha256:"), a.out());
        assertEquals(10, f.sefa().size());
        for (var b : f.boundaries()) {
            assertTrue(a.out().contains(b.attribute()), a.out());
        }
        Run b = cli("directions", "--model", model.toString(), "--samples", "300", "--sefa-samples", "8", "--quiet");
        assertTrue(b.out().contains("directions from " + model.resolve(FittedDirections.FILE)), "cached:\n" + b.out());
        // a cache another reader fitted is not served: asked for the first reader's directions, it fits them
        String first = dev.latentlab.eval.Classifiers.locate(dev.latentlab.eval.ClassifierInfo.Kind.FACES).toString();
        Run other = cli("directions", "--model", model.toString(), "--samples", "300", "--sefa-samples", "0",
                "--classifier", first, "--quiet");
        assertTrue(other.out().contains("saved to"), other.out());
        assertTrue(FittedDirections.read(model.resolve(FittedDirections.FILE)).classifier().startsWith("classifier-faces (sha256:"));
        // another reader under the same folder name (a reader retrained or replaced) is not served the cache either
        Path renamed = Files.createDirectories(tmp.resolve("elsewhere").resolve("classifier-faces"));
        String second = dev.latentlab.eval.Classifiers.locateDirections(dev.latentlab.eval.ClassifierInfo.Kind.FACES).toString();
        for (String file : new String[] {"classifier.json", "classifier.npz"}) {
            Files.copy(Path.of(second, file), renamed.resolve(file));
        }
        Run same = cli("directions", "--model", model.toString(), "--samples", "300", "--sefa-samples", "0",
                "--classifier", renamed.toString(), "--quiet");
        assertTrue(same.out().contains("saved to"), "fitted again, not served from the cache:\n" + same.out());
        Run c = cli("directions", "--model", model.toString(), "--samples", "200", "--sefa-samples", "0", "--refit",
                "--quiet");
        assertTrue(c.out().contains("saved to"), c.out());
        assertEquals(200, FittedDirections.read(model.resolve(FittedDirections.FILE)).samples());
    }

    /** The shipped first faces reader: the tiny model's faces give it two-sided attributes. */
    static final String FIRST = dev.latentlab.eval.Classifiers.locate(dev.latentlab.eval.ClassifierInfo.Kind.FACES)
            .toString();

    /** A tiny faces model with directions fitted by the first reader on 300 samples. */
    private FittedDirections fitFirst(Path model) throws Exception {
        assertEquals(0, cli("directions", "--model", model.toString(), "--samples", "300", "--sefa-samples", "0",
                "--classifier", FIRST, "--quiet").code());
        return FittedDirections.read(model.resolve(FittedDirections.FILE));
    }

    @Test
    void evalEditReportsSuccessAndEveryOtherAttributeAndRefusesUnknownOnes() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("faces"), 5);
        // fitted and selected by the first reader
        String first = FIRST;
        FittedDirections f = fitFirst(model);
        String attr = f.boundaries().get(0).attribute();
        String keep = f.boundaries().get(1).attribute();
        Path json = tmp.resolve("edit.json");
        Run r = cli("eval", "edit", "--model", model.toString(), "--attribute", attr, "--keep", keep, "--samples",
                "40", "--classifier", first, "--quiet", "--json", json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("success "), r.out());
        assertTrue(r.out().contains("kept." + keep), r.out());
        assertTrue(r.out().contains("worst_kept_points"), r.out());
        com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        double success = doc.getAsJsonObject("figures").get("success").getAsDouble();
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%.4f", success)), "the same figure in both");
        assertTrue(doc.getAsJsonObject("figures").has("kept." + keep + ".after"), doc.toString());
        // judged also by the shipped second reader: agreed (both sure) is never more than either alone
        com.google.gson.JsonObject figs = doc.getAsJsonObject("figures");
        double agreed = figs.get("success.agreed").getAsDouble();
        assertTrue(agreed <= figs.get("success.reader.classifier-faces").getAsDouble() + 1e-9, figs.toString());
        assertTrue(agreed <= figs.get("success.reader.classifier-faces-b").getAsDouble() + 1e-9, figs.toString());
        Run bad = cli("eval", "edit", "--model", model.toString(), "--attribute", "Wings", "--quiet");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("does not read Wings"), bad.err());
    }

    @Test
    void truncationPullsSamplesTowardsTheMeanImage() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("tiny"), "tiny", 2);
        Path full = tmp.resolve("full.npy");
        Path none = tmp.resolve("zero.npy");
        Path half = tmp.resolve("half.npy");
        assertEquals(0, cli("sample", "--model", model.toString(), "--count", "4", "--npy", full.toString()).code());
        assertEquals(0, cli("sample", "--model", model.toString(), "--count", "4", "--truncation", "0", "--npy",
                none.toString()).code());
        assertEquals(0, cli("sample", "--model", model.toString(), "--count", "4", "--truncation", "0.5", "--npy",
                half.toString()).code());
        float[] a = dev.latentlab.io.Npy.read(full).data();
        float[] z0 = dev.latentlab.io.Npy.read(none).data();
        float[] h = dev.latentlab.io.Npy.read(half).data();
        int per = a.length / 4;
        for (int i = 0; i < per; i++) {
            assertEquals(z0[i], z0[per + i], 1e-6f, "ψ = 0: every sample is G(0)");
        }
        double far = 0;
        double near = 0;
        for (int i = 0; i < a.length; i++) {
            far += Math.abs(a[i] - z0[i % per]);
            near += Math.abs(h[i] - z0[i % per]);
        }
        assertTrue(near < far, "ψ = 0.5 lies nearer G(0) than ψ = 1: " + near + " vs " + far);
        Run bad = cli("sample", "--model", model.toString(), "--truncation", "3", "--out", tmp.resolve("x.png").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("ψ"), bad.err());
    }

    @Test
    void evalMeasuresTheTruncatedGenerator() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinydigits"), dev.latentlab.nn.NetSpec.dcgan(28, 1, 16, 8, 8), 1);
        Run full = cli("eval", "--model", model.toString(), "--samples", "200", "--quiet");
        Run truncated = cli("eval", "--model", model.toString(), "--samples", "200", "--truncation", "0.5", "--quiet");
        assertEquals(0, truncated.code(), truncated.err());
        assertTrue(truncated.out().contains("ψ = 0.5"), truncated.out());
        assertFalse(fd(full.out()).equals(fd(truncated.out())), "other samples, other figures");
        assertEquals(2, cli("eval", "--model", model.toString(), "--truncation", "-1", "--quiet").code());
    }

    static String fd(String out) {
        return out.lines().filter(l -> l.startsWith("fd ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    void aSavedRecipeRendersHeadlessToTheSamePixelsAndAnotherModelsIsRefused() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("tiny"), "tiny", 2);
        Path recipeFile = tmp.resolve("edits").resolve("my edit.json");
        EditRecipe r;
        try (GanModel m = ModelStore.open(model)) {
            Random rng = new Random(9);
            int nz = m.nz();
            r = new EditRecipe(DirectionFit.ref(m), Prior.sample(nz, rng),
                    List.of(new Move(EditRecipe.SEFA, "#1", Prior.sample(nz, rng), 0.37, null),
                            new Move(EditRecipe.ATTRIBUTE, "Smiling", Prior.sample(nz, rng), 0.81, 0.5)),
                    0.8, List.of(), Map.of(1, new int[] {0, 2}), "test");
            r.save(recipeFile);
            EditImage.writePng(m, r, EditRecipe.pngFor(recipeFile)); // what "Save edit" writes
        }
        Path out = tmp.resolve("again.png");
        Run run = cli("sample", "--model", model.toString(), "--recipe", recipeFile.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertArrayEquals(pixels(EditRecipe.pngFor(recipeFile)), pixels(out), "bit for bit");
        // the channels removed matter: without them the image differs
        EditRecipe unmasked = new EditRecipe(r.model(), r.z(), r.moves(), r.psi(), r.keep(), Map.of(), null);
        Path plain = tmp.resolve("plain.json");
        unmasked.save(plain);
        Path plainPng = tmp.resolve("plain.png");
        assertEquals(0, cli("sample", "--model", model.toString(), "--recipe", plain.toString(), "--out",
                plainPng.toString()).code());
        assertFalse(java.util.Arrays.equals(pixels(out), pixels(plainPng)));

        Path other = TinyModels.vivid(tmp.resolve("other"), "tiny", 3); // same name and shape, other weights
        Run refused = cli("sample", "--model", other.toString(), "--recipe", recipeFile.toString(), "--out",
                tmp.resolve("no.png").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains(recipeFile.toString()) && refused.err().contains("weights differ"),
                refused.err());
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{ \"format\": \"latentlab-edit\", ");
        Run b = cli("sample", "--model", model.toString(), "--recipe", broken.toString(), "--out",
                tmp.resolve("no.png").toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains(broken.toString()), b.err());
        assertFalse(Files.exists(tmp.resolve("no.png")));
    }

    /** k prior samples each side of a known half-space n·z = 0 (|n·z| ≥ 1), written as N×nz .npy files. */
    private static float[] writePicks(Path pos, Path neg, int nz, int k) throws Exception {
        Random r = new Random(3);
        float[] n = Prior.sample(nz, r);
        float[][] sides = {new float[k * nz], new float[k * nz]};
        int[] have = new int[2];
        while (have[0] < k || have[1] < k) {
            float[] z = Prior.sample(nz, r);
            double d = dev.latentlab.latent.AttributeDirections.dot(n, z)
                    / Math.sqrt(dev.latentlab.latent.AttributeDirections.dot(n, n));
            int side = d >= 1 ? 0 : d <= -1 ? 1 : -1;
            if (side >= 0 && have[side] < k) {
                System.arraycopy(z, 0, sides[side], nz * have[side]++, nz);
            }
        }
        dev.latentlab.io.Npy.write(pos, new dev.latentlab.io.Npy.Array(new long[] {k, nz}, sides[0]));
        dev.latentlab.io.Npy.write(neg, new dev.latentlab.io.Npy.Array(new long[] {k, nz}, sides[1]));
        return n;
    }

    @Test
    void aDirectionFromPicksIsWrittenStoredAsASliderAndOutlastsARefit() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("faces"), 5);
        int nz;
        try (GanModel m = ModelStore.open(model)) {
            nz = m.nz();
        }
        Path pos = tmp.resolve("pos.npy");
        Path neg = tmp.resolve("neg.npy");
        float[] n = writePicks(pos, neg, nz, 40);
        Path json = tmp.resolve("freckles.json");
        Run nothing = cli("directions", "--model", model.toString(), "--refit-picked");
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("does not exist: no picked directions to refit"), nothing.err());
        Run a = cli("directions", "--model", model.toString(), "--positive", pos.toString(), "--negative", neg.toString(),
                "--name", "Freckles", "--out", json.toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("Freckles from 40 picks with it and 40 without; accuracy by 5-fold cross-validation"),
                a.out());
        // both fits were tried on the same folds, and the command says which it kept and both accuracies
        assertTrue(a.err().matches("(?s)Freckles: fitted (in z|through features): \\d+% cross-validated through D stage 2 "
                + "features, \\d+% in z.*"), a.err());
        Run bogus = cli("directions", "--model", model.toString(), "--positive", pos.toString(), "--negative",
                neg.toString(), "--name", "Freckles", "--fit", "pixels", "--out", tmp.resolve("x.json").toString());
        assertEquals(2, bogus.code());
        assertTrue(bogus.err().contains("--fit is best, features or z, not 'pixels'"), bogus.err());
        com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        float[] v = new com.google.gson.Gson().fromJson(doc.get("vector"), float[].class);
        assertEquals(nz, v.length);
        assertEquals(1, Math.sqrt(dev.latentlab.latent.AttributeDirections.dot(v, v)), 1e-5, "a unit normal");
        assertTrue(dev.latentlab.latent.AttributeDirections.cosine(v, n) > 0.8, "along the picks' half-space normal");
        assertTrue(doc.get("accuracy").getAsDouble() > 0.8, doc.toString().substring(0, 200));
        assertTrue(doc.has("offset") && doc.get("accuracyBy").getAsString().contains("5-fold"));
        assertFalse(Files.exists(FittedDirections.cacheFor(model)), "--out without --save leaves the model alone");

        // --save: a named slider beside the classifier's directions, and a refit of those keeps it
        assertEquals(0, cli("directions", "--model", model.toString(), "--positive", pos.toString(), "--negative",
                neg.toString(), "--name", "Freckles", "--save").code());
        assertTrue(FittedDirections.read(FittedDirections.cacheFor(model)).boundary("Freckles").isPresent());
        Run refit = cli("directions", "--model", model.toString(), "--samples", "200", "--sefa-samples", "0", "--refit",
                "--quiet");
        assertEquals(0, refit.code(), refit.err());
        assertTrue(refit.out().contains("kept the picked directions [Freckles]"), refit.out());
        assertTrue(refit.out().lines().anyMatch(l -> l.startsWith("Freckles") && l.contains("picked: 40 with")), refit.out());
        FittedDirections f = FittedDirections.read(FittedDirections.cacheFor(model));
        assertEquals(200, f.samples());
        assertFalse(f.boundaries().isEmpty());
        assertArrayEquals(v, f.boundary("Freckles").orElseThrow().normal(), 1e-6f);
        // the picks are stored with the direction, so it can be fitted again from them
        FittedDirections.PickedDirection stored = f.picked().get(0);
        assertTrue(stored.hasPicks());
        assertArrayEquals(dev.latentlab.io.Npy.read(pos).data(), stored.positiveZ());
        assertArrayEquals(dev.latentlab.io.Npy.read(neg).data(), stored.negativeZ());
        Run again = cli("directions", "--model", model.toString(), "--refit-picked", "--fit", "z");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().lines().anyMatch(l -> l.startsWith("Freckles") && l.contains("fitted in z")), again.out());
        FittedDirections.PickedDirection inZ = FittedDirections.read(FittedDirections.cacheFor(model)).picked().get(0);
        assertArrayEquals(dev.latentlab.latent.AttributeDirections.fromPicks("Freckles", stored.positiveZ(),
                stored.negativeZ(), nz, 1).normal(), inZ.vector(), 1e-6f, "refitted in z from the stored picks");
        assertTrue(inZ.accuracyBy().endsWith("fitted in z"), inZ.accuracyBy());
        assertEquals(200, FittedDirections.read(FittedDirections.cacheFor(model)).samples(), "the classifier's are kept");
        Run mixed = cli("directions", "--model", model.toString(), "--refit-picked", "--name", "X");
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("--refit-picked refits the stored picks"), mixed.err());

        Run missing = cli("directions", "--model", model.toString(), "--positive", pos.toString(), "--name", "X");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("needs --positive POS.npy, --negative NEG.npy and --name NAME"), missing.err());
        dev.latentlab.io.Npy.write(neg, new dev.latentlab.io.Npy.Array(new long[] {6, 7}, new float[42]));
        Run wrong = cli("directions", "--model", model.toString(), "--positive", pos.toString(), "--negative",
                neg.toString(), "--name", "X", "--out", json.toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("has shape [6, 7]; picks are N×nz z's, nz = " + nz), wrong.err());
    }

    @Test
    void picksAreRowsOfTheSampledGridOnAPyTorchFileThatNoReaderReads() throws Exception {
        Path folder = TinyModels.vividFaces(tmp.resolve("faces-pth"), 5);
        try (GanModel m = ModelStore.open(folder)) {
            dev.latentlab.model.PyTorchExport.write(m, tmp.resolve("pth"));
        }
        Path pth = tmp.resolve("pth").resolve("netG.pth");
        Path z = tmp.resolve("grid-z.npy");
        Run sampled = cli("sample", "--model", pth.toString(), "--count", "16", "--seed", "3", "--out",
                tmp.resolve("grid.png").toString(), "--save-z", z.toString());
        assertEquals(0, sampled.code(), sampled.err());
        dev.latentlab.io.Npy.Array zs = dev.latentlab.io.Npy.read(z);
        assertArrayEquals(new long[] {16, TinyModels.NZ}, zs.shape());
        assertArrayEquals(Prior.sample(TinyModels.NZ, 16, new Random(3)), zs.data(), "the grid's z, in grid order");

        Run fit = cli("directions", "--model", pth.toString(), "--positive", z + ":0-4,9", "--negative",
                z + ":5-8,10,11", "--name", "Round", "--out", tmp.resolve("round.json").toString());
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("Round from 6 picks with it and 6 without"), fit.out());

        Run twice = cli("directions", "--model", pth.toString(), "--positive", z + ":0-4,3", "--negative",
                z + ":5-8", "--name", "Round", "--out", tmp.resolve("r2.json").toString());
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("row 3 of " + z + " is listed twice"), twice.err());
        Run outside = cli("directions", "--model", pth.toString(), "--positive", z + ":0-4,16", "--negative",
                z + ":5-8", "--name", "Round", "--out", tmp.resolve("r3.json").toString());
        assertEquals(2, outside.code());
        assertTrue(outside.err().contains("has rows 0..15; '16' is outside"), outside.err());

        // the evaluations say why they cannot read a PyTorch file, and what to pass
        Run edit = cli("eval", "edit", "--model", pth.toString(), "--attribute", "Smiling");
        assertEquals(2, edit.code());
        assertTrue(edit.err().contains("netG.pth does not record what it was trained on")
                && edit.err().contains("--classifier"), edit.err());
    }

    @Test
    void evalPicksComparesDirectionsFromPicksWithTheClassifierFittedOne() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("faces"), 5);
        // the first reader picks and judges here
        String first = FIRST;
        FittedDirections f = fitFirst(model);
        String attr = f.boundaries().stream().min(java.util.Comparator.comparingDouble(b -> Math.abs(b.share() - 0.5)))
                .orElseThrow().attribute();
        Run r = cli("eval", "picks", "--model", model.toString(), "--attribute", attr, "--counts", "5,10000",
                "--pool", "200", "--sure", "0.6", "--samples", "20", "--picker", first, "--classifier", first, "--quiet",
                "--features-pool", "1000");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("picker      " + first + "; judge " + first), r.out());
        assertTrue(r.out().contains("the picker is the judge: pass another --classifier"), r.out());
        assertTrue(r.out().contains("direction                       accuracy  cosine  success mean_step"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("classifier-fitted (300 samples)") && l.contains("1.000")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("5 per side, z ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("5 per side, features ")), r.out());
        assertTrue(r.out().contains("5 per side through features: 5-fold cross-validation over the picks, fitted "
                + "through D stage 2 features (1,000 samples labelled)"), r.out());
        assertTrue(r.out().contains("10000 picks per side: the pool has too few sure samples (raise --pool)"), r.out());
        Run bad = cli("eval", "picks", "--model", model.toString(), "--attribute", attr, "--features", "d:2+pixels");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--features: 'pixels' is not g:L or d:L (e.g. d:2+g:2)"), bad.err());
    }
}
