package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.io.FolderLock;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What train does with the folder it writes: never replaces a model unasked, one run at a time, no debris. */
class TrainOutputFolderTest {
    @TempDir
    Path tmp;

    private static final String[] TINY = {"train", "--data", "builtin:digits", "--arch", "mlp", "--limit", "256",
        "--size", "28"};

    private static CliRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(TINY));
        args.addAll(List.of(more));
        args.add("--out");
        args.add(out.toString());
        return CliRun.inProcess(args.toArray(String[]::new));
    }

    @Test
    void aFolderHoldingAModelIsRefusedWithoutResumeOrForce() throws Exception {
        Path out = TinyModels.write(tmp.resolve("model"), NetSpec.dcgan(28, 1, 16, 16, 16), 3);
        byte[] before = Files.readAllBytes(out.resolve(ModelStore.GENERATOR));

        CliRun refused = train(out, "--iterations", "1");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains(out + " already holds a model") && refused.err().contains("--resume")
                && refused.err().contains("--force"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve(ModelStore.GENERATOR)), "the model is untouched");

        CliRun forced = train(out, "--iterations", "1", "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        try (GanModel m = ModelStore.open(out)) {
            assertEquals(1, m.info().provenance.iterations, "--force replaced it with the new run's model");
        }
        CliRun again = train(out, "--iterations", "1");
        assertEquals(2, again.exitCode(), "a run's own folder (with its checkpoint) is protected the same way");
        assertTrue(again.err().contains("checkpoint (iteration 1)"), again.err());
    }

    @Test
    void aSecondRunInTheSameFolderIsRefusedNamingTheFirstsProcess() throws Exception {
        Path out = tmp.resolve("run");
        try (FolderLock held = FolderLock.acquire(out, "a training run is writing")) {
            CliRun r = train(out, "--iterations", "1");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains(out + " is in use") && r.err().contains("process "
                    + ProcessHandle.current().pid()), r.err());
            assertFalse(Files.exists(out.resolve(ModelStore.INFO)), "it wrote nothing");
        }
        assertEquals(0, train(out, "--iterations", "1").exitCode(), "once the first ends, the folder is free");
    }

    @Test
    void whatAKilledRunLeftIsRemovedAtTheNextStartInTheFolder() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, train(out, "--iterations", "1", "--keep-models").exitCode());
        // what kills during saves used to leave: temporary files, a half checkpoint, kept models of temp files only
        Files.writeString(out.resolve(".generator.npz.8472.tmp"), "half");
        Files.createDirectories(out.resolve("checkpoint.tmp"));
        Files.writeString(out.resolve("checkpoint.tmp/generator.npz"), "half");
        Files.createDirectories(out.resolve("models/it-0000042"));
        Files.writeString(out.resolve("models/it-0000042/.generator.npz.99.tmp"), "half");
        Files.createDirectories(out.resolve("models/.it-0000043.77.tmp"));

        CliRun r = train(out, "--resume", "--iterations", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("removed what an interrupted run left"), r.err());
        assertFalse(Files.exists(out.resolve(".generator.npz.8472.tmp")));
        assertFalse(Files.exists(out.resolve("checkpoint.tmp")));
        assertFalse(Files.exists(out.resolve("models/it-0000042")));
        assertFalse(Files.exists(out.resolve("models/.it-0000043.77.tmp")));
        try (Stream<Path> kept = Files.list(out.resolve("models"))) {
            for (Path m : kept.toList()) {
                try (GanModel g = ModelStore.open(m)) {
                    assertTrue(g.info().provenance.iterations > 0, m + " is a whole model");
                }
            }
        }
    }

    @Test
    void trainCsvIsCutBackToTheCheckpointsIterationOnResume() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, train(out, "--iterations", "2").exitCode());
        // a run killed after its checkpoint at 2 had logged 3 and 4 and half of 5
        Path csv = out.resolve("train.csv");
        List<String> lines = Files.readAllLines(csv);
        String row = lines.get(2).substring(lines.get(2).indexOf(','));
        Files.writeString(csv, "3" + row + "\n4" + row + "\n5,0,0.3", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, Checkpoint.readState(Checkpoint.find(out)).iteration);

        assertEquals(0, train(out, "--resume", "--iterations", "4").exitCode());
        List<String> iterations = Files.readAllLines(csv).stream().skip(1).map(l -> l.substring(0, l.indexOf(',')))
                .toList();
        assertEquals(List.of("1", "2", "3", "4"), iterations, "each iteration once, in order");
    }

    @Test
    void weightsThatTurnedNanAreNeverSavedAsAModel() throws Exception {
        Path out = tmp.resolve("run");
        // G's learning rate beyond float32: its first update makes G's weights infinite, after the
        // iteration's loss (the divergence check) was computed from finite ones
        CliRun r = train(out, "--iterations", "1", "--lr-g", "1e39");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("holds NaN or infinite values, so nothing was saved"), r.err());
        assertFalse(Files.exists(out.resolve(ModelStore.INFO)), "no model that draws blank images");
        assertFalse(Files.exists(out.resolve(Checkpoint.DIR)));
    }

    @Test
    void anOutUnderAFileIsRefusedInWordsBeforeTheDataIsLoaded() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes"), "a file");
        CliRun r = train(file.resolve("run"), "--iterations", "1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(file + " is a file, where a folder should be"), r.err());
        assertFalse(r.err().contains("loading"), "refused before loading the data: " + r.err());
        assertFalse(r.err().contains(".tmp") || r.err().contains("Exception"), r.err());
    }
}
