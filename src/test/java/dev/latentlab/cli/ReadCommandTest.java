package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latentlab read}: a reader's probabilities for any images, as CSV. */
class ReadCommandTest {
    private static final Path FACES = Path.of("src/test/resources/eval/faces");

    @TempDir
    Path tmp;

    @Test
    void readsAFolderIntoACsvThatAgreesWithTheFacesLabels() throws Exception {
        Path broken = tmp.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Path csv = tmp.resolve("probs.csv");
        CliRun r = CliRun.inProcess("read", "--images", FACES.toString(), broken.toString(),
                "--out", csv.toString());
        assertEquals(1, r.exitCode(), "a skipped image makes the exit status 1: " + r.err());
        assertTrue(r.err().contains("broken.png") && r.err().contains("skipped"), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("file,Male,Smiling,Eyeglasses,Wearing_Hat,Beard,Bald,Black_Hair,Brown_Hair,Blond_Hair,Gray_Hair",
                lines.get(0));
        assertEquals(200 + 1, lines.size(), "one row per readable image");
        // the labels of list_attr.txt, read the CelebA way
        Map<String, Boolean> male = new HashMap<>();
        for (String l : Files.readAllLines(FACES.resolve("list_attr.txt")).subList(2, 202)) {
            String[] f = l.trim().split("\\s+");
            male.put(f[0], f[1].equals("1"));
        }
        int right = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            assertEquals(11, f.length, l);
            for (int i = 1; i < f.length; i++) {
                double p = Double.parseDouble(f[i]);
                assertTrue(p >= 0 && p <= 1, l);
            }
            boolean said = Double.parseDouble(f[1]) > 0.5;
            right += said == male.get(Path.of(f[0]).getFileName().toString()) ? 1 : 0;
        }
        assertTrue(right >= 194, "Male read right on " + right + " of 200 labelled faces");
    }

    @Test
    void readsNpyArraysAndRefusesAWrongShapeByName() throws Exception {
        Path good = tmp.resolve("x.npy");
        float[] x = new float[2 * 3 * 64 * 64];
        dev.latentlab.io.Npy.write(good, new dev.latentlab.io.Npy.Array(new long[] {2, 3, 64, 64}, x));
        Path bad = tmp.resolve("small.npy");
        dev.latentlab.io.Npy.write(bad, new dev.latentlab.io.Npy.Array(new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]));
        CliRun r = CliRun.inProcess("read", "--npy", good.toString(), bad.toString(),
                "--reader", "models/classifier-faces-b", "--out", "-");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("small.npy") && r.err().contains("1×3×32×32"), r.err());
        String[] rows = r.out().trim().split("\n");
        assertEquals(3, rows.length, r.out());
        assertTrue(rows[1].startsWith(good + "#0,") && rows[2].startsWith(good + "#1,"), r.out());
    }
}
