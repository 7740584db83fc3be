package dev.latentlab.ui.explore;

import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.EditRecipe.Move;
import dev.latentlab.render.EditImage;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.explore.NamedEditsModel.SefaState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The named edits as files: the current edit as an {@link EditRecipe} (z, every SeFa and
 * attribute move, ψ, the keeps), saved as JSON plus its PNG, and opened back to the same image.
 * FX thread; the PNG is drawn by the render thread.
 */
final class EditFiles {
    private final Workspace ws;
    private final NamedEditsModel edits;
    private final Supplier<ModelRef> ref;
    private Supplier<SefaState> sefa = () -> null;

    EditFiles(Workspace ws, NamedEditsModel edits, Supplier<ModelRef> ref) {
        this.ws = ws;
        this.edits = edits;
        this.ref = ref;
    }

    /** Where Explore's SeFa sliders stand (for saving them in a recipe). */
    void setSefaSource(Supplier<SefaState> source) {
        this.sefa = source;
    }

    /** The current edit as a recipe; IllegalStateException while the generator's checksum is not read yet. */
    EditRecipe recipe() {
        ModelRef r = ref.get();
        if (r == null) {
            throw new IllegalStateException(ws.model() == null ? "no model is open"
                    : "the generator's checksum is not read yet; try again in a moment");
        }
        float[] z = ws.z();
        List<Move> moves = new ArrayList<>();
        SefaState s = sefa.get();
        if (s != null && s.vectors() != null && s.base() != null && s.base().length == z.length) {
            z = s.base();
            for (int d = 0; d < s.vectors().length; d++) {
                if (s.amounts()[d] != 0) {
                    moves.add(new Move(EditRecipe.SEFA, "#" + (d + 1), s.vectors()[d], s.amounts()[d], null));
                }
            }
        }
        moves.addAll(edits.moves());
        return new EditRecipe(r, z.clone(), moves, edits.psiProperty().get(), edits.kept(), Map.of(),
                "LatentLab Explore, " + java.time.Instant.now());
    }

    /** Saves the current edit as JSON plus its PNG (drawn by the render thread); completes on the FX thread. */
    CompletableFuture<Path> save(Path file) {
        EditRecipe r;
        try {
            r = recipe();
            r.save(file);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Path png = EditRecipe.pngFor(file);
        return ws.render().submit(m -> {
            try {
                EditImage.writePng(m, r, png);
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(png + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Reads a recipe for the open generator: its z with its SeFa moves applied (so the image is
     * the saved one exactly); the edits take over its ψ, keeps and attribute moves. An IOException
     * naming the file for another model's or a broken recipe.
     */
    float[] open(Path file) throws IOException {
        ModelRef r0 = ref.get();
        if (r0 == null) {
            throw new IOException("cannot open " + file + " yet: the generator's checksum is not read yet");
        }
        EditRecipe r = EditRecipe.load(file, r0);
        if (!r.removed().isEmpty()) {
            throw new IOException(file + " removes channels of layer(s) " + r.removed().keySet() + "; Explore draws "
                    + "with every channel, so it cannot show that image: render it with latentlab sample --recipe");
        }
        List<Move> sefaMoves = r.moves().stream().filter(m -> EditRecipe.SEFA.equals(m.kind())).toList();
        float[] z = EditRecipe.apply(r.z(), sefaMoves, 1);
        edits.takeOver(r.keep(), r.moves().stream().filter(m -> EditRecipe.ATTRIBUTE.equals(m.kind())).toList(),
                r.psi());
        return z;
    }
}
