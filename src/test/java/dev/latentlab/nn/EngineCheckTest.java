package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The check's reference is right where the engine is: through Convolution it agrees on every machine. */
class EngineCheckTest {
    @Test
    void theReferenceLoopIsTheConvolutionAndTheVerdictIsConsistent() {
        float worst = EngineCheck.measure();
        assertEquals(worst < 1e-4, EngineCheck.convolutionsSound(), "the verdict is the measurement's");
        assertTrue(EngineCheck.advice().contains("ONEDNN_MAX_CPU_ISA"));
        // the same convolution through LatentLab's door matches the loop whatever the machine
        java.util.Random r = new java.util.Random(26);
        float[] x = new float[2 * 24 * 8 * 8];
        float[] w = new float[16 * 24 * 9];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * r.nextGaussian());
        }
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            float[] door = Convolution.conv2d(m.create(x, new Shape(2, 24, 8, 8)), m.create(w, new Shape(16, 24, 3, 3)),
                    null, 1, 1).toFloatArray();
            double sum = 0;
            for (int c = 0; c < 24; c++) {
                for (int di = 0; di < 3; di++) {
                    for (int dj = 0; dj < 3; dj++) {
                        int ii = 3 + di - 1;
                        int jj = 5 + dj - 1;
                        sum += x[(c * 8 + ii) * 8 + jj] * w[((7 * 24 + c) * 3 + di) * 3 + dj];
                    }
                }
            }
            assertEquals(sum, door[(7 * 8 + 3) * 8 + 5], 1e-4, "output (image 0, filter 7, row 3, column 5)");
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }
}
