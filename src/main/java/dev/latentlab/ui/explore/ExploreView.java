package dev.latentlab.ui.explore;

import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.PresetStore;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.FrameStrip;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.latent.ClosedFormDirections.Directions;
import dev.latentlab.latent.Prior;
import dev.latentlab.latent.ZHistory;
import dev.latentlab.render.Pixels;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.explore.NamedEditsModel;
import dev.latentlab.ui.explore.NamedEditsPanel;
import dev.latentlab.ui.explore.TruncationControl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * Explore: G(z) large, a slider per z dimension, the closed-form directions as sliders with a
 * −3…+3 preview of the selected one, a row of variations, undo/redo, presets and PNG export.
 * Every change of z goes to the render service (newest wins); secondary strips are requested only
 * when no slider is being dragged, so they never slow the main image down.
 */
public final class ExploreView implements View {
    static final int VARIATIONS = 6;
    static final double VARIATION_SIGMA = 0.4;
    static final double[] PREVIEW_ALPHAS = {-3, -2, -1, 0, 1, 2, 3};
    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    private static final KeyCombination REDO_Y = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);

    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final FrameView frame = new FrameView();
    private final ZHistory history = new ZHistory(500);
    private final VBox zRows = new VBox(2);
    private final List<Slider> zSliders = new ArrayList<>();
    private final List<Label> zValues = new ArrayList<>();
    private final VBox dirRows = new VBox(4);
    private final List<Slider> dirSliders = new ArrayList<>();
    private final List<Label> dirValues = new ArrayList<>();
    private final Label dirNote = new Label();
    private final FrameStrip variations = new FrameStrip(72);
    private final FrameStrip preview = new FrameStrip(38);
    private final Label previewTitle = new Label();
    private final Button undoButton;
    private final Button redoButton;
    private final ToggleButton smooth = new ToggleButton();
    private final NamedEditsModel edits;
    private EncodeWindow encodeWindow;
    private Directions directions;
    private float[] dirBase;
    private int selectedDirection;
    private float[][] variationZ = new float[0][];
    private float[][] previewZ = new float[0][];
    private long variationSeed = 1;
    private boolean syncing;
    private boolean fromDirections;
    private int dragging;
    private int[] shown;
    private int shownW;
    private int shownH;

    public ExploreView(Workspace ws) {
        this.ws = ws;
        this.edits = new NamedEditsModel(ws);
        root.getStyleClass().add("explore-view");

        Button randomize = Icons.button("Randomize", Feather.SHUFFLE, "A new z from the prior N(0, I)  (R)");
        randomize.setId("randomize");
        randomize.setOnAction(e -> randomize());
        Button reset = Icons.button("Reset", Feather.ROTATE_CCW, "Set every z to 0, the centre of the prior");
        reset.setId("reset-z");
        reset.setOnAction(e -> commit(new float[ws.z().length]));
        undoButton = Icons.flat(Feather.CORNER_UP_LEFT, "Undo  (Ctrl+Z)");
        undoButton.setId("undo");
        undoButton.setOnAction(e -> undo());
        redoButton = Icons.flat(Feather.CORNER_UP_RIGHT, "Redo  (Ctrl+Shift+Z)");
        redoButton.setId("redo");
        redoButton.setOnAction(e -> redo());
        Icons.decorate(smooth, Feather.EYE, "Smooth upscaling instead of sharp pixels (nearest neighbour)");
        smooth.getStyleClass().addAll("button-icon");
        frame.smoothProperty().bind(smooth.selectedProperty());
        Button openImage = Icons.button("Open image…", Feather.IMAGE, "Encode your own image: find its z (GAN inversion)");
        openImage.setId("open-image");
        openImage.setOnAction(e -> encodeWindow().choose());
        Button copy = Icons.flat(Feather.COPY, "Copy z to the clipboard as JSON");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(dev.latentlab.ui.PresetStore.toJson(ws.z()));
            Clipboard.getSystemClipboard().setContent(c);
        });
        MenuButton presets = Icons.decorate(new MenuButton("Presets"), Feather.BOOKMARK, "Named z, saved in "
                + ws.presets().dir());
        presets.setOnShowing(e -> fillPresetMenu(presets));
        fillPresetMenu(presets);
        MenuButton export = Icons.decorate(new MenuButton("Export"), Feather.DOWNLOAD, "Save the image as PNG");
        for (int s : new int[] {1, 4, 8}) {
            MenuItem mi = new MenuItem("PNG at " + s + "×");
            mi.setOnAction(e -> exportPngDialog(s));
            export.getItems().add(mi);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox toolbar = new HBox(8, randomize, reset, openImage, undoButton, redoButton, grow, smooth, copy, presets, export);
        toolbar.getChildren().forEach(n -> {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("view-toolbar");

        Button newVariations = Icons.flat(Feather.REFRESH_CW, "Other variations");
        newVariations.setOnAction(e -> {
            variationSeed++;
            requestVariations();
        });
        Label varTitle = new Label("Variations");
        varTitle.getStyleClass().add("section-title");
        Tooltip.install(varTitle, new Tooltip("z plus small noise (σ = " + VARIATION_SIGMA
                + "); click one to make it the current z"));
        HBox varHead = new HBox(6, varTitle, newVariations);
        varHead.setAlignment(Pos.CENTER_LEFT);
        variations.setOnPick(i -> {
            if (i < variationZ.length) {
                commit(variationZ[i]);
            }
        });
        VBox varBox = new VBox(4, varHead, variations);
        varBox.getStyleClass().add("variations");

        VBox.setVgrow(frame, Priority.ALWAYS);
        VBox center = new VBox(10, toolbar, new TruncationControl(edits.psiProperty()).node(), frame, varBox);
        center.setPadding(new Insets(12));
        root.setCenter(center);

        ScrollPane zScroll = new ScrollPane(zRows);
        zScroll.setFitToWidth(true);
        zScroll.setId("z-scroll");
        Tab zTab = new Tab("Latent z", zScroll);
        Label dirHelp = new Label("Closed-form directions (SeFa): moving z along them changes the first "
                + "layer's output the most. λ is the eigenvalue. Click a row to preview it from −3 to +3.");
        dirHelp.setWrapText(true);
        dirHelp.getStyleClass().add("help-text");
        dirNote.setWrapText(true);
        dirNote.getStyleClass().addAll("help-text", "text-small");
        previewTitle.getStyleClass().add("section-title");
        preview.setOnPick(i -> {
            if (i < previewZ.length) {
                commit(previewZ[i]);
            }
        });
        ScrollPane previewScroll = new ScrollPane(preview);
        previewScroll.setFitToHeight(true);
        previewScroll.setMinHeight(100);
        VBox dirBox = new VBox(10, dirHelp, dirRows, previewTitle, previewScroll, dirNote);
        dirBox.setPadding(new Insets(10));
        ScrollPane dirScroll = new ScrollPane(dirBox);
        dirScroll.setFitToWidth(true);
        Tab dirTab = new Tab("Directions", dirScroll);
        Tab editsTab = new Tab("Edits", new NamedEditsPanel(edits, this::commit, ws::error).node());
        editsTab.selectedProperty().addListener((o, was, now) -> edits.setShown(now));
        edits.setSefaSource(() -> new NamedEditsModel.SefaState(dirBase, directions == null ? null
                : directions.vectors(), dirSliders.stream().mapToDouble(Slider::getValue).toArray()));
        edits.setOnChange(settled -> {
            renderMain();
            if (settled && dragging == 0) {
                requestSecondary();
            }
        });
        TabPane tabs = new TabPane(zTab, dirTab, editsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefWidth(370);
        tabs.setMinWidth(320);
        tabs.getStyleClass().add("side-tabs");
        root.setRight(tabs);

        ws.modelProperty().addListener((o, a, m) -> modelChanged(m));
        ws.zProperty().addListener((o, a, z) -> zChanged(z));
        if (ws.model() != null) {
            modelChanged(ws.model());
        }
        updateHistoryButtons();
    }

    @Override
    public String title() {
        return "Explore";
    }

    @Override
    public Feather icon() {
        return Feather.COMPASS;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        if (ws.model() != null) {
            renderMain();
            requestSecondary();
        }
    }

    @Override
    public boolean handleKey(KeyEvent e) {
        if (REDO.match(e) || REDO_Y.match(e)) {
            redo();
            return true;
        }
        if (UNDO.match(e)) {
            undo();
            return true;
        }
        if (e.getCode() == KeyCode.R && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()) {
            randomize();
            return true;
        }
        return false;
    }

    /** The encode window (made on first use); its result becomes the current z. */
    public EncodeWindow encodeWindow() {
        if (encodeWindow == null) {
            encodeWindow = new EncodeWindow(ws, root.getScene().getWindow(), this::commit);
        }
        return encodeWindow;
    }

    // ---- z changes ----

    /** Makes z current, recording the previous z for undo. */
    void commit(float[] z) {
        if (ws.model() == null || z.length != ws.z().length) {
            return;
        }
        history.push(ws.z());
        ws.zProperty().set(z.clone());
        updateHistoryButtons();
    }

    public void randomize() {
        if (ws.model() != null) {
            commit(Prior.sample(ws.model().nz(), ws.random()));
        }
    }

    void undo() {
        float[] z = history.undo(ws.z());
        if (z != null) {
            ws.zProperty().set(z);
        }
        updateHistoryButtons();
    }

    void redo() {
        float[] z = history.redo(ws.z());
        if (z != null) {
            ws.zProperty().set(z);
        }
        updateHistoryButtons();
    }

    private void updateHistoryButtons() {
        undoButton.setDisable(!history.canUndo());
        redoButton.setDisable(!history.canRedo());
    }

    private void zChanged(float[] z) {
        syncing = true;
        try {
            for (int i = 0; i < zSliders.size() && i < z.length; i++) {
                if (zSliders.get(i).getValue() != z[i]) {
                    zSliders.get(i).setValue(z[i]);
                }
                zValues.get(i).setText(format(z[i]));
            }
            if (!fromDirections) {
                dirBase = z.clone();
                for (int i = 0; i < dirSliders.size(); i++) {
                    dirSliders.get(i).setValue(0);
                    dirValues.get(i).setText(format(0));
                }
            }
        } finally {
            syncing = false;
        }
        renderMain();
        if (dragging == 0) {
            requestSecondary();
        }
    }

    private void modelChanged(ModelSummary m) {
        history.clear();
        updateHistoryButtons();
        if (m == null) {
            frame.clear();
            return;
        }
        if (zSliders.size() != m.nz()) {
            buildZRows(m.nz());
        }
        buildDirectionRows(m);
        zChanged(ws.z());
    }

    private void buildZRows(int nz) {
        zSliders.clear();
        zValues.clear();
        List<Node> rows = new ArrayList<>(nz);
        for (int i = 0; i < nz; i++) {
            final int index = i;
            Label name = new Label(Integer.toString(i));
            name.getStyleClass().add("z-index");
            name.setMinWidth(28);
            Slider s = new Slider(-Prior.RANGE, Prior.RANGE, 0);
            s.setId("z-slider-" + i);
            s.getStyleClass().add("small");
            HBox.setHgrow(s, Priority.ALWAYS);
            Label value = new Label(format(0));
            value.getStyleClass().add("z-value");
            value.setMinWidth(48);
            Button reset = Icons.flat(Feather.X, "Set z[" + i + "] to 0");
            reset.getStyleClass().add("small");
            reset.setOnAction(e -> setComponent(index, 0, true));
            trackDragging(s);
            s.valueProperty().addListener((o, a, b) -> {
                if (!syncing) {
                    setComponent(index, b.floatValue(), !s.isValueChanging());
                }
            });
            HBox row = new HBox(6, name, s, value, reset);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("z-row");
            zSliders.add(s);
            zValues.add(value);
            rows.add(row);
        }
        zRows.getChildren().setAll(rows);
        zRows.setPadding(new Insets(6, 10, 6, 6));
    }

    private void setComponent(int i, float v, boolean record) {
        float[] z = ws.z().clone();
        if (z[i] == v) {
            return;
        }
        if (record) {
            history.push(ws.z());
            updateHistoryButtons();
        }
        z[i] = v;
        ws.zProperty().set(z);
    }

    /** Records z for undo when a drag starts; strips refresh when it ends. */
    private void trackDragging(Slider s) {
        s.valueChangingProperty().addListener((o, was, now) -> {
            if (now) {
                dragging++;
                history.push(ws.z());
                updateHistoryButtons();
            } else {
                dragging = Math.max(0, dragging - 1);
                if (dragging == 0) {
                    requestSecondary();
                }
            }
        });
    }

    private void buildDirectionRows(ModelSummary m) {
        directions = m.directions();
        dirSliders.clear();
        dirValues.clear();
        dirRows.getChildren().clear();
        selectedDirection = 0;
        previewTitle.setText("");
        dirNote.setText(m.directionsNote());
        if (directions == null) {
            previewTitle.setText("Directions are not available for this model");
            preview.setCount(0, null);
            return;
        }
        for (int d = 0; d < directions.count(); d++) {
            final int index = d;
            Label name = new Label("#" + (d + 1));
            name.setMinWidth(28);
            Slider s = new Slider(-Prior.RANGE, Prior.RANGE, 0);
            s.setId("dir-slider-" + d);
            HBox.setHgrow(s, Priority.ALWAYS);
            Label value = new Label(format(0));
            value.setMinWidth(44);
            Label eigen = new Label(String.format("λ %.3g", directions.eigenvalues()[d]));
            eigen.getStyleClass().add("help-text");
            eigen.setMinWidth(64);
            trackDragging(s);
            s.valueProperty().addListener((o, a, b) -> {
                value.setText(format(b.doubleValue()));
                if (!syncing) {
                    if (!s.isValueChanging()) {
                        history.push(ws.z());
                        updateHistoryButtons();
                    }
                    selectDirection(index);
                    applyDirections();
                }
            });
            HBox line = new HBox(6, name, s, value, eigen);
            line.setAlignment(Pos.CENTER_LEFT);
            Label does = new Label();
            does.getStyleClass().add("sefa-label");
            does.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> edits.sefaLabel(index + 1),
                    edits.directionsProperty()));
            VBox row = new VBox(line, does);
            row.getStyleClass().add("dir-row");
            row.setOnMousePressed(e -> selectDirection(index));
            dirSliders.add(s);
            dirValues.add(value);
            dirRows.getChildren().add(row);
        }
        selectDirection(0);
    }

    private void selectDirection(int d) {
        if (d == selectedDirection && !previewTitle.getText().isEmpty()) {
            return;
        }
        for (int i = 0; i < dirRows.getChildren().size(); i++) {
            dirRows.getChildren().get(i).getStyleClass().remove("selected");
        }
        selectedDirection = d;
        dirRows.getChildren().get(d).getStyleClass().add("selected");
        previewTitle.setText("Direction #" + (d + 1) + " from −3 to +3");
        List<String> caps = Arrays.stream(PREVIEW_ALPHAS).mapToObj(a -> (a > 0 ? "+" : "") + (int) a).toList();
        preview.setCount(PREVIEW_ALPHAS.length, caps);
        if (dragging == 0) {
            requestPreview();
        }
    }

    private void applyDirections() {
        float[] z = dirBase.clone();
        for (int d = 0; d < dirSliders.size(); d++) {
            z = Prior.move(z, directions.vectors()[d], dirSliders.get(d).getValue());
        }
        fromDirections = true;
        try {
            ws.zProperty().set(z);
        } finally {
            fromDirections = false;
        }
    }

    // ---- rendering ----

    private void renderMain() {
        if (ws.model() == null || ws.z().length != ws.model().nz()) {
            return;
        }
        ws.render().request(Lane.MAIN, edits.apply(ws.z()), 1, f -> {
            shown = f.pixels()[0];
            shownW = f.width();
            shownH = f.height();
            frame.show(shown, f.width(), f.height());
            ws.millisPerFrameProperty().set(f.millisPerImage());
        });
    }

    private void requestSecondary() {
        requestVariations();
        requestPreview();
    }

    private void requestVariations() {
        if (ws.model() == null) {
            return;
        }
        float[] z = ws.z();
        Random rng = new Random(variationSeed);
        variationZ = new float[VARIATIONS][];
        for (int i = 0; i < VARIATIONS; i++) {
            variationZ[i] = Prior.jitter(z, VARIATION_SIGMA, rng);
        }
        if (variations.count() != VARIATIONS) {
            variations.setCount(VARIATIONS, null);
        }
        request(Lane.VARIATIONS, variationZ, variations);
    }

    private void requestPreview() {
        if (ws.model() == null || directions == null) {
            return;
        }
        float[] z = ws.z();
        float[] dir = directions.vectors()[selectedDirection];
        previewZ = new float[PREVIEW_ALPHAS.length][];
        for (int i = 0; i < PREVIEW_ALPHAS.length; i++) {
            previewZ[i] = Prior.move(z, dir, PREVIEW_ALPHAS[i]);
        }
        request(Lane.PREVIEW, previewZ, preview);
    }

    private void request(Lane lane, float[][] zs, FrameStrip strip) {
        ws.render().request(lane, new RenderService.Request(dev.latentlab.latent.Interpolation.flatten(
                Arrays.stream(zs).map(edits::apply).toList()), zs.length, null, f -> {
                    for (int i = 0; i < f.pixels().length; i++) {
                        strip.set(f.offset() + i, f.pixels()[i], f.width(), f.height());
                    }
                }));
    }

    // ---- presets and export ----

    private void fillPresetMenu(MenuButton menu) {
        MenuItem save = new MenuItem("Save z as preset…");
        save.setOnAction(e -> savePresetDialog());
        menu.getItems().setAll(save, new SeparatorMenuItem());
        List<String> names = ws.presets().names();
        if (names.isEmpty()) {
            MenuItem none = new MenuItem("No presets yet");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        for (String n : names) {
            MenuItem mi = new MenuItem(n);
            mi.setOnAction(e -> loadPreset(n));
            menu.getItems().add(mi);
        }
    }

    private void savePresetDialog() {
        if (ws.model() == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("Save preset");
        d.setHeaderText("Save the current z as a named preset");
        d.setContentText("Name:");
        Optional<String> name = d.showAndWait();
        name.filter(s -> !s.isBlank()).ifPresent(this::savePreset);
    }

    void savePreset(String name) {
        try {
            ws.presets().save(name, ws.model().name(), ws.z());
        } catch (IOException e) {
            ws.error("Could not save the preset", e);
        }
    }

    void loadPreset(String name) {
        try {
            PresetStore.Preset p = ws.presets().load(name);
            if (p.z().length != ws.z().length) {
                ws.error("Preset does not fit this model", "Preset '" + name + "' has " + p.z().length
                        + " values but " + ws.model().name() + " takes z of " + ws.z().length
                        + (p.model() == null ? "" : " (the preset was made with " + p.model() + ")"));
                return;
            }
            commit(p.z());
        } catch (IOException e) {
            ws.error("Could not load the preset", e);
        }
    }

    private void exportPngDialog(int scale) {
        if (shown == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export PNG at " + scale + "×");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName(ws.model().name() + "-" + scale + "x.png");
        java.io.File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            exportPng(f.toPath(), scale).exceptionally(t -> {
                Platform.runLater(() -> ws.error("Could not export the image", t));
                return null;
            });
        }
    }

    /** Writes the displayed image scaled by an integer factor, off the FX thread. */
    CompletableFuture<Path> exportPng(Path file, int scale) {
        int[] px = shown.clone();
        int w = shownW;
        int h = shownH;
        return CompletableFuture.supplyAsync(() -> {
            try {
                Pixels.writePng(Pixels.image(px, w, h, scale), file);
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    // ---- for tests ----

    public FrameView frameView() {
        return frame;
    }

    Slider zSlider(int i) {
        return zSliders.get(i);
    }

    private static String format(double v) {
        return String.format("%+.2f", v);
    }
}
