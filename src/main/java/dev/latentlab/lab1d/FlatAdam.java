package dev.latentlab.lab1d;

/**
 * Adam (Kingma &amp; Ba 2015) over one flat parameter vector, in doubles:
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², θ ← θ − lr·m̂/(√v̂ + ε), with bias-corrected m̂, v̂.
 */
public final class FlatAdam {
    private final double[] params;
    private final double[] m;
    private final double[] v;
    private volatile double lr;
    private final double beta1;
    private final double beta2;
    private final double eps = 1e-8;
    private long t;

    public FlatAdam(double[] params, double lr, double beta1, double beta2) {
        this.params = params;
        this.m = new double[params.length];
        this.v = new double[params.length];
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    public double learningRate() {
        return lr;
    }

    /** One update with gradient {@code g} (same length as the parameters). */
    public void step(double[] g) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double rate = lr;
        for (int i = 0; i < params.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            params[i] -= rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
        }
    }
}
