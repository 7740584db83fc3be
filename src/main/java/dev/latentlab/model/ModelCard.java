package dev.latentlab.model;

import dev.latentlab.latent.FittedDirections;
import dev.latentlab.nn.NetSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model's provenance as a card a person reads ({@code latentlab info}): what it is, what it
 * learned from, how it was trained, where, and what was measured on it. A PyTorch file shows what
 * is known of it (its architecture, inferred from the tensors) and says what is not.
 */
public final class ModelCard {
    private static final int LABEL = 15;
    private static final int WIDTH = 100;
    /** The training config's key knobs, in the order shown, with their labels. */
    private static final String[][] KNOBS = {{"loss", "loss"}, {"batchSize", "batch"}, {"lrD", "lr D"}, {"lrG", "lr G"},
        {"beta1", "Adam β1"}, {"beta2", "Adam β2"}, {"dSteps", "D steps"}, {"gSteps", "G steps"}, {"noise", "noise"},
        {"realLabel", "real label"}, {"ema", "EMA"}, {"hflip", "flips"}, {"epochs", "epochs"},
        {"maxIterations", "max iterations"}, {"seed", "seed"}};
    private static final String[][] VAE_KNOBS = {{"batchSize", "batch"}, {"lrG", "lr"}, {"epochs", "epochs"}, {"maxIterations", "max iterations"},
        {"seed", "seed"}};

    private final StringBuilder out = new StringBuilder();

    private ModelCard() {}

    public static String render(GanModel m) {
        return new ModelCard().card(m, null);
    }

    /**
     * The card with a "Readers" section after the data: which attribute readers read this model's images
     * and why ({@code readers}: the kind or "none", then the reason; from eval.ReaderMatch).
     */
    public static String render(GanModel m, String readerKind, String why) {
        return new ModelCard().card(m, new String[] {readerKind, why});
    }

    private String card(GanModel m, String[] readers) {
        ModelInfo info = m.info();
        NetSpec spec = m.spec();
        boolean known = m.source() == GanModel.Source.FOLDER;
        out.append(m.name()).append(" — ").append(kind(m)).append(", ").append(image(spec)).append('\n');
        line("opened from", m.path() + " (" + sourceName(m.source()) + ")");
        if (m.source() != GanModel.Source.TORCHSCRIPT) {
            line("generator", GeneratorChecksum.of(m) + " (the checksum directions and recipes are matched by)");
        }

        section("Architecture");
        line("kind", kind(m) + (m.isVae() ? " (the generator is its decoder)" : ""));
        line("image", image(spec));
        line("generator", "widths " + widths(spec.gWidths()) + parameters(info.architecture.generatorParameters,
                m.generator() == null ? null : m.generator().params().parameterCount()));
        if (m.encoder() != null) {
            line("encoder", "widths " + widths(spec.dWidths()) + ", 2·nz head" + parameters(
                    info.vae == null ? null : info.vae.encoderParameters, m.encoder().params().parameterCount()));
        } else if (m.discriminator() != null) {
            line("discriminator", "widths " + widths(spec.dWidths()) + parameters(info.architecture.discriminatorParameters,
                    m.discriminator().params().parameterCount()));
        } else {
            line("discriminator", known ? "not shipped" : "not in this file (a generator's weights only)");
        }

        section("Data");
        ModelInfo.Dataset d = info.dataset;
        line("name", d.name);
        if (d.source != null) {
            line("source", d.location());
            int made = d.source.indexOf(" (made by: ");
            if (made >= 0) {
                line("made by", d.source.substring(made + " (made by: ".length(), d.source.length() - 1));
            }
        }
        if (d.images != null) {
            line("images", String.format(Locale.ROOT, "%,d", d.images));
        }
        if (!d.attributes.isEmpty()) {
            line("attributes", String.join(", ", d.attributes));
        }
        if (readers != null) {
            section("Readers");
            line("shipped", readers[0]);
            line("why", readers[1]);
        }

        section("Recipe");
        if (info.provenance.config.isEmpty()) {
            line("", "not recorded" + (known ? "" : ": " + sourceName(m.source()) + " carries no training record"));
        } else {
            if (info.vae != null) {
                line("likelihood", info.vae.likelihood + ("gaussian".equals(info.vae.likelihood) && info.vae.sigma != null
                        ? ", σ " + value(info.vae.sigma) : ""));
                line("β (KL)", info.vae.beta == null ? "1" : value(info.vae.beta));
            }
            for (String[] k : m.isVae() ? VAE_KNOBS : KNOBS) {
                Object v = info.provenance.config.get(k[0]);
                if (v != null) {
                    line(k[1], value(v));
                }
            }
        }

        section("Training");
        ModelInfo.Provenance p = info.provenance;
        if (p.iterations > 0 || p.imagesSeen > 0) {
            line("iterations", String.format(Locale.ROOT, "%,d", p.iterations));
            line("images seen", String.format(Locale.ROOT, "%,d", p.imagesSeen));
            line("wall time", duration(p.wallSeconds));
        } else {
            line("iterations", "not recorded");
        }
        if (p.trainedWith != null) {
            line("trained with", p.trainedWith);
        }
        if (p.created != null) {
            line("created", p.created);
        }
        if (p.command != null) {
            String[] runs = p.command.split(" ; resumed: ");
            line("command", runs[0]);
            if (runs.length > 1) {
                line("resumed", (runs.length - 1) + (runs.length == 2 ? " time" : " times") + ", last: "
                        + runs[runs.length - 1]);
            }
        }
        if (info.start != null && info.start.chosenBy != null) {
            line("start z", info.start.chosenBy);
        }

        directions(m);
        section("Figures");
        if (info.figures == null || info.figures.isEmpty()) {
            line("", "none recorded in " + (known ? ModelStore.INFO : "this file"));
        } else {
            Map<String, List<ModelInfo.Figure>> byCommand = info.figures.stream().collect(Collectors.groupingBy(
                    f -> f.command == null ? "(command not recorded)" : f.command, java.util.LinkedHashMap::new,
                    Collectors.toList()));
            for (Map.Entry<String, List<ModelInfo.Figure>> e : byCommand.entrySet()) {
                for (ModelInfo.Figure f : e.getValue()) {
                    line(f.name, f.value);
                }
                String machine = e.getValue().get(0).machine;
                line("  measured by", e.getKey() + (machine == null ? "" : " (" + machine + ")"));
            }
        }
        if (info.notes != null) {
            section("Notes");
            line("", info.notes);
        }
        return out.toString();
    }

