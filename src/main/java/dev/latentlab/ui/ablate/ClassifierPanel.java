package dev.latentlab.ui.ablate;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.ReaderLabel;
import dev.latentlab.ui.widgets.ReaderNotice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The "Classifier" tab: the attribute classifier's labels stand in for hand marks (channels rank
 * by mean activation with the attribute minus without, optionally discounting Male and
 * Smiling), and the {@link RemovalSearchPanel} below it. Finds the classifier that reads the
 * model's images, or says why there is none.
 */
final class ClassifierPanel {
    static final int CLASSIFIER_SAMPLES = 300;
    static final List<String> KEEP = List.of("Male", "Smiling");

    private final Workspace ws;
    private final AblationState state;
    private final Consumer<String> busy;
    private final ComboBox<String> attribute = new ComboBox<>();
    private final Spinner<Integer> samples = new Spinner<>(50, 2000, CLASSIFIER_SAMPLES, 50);
    private final Label note = new Label();
    private final CheckBox selective = new CheckBox("Selective: keep Male and Smiling");
    private final Button rank = Icons.button("Rank", Feather.USERS, "Label the samples and rank the channels");
    private final RemovalSearchPanel search;
    private final VBox root;
    private final javafx.scene.control.ScrollPane scroll;
    private Path classifierDir;

    ClassifierPanel(Workspace ws, AblationState state, Consumer<String> busy) {
        this.ws = ws;
        this.state = state;
        this.busy = busy;
        search = new RemovalSearchPanel(ws, state, () -> classifierDir, attribute::getValue,
                () -> selective.isSelected() ? KEEP : List.of());
        Label help = new Label("Samples the attribute classifier labels stand in for hand marks: channels rank "
                + "by mean activation of samples with the attribute minus those without.");
        help.setWrapText(true);
        help.getStyleClass().addAll("help-text", "text-small");
        attribute.setId("ablate-attribute");
        attribute.getStyleClass().add("attribute-box");
        samples.getStyleClass().add("narrow-number");
        samples.setEditable(true);
        samples.setTooltip(new Tooltip("Samples to label"));
        rank.setId("rank-classifier");
        rank.setOnAction(e -> rank());
        note.setWrapText(true);
        note.getStyleClass().addAll("help-text", "text-small");
        dev.latentlab.ui.widgets.WrapRow row = new dev.latentlab.ui.widgets.WrapRow(attribute, samples, rank);
        selective.setId("ablate-selective");
        selective.setTooltip(new Tooltip("Rank by the effect on the attribute minus the effects on Male and Smiling, "
                + "so that removing the top k changes those less"));
        ReaderNotice notice = new ReaderNotice(ws, "Ranking by a classifier and the removal search read samples with"
                + " an attribute reader.", "Without one, paint the concept on a few samples in the Concept marks tab:"
                + " channels rank by how much they fire inside your marks, and you remove them here as well.");
        notice.setId("ablate-reader-notice");
        root = new VBox(help, notice, row, selective, search.node(), note);
        root.getStyleClass().addAll("side-pane", "form-column");
        // the notice and the search's lines wrap: in a short window they scroll instead of being cut
        scroll = new javafx.scene.control.ScrollPane(root);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
    }

    Node node() {
        return scroll;
    }

    RemovalSearchPanel search() {
        return search;
    }

    /** The classifier's folder, or null when none reads the model's images. */
    Path classifierDir() {
        return classifierDir;
    }

    /** The attribute chosen (null without a classifier). */
    javafx.beans.property.ObjectProperty<String> attributeProperty() {
        return attribute.valueProperty();
    }

    /** Finds the attribute classifier that reads the model's images (or says why there is none). */
    void modelChanged(ModelSummary m) {
        search.cancel();
        classifierDir = null;
        attribute.getItems().clear();
        if (m != null) {
            try {
                ClassifierInfo.Kind kind = m.readers().kind();
                if (kind == null || !kind.multiLabel()) {
                    throw new IllegalArgumentException(kind == null ? m.readers().why()
                            : "the " + kind.id() + " reader names a class, not attributes to remove");
                }
                Path dir = Classifiers.locate(kind);
                ClassifierInfo info = ClassifierInfo.parse(Files.readString(dir.resolve(Classifier.INFO),
                        StandardCharsets.UTF_8), dir.toString());
                attribute.getItems().setAll(info.outputs);
                attribute.setValue(info.outputs.contains("Wearing_Hat") ? "Wearing_Hat" : info.outputs.get(0));
                classifierDir = dir;
                note.setText("Classifier: " + dir);
            } catch (Exception e) {
                // without a reader the notice above says why and what works instead
                note.setText(m.readers().kind() == null ? "" : "Not available: " + e.getMessage());
            }
        }
        rank.setDisable(classifierDir == null);
        attribute.setDisable(classifierDir == null);
        search.classifierChanged(classifierDir != null);
    }

    private void rank() {
        LayerInfo l = state.layer();
        String attr = attribute.getValue();
        if (l == null || classifierDir == null || attr == null) {
            return;
        }
        int n = samples.getValue();
        Path dir = classifierDir;
        busy.accept("Labelling " + n + " samples…");
        rank.setDisable(true);
        CompletableFuture<AblationEval.Labelled> f = ws.render().submit(
                AblationEval.classifierRanking(dir, attr, selective.isSelected() ? KEEP : List.of(),
                        l.index(), n, 11, state.mask()));
        f.whenComplete((r, t) -> Platform.runLater(() -> {
            busy.accept("");
            rank.setDisable(false);
            if (t != null) {
                ws.error("Could not rank by the classifier", t);
            } else if (l.equals(state.layer())) {
                state.setRanking(r.ranking(), r.with() + " of " + r.samples() + " samples called " + attr + ", "
                        + ReaderLabel.words(dir));
            }
        }));
    }
}
