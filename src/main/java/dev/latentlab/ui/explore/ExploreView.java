package dev.latentlab.ui.explore;

import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.FrameStrip;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.ReaderNotice;
import dev.latentlab.ui.widgets.WrapRow;
import dev.latentlab.latent.Prior;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import java.util.Arrays;
import java.util.Random;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
import javafx.scene.layout.VBox;
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
    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    private static final KeyCombination REDO_Y = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);

    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final FrameView frame = new FrameView();
    private final ZEditor editor;
    private final LatentSliders zSliders;
    private final DirectionsPanel directions;
    private final PresetsAndExport presetsAndExport;
    private final FrameStrip variations = new FrameStrip(72);
    private final Button undoButton;
    private final Button redoButton;
    private final ToggleButton smooth = new ToggleButton();
    private final NamedEditsModel edits;
    private EncodeWindow encodeWindow;
    private float[][] variationZ = new float[0][];
    private long variationSeed = 1;
    private PresetsAndExport.Shown shown;

    public ExploreView(Workspace ws) {
        this.ws = ws;
        this.edits = new NamedEditsModel(ws);
        this.editor = new ZEditor(ws, this::requestSecondary);
        this.zSliders = new LatentSliders(editor);
        this.directions = new DirectionsPanel(ws, editor, edits, (zs, strip) -> request(Lane.PREVIEW, zs, strip));
        this.presetsAndExport = new PresetsAndExport(ws, editor, () -> shown, () -> root);
        root.getStyleClass().add("explore-view");

        Button randomize = Icons.button("Randomize", Feather.SHUFFLE, "A new z from the prior N(0, I)  (R)");
        randomize.setId("randomize");
        randomize.setOnAction(e -> randomize());
        Button reset = Icons.button("Reset", Feather.ROTATE_CCW, "Set every z to 0, the centre of the prior");
        reset.setId("reset-z");
        reset.setOnAction(e -> editor.commit(new float[ws.z().length]));
        undoButton = Icons.flat(Feather.CORNER_UP_LEFT, "Undo  (Ctrl+Z)");
        undoButton.setId("undo");
        undoButton.setOnAction(e -> editor.undo());
        undoButton.disableProperty().bind(editor.canUndoProperty().not());
        redoButton = Icons.flat(Feather.CORNER_UP_RIGHT, "Redo  (Ctrl+Shift+Z)");
        redoButton.setId("redo");
        redoButton.setOnAction(e -> editor.redo());
        redoButton.disableProperty().bind(editor.canRedoProperty().not());
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
        WrapRow toolbar = new WrapRow(randomize, reset, openImage, undoButton, redoButton, smooth, copy,
                presetsAndExport.presetsMenu(), presetsAndExport.exportMenu());
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
                editor.commit(variationZ[i]);
            }
        });
        VBox varBox = new VBox(4, varHead, variations);
        varBox.getStyleClass().add("variations");

        VBox.setVgrow(frame, Priority.ALWAYS);
        VBox center = new VBox(10, toolbar, new TruncationControl(edits.psiProperty()).node(), frame, varBox);
        center.setPadding(new Insets(12));
        root.setCenter(center);
        // an image file dropped anywhere on the view is encoded, as Open image… would
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1;
            if (ok) {
                encodeDropped(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });

        Tab zTab = new Tab("Latent z", zSliders.node());
        Tab dirTab = new Tab("Directions", directions.node());
        Node namedEdits = new NamedEditsPanel(edits, editor::commit, ws::error).node();
        VBox.setVgrow(namedEdits, Priority.ALWAYS);
        ReaderNotice editsNotice = new ReaderNotice(ws, "The app fits named edits (Smiling, Male, …) with a shipped"
                + " reader that knows this model's images.", "Make your own: mark images that have an attribute and"
                + " images that lack it under Direction from picks, below; the fitted direction becomes a slider"
                + " (a fit by a reader of your own, `directions --classifier DIR`, shows here too).");
        editsNotice.setId("edits-reader-notice");
        Tab editsTab = new Tab("Edits", new VBox(editsNotice, namedEdits,
                new PicksPanel(new PicksModel(ws, edits, () -> edits.apply(ws.z()))).node()));
        editsTab.selectedProperty().addListener((o, was, now) -> edits.setShown(now));
        edits.setSefaSource(() -> new NamedEditsModel.SefaState(directions.base(), directions.directions() == null
                ? null : directions.directions().vectors(), directions.amounts()));
        edits.setOnChange(settled -> {
            renderMain();
            if (settled && !editor.dragging()) {
                requestSecondary();
            }
        });
        TabPane tabs = new TabPane(zTab, dirTab, editsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefWidth(330);
        tabs.setMinWidth(300);
        tabs.getStyleClass().add("side-tabs");
        tabs.setId("explore-side");
        root.setRight(tabs);

        ws.modelProperty().addListener((o, a, m) -> modelChanged(m));
        ws.zProperty().addListener((o, a, z) -> zChanged(z));
        if (ws.model() != null) {
            modelChanged(ws.model());
        }
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
            editor.redo();
            return true;
        }
        if (UNDO.match(e)) {
            editor.undo();
            return true;
        }
        if (e.getCode() == KeyCode.R && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()) {
            randomize();
            return true;
        }
        return false;
    }

    /** What a file dropped on the view does: encodes it (a file that is no image gets the window's message). */
    public void encodeDropped(java.nio.file.Path file) {
        encodeWindow().encode(file);
    }

    /** The encode window (made on first use); its result becomes the current z, drawn without edits or ψ. */
    public EncodeWindow encodeWindow() {
        if (encodeWindow == null) {
            // the search matched G(z) to the picture, so the image shows G(z): no edits, no ψ
            encodeWindow = new EncodeWindow(ws, root.getScene().getWindow(), z -> {
                edits.clearForPlainZ();
                editor.commit(z);
            });
        }
        return encodeWindow;
    }

    // ---- z changes ----

    /** A new z from the prior, recorded for undo. */
    public void randomize() {
        editor.randomize();
    }

    private void zChanged(float[] z) {
        if (ws.model() == null || z.length != ws.model().nz()) {
            // a model of another nz is opening: its z comes before the model itself, and modelChanged
            // rebuilds the sliders and directions and calls this again
            return;
        }
        editor.syncing = true;
        try {
            zSliders.show(z);
            if (!editor.fromDirections) {
                directions.rebase(z);
            }
        } finally {
            editor.syncing = false;
        }
        renderMain();
        if (!editor.dragging()) {
            requestSecondary();
        }
    }

    private void modelChanged(ModelSummary m) {
        if (m == null) {
            frame.clear();
            return;
        }
        if (zSliders.size() != m.nz()) {
            zSliders.build(m.nz());
        }
        directions.build(m);
        zChanged(ws.z());
    }

    // ---- rendering ----

    private void renderMain() {
        if (ws.model() == null || ws.z().length != ws.model().nz()) {
            return;
        }
        ws.render().request(Lane.MAIN, edits.apply(ws.z()), 1, f -> {
            shown = new PresetsAndExport.Shown(f.pixels()[0], f.width(), f.height());
            frame.show(shown.argb(), f.width(), f.height());
            ws.millisPerFrameProperty().set(f.millisPerImage());
        });
    }

    private void requestSecondary() {
        requestVariations();
        directions.requestPreview();
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

    private void request(Lane lane, float[][] zs, FrameStrip strip) {
        ws.render().request(lane, new RenderService.Request(dev.latentlab.latent.Interpolation.flatten(
                Arrays.stream(zs).map(edits::apply).toList()), zs.length, null, f -> {
                    for (int i = 0; i < f.pixels().length; i++) {
                        strip.set(f.offset() + i, f.pixels()[i], f.width(), f.height());
                    }
                }));
    }

    /**
     * Another view's "Latent z" sliders over Explore's own z editor, so that undo and redo here see
     * their moves; they follow z and the model as Explore's do.
     */
    public Node latentSliders() {
        LatentSliders s = new LatentSliders(editor);
        Runnable follow = () -> {
            if (ws.model() == null || ws.z().length != ws.model().nz()) {
                return;
            }
            if (s.size() != ws.model().nz()) {
                s.build(ws.model().nz());
            }
            boolean was = editor.syncing;
            editor.syncing = true;
            try {
                s.show(ws.z());
            } finally {
                editor.syncing = was;
            }
        };
        ws.modelProperty().addListener(o -> follow.run());
        ws.zProperty().addListener(o -> follow.run());
        follow.run();
        return s.node();
    }

    // ---- for tests ----

    public FrameView frameView() {
        return frame;
    }

    Slider zSlider(int i) {
        return zSliders.slider(i);
    }

    /** The named edits' state (tests). */
    NamedEditsModel namedEdits() {
        return edits;
    }
}
