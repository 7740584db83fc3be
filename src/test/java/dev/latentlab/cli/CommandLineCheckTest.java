package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values out of range are refused with a message naming the option, before any work starts. */
class CommandLineCheckTest {
    @TempDir
    Path tmp;

    private static void refused(String expected, String... args) {
        CliRun r = CliRun.inProcess(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains(expected), "expected \"" + expected + "\" in: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** Every command's --help, as a user types it: printed whole, without a picocli warning about its text. */
    @Test
    void everyCommandsHelpPrintsCleanly() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(new picocli.CommandLine(new Cli()), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() > 30, "commands found: " + paths.size());
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            CliRun r = CliRun.inProcess(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage: latentlab"), String.join(" ", args) + ": " + r.out());
            assertFalse(r.err().contains("WARN") || r.out().contains("%n"), String.join(" ", args) + ": " + r.err());
        }
    }

    private static void collect(picocli.CommandLine c, java.util.List<String> path,
            java.util.List<java.util.List<String>> out) {
        for (java.util.Map.Entry<String, picocli.CommandLine> e : c.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            java.util.List<String> p = new java.util.ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void aSampleCountBelowOneIsRefusedByName() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        Path png = tmp.resolve("grid.png");
        refused("'--count': must be at least 1, not 0", "sample", "--model", model.toString(), "--count", "0",
                "--out", png.toString());
        refused("'--count': must be at least 1, not -5", "sample", "--model", model.toString(), "--count", "-5",
                "--out", png.toString());
        refused("'--scale': must be at least 1, not 0", "sample", "--model", model.toString(), "--scale", "0",
                "--out", png.toString());
        refused("'--cols': must be a whole number, not \"two\"", "sample", "--model", model.toString(), "--cols",
                "two", "--out", png.toString());
        assertFalse(Files.exists(png), "nothing was written");
    }

    @Test
    void vaeArgumentsAndComparisonsAreCheckedByName() throws Exception {
        Path out = tmp.resolve("vae");
        refused("unknown likelihood 'poisson' (gaussian, bernoulli or auto)", "train", "--arch", "vae", "--data",
                "builtin:digits", "--likelihood", "poisson", "--out", out.toString());
        refused("unknown architecture 'flow' (dcgan, mlp, vae or mlp-vae)", "train", "--arch", "flow", "--data",
                "builtin:digits", "--out", out.toString());
        refused("'--sigma': must be above 0, not 0", "train", "--arch", "vae", "--data", "builtin:digits",
                "--sigma", "0", "--out", out.toString());
        refused("a VAE keeps no moving average", "train", "--arch", "vae", "--data", "builtin:digits", "--ema",
                "0.999", "--out", out.toString());
        refused("a VAE has no D or G steps", "train", "--arch", "mlp-vae", "--data", "builtin:digits", "--d-steps",
                "2", "--out", out.toString());
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        refused("--models needs at least two models", "eval", "compare", "--models", model.toString());
        Path digits = TinyModels.write(tmp.resolve("gray"), dev.latentlab.nn.NetSpec.dcgan(28, 1, 16, 8, 8), 2);
        refused("compare models of the same images", "eval", "compare", "--models", model + "," + digits);
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void everyCommandChecksItsNumbers() {
        Path out = tmp.resolve("out");
        refused("'--batch': must be at least 1, not 0", "train", "--data", "builtin:digits", "--batch", "0",
                "--out", out.toString());
        refused("'--limit': must be at least 0, not -1", "train", "--data", "builtin:digits", "--limit", "-1",
                "--out", out.toString());
        refused("'--checkpoint-minutes': must be above 0, not 0", "train", "--data", "builtin:digits",
                "--checkpoint-minutes", "0", "--out", out.toString());
        refused("'--lr': must be above 0, not -1e-4", "train", "--data", "builtin:digits", "--lr", "-1e-4",
                "--out", out.toString());
        refused("'--calls': must be at least 1, not 0", "bench", "--calls", "0");
        refused("'--samples': must be at least 1, not 0", "eval", "--model", "m", "--samples", "0");
        refused("'--trials': must be at least 1, not 0", "eval", "arithmetic", "--model", "m", "--trials", "0");
        refused("'--k': must be at least 1, not 0", "eval", "ablation", "--model", "m", "--attribute", "Smiling",
                "--k", "0");
        refused("'--epochs': must be at least 1, not 0", "train-classifier", "--kind", "digits", "--data",
                "builtin:digits", "--out", out.toString(), "--epochs", "0");
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void aNamedChoiceOutsideItsValuesListsThem() {
        Path out = tmp.resolve("run");
        refused("'--loss': minmax is not one of non-saturating, minimax", "train", "--data", "builtin:digits",
                "--loss", "minmax", "--out", out.toString());
        refused("'--noise': gaussian is not one of normal, uniform", "train", "--data", "builtin:digits",
                "--noise", "gaussian", "--out", out.toString());
    }

    @Test
    void aHugeLatentSizeIsRefusedBeforeLibtorchTriesToAllocateIt() {
        refused("nz must be at most 100000, not 2000000000", "train", "--data", "builtin:digits", "--nz",
                "2000000000", "--out", tmp.resolve("run").toString());
    }

    @Test
    void resumingOnOtherDataIsRefused() throws Exception {
        // a model whose model.json says it learned from builtin:digits
        Path out = TinyModels.write(tmp.resolve("run"), dev.latentlab.nn.NetSpec.dcgan(28, 1, 16, 8, 8), 1);
        Path json = out.resolve("model.json");
        dev.latentlab.model.ModelInfo info = dev.latentlab.model.ModelInfo.parse(Files.readString(json), "test");
        info.dataset.source = "builtin:digits";
        Files.writeString(json, info.toJson());
        Path other = Files.createDirectories(tmp.resolve("faces"));
        refused("--data " + other + " is not the data this run trained on (builtin:digits)", "train", "--resume",
                "--data", other.toString(), "--iterations", "2", "--out", out.toString());
    }

    @Test
    void evalWithRealImagesThatCannotBeReadFails() {
        refused("--real /nonexistent", "eval", "--model", "models/digits", "--classifier", "models/classifier-digits",
                "--samples", "16", "--real", "/nonexistent");
    }

    @Test
    void aNameTheLanguageSettingCannotWriteIsExplained() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("w"));
        CliRun r = CliRun.newJvm(work, e -> false, java.util.Map.of("LANG", "C", "LC_ALL", "C"), 60, "sample",
                "--model", "donn\u00e9es", "--out", "x.png");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("cannot write as a file name; run with a UTF-8 locale"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
