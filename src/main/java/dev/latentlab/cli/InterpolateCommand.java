package dev.latentlab.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
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
            "written as H.264 MP4 (.mp4) or a looping animated GIF (.gif), chosen by --out's extension."})
final class InterpolateCommand implements Callable<Integer> {
    private static final int BATCH = 16;

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

    @Option(names = "--frames", defaultValue = "120", description = "frames in the video (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--fps", defaultValue = "24", description = "frames per second, 1-120 (default: ${DEFAULT-VALUE})")
    int fps;

    @Option(names = "--scale", defaultValue = "4", description = "integer upscaling, 1-16 (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--mode", defaultValue = "spherical", description = "spherical (slerp) or linear (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--out", required = true, description = "walk.mp4 or walk.gif")
    Path out;

    @Override
    public Integer call() throws Exception {
        String problem = checkArguments();
        if (problem != null) {
            System.err.println("error: " + problem);
            return 2;
        }
        Interpolation.Mode m = mode.equalsIgnoreCase("linear") ? Interpolation.Mode.LINEAR : Interpolation.Mode.SPHERICAL;
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
            List<float[]> path = Interpolation.evenly(keys, frames, m);
            long t0 = System.nanoTime();
            List<int[]> argb = new ArrayList<>(frames);
            for (int i = 0; i < path.size(); i += BATCH) {
                List<float[]> part = path.subList(i, Math.min(path.size(), i + BATCH));
                Generated img = g.generate(Interpolation.flatten(part), part.size());
                for (int k = 0; k < part.size(); k++) {
                    argb.add(Pixels.argb(img, k));
                }
            }
            int w = g.spec().imageSize();
            long t1 = System.nanoTime();
            VideoFile.Format f = VideoFile.write(out, argb, w, w, scale, fps, VideoFile.Progress.NONE);
            long t2 = System.nanoTime();
            System.err.printf(Locale.ROOT, "wrote %s (%s, %d frames of %dx%d at %d fps, %.1f s; %d KiB): "
                    + "generated in %.2f s, encoded in %.2f s%n", out, f, frames, w * scale, w * scale, fps,
                    frames / (double) fps, Files.size(out) / 1024, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            return 0;
        }
    }

    private String checkArguments() {
        if ((keyframes == null) == (random == null)) {
            return "give either --keyframes a.json,b.json or --random K";
        }
        if (keyframes != null && keyframes.size() < 2) {
            return "--keyframes needs at least two files, got " + keyframes.size();
        }
        if (random != null && (random < 2 || random > 1000)) {
            return "--random needs 2 to 1000 keyframes, got " + random;
        }
        if (frames < 2 || frames > 100_000) {
            return "--frames must be 2 to 100000, got " + frames;
        }
        if (fps < 1 || fps > 120) {
            return "--fps must be 1 to 120, got " + fps;
        }
        if (scale < 1 || scale > 16) {
            return "--scale must be 1 to 16, got " + scale;
        }
        if (!mode.equalsIgnoreCase("linear") && !mode.equalsIgnoreCase("spherical")) {
            return "--mode is spherical or linear, not '" + mode + "'";
        }
        try {
            VideoFile.Format.of(out);
        } catch (IllegalArgumentException e) {
            return "--out " + e.getMessage();
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
