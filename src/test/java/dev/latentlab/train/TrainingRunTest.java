package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.data.BuiltinDatasets;
import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    @TempDir
    Path tmp;

    static TrainConfig tiny() {
        TrainConfig c = new TrainConfig();
        c.imageSize = 28;
        c.channels = 1;
        c.nz = 16;
        c.ngf = 8;
        c.ndf = 8;
        c.batchSize = 32;
        c.snapshotEvery = 4;
        c.sampleEvery = 5;
        return c;
    }

    /** 256 digits spread over all classes (the asset is sorted by class). */
    static ImageSet digits256() {
        ImageSet all = BuiltinDatasets.digits(ImageSpec.gray(28));
        int[] idx = new int[256];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (int) ((long) i * all.size() / idx.length);
        }
        return all.subset(idx);
    }

    static List<IterationRecord> run(TrainingRun run) throws InterruptedException {
        List<IterationRecord> records = new CopyOnWriteArrayList<>();
        run.addListener(new TrainingRun.Listener() {
            @Override
            public void onIteration(IterationRecord r) {
                records.add(r);
            }
        });
        run.start();
        assertTrue(run.awaitTermination(120, TimeUnit.SECONDS), "run ends");
        return records;
    }

    @Test
    void aShortRunOnDigitsMakesImagesAndSaneRecords() throws Exception {
        TrainConfig c = tiny();
        c.epochs = 2; // 256 / 32 = 8 iterations per epoch
        Path out = tmp.resolve("run");
        List<TrainingRun.Snapshot> snaps = new CopyOnWriteArrayList<>();
        TrainingRun run = new TrainingRun(c, digits256(), out, false, "test");
        run.addListener(new TrainingRun.Listener() {
            @Override
            public void onSnapshot(TrainingRun.Snapshot s) {
                snaps.add(s);
            }
        });
        List<IterationRecord> records = run(run);
        assertEquals(TrainingRun.State.FINISHED, run.state(), run.message());
        assertEquals(16, records.size());
        for (IterationRecord r : records) {
            assertTrue(r.isFinite());
            assertTrue(r.lossDReal() > 0 && r.lossDFake() > 0 && r.lossG() > 0);
            assertTrue(r.dReal() > 0 && r.dReal() < 1 && r.dFakeBefore() > 0 && r.dFakeBefore() < 1);
            assertTrue(r.imagesPerSecond() > 0);
        }
        assertEquals(1, records.get(15).epoch());
        assertEquals(4, snaps.size(), "a snapshot every 4 iterations");
        BufferedImage grid = ImageIO.read(out.resolve("samples.png").toFile());
        assertEquals(8 * 28 + 9 * 2, grid.getWidth());
        List<String> csv = Files.readAllLines(out.resolve("train.csv"));
        assertEquals(17, csv.size(), "header + one line per iteration");
        try (GanModel m = ModelStore.open(out)) {
            assertEquals(16, m.info().provenance.iterations);
            assertEquals(16 * 32, m.info().provenance.imagesSeen);
            assertEquals("test", m.info().provenance.command);
            assertTrue(m.discriminator() != null);
        }
    }

    @Test
    void resumeContinuesAtTheCheckpointsIteration() throws Exception {
        Path out = tmp.resolve("run");
        TrainConfig c = tiny();
        c.maxIterations = 6;
        TrainingRun first = new TrainingRun(c, digits256(), out, false, "first");
        run(first);
        assertEquals(6, Checkpoint.readState(Checkpoint.find(out)).iteration);

        TrainConfig more = Checkpoint.readState(Checkpoint.find(out)).config;
        more.maxIterations = 10;
        TrainingRun second = new TrainingRun(more, digits256(), out, true, "second");
        List<IterationRecord> records = run(second);
        assertEquals(TrainingRun.State.FINISHED, second.state(), second.message());
        assertEquals(4, records.size());
        assertEquals(7, records.get(0).iteration());
        assertEquals(10, Checkpoint.readState(Checkpoint.find(out)).iteration);
        assertEquals(11, Files.readAllLines(out.resolve("train.csv")).size(), "the CSV continues");
    }

    @Test
    void keepModelsKeepsTheModelOfEveryCheckpointToChooseFromLater() throws Exception {
        Path out = tmp.resolve("run");
        TrainConfig c = tiny();
        c.maxIterations = 3;
        c.keepModels = true;
        run(new TrainingRun(c, digits256(), out, false, "first"));
        TrainConfig more = Checkpoint.readState(Checkpoint.find(out)).config;
        assertTrue(more.keepModels, "a resumed run keeps keeping them");
        more.maxIterations = 6;
        run(new TrainingRun(more, digits256(), out, true, "second"));

        float[] z = new float[16];
        Arrays.fill(z, 0.5f);
        try (GanModel at3 = ModelStore.open(TrainingRun.keptModel(out, 3));
                GanModel at6 = ModelStore.open(TrainingRun.keptModel(out, 6));
                GanModel last = ModelStore.open(out)) {
            assertEquals(3, at3.info().provenance.iterations);
            assertEquals(6, at6.info().provenance.iterations);
            assertEquals("run-it3", at3.info().name);
            assertFalse(Arrays.equals(at3.generate(z, 1).images(), at6.generate(z, 1).images()),
                    "each copy holds the generator of its own iteration");
            assertTrue(Arrays.equals(last.generate(z, 1).images(), at6.generate(z, 1).images()));
        }
        assertFalse(Files.exists(out.resolve("models").resolve("it-0000004")), "only checkpoints are kept");
        assertEquals(1 + 3, Files.readAllLines(TrainingRun.keptModel(out, 3).resolve("train.csv")).size(),
                "the CSV up to the kept iteration");
        int[] last = rgb(out.resolve("samples.png"));
        assertTrue(Arrays.equals(last, rgb(TrainingRun.keptModel(out, 6).resolve("samples.png"))),
                "the fixed-z samples of the kept iteration");
        assertFalse(Arrays.equals(last, rgb(TrainingRun.keptModel(out, 3).resolve("samples.png"))));
    }

    private static int[] rgb(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void pauseStepAndStopLeaveACheckpoint() throws Exception {
        Path out = tmp.resolve("run");
        TrainConfig c = tiny();
        c.epochs = 100;
        TrainingRun run = new TrainingRun(c, digits256(), out, false, "t");
        List<IterationRecord> records = new CopyOnWriteArrayList<>();
        run.addListener(new TrainingRun.Listener() {
            @Override
            public void onIteration(IterationRecord r) {
                records.add(r);
            }
        });
        run.pause();
        run.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (run.state() != TrainingRun.State.PAUSED && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, records.size(), "paused before the first iteration");
        run.stepOnce();
        while (records.size() < 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertEquals(1, records.size(), "a single step runs exactly one iteration");
        run.stop();
        assertTrue(run.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(TrainingRun.State.STOPPED, run.state());
        assertEquals(1, Checkpoint.readState(Checkpoint.find(out)).iteration);
    }

    @Test
    void aMixedFolderTrainsOnItsValidImagesAndReportsTheRest() throws Exception {
        Path folder = tmp.resolve("mixed");
        Files.createDirectories(folder.resolve("sub"));
        for (int i = 0; i < 40; i++) {
            BufferedImage img = new BufferedImage(40 + i, 30, BufferedImage.TYPE_INT_RGB);
            img.setRGB(i % 30, 10, 0xffffff);
            ImageIO.write(img, i % 2 == 0 ? "png" : "jpg", folder.resolve((i % 3 == 0 ? "sub/" : "") + i + (i % 2
                    == 0 ? ".png" : ".jpg")).toFile());
        }
        byte[] jpg = Files.readAllBytes(folder.resolve("1.jpg"));
        Files.write(folder.resolve("truncated.jpg"), Arrays.copyOf(jpg, jpg.length / 3));
        Files.write(folder.resolve("empty.png"), new byte[0]);
        Files.writeString(folder.resolve("notes.png"), "not an image");
        List<String> log = new ArrayList<>();
        ImageSet set = DatasetSource.open(folder.toString(), ImageSpec.gray(28), log::add);
        assertEquals(40, set.size());
        assertEquals(3, set.skipped().size());
        assertTrue(String.join("\n", log).contains("truncated.jpg"), String.join("\n", log));
        TrainConfig c = tiny();
        c.maxIterations = 2;
        TrainingRun run = new TrainingRun(c, set, tmp.resolve("out"), false, "t");
        assertEquals(2, run(run).size());
        assertEquals(TrainingRun.State.FINISHED, run.state(), run.message());
    }

    @Test
    void theGuardTripsOnANaNLossAndWhenDWinsForLong() {
        DivergenceGuard guard = new DivergenceGuard(0.99, 3);
        IterationRecord ok = new IterationRecord(1, 0, 0.5, 0.6, 0.9, 0.6, 0.4, 0.38, 100, 1);
        IterationRecord nan = new IterationRecord(2, 0, Double.NaN, 0.6, 0.9, 0.6, 0.4, 0.38, 100, 1);
        IterationRecord winning = new IterationRecord(3, 0, 0.001, 0.001, 9, 0.999, 0.001, 0.001, 100, 1);
        assertEquals(DivergenceGuard.Verdict.OK, guard.check(ok));
        assertEquals(DivergenceGuard.Verdict.NOT_FINITE, guard.check(nan));
        assertTrue(guard.explain(DivergenceGuard.Verdict.NOT_FINITE, 2).contains("NaN"));
        assertEquals(DivergenceGuard.Verdict.OK, guard.check(winning));
        assertEquals(DivergenceGuard.Verdict.OK, guard.check(winning));
        assertEquals(DivergenceGuard.Verdict.D_WINS, guard.check(winning));
        assertFalse(guard.explain(DivergenceGuard.Verdict.D_WINS, 3).isEmpty());
    }

    @Test
    void aLearningRateThatExplodesPausesTheRunAsDiverged() throws Exception {
        TrainConfig c = tiny();
        c.lrD = 1e30;
        c.lrG = 1e30;
        c.maxIterations = 50;
        TrainingRun run = new TrainingRun(c, digits256(), tmp.resolve("out"), false, "t");
        List<IterationRecord> records = run(run);
        assertEquals(TrainingRun.State.DIVERGED, run.state(), run.message());
        assertTrue(records.size() < 50);
        assertTrue(run.message().contains("NaN or infinite"), run.message());
    }

    private static void waitFor(String what, double seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aDatasetSmallerThanOneBatchTrainsInBatchesOfTheWholeSetAndSaysSo() throws Exception {
        TrainConfig c = tiny(); // batch 32
        c.maxIterations = 3;
        ImageSet twenty = digits256().spread(20);
        List<String> log = new CopyOnWriteArrayList<>();
        TrainingRun run = new TrainingRun(c, twenty, tmp.resolve("out"), false, "t");
        run.addListener(new TrainingRun.Listener() {
            @Override
            public void onLog(String line) {
                log.add(line);
            }

            @Override
            public void onState(TrainingRun.State state, String message) {
                log.add(message);
            }
        });
        assertEquals(20, run.config().batchSize);
        assertEquals(32, c.batchSize, "the caller's configuration is left as it was");
        assertEquals(3, run(run).size());
        assertEquals(TrainingRun.State.FINISHED, run.state(), run.message());
        assertTrue(log.stream().anyMatch(l -> l.contains("20 images, fewer than one batch of 32: training in batches "
                + "of 20")), String.join("\n", log));
    }

    @Test
    void aLimitTakesItsImagesFromAcrossTheDataset() {
        TrainConfig c = tiny();
        c.limit = 100;
        ImageSet all = BuiltinDatasets.digits(ImageSpec.gray(28)); // sorted by class
        TrainingRun run = new TrainingRun(c, all, tmp.resolve("out"), false, "t");
        assertEquals(100, run.data().size());
        assertEquals(10, Arrays.stream(run.data().labels().orElseThrow()).distinct().count(),
                "all ten digits, not the first hundred images (all zeros)");
    }

    @Test
    void whenDHasWonTheRunPausesAndSaysWhyInAType() throws Exception {
        TrainConfig c = tiny();
        c.epochs = 100;
        // a guard that calls every iteration a win for D
        TrainingRun run = new TrainingRun(c, digits256(), tmp.resolve("out"), false, "t")
                .guard(new DivergenceGuard(0, 1));
        run.start();
        try {
            waitFor("D wins", 30, () -> run.state() == TrainingRun.State.PAUSED);
            assertEquals(TrainingRun.PauseReason.D_HAS_WON, run.pauseReason(), run.message());
            assertEquals(1, run.iteration());
        } finally {
            run.close();
        }
        assertEquals(null, run.pauseReason(), "not paused once stopped");

        TrainingRun asked = new TrainingRun(c, digits256(), tmp.resolve("out2"), false, "t");
        asked.pause();
        asked.start();
        try {
            waitFor("the run pauses", 30, () -> asked.state() == TrainingRun.State.PAUSED);
            assertEquals(TrainingRun.PauseReason.REQUESTED, asked.pauseReason());
        } finally {
            asked.close();
        }
    }

    @Test
    void aListenerThatShowsSamplesGetsThemAtTheFirstIterationAndEveryFewSeconds() throws Exception {
        TrainConfig c = tiny();
        c.epochs = 10_000;
        c.sampleEvery = 1_000_000; // the files: never, in this test
        List<long[]> live = new CopyOnWriteArrayList<>(); // {iteration, nanoTime}
        List<Long> logged = new CopyOnWriteArrayList<>();
        TrainingRun run = new TrainingRun(c, digits256(), tmp.resolve("out"), false, "t");
        run.addListener(new TrainingRun.Listener() {
            @Override
            public boolean wantsLiveSamples() {
                return true;
            }

            @Override
            public void onSamples(long iteration, dev.latentlab.model.Generated samples) {
                assertEquals(TrainingRun.SAMPLE_COUNT, samples.count());
                live.add(new long[] {iteration, System.nanoTime()});
            }
        });
        run.addListener(new TrainingRun.Listener() {
            @Override
            public void onSamples(long iteration, dev.latentlab.model.Generated samples) {
                logged.add(iteration);
            }
        });
        long t0 = System.nanoTime();
        run.start();
        try {
            waitFor("two live grids", 30, () -> live.size() >= 2);
        } finally {
            run.close();
        }
        assertEquals(1, live.get(0)[0], "the first grid comes at iteration 1");
        double gap = (live.get(1)[1] - live.get(0)[1]) / 1e9;
        assertTrue(gap >= TrainingRun.LIVE_SAMPLE_SECONDS * 0.9 && gap < TrainingRun.LIVE_SAMPLE_SECONDS + 5,
                "the next one after a few seconds of wall time: " + gap + " s");
        assertTrue(live.get(1)[0] > 1);
        assertEquals(List.of(run.iteration()), logged, "a listener that does not show them gets only the saved grids "
                + "(here: the one at stop), after " + (System.nanoTime() - t0) / 1e9 + " s");
    }
}
