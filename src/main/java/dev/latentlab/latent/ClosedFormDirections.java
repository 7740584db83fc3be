package dev.latentlab.latent;


/**
 * Semantic directions in closed form from the generator's first layer (SeFa: Shen &amp; Zhou,
 * "Closed-Form Factorization of Latent Semantics in GANs", CVPR 2021).
 *
 * <p>The first layer maps z affinely to the first feature map: y = A z + b, A of shape
 * [outputs × nz]. Moving z by α·n changes y by α·A n, so the directions that change the first
 * feature map the most are the unit n maximising |A n|², i.e. the eigenvectors of AᵀA with the
 * largest eigenvalues. As in the authors' code, each output unit's weight vector (each row of A,
 * a column of the nz × outputs matrix they factorise) is first normalised to unit length, so no
 * single output dominates by scale; then AᵀA = Σ_o a_o a_oᵀ over the normalised rows a_o.
 *
 * <ul>
 * <li>DCGAN: the first ConvTranspose2d on a 1×1 input has weight W [nz, C, 4, 4] and
 *     y[c, i, j] = Σ_k z_k W[k, c, i, j], so A's row (c, i, j) is W[:, c, i, j]: C·16 rows.</li>
 * <li>MLP: the first Linear has weight [hidden, nz], which is A itself.</li>
 * </ul>
 * (BatchNorm after the first layer is ignored, as in the paper.) The nz × nz symmetric
 * eigenproblem is solved in plain Java by {@link SymmetricEigen}: a few ms for nz = 100.
 */
public final class ClosedFormDirections {
    /** Directions (unit vectors, largest eigenvalue first) and their eigenvalues. */
    public record Directions(float[][] vectors, double[] eigenvalues) {
        public int count() {
            return vectors.length;
        }
    }

    private ClosedFormDirections() {}

    /**
     * @param a      A row-major, {@code rows} × {@code nz}
     * @param top    how many directions to return
     */
    public static Directions fromRows(float[] a, int rows, int nz, int top) {
        if (a.length != rows * nz) {
            throw new IllegalArgumentException("A has " + a.length + " values, expected " + rows + " × " + nz);
        }
        double[][] s = new double[nz][nz];
        double[] row = new double[nz];
        for (int r = 0; r < rows; r++) {
            double n2 = 0;
            for (int k = 0; k < nz; k++) {
                row[k] = a[r * nz + k];
                n2 += row[k] * row[k];
            }
            if (n2 == 0) {
                continue;
            }
            double inv = 1 / Math.sqrt(n2);
            for (int i = 0; i < nz; i++) {
                double ri = row[i] * inv;
                if (ri == 0) {
                    continue;
                }
                for (int j = i; j < nz; j++) {
                    s[i][j] += ri * row[j] * inv;
                }
            }
        }
        for (int i = 0; i < nz; i++) {
            for (int j = 0; j < i; j++) {
                s[i][j] = s[j][i];
            }
        }
        return top(s, top);
    }

    /** From a DCGAN's first ConvTranspose2d weight, PyTorch layout [nz, C, kh, kw] flattened. */
    public static Directions fromConvTranspose(float[] w, int nz, int top) {
        int perZ = w.length / nz;
        if (perZ * nz != w.length) {
            throw new IllegalArgumentException("weight of " + w.length + " values is not nz (" + nz + ") × outputs");
        }
        // W is nz × (C·kh·kw) row-major; A = Wᵀ
        float[] a = new float[w.length];
        for (int k = 0; k < nz; k++) {
            for (int o = 0; o < perZ; o++) {
                a[o * nz + k] = w[k * perZ + o];
            }
        }
        return fromRows(a, perZ, nz, top);
    }

    /** Top eigenpairs of a symmetric matrix, largest eigenvalue first. */
    static Directions top(double[][] s, int top) {
        SymmetricEigen eig = new SymmetricEigen(s);
        double[] lambda = eig.values(); // ascending
        double[][] v = eig.vectors();
        int n = s.length;
        int k = Math.min(top, n);
        float[][] vectors = new float[k][n];
        double[] values = new double[k];
        for (int d = 0; d < k; d++) {
            int col = n - 1 - d;
            values[d] = lambda[col];
            // sign convention: the largest component positive, so results are reproducible
            int big = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(v[i][col]) > Math.abs(v[big][col])) {
                    big = i;
                }
            }
            double sign = v[big][col] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                vectors[d][i] = (float) (sign * v[i][col]);
            }
        }
        return new Directions(vectors, values);
    }
}
