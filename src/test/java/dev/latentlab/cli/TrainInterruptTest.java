package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during train: the work done so far is saved, and the user is told so. */
class TrainInterruptTest {
    @TempDir
    Path tmp;

    @Test
    void ctrlCBeforeTheFirstCheckpointSavesACheckpointAndTheModel() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("w"));
        Path out = tmp.resolve("run");
        // a checkpoint every hour: without the final save nothing would be on disk
        Process p = CliRun.startJvm(work, e -> false, Map.of(), "train", "--data", "builtin:digits", "--limit", "256",
                "--size", "28", "--iterations", "100000", "--checkpoint-minutes", "60",
                "--out", out.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // the progress line ("it N/100000 …") shows that training runs
        while (!Files.readString(work.resolve("stderr.txt")).contains("it ") && System.nanoTime() < deadline
                && p.isAlive()) {
            Thread.sleep(200);
        }
        assertTrue(p.isAlive(), () -> "training started: " + read(work.resolve("stderr.txt")) + read(work.resolve("stdout.txt")) + p.isAlive());
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run stops after Ctrl-C");
        CliRun r = CliRun.finished(work, p.exitValue());

        assertEquals(130, r.exitCode(), "a run stopped by Ctrl-C exits as shells expect (128 + SIGINT)");
        assertTrue(r.err().contains("stopping: saving a checkpoint and the model"), r.err());
        assertTrue(r.err().contains("checkpoint and model saved in"), r.err());
        long saved = Checkpoint.readState(Checkpoint.find(out)).iteration;
        assertTrue(saved > 0, "the checkpoint holds the iterations done");
        try (GanModel m = ModelStore.open(out)) {
            assertEquals(saved, m.info().provenance.iterations, "and the model is the checkpoint's");
        }
        assertTrue(Files.size(out.resolve("samples.png")) > 0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
