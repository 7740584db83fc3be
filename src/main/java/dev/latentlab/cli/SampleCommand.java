package dev.latentlab.cli;

import dev.latentlab.eval.DirectionFit;
import dev.latentlab.io.Npy;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.ExpressionRecipe;
import dev.latentlab.latent.LatentFile;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.latent.Prior;
import dev.latentlab.latent.Recipe;
import dev.latentlab.latent.Truncation;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.EditImage;
import dev.latentlab.render.Pixels;
import dev.latentlab.render.RecipeImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate images without a window: a PNG grid from seeded z ~ N(0, I), or raw generator",
            "output for latent vectors read from a .npy file (N×nz float32) written as N×C×H×W float32 .npy.",
            "--truncation ψ pulls every z towards the prior's mean (z ← ψ·z); --recipe renders a saved edit",
            "(the image) or arithmetic expression (its 3×3 grid, the result G(base + s·Σ ±term) in the centre)."})
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--count", converter = Numbers.Positive.class, defaultValue = "64", description = "number of samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "7", description = "seed of z (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cols", converter = Numbers.Positive.class, description = "grid columns (default: √count)")
    Integer cols;

    @Option(names = "--scale", converter = Numbers.Positive.class, defaultValue = "1", description = "integer upscaling of each image (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--out", description = "PNG grid to write")
    Path out;

    @Option(names = "--z", description = "N×nz float32 .npy of latent vectors (instead of --count/--seed)")
    Path zFile;

    @Option(names = "--npy", description = "write the raw N×C×H×W float32 output in [-1, 1] to this .npy")
    Path npyOut;

    @Option(names = "--save-z", paramLabel = "Z.npy", description = "also write the N×nz z's of the samples, in grid "
            + "order (row by row): pick rows of it for directions --positive Z.npy:ROWS")
    Path zOut;

    @Option(names = "--truncation", paramLabel = "ψ", defaultValue = "1",
            description = "truncation ψ in [0, 2]: z ← ψ·z (1 = none; 0.7 gives more typical, less varied samples)")
    double truncation;

    @Option(names = "--recipe", paramLabel = "FILE", description = "an edit or expression saved by the app (Save edit, Save expression): renders exactly that image")
    Path recipe;

    @Override
    public Integer call() throws Exception {
        if (out == null && npyOut == null) {
            System.err.println("error: give --out grid.png and/or --npy out.npy");
            return 2;
        }
        try {
            Truncation.check(truncation);
        } catch (IllegalArgumentException e) {
            System.err.println("error: --truncation: " + e.getMessage());
            return 2;
        }
        if (recipe != null) {
            return renderRecipe();
        }
        if (out != null) {
            Pixels.requirePng(out);
        }
        String unwritable = Outputs.unwritable(out, npyOut, zOut);
        if (unwritable != null) {
            System.err.println("error: " + unwritable);
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            float[] zs = null;
            int n;
            if (zFile != null) {
                Npy.Array a = Npy.read(zFile);
                String wrong = LatentFile.check(a, m.nz());
                if (wrong != null) {
                    System.err.println("error: " + zFile + " " + wrong);
                    return 2;
                }
                zs = a.data();
                n = a.dim(0);
            } else {
                n = count;
            }
            int c = cols != null ? cols : (int) Math.ceil(Math.sqrt(n));
            // the whole grid is checked before any work; it is then filled a batch at a time
            BufferedImage grid = out != null ? Pixels.gridCanvas(n, m.spec().imageSize(), m.spec().imageSize(), c,
                    scale) : null;
            Random rng = new Random(seed);
            float[] used = zOut != null ? new float[n * m.nz()] : null;
            try (NpyStream npy = npyOut != null ? new NpyStream(npyOut) : null; ProgressLine line =
                    new ProgressLine(n > BATCH)) {
                for (int from = 0; from < n; from += BATCH) {
                    int b = Math.min(BATCH, n - from);
                    // drawn batch by batch from one generator: the same z as one draw of all n
                    float[] z = zs != null ? java.util.Arrays.copyOfRange(zs, from * m.nz(), (from + b) * m.nz())
                            : Prior.sample(m.nz(), b, rng);
                    if (truncation != 1) {
                        z = Truncation.apply(z, truncation);
                    }
                    if (used != null) {
                        System.arraycopy(z, 0, used, from * m.nz(), b * m.nz());
                    }
                    Generated g = m.generate(z, b);
                    if (npy != null) {
                        npy.write(new long[] {n, g.channels(), g.height(), g.width()}, g.images());
                    }
                    for (int k = 0; grid != null && k < b; k++) {
                        Pixels.place(grid, from + k, Pixels.argb(g, k), g.width(), g.height(), c, scale);
                    }
                    line.show(from + b + "/" + n + " samples");
                }
            }
            if (npyOut != null) {
                int s = m.spec().imageSize();
                System.err.println("wrote " + npyOut + " (" + n + "×" + m.spec().channels() + "×" + s + "×" + s + ")");
            }
            if (zOut != null) {
                Npy.write(zOut, new Npy.Array(new long[] {n, m.nz()}, used));
                System.err.println("wrote " + zOut + " (" + n + "×" + m.nz() + " z, grid order)");
            }
            if (out != null) {
                Pixels.writePng(grid, out);
                System.err.println("wrote " + out + " (" + n + " samples of " + m.name() + ")");
            }
            return 0;
        }
    }

    /** Images per generator pass: memory stays bounded whatever --count is. */
    static final int BATCH = 256;

    private int renderRecipe() throws Exception {
        if (zFile != null || truncation != 1) {
            System.err.println("error: --recipe holds its own z and ψ; drop --z and --truncation");
            return 2;
        }
        Recipe any;
        try {
            any = Recipe.read(recipe);
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (any instanceof PathRecipe) {
            System.err.println("error: " + recipe + " is " + any.kind().noun() + " recipe, not an edit or an "
                    + "expression; render it with " + any.kind().command() + " " + recipe);
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            try {
                any.requireModel(recipe, DirectionFit.ref(m));
            } catch (IOException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
            if (any instanceof ExpressionRecipe r) {
                return writeExpression(m, r);
            }
            EditRecipe r = (EditRecipe) any;
            Generated g;
            try {
                g = EditImage.generate(m, r);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + recipe + ": " + e.getMessage());
                return 2;
            }
            if (npyOut != null) {
                Npy.write(npyOut, new Npy.Array(new long[] {1, g.channels(), g.height(), g.width()}, g.images()));
                System.err.println("wrote " + npyOut);
            }
            if (out != null) {
                Pixels.writePng(Pixels.image(g, 0, scale), out);
                System.err.println("wrote " + out + " (the edit " + recipe.getFileName() + " of " + m.name() + ")");
            }
            return 0;
        }
    }

    /** The expression's 3×3 grid (the result in the centre), as Arithmetic shows it and saves it. */
    private int writeExpression(GanModel m, ExpressionRecipe r) throws IOException {
        if (npyOut != null) {
            Generated g = m.generate(ConceptArithmetic.flatten(r.grid()), ConceptArithmetic.GRID);
            Npy.write(npyOut, new Npy.Array(new long[] {g.count(), g.channels(), g.height(), g.width()}, g.images()));
            System.err.println("wrote " + npyOut + " (the 3×3 grid, the result at index " + ConceptArithmetic.CENTRE + ")");
        }
        if (out != null) {
            Pixels.writePng(RecipeImages.gridImage(RecipeImages.grid(m, r), scale), out);
            System.err.println("wrote " + out + " (the expression " + recipe.getFileName() + " of " + m.name()
                    + ": G(result) in the centre of the 3×3 grid)");
        }
        return 0;
    }
}
