package dev.latentlab.cli;

import static dev.latentlab.cli.EditCommandsTest.cli;
import static dev.latentlab.cli.EditCommandsTest.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.cli.EditCommandsTest.Run;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.ExpressionRecipe;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.latent.Prior;
import dev.latentlab.latent.Recipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.RecipeImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `interpolate --recipe` and `sample --recipe` for paths and expressions, end to end. */
class RecipeCommandsTest {
    @TempDir
    Path tmp;

    static List<float[]> zs(Random r, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Prior.sample(TinyModels.NZ, r));
        }
        return out;
    }

    @Test
    void aSavedPathRendersHeadlessToTheSameStripAndAVideoOfItsPlayingOrder() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("tiny"), "tiny", 2);
        Path file = tmp.resolve("paths").resolve("my walk.json");
        PathRecipe r;
        try (GanModel m = ModelStore.open(model)) {
            r = new PathRecipe(DirectionFit.ref(m), zs(new Random(5), 3), Interpolation.Mode.LINEAR, 6, 10, true, true,
                    "test");
            r.save(file);
            RecipeImages.writeStrip(m, r, Recipe.pngFor(file)); // what "Save path" writes
        }
        Path strip = tmp.resolve("again.png");
        Run run = cli("interpolate", "--model", model.toString(), "--recipe", file.toString(), "--scale", "1", "--out",
                strip.toString());
        assertEquals(0, run.code(), run.err());
        assertArrayEquals(pixels(Recipe.pngFor(file)), pixels(strip), "bit for bit");
        BufferedImage img = ImageIO.read(strip.toFile());
        assertEquals(Interpolation.frameCount(3, 6) * 32, img.getWidth(), "(k − 1)·steps + 1 frames of the path");

        Path gif = tmp.resolve("walk.gif");
        Run video = cli("interpolate", "--model", model.toString(), "--recipe", file.toString(), "--scale", "1",
                "--out", gif.toString());
        assertEquals(0, video.code(), video.err());
        int frames = Interpolation.frameCount(3, 6);
        assertTrue(video.err().contains((2 * frames - 2) + " frames") && video.err().contains("at 10 fps"),
                "ping-pong plays forward and back at the recipe's fps: " + video.err());

        Run mixed = cli("interpolate", "--model", model.toString(), "--recipe", file.toString(), "--random", "3",
                "--out", tmp.resolve("no.gif").toString());
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("--recipe holds its own keyframes"), mixed.err());

        Path other = TinyModels.vivid(tmp.resolve("other"), "tiny", 3);
        Run refused = cli("interpolate", "--model", other.toString(), "--recipe", file.toString(), "--out",
                tmp.resolve("no.png").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains(file.toString()) && refused.err().contains("weights differ"), refused.err());
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, Files.readString(file).substring(0, 120));
        Run b = cli("interpolate", "--model", model.toString(), "--recipe", broken.toString(), "--out",
                tmp.resolve("no.png").toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains(broken.toString()), b.err());
        assertFalse(Files.exists(tmp.resolve("no.png")) || Files.exists(tmp.resolve("no.gif")));
    }

    @Test
    void aSavedExpressionRendersHeadlessToTheSameGridAndAnotherModelsIsRefused() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("tiny"), "tiny", 2);
        Path file = tmp.resolve("glasses.json");
        ExpressionRecipe r;
        try (GanModel m = ModelStore.open(model)) {
            Random rng = new Random(8);
            r = new ExpressionRecipe(DirectionFit.ref(m), List.of(
                    new ExpressionRecipe.Term("man with glasses", 1, zs(rng, 3)),
                    new ExpressionRecipe.Term("man without glasses", -1, zs(rng, 4)),
                    new ExpressionRecipe.Term("woman without glasses", 1, zs(rng, 3))), 2, 1.3, 0.25, 3, "test");
            r.save(file);
            RecipeImages.writeGrid(m, r, Recipe.pngFor(file)); // what "Save expression" writes
        }
        Path out = tmp.resolve("again.png");
        Run run = cli("sample", "--model", model.toString(), "--recipe", file.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertArrayEquals(pixels(Recipe.pngFor(file)), pixels(out), "bit for bit");
        // the scale matters: s = 0 is the base alone
        ExpressionRecipe base = new ExpressionRecipe(r.model(), r.terms(), 2, 0, 0.25, 3, null);
        Path baseFile = tmp.resolve("base.json");
        base.save(baseFile);
        Path basePng = tmp.resolve("base.png");
        assertEquals(0, cli("sample", "--model", model.toString(), "--recipe", baseFile.toString(), "--out",
                basePng.toString()).code());
        assertFalse(java.util.Arrays.equals(pixels(out), pixels(basePng)));

        Path other = TinyModels.vivid(tmp.resolve("other"), "tiny", 3);
        Run refused = cli("sample", "--model", other.toString(), "--recipe", file.toString(), "--out",
                tmp.resolve("no.png").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains(file.toString()) && refused.err().contains("weights differ"), refused.err());
        assertFalse(Files.exists(tmp.resolve("no.png")));
    }

    @Test
    void eachCommandRefusesTheOtherKindOfRecipeNamingTheOneToUse() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("tiny"), "tiny", 2);
        Path path = tmp.resolve("walk.json");
        Path edit = tmp.resolve("edit.json");
        try (GanModel m = ModelStore.open(model)) {
            new PathRecipe(DirectionFit.ref(m), zs(new Random(1), 2), Interpolation.Mode.SPHERICAL, 4, 24, true, false,
                    null).save(path);
            new EditRecipe(DirectionFit.ref(m), Prior.sample(TinyModels.NZ, new Random(2)), List.of(), 1, List.of(),
                    Map.of(), null).save(edit);
        }
        Run s = cli("sample", "--model", model.toString(), "--recipe", path.toString(), "--out",
                tmp.resolve("no.png").toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains(path.toString()) && s.err().contains("interpolation path")
                && s.err().contains("latentlab interpolate --recipe"), s.err());
        Run i = cli("interpolate", "--model", model.toString(), "--recipe", edit.toString(), "--out",
                tmp.resolve("no.gif").toString());
        assertEquals(2, i.code());
        assertTrue(i.err().contains(edit.toString()) && i.err().contains("an edit recipe, not an interpolation path")
                && i.err().contains("latentlab sample --recipe"), i.err());
        assertFalse(Files.exists(tmp.resolve("no.png")) || Files.exists(tmp.resolve("no.gif")));
    }

    @Test
    void aPathTooLongToHoldIsRefusedBeforeRenderingAndOthersShowProgress() throws Exception {
        Path model = TinyModels.vivid(tmp.resolve("tiny"), "tiny", 2);
        Path file = tmp.resolve("long.json");
        try (GanModel m = ModelStore.open(model)) {
            // 500 keyframes × 10,000 steps: about 5 million frames
            new PathRecipe(DirectionFit.ref(m), zs(new Random(5), 500), Interpolation.Mode.LINEAR,
                    PathRecipe.MAX_STEPS, 24, true, false, "test").save(file);
        }
        long t0 = System.nanoTime();
        Run refused = cli("interpolate", "--model", model.toString(), "--recipe", file.toString(), "--out",
                tmp.resolve("long.mp4").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("4990001 frames of 32x32 need about") && refused.err().contains(
                "GB of memory"), refused.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "refused at once");
        assertFalse(Files.exists(tmp.resolve("long.mp4")));

        Run shown = cli("interpolate", "--model", model.toString(), "--random", "2", "--frames", "40", "--out",
                tmp.resolve("walk.gif").toString());
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.err().contains("rendering 40 frames (about") && shown.err().contains("frame 40/40"),
                shown.err());
    }
}
