package dev.latentlab.ui.arithmetic;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.ArithmeticEval.ConceptSpec;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.Prior;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.ReaderLabel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;

/**
 * The attribute classifier's part of the Arithmetic view, for 64×64 RGB models: it reads each
 * result cell (at most one job in flight, the newest grid wins) and auto-picks a column's
 * exemplars (classify a batch, take the most confident matches). The classifier is opened on the
 * render thread once and used only there.
 */
final class AttributeReadout {
    /** Samples classified for an auto-pick, and how many of the most confident are taken. */
    static final int AUTO_POOL = 256;
    static final int AUTO_TAKE = 6;

    private final Workspace ws;
    private final Random rng;
    private final ResultGrid grid;
    private final Consumer<String> status;
    private Path classifierDir;
    private volatile ArithmeticEval.AttributeReader reader;
    private final AtomicReference<float[]> probeZ = new AtomicReference<>();
    private boolean probing;
    private long probeVersion;

    AttributeReadout(Workspace ws, Random rng, ResultGrid grid, Consumer<String> status) {
        this.ws = ws;
        this.rng = rng;
        this.grid = grid;
        this.status = status;
    }

    /** Finds the faces classifier when the model makes 64×64 RGB images (the reader, once opened, stays). */
    void modelChanged(ModelSummary m) {
        classifierDir = null;
        if (m != null && m.readers().faces()) {
            try {
                classifierDir = Classifiers.locate(ClassifierInfo.Kind.FACES);
            } catch (IllegalArgumentException e) {
                classifierDir = null;
            }
        }
    }

    /** A column's auto-pick button: usable with a classifier, and saying why not without. */
    void updateAutoPick(ConceptColumn c) {
        c.autoPick.setDisable(classifierDir == null);
        c.autoPick.setTooltip(new Tooltip(classifierDir == null
                ? "Auto-pick needs an attribute reader, and none reads this model: pick the exemplars by hand"
                : "Auto-pick: classify " + AUTO_POOL + " samples and take the " + AUTO_TAKE + " most confident matches"));
    }

    /** Reads the result cells' attributes; at most one job in flight, the newest grid wins. */
    void read(long v, float[] flatZ) {
        if (classifierDir == null) {
            return;
        }
        probeVersion = v;
        probeZ.set(flatZ);
        if (!probing) {
            probeNext();
        }
    }

    private void probeNext() {
        float[] z = probeZ.getAndSet(null);
        if (z == null) {
            probing = false;
            return;
        }
        probing = true;
        long v = probeVersion;
        Path dir = classifierDir;
        ws.render().submit(m -> {
            ArithmeticEval.AttributeReader r = openReader(dir);
            return ArithmeticEval.classify(m, r, z, ConceptArithmetic.GRID);
        }).whenComplete((p, t) -> Platform.runLater(() -> {
            if (t == null && v == grid.version() && reader != null) {
                grid.showReadout(reader.attributes(), p, dir);
            } else if (t != null) {
                status.accept("Attributes unavailable: " + t.getMessage());
            }
            probeNext();
        }));
    }

    /** Runs on the render thread. */
    private ArithmeticEval.AttributeReader openReader(Path dir) {
        ArithmeticEval.AttributeReader r = reader;
        if (r == null) {
            r = ArithmeticEval.reader(Classifier.open(dir)); // one per view, kept for the app's life
            reader = r;
        }
        return r;
    }

    /** Fills a column's auto-pick menu with the known concepts; a choice fills column {@code c}. */
    void fillMenu(MenuButton menu, int c, BiConsumer<Integer, Concept> pick) {
        menu.getItems().clear();
        for (ConceptSpec spec : ArithmeticEval.CONCEPTS) {
            MenuItem mi = new MenuItem(spec.name() + "  (" + ArithmeticEval.describe(spec.attributes()) + ")");
            mi.setOnAction(e -> autoPick(c, spec, pick));
            menu.getItems().add(mi);
        }
    }

    /** Samples a batch, classifies it, and fills column c with the most confident matches. */
    void autoPick(int c, ConceptSpec spec, BiConsumer<Integer, Concept> pick) {
        if (classifierDir == null || ws.model() == null) {
            return;
        }
        int nz = ws.model().nz();
        float[] z = Prior.sample(nz, AUTO_POOL, rng);
        Path dir = classifierDir;
        status.accept("Auto-picking '" + spec.name() + "'…");
        ws.render().submit(m -> {
            ArithmeticEval.AttributeReader r = openReader(dir);
            float[] probs = new float[AUTO_POOL * r.attributes().size()];
            for (int off = 0; off < AUTO_POOL; off += 64) {
                float[] p = ArithmeticEval.classify(m, r, Arrays.copyOfRange(z, off * nz, (off + 64) * nz), 64);
                System.arraycopy(p, 0, probs, off * r.attributes().size(), p.length);
            }
            return new ArithmeticEval.Pool(nz, z, r.attributes(), probs, AUTO_POOL);
        }).whenComplete((pool, t) -> Platform.runLater(() -> {
            if (t != null) {
                status.accept("");
                ws.error("Auto-pick failed", t);
                return;
            }
            int[] matches = pool.members(spec.attributes(), 0.5);
            int take = Math.min(AUTO_TAKE, matches.length);
            if (take < ConceptArithmetic.MIN_EXEMPLARS) {
                status.accept("Only " + matches.length + " of " + AUTO_POOL + " samples read as '" + spec.name()
                        + "' (" + ReaderLabel.words(dir) + "); try again or pick by hand");
                return;
            }
            List<float[]> ex = new ArrayList<>();
            for (int i = 0; i < take; i++) {
                ex.add(pool.z(matches[i]));
            }
            status.accept(String.format(Locale.ROOT, "Picked %d of %d matches (least confident %.2f), %s", take,
                    matches.length, pool.confidence(matches[take - 1], spec.attributes()), ReaderLabel.words(dir)));
            pick.accept(c, new Concept(spec.name(), ex));
        }));
    }
}
