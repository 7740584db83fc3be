package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;
import dev.latentlab.nn.TorchProgram;

/**
 * A reader's inference pass in bfloat16, run by the TorchScript program {@code reader_runner.pt}
 * (source: tools/torchscript/reader_runner.py), which holds no weights: {@link #load} hands it the
 * reader's folded weights, and it keeps the convolutions' as bfloat16 prepacked for oneDNN (on the
 * CPU's AMX tiles where it has them). Images go in and features and probabilities come out as
 * float32; the feature layer and the head stay float32. One owner: the {@link Classifier} whose
 * weights it copies.
 */
final class ScriptedReader implements AutoCloseable {
    private final TorchProgram program = new TorchProgram(ScriptedReader.class, "reader_runner", "scripted reader");
    private int loadedVersion = -1;

    boolean loaded(int version) {
        return loadedVersion == version;
    }

    /**
     * Copies the folded weights in: per convolution its weight, bias, stride, padding and the zero
     * input channels {@code Convolution} would append; then fc's folded weight and bias and the head's.
     */
    void load(NDArray[] ws, NDArray[] bs, long[] strides, long[] pads, long[] extra, NDArray fcW, NDArray fcB,
            NDArray outW, NDArray outB, boolean gap, boolean multiLabel, int version) {
        program.load(TorchProgram.list(ws), TorchProgram.list(bs), IValue.listFrom(strides), IValue.listFrom(pads),
                IValue.listFrom(extra), IValue.from((PtNDArray) fcW), IValue.from((PtNDArray) fcB),
                IValue.from((PtNDArray) outW), IValue.from((PtNDArray) outB), IValue.from(gap), IValue.from(multiLabel),
                IValue.from(true));
        loadedVersion = version;
    }

    /** [N, featureDim + outputs] float32 (attached to x's manager): the features, then the probabilities. */
    NDArray forward(NDArray x) {
        return program.forward(x);
    }

    @Override
    public void close() {
        program.close();
    }
}
