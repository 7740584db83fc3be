package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees of `java -jar latentlab.jar COMMAND`: each run in a JVM of its own. */
class CommandOutputTest {
    @TempDir
    Path tmp;

    @Test
    void aCommandPrintsOnlyLatentLabsLinesUnlessVerbose() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        CliRun quiet = CliRun.newJvm(Files.createDirectories(tmp.resolve("q")), e -> false, Map.of(), 120,
                "sample", "--model", model.toString(), "--count", "4", "--out", tmp.resolve("q.png").toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        List<String> lines = quiet.err().lines().toList();
        assertEquals(1, lines.size(), "only LatentLab's line, not DJL's log or libtorch's warnings: " + lines);
        assertTrue(lines.get(0).startsWith("wrote "), lines.get(0));

        CliRun verbose = CliRun.newJvm(Files.createDirectories(tmp.resolve("v")), e -> false, Map.of(), 120,
                "sample", "--verbose", "--model", model.toString(), "--count", "4", "--out",
                tmp.resolve("v.png").toString());
        assertEquals(0, verbose.exitCode(), verbose.err());
        assertTrue(verbose.err().contains("INFO ai.djl"), "--verbose shows DJL's log: " + verbose.err());
        assertTrue(verbose.err().contains("AutoNonVariableTypeMode"), "and libtorch's warning: " + verbose.err());
    }

    @Test
    void theAppPrintsNeitherDjlsLogNorLibtorchsWarningsAtStart() throws Exception {
        Path root = tmp.resolve("root");
        TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
        Path home = tmp.resolve("home");
        // no command: the app opens (headless, through Monocle), opens its model and draws; stopped after 45 s
        String jvm = "-Djava.awt.headless=true -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw"
                + " -Dlatentlab.root=" + root + " -Dlatentlab.home=" + home;
        CliRun app = CliRun.newJvm(Files.createDirectories(tmp.resolve("app")), e -> false,
                Map.of("JAVA_TOOL_OPTIONS", jvm), 45);
        assertTrue(Files.exists(home.resolve("settings.json")) && Files.readString(home.resolve("settings.json"))
                .contains("tiny"), "the app opened its model (so the engine started): " + app.err());
        List<String> library = (app.out() + app.err()).lines()
                .filter(l -> l.contains("INFO") || l.contains("AutoNonVariableTypeMode")).toList();
        assertEquals(List.of(), library, "only LatentLab's lines, as a command prints");
    }

    @Test
    void trainingEndsWithAMessageWhenTheEngineCannotStart() throws Exception {
        // no PyTorch natives on the class path and an empty cache: offline, the engine cannot start
        Path cache = Files.createDirectories(tmp.resolve("empty-cache"));
        CliRun r = CliRun.newJvm(Files.createDirectories(tmp.resolve("w")), e -> e.contains("pytorch-native-cpu"),
                Map.of("DJL_CACHE_DIR", cache.toString(), "ENGINE_CACHE_DIR", cache.toString()), 90,
                "train", "--data", "builtin:digits", "--size", "28", "--limit", "64", "--iterations", "1",
                "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exitCode(), "the command ends (-1: it was still waiting after 90 s): " + r.err());
        assertTrue(r.err().contains("training failed") && r.err().contains("could not start the PyTorch engine"),
                r.err());
    }
}
