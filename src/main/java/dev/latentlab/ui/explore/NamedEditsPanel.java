package dev.latentlab.ui.explore;

import dev.latentlab.ui.widgets.ReaderLabel;
import dev.latentlab.ui.explore.NamedEditsModel.AttributeEdit;
import dev.latentlab.ui.explore.NamedEditsModel.State;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * Explore's "Edits" tab: a slider per attribute in units of distance to its boundary (0 = the
 * boundary; right of it the classifier would read the attribute), a keep toggle per attribute,
 * fit / refit, reset, and Save / Open edit. Nodes only; the state is {@link NamedEditsModel}'s.
 */
public final class NamedEditsPanel {
    private final NamedEditsModel model;
    private final VBox rows = new VBox();
    private final ScrollPane root;
    private final Button fit = new Button("Fit directions");
    private final List<Slider> sliders = new ArrayList<>();

    /**
     * @param commit  makes a z current (recorded for undo), for Open edit
     * @param onError shows an error: title and message
     */
    public NamedEditsPanel(NamedEditsModel model, Consumer<float[]> commit, ErrorSink onError) {
        this.model = model;
        Label help = new Label("Named edits (InterFaceGAN): each slider is the signed distance of the image's z to "
                + "a linear boundary of the attribute, fitted on classifier-labelled samples. Past 0 the classifier "
                + "should read it. Keep an attribute to edit the others without moving it.");
        help.setWrapText(true);
        help.getStyleClass().add("text-muted");
        Label status = new Label();
        status.setId("edits-status");
        status.setWrapText(true);
        status.getStyleClass().addAll("text-muted", "text-small");
        status.textProperty().bind(model.statusProperty());
        fit.setId("fit-directions");
        fit.setOnAction(e -> model.fit());
        Button reset = new Button("Reset edits");
        reset.setId("reset-edits");
        reset.setTooltip(new Tooltip("Every attribute amount back to 0 (ψ and z stay)"));
        reset.setOnAction(e -> model.resetEdits());
        Button save = new Button("Save edit…");
        save.setId("save-edit");
        save.setTooltip(new Tooltip("z, every direction and amount and ψ as a small JSON, plus the PNG"));
        save.setOnAction(e -> saveDialog(onError));
        Button open = new Button("Open edit…");
        open.setId("open-edit");
        open.setOnAction(e -> openDialog(commit, onError));
        HBox actions = new HBox(fit, reset);
        actions.getStyleClass().add("edits-actions");
        HBox files = new HBox(save, open);
        files.getStyleClass().add("edits-actions");
        ReaderLabel reader = new ReaderLabel();
        reader.setId("edits-reader");
        reader.setReaderName(model.readerProperty().get());
        model.readerProperty().addListener((o, a, name) -> reader.setReaderName(name));
        VBox box = new VBox(help, actions, reader, rows, files, status);
        box.getStyleClass().add("named-edits");
        root = new ScrollPane(box);
        root.setFitToWidth(true);
        model.stateProperty().addListener((o, a, s) -> stateChanged(s));
        model.edits().addListener((javafx.collections.ListChangeListener<AttributeEdit>) c -> buildRows());
        stateChanged(model.stateProperty().get());
        buildRows();
    }

    /** Where the panel reports a failed save or open. */
    public interface ErrorSink {
        void error(String title, String message);
    }

    public Node node() {
        return root;
    }

    private void stateChanged(State s) {
        fit.setText(s == State.READY ? "Refit" : s == State.FITTING ? "Fitting…" : "Fit directions");
        fit.setDisable(s == State.NO_MODEL || s == State.NO_CLASSIFIER || s == State.FITTING);
    }

    private void buildRows() {
        sliders.clear();
        List<Node> list = new ArrayList<>();
        for (AttributeEdit e : model.edits()) {
            Label name = new Label(e.name().replace('_', ' '));
            name.getStyleClass().add("edit-name");
            Tooltip.install(name, new Tooltip(String.format(java.util.Locale.ROOT,
                    "%s: held-out accuracy of the boundary %.1f%%", e.name(), 100 * e.accuracy())));
            Slider s = new Slider(-NamedEditsModel.RANGE, NamedEditsModel.RANGE, clamp(e.distanceProperty().get()));
            s.setId("edit-slider-" + e.name());
            s.setMinWidth(60); // the slider gives way, not the row's words: a "your picks" row fits the pane
            HBox.setHgrow(s, Priority.ALWAYS);
            Label value = new Label();
            value.getStyleClass().add("edit-value");
            value.textProperty().bind(e.distanceProperty().asString(java.util.Locale.ROOT, "%+.2f"));
            e.distanceProperty().addListener((o, a, b) -> {
                if (!s.isValueChanging()) {
                    s.setValue(clamp(b.doubleValue()));
                }
            });
            s.valueProperty().addListener((o, a, b) -> {
                if (!model.syncing() && Math.abs(b.doubleValue() - clamp(e.distanceProperty().get())) > 1e-9) {
                    model.setDistance(e.name(), b.doubleValue(), !s.isValueChanging());
                }
            });
            s.valueChangingProperty().addListener((o, was, now) -> {
                if (!now) {
                    model.setDistance(e.name(), s.getValue(), true);
                }
            });
            ToggleButton keep = new ToggleButton("keep");
            keep.setId("keep-" + e.name());
            keep.getStyleClass().add("edit-keep");
            keep.setMinWidth(Region.USE_PREF_SIZE); // never "ke…"
            keep.setTooltip(new Tooltip("Keep " + e.name() + ": the other edits move along directions orthogonal to "
                    + "its boundary's normal, so it does not change"));
            keep.selectedProperty().bindBidirectional(e.keepProperty());
            Node label = name;
            if (model.picked(e.name())) {
                // under the name, not beside it: the row keeps the width of the others
                Label byPicks = new Label("your picks");
                byPicks.getStyleClass().add("reader-name");
                byPicks.setTooltip(new Tooltip(e.name() + " was fitted from the images you picked, not by a reader"));
                javafx.scene.layout.VBox named = new javafx.scene.layout.VBox(name, byPicks);
                named.getStyleClass().add("edit-name");
                label = named;
            }
            HBox row = new HBox(label, s, value, keep);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("edit-row");
            sliders.add(s);
            list.add(row);
        }
        rows.getChildren().setAll(list);
    }

    private static double clamp(double v) {
        return Math.max(-NamedEditsModel.RANGE, Math.min(NamedEditsModel.RANGE, v));
    }

    private void saveDialog(ErrorSink onError) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save edit");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LatentLab edit (JSON + PNG)", "*.json"));
        fc.setInitialFileName("edit.json");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            model.save(f.toPath()).exceptionally(t -> {
                Platform.runLater(() -> onError.error("Could not save the edit", message(t)));
                return null;
            });
        }
    }

    private void openDialog(Consumer<float[]> commit, ErrorSink onError) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open edit");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LatentLab edit", "*.json"));
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            open(f.toPath(), commit, onError);
        }
    }

    /** Opens a recipe and makes its z current; a bad or foreign recipe is reported, naming the file. */
    void open(Path file, Consumer<float[]> commit, ErrorSink onError) {
        try {
            commit.accept(model.open(file));
        } catch (java.io.IOException | RuntimeException e) {
            onError.error("Could not open the edit", message(e));
        }
    }

    private static String message(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    List<Slider> sliders() {
        return sliders;
    }
}
