package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.nn.TorchRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The removal search's selector made of two readers ({@link ArithmeticEval#mean}, {@code eval ablation --select-mean}). */
class MeanReaderTest {
    private static ArithmeticEval.AttributeReader constant(List<String> attrs, float... p) {
        return new ArithmeticEval.AttributeReader() {
            @Override
            public List<String> attributes() {
                return attrs;
            }

            @Override
            public float[] probabilities(float[] images, int count, int size, int channels) {
                float[] out = new float[count * p.length];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(p, 0, out, i * p.length, p.length);
                }
                return out;
            }
        };
    }

    @Test
    void eachProbabilityIsTheMeanOfTheTwoReaders() {
        List<String> attrs = List.of("Wearing_Hat", "Brown_Hair");
        ArithmeticEval.AttributeReader m = ArithmeticEval.mean(constant(attrs, 0.9f, 0.1f), constant(attrs, 0.3f, 0.5f));
        assertEquals(attrs, m.attributes());
        assertArrayEquals(new float[] {0.6f, 0.3f, 0.6f, 0.3f}, m.probabilities(new float[2 * 3 * 4 * 4], 2, 4, 3), 1e-6f);
        try (NDManager nd = TorchRuntime.engine().newBaseManager()) {
            NDArray p = m.probabilities(nd.zeros(new Shape(2, 3, 4, 4)));
            assertArrayEquals(new float[] {0.6f, 0.3f, 0.6f, 0.3f}, p.toFloatArray(), 1e-6f);
        }
        assertFalse(m.differentiable(4, 3), "not differentiable unless both are");
        assertThrows(IllegalArgumentException.class, () -> ArithmeticEval.mean(constant(attrs, 0.5f, 0.5f),
                constant(List.of("Brown_Hair", "Wearing_Hat"), 0.5f, 0.5f)), "the same attributes in the same order");
    }
}
