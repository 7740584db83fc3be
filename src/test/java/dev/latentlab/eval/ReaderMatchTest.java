package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.model.GanModel.Source;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.nn.NetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader a model gets follows its data, not its image size alone. */
class ReaderMatchTest {
    private static final NetSpec RGB64 = NetSpec.dcgan(64, 3, 100, 64, 64);
    private static final NetSpec GRAY28 = NetSpec.dcgan(28, 1, 100, 64, 64);

    private static ModelInfo trainedOn(NetSpec spec, String name, String source, List<String> attributes) {
        ModelInfo info = ModelInfo.of("m", spec);
        info.dataset.name = name;
        info.dataset.source = source;
        info.dataset.attributes = attributes;
        return info;
    }

    @Test
    void facegenDataIsReadByTheFaceReaders() {
        ReaderMatch r = ReaderMatch.of(trainedOn(RGB64, "faces64h",
                "/work/data/faces64h (made by: node tools/facegen/generate.js --count 20000)", List.of("Male", "Smiling")),
                RGB64, Source.FOLDER, "faces64");
        assertEquals(ClassifierInfo.Kind.FACES, r.kind());
        assertTrue(r.why().contains("faces64h"), r.why());
    }

    @Test
    void anotherDataSetOfTheFacesSizeGetsNoReader() {
        ReaderMatch r = ReaderMatch.of(trainedOn(RGB64, "emoji", "/data/twemoji/emoji", List.of()), RGB64,
                Source.FOLDER, "emoji64");
        assertNull(r.kind(), "64×64 RGB emoji are not faces");
        assertTrue(r.why().contains("emoji") && r.why().contains("no shipped reader"), r.why());
    }

    @Test
    void digitsAt64RgbAreNeitherFacesNorReadableByTheDigitReader() {
        assertNull(ReaderMatch.of(trainedOn(RGB64, "digits", "builtin:digits", List.of()), RGB64, Source.FOLDER, "d")
                .kind());
        assertEquals(ClassifierInfo.Kind.DIGITS, ReaderMatch.of(trainedOn(GRAY28, "digits", "builtin:digits",
                List.of()), GRAY28, Source.FOLDER, "d").kind());
    }

    @Test
    void aFolderLabelledWithFaceAttributesIsFaces(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("list_attr.txt"), "2\nMale Smiling\na.png 1 -1\nb.png -1 1\n");
        ModelInfo info = trainedOn(RGB64, "portraits", tmp.toString(), List.of());
        assertEquals(ClassifierInfo.Kind.FACES, ReaderMatch.of(info, RGB64, Source.FOLDER, "p").kind());
    }

    @Test
    void aPyTorchFileGetsNoReaderUntilOneIsDeclared() {
        for (Source s : List.of(Source.PTH, Source.SAFETENSORS, Source.TORCHSCRIPT)) {
            ReaderMatch r = ReaderMatch.of(ModelInfo.of("netG", RGB64), RGB64, s, "netG_epoch_24.pth");
            assertNull(r.kind(), s + ": its data is not recorded");
            assertTrue(r.why().contains("netG_epoch_24.pth does not record what it was trained on"), r.why());
        }
        assertTrue(ReaderMatch.hint(RGB64).contains("--classifier models/classifier-faces"), ReaderMatch.hint(RGB64));
        assertEquals(ClassifierInfo.Kind.FACES, ReaderMatch.declared(ClassifierInfo.Kind.FACES, RGB64).kind());
        ReaderMatch wrong = ReaderMatch.declared(ClassifierInfo.Kind.DIGITS, RGB64);
        assertNull(wrong.kind(), "the digit reader cannot read 64×64 RGB");
        assertTrue(wrong.why().contains("64×64 RGB"), wrong.why());
    }

    @Test
    void aFolderWithoutRecordedDataIsReadByItsSizeAndSaysSo() {
        ModelInfo random = ModelInfo.of("tiny", RGB64);
        random.dataset.name = "none (random weights)";
        ReaderMatch r = ReaderMatch.of(random, RGB64, Source.FOLDER, "tiny");
        assertEquals(ClassifierInfo.Kind.FACES, r.kind());
        assertTrue(r.why().contains("not recorded"), r.why());
        assertNull(ReaderMatch.of(random, NetSpec.dcgan(32, 3, 100, 64, 64), Source.FOLDER, "tiny").kind(),
                "no reader takes 32×32 RGB");
    }
}
