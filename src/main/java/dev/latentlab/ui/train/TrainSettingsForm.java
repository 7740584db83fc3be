package dev.latentlab.ui.train;

import dev.latentlab.train.Continuation;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.ui.widgets.Choices;
import dev.latentlab.ui.widgets.Icons;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Train view's form: a new model or one to continue, the data, the network and every
 * hyper-parameter, the output folder, and whether the other views use the model while it trains.
 * It owns its defaults and writes only the run's configuration: {@link #config()} for a new
 * model, {@link #continuedConfig} for a model to continue. A GAN's settings ({@link GanSettings},
 * the DCGAN paper's defaults) and a VAE's ({@link VaeSettings}) show as the architecture asks.
 */
final class TrainSettingsForm {
    /** A row of the settings grid: a name and its field, or (name null) a field across both columns. */
    record Row(Label name, Node field) {}

    static Row row(String name, Node field) {
        return new Row(new Label(name), field);
    }

    enum DataKind {
        BUILTIN("Built-in digits"), FOLDER("Image folder"), IDX("IDX file");

        private final String label;

        DataKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final RadioButton fresh = new RadioButton("New model");
    private final RadioButton resume = new RadioButton("Continue a model");
    private final ChoiceBox<DataKind> dataKind = new ChoiceBox<>();
    private final TextField dataPath = new TextField();
    private final Spinner<Integer> limit = new Spinner<>(0, 10_000_000, 0, 256);
    private final ChoiceBox<Architecture> arch = Choices.of(List.of(Architecture.values()), Architecture.DCGAN,
            Architecture::label);
    private final ChoiceBox<Integer> size = Choices.of(List.of(28, 32, 64, 128), 32, String::valueOf);
    private final Spinner<Integer> nz = new Spinner<>(1, 1024, 100);
    private final Spinner<Integer> ngf = new Spinner<>(1, 512, 64);
    private final Spinner<Integer> ndf = new Spinner<>(1, 512, 64);
    private final Spinner<Integer> batch = new Spinner<>(1, 4096, 64);
    private final GanSettings gan = new GanSettings();
    private final VaeSettings vae = new VaeSettings();
    private final Spinner<Integer> epochs = new Spinner<>(1, 10_000, 5);
    private final Spinner<Integer> iterations = new Spinner<>(0, 100_000_000, 0, 100);
    private final Spinner<Integer> sampleEvery = new Spinner<>(1, 100_000, 200, 10);
    private final TextField outDir = new TextField();
    private final CheckBox useInViews = new CheckBox("Use in other views while training");
    private final Row ngfRow = row("G width (ngf)", ngf);
    private final Row ndfRow = row("D width (ndf)", ndf);
    private final GridPane hp = new GridPane();
    private final VBox form = new VBox();
    private final VBox root;
    private boolean busy;

    TrainSettingsForm(Path defaultOut) {
        ToggleGroup mode = new ToggleGroup();
        fresh.setToggleGroup(mode);
        resume.setToggleGroup(mode);
        fresh.setSelected(true);
        resume.setTooltip(new Tooltip("Continue training the model in the output folder (from its checkpoint "
                + "when it has one, else from its weights with fresh optimiser state). The optimiser settings "
                + "below apply when the architecture chosen is of the model's kind (GAN or VAE); otherwise the "
                + "model keeps its own"));
        mode.selectedToggleProperty().addListener((o, a, b) -> update());

        dataKind.getItems().setAll(DataKind.values());
        dataKind.setValue(DataKind.BUILTIN);
        dataKind.setId("train-data-kind");
        dataKind.valueProperty().addListener((o, a, b) -> update());
        dataPath.setPromptText("folder or IDX file");
        Button browseData = Icons.flat(Feather.FOLDER, "Choose the data");
        browseData.setOnAction(e -> browseData());
        HBox.setHgrow(dataPath, Priority.ALWAYS);
        HBox dataRow = new HBox(dataPath, browseData);
        dataRow.getStyleClass().add("tight-row");
        limit.setEditable(true);
        limit.setTooltip(new Tooltip("Use only N images, spread over the dataset (0 = all)"));
        limit.setId("train-limit");
        arch.setId("train-arch");
        arch.valueProperty().addListener((o, a, b) -> {
            if (a == null || b == null || a.isVae() != b.isVae()) {
                layoutGrid();
            }
            update();
        });
        for (Spinner<Integer> s : List.of(limit, nz, ngf, ndf, batch, epochs, iterations, sampleEvery)) {
            s.setEditable(true);
            s.getStyleClass().add("number-field");
        }
        nz.setId("train-nz");
        ngf.setId("train-ngf");
        ndf.setId("train-ndf");
        batch.setId("train-batch");
        iterations.setId("train-iterations");
        sampleEvery.setId("train-sample-every");
        iterations.setTooltip(new Tooltip("Stop after N iterations (0: train for the epochs)"));
        sampleEvery.setTooltip(new Tooltip("Save the sample grid every N iterations (the view shows one every "
                + "few seconds)"));

        outDir.setId("train-out");
        outDir.setText(defaultOut.toString());
        Button browseOut = Icons.flat(Feather.FOLDER, "Choose the output folder (or the model to continue)");
        browseOut.setOnAction(e -> browseOut());
        HBox.setHgrow(outDir, Priority.ALWAYS);
        HBox outRow = new HBox(outDir, browseOut);
        outRow.getStyleClass().add("tight-row");
        useInViews.setSelected(true);
        useInViews.setId("train-use-in-views");
        useInViews.setTooltip(new Tooltip("Send G's snapshots to Explore, Interpolate, Arithmetic and Ablate while "
                + "training, and open the saved model when the run ends"));

        hp.getStyleClass().add("form-grid");
        layoutGrid();

        HBox images = new HBox(new Label("Images"), limit);
        images.getStyleClass().add("form-row");
        form.getStyleClass().add("form-column");
        form.getChildren().setAll(section("Model"), fresh, resume, section("Data"), dataKind, dataRow, images,
                section("Network and training"), hp, section("Output folder"), outRow);
        root = new VBox(form, useInViews); // the toggle stays usable while training
        root.getStyleClass().addAll("form-column", "padded");
        update();
    }

    /** The settings grid for the architecture chosen: the network, then a GAN's or a VAE's settings, then how long. */
    private void layoutGrid() {
        List<Row> rows = new java.util.ArrayList<>(List.of(row("Architecture", arch), row("Image size", size),
                row("nz", nz), ngfRow, ndfRow, row("Batch", batch)));
        rows.addAll(arch.getValue().isVae() ? vae.rows() : gan.rows());
        rows.addAll(List.of(row("Epochs", epochs), row("Iterations", iterations), row("Grid every", sampleEvery)));
        hp.getChildren().clear();
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            if (row.name() == null) {
                hp.add(row.field(), 0, r, 2, 1);
            } else {
                row.name().setMinWidth(Region.USE_PREF_SIZE); // the names stay whole; the fields take what is left
                hp.addRow(r, row.name(), row.field());
            }
        }
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    Node node() {
        return root;
    }

    /** Whether the form continues the model in the output folder (else it makes a new one). */
    boolean continuing() {
        return resume.isSelected();
    }

    /** The output folder as typed (the model to continue, when continuing). */
    Path out() {
        return Path.of(outDir.getText().trim()).toAbsolutePath();
    }

    boolean useInViews() {
        return useInViews.isSelected();
    }

    void setUseInViews(boolean on) {
        useInViews.setSelected(on);
    }

    /** While data loads and a run trains the form is read-only. */
    void setBusy(boolean busy) {
        this.busy = busy;
        update();
    }

    private void update() {
        form.setDisable(busy);
        boolean cont = resume.isSelected();
        // a continued model keeps its architecture, image size and data (from its checkpoint)
        for (Node n : List.of(arch, size, nz, ngf, ndf, dataKind, dataPath, limit)) {
            n.setDisable(cont);
        }
        dataPath.setDisable(cont || dataKind.getValue() == DataKind.BUILTIN);
        Architecture a = arch.getValue();
        ngf.setDisable(cont || !a.convolutional());
        ndf.setDisable(cont || !a.convolutional());
        ngfRow.name().setText(a.isVae() ? "Decoder width (ngf)" : "G width (ngf)");
        ndfRow.name().setText(a.isVae() ? "Encoder width (ndf)" : "D width (ndf)");
        vae.setChannels(channels());
    }

    /** The images' channels: colour for a folder of images, gray for the digits and IDX files. */
    private int channels() {
        return dataKind.getValue() == DataKind.FOLDER ? 3 : 1;
    }

    private void browseData() {
        File f;
        if (dataKind.getValue() == DataKind.FOLDER) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("A folder of images");
            f = dc.showDialog(form.getScene().getWindow());
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle("An MNIST IDX image file");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("IDX images", "*.idx", "*.idx.gz",
                    "*-idx3-ubyte", "*-idx3-ubyte.gz", "*.idx3-ubyte", "*.idx3-ubyte.gz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            f = fc.showOpenDialog(form.getScene().getWindow());
            if (f != null) {
                dataKind.setValue(DataKind.IDX);
            }
        }
        if (f != null) {
            dataPath.setText(f.getAbsolutePath());
        }
    }

    private void browseOut() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(resume.isSelected() ? "The model folder to continue" : "Where to save the model");
        Path cur = Path.of(outDir.getText().isBlank() ? "." : outDir.getText()).toAbsolutePath();
        Path parent = cur.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            dc.setInitialDirectory(parent.toFile());
        }
        File f = dc.showDialog(form.getScene().getWindow());
        if (f != null) {
            outDir.setText(f.getAbsolutePath());
        }
    }

    /** The configuration the form describes (for a new model). */
    TrainConfig config() {
        TrainConfig c = new TrainConfig();
        c.data = switch (dataKind.getValue()) {
            case BUILTIN -> "builtin:digits";
            case FOLDER, IDX -> dataPath.getText().trim();
        };
        c.imageSize = size.getValue();
        c.channels = channels();
        c.nz = nz.getValue();
        c.ngf = ngf.getValue();
        c.ndf = ndf.getValue();
        c.limit = limit.getValue();
        hyperParameters(c);
        return c;
    }

    /** The knobs a continued run may change, read from the form (FX thread), with the architecture chosen. */
    TrainConfig knobs() {
        TrainConfig c = new TrainConfig();
        hyperParameters(c);
        return c;
    }

    private void hyperParameters(TrainConfig c) {
        c.arch = arch.getValue().id();
        if (arch.getValue().isVae()) {
            vae.write(c);
        } else {
            gan.write(c);
        }
        c.batchSize = batch.getValue();
        c.epochs = epochs.getValue();
        c.maxIterations = iterations.getValue();
        c.sampleEvery = sampleEvery.getValue();
        c.snapshotEvery = Math.max(1, Math.min(50, c.sampleEvery));
    }

    static double number(TextField f, String what) {
        try {
            return Double.parseDouble(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: \"" + f.getText() + "\"");
        }
    }

    /**
     * The configuration to continue the model in {@code out}: its own, with the form's
     * {@link #knobs()} (the optimiser's and the objective's only when the form's architecture is of
     * the model's kind, GAN or VAE); refused when neither a checkpoint nor model.json names the
     * data. Reads files: call it off the FX thread.
     */
    static TrainConfig continuedConfig(Path out, TrainConfig f) {
        Continuation from = Continuation.of(out);
        TrainConfig c = from.requireData(out, "start a new model on the data instead");
        long done = from.iterations();
        if (c.isVae() == f.isVae()) {
            if (c.isVae()) {
                VaeSettings.copy(f, c);
            } else {
                GanSettings.copy(f, c);
            }
        }
        c.batchSize = f.batchSize;
        c.sampleEvery = f.sampleEvery;
        c.snapshotEvery = f.snapshotEvery;
        // a continued run goes on for the form's epochs, or its iterations beyond where it was
        c.epochs = Math.max(c.epochs, f.epochs);
        c.maxIterations = f.maxIterations > 0 ? f.maxIterations + done : 0;
        c.validate();
        return c;
    }

    /** Fills the form for a new model (a small run for demos and tests). */
    void setNewRun(String data, Architecture architecture, int imageSize, int images, int latent, int width,
            int batchSize, long iters, int gridEvery, Path out) {
        dataKind.setValue(data.startsWith("builtin:") ? DataKind.BUILTIN
                : Files.isDirectory(Path.of(data)) ? DataKind.FOLDER : DataKind.IDX);
        dataPath.setText(data.startsWith("builtin:") ? "" : data);
        arch.setValue(architecture);
        size.setValue(imageSize);
        limit.getValueFactory().setValue(images);
        nz.getValueFactory().setValue(latent);
        ngf.getValueFactory().setValue(width);
        ndf.getValueFactory().setValue(width);
        batch.getValueFactory().setValue(batchSize);
        iterations.getValueFactory().setValue((int) iters);
        sampleEvery.getValueFactory().setValue(gridEvery);
        outDir.setText(out.toString());
        fresh.setSelected(true);
    }

    /** The VAE's settings (for tests and demos). */
    VaeSettings vae() {
        return vae;
    }

    /** Switches the form to continue the model in its output folder, keeping the other settings. */
    void continueInstead() {
        resume.setSelected(true);
    }

    /** Fills the form to continue the model in {@code out} for {@code iters} more iterations. */
    void setContinue(Path out, int iters) {
        outDir.setText(out.toString());
        iterations.getValueFactory().setValue(iters);
        resume.setSelected(true);
    }
}
