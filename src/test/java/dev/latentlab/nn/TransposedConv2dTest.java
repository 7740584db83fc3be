package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TransposedConv2dTest {

    private static NDArray nd(NDManager m, Npy.Array a) {
        return m.create(a.data(), new Shape(a.shape()));
    }

    @ParameterizedTest(name = "{0}: stride 2, padding {1} matches torch conv_transpose2d")
    @CsvSource({"s2p1, 1", "s2p1b, 1", "s2p3, 3"})
    void phaseConvolutionMatchesPyTorch(String name, int padding) {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            Npy.Array x = Fixtures.npy("convt/" + name + "_x.npy");
            Npy.Array w = Fixtures.npy("convt/" + name + "_w.npy");
            Npy.Array y = Fixtures.npy("convt/" + name + "_y.npy");
            NDArray out = TransposedConv2d.forward(nd(m, x), nd(m, w), padding);
            assertArrayEquals(y.shape(), out.getShape().getShape());
            float diff = Fixtures.maxAbsDiff(y.data(), out.toFloatArray());
            assertTrue(diff < 1e-4, "max |difference| " + diff);
        }
    }

    @Test
    void firstLayerIsALinearMapOfZ() {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            Npy.Array x = Fixtures.npy("convt/first_x.npy");
            Npy.Array w = Fixtures.npy("convt/first_w.npy");
            Npy.Array y = Fixtures.npy("convt/first_y.npy");
            NDArray out = TransposedConv2d.project(nd(m, x), nd(m, w));
            assertArrayEquals(y.shape(), out.getShape().getShape());
            assertTrue(Fixtures.maxAbsDiff(y.data(), out.toFloatArray()) < 1e-4);
        }
    }

    @Test
    void gradientsFlowThroughThePhaseWeight() {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            Npy.Array x = Fixtures.npy("convt/s2p1_x.npy");
            NDArray w = nd(m, Fixtures.npy("convt/s2p1_w.npy"));
            w.setRequiresGradient(true);
            try (var gc = TorchRuntime.engine().newGradientCollector()) {
                NDArray out = TransposedConv2d.forward(nd(m, x), w, 1);
                gc.backward(out.sum());
            }
            // d(sum y)/dWt[i, o, u, v] = sum over positions of x[i] hitting tap (u, v): non-zero everywhere
            float[] g = w.getGradient().toFloatArray();
            int nonZero = 0;
            for (float v : g) {
                if (v != 0) {
                    nonZero++;
                }
            }
            assertTrue(nonZero == g.length, "every weight receives a gradient, got " + nonZero + "/" + g.length);
        }
    }
}
