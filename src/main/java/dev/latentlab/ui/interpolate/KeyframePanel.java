package dev.latentlab.ui.interpolate;

import dev.latentlab.latent.Prior;
import dev.latentlab.ui.PresetStore;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Icons;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The keyframes of the Interpolate view's path: added from the current z, a random z or a saved
 * preset, reordered and removed, or replaced by a random walk of 9 (the DCGAN paper's latent
 * walks). Owns the list; the view rebuilds the path when it changes.
 */
final class KeyframePanel {
    static final int MAX_KEYFRAMES = 16;
    /** The side of a keyframe's picture in the list, in pixels. */
    static final int THUMB = 32;

    /** A point of the path. */
    record Keyframe(String label, float[] z) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Workspace ws;
    private final Random rng;
    private final ObservableList<Keyframe> keys = FXCollections.observableArrayList();
    private final ListView<Keyframe> list = new ListView<>(keys);
    private final VBox root;
    /** Each keyframe's picture, by its z (identity): the path's frame drawn at that keyframe. */
    private final Map<float[], Image> thumbnails = new IdentityHashMap<>();
    private int counter;
    /** True while the keyframes are the default path ({@link #reset}), untouched: its K1 is "current z". */
    private boolean startsAtCurrent;

    /** {@code useFrame} is the "Use frame as z" button, which the view wires. */
    KeyframePanel(Workspace ws, Random rng, Button useFrame) {
        this.ws = ws;
        this.rng = rng;
        list.setId("keyframes");
        list.getStyleClass().add("keyframe-list");
        list.setCellFactory(v -> new KeyframeCell());
        keys.addListener((javafx.collections.ListChangeListener<Keyframe>) c -> thumbnails.keySet().retainAll(
                keys.stream().map(Keyframe::z).toList()));
        Button addCurrent = Icons.button("Current z", Feather.PLUS, "Add the current z (from Explore) as a keyframe");
        addCurrent.setOnAction(e -> add("current z", ws.z()));
        Button addRandom = Icons.button("Random", Feather.SHUFFLE, "Add a random z as a keyframe");
        addRandom.setOnAction(e -> addRandom());
        MenuButton addPreset = Icons.decorate(new MenuButton("Preset"), Feather.BOOKMARK, "Add a saved preset");
        addPreset.setOnShowing(e -> fillPresets(addPreset));
        fillPresets(addPreset);
        Button randomPath = Icons.button("Random walk of 9", Feather.GIT_COMMIT,
                "Replace the keyframes with 9 random points, as in the DCGAN paper's latent walks");
        randomPath.setMaxWidth(Double.MAX_VALUE);
        randomPath.setOnAction(e -> randomWalk(9));
        Button remove = Icons.flat(Feather.TRASH_2, "Remove the selected keyframe");
        remove.setOnAction(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0 && keys.size() > 2) {
                startsAtCurrent = false;
                keys.remove(i);
            }
        });
        Button up = Icons.flat(Feather.ARROW_UP, "Move the selected keyframe earlier");
        up.setOnAction(e -> moveSelected(-1));
        Button down = Icons.flat(Feather.ARROW_DOWN, "Move the selected keyframe later");
        down.setOnAction(e -> moveSelected(1));
        useFrame.setMaxWidth(Double.MAX_VALUE);
        Region editGrow = new Region();
        HBox.setHgrow(editGrow, Priority.ALWAYS);
        HBox addRow = new HBox(addCurrent, addRandom);
        addRow.getStyleClass().add("form-row");
        HBox editRow = new HBox(addPreset, editGrow, up, down, remove);
        editRow.getStyleClass().add("tight-row");
        Label title = new Label("Keyframes");
        title.getStyleClass().add("section-title");
        root = new VBox(title, list, addRow, editRow, randomPath, useFrame);
        root.getStyleClass().add("form-column");
    }

    Node node() {
        return root;
    }

    /** A keyframe's row: its picture, then its label. */
    private final class KeyframeCell extends ListCell<Keyframe> {
        private final ImageView thumb = new ImageView();

        KeyframeCell() {
            thumb.getStyleClass().add("keyframe-thumb");
            thumb.setFitWidth(THUMB);
            thumb.setFitHeight(THUMB);
            thumb.setPreserveRatio(true);
        }

        @Override
        protected void updateItem(Keyframe k, boolean empty) {
            super.updateItem(k, empty);
            if (empty || k == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(k.label());
                thumb.setImage(thumbnails.get(k.z()));
                setGraphic(thumb);
            }
        }
    }

    /** Shows keyframe i's picture beside its label (argb w × h: the path's frame at that keyframe). */
    void showThumbnail(int i, int[] argb, int w, int h) {
        if (i < 0 || i >= keys.size()) {
            return;
        }
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        thumbnails.put(keys.get(i).z(), img);
        list.refresh();
    }

    /** Keyframe i's picture, or null before it is drawn. */
    Image thumbnail(int i) {
        return i < keys.size() ? thumbnails.get(keys.get(i).z()) : null;
    }

    ObservableList<Keyframe> keys() {
        return keys;
    }

    List<float[]> zs() {
        return keys.stream().map(Keyframe::z).toList();
    }

    /** The current z and a random one: a path to start from. */
    void reset() {
        counter = 0;
        List<Keyframe> k = new ArrayList<>();
        k.add(new Keyframe(label("current z"), ws.z().clone()));
        k.add(new Keyframe(label("random"), Prior.sample(ws.model().nz(), rng)));
        keys.setAll(k);
        startsAtCurrent = true;
    }

    /**
     * Keeps the default path's "K1 · current z" true to its label: while the user has not changed
     * the keyframes, K1 becomes the current z again (called when the view is shown, so a z chosen
     * in Explore — Randomize, an encoded image — is where the path starts).
     */
    void followCurrentZ() {
        float[] z = ws.z();
        if (startsAtCurrent && !keys.isEmpty() && ws.model() != null && z.length == ws.model().nz()
                && !java.util.Arrays.equals(keys.get(0).z(), z)) {
            keys.set(0, new Keyframe(keys.get(0).label(), z.clone()));
        }
    }

    private String label(String what) {
        return "K" + (++counter) + " · " + what;
    }

    void add(String what, float[] z) {
        if (ws.model() == null || z.length != ws.model().nz()) {
            return;
        }
        if (keys.size() >= MAX_KEYFRAMES) {
            ws.error("Too many keyframes", "A path holds at most " + MAX_KEYFRAMES + " keyframes.");
            return;
        }
        startsAtCurrent = false;
        keys.add(new Keyframe(label(what), z.clone()));
    }

    private void addRandom() {
        if (ws.model() != null) {
            add("random", Prior.sample(ws.model().nz(), rng));
        }
    }

    void randomWalk(int n) {
        if (ws.model() == null) {
            return;
        }
        counter = 0;
        List<Keyframe> k = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            k.add(new Keyframe(label("random"), Prior.sample(ws.model().nz(), rng)));
        }
        startsAtCurrent = false;
        keys.setAll(k);
    }

    /** Replaces the keyframes. */
    void set(List<float[]> zs) {
        set(zs, "z");
    }

    /** Replaces the keyframes, each labelled with where it came from. */
    void set(List<float[]> zs, String what) {
        counter = 0;
        List<Keyframe> k = new ArrayList<>();
        for (float[] z : zs) {
            k.add(new Keyframe(label(what), z.clone()));
        }
        startsAtCurrent = false;
        keys.setAll(k);
    }

    private void moveSelected(int delta) {
        int i = list.getSelectionModel().getSelectedIndex();
        int j = i + delta;
        if (i >= 0 && j >= 0 && j < keys.size()) {
            List<Keyframe> copy = new ArrayList<>(keys);
            Collections.swap(copy, i, j);
            startsAtCurrent = false;
            keys.setAll(copy);
            list.getSelectionModel().select(j);
        }
    }

    private void fillPresets(MenuButton menu) {
        menu.getItems().clear();
        List<String> names = ws.presets().names();
        if (names.isEmpty()) {
            MenuItem none = new MenuItem("No presets yet (save one in Explore)");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        for (String n : names) {
            MenuItem mi = new MenuItem(n);
            mi.setOnAction(e -> {
                try {
                    PresetStore.Preset p = ws.presets().load(n);
                    if (ws.model() != null && p.z().length != ws.model().nz()) {
                        ws.error("Preset does not fit this model", "Preset '" + n + "' has " + p.z().length
                                + " values; this model takes " + ws.model().nz());
                    } else {
                        add("preset " + n, p.z());
                    }
                } catch (IOException ex) {
                    ws.error("Could not load the preset", ex);
                }
            });
            menu.getItems().add(mi);
        }
    }
}
