package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.Precision;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers' bfloat16 pass (the scripted program, used where the process runs in bfloat16) reads
 * the shipped faces model's samples as float32 does: the same decisions, probabilities within a few
 * hundredths, features close; the 24-channel layer of the second reader included (zero channels).
 */
class ScriptedReaderTest {
    @ParameterizedTest
    @ValueSource(strings = {"classifier-faces", "classifier-faces-b", "classifier-faces-c"})
    void bfloat16ReadsTheSameFacesAsFloat32(String reader) throws Exception {
        Path root = Classifiers.locate(ClassifierInfo.Kind.FACES).getParent();
        int n = 64;
        float[] z = new float[n * 100];
        Random r = new Random(5);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        try (GanModel m = ModelStore.open(root.resolve("faces64")); Classifier c = Classifier.open(root.resolve(reader))) {
            Generated g = m.generate(z, n);
            Classifier.Outputs f = c.run(g.images(), n, g.height(), g.channels(), Precision.FLOAT32);
            Classifier.Outputs b = c.run(g.images(), n, g.height(), g.channels(), Precision.BFLOAT16);
            assertEquals(f.probabilities().length, b.probabilities().length);
            assertEquals(f.features().length, b.features().length);
            double max = 0;
            double mean = 0;
            int agree = 0;
            for (int i = 0; i < f.probabilities().length; i++) {
                double d = Math.abs(f.probabilities()[i] - b.probabilities()[i]);
                max = Math.max(max, d);
                mean += d / f.probabilities().length;
                agree += (f.probabilities()[i] >= 0.5) == (b.probabilities()[i] >= 0.5) ? 1 : 0;
            }
            assertTrue(max > 0, "bfloat16 really ran (not float32's numbers to the bit)");
            assertTrue(mean < 0.01, "mean |p difference| " + mean);
            assertTrue(max < 0.15, "max |p difference| " + max);
            assertTrue(agree >= 0.98 * f.probabilities().length, agree + " of " + f.probabilities().length
                    + " decisions agree");
            // the removal search's path: images already in an NDArray, read in either precision
            boolean grad = dev.latentlab.nn.TorchRuntime.disableGrad();
            try (ai.djl.ndarray.NDManager nm = dev.latentlab.nn.TorchRuntime.engine().newBaseManager()) {
                ai.djl.ndarray.NDArray xs = nm.create(g.images(), new ai.djl.ndarray.types.Shape(n, 3, 64, 64));
                org.junit.jupiter.api.Assertions.assertArrayEquals(f.probabilities(),
                        c.probabilities(xs, Precision.FLOAT32).toFloatArray(), 1e-5f, "float32: the plain reading");
                org.junit.jupiter.api.Assertions.assertArrayEquals(b.probabilities(),
                        c.probabilities(xs, Precision.BFLOAT16).toFloatArray(), 1e-5f,
                        "bfloat16: the scripted reading (its outputs, not its features)");
            } finally {
                dev.latentlab.nn.TorchRuntime.restoreGrad(grad);
            }
        }
    }

    /** Each shipped reader's own check on this CPU: on AMD EPYC family 26 it failed for -b with the unpadded program. */
    @ParameterizedTest
    @ValueSource(strings = {"classifier-faces", "classifier-faces-b", "classifier-faces-c", "classifier-digits"})
    void theReadersOwnBfloat16CheckPassesOnThisCpu(String reader) {
        Path root = Classifiers.locate(ClassifierInfo.Kind.FACES).getParent();
        try (Classifier c = Classifier.open(root.resolve(reader))) {
            assertTrue(c.bfloat16Agrees(), reader + "'s bfloat16 pass reads as its float32 pass here");
        }
    }

    /** Where the check fails, a bfloat16 reading is the float32 reading, to the bit. */
    @org.junit.jupiter.api.Test
    void aReaderWhoseBfloat16PassDisagreesReadsInFloat32() {
        Path root = Classifiers.locate(ClassifierInfo.Kind.FACES).getParent();
        float[] x = new float[4 * 3 * 64 * 64];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.tanh(r.nextGaussian());
        }
        try (Classifier c = Classifier.open(root.resolve("classifier-faces-b"))) {
            Classifier.Outputs bf = c.run(x, 4, 64, 3, Precision.BFLOAT16);
            Classifier.Outputs f = c.run(x, 4, 64, 3, Precision.FLOAT32);
            assertTrue(!java.util.Arrays.equals(f.probabilities(), bf.probabilities()), "bfloat16 ran while it agreed");
        }
        try (Classifier c = Classifier.open(root.resolve("classifier-faces-b"))) {
            assertTrue(!c.bfloat16Agrees(-1), "nothing is within a negative tolerance");
            Classifier.Outputs bf = c.run(x, 4, 64, 3, Precision.BFLOAT16);
            Classifier.Outputs f = c.run(x, 4, 64, 3, Precision.FLOAT32);
            org.junit.jupiter.api.Assertions.assertArrayEquals(f.probabilities(), bf.probabilities());
            org.junit.jupiter.api.Assertions.assertArrayEquals(f.features(), bf.features());
        }
    }
}
