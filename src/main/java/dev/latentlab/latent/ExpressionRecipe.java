package dev.latentlab.latent;

import com.google.gson.JsonObject;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptArithmetic.Expression;
import dev.latentlab.latent.EditRecipe.ModelRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A concept-arithmetic expression as a small JSON file: the generator (name, shape, weight
 * checksum), every term in the order the Arithmetic view shows them (name, sign, exemplar z's),
 * which term is the base, the scale s, and the noise of the 3×3 grid (spread r and seed). The
 * result is a pure function of the recipe and the generator:
 * <pre>
 *   result = mean(base) + s · Σ sign_i · mean(term_i)    (every term but the base, in order)
 *   grid   = {@link ConceptArithmetic#noiseGrid}(result, r, seed)   (the result in the centre)
 * </pre>
 * <pre>
 * { "format": "latentlab-expression", "version": 1,
 *   "model": { "name": "faces64", "nz": 100, "imageSize": 64, "channels": 3, "checksum": "sha256:…" },
 *   "terms": [ { "name": "smiling woman", "sign": 1, "exemplars": [[…], …] }, … ],
 *   "base": 2, "scale": 1.0, "noise": 0.25, "noiseSeed": 1, "source": "…" }
 * </pre>
 */
public record ExpressionRecipe(ModelRef model, List<Term> terms, int base, double scale, double noise,
        long noiseSeed, String source) implements Recipe {
    /** One column: its name, sign and exemplars (null only while a file is being checked). */
    public record Term(String name, int sign, List<float[]> exemplars) {
        public Term {
            exemplars = exemplars == null ? null : exemplars.stream().map(z -> z == null ? null : z.clone()).toList();
        }

        public Concept concept() {
            return new Concept(name, exemplars);
        }
    }

    public ExpressionRecipe {
        terms = List.copyOf(terms);
    }

    @Override
    public Kind kind() {
        return Kind.EXPRESSION;
    }

    /** mean(base) + scale · Σ sign · mean(term) over the other terms in order. */
    public Expression expression() {
        List<ConceptArithmetic.Term> others = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            if (i != base) {
                others.add(new ConceptArithmetic.Term(terms.get(i).concept(), terms.get(i).sign()));
            }
        }
        return new Expression(terms.get(base).concept(), others, scale);
    }

    /** The 3×3 grid's z's, row-major, the result at {@link ConceptArithmetic#CENTRE}. */
    public List<float[]> grid() {
        return ConceptArithmetic.noiseGrid(expression().result(), noise, noiseSeed);
    }

    /** The JSON document (field names as in the file). */
    private static final class Doc {
        String format = Kind.EXPRESSION.format();
        Integer version = Kind.EXPRESSION.version();
        ModelRef model;
        List<Term> terms;
        Integer base;
        Double scale;
        Double noise;
        Long noiseSeed;
        String source;
    }

    @Override
    public void save(Path file) throws IOException {
        Doc d = new Doc();
        d.model = model;
        d.terms = terms;
        d.base = base;
        d.scale = scale;
        d.noise = noise;
        d.noiseSeed = noiseSeed;
        d.source = source;
        RecipeFiles.write(file, d);
    }

    /** Reads and checks an expression recipe; every problem is an IOException naming the file. */
    public static ExpressionRecipe read(Path file) throws IOException {
        return read(file, RecipeFiles.object(file, Kind.EXPRESSION));
    }

    static ExpressionRecipe read(Path file, JsonObject o) throws IOException {
        RecipeFiles.header(file, o, Kind.EXPRESSION);
        Doc d = RecipeFiles.doc(file, o, Doc.class, Kind.EXPRESSION);
        ModelRef m = RecipeFiles.model(file, d.model);
        if (d.terms == null || d.terms.size() < 2) {
            throw new IOException(file + ": an expression needs a base and at least one term, it has "
                    + (d.terms == null ? "none" : d.terms.size()));
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < d.terms.size(); i++) {
            Term t = d.terms.get(i);
            String where = "term " + (i + 1) + (t == null || t.name() == null ? "" : " ('" + t.name() + "')");
            if (t == null || (t.sign() != 1 && t.sign() != -1)) {
                throw new IOException(file + ": " + where + " has sign " + (t == null ? null : t.sign())
                        + " (expected 1 or -1)");
            }
            if (t.exemplars() == null || t.exemplars().isEmpty()) {
                throw new IOException(file + ": " + where + " has no exemplars");
            }
            for (int k = 0; k < t.exemplars().size(); k++) {
                RecipeFiles.z(file, where + " exemplar " + (k + 1), t.exemplars().get(k), m);
            }
            terms.add(new Term(t.name() == null ? "" : t.name(), t.sign(), t.exemplars()));
        }
        if (d.base == null || d.base < 0 || d.base >= terms.size()) {
            throw new IOException(file + ": base is " + d.base + "; it must be a term index, 0 to " + (terms.size() - 1));
        }
        if (terms.get(d.base).sign() != 1) {
            throw new IOException(file + ": the base (term " + (d.base + 1) + ") must be a + term");
        }
        double scale = RecipeFiles.finite(file, "scale", d.scale);
        double noise = RecipeFiles.finite(file, "noise", d.noise == null ? 0.0 : d.noise);
        if (noise < 0) {
            throw new IOException(file + ": noise is " + noise + " (the grid's spread r is 0 or more)");
        }
        return new ExpressionRecipe(m, terms, d.base, scale, noise, d.noiseSeed == null ? 1 : d.noiseSeed, d.source);
    }

    /** Reads an expression recipe for the open generator; refuses one of another generator, naming the file. */
    public static ExpressionRecipe load(Path file, ModelRef current) throws IOException {
        ExpressionRecipe r = read(file);
        r.requireModel(file, current);
        return r;
    }
}
