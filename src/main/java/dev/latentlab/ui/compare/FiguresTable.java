package dev.latentlab.ui.compare;

import dev.latentlab.ui.widgets.ReaderLabel;
import dev.latentlab.eval.ModelComparison;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The figures of both models against the real images (what {@code latentlab eval compare}
 * prints), measured on demand in the background: one row per figure, its meaning as a tooltip.
 */
final class FiguresTable extends VBox {
    private final TableView<ModelComparison.Row> table = new TableView<>();
    private final TableColumn<ModelComparison.Row, String> a = new TableColumn<>("A");
    private final TableColumn<ModelComparison.Row, String> b = new TableColumn<>("B");
    private final Button measure = new Button("Measure");

    FiguresTable(CompareState state) {
        getStyleClass().add("compare-panel");
        Label title = new Label("Figures");
        title.getStyleClass().add("section-title");
        ReaderLabel reader = new ReaderLabel();
        reader.setId("compare-reader");
        state.readerProperty().addListener((o, x, name) -> reader.setReaderName(name));
        ChoiceBox<Integer> samples = new ChoiceBox<>();
        samples.getItems().setAll(List.of(500, 2000, 10000));
        samples.setValue(500);
        samples.setTooltip(new Tooltip("Samples per model (and real images); more is steadier and slower"));
        measure.setId("compare-measure");
        measure.disableProperty().bind(state.busyProperty());
        measure.setOnAction(e -> state.measure(samples.getValue()));
        Label status = new Label();
        status.getStyleClass().add("help-text");
        status.setWrapText(true);
        status.textProperty().bind(state.statusProperty());
        HBox bar = new HBox(8, measure, samples, new Label("samples per model"));
        bar.getStyleClass().add("tight-row");

        table.setId("compare-table");
        Label none = new Label("Press Measure: FD, precision, recall, sharpness, attribute rates, a VAE's ELBO");
        none.setWrapText(true);
        none.getStyleClass().add("padded");
        table.setPlaceholder(none);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<ModelComparison.Row, String> name = new TableColumn<>("figure");
        name.setMinWidth(160); // a TableColumn is not a Node: its width cannot come from the stylesheet
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(label(c.getValue().name())));
        a.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().formatted(c.getValue().values()[0])));
        b.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().formatted(c.getValue().values()[1])));
        TableColumn<ModelComparison.Row, String> real = new TableColumn<>("real");
        real.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().formatted(c.getValue().real())));
        table.getColumns().setAll(List.of(name, a, b, real));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ModelComparison.Row r, boolean empty) {
                super.updateItem(r, empty);
                setTooltip(empty || r == null ? null : new Tooltip(r.meaning()));
            }
        });
        state.tableProperty().addListener((o, x, t) -> {
            table.getItems().setAll(t == null ? List.of() : t.rows());
            if (t != null) {
                // the slot letters only: the models' names stand beside A and B at the top of the view, and
                // "A · faces64" did not fit a column of numbers (it read "A · fa…")
                a.setText("A");
                b.setText("B");
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        HBox heading = new HBox(8, title, reader);
        heading.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
        getChildren().addAll(heading, bar, status, table);
    }

    /**
     * A figure's name for people (the table's first column); the code name, which `eval compare` prints
     * and scripts read, stays in the row and in its tooltip's figure.
     */
    static String label(String code) {
        return switch (code) {
            case "fd" -> "Fréchet distance";
            case "precision" -> "Precision";
            case "recall" -> "Recall";
            case "laplacian_var" -> "Sharpness";
            case "laplacian_var.rel" -> "Sharpness ÷ data";
            case "hf_share" -> "Fine detail";
            case "hf_share.rel" -> "Fine detail ÷ data";
            case "rate.mean_abs_error" -> "Rates, mean error";
            case "neg_elbo.nats" -> "−ELBO, nats";
            case "neg_elbo.kl" -> "KL, nats";
            case "neg_elbo.bits_per_dim" -> "−ELBO, bits/dim";
            case "reconstruction.psnr" -> "Recon. PSNR, dB";
            case "class_tv" -> "Class mix, TV";
            case "confident" -> "Confidently read";
            default -> code.startsWith("rate.") ? code.substring(5).replace('_', ' ') + ", rate" : code.replace('_', ' ');
        };
    }
}
