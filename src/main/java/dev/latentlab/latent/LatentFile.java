package dev.latentlab.latent;

import dev.latentlab.io.Npy;

/**
 * Checks on latent vectors read from a file (an N×nz .npy): a NaN or an infinity gives a black or
 * undefined image without any error from the generator, and zero rows would give no image at all,
 * so both are refused with the row and column to look at.
 */
public final class LatentFile {
    private LatentFile() {}

    /** Why the array cannot be the z of a model with this nz (a phrase to follow the file's name), or null. */
    public static String check(Npy.Array a, int nz) {
        if (a.shape().length != 2 || a.dim(1) != nz) {
            return "has shape " + a.shapeString() + "; expected N×" + nz + " for this model";
        }
        if (a.dim(0) == 0) {
            return "holds no latent vectors (0 rows); expected N×" + nz + " with N at least 1";
        }
        String bad = firstNonFinite(a.data(), nz);
        return bad == null ? null : "holds " + bad + "; every value of z must be a finite number";
    }

    /** "NaN at row 3, column 7" for the first value that is not finite, or null when all are. */
    public static String firstNonFinite(float[] z, int nz) {
        for (int i = 0; i < z.length; i++) {
            if (!Float.isFinite(z[i])) {
                return (Float.isNaN(z[i]) ? "NaN" : z[i] > 0 ? "+infinity" : "−infinity") + " at row " + i / nz
                        + ", column " + i % nz;
            }
        }
        return null;
    }
}
