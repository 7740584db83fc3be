package dev.latentlab.ui.train;

import dev.latentlab.render.Pixels;
import dev.latentlab.train.StepThrough;
import dev.latentlab.ui.widgets.Icons;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Step through": the note's five steps of one training iteration on the live run, one click
 * each (the run pauses first): z sampled; G(z); D(x) and D(G(z)) per image; the three BCE terms;
 * backward from loss_G with every parameter's gradient norm in G and in D — D's computed, then
 * discarded and not applied, D's weights measured unchanged while only G steps — then loss_D's
 * backward and D's step. The numbers are {@link StepThrough}'s; this panel only lays them out.
 */
final class StepThroughPane {
    static final int SHOWN_IMAGES = 8;
    private final StepThroughModel model;
    private final Button next = Icons.button("Next step", Feather.CHEVRON_RIGHT,
            "Pause the run and take the next of the five steps of one iteration");
    private final Label where = new Label("Start a GAN run, then take one iteration apart, one step per click.");
    private final VBox[] sections = new VBox[StepThrough.Stage.values().length];
    private final VBox[] bodies = new VBox[sections.length];
    private final ScrollPane root;

    StepThroughPane(StepThroughModel model, Runnable onNext) {
        this.model = model;
        next.setId("step-through-next");
        next.setOnAction(e -> onNext.run());
        where.setId("step-through-where");
        where.setWrapText(true);
        where.getStyleClass().add("help-text");
        HBox top = new HBox(10, next, where);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox column = new VBox(top);
        column.getStyleClass().addAll("step-through", "padded");
        String[] help = {
            "A batch of noise vectors z, one per image.",
            "The generator's images G(z), in training mode (BatchNorm on the batch's statistics).",
            "The discriminator's probability that each image is real: D(x) on a real batch, D(G(z)) on the fakes.",
            "BCE(D(x), 1) and BCE(D(G(z)), 0) make loss_D; BCE(D(G(z)), 1) is G's loss (non-saturating).",
            "loss_G backward: the gradient reaches G through D, so D's parameters get gradients too — they are "
                + "discarded (zeroed) and only G steps. Then loss_D backward on the detached G(z), and D steps."};
        for (int i = 0; i < sections.length; i++) {
            Label title = new Label(StepThrough.Stage.values()[i].title());
            title.getStyleClass().add("step-title");
            Label h = new Label(help[i]);
            h.setWrapText(true);
            h.getStyleClass().add("help-text");
            bodies[i] = new VBox(6);
            sections[i] = new VBox(4, title, h, bodies[i]);
            sections[i].getStyleClass().add("step-section");
            sections[i].setId("step-through-" + (i + 1));
            column.getChildren().add(sections[i]);
        }
        root = new ScrollPane(column);
        root.setFitToWidth(true);
        model.report().addListener((o, a, b) -> show());
        model.refusal().addListener((o, a, b) -> show());
    }

    Node node() {
        return root;
    }

    void setEnabled(boolean runAlive) {
        next.setDisable(!runAlive);
    }

    private void show() {
        StepThrough.Report r = model.report().get();
        String why = model.refusal().get();
        int shown = model.stepShown();
        where.setText(why != null ? why
                : r == null ? "Start a GAN run, then take one iteration apart, one step per click."
                : r.finished() ? "Step 5 of 5 done: G and D each took one update. Next step starts another iteration."
                : "Step " + shown + " of 5. The run is paused.");
        for (int i = 0; i < sections.length; i++) {
            sections[i].getStyleClass().removeAll("step-done", "step-current");
            if (i < shown) {
                sections[i].getStyleClass().add(i == shown - 1 ? "step-current" : "step-done");
            }
            bodies[i].getChildren().clear();
        }
        if (r == null) {
            return;
        }
        bodies[0].getChildren().add(text(zLine(r)));
        if (r.fakes() != null) {
            bodies[1].getChildren().add(images(r.fakes(), r, null));
        }
        if (r.dReal() != null) {
            bodies[2].getChildren().addAll(text("Real x and D(x):"), images(r.real(), r, r.dReal()),
                    text("Fakes G(z) and D(G(z)):"), images(r.fakes(), r, r.dFake()));
        }
        if (!Double.isNaN(r.bceReal())) {
            GridPane g = new GridPane();
            g.getStyleClass().add("form-grid");
            g.addRow(0, text("BCE(D(x), 1)"), value(r.bceReal(), "step-bce-real"), help("−mean log D(x)"));
            g.addRow(1, text("BCE(D(G(z)), 0)"), value(r.bceFake(), "step-bce-fake"), help("−mean log(1 − D(G(z)))"));
            g.addRow(2, text("loss_D"), value(r.bceReal() + r.bceFake(), "step-loss-d"), help("the sum: D's loss"));
            g.addRow(3, text("BCE(D(G(z)), 1)"), value(r.bceG(), "step-bce-g"), help("−mean log D(G(z)): G's loss"));
            bodies[3].getChildren().add(g);
        }
        if (r.gFromLossG() != null) {
            Label gStep = text(String.format(Locale.ROOT, "From loss_G: G stepped (its largest weight change %.2e). "
                    + "D's gradients were computed and discarded: D's weights %s.", r.gChangeAtGStep(),
                    r.dChangeAtGStep() == 0 ? "unchanged (largest change 0)"
                            : String.format(Locale.ROOT, "changed by %.2e", r.dChangeAtGStep())));
            gStep.setId("step-d-unchanged");
            Label dStep = text(String.format(Locale.ROOT, "From loss_D: D stepped (its largest weight change %.2e).",
                    r.dChangeAtDStep()));
            bodies[4].getChildren().addAll(gStep, dStep, norms(r));
        }
    }

