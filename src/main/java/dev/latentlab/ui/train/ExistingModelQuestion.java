package dev.latentlab.ui.train;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * Asked before a new run starts in a folder that already holds a model or a run's checkpoint: continue
 * it, replace it, or cancel. The CLI's rule in the app: {@code train --out EXISTING} is refused without
 * {@code --resume} (continue) or {@code --force} (replace).
 */
final class ExistingModelQuestion {
    enum Answer { CONTINUE, REPLACE, CANCEL }

    static final ButtonType CONTINUE = new ButtonType("Continue it", ButtonBar.ButtonData.YES);
    static final ButtonType REPLACE = new ButtonType("Replace it", ButtonBar.ButtonData.OTHER);
    static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

    /** As wide as the app's error dialogs' text. */
    private static final double TEXT_WIDTH = 520;

    private ExistingModelQuestion() {
    }

    /** Shows the question (without blocking) and hands the answer to {@code then}; closing the dialog cancels. */
    static void ask(Window owner, Path out, String occupied, Consumer<Answer> then) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", CONTINUE, REPLACE, CANCEL);
        if (owner != null && owner.isShowing()) {
            a.initOwner(owner);
        }
        a.setTitle("LatentLab");
        a.setHeaderText(out.getFileName() + " already holds " + occupied);
        Label text = new Label("Continue it: train that model further, from its checkpoint.\n"
                + "Replace it: start a new model there; the old model and its checkpoint are deleted.\n" + out);
        text.setWrapText(true);
        text.setMaxWidth(TEXT_WIDTH);
        a.getDialogPane().setContent(text);
        a.getDialogPane().setId("train-existing-dialog");
        a.setOnHidden(e -> {
            ButtonType b = a.getResult();
            then.accept(b == CONTINUE ? Answer.CONTINUE : b == REPLACE ? Answer.REPLACE : Answer.CANCEL);
        });
        a.show();
    }
}
