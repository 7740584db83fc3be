package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.io.Npy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The named tensors of one network, in PyTorch state_dict order and naming (main.0.weight,
 * main.1.running_mean, …), so checkpoints map 1:1. Trainable parameters carry gradients;
 * buffers (BatchNorm running statistics) do not. All arrays live in one manager owned here.
 */
public final class ParamSet implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final List<String> trainable = new ArrayList<>();
    private int version;

    public ParamSet(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public NDManager manager() {
        return manager;
    }

    /** Declares a trainable tensor (zeros, with a gradient). */
    public NDArray addParameter(String name, Shape shape) {
        NDArray a = manager.zeros(shape);
        a.setRequiresGradient(true);
        arrays.put(name, a);
        trainable.add(name);
        return a;
    }

    /** Declares a tensor without gradient (BatchNorm running statistics), filled with {@code fill}. */
    public NDArray addBuffer(String name, Shape shape, float fill) {
        NDArray a = fill == 0f ? manager.zeros(shape) : manager.full(shape, fill);
        arrays.put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        return a;
    }

    /**
     * The name of the first array holding a NaN or an infinity, or null when all are finite. A
     * diverged update can leave such weights while the loss computed before it still looked fine;
     * checked natively, without copying the weights out.
     */
    public String firstNonFinite() {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            try (NDArray nan = e.getValue().isNaN(); NDArray inf = e.getValue().isInfinite();
                    NDArray anyNan = nan.any(); NDArray anyInf = inf.any()) {
                if (anyNan.getBoolean() || anyInf.getBoolean()) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    public List<String> trainableNames() {
        return Collections.unmodifiableList(trainable);
    }

    public List<NDArray> trainableArrays() {
        List<NDArray> out = new ArrayList<>(trainable.size());
        for (String n : trainable) {
            out.add(arrays.get(n));
        }
        return out;
    }

    public long parameterCount() {
        long n = 0;
        for (String t : trainable) {
            n += arrays.get(t).size();
        }
        return n;
    }

    /** Counts changes of the values, so caches derived from them (folded weights) know when to rebuild. */
    public int version() {
        return version;
    }

    public void touch() {
        version++;
    }

    /** Fills every weight with N(0, std) and biases with 0: the DCGAN paper's initialisation. */
    void fillNormal(String name, double mean, double std, Random rng) {
        NDArray a = get(name);
        float[] v = new float[(int) a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * rng.nextGaussian());
        }
        a.set(v);
    }

    void fillUniform(String name, double bound, Random rng) {
        NDArray a = get(name);
        float[] v = new float[(int) a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        a.set(v);
    }

    /** Plain copies of every tensor, for saving or handing to another thread. */
    public Map<String, Npy.Array> toArrays() {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            out.put(e.getKey(), new Npy.Array(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        return out;
    }

    /**
     * Copies values into the existing arrays (no reallocation, so memory stays flat however often a
     * trainer publishes new weights). Every tensor must be present with exactly the right shape;
     * extra entries are reported unless {@code ignore} names them.
     */
    public void load(Map<String, Npy.Array> values, String source) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            Npy.Array v = values.get(e.getKey());
            long[] want = e.getValue().getShape().getShape();
            if (v == null) {
                problems.add("missing tensor " + e.getKey() + " " + Arrays.toString(want));
            } else if (!Arrays.equals(v.shape(), want)) {
                problems.add(e.getKey() + " has shape " + v.shapeString() + ", expected " + Arrays.toString(want));
            } else {
                for (float f : v.data()) {
                    if (!Float.isFinite(f)) {
                        problems.add(e.getKey() + " contains NaN or infinite values");
                        break;
                    }
                }
            }
        }
        for (String k : values.keySet()) {
            if (!arrays.containsKey(k)) {
                problems.add("unexpected tensor " + k + " " + values.get(k).shapeString());
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelShapeException(source + " does not match the network: " + String.join("; ",
                    problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? " (and " + (problems.size() - 5) + " more)" : ""));
        }
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            e.getValue().set(values.get(e.getKey()).data());
        }
        version++;
    }

    /** Copies another set's values (same network shape) into these arrays, in place. */
    public void copyFrom(ParamSet other) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray src = other.get(e.getKey());
            if (!src.getShape().equals(e.getValue().getShape())) {
                throw new ModelShapeException(e.getKey() + " has shape " + src.getShape() + ", expected "
                        + e.getValue().getShape());
            }
            e.getValue().set(src.toFloatArray());
        }
        version++;
    }

    @Override
    public void close() {
        manager.close();
    }
}
