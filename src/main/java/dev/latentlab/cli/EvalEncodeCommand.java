package dev.latentlab.cli;

import dev.latentlab.data.ImageFolder;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.encode.Inversion;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.EncodeEval;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval encode}: how well images come back through encode. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"How well encode works, per method (optimisation alone; with the model's encoder also",
            "the encoder alone and the hybrid). recovery.*: --samples generator images G(z*), z* ~ N(0, I)",
            "from --seed: the share reconstructed to PSNR ≥ --threshold dB, the median PSNR, the median",
            "cosine between recovered z and z*, seconds per image. heldout.* (with --images DIR): the",
            "median PSNR and SSIM of images no model trained on and, for faces, how often the face",
            "classifier reads Male, Smiling, Eyeglasses, Wearing_Hat and Beard the same on target and",
            "reconstruction (.agree.*). Figures one per line; progress on stderr."})
final class EvalEncodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--samples", defaultValue = "100", description = "generator images to recover (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--images", paramLabel = "DIR", description = "a folder of held-out images (e.g. made by tools/facegen with an unused seed)")
    Path images;

    @Option(names = "--max-images", defaultValue = "100", description = "most held-out images used (default: ${DEFAULT-VALUE})")
    int maxImages;

    @Option(names = "--seed", defaultValue = "1", description = "seed of z* and of the random starts (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--steps", description = "Adam steps on z (default: encode's)")
    Integer steps;

    @Option(names = "--restarts", description = "starts per image (default: encode's)")
    Integer restarts;

    @Option(names = "--methods", split = ",", defaultValue = "optimisation,encoder,hybrid",
            description = "which methods to measure (default: ${DEFAULT-VALUE}; encoder and hybrid need an encoder)")
    List<String> only;

    @Option(names = "--classifier", paramLabel = "DIR",
            description = "face classifier for the attribute agreement on held-out images (default: the shipped one, for 64×64 RGB models)")
    Path classifierDir;

    @Option(names = "--threshold", defaultValue = "30", description = "PSNR counted as recovered, dB (default: ${DEFAULT-VALUE})")
    double threshold;

    @Override
    public Integer call() throws Exception {
        if (samples < 0 || maxImages < 1) {
            System.err.println("error: --samples must be ≥ 0 and --max-images ≥ 1");
            return 2;
        }
        if (images != null && !Files.isDirectory(images)) {
            System.err.println("error: " + images + " is not a folder of images");
            return 2;
        }
        Inversion.Settings d = Inversion.Settings.defaults();
        Inversion.Settings s = new Inversion.Settings(steps != null ? steps : d.steps(),
                restarts != null ? restarts : d.restarts(), d.learningRate(), d.featureWeight(), d.priorWeight(),
                seed);
        try (GanModel m = ModelStore.open(model);
                ImageEncoder enc = ImageEncoder.of(m)) {
            ImageSet held = null;
            if (images != null) {
                held = ImageFolder.load(images, new ImageSpec(m.spec().imageSize(), m.spec().channels()), maxImages,
                        System.err::println);
            }
            // (name, encoder, settings) per method
            List<Object[]> methods = new ArrayList<>();
            for (String name : only) {
                if (!List.of("optimisation", "encoder", "hybrid").contains(name)) {
                    System.err.println("error: unknown method '" + name + "' (optimisation, encoder, hybrid)");
                    return 2;
                }
            }
            if (only.contains("optimisation")) {
                methods.add(new Object[] {"optimisation", null, s});
            }
            if (enc != null) {
                if (only.contains("encoder")) {
                    methods.add(new Object[] {"encoder", enc, s.withSteps(0)});
                }
                if (only.contains("hybrid")) {
                    methods.add(new Object[] {"hybrid", enc, s});
                }
            } else if (only.contains("encoder") || only.contains("hybrid")) {
                System.err.println("note: " + m.name() + " has no encoder (latentlab train-encoder): optimisation only");
            }
            if (methods.isEmpty()) {
                System.err.println("error: nothing to measure");
                return 2;
            }
            System.out.printf(Locale.ROOT, "# eval encode %s: %d generator samples (seed %d), %s held-out images, "
                    + "%d steps × %d starts, threshold %.0f dB%n", m.name(), samples, seed,
                    held == null ? "no" : String.valueOf(held.size()), s.steps(), s.restarts(), threshold);
            ProgressBar bar = new ProgressBar(System.err, System.console() != null);
            // the shipped second reader beside the first, unless --classifier names the one to use
            Path secondDir = classifierDir == null ? secondDir() : null;
            try (Classifier reader = held == null ? null : openReader(m);
                    Classifier second = reader == null || secondDir == null ? null : Classifier.open(secondDir)) {
                Map<String, Double> out = new LinkedHashMap<>();
                for (Object[] me : methods) {
                    String name = (String) me[0];
                    ImageEncoder e = (ImageEncoder) me[1];
                    Inversion.Settings ms = (Inversion.Settings) me[2];
                    if (samples > 0) {
                        bar.start("recovery " + name, samples);
                        EncodeEval.Figures f = EncodeEval.recovery(m, e, samples, seed, ms, threshold, bar);
                        bar.finish();
                        out.putAll(EncodeEval.lines("recovery." + name, f));
                        print(out);
                    }
                    if (held != null) {
                        int n = held.size();
                        float[] x = new float[n * m.spec().pixels()];
                        for (int i = 0; i < n; i++) {
                            held.copyImage(i, x, i * m.spec().pixels(), false);
                        }
                        bar.start("held-out " + name, n);
                        EncodeEval.Figures f = EncodeEval.images(m, e, x, n, ms, threshold, bar);
                        bar.finish();
                        out.putAll(EncodeEval.lines("heldout." + name, f));
                        if (reader != null) {
                            EncodeEval.agreement(reader, x, f.reconstructions(), n, m.spec().imageSize(),
                                    m.spec().channels(), ATTRIBUTES).forEach((a, v) -> out.put("heldout." + name
                                            + ".agree." + a, v));
                        }
                        if (second != null) {
                            // the shipped second reader (another design, other training faces) reads the same pairs
                            String who = secondDir.getFileName().toString();
                            EncodeEval.agreement(second, x, f.reconstructions(), n, m.spec().imageSize(),
                                    m.spec().channels(), ATTRIBUTES).forEach((a, v) -> out.put("heldout." + name
                                            + ".agree." + who + "." + a, v));
                        }
                        print(out);
                    }
                }
            }
            return 0;
        }
    }

    /** The attributes whose agreement is reported (those the issue names). */
    static final List<String> ATTRIBUTES = List.of("Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard");

    /** The face classifier, or null (with a note) when there is none for this model. */
    private Classifier openReader(GanModel m) {
        Path dir = classifierDir;
        if (dir == null) {
            java.util.Optional<ClassifierInfo.Kind> kind = Classifiers.kindFor(m);
            if (kind.isEmpty() || kind.get() != ClassifierInfo.Kind.FACES) {
                return null;
            }
            try {
                dir = Classifiers.locate(ClassifierInfo.Kind.FACES);
            } catch (RuntimeException e) {
                System.err.println("note: " + e.getMessage() + " (no attribute agreement)");
                return null;
            }
        }
        if (dir == null || !Files.isRegularFile(dir.resolve(Classifier.INFO))) {
            System.err.println("note: no face classifier" + (dir != null ? " at " + dir : "")
                    + ": no attribute agreement");
            return null;
        }
        return Classifier.open(dir);
    }

    /** The shipped second face reader's folder, or null. */
    private static Path secondDir() {
        return Classifiers.locateSecond(ClassifierInfo.Kind.FACES).orElse(null);
    }

    private final java.util.Set<String> printed = new java.util.HashSet<>();

    /** Prints the figures not printed yet (so a long run shows each as soon as it is known). */
    private void print(Map<String, Double> figures) {
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            if (printed.add(e.getKey())) {
                System.out.printf(Locale.ROOT, "%s %.4f%n", e.getKey(), e.getValue());
            }
        }
    }
}
