package dev.latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.ModelShapeException;
import dev.latentlab.nn.ParamSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam exactly as torch.optim.Adam (no weight decay, no amsgrad):
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr·m̂ / (√v̂ + ε) with the bias corrections
 * m̂ = m / (1−β1^t), v̂ = v / (1−β2^t). Written here rather than taken from DJL so that its state
 * (m, v, t) can be checkpointed and resumed.
 */
public final class Adam implements AutoCloseable {
    private final ParamSet params;
    private final NDManager manager;
    private final List<String> names;
    private final NDArray[] m;
    private final NDArray[] v;
    private double lr;
    private final double beta1;
    private final double beta2;
    private final double eps = 1e-8;
    private long t;

    public Adam(ParamSet params, double lr, double beta1, double beta2) {
        this.params = params;
        this.manager = params.manager().newSubManager();
        this.names = params.trainableNames();
        this.m = new NDArray[names.size()];
        this.v = new NDArray[names.size()];
        for (int i = 0; i < names.size(); i++) {
            NDArray p = params.get(names.get(i));
            m[i] = manager.zeros(p.getShape());
            v[i] = manager.zeros(p.getShape());
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** Zeroes every parameter's gradient (the gradient collector does not). */
    public void zeroGradients() {
        for (String n : names) {
            NDArray p = params.get(n);
            if (p.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p);
            }
        }
    }

    /** One update from the gradients the last backward pass left. Call with autograd off. */
    public void step() {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        // p ← p − (lr / bc1) · m / (√v / √bc2 + ε) = p − (lr·√bc2 / bc1) · m / (√v + ε·√bc2):
        // libtorch's fused update (one native call per parameter) in that algebraically equal form
        float stepSize = (float) (lr * sqrtBc2 / bc1);
        float epsHat = (float) (eps * sqrtBc2);
        for (int i = 0; i < names.size(); i++) {
            NDArray p = params.get(names.get(i));
            try (NDArray g = p.getGradient()) {
                JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) g, (PtNDArray) m[i], (PtNDArray) v[i], (float) lr,
                        stepSize, 0f, 1f, -1f, (float) beta1, (float) beta2, epsHat, false);
            }
        }
        params.touch();
    }

    public long steps() {
        return t;
    }

    /** m and v under "m/NAME" and "v/NAME", and the step count under "t". */
    public Map<String, Npy.Array> state() {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put("m/" + names.get(i), new Npy.Array(m[i].getShape().getShape(), m[i].toFloatArray()));
            out.put("v/" + names.get(i), new Npy.Array(v[i].getShape().getShape(), v[i].toFloatArray()));
        }
        out.put("t", new Npy.Array(new long[] {1}, new float[] {t}));
        return out;
    }

    public void loadState(Map<String, Npy.Array> state, String source) {
        for (int i = 0; i < names.size(); i++) {
            Npy.Array a = state.get("m/" + names.get(i));
            Npy.Array b = state.get("v/" + names.get(i));
            if (a == null || b == null || a.data().length != m[i].size() || b.data().length != v[i].size()) {
                throw new ModelShapeException(source + ": optimiser state for " + names.get(i)
                        + " is missing or has the wrong size");
            }
            m[i].set(a.data());
            v[i].set(b.data());
        }
        Npy.Array steps = state.get("t");
        t = steps == null ? 0 : (long) steps.data()[0];
    }

    @Override
    public void close() {
        manager.close();
    }
}
