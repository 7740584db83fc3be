package dev.latentlab.cli;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelCard;
import dev.latentlab.model.ModelStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code info}: a model's card. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"A model's card: what it is (kind, architecture, sizes), what it learned from (data, its",
            "source command, images, attributes), how it was trained (the recipe's key knobs, iterations, images",
            "seen, wall time, where), its named directions and the figures model.json records with their",
            "commands. A .pth, .safetensors or .pt file shows what is known of it."})
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, state_dict (.pth, .safetensors) or TorchScript (.pt)")
    Path model;

    @Override
    public Integer call() {
        try (GanModel m = ModelStore.open(model)) {
            dev.latentlab.eval.ReaderMatch r = dev.latentlab.eval.ReaderMatch.of(m);
            System.out.print(ModelCard.render(m, r.kind() == null ? "none" : r.kind().id(), r.why()));
            return 0;
        }
    }
}
