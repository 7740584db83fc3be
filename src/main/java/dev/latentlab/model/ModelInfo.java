package dev.latentlab.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.nn.NetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * model.json: what a model is (architecture and sizes), what it learned from (dataset and its
 * attributes) and how it was made (training provenance). Versioned; unknown versions are refused.
 */
public final class ModelInfo {
    public static final String FORMAT = "latentlab-model";
    public static final int VERSION = 1;
    // numbers in the free-form maps keep their form (28 stays 28, 1.0 stays 1.0): a folder opened and saved
    // again is byte-identical
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .setObjectToNumberStrategy(com.google.gson.ToNumberPolicy.LONG_OR_DOUBLE).create();

    public String format = FORMAT;
    public Integer version = VERSION;
    public String name;
    /**
     * What the model is: "gan" (absent in older files) or "vae". A VAE's generator is its decoder
     * and its encoder has the discriminator's body ({@code discriminatorWidths}) with a 2·nz head.
     */
    public String kind;
    public Architecture architecture;
    /** A VAE's objective (absent for GANs). */
    public Vae vae;
    public Dataset dataset = new Dataset();
    public Provenance provenance = new Provenance();
    public String notes;
    /**
     * The weight files this model.json was saved with, by name: their length and CRC-32. A save
     * writes them first and model.json last, so a save cut short leaves files that do not match
     * (absent in older folders, which are not checked).
     */
    public Map<String, FileSum> files;

    /** A file's length and CRC-32 (hex), as {@link #files} records them. */
    public static final class FileSum {
        public long bytes;
        public String crc32;
    }

    /** The z the app opens on, and how it was chosen (absent: a seeded sample of the prior). */
    public Start start;
    /** Figures measured on this model, each with the command that measured it (absent: none recorded). */
    public List<Figure> figures;

    /** One measured figure: {@code name} = {@code value}, measured by {@code command} on {@code machine}. */
    public static final class Figure {
        public String name;
        public String value;
        public String command;
        public String machine;
    }

    /** A chosen first z: see {@code latentlab choose-start}. */
    public static final class Start {
        public float[] z;
        public String chosenBy;
    }

    public static final String GAN = "gan";
    public static final String VAE = "vae";

    /** How a VAE was trained: its likelihood p(x|z), the Gaussian's σ and the KL weight β. */
    public static final class Vae {
        public String likelihood;
        public Double sigma;
        public Double beta;
        public Long encoderParameters;
    }

    public boolean isVae() {
        return VAE.equals(kind);
    }

    public static final class Architecture {
        public String arch;
        public Integer imageSize;
        public Integer channels;
        public Integer nz;
        public int[] generatorWidths;
        public int[] discriminatorWidths;
        public Long generatorParameters;
        public Long discriminatorParameters;
    }

    public static final class Dataset {
        public String name = "unknown";
        /** Where the images were read from, then " (made by: COMMAND)" when they were generated. */
        public String source;

        /** The source as a location to open again (a folder, an IDX file, builtin:…), without "(made by: …)". */
        public String location() {
            if (source == null) {
                return null;
            }
            int i = source.indexOf(" (made by: ");
            return i < 0 ? source : source.substring(0, i);
        }
        public Integer images;
        public List<String> attributes = new ArrayList<>();
        public Long generatorSeed;
    }

    public static final class Provenance {
        public long iterations;
        public long imagesSeen;
        public double wallSeconds;
        public Long seed;
        public String command;
        public String created;
        public String trainedWith;
        public Map<String, Object> config = new LinkedHashMap<>();
    }

    public static ModelInfo of(String name, NetSpec spec) {
        ModelInfo info = new ModelInfo();
        info.name = name;
        info.architecture = new Architecture();
        info.architecture.arch = spec.arch().id();
        info.architecture.imageSize = spec.imageSize();
        info.architecture.channels = spec.channels();
        info.architecture.nz = spec.nz();
        info.architecture.generatorWidths = spec.gWidths();
        info.architecture.discriminatorWidths = spec.dWidths();
        return info;
    }

    public NetSpec spec() {
        Architecture a = architecture;
        return new NetSpec(NetSpec.Arch.parse(a.arch), a.imageSize, a.channels, a.nz, a.generatorWidths,
                a.discriminatorWidths);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses and validates; the message names the file and the first problem. */
    public static ModelInfo parse(String json, String source) {
        ModelInfo info;
        try {
            info = GSON.fromJson(json, ModelInfo.class);
        } catch (JsonParseException | IllegalStateException e) {
            // gson's own text (a parser position and a troubleshooting link) means nothing to the reader
            throw new ModelException(source + " is damaged or not a model description: it is not a JSON object "
                    + "of the form LatentLab writes", e);
        }
        if (info == null) {
            throw new ModelException(source + " is empty");
        }
        if (!FORMAT.equals(info.format)) {
            throw new ModelException(source + " is not a LatentLab model description (format is "
                    + (info.format == null ? "missing" : "'" + info.format + "'") + ", expected '" + FORMAT + "')");
        }
        if (info.version == null) {
            throw new ModelException(source + " has no version field");
        }
        if (info.kind != null && !GAN.equals(info.kind) && !VAE.equals(info.kind)) {
            throw new ModelException(source + " has kind '" + info.kind + "', which this LatentLab does not know "
                    + "(it reads 'gan' and 'vae')");
        }
        if (info.isVae() && info.vae == null) {
            throw new ModelException(source + " says kind 'vae' but has no 'vae' section (likelihood, sigma, beta)");
        }
        if (info.version > VERSION || info.version < 1) {
            throw new ModelException(source + " has format version " + info.version
                    + ", which this LatentLab does not know (it reads version " + VERSION + "); update LatentLab");
        }
        Architecture a = info.architecture;
        if (a == null) {
            throw new ModelException(source + " is missing the field 'architecture'");
        }
        List<String> missing = new ArrayList<>();
        if (a.arch == null) {
            missing.add("architecture.arch");
        }
        if (a.imageSize == null) {
            missing.add("architecture.imageSize");
        }
        if (a.channels == null) {
            missing.add("architecture.channels");
        }
        if (a.nz == null) {
            missing.add("architecture.nz");
        }
        if (a.generatorWidths == null) {
            missing.add("architecture.generatorWidths");
        }
        if (a.discriminatorWidths == null) {
            missing.add("architecture.discriminatorWidths");
        }
        if (!missing.isEmpty()) {
            throw new ModelException(source + " is missing the field" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing));
        }
        try {
            info.spec();
        } catch (IllegalArgumentException e) {
            throw new ModelException(source + " describes an impossible network: " + e.getMessage(), e);
        }
        if (info.dataset == null) {
            info.dataset = new Dataset();
        }
        if (info.start != null && (info.start.z == null || info.start.z.length != a.nz)) {
            throw new ModelException(source + ": start.z has " + (info.start.z == null ? "no values" : info.start.z.length
                    + " values") + ", but the model's nz is " + a.nz);
        }
        if (info.dataset.attributes == null) {
            info.dataset.attributes = new ArrayList<>();
        }
        if (info.provenance == null) {
            info.provenance = new Provenance();
        }
        return info;
    }
}
