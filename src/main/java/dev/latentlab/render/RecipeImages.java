package dev.latentlab.render;

import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ExpressionRecipe;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.model.GanModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The pixels of a path or an expression recipe, drawn in the render thread's batches
 * ({@link RenderService#renderAll}): the app's "Save path" / "Save expression" and the headless
 * {@code interpolate --recipe} / {@code sample --recipe} all draw through here, so the PNG beside a
 * recipe is the one a later render reproduces, and the one the views showed. (Edits: {@link EditImage}.)
 */
public final class RecipeImages {
    private RecipeImages() {}

    /** Every frame of the path, in path order (not playing order). */
    public static RenderService.Frames frames(GanModel m, PathRecipe r) {
        List<float[]> path = r.frames();
        return RenderService.renderAll(m, Interpolation.flatten(path), path.size());
    }

    /** The frames side by side, one row: the PNG saved beside a path recipe (at scale 1). */
    public static BufferedImage strip(RenderService.Frames f, int scale) {
        return Pixels.strip(List.of(f.pixels()), f.width(), f.height(), scale);
    }

    public static void writeStrip(GanModel m, PathRecipe r, Path png) throws IOException {
        Pixels.writePng(strip(frames(m, r), 1), png);
    }

    /** The 3×3 grid's images, row-major, the result at {@link ConceptArithmetic#CENTRE}. */
    public static RenderService.Frames grid(GanModel m, ExpressionRecipe r) {
        return RenderService.renderAll(m, ConceptArithmetic.flatten(r.grid()), ConceptArithmetic.GRID);
    }

    /** The 3×3 grid as one image, cells scaled by an integer factor, 2 px gaps ({@link Pixels#grid}). */
    public static BufferedImage gridImage(RenderService.Frames f, int scale) {
        return Pixels.grid(List.of(f.pixels()), f.width(), f.height(), 3, scale);
    }

    public static void writeGrid(GanModel m, ExpressionRecipe r, Path png) throws IOException {
        Pixels.writePng(gridImage(grid(m, r), 1), png);
    }
}
