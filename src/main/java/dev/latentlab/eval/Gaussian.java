package dev.latentlab.eval;

/**
 * A Gaussian fitted to feature vectors: the mean and the unbiased covariance (n − 1), in double
 * precision, as the FID recipe does (numpy.mean, numpy.cov).
 */
public record Gaussian(int count, double[] mean, double[][] covariance) {

    public int dim() {
        return mean.length;
    }

    /** Fits {@code count} rows of {@code dim} floats (row-major). Needs at least two rows. */
    public static Gaussian fit(float[] rows, int count, int dim) {
        if (count < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + count);
        }
        if (rows.length != (long) count * dim) {
            throw new IllegalArgumentException(rows.length + " values is not " + count + " rows of " + dim);
        }
        double[] mean = new double[dim];
        for (int i = 0; i < count; i++) {
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                mean[j] += rows[off + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= count;
        }
        double[][] cov = new double[dim][dim];
        double[] c = new double[dim];
        for (int i = 0; i < count; i++) {
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                c[j] = rows[off + j] - mean[j];
            }
            for (int a = 0; a < dim; a++) {
                double ca = c[a];
                if (ca == 0) {
                    continue; // a unit that never fires (ReLU always 0) centres to exact zeros
                }
                double[] row = cov[a];
                for (int b = a; b < dim; b++) {
                    row[b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = a; b < dim; b++) {
                double v = cov[a][b] / (count - 1);
                cov[a][b] = v;
                cov[b][a] = v;
            }
        }
        return new Gaussian(count, mean, cov);
    }
}
