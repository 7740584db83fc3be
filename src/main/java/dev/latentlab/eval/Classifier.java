package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.latentlab.nn.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.latentlab.nn.FreshManager;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.ModelShapeException;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.Precision;
import dev.latentlab.nn.TorchRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * A small CNN that tells what is in an image: attributes of a face or the class of a digit.
 * <pre>
 *   x                          C x S x S in [-1, 1]
 *   conv{i}  bn{i}  ReLU       3x3 convolutions, padding 1, stride convStrides[i], no bias
 *                              (the patch design's first: 8x8, stride 8, no padding)
 *   flatten (or, head "gap", the mean over positions)
 *   fc (no bias), bnf, ReLU    → featureDim             ← {@link #features}: the penultimate layer
 *   out                        featureDim → outputs (logits)
 * </pre>
 * Built from DJL's static operators over a {@link ParamSet}, like the GAN networks. Inference
 * through {@link #run} is plain Java in and out: autograd off, one sub-manager per call.
 */
public final class Classifier implements AutoCloseable {
    public static final String INFO = "classifier.json";
    public static final String WEIGHTS = "classifier.npz";
    static final float BN_EPS = 1e-5f;
    static final float BN_MOMENTUM = 0.9f; // DJL's convention (running = 0.9·running + 0.1·batch)

    private final ClassifierInfo info;
    private final NDManager manager;
    private final ParamSet params;
    private final int convs;
    private final NDManager owned; // a base manager opened for this classifier, or null
    private Path path;
    // inference weights with BatchNorm folded in ({weight, bias} per convolution, then fc)
    private NDManager foldedManager;
    private NDArray[][] folded;
    private int foldedVersion = -1;
    private ScriptedReader scripted; // the bfloat16 pass, made on first use
    private int bf16CheckedVersion = -1; // the weights bfloat16Agrees last checked
    private boolean bf16Agrees;

    /**
     * The largest difference between the bfloat16 and the float32 pass's features, as a share of the
     * float32 features' largest value, that still counts as the same reading (bfloat16's own rounding
     * gives a few hundredths).
     */
    static final double BF16_TOLERANCE = 0.1;

    /** A network of {@code info}'s shape with zero weights; {@link #initialize} or {@link #load} them. */
    public Classifier(ClassifierInfo info, NDManager parent) {
        this(info, parent, null);
    }

    private Classifier(ClassifierInfo info, NDManager parent, NDManager owned) {
        this.info = info;
        this.owned = owned;
        this.manager = parent.newSubManager();
        this.params = new ParamSet(manager);
        this.convs = info.convWidths.length;
        int in = info.channels;
        for (int i = 0; i < convs; i++) {
            int out = info.convWidths[i];
            params.addParameter("conv" + i + ".weight", new Shape(out, in, info.kernel(i), info.kernel(i)));
            batchNormParams("bn" + i + ".", out);
            in = out;
        }
        int side = info.globalPool() ? 1 : info.finalSide();
        params.addParameter("fc.weight", new Shape(info.featureDim, (long) in * side * side));
        batchNormParams("bnf.", info.featureDim);
        params.addParameter("out.weight", new Shape(info.outputs.size(), info.featureDim));
        params.addParameter("out.bias", new Shape(info.outputs.size()));
    }

    private void batchNormParams(String prefix, int n) {
        params.addParameter(prefix + "weight", new Shape(n));
        params.addParameter(prefix + "bias", new Shape(n));
        params.addBuffer(prefix + "running_mean", new Shape(n), 0f);
        params.addBuffer(prefix + "running_var", new Shape(n), 1f);
    }

    /** He initialisation for the weights (N(0, 2 / fan_in)), BatchNorm γ = 1, β = 0, biases 0. */
    public void initialize(Random rng) {
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            String name = e.getKey();
            NDArray a = e.getValue();
            float[] v = new float[(int) a.size()];
            if (name.endsWith(".weight") && (name.startsWith("conv") || name.startsWith("fc") || name.startsWith("out"))) {
                long fanIn = a.size() / a.getShape().get(0);
                double std = Math.sqrt((name.startsWith("out") ? 1.0 : 2.0) / fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (std * rng.nextGaussian());
                }
            } else if (name.endsWith(".weight") || name.endsWith("running_var")) {
                java.util.Arrays.fill(v, 1f);
            }
            a.set(v);
        }
        params.touch();
    }

    public ClassifierInfo info() {
        return info;
    }

    public ParamSet params() {
        return params;
    }

    public NDManager manager() {
        return manager;
    }

    /** The folder it was loaded from or saved to, or null. */
    public Path path() {
        return path;
    }

    public int featureDim() {
        return info.featureDim;
    }

    public int outputs() {
        return info.outputs.size();
    }

    /** The penultimate layer, (N, featureDim), for images (N, C, S, S) of the input size. */
    public NDArray features(NDArray x, boolean training) {
        if (!training) {
            return foldedFeatures(x);
        }
        NDArray h = x;
        long n = x.getShape().get(0);
        for (int i = 0; i < convs; i++) {
            int s = info.convStrides[i];
            h = Convolution.conv2d(h, params.get("conv" + i + ".weight"), null, s, info.padding(i));
            h = Activation.relu(batchNorm(h, "bn" + i + ".", training));
        }
        h = Linear.linear(flatten(h, n), params.get("fc.weight")).singletonOrThrow();
        return Activation.relu(batchNorm(h, "bnf.", training));
    }

    /** The last feature map as fc's input: (N, C·s·s), or with head "gap" the mean over positions, (N, C). */
    private NDArray flatten(NDArray h, long n) {
        return info.globalPool() ? h.reshape(n, h.getShape().get(1), -1).mean(new int[] {2}) : h.reshape(n, -1);
    }

    /**
     * Inference: BatchNorm in eval mode is an affine map per channel, folded into the weights
     * before it and a bias (W'[o] = W[o]·γ/√(var+ε), b' = β − mean·γ/√(var+ε)), so each layer
     * is one convolution (or matrix product) and a ReLU.
     */
    private NDArray foldedFeatures(NDArray x) {
        NDArray[][] f = folded();
        NDArray h = x;
        long n = x.getShape().get(0);
        for (int i = 0; i < convs; i++) {
            int s = info.convStrides[i];
            h = Activation.relu(Convolution.conv2d(h, f[i][0], f[i][1], s, info.padding(i)));
        }
        return Activation.relu(Linear.linear(flatten(h, n), f[convs][0], f[convs][1]).singletonOrThrow());
    }

    /** {weight, bias} of each convolution and of fc with BatchNorm folded in, rebuilt when the parameters change. */
    private synchronized NDArray[][] folded() {
        if (foldedVersion == params.version()) {
            return folded;
        }
        NDManager fresh = manager.newSubManager();
        NDArray[][] f = new NDArray[convs + 1][];
        try {
            for (int i = 0; i <= convs; i++) {
                String w = i < convs ? "conv" + i + ".weight" : "fc.weight";
                String bn = i < convs ? "bn" + i + "." : "bnf.";
                f[i] = fold(params, w, bn, fresh);
            }
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        if (foldedManager != null) {
            foldedManager.close();
        }
        foldedManager = fresh;
        folded = f;
        foldedVersion = params.version();
        return f;
    }

    /** {W·scale per output row, shift} from plain copies of the parameters (nothing attached to them). */
    private static NDArray[] fold(ParamSet params, String weight, String bn, NDManager into) {
        float[] gamma = params.get(bn + "weight").toFloatArray();
        float[] beta = params.get(bn + "bias").toFloatArray();
        float[] mean = params.get(bn + "running_mean").toFloatArray();
        float[] var = params.get(bn + "running_var").toFloatArray();
        NDArray wa = params.get(weight);
        float[] w = wa.toFloatArray();
        int rows = gamma.length;
        int per = w.length / rows;
        float[] bias = new float[rows];
        for (int o = 0; o < rows; o++) {
            float scale = (float) (gamma[o] / Math.sqrt(var[o] + BN_EPS));
            bias[o] = beta[o] - mean[o] * scale;
            for (int j = 0; j < per; j++) {
                w[o * per + j] *= scale;
            }
        }
        return new NDArray[] {into.create(w, wa.getShape()).toDevice(wa.getDevice(), false),
            into.create(bias, new Shape(rows)).toDevice(wa.getDevice(), false)};
    }

    /** Logits from features: (N, outputs). */
    public NDArray head(NDArray features) {
        return Linear.linear(features, params.get("out.weight"), params.get("out.bias")).singletonOrThrow();
    }

    public NDArray logits(NDArray x, boolean training) {
        return head(features(x, training));
    }

    private NDArray batchNorm(NDArray h, String prefix, boolean training) {
        return BatchNorm.batchNorm(h, params.get(prefix + "running_mean"), params.get(prefix + "running_var"),
                params.get(prefix + "weight"), params.get(prefix + "bias"), 1, BN_MOMENTUM, BN_EPS, training)
                .singletonOrThrow();
    }

    /** Features and output probabilities of a batch, as plain arrays (row-major, one row per image). */
    public record Outputs(int count, int featureDim, float[] features, int outputs, float[] probabilities) {
        public float probability(int image, int output) {
            return probabilities[image * outputs + output];
        }

        /** Index of the largest probability of an image. */
        public int argMax(int image) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (probabilities[image * outputs + k] > probabilities[image * outputs + best]) {
                    best = k;
                }
            }
            return best;
        }
    }

    /**
     * Runs images (NCHW floats in [-1, 1], {@code count} × channels × size × size) through the
     * network in inference mode. Images larger than the input are centre-cropped, smaller ones
     * padded with −1 (black), so a 32×32 digit model reads as 28×28.
     */
    public Outputs run(float[] images, int count, int size, int channels) {
        return run(images, count, size, channels, Precision.current());
    }

    /**
     * The same in a given precision: float32 is LatentLab's own folded pass; bfloat16 the scripted
     * program (the convolutions in bfloat16, features and head in float32).
     */
    public Outputs run(float[] images, int count, int size, int channels, Precision precision) {
        float[] x = adapt(images, count, size, channels);
        int s = info.inputSize;
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = manager.newSubManager()) {
            NDArray xs = call.create(x, new Shape(count, info.channels, s, s));
            return readsInBfloat16(precision) ? runScripted(xs, count) : runFloat32(xs, count);
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    private Outputs runFloat32(NDArray xs, int count) {
        NDArray f = features(xs, false);
        NDArray logits = head(f);
        NDArray p = info.multiLabel() ? Activation.sigmoid(logits) : logits.softmax(1);
        return new Outputs(count, info.featureDim, f.toFloatArray(), outputs(), p.toFloatArray());
    }

    private Outputs runScripted(NDArray xs, int count) {
        float[] both = scripted().forward(xs).toFloatArray();
        int d = info.featureDim;
        int k = outputs();
        float[] f = new float[count * d];
        float[] p = new float[count * k];
        for (int i = 0; i < count; i++) {
            System.arraycopy(both, i * (d + k), f, i * d, d);
            System.arraycopy(both, i * (d + k) + d, p, i * k, k);
        }
        return new Outputs(count, d, f, k, p);
    }

    /**
     * Whether this reader's bfloat16 pass reads as its float32 pass on this CPU, checked once per
     * weights on 8 seeded patterned images; where it does not, {@link #run} reads in float32 and says
     * so once on stderr. {@code --precision auto}'s probe checks a generator's shapes only, and a CPU's
     * engine can get a reader's shapes wrong alone (AMD EPYC family 26 did, for the second reader's
     * 24-channel layer, before the program padded it: probabilities off by 0.1 on average).
     */
    public boolean bfloat16Agrees() {
        return bfloat16Agrees(BF16_TOLERANCE);
    }

    /** The same with a given tolerance (the result is kept for these weights: the tests make it fail). */
    synchronized boolean bfloat16Agrees(double tolerance) {
        if (bf16CheckedVersion == params.version()) {
            return bf16Agrees;
        }
        int n = 8;
        int s = info.inputSize;
        int c = info.channels;
        float[] x = new float[n * c * s * s];
        java.util.Random r = new java.util.Random(16);
        for (int i = 0; i < n; i++) { // smooth stripes and blobs: features a reader responds to, unlike noise
            for (int ch = 0; ch < c; ch++) {
                double a = r.nextGaussian() * 0.3;
                double b = r.nextGaussian() * 0.3;
                double phase = r.nextDouble() * 6.3;
                for (int y = 0; y < s; y++) {
                    for (int xx = 0; xx < s; xx++) {
                        x[((i * c + ch) * s + y) * s + xx] = (float) Math.sin(a * y + b * xx + phase);
                    }
                }
            }
        }
        boolean grad = TorchRuntime.disableGrad();
        double d;
        try (NDManager call = manager.newSubManager()) {
            NDArray xs = call.create(x, new Shape(n, c, s, s));
            d = dev.latentlab.nn.PrecisionProbe.relativeDifference(runFloat32(xs, n).features(),
                    runScripted(xs, n).features());
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
        bf16Agrees = d <= tolerance;
        bf16CheckedVersion = params.version();
        if (!bf16Agrees) {
            System.err.printf(java.util.Locale.ROOT, "LatentLab: reader %s: its bfloat16 pass differs from float32 on "
                    + "this CPU by %.3f of its features' range; it reads in float32%n",
                    path == null ? info.kind : path.getFileName(), d);
        }
        return bf16Agrees;
    }

    /**
     * The bfloat16 pass (the process precision is bfloat16 only where auto measured it right and
     * faster, or the user asked): the scripted program with this reader's current folded weights.
     * Evaluations run float32 by default, and then never come here.
     */
    private synchronized ScriptedReader scripted() {
        NDArray[][] f = folded();
        if (scripted == null) {
            scripted = new ScriptedReader();
        }
        if (!scripted.loaded(foldedVersion)) {
            NDArray[] ws = new NDArray[convs];
            NDArray[] bs = new NDArray[convs];
            long[] strides = new long[convs];
            long[] pads = new long[convs];
            long[] extra = new long[convs];
            for (int i = 0; i < convs; i++) {
                ws[i] = f[i][0];
                bs[i] = f[i][1];
                strides[i] = info.convStrides[i];
                pads[i] = info.padding(i);
                extra[i] = Convolution.extraInputChannels(ws[i].getShape().get(1));
            }
            scripted.load(ws, bs, strides, pads, extra, f[convs][0], f[convs][1], params.get("out.weight"),
                    params.get("out.bias"), info.globalPool(), info.multiLabel(), foldedVersion);
        }
        return scripted;
    }

    /**
     * Output probabilities [N, outputs] of images already in an NDArray [N, C, S, S] of the input
     * size, for callers that keep a pass native end to end (the removal search). Inference mode;
     * the caller owns x's manager (the result lives there) and sets the thread's grad mode.
     */
    public NDArray probabilities(NDArray x) {
        NDArray logits = head(features(x, false));
        return info.multiLabel() ? Activation.sigmoid(logits) : logits.softmax(1);
    }

    /**
     * The same in a given precision, for passes no gradient goes through: in bfloat16 (where this
     * reader's bfloat16 pass agrees with float32, {@link #bfloat16Agrees}) the scripted program reads
     * them; else {@link #probabilities(NDArray)}.
     */
    public NDArray probabilities(NDArray x, Precision precision) {
        if (!readsInBfloat16(precision)) {
            return probabilities(x);
        }
        // the program returns [N, features + outputs]: the outputs are the last columns
        return scripted().forward(x).get(new ai.djl.ndarray.index.NDIndex(":, {}:", info.featureDim));
    }

    /** Whether a reading asked for in {@code precision} runs the scripted bfloat16 pass: asked, and right here. */
    private boolean readsInBfloat16(Precision precision) {
        return precision == Precision.BFLOAT16 && bfloat16Agrees();
    }

    /** Whether {@link #probabilities(NDArray)} reads images of this shape as they are (no crop or pad). */
    public boolean readsAsIs(int size, int channels) {
        return size == info.inputSize && channels == info.channels;
    }

    /** Crops or pads images of side {@code size} to the input size (centred); checks the channels. */
    public float[] adapt(float[] images, int count, int size, int channels) {
        if (channels != info.channels) {
            throw new IllegalArgumentException("the " + info.kind + " classifier reads " + describeInput()
                    + " images, not " + (channels == 1 ? "gray" : channels + "-channel") + " ones");
        }
        int per = channels * size * size;
        if (images.length != (long) count * per) {
            throw new IllegalArgumentException(images.length + " values is not " + count + " images of " + channels
                    + "×" + size + "×" + size);
        }
        int t = info.inputSize;
        if (size == t) {
            return images;
        }
        float[] out = new float[count * channels * t * t];
        java.util.Arrays.fill(out, -1f);
        int off = (size - t) / 2; // > 0: crop; < 0: pad
        for (int n = 0; n < count; n++) {
            for (int c = 0; c < channels; c++) {
                int src = (n * channels + c) * size * size;
                int dst = (n * channels + c) * t * t;
                for (int y = 0; y < t; y++) {
                    int sy = y + off;
                    if (sy < 0 || sy >= size) {
                        continue;
                    }
                    for (int x = 0; x < t; x++) {
                        int sx = x + off;
                        if (sx >= 0 && sx < size) {
                            out[dst + y * t + x] = images[src + sy * size + sx];
                        }
                    }
                }
            }
        }
        return out;
    }

    public String describeInput() {
        return info.inputSize + "×" + info.inputSize + (info.channels == 1 ? " gray" : " RGB");
    }

    // ---- files ----

    /** Opens a classifier folder (classifier.json + classifier.npz) with its own manager. */
    public static Classifier open(Path dir) {
        Path json = Files.isDirectory(dir) ? dir.resolve(INFO) : dir;
        Path folder = json.toAbsolutePath().getParent();
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(dir + " is not a classifier folder: it has no " + INFO);
        }
        ClassifierInfo info;
        try {
            info = ClassifierInfo.parse(Files.readString(json, StandardCharsets.UTF_8), json.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(json + " cannot be read: " + e.getMessage(), e);
        }
        ClassifierInfo read = info;
        return FreshManager.build(base -> {
            Classifier c = new Classifier(read, base, base);
            c.load(folder.resolve(WEIGHTS));
            c.path = folder;
            return c;
        });
    }

    /** Loads weights from an .npz written by {@link #save}. */
    public void load(Path npz) {
        if (!Files.isRegularFile(npz)) {
            throw new IllegalArgumentException(npz + " is missing");
        }
        Map<String, Npy.Array> arrays;
        try {
            arrays = Npy.readNpz(npz);
        } catch (IOException e) {
            throw new IllegalArgumentException(npz + " is corrupt or truncated: " + e.getMessage(), e);
        }
        try {
            params.load(arrays, npz.toString());
        } catch (ModelShapeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Writes classifier.npz, then classifier.json (each atomically). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        info.parameters = params.parameterCount();
        Npy.writeNpz(dir.resolve(WEIGHTS), params.toArrays());
        AtomicFiles.writeString(dir.resolve(INFO), info.toJson());
        path = dir;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (scripted != null) {
                scripted.close();
                scripted = null;
            }
        }
        manager.close();
        if (owned != null) {
            owned.close();
        }
    }
}
