package dev.latentlab.ui.arithmetic;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.ArithmeticEval.ConceptSpec;
import dev.latentlab.eval.ArithmeticEval.ExpressionSpec;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.ConceptStore.ModelIdentity;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/**
 * Concepts on disk for the Arithmetic view: saved per model (JSON tied to the model), and shipped
 * in a model folder's {@code presets/}, where an expression's three concepts load in one click.
 */
final class ConceptLibrary {
    private final Workspace ws;
    private final Consumer<String> status;

    ConceptLibrary(Workspace ws, Consumer<String> status) {
        this.ws = ws;
        this.status = status;
    }

    static ModelIdentity identity(ModelSummary m) {
        return new ModelIdentity(m.name(), m.nz(), m.spec().imageSize(), m.spec().channels());
    }

    /** Where a model folder keeps its shipped concepts. */
    static Path shippedPresets(ModelSummary m) {
        return m == null || m.path() == null || !Files.isDirectory(m.path()) ? null : m.path().resolve("presets");
    }

    private Path savedConcepts() {
        return ws.paths().home().resolve("concepts");
    }

    void save(Concept concept) {
        if (ws.model() == null) {
            return;
        }
        try {
            Path f = ConceptStore.save(savedConcepts(), identity(ws.model()), concept);
            status.accept("Saved " + f.getFileName());
        } catch (IOException e) {
            ws.error("Could not save the concept", e);
        }
    }

    /** The concept in a file, or null (after a dialog) when it cannot be read or was made with another model. */
    Concept load(Path file) {
        if (ws.model() == null) {
            return null;
        }
        try {
            return ConceptStore.load(file, identity(ws.model())).concept();
        } catch (IOException e) {
            ws.error("Could not load the concept", e);
            return null;
        }
    }

    /** A column's load menu: the model's shipped concepts and the saved ones; a choice goes to {@code load}. */
    void fillLoadMenu(MenuButton menu, Consumer<Path> load) {
        menu.getItems().clear();
        List<Path> shipped = ConceptStore.list(shippedPresets(ws.model()));
        List<Path> saved = ConceptStore.list(savedConcepts());
        addGroup(menu, "Shipped with the model", shipped, load);
        addGroup(menu, "Saved", saved, load);
        if (shipped.isEmpty() && saved.isEmpty()) {
            MenuItem none = new MenuItem("No concepts yet: save one with the disk button");
            none.setDisable(true);
            menu.getItems().add(none);
        }
    }

    private static void addGroup(MenuButton menu, String title, List<Path> files, Consumer<Path> load) {
        if (files.isEmpty()) {
            return;
        }
        if (!menu.getItems().isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        MenuItem head = new MenuItem(title);
        head.setDisable(true);
        head.getStyleClass().add("menu-heading");
        menu.getItems().add(head);
        for (Path f : files) {
            MenuItem mi = new MenuItem(ConceptStore.stem(f));
            mi.setOnAction(e -> load.accept(f));
            menu.getItems().add(mi);
        }
    }

    /** The presets menu: each known expression, usable when the model ships its three concepts. */
    void fillExpressionMenu(MenuButton menu, Consumer<ExpressionSpec> load) {
        menu.getItems().clear();
        Path dir = shippedPresets(ws.model());
        for (ExpressionSpec e : ArithmeticEval.EXPRESSIONS) {
            MenuItem mi = new MenuItem(e.describe());
            mi.setDisable(expressionFiles(dir, e) == null);
            mi.setOnAction(ev -> load.accept(e));
            menu.getItems().add(mi);
        }
        if (dir == null || ConceptStore.list(dir).isEmpty()) {
            MenuItem none = new MenuItem("This model ships no presets (" + (dir == null ? "not a model folder"
                    : dir + " is empty or missing") + ")");
            none.setDisable(true);
            menu.getItems().add(0, none);
        }
    }

    /** The three concept files of an expression in a presets folder, or null when one is missing. */
    static List<Path> expressionFiles(Path dir, ExpressionSpec e) {
        if (dir == null) {
            return null;
        }
        List<Path> out = new ArrayList<>();
        for (ConceptSpec c : e.concepts()) {
            Path f = dir.resolve(c.name() + ".json");
            if (!Files.isRegularFile(f)) {
                return null;
            }
            out.add(f);
        }
        return out;
    }

    /** The shipped files of an expression for the current model, or null when it ships them not. */
    List<Path> expressionFiles(ExpressionSpec e) {
        return expressionFiles(shippedPresets(ws.model()), e);
    }
}
