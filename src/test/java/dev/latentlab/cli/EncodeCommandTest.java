package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.NetSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `encode` and `train-encoder` end to end on tiny models. */
class EncodeCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path png(String name, int w, int h, boolean gray, long seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, gray ? (r.nextInt(256) * 0x010101) : r.nextInt(0x1000000));
            }
        }
        Path f = tmp.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void writesOneZPerImageAndAGrid() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        Path a = png("a.png", 40, 40, false, 1);
        Path b = png("b.png", 64, 48, false, 2);
        Path z = tmp.resolve("z.npy");
        Path grid = tmp.resolve("grid.png");
        Run r = cli("encode", "--model", model.toString(), "--image", a.toString(), b.toString(), "--out",
                z.toString(), "--grid", grid.toString(), "--steps", "5", "--restarts", "2");
        assertEquals(0, r.code(), r.err());
        Npy.Array zs = Npy.read(z);
        assertArrayEquals(new long[] {2, TinyModels.NZ}, zs.shape());
        BufferedImage g = ImageIO.read(grid.toFile());
        // 2 rows × (target | reconstruction), 32 px × scale 2, 2 px gaps
        assertEquals(2 * 64 + 3 * 2, g.getWidth());
        assertEquals(2 * 64 + 3 * 2, g.getHeight());
        assertEquals(2, r.out().lines().filter(l -> l.contains("PSNR") && l.contains(" s\t")).count(), r.out());
        assertTrue(r.out().contains("optimisation from random starts"), r.out());
        assertTrue(r.err().contains("64×48 image: only its centre 48×48 square is used"), r.err());
    }

    @Test
    void badImagesGetAReasonAndTheRestAreEncoded() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        Path text = Files.writeString(tmp.resolve("notes.png"), "these are not pixels\n");
        Path empty = Files.write(tmp.resolve("empty.jpg"), new byte[0]);
        Path tiny = png("tiny.png", 1, 1, false, 3);
        Path strip = png("strip.png", 10000, 30, false, 4);
        Path gray = png("gray.png", 32, 32, true, 5);
        Path z = tmp.resolve("z.npy");
        Run r = cli("encode", "--model", model.toString(), "--image", text.toString(), empty.toString(),
                tiny.toString(), strip.toString(), gray.toString(), "--out", z.toString(), "--steps", "2",
                "--restarts", "1");
        assertEquals(1, r.code(), "some files were skipped: " + r.err());
        assertTrue(r.err().contains("notes.png: not an image (the file contains text)"), r.err());
        assertTrue(r.err().contains("empty.jpg: empty file"), r.err());
        assertTrue(r.err().contains("tiny.png: the image is 1×1 pixels; at least 4×4"), r.err());
        assertTrue(r.err().contains("10000×30 image: only its centre 30×30 square is used"), r.err());
        assertTrue(r.err().contains("gray.png: gray image: its gray value is used for R, G and B"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertArrayEquals(new long[] {2, TinyModels.NZ}, Npy.read(z).shape(), "strip and gray encoded");
    }

    @Test
    void aColourImageIsConvertedForAGrayModel() throws Exception {
        Path model = TinyModels.write(tmp.resolve("g"), NetSpec.dcgan(32, 1, 16, 8, 8), 1);
        Path c = png("colour.png", 32, 32, false, 6);
        Run r = cli("encode", "--model", model.toString(), "--image", c.toString(), "--steps", "2", "--restarts",
                "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("colour image converted to gray"), r.err());
    }

    @Test
    void noImageUsableIsAnError() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        Run r = cli("encode", "--model", model.toString(), "--image", tmp.resolve("missing.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.png: no such file"), r.err());
        assertTrue(r.err().contains("no image could be encoded"), r.err());
    }

    @Test
    void trainEncoderStoresItAndEncodeUsesIt() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        Run t = cli("train-encoder", "--model", model.toString(), "--iterations", "4", "--batch", "8");
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.isRegularFile(model.resolve(ImageEncoder.WEIGHTS)));
        assertTrue(Files.readString(model.resolve(ImageEncoder.INFO)).contains("\"iterations\": 4"));
        Path a = png("a.png", 32, 32, false, 1);
        Run hybrid = cli("encode", "--model", model.toString(), "--image", a.toString(), "--steps", "2");
        assertEquals(0, hybrid.code(), hybrid.err());
        assertTrue(hybrid.out().contains("encoder guess refined by optimisation"), hybrid.out());
        Run alone = cli("encode", "--model", model.toString(), "--image", a.toString(), "--steps", "0");
        assertTrue(alone.out().contains("encoder alone"), alone.out());
        Run without = cli("encode", "--model", model.toString(), "--image", a.toString(), "--steps", "2",
                "--no-encoder");
        assertTrue(without.out().contains("optimisation from random starts"), without.out());
    }

    @Test
    void trainEncoderCanStartFromAnotherFoldersEncoder() throws Exception {
        Path first = TinyModels.vivid(tmp.resolve("first"), "vivid", 2);
        assertEquals(0, cli("train-encoder", "--model", first.toString(), "--iterations", "4", "--batch", "8").code());
        Path second = TinyModels.vivid(tmp.resolve("second"), "vivid", 2);
        // a learning rate too small to move anything: what the second folder gets is where it started
        Run warm = cli("train-encoder", "--model", second.toString(), "--iterations", "1", "--batch", "4", "--lr",
                "1e-30", "--init", first.toString());
        assertEquals(0, warm.code(), warm.err());
        var a = Npy.readNpz(first.resolve(ImageEncoder.WEIGHTS));
        var b = Npy.readNpz(second.resolve(ImageEncoder.WEIGHTS));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            if (!k.contains("running")) { // BatchNorm's statistics move in a training pass whatever the rate
                assertArrayEquals(a.get(k).data(), b.get(k).data(), 1e-6f, k);
            }
        }
        assertTrue(Files.readString(second.resolve(ImageEncoder.INFO)).contains("\"initialisedFrom\": \"" + first),
                Files.readString(second.resolve(ImageEncoder.INFO)));
        Path third = TinyModels.vivid(tmp.resolve("third"), "vivid", 2);
        assertEquals(0, cli("train-encoder", "--model", third.toString(), "--iterations", "1", "--batch", "4", "--lr",
                "1e-30", "--seed", "5").code());
        var c = Npy.readNpz(third.resolve(ImageEncoder.WEIGHTS));
        String conv = a.keySet().stream().filter(k -> !k.contains("running")).findFirst().orElseThrow();
        assertFalse(Arrays.equals(a.get(conv).data(), c.get(conv).data()), "a random start differs");
        Run none = cli("train-encoder", "--model", third.toString(), "--init", tmp.resolve("nowhere").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("holds no image encoder"), none.err());
    }

    @Test
    void evalEncodeReportsEachMethod() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        Path held = Files.createDirectories(tmp.resolve("held"));
        Files.move(png("h1.png", 32, 32, false, 7), held.resolve("h1.png"));
        Files.move(png("h2.png", 48, 40, false, 8), held.resolve("h2.png"));
        Run plain = cli("eval", "encode", "--model", model.toString(), "--samples", "2", "--images", held.toString(),
                "--steps", "3", "--restarts", "1");
        assertEquals(0, plain.code(), plain.err());
        for (String f : new String[] {"recovery.optimisation.psnr_share_above", "recovery.optimisation.median_psnr_db",
            "recovery.optimisation.median_cosine_z", "heldout.optimisation.median_psnr_db", "heldout.optimisation.median_ssim"}) {
            assertTrue(plain.out().contains(f + " "), f + " in " + plain.out());
        }
        assertFalse(plain.out().contains("hybrid"), "no encoder, no hybrid: " + plain.out());
        assertTrue(plain.err().contains("has no encoder"), plain.err());
        assertEquals(0, cli("train-encoder", "--model", model.toString(), "--iterations", "2", "--batch", "4").code());
        Run all = cli("eval", "encode", "--model", model.toString(), "--samples", "2", "--steps", "2", "--restarts",
                "1");
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("recovery.encoder.median_cosine_z "), all.out());
        assertTrue(all.out().contains("recovery.hybrid.psnr_share_above "), all.out());
    }

    @Test
    void evalEncodeReadsAttributesOnFaces() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("f"), 3);
        Path held = Files.createDirectories(tmp.resolve("faces"));
        Files.move(png("f1.png", 64, 64, false, 9), held.resolve("f1.png"));
        Files.move(png("f2.png", 80, 64, false, 10), held.resolve("f2.png"));
        Run r = cli("eval", "encode", "--model", model.toString(), "--samples", "0", "--images", held.toString(),
                "--steps", "1", "--restarts", "1");
        assertEquals(0, r.code(), r.err());
        for (String a : new String[] {"Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard", "mean"}) {
            assertTrue(r.out().contains("heldout.optimisation.agree." + a + " "), a + " in " + r.out());
            assertTrue(r.out().contains("heldout.optimisation.agree.classifier-faces-b." + a + " "),
                    "the second shipped reader too: " + a + " in " + r.out());
        }
        assertFalse(r.out().contains("recovery."), "--samples 0: no recovery figures");
    }

    @Test
    void aDamagedEncoderIsCalledDamagedAndNoEncoderIsOffered() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        assertEquals(0, cli("train-encoder", "--model", model.toString(), "--iterations", "1", "--batch", "4").code());
        Path weights = model.resolve(ImageEncoder.WEIGHTS);
        byte[] whole = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(whole, whole.length / 2)); // a copy cut short
        Run r = cli("encode", "--model", model.toString(), "--image", png("a.png", 32, 32, false, 1).toString(),
                "--steps", "1", "--restarts", "1");
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains(weights + " is damaged") && r.err().contains("--no-encoder encodes without it"),
                r.err());
        assertFalse(r.err().contains("train it again"), r.err());
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeTheSearch() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        Path file = Files.writeString(tmp.resolve("results"), "a file, not a folder");
        Run r = cli("encode", "--model", model.toString(), "--image", png("a.png", 32, 32, false, 1).toString(),
                "--out", file.resolve("z.npy").toString(), "--steps", "1", "--restarts", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(file + " is a file, where a folder should be"), r.err());
        assertFalse(r.out().contains("PSNR"), "no search ran: " + r.out());
        assertFalse(r.err().contains(".tmp"), "no temporary file is named: " + r.err());
    }

    @Test
    void transparentPixelsAreSaidToBeCompositedOverWhite() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("m"), "vivid", 2);
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(4, 4, 0x80ff0000); // one half-transparent red pixel
        Path f = tmp.resolve("logo.png");
        ImageIO.write(img, "png", f.toFile());
        Run r = cli("encode", "--model", model.toString(), "--image", f.toString(), "--steps", "1", "--restarts", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("logo.png: transparent pixels composited over white"), r.err());

        Run opaque = cli("encode", "--model", model.toString(), "--image", png("a.png", 32, 32, false, 1).toString(),
                "--steps", "1", "--restarts", "1");
        assertFalse(opaque.err().contains("transparent"), opaque.err());
    }
}
