package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.nn.NetSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memorisation check: pairs of sample and nearest training image, and how near they are. */
class NearestNeighboursTest {
    @TempDir
    Path tmp;

    @Test
    void pairsEachSampleWithItsNearestTrainingImage() throws Exception {
        Path model = TinyModels.write(tmp.resolve("digits"), NetSpec.dcgan(28, 1, 16, 8, 8), 1);
        Path png = tmp.resolve("nn.png");
        EvalCommandTest.Run r = EvalCommandTest.cli("eval", "neighbours", "--model", model.toString(), "--real",
                "builtin:digits", "--count", "6", "--out", png.toString(), "--quiet");
        assertEquals(0, r.code(), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(4 * (2 * 28 + 4) - 4, img.getWidth(), "4 pairs a row");
        assertEquals(2 * (28 + 4) - 4, img.getHeight(), "6 pairs: two rows");
        Map<String, Double> f = r.figures();
        assertTrue(f.get("distance.real_to_real") > 0, r.out());
        // random weights draw nothing like a digit: far from the data, further than digits are from each other
        assertTrue(f.get("distance.ratio") > 1, r.out());
        assertEquals(f.get("distance.generated_to_real") / f.get("distance.real_to_real"), f.get("distance.ratio"), 1e-3);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, NearestNeighbours.median(new double[] {4, 1, 3, 2}), 1e-12);
        assertEquals(3.0, NearestNeighbours.median(new double[] {5, 3, 1}), 1e-12);
    }
}
