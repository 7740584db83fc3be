package dev.latentlab.latent;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One edited image as a small JSON file: which generator (name, shape and weight checksum), the
 * starting z, every move with its direction vector and amount, the truncation ψ and the removed
 * channels. The image is a pure function of the recipe and the generator:
 * <pre>
 *   z₀ = z
 *   z₁ = z₀ + Σ step_j · v_j        over the "sefa" moves, in order (the closed-form sliders)
 *   z₂ = ψ · z₁                     truncation towards the prior's mean 0 ({@link Truncation})
 *   z₃ = z₂ + Σ step_k · d_k        over the "attribute" moves, in order (named edits, measured
 *                                    on what is shown, so after ψ)
 *   image = G(z₃) with the removed channels zeroed
 * </pre>
 * The vectors are stored, not re-derived, so a refit of the directions never changes a saved
 * edit; Gson writes floats in their shortest round-trip form, so the z read back is the z
 * written, bit for bit.
 * <pre>
 * { "format": "latentlab-edit", "version": 1,
 *   "model": { "name": "faces64", "nz": 100, "imageSize": 64, "channels": 3, "checksum": "sha256:…" },
 *   "z": [ … nz values … ], "psi": 0.8, "keep": ["Male"],
 *   "moves": [ { "kind": "sefa", "name": "#1", "vector": [ … ], "step": 1.5 },
 *              { "kind": "attribute", "name": "Smiling", "vector": [ … ], "step": 2.1, "amount": 1.9 } ],
 *   "removed": { "1": [3, 17] }, "source": "…" }
 * </pre>
 */
public record EditRecipe(ModelRef model, float[] z, List<Move> moves, double psi, List<String> keep,
        Map<Integer, int[]> removed, String source) implements Recipe {
    public static final String FORMAT = Kind.EDIT.format();
    public static final int VERSION = Kind.EDIT.version();
    public static final String SEFA = "sefa";
    public static final String ATTRIBUTE = "attribute";

    /** The generator a z belongs to. */
    public record ModelRef(String name, int nz, int imageSize, int channels, String checksum) {
        public String describe() {
            return name + " (nz " + nz + ", " + imageSize + "×" + imageSize + "×" + channels + ", generator "
                    + checksum + ")";
        }
    }

    /**
     * One move along a unit vector: {@code step} in units of z. For an attribute, {@code amount}
     * is how much the move changes the distance to that attribute's boundary (what its slider
     * shows); null for SeFa moves.
     */
    public record Move(String kind, String name, float[] vector, double step, Double amount) {}

    public EditRecipe {
        moves = List.copyOf(moves);
        keep = List.copyOf(keep);
        removed = java.util.Collections.unmodifiableMap(new TreeMap<>(removed));
    }

    /** The z the generator is given: z₃ above. */
    public float[] finalZ() {
        return apply(z, moves, psi);
    }

    /** z₃ for a starting z, moves and ψ (the one place the order of the steps is defined). */
    public static float[] apply(float[] z, List<Move> moves, double psi) {
        float[] out = z.clone();
        for (Move m : moves) {
            if (SEFA.equals(m.kind())) {
                out = Prior.move(out, m.vector(), m.step());
            }
        }
        if (psi != 1) {
            out = Truncation.apply(out, psi);
        }
        for (Move m : moves) {
            if (ATTRIBUTE.equals(m.kind())) {
                out = Prior.move(out, m.vector(), m.step());
            }
        }
        return out;
    }

    /** The JSON document (field names as in the file). */
    private static final class Doc {
        String format = FORMAT;
        Integer version = VERSION;
        ModelRef model;
        float[] z;
        Double psi;
        List<String> keep;
        List<Move> moves;
        Map<String, int[]> removed;
        String source;
    }

    @Override
    public Kind kind() {
        return Kind.EDIT;
    }

    @Override
    public void save(Path file) throws IOException {
        Doc d = new Doc();
        d.model = model;
        d.z = z;
        d.psi = psi;
        d.keep = keep;
        d.moves = moves;
        Map<String, int[]> r = new LinkedHashMap<>();
        removed.forEach((layer, ch) -> r.put(Integer.toString(layer), ch));
        d.removed = r;
        d.source = source;
        RecipeFiles.write(file, d);
    }

    /** The PNG saved beside a recipe: the same name with .png for .json ({@link Recipe#pngFor}). */
    public static Path pngFor(Path recipe) {
        return Recipe.pngFor(recipe);
    }

    /** Reads and checks a recipe file; every problem is an IOException naming the file. */
    public static EditRecipe read(Path file) throws IOException {
        return read(file, RecipeFiles.object(file, Kind.EDIT));
    }

    static EditRecipe read(Path file, JsonObject o) throws IOException {
        RecipeFiles.header(file, o, Kind.EDIT);
        Doc d = RecipeFiles.doc(file, o, Doc.class, Kind.EDIT);
        ModelRef m = RecipeFiles.model(file, d.model);
        RecipeFiles.z(file, "z", d.z, m);
        double psi = d.psi == null ? 1 : d.psi;
        try {
            Truncation.check(psi);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        List<Move> moves = new ArrayList<>();
        if (d.moves != null) {
            for (int i = 0; i < d.moves.size(); i++) {
                Move mv = d.moves.get(i);
                String where = "move " + (i + 1);
                if (mv == null || !(SEFA.equals(mv.kind()) || ATTRIBUTE.equals(mv.kind()))) {
                    throw new IOException(file + ": " + where + " has kind '" + (mv == null ? null : mv.kind())
                            + "' (expected '" + SEFA + "' or '" + ATTRIBUTE + "')");
                }
                if (mv.vector() == null || mv.vector().length != m.nz()) {
                    throw new IOException(file + ": " + where + " (" + mv.name() + ") has a vector of "
                            + (mv.vector() == null ? "no" : mv.vector().length) + " values, not nz = " + m.nz());
                }
                RecipeFiles.finite(file, where + " (" + mv.name() + ")", mv.vector());
                if (!Double.isFinite(mv.step())) {
                    throw new IOException(file + ": " + where + " (" + mv.name() + ") has no finite step");
                }
                moves.add(mv);
            }
        }
        Map<Integer, int[]> removed = new TreeMap<>();
        if (d.removed != null) {
            for (Map.Entry<String, int[]> e : d.removed.entrySet()) {
                int layer;
                try {
                    layer = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new IOException(file + ": removed channels are keyed by layer number, not '" + e.getKey()
                            + "'", ex);
                }
                int[] ch = e.getValue() == null ? new int[0] : e.getValue();
                for (int c : ch) {
                    if (c < 0) {
                        throw new IOException(file + ": layer " + layer + " lists channel " + c);
                    }
                }
                removed.put(layer, ch);
            }
        }
        return new EditRecipe(m, d.z, moves, psi, d.keep == null ? List.of() : d.keep, removed, d.source);
    }

    /**
     * Reads a recipe for the open generator; refuses, naming the file and both generators, one
     * saved with another (shape, name or weights: a z only means something to the generator
     * that made it).
     */
    public static EditRecipe load(Path file, ModelRef current) throws IOException {
        EditRecipe r = read(file);
        r.requireModel(file, current);
        return r;
    }
}
