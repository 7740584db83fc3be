package dev.latentlab.ui.explore;

import dev.latentlab.render.Pixels;
import dev.latentlab.ui.PresetStore;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Icons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/** Explore's Presets menu (named z, saved per user) and Export menu (the shown image as PNG at 1×, 4×, 8×). */
final class PresetsAndExport {
    /** The image on screen: ARGB pixels and their size. */
    record Shown(int[] argb, int width, int height) {}

    private final Workspace ws;
    private final ZEditor editor;
    private final Supplier<Shown> shown;
    private final Supplier<Node> owner;
    private final MenuButton presets;
    private final MenuButton export;

    PresetsAndExport(Workspace ws, ZEditor editor, Supplier<Shown> shown, Supplier<Node> owner) {
        this.ws = ws;
        this.editor = editor;
        this.shown = shown;
        this.owner = owner;
        // icons only (the tooltips name them): the toolbar fits beside the side tabs at 1280×800
        presets = Icons.decorate(new MenuButton(), Feather.BOOKMARK, "Presets: named z, saved in "
                + ws.presets().dir());
        presets.setId("explore-presets");
        presets.setOnShowing(e -> fillPresetMenu());
        fillPresetMenu();
        export = Icons.decorate(new MenuButton(), Feather.DOWNLOAD, "Export: save the image as PNG");
        export.setId("explore-export");
        for (int s : new int[] {1, 4, 8}) {
            MenuItem mi = new MenuItem("PNG at " + s + "×");
            mi.setOnAction(e -> exportPngDialog(s));
            export.getItems().add(mi);
        }
    }

    MenuButton presetsMenu() {
        return presets;
    }

    MenuButton exportMenu() {
        return export;
    }

    private void fillPresetMenu() {
        MenuItem save = new MenuItem("Save z as preset…");
        save.setOnAction(e -> savePresetDialog());
        presets.getItems().setAll(save, new SeparatorMenuItem());
        List<String> names = ws.presets().names();
        if (names.isEmpty()) {
            MenuItem none = new MenuItem("No presets yet");
            none.setDisable(true);
            presets.getItems().add(none);
        }
        for (String n : names) {
            MenuItem mi = new MenuItem(n);
            mi.setOnAction(e -> loadPreset(n));
            presets.getItems().add(mi);
        }
    }

    private void savePresetDialog() {
        if (ws.model() == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.initOwner(owner.get().getScene().getWindow());
        d.setTitle("Save preset");
        d.setHeaderText("Save the current z as a named preset");
        d.setContentText("Name:");
        Optional<String> name = d.showAndWait();
        name.filter(s -> !s.isBlank()).ifPresent(this::savePreset);
    }

    void savePreset(String name) {
        try {
            ws.presets().save(name, ws.model().name(), ws.z());
        } catch (IOException e) {
            ws.error("Could not save the preset", e);
        }
    }

    void loadPreset(String name) {
        try {
            PresetStore.Preset p = ws.presets().load(name);
            if (p.z().length != ws.z().length) {
                ws.error("Preset does not fit this model", "Preset '" + name + "' has " + p.z().length
                        + " values but " + ws.model().name() + " takes z of " + ws.z().length
                        + (p.model() == null ? "" : " (the preset was made with " + p.model() + ")"));
                return;
            }
            editor.commit(p.z());
        } catch (IOException e) {
            ws.error("Could not load the preset", e);
        }
    }

    private void exportPngDialog(int scale) {
        if (shown.get() == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export PNG at " + scale + "×");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName(ws.model().name() + "-" + scale + "x.png");
        java.io.File f = fc.showSaveDialog(owner.get().getScene().getWindow());
        if (f != null) {
            exportPng(f.toPath(), scale).exceptionally(t -> {
                Platform.runLater(() -> ws.error("Could not export the image", t));
                return null;
            });
        }
    }

    /** Writes the displayed image scaled by an integer factor, off the FX thread. */
    CompletableFuture<Path> exportPng(Path file, int scale) {
        Shown s = shown.get();
        int[] px = s.argb().clone();
        return CompletableFuture.supplyAsync(() -> {
            try {
                Pixels.writePng(Pixels.image(px, s.width(), s.height(), scale), file);
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
