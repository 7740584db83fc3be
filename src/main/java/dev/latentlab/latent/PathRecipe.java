package dev.latentlab.latent;

import com.google.gson.JsonObject;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.Interpolation.Mode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An interpolation path as a small JSON file: the generator (name, shape, weight checksum), the
 * keyframes' z, the mode and the steps per segment, and how it plays (fps, loop, ping-pong). The
 * frames are a pure function of the recipe and the generator ({@link #frames}: the Interpolate
 * view's {@link Interpolation#path}); the Interpolate view has no truncation, so there is no ψ.
 * <pre>
 * { "format": "latentlab-path", "version": 1,
 *   "model": { "name": "faces64", "nz": 100, "imageSize": 64, "channels": 3, "checksum": "sha256:…" },
 *   "mode": "spherical", "steps": 16, "fps": 24, "loop": true, "pingPong": false,
 *   "keyframes": [ [ … nz values … ], [ … ] ], "source": "…" }
 * </pre>
 */
public record PathRecipe(ModelRef model, List<float[]> keyframes, Mode mode, int steps, int fps, boolean loop,
        boolean pingPong, String source) implements Recipe {
    public static final int MAX_STEPS = 10_000;
    public static final int MAX_FPS = 120;

    public PathRecipe {
        keyframes = keyframes.stream().map(float[]::clone).toList();
    }

    @Override
    public Kind kind() {
        return Kind.PATH;
    }

    /** How many frames {@link #frames} makes, known without making them. */
    public long frameCount() {
        return (keyframes.size() - 1L) * steps + 1;
    }

    /** The path's frames: (k − 1)·steps + 1 z's, the keyframes among them. */
    public List<float[]> frames() {
        return Interpolation.path(keyframes, steps, mode);
    }

    /** Frames in playing order: forward, then back again for ping-pong (the ends not repeated). */
    public static <T> List<T> playingOrder(List<T> frames, boolean pingPong) {
        List<T> seq = new ArrayList<>(frames);
        if (pingPong) {
            for (int i = frames.size() - 2; i >= 1; i--) {
                seq.add(frames.get(i));
            }
        }
        return seq;
    }

    /** The JSON document (field names as in the file). */
    private static final class Doc {
        String format = Kind.PATH.format();
        Integer version = Kind.PATH.version();
        ModelRef model;
        String mode;
        Integer steps;
        Integer fps;
        Boolean loop;
        Boolean pingPong;
        List<float[]> keyframes;
        String source;
    }

    @Override
    public void save(Path file) throws IOException {
        Doc d = new Doc();
        d.model = model;
        d.mode = mode.name().toLowerCase(Locale.ROOT);
        d.steps = steps;
        d.fps = fps;
        d.loop = loop;
        d.pingPong = pingPong;
        d.keyframes = keyframes;
        d.source = source;
        RecipeFiles.write(file, d);
    }

    /** Reads and checks a path recipe; every problem is an IOException naming the file. */
    public static PathRecipe read(Path file) throws IOException {
        return read(file, RecipeFiles.object(file, Kind.PATH));
    }

    static PathRecipe read(Path file, JsonObject o) throws IOException {
        RecipeFiles.header(file, o, Kind.PATH);
        Doc d = RecipeFiles.doc(file, o, Doc.class, Kind.PATH);
        ModelRef m = RecipeFiles.model(file, d.model);
        if (d.keyframes == null || d.keyframes.size() < 2) {
            throw new IOException(file + ": a path needs at least two keyframes, it has "
                    + (d.keyframes == null ? "none" : d.keyframes.size()));
        }
        for (int i = 0; i < d.keyframes.size(); i++) {
            RecipeFiles.z(file, "keyframe " + (i + 1), d.keyframes.get(i), m);
        }
        Mode mode;
        if ("spherical".equals(d.mode)) {
            mode = Mode.SPHERICAL;
        } else if ("linear".equals(d.mode)) {
            mode = Mode.LINEAR;
        } else {
            throw new IOException(file + ": mode is '" + d.mode + "' (expected 'spherical' or 'linear')");
        }
        if (d.steps == null || d.steps < 1 || d.steps > MAX_STEPS) {
            throw new IOException(file + ": steps per segment is " + d.steps + " (1 to " + MAX_STEPS + ")");
        }
        int fps = d.fps == null ? 24 : d.fps;
        if (fps < 1 || fps > MAX_FPS) {
            throw new IOException(file + ": fps is " + fps + " (1 to " + MAX_FPS + ")");
        }
        return new PathRecipe(m, d.keyframes, mode, d.steps, fps, d.loop == null || d.loop,
                d.pingPong != null && d.pingPong, d.source);
    }

    /** Reads a path recipe for the open generator; refuses one of another generator, naming the file. */
    public static PathRecipe load(Path file, ModelRef current) throws IOException {
        PathRecipe r = read(file);
        r.requireModel(file, current);
        return r;
    }
}