    private void directions(GanModel m) {
        if (m.path() == null) {
            return;
        }
        Path cache = FittedDirections.cacheFor(m.path());
        if (!Files.isRegularFile(cache)) {
            return;
        }
        section("Directions");
        try {
            FittedDirections f = FittedDirections.read(cache);
            boolean current = m.source() == GanModel.Source.TORCHSCRIPT
                    || f.model().checksum().equals(GeneratorChecksum.of(m));
            if (f.classifier() != null) {
                line("fitted", String.format(Locale.ROOT, "%d by %s on %,d samples: %s", f.boundaries().size(),
                        f.classifier(), f.samples(), String.join(", ", f.boundaries().stream()
                                .map(b -> b.attribute()).toList())));
            }
            if (!f.picked().isEmpty()) {
                line("picked", String.join(", ", f.picked().stream().map(x -> String.format(Locale.ROOT,
                        "%s (%d + %d picks, %.0f%%)", x.name(), x.positives(), x.negatives(), 100 * x.accuracy())).toList()));
            }
            line("file", cache + (current ? "" : " (fitted for other weights: refitted when used)"));
        } catch (IOException e) {
            line("file", e.getMessage());
        }
    }

    private static String kind(GanModel m) {
        return (m.isVae() ? "VAE" : "GAN") + ", " + m.spec().arch().id().toUpperCase(Locale.ROOT);
    }

    private static String image(NetSpec spec) {
        return spec.imageSize() + "×" + spec.imageSize() + (spec.channels() == 1 ? " gray" : spec.channels() == 3
                ? " RGB" : "×" + spec.channels()) + ", nz " + spec.nz();
    }

    private static String sourceName(GanModel.Source s) {
        return switch (s) {
            case FOLDER -> "a LatentLab model folder";
            case PTH -> "a PyTorch state_dict";
            case SAFETENSORS -> "a safetensors state_dict";
            case TORCHSCRIPT -> "a TorchScript module";
            case NEW -> "not saved yet";
        };
    }

    private static String widths(int[] w) {
        return Arrays.stream(w).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    private static String parameters(Long recorded, Long counted) {
        Long n = recorded != null ? recorded : counted;
        return n == null || n == 0 ? "" : String.format(Locale.ROOT, " · %,d parameters", n);
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ModelCard::value).collect(Collectors.joining(", "));
        }
        return String.valueOf(v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        String plain = String.format(Locale.ROOT, "%,d s", s);
        if (s < 60) {
            return plain;
        }
        return (s >= 3600 ? s / 3600 + " h " + s % 3600 / 60 + " min" : s / 60 + " min " + s % 60 + " s") + " (" + plain + ")";
    }

    private void section(String title) {
        out.append('\n').append(title).append('\n');
    }

    /** "  label          text", wrapped at {@link #WIDTH} with the text's column kept. */
    private void line(String label, String text) {
        StringBuilder cur = new StringBuilder("  " + label + " ".repeat(Math.max(1, LABEL - label.length())));
        boolean empty = true;
        for (String word : String.valueOf(text).split(" ")) {
            if (!empty && cur.length() + 1 + word.length() > WIDTH) {
                out.append(cur).append('\n');
                cur = new StringBuilder(" ".repeat(2 + LABEL));
                empty = true;
            }
            if (!empty) {
                cur.append(' ');
            }
            cur.append(word);
            empty = false;
        }
        out.append(cur.toString().stripTrailing()).append('\n');
    }
}
