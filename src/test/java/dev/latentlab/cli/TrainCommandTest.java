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

        // the recipe options given on resume are taken, not silently dropped; the networks cannot change
        assertEquals(0, Cli.run("train", "--resume", "--iterations", "7", "--label-smoothing", "0.1", "--d-steps", "2",
                "--out", out.toString()));
        s = Checkpoint.readState(Checkpoint.find(out));
        assertEquals(0.9, s.config.realLabel, 1e-12);
        assertEquals(2, s.config.dSteps);
        CliRun refused = CliRun.inProcess("train", "--resume", "--iterations", "8", "--nz", "50", "--out", out.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--nz 50 cannot change when a run is resumed: this run's is 100"),
                refused.err());
        assertEquals(7, Checkpoint.readState(Checkpoint.find(out)).iteration, "the refused run did not train");
    }

    @Test
    void withoutDataOrACheckpointToResumeItIsAUsageError() {
        assertEquals(2, Cli.run("train", "--out", tmp.resolve("a").toString()));
        assertEquals(2, Cli.run("train", "--resume", "--out", tmp.resolve("b").toString()));
        assertFalse(Files.exists(tmp.resolve("b").resolve("model.json")));
    }

    @Test
    void resumingAModelWithoutACheckpointTakesItsArchitectureFromModelJson() throws Exception {
        // a 28x28 gray model with ngf 8 (the command's defaults would be 32x32, ngf 64): no checkpoint,
        // and its model.json names no data
        Path out = dev.latentlab.TinyModels.write(tmp.resolve("model"),
                dev.latentlab.nn.NetSpec.dcgan(28, 1, 16, 8, 8), 3);
        CliRun refused = CliRun.inProcess("train", "--resume", "--iterations", "2", "--out", out.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("does not say what data it was trained on")
                && refused.err().contains("give --data"), refused.err());

        CliRun r = CliRun.inProcess("train", "--resume", "--data", "builtin:digits", "--limit", "64",
                "--iterations", "2", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (dev.latentlab.model.GanModel m = dev.latentlab.model.ModelStore.open(out)) {
            assertEquals(dev.latentlab.nn.NetSpec.dcgan(28, 1, 16, 8, 8).describe(), m.spec().describe());
            assertEquals(2, m.info().provenance.iterations);
        }
    }
}
