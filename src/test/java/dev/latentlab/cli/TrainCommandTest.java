package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void resumeContinuesFromTheCheckpointWithoutNamingTheDataAgain() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, Cli.run("train", "--data", "builtin:digits", "--limit", "256", "--size", "28",
                "--iterations", "3", "--keep-models", "--out", out.toString()));
        assertEquals(3, Checkpoint.readState(Checkpoint.find(out)).iteration);
        assertTrue(Files.isRegularFile(out.resolve("models/it-0000003/generator.npz")));

        assertEquals(0, Cli.run("train", "--resume", "--iterations", "5", "--out", out.toString()));
        Checkpoint.State s = Checkpoint.readState(Checkpoint.find(out));
        assertEquals(5, s.iteration);
        assertEquals("builtin:digits", s.config.data);
        assertEquals(256, s.config.limit, "the resumed run keeps the first run's configuration");
        assertTrue(Files.isRegularFile(out.resolve("models/it-0000005/generator.npz")), "and keeps keeping models");
        assertEquals(1 + 5, Files.readAllLines(out.resolve("train.csv")).size(), "header and 5 records");
        assertEquals(2e-4, s.config.lrG);

        assertEquals(0, Cli.run("train", "--resume", "--iterations", "6", "--lr", "5e-5", "--out", out.toString()));
        s = Checkpoint.readState(Checkpoint.find(out));
        assertEquals(6, s.iteration);
        assertEquals(5e-5, s.config.lrG, "a resumed run may lower its learning rates");
        assertEquals(5e-5, s.config.lrD);
    }

    @Test
    void withoutDataOrACheckpointToResumeItIsAUsageError() {
        assertEquals(2, Cli.run("train", "--out", tmp.resolve("a").toString()));
        assertEquals(2, Cli.run("train", "--resume", "--out", tmp.resolve("b").toString()));
        assertFalse(Files.exists(tmp.resolve("b").resolve("model.json")));
    }
}
