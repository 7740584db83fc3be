package dev.latentlab.cli;

import com.google.gson.GsonBuilder;
import dev.latentlab.data.DatasetException;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ModelComparison;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.RealImages;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval compare}: models side by side (e.g. a GAN and a VAE of the same decoder), the same figures for each. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Models side by side, one column each and one for the real images: the Fréchet distance,",
            "precision and recall against the real images, sharpness (variance of the Laplacian, share of",
            "high-frequency energy; each also relative to the real images), the classifier's attribute rates",
            "(faces) or class histogram (digits) against the real ones, and for a VAE its held-out negative",
            "ELBO (nats per image, bits per dimension) and reconstruction PSNR. The same z feeds every model."})
final class EvalCompareCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, split = ",", paramLabel = "MODEL",
            description = "two or more models, comma-separated (folders, .pth or .pt)")
    List<Path> models;

    @Option(names = "--real", paramLabel = "DATA",
            description = "real images (default: the first model's training set when it is on this machine, else the "
                    + "reference set shipped for it, e.g. builtin:faces64h-reference)")
    String real;

    @Option(names = "--held-out", paramLabel = "DATA", description = {"images no model trained on, for a VAE's ELBO",
        "(default: the images a run with --limit left out of its data, when there are any)"})
    String heldOut;

    @Option(names = "--samples", converter = Numbers.Positive.class, defaultValue = "2000",
            description = "samples per model, and the most real images used (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--held-out-samples", converter = Numbers.Positive.class, defaultValue = "2000",
            description = "the most held-out images for the ELBO (default: ${DEFAULT-VALUE})")
    int heldOutSamples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of z, ε and the picks of images (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--k", converter = Numbers.Positive.class, defaultValue = "3", description = "neighbours for precision and recall (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--json", description = "also write the table to this JSON file")
    Path json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (models.size() < 2) {
            err.println("error: --models needs at least two models, e.g. --models models/faces64,models/faces64-vae");
            return 2;
        }
        if (samples < k + 2) {
            err.println("error: --samples must be at least " + (k + 2));
            return 2;
        }
        List<GanModel> opened = new ArrayList<>();
        try {
            for (Path p : models) {
                opened.add(ModelStore.open(p));
            }
            GanModel first = opened.get(0);
            for (GanModel m : opened) {
                if (m.spec().imageSize() != first.spec().imageSize() || m.spec().channels() != first.spec().channels()) {
                    err.println("error: " + m.name() + " makes " + m.spec().imageSize() + "x" + m.spec().imageSize()
                            + "x" + m.spec().channels() + " images and " + first.name() + " "
                            + first.spec().imageSize() + "x" + first.spec().imageSize() + "x"
                            + first.spec().channels() + ": compare models of the same images");
                    return 2;
                }
            }
            Path cdir = classifier.locate(first, null, err);
            if (cdir == null) {
                return 2;
            }
            try (Classifier c = Classifier.open(cdir)) {
                ImageSpec imageSpec = new ImageSpec(first.spec().imageSize(), first.spec().channels());
                RealImages realImages = RealImages.of(first, real).orElse(null);
                String source = realImages == null ? null : realImages.source();
                if (source == null) {
                    err.println("error: " + first.name() + "'s training set (" + first.info().dataset.source
                            + ") is not on this machine: pass --real DATA");
                    return 2;
                }
                ImageSet whole;
                try {
                    // all of it only when the held-out images may be what a VAE's --limit left out of it
                    whole = EvalCommand.loadReal(source, imageSpec, heldOut == null && real == null ? Integer.MAX_VALUE
                            : samples, err);
                } catch (DatasetException e) {
                    err.println("error: " + e.getMessage());
                    return 2;
                }
                ImageSet held = null;
                String heldNote;
                if (heldOut != null) {
                    held = EvalCommand.loadReal(heldOut, imageSpec, heldOutSamples, err);
                    heldNote = heldOut;
                } else if (realImages.heldOut()) {
                    held = whole; // the reference set: no model trained on it
                    heldNote = "the " + whole.size() + " images of " + source + " (no model trained on them)";
                } else {
                    held = real == null ? ModelComparison.heldOutOf(opened, whole) : null;
                    if (held != null) {
                        heldNote = "the " + held.size() + " images of " + source + " a VAE's train --limit left out";
                    } else {
                        heldNote = "none: pass --held-out DATA (images no model trained on) for a VAE's ELBO";
                    }
                }
                out.println("# models      " + String.join(", ", opened.stream().map(m -> m.path() + " ("
                        + (m.isVae() ? "VAE, " : "") + m.spec().describe() + ")").toList()));
                out.println("# precision   " + dev.latentlab.nn.Precision.describe());
                out.println("# classifier  " + cdir);
                out.println("# real        " + source);
                if (realImages.note() != null) {
                    out.println("# " + realImages.note());
                }
                out.println("# held out    " + heldNote);
                ModelComparison.Options o = new ModelComparison.Options();
                o.samples = samples;
                o.seed = seed;
                o.batch = classifier.batch;
                o.k = k;
                o.heldOut = heldOutSamples;
                ModelComparison.Table t = ModelComparison.compare(opened, c, whole, held, o,
                        new ProgressBar(err, !classifier.quiet));
                for (String note : t.notes()) {
                    out.println("# " + note);
                }
                out.print(t.render());
                out.flush();
                if (json != null) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("command", EvalCommands.commandLine(spec));
                    doc.put("models", t.models());
                    doc.put("classifier", cdir.toString());
                    doc.put("real", source);
                    doc.put("heldOut", heldNote);
                    doc.put("notes", t.notes());
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (ModelComparison.Row r : t.rows()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("figure", r.name());
                        row.put("values", r.values());
                        row.put("real", Double.isNaN(r.real()) ? null : r.real());
                        row.put("meaning", r.meaning());
                        rows.add(row);
                    }
                    doc.put("rows", rows);
                    AtomicFiles.writeString(json, new GsonBuilder().setPrettyPrinting().serializeNulls()
                            .serializeSpecialFloatingPointValues().disableHtmlEscaping().create().toJson(doc));
                }
                return 0;
            }
        } finally {
            for (GanModel m : opened) {
                m.close();
            }
        }
    }
}
