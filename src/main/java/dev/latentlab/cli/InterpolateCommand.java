package dev.latentlab.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.latent.Prior;
import dev.latentlab.latent.Recipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.VideoFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = {"A latent walk as a video: frames spread evenly along a path through keyframes,",
            "written as H.264 MP4 (.mp4), a looping animated GIF (.gif) or a PNG strip (.png), chosen by --out's",
            "extension. --recipe renders a path saved by the Interpolate view (Save path): its keyframes, mode,",
            "steps and fps, the same frames the view showed (ping-pong included in a video)."})
final class InterpolateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--keyframes", split = ",", paramLabel = "FILE",
            description = "keyframe z files, comma-separated: a JSON array of nz numbers (Explore's 'copy z'), "
                    + "a preset ({\"z\": [...]}) or a concept file (its mean z)")
    List<Path> keyframes;

    @Option(names = "--random", paramLabel = "K", description = "K random keyframes z ~ N(0, I) instead (seeded by --seed)")
    Integer random;

    @Option(names = "--seed", defaultValue = "7", description = "seed of --random (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--recipe", paramLabel = "FILE",
            description = "a path saved by the app (Save path) instead of --keyframes/--random, --frames and --mode")
    Path recipe;

    @Option(names = "--frames", description = "frames in the video (default: 120)")
    Integer frames;

    @Option(names = "--fps", description = "frames per second, 1-120 (default: 24, or the recipe's)")
    Integer fps;

    @Option(names = "--scale", defaultValue = "4", description = "integer upscaling, 1-16 (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--mode", description = "spherical (slerp) or linear (default: spherical)")
    String mode;

    @Option(names = "--out", required = true, description = "walk.mp4, walk.gif or strip.png")
    Path out;

    @Option(names = "--force", description = "render even when it would take more than an hour")
    boolean force;

    @Override
    public Integer call() throws Exception {
        String problem = checkArguments();
        if (problem != null) {
            System.err.println("error: " + problem);
            return 2;
        }
        if (recipe != null) {
            return renderRecipe();
        }
        int n = frames == null ? 120 : frames;
        Interpolation.Mode m = "linear".equalsIgnoreCase(mode) ? Interpolation.Mode.LINEAR : Interpolation.Mode.SPHERICAL;
        try (GanModel g = ModelStore.open(model)) {
            List<float[]> keys = new ArrayList<>();
            if (random != null) {
                Random r = new Random(seed);
                for (int i = 0; i < random; i++) {
                    keys.add(Prior.sample(g.nz(), r));
                }
            } else {
                for (Path f : keyframes) {
                    float[] z = readZ(f);
                    if (z.length != g.nz()) {
                        System.err.println("error: " + f + " holds " + z.length + " values; " + g.name()
                                + " takes z of nz = " + g.nz());
                        return 2;
                    }
                    keys.add(z);
                }
            }
            String tooMuch = FrameBudget.check(g, n, isPng(out) ? scale : 0, force);
            if (tooMuch != null) {
                System.err.println("error: " + tooMuch);
                return 2;
            }
            List<float[]> path = Interpolation.evenly(keys, n, m);
            long t0 = System.nanoTime();
            RenderService.Frames f = render(g, path);
            write(f, List.of(f.pixels()), fps == null ? 24 : fps, t0);
            return 0;
        }
    }

    /** The recipe's frames, as the Interpolate view drew them; a video plays them in its order (ping-pong). */
    private int renderRecipe() throws Exception {
        PathRecipe r;
        try {
            Recipe any = Recipe.read(recipe);
            if (!(any instanceof PathRecipe p)) {
                System.err.println("error: " + recipe + " is " + any.kind().noun() + " recipe, not an interpolation "
                        + "path; render it with " + any.kind().command() + " " + recipe);
                return 2;
            }
            r = p;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try (GanModel g = ModelStore.open(model)) {
            try {
                r.requireModel(recipe, DirectionFit.ref(g));
            } catch (IOException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
            String tooMuch = FrameBudget.check(g, r.frameCount(), isPng(out) ? scale : 0, force);
            if (tooMuch != null) {
                System.err.println("error: " + recipe + ": " + tooMuch);
                return 2;
            }
            long t0 = System.nanoTime();
            RenderService.Frames f = render(g, r.frames());
            List<int[]> order = PathRecipe.playingOrder(List.of(f.pixels()), r.pingPong());
            write(f, order, fps == null ? r.fps() : fps, t0);
            return 0;
        }
    }

    /** The frames of a path, with a progress line. */
    private static RenderService.Frames render(GanModel g, List<float[]> path) {
        try (ProgressLine line = new ProgressLine(true)) {
            return RenderService.renderAll(g, Interpolation.flatten(path), path.size(),
                    done -> line.show("frame " + done + "/" + path.size()));
        }
    }

    /** A PNG strip of the path's frames (path order), or the frames in playing order as a video. */
    private void write(RenderService.Frames f, List<int[]> order, int rate, long t0) throws IOException {
        int w = f.width();
        long t1 = System.nanoTime();
        if (isPng(out)) {
            Pixels.writePng(Pixels.strip(List.of(f.pixels()), w, f.height(), scale), out);
            System.err.printf(Locale.ROOT, "wrote %s (a strip of %d frames of %dx%d; %d KiB): generated in %.2f s%n",
                    out, f.total(), w * scale, f.height() * scale, Files.size(out) / 1024, (t1 - t0) / 1e9);
            return;
        }
        VideoFile.Format vf = VideoFile.write(out, order, w, f.height(), scale, rate, VideoFile.Progress.NONE);
        long t2 = System.nanoTime();
        System.err.printf(Locale.ROOT, "wrote %s (%s, %d frames of %dx%d at %d fps, %.1f s; %d KiB): "
                + "generated in %.2f s, encoded in %.2f s%n", out, vf, order.size(), w * scale, f.height() * scale,
                rate, order.size() / (double) rate, Files.size(out) / 1024, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    private static boolean isPng(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    private String checkArguments() {
        if (recipe != null) {
            if (keyframes != null || random != null || frames != null || mode != null) {
                return "--recipe holds its own keyframes, mode and steps; drop --keyframes, --random, --frames and --mode";
            }
        } else {
            if ((keyframes == null) == (random == null)) {
                return "give either --keyframes a.json,b.json, --random K or --recipe path.json";
            }
            if (keyframes != null && keyframes.size() < 2) {
                return "--keyframes needs at least two files, got " + keyframes.size();
            }
            if (random != null && (random < 2 || random > 1000)) {
                return "--random needs 2 to 1000 keyframes, got " + random;
            }
            if (frames != null && (frames < 2 || frames > 100_000)) {
                return "--frames must be 2 to 100000, got " + frames;
            }
            if (mode != null && !mode.equalsIgnoreCase("linear") && !mode.equalsIgnoreCase("spherical")) {
                return "--mode is spherical or linear, not '" + mode + "'";
            }
        }
        if (fps != null && (fps < 1 || fps > 120)) {
            return "--fps must be 1 to 120, got " + fps;
        }
        if (scale < 1 || scale > 16) {
            return "--scale must be 1 to 16, got " + scale;
        }
        try {
            if (!isPng(out)) {
                VideoFile.Format.of(out);
            }
        } catch (IllegalArgumentException e) {
            return "--out " + e.getMessage() + " (or .png for a strip of the frames)";
        }
        Path dir = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out) || (Files.isDirectory(dir) && !Files.isWritable(dir))) {
            return "--out " + out + " cannot be written (" + (Files.isDirectory(out) ? "it is a folder" : dir
                    + " is not writable") + ")";
        }
        return null;
    }

    /** A z from a JSON file: a plain array, an object with "z", or a concept file's mean. */
    static float[] readZ(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException ex) {
            throw new IOException(file + " is not JSON: " + ex.getMessage(), ex);
        }
        if (e.isJsonObject() && ConceptStore.FORMAT.equals(string(e.getAsJsonObject(), "format"))) {
            return ConceptStore.read(file).concept().mean();
        }
        JsonElement z = e.isJsonObject() ? e.getAsJsonObject().get("z") : e;
        if (z == null || !z.isJsonArray() || z.getAsJsonArray().isEmpty()) {
            throw new IOException(file + " holds no z: expected a JSON array of numbers, {\"z\": [...]} or a concept file");
        }
        JsonArray a = z.getAsJsonArray();
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = a.get(i).getAsFloat();
            } catch (RuntimeException ex) {
                throw new IOException(file + ": z[" + i + "] is not a number (" + a.get(i) + ")", ex);
            }
            if (!Float.isFinite(out[i])) {
                throw new IOException(file + ": z[" + i + "] is not finite");
            }
        }
        return out;
    }

    private static String string(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
    }
}
