package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.Fixtures;
import dev.latentlab.TinyModels;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `info`: the model card a person reads, for a model folder and for PyTorch files. */
class InfoCommandTest {
    @TempDir
    Path tmp;

    private static void assertHas(String card, String... lines) {
        for (String l : lines) {
            assertTrue(card.contains(l), "the card shows '" + l + "':\n" + card);
        }
    }

    @Test
    void aModelFolderShowsItsProvenanceAsACard() throws Exception {
        Path dir = TinyModels.write(tmp.resolve("portraits"), NetSpec.dcgan(32, 3, 12, 8, 8), 3);
        Path json = dir.resolve(ModelStore.INFO);
        ModelInfo info = ModelInfo.parse(Files.readString(json), json.toString());
        info.dataset.name = "portraits32";
        info.dataset.source = "/data/portraits32 (made by: node tools/facegen/generate.js --count 500 --seed 4)";
        info.dataset.images = 12_500;
        info.dataset.attributes = List.of("Smiling", "Eyeglasses");
        info.provenance.iterations = 2466;
        info.provenance.imagesSeen = 157_824;
        info.provenance.wallSeconds = 3725;
        info.provenance.trainedWith = "LatentLab PyTorch 2.7.1 on cpu()";
        info.provenance.command = "latentlab train --data /data/portraits32 --ema 0.999 ; resumed: latentlab train --resume";
        info.provenance.config.putAll(Map.of("loss", "NON_SATURATING", "batchSize", 64L, "lrD", 2e-4, "lrG", 2e-4,
                "beta1", 0.5, "ema", 0.999));
        ModelInfo.Figure fd = new ModelInfo.Figure();
        fd.name = "fd";
        fd.value = "31.2";
        fd.command = "latentlab eval --model models/portraits --samples 2000 --seed 1";
        fd.machine = "2-core AMD EPYC";
        info.figures = List.of(fd);
        Files.writeString(json, info.toJson(), StandardCharsets.UTF_8);

        CliRun r = CliRun.inProcess("info", "--model", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertHas(r.out(), "portraits — GAN, DCGAN, 32×32 RGB, nz 12",
                "a LatentLab model folder",
                "generator      widths 32, 16, 8 ·",
                "discriminator  widths 8, 16, 32 ·",
                "name           portraits32",
                "source         /data/portraits32",
                "made by        node tools/facegen/generate.js --count 500 --seed 4",
                "images         12,500",
                "attributes     Smiling, Eyeglasses",
                "loss           NON_SATURATING", "batch          64", "lr D           0.0002", "Adam β1        0.5",
                "EMA            0.999",
                "iterations     2,466", "images seen    157,824", "wall time      1 h 2 min (3,725 s)",
                "trained with   LatentLab PyTorch 2.7.1 on cpu()",
                "command        latentlab train --data /data/portraits32 --ema 0.999",
                "resumed        1 time, last: latentlab train --resume",
                "fd             31.2",
                "measured by  latentlab eval --model models/portraits --samples 2000 --seed 1 (2-core AMD EPYC)");
        // lines stay readable: wrapped at 100 columns
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 100), r.out());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "safetensors/netG_BF16.safetensors | a safetensors state_dict",
        "dcgan32nd/netG.pth | a PyTorch state_dict",
        "dcgan32nd/netG.pt | a TorchScript module"})
    void aPyTorchFileShowsWhatIsKnownAndSaysWhatIsNot(String file, String kind) {
        CliRun r = CliRun.inProcess("info", "--model", Fixtures.path(file).toString());
        assertEquals(0, r.exitCode(), r.err());
        assertHas(r.out(), kind, "GAN, DCGAN, 32×32 gray, nz 20", "generator      widths 24, 12, 6",
                "not in this file (a generator's weights only)", "iterations     not recorded",
                "not recorded: " + kind + " carries no training record");
        assertFalse(r.out().contains("images seen"), r.out());
        if (file.endsWith(".safetensors")) {
            assertHas(r.out(), "safetensors __metadata__: {format=pt}");
        }
    }

    @Test
    void aMissingModelIsNamed() {
        CliRun r = CliRun.inProcess("info", "--model", tmp.resolve("nowhere").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nowhere does not exist"), r.err());
    }
}
