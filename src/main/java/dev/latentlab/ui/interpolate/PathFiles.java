package dev.latentlab.ui.interpolate;

import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.Interpolation.Mode;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.render.RecipeImages;
import dev.latentlab.ui.widgets.RecipeActions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory;

/**
 * The Interpolate view's side of "Save path" / "Open path" ({@link RecipeActions}): the keyframes,
 * the mode, the steps per segment and how it plays, as a {@link PathRecipe} with a PNG strip of
 * every frame beside it; opening one sets exactly those, so the frames are the saved ones bit for bit.
 */
final class PathFiles implements RecipeActions.Side<PathRecipe> {
    private final KeyframePanel keyframes;
    private final ChoiceBox<Mode> mode;
    private final Spinner<Integer> steps;
    private final Playback playback;

    PathFiles(KeyframePanel keyframes, ChoiceBox<Mode> mode, Spinner<Integer> steps, Playback playback) {
        this.keyframes = keyframes;
        this.mode = mode;
        this.steps = steps;
        this.playback = playback;
    }

    @Override
    public Function<ModelRef, PathRecipe> snapshot() {
        List<float[]> zs = keyframes.zs();
        if (zs.size() < 2) {
            throw new IllegalStateException("A path needs at least two keyframes.");
        }
        Mode m = mode.getValue();
        int s = steps.getValue();
        int fps = playback.fps();
        boolean loop = playback.loop();
        boolean pingPong = playback.pingPong();
        String source = "LatentLab Interpolate, " + java.time.Instant.now();
        return ref -> new PathRecipe(ref, zs, m, s, fps, loop, pingPong, source);
    }

    @Override
    public void writePng(GanModel m, PathRecipe r, Path png) throws IOException {
        RecipeImages.writeStrip(m, r, png);
    }

    @Override
    public PathRecipe load(Path file, ModelRef current) throws IOException {
        return PathRecipe.load(file, current);
    }

    @Override
    public void apply(Path file, PathRecipe r) throws IOException {
        IntegerSpinnerValueFactory sf = (IntegerSpinnerValueFactory) steps.getValueFactory();
        String headless = "; render it with latentlab interpolate --recipe " + file;
        if (r.keyframes().size() > KeyframePanel.MAX_KEYFRAMES) {
            throw new IOException(file + " has " + r.keyframes().size() + " keyframes; this view holds at most "
                    + KeyframePanel.MAX_KEYFRAMES + headless);
        }
        if (r.steps() < sf.getMin() || r.steps() > sf.getMax()) {
            throw new IOException(file + " has " + r.steps() + " steps per segment; this view takes " + sf.getMin()
                    + " to " + sf.getMax() + headless);
        }
        if (r.fps() < playback.minFps() || r.fps() > playback.maxFps()) {
            throw new IOException(file + " plays at " + r.fps() + " fps; this view plays " + playback.minFps() + " to "
                    + playback.maxFps() + headless);
        }
        playback.setPlaying(false);
        playback.set(r.fps(), r.loop(), r.pingPong());
        mode.setValue(r.mode());
        sf.setValue(r.steps());
        keyframes.set(r.keyframes(), file.getFileName().toString());
    }
}
