package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.DcganDiscriminator;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.TorchRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A spectrally normalised D exports as pytorch/examples' plain netD that computes the same (eval mode). */
class SpectralExportTest {
    @Test
    void foldedDiscriminatorLoadsIntoThePlainLayoutAndAgrees() {
        NetSpec spec = NetSpec.dcgan(32, 3, 8, 4, 4);
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganDiscriminator sn = new DcganDiscriminator(spec, m, true);
            sn.initialize(new Random(4));
            for (int j = 1; j < sn.convolutions() - 1; j++) { // the middle biases: folded into the BatchNorm slots' β
                String b = DcganDiscriminator.convBias(j);
                sn.params().get(b).set(m.randomNormal(0, 0.3f, sn.params().get(b).getShape(), ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray());
            }
            NDArray x = m.randomUniform(-1, 1, new Shape(5, 3, 32, 32));
            boolean grad = TorchRuntime.disableGrad();
            try {
                for (int i = 0; i < 3; i++) {
                    sn.logits(x, true); // power iterations: u and v move toward the singular vectors
                }
                Map<String, Npy.Array> plain = new LinkedHashMap<>();
                PyTorchExport.foldedStateDict(sn).forEach((k, t) -> {
                    if (t instanceof PthWriter.Float32 f) {
                        plain.put(k, f.array());
                    }
                });
                assertFalse(plain.keySet().stream().anyMatch(k -> k.contains("_orig") || k.contains("_u")),
                        "no spectral-norm keys: " + plain.keySet());
                DcganDiscriminator d = new DcganDiscriminator(spec, m);
                d.params().load(plain, "folded");
                float diff = Fixtures.maxAbsDiff(sn.logits(x, false).toFloatArray(), d.logits(x, false).toFloatArray());
                assertTrue(diff < 1e-4, "the folded D differs by " + diff);
            } finally {
                TorchRuntime.restoreGrad(grad);
            }
        }
    }
}
