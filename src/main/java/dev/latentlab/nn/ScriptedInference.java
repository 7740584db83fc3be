package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * A DCGAN generator's inference pass run by the TorchScript program {@code dcgan_runner.pt}
 * (source: tools/torchscript/dcgan_runner.py), which holds no weights: {@link #load} hands it the
 * generator's folded weights and it keeps its own copies, in bfloat16 when asked (then oneDNN runs
 * the convolutions on the CPU's AMX tiles, with the weights prepacked once). z goes in and images
 * come out as float32, so no bfloat16 array ever crosses DJL's JNI (which has no bfloat16 type).
 * One owner: the {@link DcganGenerator} whose weights it copies.
 */
public final class ScriptedInference implements AutoCloseable {
    private final TorchProgram program;
    private final Precision precision;
    private int loadedVersion = -1;

    public ScriptedInference(Precision precision) {
        this.precision = precision;
        this.program = new TorchProgram(ScriptedInference.class, "dcgan_runner", "scripted generator");
    }

    /** Whether weights of this parameter version are loaded. */
    public boolean loaded(int version) {
        return loadedVersion == version;
    }

    /**
     * Copies the folded weights into the program (cast to bfloat16 there when this runs in
     * bfloat16): {@code mats[0]} [nz, C0·16] and {@code biases[0]} [C0·16], then per stage the
     * phase weight [4·C, C_prev, 2, 2] and bias [4·C]; {@code pads} per stage.
     */
    public void load(NDArray[] mats, NDArray[] biases, long[] pads, int version) {
        program.load(TorchProgram.list(mats), TorchProgram.list(biases), IValue.listFrom(pads),
                IValue.from(precision == Precision.BFLOAT16));
        loadedVersion = version;
    }

    /** Images [N, C, H, W] (float32, attached to z's manager) for z [N, nz] float32; autograd as the caller set it. */
    public NDArray forward(NDArray z) {
        return program.forward(z);
    }

    /**
     * Images [N, C, H, W] (float32, attached to pre's manager) from stage {@code stage}'s
     * pre-activation in the phase layout [N, 4·C, H+1, W+1] float32 ({@link SplitForward#nextPre}):
     * that stage's interleave and activation in float32, the later stages in this program's precision.
     */
    public NDArray fromPre(NDArray pre, int stage) {
        return program.call("from_pre", pre, stage);
    }

    @Override
    public void close() {
        program.close();
    }
}
