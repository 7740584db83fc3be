package dev.latentlab.ui.shell;

import dev.latentlab.eval.ReaderMatch;
import dev.latentlab.model.ModelCard;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/**
 * The model picker's "About this model": the open model's card as `latentlab info` prints it (kind,
 * architecture, data, readers, recipe, training, directions, figures with their commands), made on the
 * render thread, which owns the model.
 */
final class ModelCardDialog {
    private ModelCardDialog() {}

    static void show(Workspace ws, Window owner) {
        ModelSummary s = ws.model();
        if (s == null) {
            return;
        }
        ReaderMatch r = s.readers();
        ws.render().submit(g -> ModelCard.render(g, r.kind() == null ? "none" : r.kind().id(), r.why()))
                .whenComplete((text, err) -> Platform.runLater(() -> {
                    if (err != null) {
                        ws.error("Could not read the model's card", err.getMessage() == null ? err.toString()
                                : err.getMessage());
                        return;
                    }
                    TextArea area = new TextArea(text);
                    area.setId("model-card");
                    area.setEditable(false);
                    area.setWrapText(false);
                    area.getStyleClass().add("model-card");
                    area.setPrefColumnCount(100);
                    area.setPrefRowCount(Math.min(36, (int) text.lines().count() + 1));
                    Alert a = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
                    a.initOwner(owner);
                    a.setTitle("About " + s.name());
                    a.setHeaderText(s.name() + " — " + s.size());
                    a.getDialogPane().setContent(area);
                    a.setResizable(true);
                    a.show();
                }));
    }
}
