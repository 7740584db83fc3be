package dev.latentlab.lab1d;

import java.util.Random;

/**
 * A small fully connected network, e.g. 1 → 16 → 16 → 1 (or → 2 for a mean and a log variance):
 * hidden layers use {@link Activation}, the last layer is linear. All parameters live in one flat array (per layer:
 * W as out × in, row-major, then b), so an optimiser and a finite-difference check see a vector.
 * {@link #forward} keeps the activations of the last sample; {@link #backward} then gives the
 * gradients with respect to the parameters and to the input. Not thread-safe.
 */
public final class Mlp {
    public enum Activation {
        TANH, LEAKY_RELU;

        double apply(double x) {
            return this == TANH ? Math.tanh(x) : x > 0 ? x : 0.2 * x;
        }

        /** Derivative, given the pre-activation x and the activation a = f(x). */
        double derivative(double x, double a) {
            return this == TANH ? 1 - a * a : x > 0 ? 1 : 0.2;
        }
    }

    private final int[] sizes;
    private final int[] offsets;
    private final Activation activation;
    private final double[] params;
    /** act[l]: the input of layer l (act[0] is the network's input); pre[l]: its pre-activation. */
    private final double[][] act;
    private final double[][] pre;
    private final double[][] delta;

    /** {@code sizes} from input to output, e.g. {1, 16, 16, 1}. */
    public Mlp(Activation activation, int... sizes) {
        if (sizes.length < 2 || sizes[sizes.length - 1] < 1) {
            throw new IllegalArgumentException("an Mlp needs an input size and at least one output");
        }
        this.sizes = sizes.clone();
        this.activation = activation;
        this.offsets = new int[sizes.length];
        int n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            offsets[l] = n;
            n += sizes[l + 1] * sizes[l] + sizes[l + 1];
        }
        offsets[sizes.length - 1] = n;
        params = new double[n];
        act = new double[sizes.length][];
        pre = new double[sizes.length][];
        delta = new double[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            act[l] = new double[sizes[l]];
            pre[l] = new double[sizes[l]];
            delta[l] = new double[sizes[l]];
        }
    }

    /** PyTorch's default for nn.Linear: W and b ~ U(−1/√in, 1/√in). */
    public void initialize(Random rng) {
        for (int l = 0; l + 1 < sizes.length; l++) {
            double bound = 1 / Math.sqrt(sizes[l]);
            for (int i = offsets[l]; i < offsets[l + 1]; i++) {
                params[i] = (rng.nextDouble() * 2 - 1) * bound;
            }
        }
    }

    /** The parameters, live (an optimiser updates them in place). */
    public double[] params() {
        return params;
    }

    public int parameterCount() {
        return params.length;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The layers' parameter ranges: layer l's W and b are params[layerStart(l) … layerStart(l + 1)). */
    public int layerStart(int l) {
        return offsets[l];
    }

    /** Number of weight layers (sizes − 1). */
    public int layerCount() {
        return sizes.length - 1;
    }

    /** All outputs for one input vector, written into {@code out}; activations kept as by {@link #forward}. */
    public void forward(double[] input, double[] out) {
        forward(input);
        System.arraycopy(act[sizes.length - 1], 0, out, 0, out.length);
    }

    /** The (first) output for one input vector; the activations are kept for {@link #backward}. */
    public double forward(double[] input) {
        System.arraycopy(input, 0, act[0], 0, sizes[0]);
        int last = sizes.length - 1;
        for (int l = 0; l < last; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            int w = offsets[l];
            int b = w + out * in;
            double[] x = act[l];
            double[] z = pre[l + 1];
            double[] a = act[l + 1];
            for (int j = 0; j < out; j++) {
                double s = params[b + j];
                int row = w + j * in;
                for (int i = 0; i < in; i++) {
                    s += params[row + i] * x[i];
                }
                z[j] = s;
                a[j] = l + 1 < last ? activation.apply(s) : s;
            }
        }
        return act[last][0];
    }

    /** The output for a scalar input (for networks with one input). */
    public double forward(double x) {
        act[0][0] = x;
        return forward(act[0]);
    }

    /**
     * Back-propagates dL/d(output) = {@code dOut} through the last {@link #forward}: adds dL/dθ into
     * {@code grad} (when not null) and writes dL/d(input) into {@code dInput} (when not null).
     */
    public void backward(double dOut, double[] grad, double[] dInput) {
        if (outputSize() != 1) {
            throw new IllegalStateException("a network with " + outputSize() + " outputs needs one dL/d(output) each");
        }
        delta[sizes.length - 1][0] = dOut;
        backpropagate(grad, dInput);
    }

    /** As {@link #backward(double, double[], double[])} with dL/d(output_k) = {@code dOut[k]} for every output. */
    public void backward(double[] dOut, double[] grad, double[] dInput) {
        System.arraycopy(dOut, 0, delta[sizes.length - 1], 0, outputSize());
        backpropagate(grad, dInput);
    }

    private void backpropagate(double[] grad, double[] dInput) {
        int last = sizes.length - 1;
        for (int l = last - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            int w = offsets[l];
            int b = w + out * in;
            double[] d = delta[l + 1];
            if (l + 1 < last) {
                for (int j = 0; j < out; j++) {
                    d[j] *= activation.derivative(pre[l + 1][j], act[l + 1][j]);
                }
            }
            if (grad != null) {
                double[] x = act[l];
                for (int j = 0; j < out; j++) {
                    int row = w + j * in;
                    for (int i = 0; i < in; i++) {
                        grad[row + i] += d[j] * x[i];
                    }
                    grad[b + j] += d[j];
                }
            }
            if (l > 0 || dInput != null) {
                double[] prev = l > 0 ? delta[l] : dInput;
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int j = 0; j < out; j++) {
                        s += params[w + j * in + i] * d[j];
                    }
                    prev[i] = s;
                }
            }
        }
    }
}