    private static String zLine(StepThrough.Report r) {
        double s = 0;
        double ss = 0;
        for (float v : r.z()) {
            s += v;
            ss += v * v;
        }
        int k = r.z().length;
        double mean = s / k;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(5, r.nz()); i++) {
            first.append(String.format(Locale.ROOT, "%s%.2f", i == 0 ? "" : ", ", r.z()[i]));
        }
        return String.format(Locale.ROOT, "%d vectors of %d numbers: mean %.3f, sd %.3f; z₁ = (%s, …)", r.count(),
                r.nz(), mean, Math.sqrt(Math.max(ss / k - mean * mean, 0)), first);
    }

    private Node norms(StepThrough.Report r) {
        GridPane g = new GridPane();
        g.getStyleClass().addAll("form-grid", "step-norms");
        g.setId("step-norms");
        g.addRow(0, head("G's parameter"), head("‖∂loss_G/∂θ‖ (applied)"));
        int row = 1;
        for (Map.Entry<String, Double> e : r.gFromLossG().entrySet()) {
            g.addRow(row++, text(e.getKey()), number(e.getValue()));
        }
        g.addRow(row++, head("D's parameter"), head("‖∂loss_G/∂φ‖ (discarded)"), head("‖∂loss_D/∂φ‖ (applied)"));
        for (Map.Entry<String, Double> e : r.dFromLossG().entrySet()) {
            Label discarded = number(e.getValue());
            discarded.getStyleClass().add("step-discarded");
            g.addRow(row++, text(e.getKey()), discarded, number(r.dFromLossD().get(e.getKey())));
        }
        return g;
    }

    private static Node images(float[] chw, StepThrough.Report r, double[] d) {
        int per = chw.length / r.count();
        int side = (int) Math.round(Math.sqrt(per / (double) channels(chw, r)));
        int c = per / (side * side);
        int scale = side <= 32 ? 2 : 1;
        HBox row = new HBox(6);
        for (int k = 0; k < Math.min(SHOWN_IMAGES, r.count()); k++) {
            int[] argb = Pixels.argb(chw, k * per, c, side, side);
            WritableImage img = new WritableImage(side, side);
            img.getPixelWriter().setPixels(0, 0, side, side, PixelFormat.getIntArgbInstance(), argb, 0, side);
            ImageView v = new ImageView(img);
            v.setFitWidth(side * scale);
            v.setFitHeight(side * scale);
            VBox cell = new VBox(2, v);
            cell.setAlignment(Pos.CENTER);
            if (d != null) {
                Label l = new Label(String.format(Locale.ROOT, "%.3f", d[k]));
                l.setMinWidth(Label.USE_PREF_SIZE);
                cell.getChildren().add(l);
            }
            row.getChildren().add(cell);
        }
        return row;
    }

    /** 1 or 3: the channel count the images' length allows (a square image). */
    private static int channels(float[] chw, StepThrough.Report r) {
        int per = chw.length / r.count();
        int s1 = (int) Math.round(Math.sqrt(per));
        return s1 * s1 == per ? 1 : 3;
    }

    private static Label text(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }

    private static Label help(String s) {
        Label l = text(s);
        l.getStyleClass().add("help-text");
        return l;
    }

    private static Label head(String s) {
        Label l = text(s);
        l.getStyleClass().add("step-head");
        return l;
    }

    private static Label value(double v, String id) {
        Label l = number(v);
        l.setId(id);
        return l;
    }

    private static Label number(double v) {
        Label l = new Label(String.format(Locale.ROOT, "%.4f", v));
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    Button nextButton() {
        return next;
    }
}
