package dev.latentlab.ui.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.explore.NamedEditsModel.State;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** Named edits, truncation and recipes in the app's state, on a tiny 64×64 model with cached directions. */
@ExtendWith(ApplicationExtension.class)
class NamedEditsModelTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path other;
    private Workspace ws;
    private NamedEditsModel edits;
    private NamedEditsPanel panel;
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Three boundaries with known normals (Smiling and Male at 60°), cached for the model's weights. */
    @BeforeAll
    static void models() throws IOException {
        model = TinyModels.vividFaces(tmp.resolve("root").resolve("models").resolve("faces"), 4);
        other = TinyModels.vividFaces(tmp.resolve("other"), 5);
        try (GanModel m = ModelStore.open(model)) {
            Random r = new Random(1);
            int nz = m.nz();
            float[] smiling = unit(Prior.sample(nz, r));
            float[] free = AttributeDirections.conditional(unit(Prior.sample(nz, r)), List.of(smiling));
            float[] male = new float[nz];
            for (int i = 0; i < nz; i++) {
                male[i] = (float) (0.5 * smiling[i] + Math.sqrt(0.75) * free[i]);
            }
            List<Boundary> b = List.of(new Boundary("Smiling", smiling, 0.2, 0.9, 0.5),
                    new Boundary("Male", male, -0.1, 0.9, 0.5),
                    new Boundary("Eyeglasses", unit(Prior.sample(nz, r)), 0.3, 0.9, 0.5));
            new FittedDirections(DirectionFit.ref(m), "test", 100, 1, 0.1, b, List.of())
                    .save(FittedDirections.cacheFor(model));
        }
    }

    static float[] unit(float[] v) {
        double n = Math.sqrt(AttributeDirections.dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home-" + System.nanoTime())));
        ws.setErrorHandler((title, msg) -> errors.add(title + ": " + msg));
        edits = new NamedEditsModel(ws);
        panel = new NamedEditsPanel(edits, z -> ws.zProperty().set(z), (t, m) -> errors.add(t + ": " + m));
        stage.setScene(new Scene(new StackPane(panel.node()), 400, 600));
        stage.show();
        ws.open(model);
    }

    @Stop
    void stop() {
        edits.close();
        ws.close();
    }

    static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(condition));
        } catch (Exception e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    private void ready() {
        waitUntil("the cached directions are read", () -> edits.stateProperty().get() == State.READY);
    }

    private double distance(String a) {
        return fx(() -> edits.edit(a).orElseThrow().distanceProperty().get());
    }

    @Test
    void theCachedDirectionsGiveANamedSliderPerAttribute() {
        ready();
        assertEquals(List.of("Smiling", "Male", "Eyeglasses"), fx(() -> edits.edits().stream()
                .map(NamedEditsModel.AttributeEdit::name).toList()));
        assertEquals(3, fx(() -> panel.sliders().size()));
        assertTrue(fx(() -> edits.statusProperty().get()).contains("3 attribute directions"));
        assertEquals(List.of("read by test"), readerNames(), "the sliders name the reader they were fitted with");
    }

    /** The reader names the panel shows ("read by …", "your picks"), top to bottom. */
    private List<String> readerNames() {
        return fx(() -> {
            panel.node().applyCss();
            return panel.node().lookupAll(".reader-name").stream().filter(javafx.scene.Node::isVisible)
                    .map(n -> ((javafx.scene.control.Label) n).getText()).filter(t -> !t.isEmpty()).toList();
        });
    }

    @Test
    void aPickedDirectionIsANamedSliderBesideTheClassifiersOnes() throws Exception {
        ready();
        Path picked = TinyModels.vividFaces(tmp.resolve("picked-" + System.nanoTime()), 7);
        try (GanModel m = ModelStore.open(picked)) {
            new FittedDirections(DirectionFit.ref(m), "test", 100, 1, 0.1, List.of(new Boundary("Smiling",
                    unit(Prior.sample(m.nz(), new Random(3))), 0.2, 0.9, 0.5)), List.of())
                    .withPicked(new FittedDirections.PickedDirection("Freckles", unit(Prior.sample(m.nz(), new Random(2))),
                            -0.4, 0.85, "5-fold cross-validation over the picks", 30, 30, "pos.npy, neg.npy", null, null))
                    .save(FittedDirections.cacheFor(picked));
        }
        fx(() -> ws.open(picked)).get(60, TimeUnit.SECONDS);
        waitUntil("the picked direction is a slider", () -> edits.edits().stream().anyMatch(e -> e.name().equals("Freckles")));
        assertEquals(List.of("Smiling", "Freckles"), fx(() -> edits.edits().stream()
                .map(NamedEditsModel.AttributeEdit::name).toList()));
        assertEquals(2, fx(() -> panel.sliders().size()));
        assertTrue(fx(() -> edits.statusProperty().get()).contains("1 picked (Freckles)"));
        assertEquals(List.of("read by test", "your picks"), readerNames(),
                "Smiling is the reader's, Freckles the user's picks");
        fx(() -> {
            edits.setDistance("Freckles", 1.5, true);
            return null;
        });
        assertEquals(1.5, distance("Freckles"), 1e-4);
    }

    @Test
    void imagesPickedInTheAppBecomeANamedSliderStoredWithTheModel() throws Exception {
        ready();
        Path fresh = TinyModels.vividFaces(tmp.resolve("picks-" + System.nanoTime()), 8);
        fx(() -> ws.open(fresh)).get(60, TimeUnit.SECONDS);
        waitUntil("the new model is read", () -> edits.stateProperty().get() == State.NOT_FITTED);
        PicksModel picks = fx(() -> new PicksModel(ws, edits, () -> edits.apply(ws.z())));
        picks.probe.pool = 1500;
        assertFalse(fx(picks::fit).get(5, TimeUnit.SECONDS));
        assertEquals("Name the attribute first.", fx(() -> picks.statusProperty().get()));
        fx(() -> {
            picks.nameProperty().set("Freckles");
            return null;
        });
        assertFalse(fx(picks::fit).get(5, TimeUnit.SECONDS));
        assertTrue(fx(() -> picks.statusProperty().get()).contains("(now 0 and 0)"));
        int nz = fx(() -> ws.model().nz());
        float[] n = unit(Prior.sample(nz, new Random(9)));
        Random r = new Random(10);
        for (int i = 0; i < 24; i++) {
            boolean has = i % 2 == 0;
            float[] z = Prior.sample(nz, r);
            double move = (has ? 1.5 : -1.5) - AttributeDirections.dot(n, z);
            for (int k = 0; k < nz; k++) {
                z[k] += (float) (move * n[k]);
            }
            fx(() -> {
                ws.zProperty().set(z);
                picks.pick(has);
                return null;
            });
        }
        assertEquals(12, fx(() -> picks.positiveCountProperty().get()));
        // the fit runs on a copy of the model, off the FX thread: the Fit button waits, the status says what runs
        java.util.concurrent.CompletableFuture<Boolean> running = fx(() -> {
            java.util.concurrent.CompletableFuture<Boolean> f = picks.fit();
            assertTrue(picks.fittingProperty().get(), "fitting while it runs");
            assertTrue(picks.statusProperty().get().startsWith("Fitting Freckles from 12 + 12 picks through the "
                    + "model's features"), picks.statusProperty().get());
            return f;
        });
        assertTrue(running.get(120, TimeUnit.SECONDS), fx(() -> picks.statusProperty().get()));
        assertFalse(fx(() -> picks.fittingProperty().get()));
        assertTrue(fx(() -> picks.statusProperty().get()).contains("cross-validated through D stage 2 features"),
                fx(() -> picks.statusProperty().get()));
        assertEquals(List.of("Freckles"), fx(() -> edits.edits().stream().map(NamedEditsModel.AttributeEdit::name).toList()));
        FittedDirections stored = FittedDirections.read(FittedDirections.cacheFor(fresh));
        FittedDirections.PickedDirection p = stored.picked().get(0);
        assertEquals(12, p.positives());
        assertTrue(AttributeDirections.cosine(p.vector(), n) > 0.5, "along the picks' side: " + AttributeDirections.cosine(
                p.vector(), n));
        assertEquals(State.NOT_FITTED, fx(() -> edits.stateProperty().get()), "the classifier's are still to fit");
        // the picks are stored with it: cleared, they come back by name, to add to and fit again
        assertEquals(12 * nz, p.positiveZ().length);
        fx(() -> {
            picks.clear();
            picks.nameProperty().set("Dimples");
            assertFalse(picks.loadableProperty().get(), "no direction of that name");
            assertFalse(picks.load());
            picks.nameProperty().set(" Freckles ");
            assertTrue(picks.loadableProperty().get());
            assertTrue(picks.load(), picks.statusProperty().get());
            return null;
        });
        assertEquals(12, fx(() -> picks.positiveCountProperty().get()));
        assertEquals(12, fx(() -> picks.negativeCountProperty().get()));
        float[] more = Prior.sample(nz, new Random(11));
        double step = 2 - AttributeDirections.dot(n, more);
        for (int k = 0; k < nz; k++) {
            more[k] += (float) (step * n[k]);
        }
        fx(() -> {
            ws.zProperty().set(more);
            picks.pick(true);
            return null;
        });
        assertTrue(fx(picks::fit).get(120, TimeUnit.SECONDS), fx(() -> picks.statusProperty().get()));
        FittedDirections.PickedDirection refitted = FittedDirections.read(FittedDirections.cacheFor(fresh)).picked().get(0);
        assertEquals(13, refitted.positives(), "the stored 12 and the one added");
        assertArrayEquals(p.positiveZ(), java.util.Arrays.copyOf(refitted.positiveZ(), 12 * nz));
        assertEquals(1, FittedDirections.read(FittedDirections.cacheFor(fresh)).picked().size(), "replaced, not added");
        fx(() -> ws.open(model)).get(60, TimeUnit.SECONDS);
        waitUntil("another model drops the picks", () -> picks.positiveCountProperty().get() == 0);
    }

    @Test
    void aSliderSetsTheDistanceToTheBoundaryAndAKeptAttributeStaysPut() {
        ready();
        double maleBefore = distance("Male");
        fx(() -> {
            edits.setDistance("Smiling", 2.5, true);
            return null;
        });
        assertEquals(2.5, distance("Smiling"), 1e-4);
        double dragged = distance("Male") - maleBefore;
        assertTrue(Math.abs(dragged) > 0.2, "unkept, Male moves with Smiling (60°): " + dragged);
        // keeping Male re-derives the edit: Smiling stays at 2.5, Male goes back to where it was
        fx(() -> {
            edits.setKeep("Male", true);
            return null;
        });
        assertEquals(2.5, distance("Smiling"), 1e-4);
        assertEquals(maleBefore, distance("Male"), 1e-4);
        fx(() -> {
            edits.setDistance("Smiling", -1, true);
            return null;
        });
        assertEquals(-1, distance("Smiling"), 1e-4);
        assertEquals(maleBefore, distance("Male"), 1e-4);
        // the slider on screen follows
        assertEquals(-1, fx(() -> panel.sliders().get(0).getValue()), 1e-4);
        fx(() -> {
            panel.sliders().get(0).setValue(1.25); // a user moving the slider
            return null;
        });
        assertEquals(1.25, distance("Smiling"), 1e-4);
        assertEquals(maleBefore, distance("Male"), 1e-4);
    }

    @Test
    void truncationScalesTheDrawnZ() {
        ready();
        float[] z = fx(() -> ws.z());
        fx(() -> {
            edits.psiProperty().set(0.5);
            return null;
        });
        float[] half = fx(() -> edits.apply(z));
        for (int i = 0; i < z.length; i++) {
            assertEquals(0.5f * z[i], half[i], 1e-6f);
        }
    }

    @Test
    void aSavedEditOpensToTheSameImageBitForBitAndAnotherModelsIsRefused() throws Exception {
        ready();
        fx(() -> {
            edits.setKeep("Male", true);
            edits.setDistance("Smiling", 1.7, true);
            edits.setDistance("Eyeglasses", -0.8, true);
            edits.psiProperty().set(0.8);
            return null;
        });
        float[] drawn = fx(() -> edits.apply(ws.z()));
        Path file = tmp.resolve("saved").resolve("smile.json");
        fx(() -> edits.save(file)).get(20, TimeUnit.SECONDS);
        assertTrue(Files.isRegularFile(EditRecipe.pngFor(file)));
        int[] saved = pixels(EditRecipe.pngFor(file));
        // everything changes, then the edit is opened again
        fx(() -> {
            edits.resetEdits();
            edits.setKeep("Male", false);
            edits.psiProperty().set(1);
            ws.zProperty().set(Prior.sample(ws.z().length, new Random(99)));
            return null;
        });
        assertFalse(java.util.Arrays.equals(drawn, fx(() -> edits.apply(ws.z()))));
        fx(() -> {
            panel.open(file, z -> ws.zProperty().set(z), (t, m) -> errors.add(m));
            return null;
        });
        assertEquals(List.of(), errors);
        assertArrayEquals(drawn, fx(() -> edits.apply(ws.z())), "the same z for the generator");
        assertEquals(0.8, fx(() -> edits.psiProperty().get()));
        assertTrue(fx(() -> edits.edit("Male").orElseThrow().keepProperty().get()));
        Path again = tmp.resolve("saved").resolve("again.json");
        fx(() -> edits.save(again)).get(20, TimeUnit.SECONDS);
        assertArrayEquals(saved, pixels(EditRecipe.pngFor(again)), "the same image, bit for bit");

        // a recipe of another model's weights
        Path foreign = tmp.resolve("foreign.json");
        try (GanModel m = ModelStore.open(other)) {
            new EditRecipe(DirectionFit.ref(m), new float[m.nz()], List.of(), 1, List.of(), java.util.Map.of(), null)
                    .save(foreign);
        }
        fx(() -> {
            panel.open(foreign, z -> ws.zProperty().set(z), (t, m) -> errors.add(m));
            return null;
        });
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains(foreign.toString()) && errors.get(0).contains("weights differ"),
                errors.get(0));
        assertArrayEquals(drawn, fx(() -> edits.apply(ws.z())), "a refused edit changes nothing");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{ not json");
        fx(() -> {
            panel.open(broken, z -> ws.zProperty().set(z), (t, m) -> errors.add(m));
            return null;
        });
        assertTrue(errors.get(1).contains(broken.toString()), errors.get(1));
    }

    @Test
    void theSefaSlidersAreSavedAsMovesAndComeBackAsTheSameZ() throws Exception {
        ready();
        Random r = new Random(3);
        float[] base = fx(() -> ws.z().clone());
        float[][] vectors = {unit(Prior.sample(base.length, r)), unit(Prior.sample(base.length, r))};
        double[] amounts = {0.75, -1.5};
        float[] moved = Prior.move(Prior.move(base, vectors[0], amounts[0]), vectors[1], amounts[1]);
        fx(() -> {
            edits.setSefaSource(() -> new NamedEditsModel.SefaState(base, vectors, amounts));
            ws.zProperty().set(moved); // what Explore's SeFa sliders do
            return null;
        });
        EditRecipe recipe = fx(() -> edits.recipe());
        assertArrayEquals(base, recipe.z());
        assertEquals(2, recipe.moves().size());
        assertArrayEquals(fx(() -> edits.apply(moved)), recipe.finalZ());
        Path file = tmp.resolve("sefa.json");
        recipe.save(file);
        float[] z = fx(() -> edits.open(file));
        assertArrayEquals(moved, z);
        Path masked = tmp.resolve("masked.json");
        new EditRecipe(recipe.model(), recipe.z(), recipe.moves(), 1, List.of(), java.util.Map.of(1, new int[] {2}), null)
                .save(masked);
        IOException m = assertThrows(IOException.class, () -> edits.open(masked));
        assertTrue(m.getMessage().contains(masked.toString()) && m.getMessage().contains("sample --recipe"), m.getMessage());
        IOException missing = assertThrows(IOException.class, () -> edits.open(tmp.resolve("missing.json")));
        assertTrue(missing.getMessage().contains("missing.json"), missing.getMessage());
    }

    @Test
    void aModelWithoutDirectionsGetsThemFittedInTheBackgroundAndCached() throws Exception {
        ready();
        Path fresh = TinyModels.vividFaces(tmp.resolve("fresh-" + System.nanoTime()), 6);
        fx(() -> ws.open(fresh)).get(60, TimeUnit.SECONDS);
        waitUntil("the new model is read", () -> edits.stateProperty().get() == State.NOT_FITTED);
        assertTrue(fx(() -> edits.edits().isEmpty()));
        fx(() -> {
            edits.fitOptions.samples = 300;
            edits.fitOptions.sefaSamples = 4;
            edits.setShown(true); // the Edits tab is opened: they are fitted without asking
            return null;
        });
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> fx(() -> edits.stateProperty().get() == State.READY));
        } catch (Exception e) {
            throw new AssertionError("not fitted: " + fx(() -> edits.statusProperty().get()), e);
        }
        assertFalse(fx(() -> edits.edits().isEmpty()), fx(() -> edits.statusProperty().get()));
        FittedDirections f = FittedDirections.read(FittedDirections.cacheFor(fresh));
        assertEquals(300, f.samples());
        assertEquals(10, f.sefa().size());
        assertFalse(fx(() -> edits.sefaLabel(1)).isEmpty(), "the SeFa rows get their labels");
        // the render thread kept serving frames: the edited image is drawn from the fitted directions
        String a = f.boundaries().get(0).attribute();
        fx(() -> {
            edits.setDistance(a, 1, true);
            return null;
        });
        assertEquals(1, distance(a), 1e-4);
    }

    static int[] pixels(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
