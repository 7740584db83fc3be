package dev.latentlab.ui.compare;

import dev.latentlab.ui.Workspace;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The two models compared: a choice of the shipped and recently opened ones (listed again each
 * time a menu opens, so a model trained meanwhile is there) or any folder, and what each is.
 */
final class ModelSlots extends VBox {
    private final List<ComboBox<Path>> choices = List.of(new ComboBox<>(), new ComboBox<>());
    private final List<Label> descriptions = List.of(new Label(), new Label());
    private final Workspace ws;

    /** {@code onChoose} gets (slot, folder) whenever a model is chosen. */
    ModelSlots(Workspace ws, CompareState state, BiConsumer<Integer, Path> onChoose) {
        this.ws = ws;
        getStyleClass().add("compare-slots");
        for (int s = 0; s < 2; s++) {
            int slot = s;
            ComboBox<Path> box = choices.get(s);
            box.setId("compare-model-" + (s == 0 ? "a" : "b"));
            box.getItems().setAll(ws.library().shippedAndRecent(ws.settings().recent));
            box.setOnShowing(e -> refreshChoices());
            box.setCellFactory(l -> new NameCell());
            box.setButtonCell(new NameCell());
            box.getStyleClass().add("compare-choice");
            box.valueProperty().addListener((o, a, b) -> {
                if (b != null && !b.equals(a)) {
                    onChoose.accept(slot, b);
                }
            });
            Button open = new Button("Open…");
            open.setOnAction(e -> {
                DirectoryChooser dc = new DirectoryChooser();
                dc.setTitle("Open a model folder for " + (slot == 0 ? "A" : "B"));
                File f = dc.showDialog(getScene() == null ? null : getScene().getWindow());
                if (f != null) {
                    choose(slot, f.toPath());
                }
            });
            Label tag = new Label(s == 0 ? "A" : "B");
            tag.getStyleClass().add("section-title");
            Label what = descriptions.get(s);
            what.getStyleClass().add("help-text");
            state.loadedProperty(s).addListener((o, a, b) -> what.setText(b == null ? "" : b.describe()));
            HBox row = new HBox(8, tag, box, open, what);
            row.getStyleClass().add("tight-row");
            getChildren().add(row);
        }
    }

    /** Lists the shipped and recent models again in both menus, keeping each slot's choice. */
    void refreshChoices() {
        List<Path> known = ws.library().shippedAndRecent(ws.settings().recent);
        for (ComboBox<Path> box : choices) {
            List<Path> items = new java.util.ArrayList<>(known);
            for (Path p : box.getItems()) {
                if (!items.contains(p)) {
                    items.add(p); // a folder opened with Open… stays
                }
            }
            if (!items.equals(box.getItems())) {
                box.getItems().setAll(items);
            }
        }
    }

    /** Selects a model in a slot (adding it to the choices when it is not a shipped one). */
    void choose(int slot, Path folder) {
        ComboBox<Path> box = choices.get(slot);
        if (!box.getItems().contains(folder)) {
            box.getItems().add(folder);
        }
        box.setValue(folder);
    }

    private static final class NameCell extends ListCell<Path> {
        @Override
        protected void updateItem(Path p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.getFileName().toString());
        }
    }
}
