package dev.latentlab.eval;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import dev.latentlab.nn.TorchPrograms;
import dev.latentlab.nn.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A reader's inference pass in bfloat16, run by the TorchScript program {@code reader_runner.pt}
 * (source: tools/torchscript/reader_runner.py), which holds no weights: {@link #load} hands it the
 * reader's folded weights, and it keeps the convolutions' as bfloat16 prepacked for oneDNN (on the
 * CPU's AMX tiles where it has them). Images go in and features and probabilities come out as
 * float32; the feature layer and the head stay float32. One owner: the {@link Classifier} whose
 * weights it copies.
 */
final class ScriptedReader implements AutoCloseable {
    private static final String RESOURCE = "reader_runner.pt";

    private final Model model;
    private final PtSymbolBlock block;
    private int loadedVersion = -1;

    ScriptedReader() {
        TorchRuntime.engine();
        Path file = TorchPrograms.file(ScriptedReader.class, RESOURCE);
        model = Model.newInstance("reader_runner", TorchRuntime.device(), "PyTorch");
        try {
            model.load(file.getParent(), "reader_runner");
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("could not load the scripted reader program (" + file + "): "
                    + e.getMessage(), e);
        }
        block = (PtSymbolBlock) model.getBlock();
    }

    boolean loaded(int version) {
        return loadedVersion == version;
    }

    /**
     * Copies the folded weights in: per convolution its weight, bias, stride, padding and the zero
     * input channels {@code Convolution} would append; then fc's folded weight and bias and the head's.
     */
    void load(NDArray[] ws, NDArray[] bs, long[] strides, long[] pads, long[] extra, NDArray fcW, NDArray fcB,
            NDArray outW, NDArray outB, boolean gap, boolean multiLabel, int version) {
        PtNDArray[] w = new PtNDArray[ws.length];
        PtNDArray[] b = new PtNDArray[bs.length];
        for (int i = 0; i < ws.length; i++) {
            w[i] = (PtNDArray) ws[i];
            b[i] = (PtNDArray) bs[i];
        }
        IValue[] args = {IValue.listFrom(w), IValue.listFrom(b), IValue.listFrom(strides), IValue.listFrom(pads),
            IValue.listFrom(extra), IValue.from((PtNDArray) fcW), IValue.from((PtNDArray) fcB),
            IValue.from((PtNDArray) outW), IValue.from((PtNDArray) outB), IValue.from(gap), IValue.from(multiLabel),
            IValue.from(true)};
        try {
            IValueUtils.runMethod(block, "load", args).close();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
        loadedVersion = version;
    }

    /** [N, featureDim + outputs] float32 (attached to x's manager): the features, then the probabilities. */
    NDArray forward(NDArray x) {
        NDManager into = x.getManager();
        IValue in = IValue.from((PtNDArray) x);
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
