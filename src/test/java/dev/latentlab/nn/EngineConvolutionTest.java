package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * D's convolutions as the networks run them ({@link Convolution}): a conv → LeakyReLU chain ending in
 * a one-output head, whose first weight's gradient passes back through every layer's ∂/∂input. On an
 * AMD EPYC of family 26 libtorch 2.7.1's own convolution gave −0.00230 (2 threads) or +5.2e-5 (1
 * thread) for the first element, where torch 1.13 and float64 finite differences give −0.0020159, and
 * the classic training step went NaN; through {@link Convolution} it is exact there too.
 */
class EngineConvolutionTest {
    @Test
    void gradientsThroughTheHeadAndSmallConvolutionsMatchTorch() throws Exception {
        JsonArray want = JsonParser.parseString(Files.readString(Fixtures.path("stable/engine_check.json")))
                .getAsJsonObject().getAsJsonArray("grad0");
        float[] expected = new float[want.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = want.get(i).getAsFloat();
        }
        Map<String, Npy.Array> z = Npy.readNpz(Fixtures.path("stable/sn_d.npz"));
        String[] names = {"main.0", "main.2", "main.5", "main.8"};
        float diff;
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray x = m.create(Fixtures.npy("stable/sn_x.npy").data(), new Shape(4, 3, 32, 32));
            NDArray r = m.create(Fixtures.npy("stable/sn_r.npy").data());
            NDArray[] w = new NDArray[names.length];
            for (int j = 0; j < w.length; j++) {
                Npy.Array a = z.get(names[j] + ".weight_orig");
                w[j] = m.create(a.data(), new Shape(a.shape()));
                w[j].setRequiresGradient(true);
                ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) w[j]);
            }
            TorchRuntime.COLLECTOR_LOCK.lock();
            try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                NDArray h = x;
                for (int j = 0; j < w.length; j++) {
                    boolean last = j == w.length - 1;
                    h = Convolution.conv2d(h, w[j], null, last ? 1 : 2, last ? 0 : 1);
                    if (!last) {
                        h = Activation.leakyRelu(h, 0.2f);
                    }
                }
                gc.backward(h.reshape(4).mul(r).sum());
            } finally {
                TorchRuntime.COLLECTOR_LOCK.unlock();
            }
            diff = Fixtures.maxAbsDiff(expected, w[0].getGradient().toFloatArray());
        }
        assertTrue(diff < 1e-6, "∂/∂main.0.weight differs from torch's by " + diff);
    }

    @Test
    void aConvolutionOf24InputChannelsMatchesTorch() throws Exception {
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            Npy.Array x = Fixtures.npy("stable/engine_fwd_x.npy");
            Npy.Array w = Fixtures.npy("stable/engine_fwd_w.npy");
            float[] y = Convolution.conv2d(m.create(x.data(), new Shape(x.shape())), m.create(w.data(), new Shape(w.shape())),
                    null, 2, 1).toFloatArray();
            float diff = Fixtures.maxAbsDiff(Fixtures.npy("stable/engine_fwd_y.npy").data(), y);
            assertTrue(diff < 1e-4, "the 24-channel convolution differs from torch's by " + diff);
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }
}
