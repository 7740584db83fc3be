package dev.latentlab.ui.arithmetic;

import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.ExpressionRecipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.render.RecipeImages;
import dev.latentlab.ui.widgets.RecipeActions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javafx.scene.control.Slider;

/**
 * The Arithmetic view's side of "Save expression" / "Open expression" ({@link RecipeActions}):
 * every term (name, sign, exemplars), the base, the scale and the grid's noise and seed, as an
 * {@link ExpressionRecipe} with the 3×3 result grid as its PNG; opening one restores exactly
 * those, so the result is the saved one bit for bit.
 */
final class ExpressionFiles implements RecipeActions.Side<ExpressionRecipe> {
    /** The view's part when an expression is opened: take over the settings and render everything again. */
    interface Restored {
        void restored(double scale, double noise, long noiseSeed);
    }

    private final TermColumns columns;
    private final Slider scale;
    private final Slider noise;
    private final LongSupplier noiseSeed;
    private final Restored restored;

    /** Reads the scale and noise sliders and the grid's noise seed; {@code restored} applies an opened one. */
    ExpressionFiles(TermColumns columns, Slider scale, Slider noise, LongSupplier noiseSeed, Restored restored) {
        this.columns = columns;
        this.scale = scale;
        this.noise = noise;
        this.noiseSeed = noiseSeed;
        this.restored = restored;
    }

    @Override
    public Function<ModelRef, ExpressionRecipe> snapshot() {
        TermList terms = columns.terms();
        List<Integer> small = terms.tooSmall(ConceptArithmetic.MIN_EXEMPLARS);
        if (!small.isEmpty()) {
            throw new IllegalStateException("Pick at least " + ConceptArithmetic.MIN_EXEMPLARS
                    + " exemplars for every concept first (" + TermList.letter(small.get(0)) + " has "
                    + terms.concept(small.get(0)).size() + ").");
        }
        List<ExpressionRecipe.Term> list = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            Concept c = terms.concept(i);
            list.add(new ExpressionRecipe.Term(c.name(), terms.sign(i), c.exemplars()));
        }
        int base = terms.base();
        double s = scale.getValue();
        double r = noise.getValue();
        long seed = noiseSeed.getAsLong();
        String source = "LatentLab Arithmetic, " + java.time.Instant.now();
        return ref -> new ExpressionRecipe(ref, list, base, s, r, seed, source);
    }

    @Override
    public void writePng(GanModel m, ExpressionRecipe r, Path png) throws IOException {
        RecipeImages.writeGrid(m, r, png);
    }

    @Override
    public ExpressionRecipe load(Path file, ModelRef current) throws IOException {
        return ExpressionRecipe.load(file, current);
    }

    @Override
    public void apply(Path file, ExpressionRecipe r) throws IOException {
        String headless = "; render it with latentlab sample --recipe " + file;
        if (r.terms().size() > TermList.MAX_TERMS) {
            throw new IOException(file + " has " + r.terms().size() + " terms; this view holds at most "
                    + TermList.MAX_TERMS + headless);
        }
        within(file, "scale s", r.scale(), scale, headless);
        within(file, "noise ±r", r.noise(), noise, headless);
        List<Concept> concepts = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        for (ExpressionRecipe.Term t : r.terms()) {
            concepts.add(t.concept());
            signs.add(t.sign());
        }
        columns.restore(concepts, signs, r.base());
        restored.restored(r.scale(), r.noise(), r.noiseSeed());
    }

    private static void within(Path file, String what, double v, Slider s, String headless) throws IOException {
        if (v < s.getMin() || v > s.getMax()) {
            throw new IOException(file + " has " + what + " = " + v + "; this view's slider goes from " + s.getMin()
                    + " to " + s.getMax() + headless);
        }
    }
}
