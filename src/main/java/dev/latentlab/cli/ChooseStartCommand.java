package dev.latentlab.cli;

import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.StartChoice;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code choose-start}: the z a model folder opens on in the app, chosen by a stated rule. */
@Command(name = "choose-start", mixinStandardHelpOptions = true,
        description = {"Choose the face the app opens on: of --candidates samples, the one nearest the",
            "prior's mode (smallest |z|) that every reader (the classifier and each --reader, by",
            "default also the shipped second reader) reads surely on every attribute. Writes it into",
            "MODEL/model.json as \"start\" with the rule that chose it (other fields unchanged)."})
final class ChooseStartCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    JudgeOptions judging;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model folder (its model.json is updated)")
    Path model;

    @Option(names = "--candidates", defaultValue = "2000", description = "samples considered (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the candidates (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (candidates < 1 || classifier.batch < 1) {
            err.println("error: --candidates and --batch must be positive");
            return 2;
        }
        Path json = model.resolve(ModelStore.INFO);
        if (!Files.isRegularFile(json)) {
            err.println("error: " + model + " is not a model folder (no " + ModelStore.INFO + "); choose-start writes "
                    + "into a model folder's model.json");
            return 2;
        }
        StartChoice.Choice[] chosen = new StartChoice.Choice[1];
        int code = judging.withPanel(classifier, model, err, (m, judges, cdir) -> {
            chosen[0] = StartChoice.choose(m, judges, candidates, seed, classifier.batch,
                    new ProgressBar(err, !classifier.quiet));
            return 0;
        });
        if (code != 0) {
            return code;
        }
        StartChoice.Choice choice = chosen[0];
        if (choice == null) {
            err.println("error: no candidate of " + candidates + " is read surely on every attribute by every reader; "
                    + "raise --candidates or lower --sure");
            return 1;
        }
        // edit the JSON itself, so every other field stays exactly as written (a round trip through
        // ModelInfo would rewrite the free-form config's integers as 64.0)
        String text = Files.readString(json, StandardCharsets.UTF_8);
        ModelInfo.parse(text, json.toString()); // still a valid model description
        com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(text).getAsJsonObject();
        com.google.gson.JsonObject start = new com.google.gson.JsonObject();
        com.google.gson.JsonArray z = new com.google.gson.JsonArray();
        for (float v : choice.z()) {
            z.add(v);
        }
        start.add("z", z);
        start.addProperty("chosenBy", choice.describe() + ": " + EvalCommands.commandLine(spec));
        doc.add("start", start);
        AtomicFiles.writeString(json, new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
                .create().toJson(doc) + "\n");
        System.out.println("start z: " + choice.describe());
        System.out.println("wrote " + json);
        return 0;
    }
}
