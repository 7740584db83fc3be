package dev.latentlab;

import dev.latentlab.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reference fixtures computed by real PyTorch (tools/make_fixtures.py). */
public final class Fixtures {
    public static final Path ROOT = Path.of("src/test/resources/fixtures");

    private Fixtures() {}

    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    public static Npy.Array npy(String relative) {
        try {
            return Npy.read(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
