package dev.latentlab.cli;

import dev.latentlab.encode.EncoderTrainer;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-encoder", mixinStandardHelpOptions = true,
        description = {"Train an image encoder E: x → z for a DCGAN model on its generator's own samples",
            "(pairs z, G(z), G frozen; loss mean (E(G(z)) − z)²) and store it in the model folder as",
            "encoder.npz and encoder.json. encode then starts its search from E(x)."})
final class TrainEncoderCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder (the encoder is written into it)")
    Path model;

    @Option(names = "--iterations", defaultValue = "3000", description = "Adam steps (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--batch", defaultValue = "64", description = "fresh pairs per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.0004", description = {"Adam learning rate, cosine decay to 0 (default: ${DEFAULT-VALUE};",
                "on faces64 1e-3 left z error 0.49 after 3,000 iterations, 4e-4 reached 0.24 by iteration 3,000)"})
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the initialisation and of z (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--init", paramLabel = "FOLDER", description = {"start from the encoder in this model folder",
                "(one trained for an earlier checkpoint of the same run) instead of a random initialisation"})
    Path init;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(model)) {
            System.err.println("error: " + model + " is not a model folder (the encoder is stored beside model.json)");
            return 2;
        }
        if (iterations < 1 || batch < 2) {
            System.err.println("error: --iterations must be ≥ 1 and --batch ≥ 2");
            return 2;
        }
        if (init != null && !ImageEncoder.exists(init)) {
            System.err.println("error: --init " + init + " holds no image encoder (" + ImageEncoder.WEIGHTS
                    + "; train one with train-encoder --model " + init + ")");
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            if (m.spec().arch() != dev.latentlab.nn.NetSpec.Arch.DCGAN) {
                System.err.println("error: " + m.name() + " is an " + m.spec().arch().id()
                        + " model; the image encoder is convolutional and needs a DCGAN (encode still works, "
                        + "by optimisation alone)");
                return 2;
            }
            String command = "latentlab train-encoder --model " + model + " --iterations " + iterations + " --batch "
                    + batch + " --lr " + lr + " --seed " + seed + (init == null ? "" : " --init " + init);
            try (ImageEncoder e = EncoderTrainer.train(m, new EncoderTrainer.Settings(iterations, batch, lr, seed),
                    init, command, System.err::println, null)) {
                e.save(model);
                System.out.printf(Locale.ROOT, "wrote %s and %s: z error %.4f after %d iterations (%.1f s)%n",
                        model.resolve(ImageEncoder.WEIGHTS), ImageEncoder.INFO, e.info().finalZError,
                        e.info().iterations, e.info().wallSeconds);
            }
            return 0;
        }
    }
}
