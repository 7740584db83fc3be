package dev.latentlab.cli;

import com.google.gson.GsonBuilder;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.model.GanModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Helpers shared by the eval and train-classifier commands. */
final class EvalCommands {
    private EvalCommands() {}

    /**
     * The command line as typed, "latentlab ARGS", each argument quoted for a POSIX shell when it
     * needs it, so that it can be pasted back (Cli.run's plain join loses the quotes).
     */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> parts = new ArrayList<>();
        parts.add("latentlab");
        for (String a : args) {
            parts.add(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", parts);
    }

    /** The start of a figures JSON: which model, which classifier, the command that made it. */
    static Map<String, Object> jsonHeader(GanModel m, Path classifier, CommandSpec spec) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", String.valueOf(m.path()));
        doc.put("classifier", classifier.toString());
        doc.put("command", commandLine(spec));
        return doc;
    }

    static void writeJson(Path file, Map<String, Object> doc) throws IOException {
        AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
                .create().toJson(doc));
    }
}
