package dev.latentlab.latent;

import dev.latentlab.latent.EditRecipe.ModelRef;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the app saves so that a headless command draws the same pixels: an edited image
 * ({@link EditRecipe}), an interpolation path ({@link PathRecipe}) or an arithmetic expression
 * ({@link ExpressionRecipe}). Each is one small JSON file with a {@code format} and {@code version},
 * the generator it belongs to (name, shape and weight checksum) and a PNG of the result beside it
 * ({@link #pngFor}). Reading one checks all of that; every problem is an IOException naming the file.
 */
public sealed interface Recipe permits EditRecipe, PathRecipe, ExpressionRecipe {
    /** The three kinds, by the JSON's format field, and the headless command that renders each. */
    enum Kind {
        EDIT("latentlab-edit", 1, "an edit", "latentlab sample --recipe"),
        PATH("latentlab-path", 1, "an interpolation path", "latentlab interpolate --recipe"),
        EXPRESSION("latentlab-expression", 1, "an arithmetic expression", "latentlab sample --recipe");

        private final String format;
        private final int version;
        private final String noun;
        private final String command;

        Kind(String format, int version, String noun, String command) {
            this.format = format;
            this.version = version;
            this.noun = noun;
            this.command = command;
        }

        public String format() {
            return format;
        }

        public int version() {
            return version;
        }

        /** "an edit", "an interpolation path", "an arithmetic expression". */
        public String noun() {
            return noun;
        }

        /** The command that renders this kind without a window. */
        public String command() {
            return command;
        }

        static Kind of(String format) {
            for (Kind k : values()) {
                if (k.format.equals(format)) {
                    return k;
                }
            }
            return null;
        }
    }

    Kind kind();

    /** The generator its z's belong to. */
    ModelRef model();

    /** Writes the JSON (atomically, creating folders); the PNG beside it is the caller's ({@link #pngFor}). */
    void save(Path file) throws IOException;

    /** The PNG saved beside a recipe: the same name with .png for .json. */
    static Path pngFor(Path recipe) {
        String n = recipe.getFileName().toString();
        String stem = n.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? n.substring(0, n.length() - 5) : n;
        return recipe.resolveSibling(stem + ".png");
    }

    /** Reads a recipe of any kind, chosen by its format field. */
    static Recipe read(Path file) throws IOException {
        com.google.gson.JsonObject o = RecipeFiles.object(file, null);
        Kind k = RecipeFiles.kindOf(file, o);
        return switch (k) {
            case EDIT -> EditRecipe.read(file, o);
            case PATH -> PathRecipe.read(file, o);
            case EXPRESSION -> ExpressionRecipe.read(file, o);
        };
    }

    /**
     * Refuses, naming the file and both generators, a recipe saved with another generator than
     * {@code current} (shape, name or weights: a z only means something to the generator that made it).
     */
    default void requireModel(Path file, ModelRef current) throws IOException {
        RecipeFiles.sameModel(file, kind(), model(), current);
    }
}
