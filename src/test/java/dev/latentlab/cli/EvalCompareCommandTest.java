package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latentlab.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval compare} prints one column per model and one for the real images, and a VAE's ELBO only for it. */
class EvalCompareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aGanAndAVaeSideBySide() throws Exception {
        String faces = Path.of("src/test/resources/eval/faces").toAbsolutePath().toString();
        Path gan = TinyModels.vividFaces(tmp.resolve("gan"), 3);
        Path vae = TinyModels.vae(tmp.resolve("vae"), "vae", 4, faces);
        Path json = tmp.resolve("table.json");
        CliRun r = CliRun.inProcess("eval", "compare", "--models", gan + "," + vae, "--real", faces, "--held-out",
                faces, "--samples", "40", "--held-out-samples", "40", "--quiet", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        String header = lines.stream().filter(l -> l.startsWith("figure")).findFirst().orElseThrow();
        assertTrue(header.contains("vividfaces") && header.contains("vae") && header.trim().endsWith("real"), header);
        String[] elbo = lines.stream().filter(l -> l.startsWith("neg_elbo.nats")).findFirst().orElseThrow()
                .trim().split("\\s+");
        assertEquals("—", elbo[1], "a GAN has no ELBO");
        assertTrue(Double.parseDouble(elbo[2]) > 0, "the VAE's held-out negative ELBO");
        String[] lap = lines.stream().filter(l -> l.startsWith("laplacian_var.rel")).findFirst().orElseThrow()
                .trim().split("\\s+");
        assertEquals("1.000", lap[3], "the real images are the unit of the relative sharpness");
        JsonObject doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(2, doc.getAsJsonArray("models").size());
        assertTrue(doc.getAsJsonArray("rows").size() >= 10, "every figure is in the JSON");
    }
}
