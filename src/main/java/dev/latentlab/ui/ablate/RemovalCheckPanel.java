package dev.latentlab.ui.ablate;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.RemovalSamples;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.render.Pixels;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.ReaderLabel;
import dev.latentlab.ui.widgets.WrapRow;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * "The removal, seen": the classifier's figure for the current removal (the attribute's rate
 * before → after on {@value #SAMPLES} samples, the other attribute that moved most, the pixels'
 * RMS change) with its reader named, beside the first {@value #FACES} of those samples the reader
 * calls the attribute, before, after and |after − before| amplified, so that a recoloured hat the
 * reader no longer calls a hat is seen as one. Measured on the render thread
 * ({@link RemovalSamples#check}) whenever the panel shows and the removal, attribute or model
 * changed; one check at a time, the newest removal wins.
 */
final class RemovalCheckPanel {
    static final int SAMPLES = 200;
    static final int FACES = 16;
    /** The check's samples: the same for every removal, and not the search's or the ranking's. */
    static final long SEED = 17;

    private final Workspace ws;
    private final AblationState state;
    private final Supplier<Path> classifier;
    private final Supplier<String> attribute;
    private final Button check = Icons.button("Check again", Feather.EYE,
            "Draw " + SAMPLES + " samples with and without the removal and read them with the classifier");
    private final Label figure = new Label();
    private final ReaderLabel reader = new ReaderLabel();
    private final Label beforeTitle = title("Before");
    private final FrameView before = frame("removal-before");
    private final FrameView after = frame("removal-after");
    private final FrameView difference = frame("removal-difference");
    private final VBox root;
    private boolean shown;
    private boolean stale = true;
    private boolean running;
    private boolean again;

    RemovalCheckPanel(Workspace ws, AblationState state, Supplier<Path> classifier, Supplier<String> attribute) {
        this.ws = ws;
        this.state = state;
        this.classifier = classifier;
        this.attribute = attribute;
        check.setId("check-removal");
        check.setOnAction(e -> run());
        figure.setId("removal-figure");
        figure.setWrapText(true);
        figure.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        reader.setId("removal-reader");
        Label help = new Label("The first " + FACES + " samples the classifier reads as having the attribute, before "
                + "and after the removal, and what changed, amplified ×" + RemovalSamples.DIFFERENCE_GAIN
                + ": a removal can recolour what the reader no longer sees.");
        help.setWrapText(true);
        help.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        help.getStyleClass().addAll("help-text", "text-small");
        HBox grids = new HBox(box(beforeTitle, before), box(title("After"), after),
                box(title("|after − before| × " + RemovalSamples.DIFFERENCE_GAIN), difference));
        grids.getStyleClass().add("removal-grids");
        WrapRow row = new WrapRow(check, reader);
        root = new VBox(row, figure, grids, help);
        root.getStyleClass().add("removal-check");
        state.maskProperty().addListener((o, a, m) -> changed());
        clear("");
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static FrameView frame(String id) {
        FrameView f = new FrameView();
        f.setId(id);
        f.getStyleClass().add("removal-frame");
        return f;
    }

    private static VBox box(Label title, FrameView f) {
        VBox b = new VBox(title, f);
        b.getStyleClass().addAll("frame-box", "removal-box"); // one width for all three, whatever their titles
        VBox.setVgrow(f, Priority.ALWAYS);
        HBox.setHgrow(b, Priority.ALWAYS);
        return b;
    }

    Node node() {
        return root;
    }

    /** Whether the panel is on screen: it measures only then (and then at once if anything changed). */
    void setShown(boolean on) {
        shown = on;
        if (on && stale) {
            run();
        }
    }

    /** The removal, the attribute, the classifier or the model changed: measure again when shown. */
    void changed() {
        stale = true;
        if (shown) {
            run();
        }
    }

    /** Another model: the pictures go. */
    void modelChanged() {
        clear("");
        changed();
    }

    private void clear(String why) {
        before.clear();
        after.clear();
        difference.clear();
        figure.setText(why);
        reader.setReader(null);
    }

    private void run() {
        Path dir = classifier.get();
        String attr = attribute.get();
        check.setDisable(dir == null || attr == null);
        if (ws.model() == null) {
            return;
        }
        if (dir == null || attr == null) {
            clear("No attribute classifier reads this model's images: there is no reader to check a removal with.");
            stale = false;
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        stale = false;
        ChannelMask mask = state.mask();
        figure.setText("Reading " + SAMPLES + " samples before and after…");
        reader.setReader(dir);
        ws.render().submit(RemovalSamples.check(dir, attr, mask, SAMPLES, SEED, FACES))
                .whenComplete((seen, t) -> Platform.runLater(() -> {
                    running = false;
                    if (again) {
                        again = false;
                        run();
                    } else if (t != null) {
                        clear("");
                        ws.error("Could not check the removal", t);
                    } else {
                        show(seen, attr, mask, dir);
                    }
                }));
    }

    private void show(RemovalSamples seen, String attr, ChannelMask mask, Path dir) {
        reader.setReader(dir);
        figure.setText(describe(seen, attr, mask));
        beforeTitle.setText("Before: " + (seen.facesBefore().isEmpty() ? "none" : "the first "
                + seen.facesBefore().size()) + " read as " + attr);
        if (seen.facesBefore().isEmpty()) {
            before.clear();
            after.clear();
            difference.clear();
            return;
        }
        showGrid(before, seen.facesBefore(), seen);
        showGrid(after, seen.facesAfter(), seen);
        showGrid(difference, seen.facesDifference(), seen);
    }

    /** The figure in words: the attribute's rate before → after, the other that moved most, the pixels' change. */
    static String describe(RemovalSamples seen, String attr, ChannelMask mask) {
        if (mask.isEmpty()) {
            return "No channel removed: before and after are the same image.";
        }
        AblationEval.Rate target = null;
        AblationEval.Rate other = null;
        for (AblationEval.Rate r : seen.rates()) {
            if (r.attribute().equals(attr)) {
                target = r;
            } else if (other == null || Math.abs(r.movedPoints()) > Math.abs(other.movedPoints())) {
                other = r;
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %.0f%% → %.0f%% of %d samples",
                attr, 100 * target.before(), 100 * target.after(), seen.samples()));
        if (target.before() > 0) {
            sb.append(String.format(Locale.ROOT, " (%+.0f%% relative)", -100 * target.relativeDrop()));
        }
        if (other != null) {
            sb.append(String.format(Locale.ROOT, "; %s moved most of the others, %+.1f points", other.attribute(),
                    other.movedPoints()));
        }
        sb.append(String.format(Locale.ROOT, "; pixels changed %.1f%% RMS.", 100 * seen.rmsDifference()));
        return sb.toString();
    }

    private static void showGrid(FrameView view, List<int[]> tiles, RemovalSamples seen) {
        BufferedImage g = Pixels.grid(tiles, seen.width(), seen.height(), 4, 1);
        view.show(g.getRGB(0, 0, g.getWidth(), g.getHeight(), null, 0, g.getWidth()), g.getWidth(), g.getHeight());
    }

    FrameView before() {
        return before;
    }

    FrameView after() {
        return after;
    }

    FrameView difference() {
        return difference;
    }
}
