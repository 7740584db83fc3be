package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each shipped face reader against the labels a person took by eye (src/test/resources/eye-labels,
 * its README says how): per set and attribute, the agreement may not fall below what was recorded in
 * agreement.json when the labels were taken. A reader retrained or changed so that it reads fewer of
 * those images as the eye did fails here.
 */
class EyeLabelsTest {
    private static final Path ROOT = Path.of("src/test/resources/eye-labels");

    @Test
    void noShippedReaderFallsBelowItsRecordedAgreementWithTheEye() throws Exception {
        JsonObject recorded = JsonParser.parseString(Files.readString(ROOT.resolve("agreement.json"))).getAsJsonObject();
        List<String> failures = new ArrayList<>();
        // the readers the app and eval use, and the colour-robust ones shipped beside them
        List<Path> readers = new ArrayList<>(Classifiers.shipped(ClassifierInfo.Kind.FACES));
        try (var s = Files.list(Path.of("models"))) {
            s.filter(p -> p.getFileName().toString().startsWith("classifier-faces")
                    && Files.isRegularFile(p.resolve(Classifier.INFO))).sorted().forEach(p -> {
                        if (readers.stream().noneMatch(r -> r.getFileName().equals(p.getFileName()))) {
                            readers.add(p);
                        }
                    });
        }
        int checked = belowRecorded(recorded, readers, "", EyeLabels::load, failures);
        assertTrue(checked >= 20, "figures checked: " + checked);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    /**
     * The labels both passes gave alike (second-pass.csv: 142 images looked at again, blind, in a
     * shuffled order with as many undisputed images as disputed ones; the README says how): no
     * shipped reader may fall below the agreement recorded under "bothPasses" in agreement.json.
     */
    @Test
    void noShippedReaderFallsBelowItsRecordedAgreementOnTheLabelsBothPassesGaveAlike() throws Exception {
        JsonObject recorded = JsonParser.parseString(Files.readString(ROOT.resolve("agreement.json"))).getAsJsonObject()
                .getAsJsonObject("bothPasses");
        List<String> failures = new ArrayList<>();
        int checked = belowRecorded(recorded, Classifiers.shipped(ClassifierInfo.Kind.FACES), "two-pass ",
                EyeLabels::loadBothPasses, failures);
        assertTrue(checked >= 12, "figures checked: " + checked);
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    /** A set's labels, as loaded for one check. */
    private interface Loader {
        List<EyeLabels.Item> load(Path set) throws java.io.IOException;
    }

    /**
     * Each reader against the floors {@code recorded} holds for it (reader → set → attribute),
     * on labels {@code load}ed per set; adds a line to {@code failures} for each figure below its
     * floor (recorded to 4 decimals) and returns how many figures were checked.
     */
    private static int belowRecorded(JsonObject recorded, List<Path> readers, String kind, Loader load,
            List<String> failures) throws Exception {
        int checked = 0;
        for (Path dir : readers) {
            String reader = dir.getFileName().toString();
            JsonObject mine = recorded.getAsJsonObject(reader);
            assertTrue(mine != null, "agreement.json has no " + kind + "figures for the shipped reader " + reader);
            try (Classifier c = Classifier.open(dir)) {
                for (String set : mine.keySet()) {
                    JsonObject want = mine.getAsJsonObject(set);
                    for (EyeLabels.Agreement a : EyeLabels.agreement(c, load.load(ROOT.resolve(set)))) {
                        if (!want.has(a.attribute())) {
                            continue;
                        }
                        checked++;
                        double floor = want.get(a.attribute()).getAsDouble();
                        if (a.agreement() < floor - 5e-5) {
                            failures.add(String.format(java.util.Locale.ROOT, "%s on %s/%s: %.4f < recorded %.4f",
                                    reader, set, a.attribute(), a.agreement(), floor));
                        }
                    }
                }
            }
        }
        return checked;
    }

    @Test
    void aSecondLookThatDiffersOrCannotTellMakesTheLabelCantTell() throws Exception {
        Path dir = Files.createTempDirectory("eye2");
        Files.writeString(dir.resolve("labels.csv"), "file,Male,Smiling\na.png,1,1\nb.png,0,1\nc.png,1,0\n");
        Files.writeString(dir.resolve(EyeLabels.SECOND), "file,Male\na.png,1\nb.png,?\n");
        List<EyeLabels.Item> items = EyeLabels.loadBothPasses(dir);
        assertTrue(items.get(0).labels().get("Male"), "both looks said male");
        assertTrue(items.get(1).labels().get("Male") == null, "the second look could not tell");
        assertTrue(items.get(1).labels().get("Smiling"), "not looked at again for Smiling");
        assertTrue(items.get(2).labels().get("Male"), "not looked at again");
        Files.writeString(dir.resolve(EyeLabels.SECOND), "file,Male,Smiling\na.png,-,0\n");
        List<EyeLabels.Item> dash = EyeLabels.loadBothPasses(dir);
        assertTrue(dash.get(0).labels().get("Male"), "'-': not looked at again for Male");
        assertTrue(dash.get(0).labels().get("Smiling") == null, "looked at again for Smiling, and it differs");
        Files.writeString(dir.resolve(EyeLabels.SECOND), "file,Male\na.png,0\n");
        assertTrue(EyeLabels.loadBothPasses(dir).get(0).labels().get("Male") == null, "the looks differ");
        Files.writeString(dir.resolve(EyeLabels.SECOND), "file,Male\nz.png,0\n");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> EyeLabels.loadBothPasses(dir)).getMessage().contains("names images labels.csv does not: [z.png]"));
    }

    @Test
    void aLabelFileIsReadAsOneTwoOrCantTell() throws Exception {
        Path dir = Files.createTempDirectory("eye");
        Files.writeString(dir.resolve("labels.csv"), "file,Male,Smiling\na.png,1,?\nb.png,0,1\n");
        List<EyeLabels.Item> items = EyeLabels.load(dir);
        assertTrue(items.get(0).labels().get("Male"));
        assertTrue(items.get(0).labels().get("Smiling") == null);
        assertFalse(items.get(1).labels().get("Male"));
        Files.writeString(dir.resolve("labels.csv"), "file,Male\na.png,1,0\n");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> EyeLabels.load(dir))
                .getMessage().contains("3 fields"));
    }
}
