package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.nn.NetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelStoreTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "save and load of a {0} model gives bit-identical output")
    @ValueSource(strings = {"dcgan28", "dcgan64", "dcgan128", "mlp"})
    void saveLoadRoundTripIsBitIdentical(String kind) throws IOException {
        NetSpec spec = switch (kind) {
            case "dcgan28" -> NetSpec.dcgan(28, 1, 10, 8, 8);
            case "dcgan64" -> NetSpec.dcgan(64, 3, 12, 4, 4);
            case "dcgan128" -> NetSpec.dcgan(128, 3, 8, 2, 2);
            default -> NetSpec.mlp(28, 1, 10, new int[] {32, 64}, new int[] {64});
        };
        Path dir = TinyModels.write(tmp.resolve("a"), spec, 3);
        float[] z = TinyModels.gaussian(4 * spec.nz(), 9);
        float[] first;
        try (GanModel m = ModelStore.open(dir)) {
            assertEquals(spec, m.spec());
            first = m.generate(z, 4).images();
            assertEquals(4 * spec.pixels(), first.length);
            ModelStore.save(m, tmp.resolve("b"));
        }
        try (GanModel m = ModelStore.open(tmp.resolve("b"))) {
            assertArrayEquals(first, m.generate(z, 4).images());
            assertNotNull(m.discriminator());
        }
    }

    @Test
    void importedPthSavesAsAModelFolderWithTheSameOutput() throws IOException {
        Path pth = dev.latentlab.Fixtures.path("dcgan32nd/netG.pth");
        float[] z = dev.latentlab.Fixtures.npy("dcgan32nd/z.npy").data();
        float[] want;
        try (GanModel m = ModelStore.open(pth)) {
            want = m.generate(z, 4).images();
            ModelStore.save(m, tmp.resolve("imported"));
        }
        try (GanModel m = ModelStore.open(tmp.resolve("imported"))) {
            assertArrayEquals(want, m.generate(z, 4).images());
            assertEquals(GanModel.Source.FOLDER, m.source());
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaries() throws IOException {
        Path file = tmp.resolve("model.json");
        AtomicFiles.writeString(file, "previous");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
        assertEquals("previous", Files.readString(file));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file remains");
        }
    }

    @Test
    void savingOverAModelKeepsItOpenableAtEveryStep() throws IOException {
        Path dir = TinyModels.dcgan32(tmp.resolve("m"));
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        TinyModels.write(dir, NetSpec.dcgan(32, 3, 16, 8, 8), 2);
        try (GanModel m = ModelStore.open(dir)) {
            assertEquals(16, m.nz());
        }
    }

    @Test
    void masksSwitchOnAndOffWithoutReloading() throws IOException {
        Path dir = TinyModels.dcgan32(tmp.resolve("m"));
        try (GanModel m = ModelStore.open(dir)) {
            float[] z = TinyModels.gaussian(2 * m.nz(), 5);
            float[] plain = m.generate(z, 2).images();
            var mask = dev.latentlab.nn.ChannelMask.none().with(1, 3, true).with(1, 5, true);
            float[] masked = m.generate(z, 2, mask, java.util.Set.of()).images();
            assertFalse(Arrays.equals(plain, masked), "removing channels changes the image");
            assertArrayEquals(plain, m.generate(z, 2).images(), "mask off again gives the identical image");
        }
    }

    @Test
    void maskingAChannelZeroesExactlyThatChannel() throws IOException {
        Path dir = TinyModels.dcgan32(tmp.resolve("m"));
        try (GanModel m = ModelStore.open(dir)) {
            float[] z = TinyModels.gaussian(3 * m.nz(), 6);
            int layer = 1;
            Generated plain = m.generate(z, 3, dev.latentlab.nn.ChannelMask.none(), java.util.Set.of(layer));
            Generated masked = m.generate(z, 3, dev.latentlab.nn.ChannelMask.none().with(layer, 2, true),
                    java.util.Set.of(layer));
            Generated.Activations a = plain.activations().get(layer);
            Generated.Activations b = masked.activations().get(layer);
            assertEquals(m.layers().get(layer).channels(), a.channels());
            int plane = a.height() * a.width();
            boolean someNonZero = false;
            for (int n = 0; n < 3; n++) {
                for (int c = 0; c < a.channels(); c++) {
                    for (int i = 0; i < plane; i++) {
                        int k = (n * a.channels() + c) * plane + i;
                        if (c == 2) {
                            assertEquals(0f, b.values()[k], "removed channel is zero everywhere");
                            someNonZero |= a.values()[k] != 0;
                        } else {
                            assertEquals(a.values()[k], b.values()[k], "other channels are untouched");
                        }
                    }
                }
            }
            assertTrue(someNonZero, "the channel was active before removal");
        }
    }
}
