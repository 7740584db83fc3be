package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during train: the work done so far is saved, and the user is told so. */
class TrainInterruptTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "SIG{0} before the first checkpoint saves a checkpoint and the model")
    @CsvSource({"INT, 130", "TERM, 143"})
    void ctrlCOrSigtermBeforeTheFirstCheckpointSavesACheckpointAndTheModel(String signal, int code) throws Exception {
        assumeFalse(signal.equals("INT") && sigintIgnored(), SIGINT_IGNORED);
        Path work = Files.createDirectories(tmp.resolve("w"));
        Path out = tmp.resolve("run");
        // a checkpoint every hour: without the final save nothing would be on disk
        Process p = startAndAwaitProgress(work, out, 64);
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run stops after the signal");
        } finally {
            p.destroyForcibly(); // never a training left running after a failed test
        }
        CliRun r = CliRun.finished(work, p.exitValue());

        assertEquals(code, r.exitCode(), "a run stopped by a signal exits as shells expect (128 + its number)");
        assertTrue(r.err().contains("stopping: saving a checkpoint and the model"), r.err());
        assertTrue(r.err().contains("checkpoint and model saved in"), r.err());
        long saved = Checkpoint.readState(Checkpoint.find(out)).iteration;
        assertTrue(saved > 0, "the checkpoint holds the iterations done");
        try (GanModel m = ModelStore.open(out)) {
            assertEquals(saved, m.info().provenance.iterations, "and the model is the checkpoint's");
        }
        assertTrue(Files.size(out.resolve("samples.png")) > 0);
    }

    @Test
    void aSecondCtrlCAbortsWithoutWaitingForTheSave() throws Exception {
        assumeFalse(sigintIgnored(), SIGINT_IGNORED);
        Path work = Files.createDirectories(tmp.resolve("w"));
        Path out = tmp.resolve("run");
        // iterations of 2,048 images: the first Ctrl-C waits for the one under way, then saves
        Process p = startAndAwaitProgress(work, out, 2048);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            // the second, while the run still finishes its iteration, aborts
            Thread.sleep(100);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ends");
        } finally {
            p.destroyForcibly();
        }
        CliRun r = CliRun.finished(work, p.exitValue());
        assertEquals(130, r.exitCode());
        assertTrue(r.err().contains("aborted without saving"), r.err());
    }

    private static final String SIGINT_IGNORED = "SIGINT is ignored in this process (a background job of a shell "
            + "without job control ignores it, and the child JVMs inherit that), so no Ctrl-C can reach them";

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status), as its children then do. */
    static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
                }
            }
        } catch (java.io.IOException | RuntimeException notLinux) {
            // no /proc: assume the signal is delivered
        }
        return false;
    }

    /**
     * An MLP GAN's run in a new JVM (a DCGAN's first iterations turn NaN now and then on this
     * machine's libtorch), once its progress line shows that it trains; {@code batch} images an
     * iteration.
     */
    private static Process startAndAwaitProgress(Path work, Path out, int batch) throws Exception {
        Process p = CliRun.startJvm(work, e -> false, Map.of(), "train", "--data", "builtin:digits", "--arch", "mlp",
                "--limit", Integer.toString(Math.max(256, batch)), "--batch", Integer.toString(batch), "--size", "28",
                "--iterations", "100000", "--checkpoint-minutes", "60", "--out", out.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(work.resolve("stderr.txt")).contains("it ") && System.nanoTime() < deadline
                && p.isAlive()) {
            Thread.sleep(200);
        }
        assertTrue(p.isAlive(), () -> "training started: " + read(work.resolve("stderr.txt")));
        return p;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
