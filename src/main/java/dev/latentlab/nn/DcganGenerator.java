package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The DCGAN generator of Radford et al. as in pytorch/examples dcgan, with the same state_dict
 * names (main.{3i}.weight for stage i's transposed convolution, main.{3i+1}.* for its BatchNorm).
 * For 64x64 and ngf = 64:
 * <pre>
 *   z              nz x 1 x 1
 *   main.0-2       ConvT(nz, 512, 4, 1, 0) BN ReLU   → 512 x 4 x 4
 *   main.3-5       ConvT(512, 256, 4, 2, 1) BN ReLU  → 256 x 8 x 8
 *   main.6-8       ConvT(256, 128, 4, 2, 1) BN ReLU  → 128 x 16 x 16
 *   main.9-11      ConvT(128, 64, 4, 2, 1) BN ReLU   → 64 x 32 x 32
 *   main.12-13     ConvT(64, C, 4, 2, 1) Tanh        → C x 64 x 64
 * </pre>
 * 32x32 drops one stage, 128x128 adds one, 28x28 is 32x32 with padding 3 in the last layer.
 * Hidden layer i (for masks and captures) is stage i's ReLU output.
 */
public final class DcganGenerator implements GeneratorNet, SplitForward {
    static final float BN_EPS = 1e-5f;
    static final float BN_MOMENTUM = 0.9f; // DJL's convention; PyTorch's momentum 0.1

    private final NetSpec spec;
    private final ParamSet params;
    private final int stages;
    private final boolean scriptsFloat32; // see scriptsFloat32()
    private final List<LayerInfo> layers;
    // inference weights with BatchNorm folded in, rebuilt when the parameters change
    private NDManager foldedManager;
    private NDArray[] foldedW;
    private NDArray[] foldedB;
    private int foldedVersion = -1;
    // the inference pass as a TorchScript program, per precision (made on first use)
    private final java.util.EnumMap<Precision, ScriptedInference> scripted = new java.util.EnumMap<>(Precision.class);

    public DcganGenerator(NetSpec spec, NDManager manager) {
        if (spec.arch() != NetSpec.Arch.DCGAN) {
            throw new IllegalArgumentException("not a DCGAN spec: " + spec);
        }
        this.spec = spec;
        this.params = new ParamSet(manager);
        this.stages = NetSpec.dcganStages(spec.imageSize());
        this.scriptsFloat32 = java.util.Arrays.stream(spec.gWidths())
                .allMatch(cin -> Convolution.extraInputChannels(cin) == 0);
        List<LayerInfo> info = new ArrayList<>();
        int in = spec.nz();
        for (int i = 0; i < stages; i++) {
            int out = i < stages - 1 ? spec.gWidths()[i] : spec.channels();
            params.addParameter(conv(i), new Shape(in, out, 4, 4));
            if (i < stages - 1) {
                params.addParameter(bn(i) + "weight", new Shape(out));
                params.addParameter(bn(i) + "bias", new Shape(out));
                params.addBuffer(bn(i) + "running_mean", new Shape(out), 0f);
                params.addBuffer(bn(i) + "running_var", new Shape(out), 1f);
                int side = 4 << i;
                info.add(new LayerInfo(i, "stage " + (i + 1) + " (main." + (3 * i + 2) + ")", out, side, side));
            }
            in = out;
        }
        this.layers = Collections.unmodifiableList(info);
    }

    /** Stage i's transposed-convolution weight, PyTorch's layout [in, out, 4, 4] (before BatchNorm's fold). */
    public NDArray transposedWeight(int i) {
        return params.get(conv(i));
    }

    /** Stage i's padding (stride 2 for i ≥ 1; stage 0 is the 1×1 → 4×4 projection, stride 1, padding 0). */
    public int stagePadding(int i) {
        return i == 0 ? 0 : padding(i);
    }

    /** Number of transposed convolutions (4×4, then doubling to the image). */
    public int stages() {
        return stages;
    }

    static String conv(int i) {
        return "main." + 3 * i + ".weight";
    }

    static String bn(int i) {
        return "main." + (3 * i + 1) + ".";
    }

    /** N(0, 0.02) for convolutions, N(1, 0.02) for BatchNorm scales, 0 for shifts. */
    public void initialize(Random rng) {
        for (int i = 0; i < stages; i++) {
            params.fillNormal(conv(i), 0, 0.02, rng);
            if (i < stages - 1) {
                params.fillNormal(bn(i) + "weight", 1, 0.02, rng);
            }
        }
        params.touch();
    }

    @Override
    public NetSpec spec() {
        return spec;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    @Override
    public List<LayerInfo> layers() {
        return layers;
    }

    @Override
    public NDArray forward(NDArray z, boolean training, Hooks hooks) {
        if (!training) {
            return forwardFolded(z, hooks);
        }
        return preTanh(z, true, hooks).tanh();
    }

    /**
     * A plain folded pass, run by the TorchScript program: in bfloat16 (prepacked bf16 weights and
     * activations, float32 in and out), and in float32 too where the program computes exactly
     * LatentLab's own pass (see {@link #scriptsFloat32}): one native call instead of about 60, 1.2×
     * faster at batch 1 and 1.45× at batch 64 on a Sapphire Rapids core (docs/figures.md, Speed).
     */
    @Override
    public NDArray infer(NDArray z, Precision precision) {
        if (precision != Precision.BFLOAT16 && !scriptsFloat32()) {
            return forward(z, false, Hooks.none());
        }
        return scripted(precision).forward(z);
    }

    /**
     * Whether the float32 program may stand in for {@link #forward}: it calls the engine's
     * convolution directly, without {@link Convolution}'s zero channels, which matter to the forward
     * pass only for an input of more than 16 channels that is not a multiple of 16 (computed wrongly
     * by some CPUs' oneDNN). Every stage's input must need none ({@link Convolution#extraInputChannels}):
     * true of every shipped and pytorch/examples width (ngf 64 → 512, 256, 128, 64). Decided once, from the spec.
     */
    public boolean scriptsFloat32() {
        return scriptsFloat32;
    }

    /**
     * The scripted inference pass in {@code precision}, holding this generator's current folded
     * weights (reloaded after the parameters change). float32 is the same function as
     * {@link #forward} (ScriptedInferenceTest).
     */
    public synchronized ScriptedInference scripted(Precision precision) {
        ensureFolded();
        ScriptedInference s = scripted.computeIfAbsent(precision, ScriptedInference::new);
        if (!s.loaded(foldedVersion)) {
            long[] pads = new long[stages];
            for (int i = 0; i < stages; i++) {
                pads[i] = padding(i);
            }
            s.load(foldedW, foldedB, pads, foldedVersion);
        }
        return s;
    }

    /**
     * The last transposed convolution's output a, before the tanh (forward = tanh(a)); BatchNorm
     * uses batch statistics when {@code training}, else its running ones (unfolded: slower than
     * {@link #forward} at inference, and exactly the same function).
     */
    @Override
    public NDArray preTanh(NDArray z, boolean training, Hooks hooks) {
        NDArray h = TransposedConv2d.project(z, params.get(conv(0)));
        for (int i = 0; i < stages; i++) {
            if (i > 0) {
                int pad = i == stages - 1 ? spec.edgePadding() : 1;
                h = TransposedConv2d.forward(h, params.get(conv(i)), pad);
            }
            if (i < stages - 1) {
                h = BatchNorm.batchNorm(h, params.get(bn(i) + "running_mean"), params.get(bn(i) + "running_var"),
                        params.get(bn(i) + "weight"), params.get(bn(i) + "bias"), -1, BN_MOMENTUM, BN_EPS, training)
                        .singletonOrThrow();
                h = hooks.apply(i, Activation.relu(h));
            }
        }
        return h;
    }

    /**
     * Inference: BatchNorm in eval mode is an affine map per channel, so it is folded into the
     * convolution weights and a bias once, and each stage is a single convolution.
     */
    private NDArray forwardFolded(NDArray z, Hooks hooks) {
        ensureFolded();
        NDArray h = z;
        for (int i = 0; i < stages; i++) {
            h = post(i, pre(i, h), hooks);
        }
        return h;
    }

    /**
     * Stage i's pre-activation from the previous stage's activation (from z [N, nz] for i = 0):
     * the folded convolution plus its bias, [N, C_i, side_i, side_i].
     */
    private NDArray pre(int i, NDArray h) {
        if (i == 0) {
            long n = h.getShape().get(0);
            int c0 = stages > 1 ? spec.gWidths()[0] : spec.channels();
            return h.reshape(n, spec.nz()).matMul(foldedW[0]).add(foldedB[0]).reshape(n, c0, 4, 4);
        }
        return TransposedConv2d.forwardPhases(h, foldedW[i], foldedB[i], padding(i));
    }

    /** Stage i's nonlinearity: ReLU and the hooks (hidden stages), tanh (the last). */
    private NDArray post(int i, NDArray pre, Hooks hooks) {
        return i < stages - 1 ? hooks.apply(i, Activation.relu(pre)) : pre.tanh();
    }

    private int padding(int i) {
        return i == stages - 1 ? spec.edgePadding() : 1;
    }

    private void checkSplit(int layer) {
        if (layer < 0 || layer >= stages - 1) {
            throw new IllegalArgumentException("no hidden layer " + layer + " (0.." + (stages - 2) + ")");
        }
    }

    @Override
    public NDArray trunk(NDArray z, int layer, Hooks hooks) {
        checkSplit(layer);
        ensureFolded();
        NDArray h = z;
        for (int i = 0; i <= layer; i++) {
            h = post(i, pre(i, h), hooks);
        }
        return h;
    }

    @Override
    public NDArray nextPre(NDArray h, int layer) {
        checkSplit(layer);
        ensureFolded();
        return TransposedConv2d.phaseConv(h, foldedW[layer + 1], foldedB[layer + 1]);
    }

    @Override
    public NDArray contribution(NDArray h, int layer, int channel) {
        checkSplit(layer);
        ensureFolded();
        int i = layer + 1;
        // phase weight [4·C', C, 2, 2] → input channel c's slice [4·C', 1, 2, 2]; h [N, C, s, s] → [N, 1, s, s]
        NDArray w = foldedW[i].get(":, {}:{}", channel, channel + 1);
        w.attach(h.getManager()); // the view belongs to the caller's pass, not to the folded weights' manager
        return TransposedConv2d.phaseConv(h.get(":, {}:{}", channel, channel + 1), w, null);
    }

    @Override
    public NDArray fromPre(NDArray pre, int layer, Hooks hooks) {
        checkSplit(layer);
        ensureFolded();
        NDArray h = post(layer + 1, TransposedConv2d.interleave(pre, padding(layer + 1)), hooks);
        for (int i = layer + 2; i < stages; i++) {
            h = post(i, pre(i, h), hooks);
        }
        return h;
    }

    /**
     * In bfloat16 the later stages run in the scripted program ({@code from_pre}), where no hook acts
     * on them (no removed channel after the layer, nothing captured): the removal search's trials.
     */
    @Override
    public NDArray fromPre(NDArray pre, int layer, Hooks hooks, Precision precision) {
        checkSplit(layer);
        boolean later = hooks.wantsCapture() || hooks.mask().layers().entrySet().stream()
                .anyMatch(e -> e.getKey() > layer && !e.getValue().isEmpty());
        if (precision != Precision.BFLOAT16 || later) {
            return fromPre(pre, layer, hooks);
        }
        return scripted(precision).fromPre(pre, layer + 1);
    }

    private synchronized void ensureFolded() {
        if (foldedVersion == params.version()) {
            return;
        }
        NDArray[] ws = new NDArray[stages];
        NDArray[] bs = new NDArray[stages];
        NDManager fresh = FreshManager.buildUnder(params.manager(), into -> {
            // temporaries live in a scratch manager (copies of the parameters, so nothing is attached
            // to the parameters' own manager); only the results move to the new folded manager
            try (NDManager scratch = params.manager().newSubManager()) {
                for (int i = 0; i < stages; i++) {
                    NDArray wt = copy(params.get(conv(i)), scratch);
                    long cin = wt.getShape().get(0);
                    long cout = wt.getShape().get(1);
                    NDArray scale;
                    NDArray shift;
                    if (i < stages - 1) {
                        NDArray gamma = copy(params.get(bn(i) + "weight"), scratch);
                        NDArray var = copy(params.get(bn(i) + "running_var"), scratch);
                        NDArray mean = copy(params.get(bn(i) + "running_mean"), scratch);
                        scale = gamma.div(var.add(BN_EPS).sqrt());
                        shift = copy(params.get(bn(i) + "bias"), scratch).sub(mean.mul(scale));
                    } else {
                        scale = scratch.ones(new Shape(cout));
                        shift = scratch.zeros(new Shape(cout));
                    }
                    if (i == 0) {
                        // [nz, C, 4, 4] scaled per output channel → [nz, C·16]
                        ws[i] = wt.mul(scale.reshape(1, cout, 1, 1)).reshape(cin, cout * 16);
                        bs[i] = shift.reshape(cout, 1).repeat(1, 16).reshape(cout * 16);
                    } else {
                        // phase weight rows are (phase, o): row (p, o) is scaled by scale[o]
                        NDArray s4 = scale.reshape(1, cout).repeat(0, 4).reshape(4 * cout, 1, 1, 1);
                        ws[i] = TransposedConv2d.phaseWeight(wt).mul(s4);
                        bs[i] = shift.reshape(1, cout).repeat(0, 4).reshape(4 * cout);
                    }
                    ws[i] = ws[i].toType(ws[i].getDataType(), true);
                    bs[i] = bs[i].toType(bs[i].getDataType(), true);
                    ws[i].attach(into);
                    bs[i].attach(into);
                }
            }
            return into;
        });
        if (foldedManager != null) {
            foldedManager.close();
        }
        foldedManager = fresh;
        foldedW = ws;
        foldedB = bs;
        foldedVersion = params.version();
    }

    private static NDArray copy(NDArray a, NDManager into) {
        return into.create(a.toFloatArray(), a.getShape()).toDevice(a.getDevice(), false);
    }

    @Override
    public synchronized void close() {
        scripted.values().forEach(ScriptedInference::close);
        scripted.clear();
        if (foldedManager != null) {
            foldedManager.close();
        }
        params.close();
    }
}
