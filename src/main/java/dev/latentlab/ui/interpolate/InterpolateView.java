package dev.latentlab.ui.interpolate;

import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.Interpolation.Mode;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.render.AnimatedGif;
import dev.latentlab.render.Pixels;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Choices;
import dev.latentlab.ui.widgets.FrameStrip;
import dev.latentlab.ui.widgets.StripScroll;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.RecipeActions;
import dev.latentlab.ui.widgets.VideoExportDialog;
import dev.latentlab.ui.widgets.VideoExportTask;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
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
    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final FrameView frame = new FrameView();
    private final FrameStrip strip = new FrameStrip(56);
    private final StripScroll stripScroll = new StripScroll(strip);
    private final KeyframePanel keyframes;
    private final Playback playback;
    private final ChoiceBox<Mode> mode = new ChoiceBox<>(FXCollections.observableArrayList(Mode.values()));
    private final Spinner<Integer> steps = new Spinner<>(1, 120, 16);
    private final ChoiceBox<Integer> exportScale = Choices.of(List.of(1, 2, 4, 8), 4, v -> v + "×");
    private final Button exportGif;
    private final Button exportStrip;
    private final Label progress = new Label();
    private final RecipeActions<PathRecipe> files;
    private final Random rng = new Random();
    private List<float[]> path = List.of();
    private int[][] frames = new int[0][];
    private int rendered;
    private int width;
    private int height;
    private long version;
    private int index;
    /** Frames per segment of the path drawn: frame k · segment is keyframe k. */
    private int segment = 1;

    public InterpolateView(Workspace ws) {
        this.ws = ws;
        root.getStyleClass().add("interpolate-view");
        Button useFrame = Icons.button("Use frame as z", Feather.COMPASS,
                "Make the displayed frame the current z (see it in Explore)");
        useFrame.setOnAction(e -> {
            if (index < path.size()) {
                ws.zProperty().set(path.get(index).clone());
            }
        });
        keyframes = new KeyframePanel(ws, rng, useFrame);
        playback = new Playback(() -> frames.length, i -> frames[i] != null, () -> index, this::show,
                i -> index = i, progress);

        mode.setValue(Mode.SPHERICAL);
        mode.setId("mode");
        mode.getStyleClass().add("mode-box");
        steps.setEditable(true);
        steps.setId("steps");
        steps.getStyleClass().add("narrow-number");
        Label pathTitle = new Label("Path");
        pathTitle.getStyleClass().add("section-title");
        exportGif = Icons.button("GIF", Feather.FILM, "Export the animation as an animated GIF");
        exportGif.setOnAction(e -> VideoExportDialog.show(root.getScene().getWindow(), videoJob("-walk.gif")));
        Button exportMp4 = VideoExportDialog.button("MP4", "Export the animation as an H.264 video", () -> videoJob("-walk.mp4"));
        exportMp4.disableProperty().bind(exportGif.disableProperty());
        exportStrip = Icons.button("PNG strip", Feather.IMAGE, "Export all frames side by side as one PNG");
        exportStrip.setOnAction(e -> exportStripDialog());
        Label exportTitle = new Label("Export");
        exportTitle.getStyleClass().add("section-title");
        HBox exportRow = new HBox(exportMp4, exportGif, exportStrip);
        exportRow.getStyleClass().add("form-row");
        files = new RecipeActions<>(ws, "path", new PathFiles(keyframes, mode, steps, playback));
        HBox filesRow = new HBox(files.saveButton(), files.openButton());
        filesRow.getStyleClass().add("form-row");
        VBox side = new VBox(keyframes.node(), pathTitle, labelled("Interpolation", mode),
                labelled("Steps per segment", steps), filesRow, exportTitle, labelled("Scale", exportScale), exportRow);
        side.getStyleClass().addAll("side-panel", "interpolate-side", "padded");

        strip.setOnPick(i -> {
            playback.setPlaying(false);
            show(i);
        });
        stripScroll.setId("frame-strip");
        VBox.setVgrow(frame, Priority.ALWAYS);
        VBox center = new VBox(playback.node(), frame, stripScroll);
        center.getStyleClass().addAll("form-column", "padded");
        root.setCenter(center);
        root.setRight(side);

        keyframes.keys().addListener((javafx.collections.ListChangeListener<KeyframePanel.Keyframe>) c -> rebuild());
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
        HBox row = new HBox(l, grow, control);
        row.getStyleClass().add("form-row");
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
        if (ws.model() != null && keyframes.keys().size() < 2) {
            keyframes.reset();
        } else {
            keyframes.followCurrentZ();
        }
    }

    @Override
    public void hidden() {
        playback.setPlaying(false);
    }

    @Override
    public boolean handleKey(KeyEvent e) {
        if (e.getCode() == KeyCode.SPACE && !(e.getTarget() instanceof javafx.scene.control.ButtonBase)) {
            playback.setPlaying(!playback.playing());
            return true;
        }
        return false;
    }

    private void modelChanged(ModelSummary old, ModelSummary m) {
        playback.setPlaying(false);
        if (m == null) {
            return;
        }
        if (old == null || old.nz() != m.nz() || keyframes.keys().size() < 2) {
            keyframes.reset();
        } else {
            rebuild();
        }
    }

    /** Replaces the keyframes (for tests and presets). */
    public void setKeyframes(List<float[]> zs) {
        keyframes.set(zs);
    }

    void addKeyframe(String what, float[] z) {
        keyframes.add(what, z);
    }

    void randomWalk(int n) {
        keyframes.randomWalk(n);
    }

    // ---- the path ----

    private void rebuild() {
        version++;
        int keys = keyframes.keys().size();
        playback.setPlaying(playback.playing() && keys >= 2);
        if (ws.model() == null || keys < 2) {
            path = List.of();
            frames = new int[0][];
            strip.setCount(0, null);
            progress.setText(keys < 2 ? "Add at least two keyframes" : "");
            updateExportButtons();
            return;
        }
        int s = steps.getValue();
        path = Interpolation.path(keyframes.zs(), s, mode.getValue());
        segment = s;
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
            if (k % segment == 0) {
                keyframes.showThumbnail(k / segment, frames[k], width, height); // G(keyframe) itself
            }
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
            stripScroll.reveal(i); // the strip follows the frame played
        }
    }

    // ---- export ----

    private void updateExportButtons() {
        boolean ready = frames.length > 0 && rendered == frames.length;
        exportGif.setDisable(!ready);
        exportStrip.setDisable(!ready);
    }

    /** The frames in playing order: forward, then back again for ping-pong (ends not repeated). */
    List<int[]> sequence() {
        return playback.sequence(frames);
    }

    /** Asks where, then writes the PNG strip (GIF and MP4 go through {@link VideoExportDialog}). */
    private void exportStripDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export PNG strip");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName(ws.model().name() + "-strip.png");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            exportStrip(f.toPath()).exceptionally(t -> {
                Platform.runLater(() -> ws.error("Could not export", t));
                return null;
            });
        }
    }

    /** The frames in playing order at the chosen fps and scale, for the video export window. */
    public VideoExportTask.Job videoJob(String suffix) {
        return new VideoExportTask.Job(sequence(), width, height, exportScale.getValue(), playback.fps(),
                ws.model().name() + suffix);
    }

    /** Writes the rendered frames as a looping GIF at the chosen fps and scale, off the FX thread. */
    public CompletableFuture<Path> exportGif(Path file) {
        List<int[]> seq = sequence();
        int w = width;
        int h = height;
        int scale = exportScale.getValue();
        int delay = Math.round(1000f / playback.fps());
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

    /** "Save path" and "Open path". */
    public RecipeActions<PathRecipe> pathFiles() {
        return files;
    }

    /** The rendered frames, in path order (null where one is not rendered yet). */
    List<int[]> frames() {
        return java.util.Arrays.asList(frames.clone());
    }

    ChoiceBox<Mode> modeChoice() {
        return mode;
    }

    public List<float[]> keyframeZs() {
        return keyframes.zs();
    }

    public boolean ready() {
        return frames.length > 0 && rendered == frames.length;
    }

    /** The frame shown, and whether its strip cell is in view. */
    int frameIndex() {
        return index;
    }

    boolean frameInStripView(int i) {
        return stripScroll.inView(i);
    }

    KeyframePanel keyframePanel() {
        return keyframes;
    }

    Playback playback() {
        return playback;
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
