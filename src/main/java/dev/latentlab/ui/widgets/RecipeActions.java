package dev.latentlab.ui.widgets;

import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.Recipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.ui.Workspace;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Save …" and "Open …" of a view's {@link Recipe}. The generator's checksum is read on the
 * render thread, which also writes the JSON and draws the PNG beside it (in its own batches, as
 * the headless commands do); an opened file is checked against the open generator there, and
 * the view takes it over on the FX thread. A broken or foreign file is reported, naming it, and
 * changes nothing.
 */
public final class RecipeActions<R extends Recipe> {
    /** The view's side of its recipe. */
    public interface Side<R> {
        /**
         * On the FX thread: the view's state now, as a recipe once the generator is known; an
         * IllegalStateException (its message for the user) when there is nothing to save.
         */
        Function<ModelRef, R> snapshot();

        /** On the render thread: the PNG saved beside the recipe. */
        void writePng(GanModel m, R r, Path png) throws IOException;

        /** Reads a file as this kind of recipe for the open generator. */
        R load(Path file, ModelRef current) throws IOException;

        /**
         * On the FX thread: makes the recipe the view's state; an IOException naming the file,
         * before anything changes, when the view cannot show it.
         */
        void apply(Path file, R r) throws IOException;
    }

    private final Workspace ws;
    private final String noun;
    private final Side<R> side;
    private final Button save;
    private final Button open;

    /** {@code noun} as in the buttons: "path" gives "Save path" and "Open path". */
    public RecipeActions(Workspace ws, String noun, Side<R> side) {
        this.ws = ws;
        this.noun = noun;
        this.side = side;
        save = Icons.button("Save " + noun, Feather.SAVE, "Save the " + noun + " as JSON with a PNG beside it "
                + "(render it again headless with latentlab)");
        save.setId("save-" + noun);
        save.setOnAction(e -> saveDialog());
        open = Icons.button("Open " + noun, Feather.FOLDER, "Open a saved " + noun + " of this model");
        open.setId("open-" + noun);
        open.setOnAction(e -> openDialog());
        save.disableProperty().bind(ws.modelProperty().isNull());
        open.disableProperty().bind(ws.modelProperty().isNull());
    }

    /** Icons only (the tooltips still say what they do), for a crowded toolbar. */
    public RecipeActions<R> iconsOnly() {
        for (Button b : new Button[] {save, open}) {
            b.setText(null);
            b.getStyleClass().add("button-icon");
        }
        save.getTooltip().setText("Save " + noun + ": " + save.getTooltip().getText());
        open.getTooltip().setText("Open " + noun + ": " + open.getTooltip().getText());
        return this;
    }

    public Button saveButton() {
        return save;
    }

    public Button openButton() {
        return open;
    }

    /** Writes the recipe and its PNG; completes on the FX thread, a failure reported to the user. */
    public CompletableFuture<Path> save(Path file) {
        Function<ModelRef, R> snapshot;
        try {
            snapshot = side.snapshot();
        } catch (IllegalStateException e) {
            ws.error("Nothing to save", e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        return onFx(ws.render().submit(m -> {
            try {
                R r = snapshot.apply(DirectionFit.ref(m));
                r.save(file);
                side.writePng(m, r, Recipe.pngFor(file));
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), "Could not save the " + noun);
    }

    /** Reads, checks and applies a recipe; completes on the FX thread once the view shows it. */
    public CompletableFuture<R> open(Path file) {
        CompletableFuture<R> read = ws.render().submit(m -> {
            try {
                return side.load(file, DirectionFit.ref(m));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return onFx(read.thenApplyAsync(r -> {
            try {
                side.apply(file, r);
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Platform::runLater), "Could not open the " + noun);
    }

    /** The future, completed on the FX thread, its failure shown with the cause's message. */
    private <T> CompletableFuture<T> onFx(CompletableFuture<T> f, String title) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, t) -> Platform.runLater(() -> {
            if (t == null) {
                out.complete(v);
            } else {
                Throwable c = cause(t);
                ws.error(title, c.getMessage() == null ? c.toString() : c.getMessage());
                out.completeExceptionally(c);
            }
        }));
        return out;
    }

    private static Throwable cause(Throwable t) {
        while ((t instanceof CompletionException || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LatentLab " + noun + " (JSON + PNG)", "*.json"));
        return fc;
    }

    private void saveDialog() {
        FileChooser fc = chooser("Save " + noun);
        fc.setInitialFileName((ws.model() == null ? "" : ws.model().name() + "-") + noun + ".json");
        File f = fc.showSaveDialog(save.getScene().getWindow());
        if (f != null) {
            save(f.toPath());
        }
    }

    private void openDialog() {
        File f = chooser("Open " + noun).showOpenDialog(open.getScene().getWindow());
        if (f != null) {
            open(f.toPath());
        }
    }
}
