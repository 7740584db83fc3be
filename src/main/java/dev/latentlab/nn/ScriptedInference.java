package dev.latentlab.nn;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A DCGAN generator's inference pass run by the TorchScript program {@code dcgan_runner.pt}
 * (source: tools/torchscript/dcgan_runner.py), which holds no weights: {@link #load} hands it the
 * generator's folded weights and it keeps its own copies, in bfloat16 when asked (then oneDNN runs
 * the convolutions on the CPU's AMX tiles). z goes in and images come out as float32, so no
 * bfloat16 array ever crosses DJL's JNI (which has no bfloat16 type). One owner: the
 * {@link DcganGenerator} whose weights it copies; not for concurrent use.
 */
public final class ScriptedInference implements AutoCloseable {
    private static final String RESOURCE = "dcgan_runner.pt";

    private final Model model;
    private final PtSymbolBlock block;
    private final Precision precision;
    private int loadedVersion = -1;

    public ScriptedInference(Precision precision) {
        TorchRuntime.engine();
        this.precision = precision;
        Path file = TorchPrograms.file(ScriptedInference.class, RESOURCE);
        model = Model.newInstance("dcgan_runner", TorchRuntime.device(), "PyTorch");
        try {
            model.load(file.getParent(), "dcgan_runner");
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("could not load the scripted generator program (" + file + "): "
                    + e.getMessage(), e);
        }
        block = (PtSymbolBlock) model.getBlock();
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
        PtNDArray[] m = new PtNDArray[mats.length];
        PtNDArray[] b = new PtNDArray[biases.length];
        for (int i = 0; i < mats.length; i++) {
            m[i] = (PtNDArray) mats[i];
            b[i] = (PtNDArray) biases[i];
        }
        IValue im = IValue.listFrom(m);
        IValue ib = IValue.listFrom(b);
        IValue ip = IValue.listFrom(pads);
        IValue ibf = IValue.from(precision == Precision.BFLOAT16);
        try {
            IValue r = IValueUtils.runMethod(block, "load", im, ib, ip, ibf);
            r.close();
        } finally {
            im.close();
            ib.close();
            ip.close();
            ibf.close();
        }
        loadedVersion = version;
    }

    /** Images [N, C, H, W] (float32, attached to z's manager) for z [N, nz] float32; autograd as the caller set it. */
    public NDArray forward(NDArray z) {
        NDManager into = z.getManager();
        IValue in = IValue.from((PtNDArray) z);
        try {
            IValue out = block.forward(in);
            try {
                return out.toTensor((PtNDManager) into);
            } finally {
                out.close();
            }
        } finally {
            in.close();
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
