package dev.latentlab.ui.explore;

import dev.latentlab.ui.widgets.ReaderLabel;
import dev.latentlab.latent.ClosedFormDirections.Directions;
import dev.latentlab.latent.Prior;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.FrameStrip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The "Directions" tab: the top closed-form directions of the first layer (SeFa) as sliders,
 * each labelled by what the classifier sees change along it, and a −3…+3 preview strip of the
 * selected one. The sliders move z from the z they started at (the base), so several add up; a
 * change of z made elsewhere becomes the new base and sets them back to 0.
 */
final class DirectionsPanel {
    static final double[] PREVIEW_ALPHAS = {-3, -2, -1, 0, 1, 2, 3};
    private final Workspace ws;
    private final ZEditor editor;
    private final NamedEditsModel edits;
    private final VBox rows = new VBox(4);
    private final List<Slider> sliders = new ArrayList<>();
    private final List<Label> values = new ArrayList<>();
    private final Label note = new Label();
    private final FrameStrip preview = new FrameStrip(38);
    private final Label previewTitle = new Label();
    private final ScrollPane node;
    /** Renders the preview's z into the strip (the view owns the render lanes). */
    private final BiConsumer<float[][], FrameStrip> render;
    private Directions directions;
    private float[] base;
    private int selected;
    private float[][] previewZ = new float[0][];

    DirectionsPanel(Workspace ws, ZEditor editor, NamedEditsModel edits, BiConsumer<float[][], FrameStrip> render) {
        this.ws = ws;
        this.editor = editor;
        this.edits = edits;
        this.render = render;
        Label help = new Label("Closed-form directions (SeFa): moving z along them changes the first "
                + "layer's output the most. λ is the eigenvalue. Click a row to preview it from −3 to +3.");
        help.setWrapText(true);
        help.getStyleClass().add("help-text");
        note.setWrapText(true);
        note.getStyleClass().addAll("help-text", "text-small");
        previewTitle.getStyleClass().add("section-title");
        preview.setOnPick(i -> {
            if (i < previewZ.length) {
                editor.commit(previewZ[i]);
            }
        });
        ScrollPane previewScroll = new ScrollPane(preview);
        previewScroll.setFitToHeight(true);
        previewScroll.setMinHeight(100);
        ReaderLabel reader = new ReaderLabel(); // the labels under the rows are this reader's readings
        reader.setId("sefa-reader");
        reader.setReaderName(edits.readerProperty().get());
        edits.readerProperty().addListener((o, a, name) -> reader.setReaderName(name));
        VBox box = new VBox(10, help, reader, rows, previewTitle, previewScroll, note);
        box.setPadding(new Insets(10));
        node = new ScrollPane(box);
        node.setFitToWidth(true);
    }

    Node node() {
        return node;
    }

    Directions directions() {
        return directions;
    }

    float[] base() {
        return base;
    }

    /** The sliders' amounts, in order. */
    double[] amounts() {
        return sliders.stream().mapToDouble(Slider::getValue).toArray();
    }

    /** The rows for a model's directions (or a note that it has none). */
    void build(ModelSummary m) {
        directions = m.directions();
        sliders.clear();
        values.clear();
        rows.getChildren().clear();
        selected = 0;
        previewTitle.setText("");
        note.setText(m.directionsNote());
        if (directions == null) {
            previewTitle.setText("Directions are not available for this model");
            preview.setCount(0, null);
            return;
        }
        for (int d = 0; d < directions.count(); d++) {
            rows.getChildren().add(row(d));
        }
        select(0);
    }

    /** "λ 1264", "λ 97.4": whole numbers from 100 on, so that the column's width holds them ("λ 1.26e+03" did not). */
    static String eigenvalue(double v) {
        return Math.abs(v) >= 100 ? String.format(java.util.Locale.ROOT, "λ %.0f", v)
                : String.format(java.util.Locale.ROOT, "λ %.3g", v);
    }

    private VBox row(int index) {
        Label name = new Label("#" + (index + 1));
        name.getStyleClass().add("dir-name");
        Slider s = new Slider(-Prior.RANGE, Prior.RANGE, 0);
        s.setId("dir-slider-" + index);
        HBox.setHgrow(s, Priority.ALWAYS);
        Label value = new Label(ZEditor.format(0));
        value.getStyleClass().add("dir-value");
        Label eigen = new Label(eigenvalue(directions.eigenvalues()[index]));
        eigen.getStyleClass().addAll("help-text", "dir-eigen");
        editor.track(s);
        s.valueProperty().addListener((o, a, b) -> {
            value.setText(ZEditor.format(b.doubleValue()));
            if (!editor.syncing) {
                if (!s.isValueChanging()) {
                    editor.record();
                }
                select(index);
                apply();
            }
        });
        HBox line = new HBox(6, name, s, value, eigen);
        line.setAlignment(Pos.CENTER_LEFT);
        Label does = new Label();
        does.getStyleClass().add("sefa-label");
        does.setWrapText(true); // three attributes do not fit a narrow tab on one line
        does.setMinHeight(Region.USE_PREF_SIZE);
        does.textProperty().bind(Bindings.createStringBinding(() -> edits.sefaLabel(index + 1),
                edits.directionsProperty()));
        VBox row = new VBox(line, does);
        row.getStyleClass().add("dir-row");
        row.setOnMousePressed(e -> select(index));
        sliders.add(s);
        values.add(value);
        return row;
    }

    /** z changed elsewhere: it is the new base, and every slider goes back to 0 (caller holds syncing). */
    void rebase(float[] z) {
        base = z.clone();
        for (int i = 0; i < sliders.size(); i++) {
            sliders.get(i).setValue(0);
            values.get(i).setText(ZEditor.format(0));
        }
    }

    private void select(int d) {
        if (d == selected && !previewTitle.getText().isEmpty()) {
            return;
        }
        for (Node r : rows.getChildren()) {
            r.getStyleClass().remove("selected");
        }
        selected = d;
        rows.getChildren().get(d).getStyleClass().add("selected");
        previewTitle.setText("Direction #" + (d + 1) + " from −3 to +3");
        List<String> caps = Arrays.stream(PREVIEW_ALPHAS).mapToObj(a -> (a > 0 ? "+" : "") + (int) a).toList();
        preview.setCount(PREVIEW_ALPHAS.length, caps);
        if (!editor.dragging()) {
            requestPreview();
        }
    }

    /** z = base + Σ amount_d · direction_d. */
    private void apply() {
        float[] z = base.clone();
        for (int d = 0; d < sliders.size(); d++) {
            z = Prior.move(z, directions.vectors()[d], sliders.get(d).getValue());
        }
        editor.fromDirections = true;
        try {
            ws.zProperty().set(z);
        } finally {
            editor.fromDirections = false;
        }
    }

    /** The selected direction from −3 to +3 around the current z. */
    void requestPreview() {
        if (ws.model() == null || directions == null) {
            return;
        }
        float[] z = ws.z();
        float[] dir = directions.vectors()[selected];
        previewZ = new float[PREVIEW_ALPHAS.length][];
        for (int i = 0; i < PREVIEW_ALPHAS.length; i++) {
            previewZ[i] = Prior.move(z, dir, PREVIEW_ALPHAS[i]);
        }
        render.accept(previewZ, preview);
    }
}
