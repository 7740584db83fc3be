package dev.latentlab.ui.widgets;

import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.ReaderMatch;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * What a panel cannot do without an attribute reader, why there is none for this model, and what
 * works instead (picks, concept marks, hand-picked exemplars, a reader of your own). For a PyTorch
 * file of a size a shipped reader takes, a button declares what it draws ("Read with the face
 * readers"), and takes it back. Hidden while the model has a reader it did not need declared.
 */
public final class ReaderNotice extends VBox {
    private final Workspace ws;
    private final String needs;
    private final String instead;
    private final Label text = new Label();
    private final Button declare = new Button();

    /**
     * @param needs   what the panel cannot do, as a sentence ("Named edits need an attribute reader.")
     * @param instead what works without one, as a sentence naming the control
     */
    public ReaderNotice(Workspace ws, String needs, String instead) {
        this.ws = ws;
        this.needs = needs;
        this.instead = instead;
        getStyleClass().add("reader-notice");
        text.setWrapText(true);
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // whole, whatever else the panel shows below it
        text.getStyleClass().add("reader-notice-text");
        declare.getStyleClass().add("reader-notice-button");
        getChildren().setAll(text, declare);
        ws.modelProperty().addListener((o, a, m) -> update(m));
        update(ws.model());
    }

    private void update(ModelSummary m) {
        ReaderMatch r = m == null ? null : m.readers();
        boolean file = m != null && m.path() != null && ReaderMatch.recordsNoData(m.source());
        Optional<ClassifierInfo.Kind> sized = m == null ? Optional.empty() : ReaderMatch.bySize(m.spec());
        boolean declared = file && r != null && r.kind() != null;
        boolean show = r != null && (r.kind() == null || declared);
        setVisible(show);
        setManaged(show);
        if (!show) {
            return;
        }
        if (declared) {
            text.setText("This model is " + r.why() + ".");
            declare.setText("Do not read it with the " + words(r.kind()));
            declare.setTooltip(new Tooltip("Its images are not " + what(r.kind())
                    + ": the figures of those readers would mean nothing"));
            declare.setOnAction(e -> ws.declareReaders(null));
        } else {
            text.setText(needs + " None for this model: " + r.why() + ". " + instead);
            sized.ifPresent(k -> {
                declare.setText("Read with the " + words(k));
                declare.setTooltip(new Tooltip("Say that this file draws " + what(k) + " (kept in settings.json)"));
                declare.setOnAction(e -> ws.declareReaders(k));
            });
        }
        boolean button = declared || file && sized.isPresent();
        declare.setVisible(button);
        declare.setManaged(button);
    }

    private static String words(ClassifierInfo.Kind k) {
        return k == ClassifierInfo.Kind.FACES ? "face readers" : "digit reader";
    }

    private static String what(ClassifierInfo.Kind k) {
        return k == ClassifierInfo.Kind.FACES ? "facegen's cartoon faces" : "handwritten digits";
    }
}
