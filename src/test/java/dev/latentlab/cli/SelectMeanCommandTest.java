package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval ablation --select-mean}: the removal search selects with the mean of two readers. */
class SelectMeanCommandTest {
    @TempDir
    Path tmp;

    @Test
    void selectMeanGoesWithTheSearchAndSaysSo() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("faces"), 4);
        String b = Classifiers.locateSecond(ClassifierInfo.Kind.FACES).orElseThrow().toString();
        EditCommandsTest.Run wrong = EditCommandsTest.cli("eval", "ablation", "--model", model.toString(), "--attribute",
                "Wearing_Hat", "--k", "2", "--select-mean", b, "--quiet");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("--select-mean goes with --ranking search"), wrong.err());
        EditCommandsTest.Run r = EditCommandsTest.cli("eval", "ablation", "--model", model.toString(), "--attribute",
                "Wearing_Hat", "--k", "2", "--layer", "1", "--ranking", "search", "--samples", "20", "--search-samples",
                "20", "--select-mean", b, "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("# selects     with the mean of classifier-faces and classifier-faces-b"), r.out());
    }
}
