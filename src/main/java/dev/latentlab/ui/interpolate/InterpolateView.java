package dev.latentlab.ui.interpolate;

import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.PresetStore;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.FrameStrip;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.Interpolation.Mode;
import dev.latentlab.latent.Prior;
import dev.latentlab.render.AnimatedGif;
import dev.latentlab.render.Pixels;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * Interpolate: a path through two or more keyframes (current z, presets, random), linear or
 * spherical, rendered once into a strip of frames; playback then only swaps cached frames, so
 * it holds its frame rate whatever the model costs. Exports an animated GIF or a PNG strip.
 */
public final class InterpolateView implements View {
    static final int MAX_KEYFRAMES = 16;

    /** A point of the path. */
    record Keyframe(String label, float[] z) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final FrameView frame = new FrameView();
    private final FrameStrip strip = new FrameStrip(56);
    private final ObservableList<Keyframe> keys = FXCollections.observableArrayList();
    private final ListView<Keyframe> keyList = new ListView<>(keys);
    private final ChoiceBox<Mode> mode = new ChoiceBox<>(FXCollections.observableArrayList(Mode.values()));
    private final Spinner<Integer> steps = new Spinner<>(1, 120, 16);
    private final Spinner<Integer> fps = new Spinner<>(1, 60, 24);
    private final ToggleButton play = new ToggleButton("Play");
    private final CheckBox loop = new CheckBox("Loop");
    private final CheckBox pingPong = new CheckBox("Ping-pong");
    private final ChoiceBox<Integer> exportScale = new ChoiceBox<>(FXCollections.observableArrayList(1, 2, 4, 8));
    private final Button exportGif;
    private final Button exportStrip;
    private final Label progress = new Label();
    private final Random rng = new Random();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            tick(now);
        }
    };
    private List<float[]> path = List.of();
    private int[][] frames = new int[0][];
    private int rendered;
    private int width;
    private int height;
    private long version;
    private int index;
    private int direction = 1;
    private long lastTick;
    private double pending;
    private int keyCounter;

    public InterpolateView(Workspace ws) {
        this.ws = ws;
        root.getStyleClass().add("interpolate-view");

        keyList.setId("keyframes");
        keyList.setPrefHeight(220);
        Button addCurrent = Icons.button("Current z", Feather.PLUS, "Add the current z (from Explore) as a keyframe");
        addCurrent.setOnAction(e -> addKeyframe("current z", ws.z()));
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
            int i = keyList.getSelectionModel().getSelectedIndex();
            if (i >= 0 && keys.size() > 2) {
                keys.remove(i);
            }
        });
        Button up = Icons.flat(Feather.ARROW_UP, "Move the selected keyframe earlier");
        up.setOnAction(e -> moveSelected(-1));
        Button down = Icons.flat(Feather.ARROW_DOWN, "Move the selected keyframe later");
        down.setOnAction(e -> moveSelected(1));
        Button useFrame = Icons.button("Use frame as z", Feather.COMPASS,
                "Make the displayed frame the current z (see it in Explore)");
        useFrame.setMaxWidth(Double.MAX_VALUE);
        useFrame.setOnAction(e -> {
            if (index < path.size()) {
                ws.zProperty().set(path.get(index).clone());
            }
        });
        Region editGrow = new Region();
        HBox.setHgrow(editGrow, Priority.ALWAYS);
        HBox addRow = new HBox(6, addCurrent, addRandom);
        HBox editRow = new HBox(4, addPreset, editGrow, up, down, remove);
        editRow.setAlignment(Pos.CENTER_LEFT);

        mode.setValue(Mode.SPHERICAL);
        mode.setId("mode");
        mode.setPrefWidth(150);
        steps.setEditable(true);
        steps.setId("steps");
        steps.setPrefWidth(90);
        fps.setEditable(true);
        fps.setPrefWidth(90);
        loop.setSelected(true);
        Label keyTitle = new Label("Keyframes");
        keyTitle.getStyleClass().add("section-title");
        Label pathTitle = new Label("Path");
        pathTitle.getStyleClass().add("section-title");
        exportScale.setValue(4);
        exportScale.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v + "×";
            }

            @Override
            public Integer fromString(String s) {
                return Integer.valueOf(s.replace("×", ""));
            }
        });
        exportGif = Icons.button("GIF", Feather.FILM, "Export the animation as an animated GIF");
        exportGif.setOnAction(e -> exportDialog(true));
        exportStrip = Icons.button("PNG strip", Feather.IMAGE, "Export all frames side by side as one PNG");
        exportStrip.setOnAction(e -> exportDialog(false));
        Label exportTitle = new Label("Export");
        exportTitle.getStyleClass().add("section-title");
        VBox side = new VBox(8, keyTitle, keyList, addRow, editRow, randomPath, useFrame, pathTitle,
                labelled("Interpolation", mode), labelled("Steps per segment", steps), exportTitle,
                labelled("Scale", exportScale), new HBox(6, exportGif, exportStrip));
        side.setPadding(new Insets(12));
        side.setPrefWidth(340);
        side.setMinWidth(300);
        side.getStyleClass().add("side-panel");

        Icons.decorate(play, Feather.PLAY, "Play / pause  (Space)");
        play.setId("play");
        play.selectedProperty().addListener((o, a, on) -> {
            play.setText(on ? "Pause" : "Play");
            play.setGraphic(Icons.icon(on ? Feather.PAUSE : Feather.PLAY));
            lastTick = 0;
            pending = 0;
            if (on) {
                timer.start();
            } else {
                timer.stop();
            }
            if (on && index >= frames.length - 1 && direction > 0 && !pingPong.isSelected()) {
                index = 0;
            }
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label fpsLabel = new Label("fps");
        HBox controls = new HBox(8, play, fps, fpsLabel, loop, pingPong, grow, progress);
        controls.getChildren().forEach(n -> {
            if (n instanceof Region r && r != grow) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getStyleClass().add("view-toolbar");

        strip.setOnPick(i -> {
            play.setSelected(false);
            show(i);
        });
        ScrollPane stripScroll = new ScrollPane(strip);
        stripScroll.setFitToHeight(true);
        stripScroll.setMinHeight(104);
        stripScroll.setPrefHeight(104);
        stripScroll.setId("frame-strip");
        VBox.setVgrow(frame, Priority.ALWAYS);
        VBox center = new VBox(10, controls, frame, stripScroll);
        center.setPadding(new Insets(12));
        root.setCenter(center);
        root.setRight(side);

        keys.addListener((javafx.collections.ListChangeListener<Keyframe>) c -> rebuild());
        mode.valueProperty().addListener((o, a, b) -> rebuild());
        steps.valueProperty().addListener((o, a, b) -> rebuild());
        ws.modelProperty().addListener((o, a, m) -> modelChanged(a, m));
        updateExportButtons();
    }

    private static Node labelled(String text, Node control) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox row = new HBox(8, l, grow, control);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    @Override
    public String title() {
        return "Interpolate";
    }

    @Override
    public Feather icon() {
        return Feather.FILM;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        if (ws.model() != null && keys.size() < 2) {
            resetKeyframes();
        }
    }

    @Override
    public void hidden() {
        play.setSelected(false);
    }

    @Override
    public boolean handleKey(KeyEvent e) {
        if (e.getCode() == KeyCode.SPACE && !(e.getTarget() instanceof javafx.scene.control.ButtonBase)) {
            play.setSelected(!play.isSelected());
            return true;
        }
        return false;
    }

    // ---- keyframes ----

    private void modelChanged(ModelSummary old, ModelSummary m) {
        play.setSelected(false);
        if (m == null) {
            return;
        }
        if (old == null || old.nz() != m.nz() || keys.size() < 2) {
            resetKeyframes();
        } else {
            rebuild();
        }
    }

    private void resetKeyframes() {
        keyCounter = 0;
        List<Keyframe> k = new ArrayList<>();
        k.add(new Keyframe(label("current z"), ws.z().clone()));
        k.add(new Keyframe(label("random"), Prior.sample(ws.model().nz(), rng)));
        keys.setAll(k);
    }

    private String label(String what) {
        return "K" + (++keyCounter) + " · " + what;
    }

    void addKeyframe(String what, float[] z) {
        if (ws.model() == null || z.length != ws.model().nz()) {
            return;
        }
        if (keys.size() >= MAX_KEYFRAMES) {
            ws.error("Too many keyframes", "A path holds at most " + MAX_KEYFRAMES + " keyframes.");
            return;
        }
        keys.add(new Keyframe(label(what), z.clone()));
    }

    private void addRandom() {
        if (ws.model() != null) {
            addKeyframe("random", Prior.sample(ws.model().nz(), rng));
        }
    }

    void randomWalk(int n) {
        if (ws.model() == null) {
            return;
        }
        keyCounter = 0;
        List<Keyframe> k = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            k.add(new Keyframe(label("random"), Prior.sample(ws.model().nz(), rng)));
        }
        keys.setAll(k);
    }

    /** Replaces the keyframes (for tests and presets). */
    public void setKeyframes(List<float[]> zs) {
        keyCounter = 0;
        List<Keyframe> k = new ArrayList<>();
        for (float[] z : zs) {
            k.add(new Keyframe(label("z"), z.clone()));
        }
        keys.setAll(k);
    }

    private void moveSelected(int delta) {
        int i = keyList.getSelectionModel().getSelectedIndex();
        int j = i + delta;
        if (i >= 0 && j >= 0 && j < keys.size()) {
            List<Keyframe> copy = new ArrayList<>(keys);
            Collections.swap(copy, i, j);
            keys.setAll(copy);
            keyList.getSelectionModel().select(j);
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
                        addKeyframe("preset " + n, p.z());
                    }
                } catch (IOException ex) {
                    ws.error("Could not load the preset", ex);
                }
            });
            menu.getItems().add(mi);
        }
    }

    // ---- the path ----

    private void rebuild() {
        version++;
        play.setSelected(play.isSelected() && keys.size() >= 2);
        if (ws.model() == null || keys.size() < 2) {
            path = List.of();
            frames = new int[0][];
            strip.setCount(0, null);
            progress.setText(keys.size() < 2 ? "Add at least two keyframes" : "");
            updateExportButtons();
            return;
        }
        int s = steps.getValue();
        path = Interpolation.path(keys.stream().map(Keyframe::z).toList(), s, mode.getValue());
        frames = new int[path.size()][];
        rendered = 0;
        index = Math.min(index, path.size() - 1);
        List<String> caps = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            caps.add(i % s == 0 ? "K" + (i / s + 1) : null);
        }
        strip.setCount(path.size(), caps);
        progress.setText("Rendering 0/" + path.size());
        updateExportButtons();
        long v = version;
        ws.render().request(Lane.STRIP, new RenderService.Request(Interpolation.flatten(path), path.size(), null,
                f -> received(v, f)));
    }

    private void received(long v, RenderService.Frames f) {
        if (v != version || f.total() != frames.length) {
            return; // a path that has since changed
        }
        width = f.width();
        height = f.height();
        for (int i = 0; i < f.pixels().length; i++) {
            int k = f.offset() + i;
            if (frames[k] == null) {
                rendered++;
            }
            frames[k] = f.pixels()[i];
            strip.set(k, frames[k], width, height);
            if (k == index) {
                show(k);
            }
        }
        progress.setText(rendered == frames.length ? frames.length + " frames"
                : "Rendering " + rendered + "/" + frames.length);
        updateExportButtons();
    }

    private void show(int i) {
        if (i < 0 || i >= frames.length) {
            return;
        }
        index = i;
        if (frames[i] != null) {
            frame.show(frames[i], width, height);
            strip.select(i);
        }
    }

    private void tick(long now) {
        if (!play.isSelected() || frames.length < 2) {
            lastTick = 0;
            return;
        }
        if (lastTick == 0) {
            lastTick = now;
            return;
        }
        pending += (now - lastTick) / 1e9 * fps.getValue();
        lastTick = now;
        if (pending < 1) {
            return;
        }
        int stepsDue = (int) pending;
        pending -= stepsDue;
        int i = index;
        for (int k = 0; k < stepsDue; k++) {
            int next = i + direction;
            if (next >= frames.length || next < 0) {
                if (pingPong.isSelected()) {
                    direction = -direction;
                    next = i + direction;
                    if (direction > 0 && !loop.isSelected()) {
                        play.setSelected(false);
                        break;
                    }
                } else if (loop.isSelected()) {
                    next = 0;
                } else {
                    play.setSelected(false);
                    break;
                }
            }
            if (frames[next] == null) {
                break; // not rendered yet: wait for it
            }
            i = next;
        }
        show(i);
    }

    // ---- export ----

    private void updateExportButtons() {
        boolean ready = frames.length > 0 && rendered == frames.length;
        exportGif.setDisable(!ready);
        exportStrip.setDisable(!ready);
    }

    /** The frames in playing order: forward, then back again for ping-pong (ends not repeated). */
    List<int[]> sequence() {
        List<int[]> seq = new ArrayList<>(List.of(frames));
        if (pingPong.isSelected()) {
            for (int i = frames.length - 2; i >= 1; i--) {
                seq.add(frames[i]);
            }
        }
        return seq;
    }

    private void exportDialog(boolean gif) {
        FileChooser fc = new FileChooser();
        fc.setTitle(gif ? "Export animated GIF" : "Export PNG strip");
        fc.getExtensionFilters().add(gif ? new FileChooser.ExtensionFilter("Animated GIF", "*.gif")
                : new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName(ws.model().name() + (gif ? "-walk.gif" : "-strip.png"));
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            CompletableFuture<Path> done = gif ? exportGif(f.toPath()) : exportStrip(f.toPath());
            done.exceptionally(t -> {
                Platform.runLater(() -> ws.error("Could not export", t));
                return null;
            });
        }
    }

    /** Writes the rendered frames as a looping GIF at the chosen fps and scale, off the FX thread. */
    public CompletableFuture<Path> exportGif(Path file) {
        List<int[]> seq = sequence();
        int w = width;
        int h = height;
        int scale = exportScale.getValue();
        int delay = Math.round(1000f / fps.getValue());
        progress.setText("Writing " + file.getFileName() + "…");
        return CompletableFuture.supplyAsync(() -> {
            try {
                AnimatedGif.write(seq, w, h, scale, delay, true, file);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).whenComplete((p, t) -> Platform.runLater(() -> progress.setText(t == null ? "Saved "
                + file.getFileName() : "Export failed")));
    }

    CompletableFuture<Path> exportStrip(Path file) {
        List<int[]> all = List.of(frames);
        int w = width;
        int h = height;
        int scale = exportScale.getValue();
        return CompletableFuture.supplyAsync(() -> {
            try {
                Pixels.writePng(Pixels.strip(all, w, h, scale), file);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // ---- for tests ----

    public boolean ready() {
        return frames.length > 0 && rendered == frames.length;
    }

    public int frameTotal() {
        return frames.length;
    }

    public Spinner<Integer> stepsSpinner() {
        return steps;
    }

    public ChoiceBox<Integer> exportScaleChoice() {
        return exportScale;
    }
}
