package dev.latentlab.ui.arithmetic;

import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.ArithmeticEval.ConceptSpec;
import dev.latentlab.eval.ArithmeticEval.ExpressionSpec;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptArithmetic.Expression;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.ConceptStore.ModelIdentity;
import dev.latentlab.latent.Prior;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Arithmetic: the DCGAN paper's vector arithmetic on concepts. Columns (named by the user) collect
 * exemplars clicked in a grid of 64 samples; each shows G(mean z). By default they are the paper's
 * A (+), B (−) and C (+, the base); "Add term" appends more, each with a sign toggle and a remove
 * button ({@link TermColumns}, {@link TermList}: the scale s walks from the base, result = base +
 * s·Σ other signed terms, so the default is G(C + s·(A − B))). The result sits in the centre of a
 * 3×3 grid whose other cells add uniform noise; beside it the same arithmetic on mean images
 * (pixels) for contrast. With fewer than 3 exemplars in a column a hint naming it replaces the
 * result. Concepts are saved and loaded as JSON tied to the model; a model folder's
 * {@code presets/} offers ready-made concepts and expressions (which reset the paper's columns). For 64×64 RGB
 * models the attribute classifier auto-picks exemplars and reads each result cell.
 */
public final class ArithmeticView implements View {
    static final int SAMPLES = 64;
    static final int SAMPLE_COLUMNS = 16;
    static final double SAMPLE_SIZE = 44;
    static final double CELL_SIZE = 84;
    /** Samples classified for an auto-pick, and how many of the most confident are taken. */
    static final int AUTO_POOL = 256;
    static final int AUTO_TAKE = 6;
    /** Attributes shown under each result cell (when the classifier reads them). */
    static final List<String> READOUT = List.of("Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard");
    /** The paper's A − B + C, the default columns. */
    static final String[] PAPER_PROMPTS = {"smiling woman", "neutral woman", "neutral man"};

    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final Random rng = new Random();
    // samples to pick from
    private final GridPane sampleGrid = new GridPane();
    private final ImageView[] sampleViews = new ImageView[SAMPLES];
    private float[][] samples = new float[0][];
    private int samplesRendered;
    private long samplesVersion;
    // the concepts: one column per term, in the same order
    private final TermColumns columns;
    private final TermList terms;
    private long conceptsVersion;
    private int width;
    private int height;
    // the result
    private final ImageView[] cells = new ImageView[ConceptArithmetic.GRID];
    private final Label[] readouts = new Label[ConceptArithmetic.GRID];
    private final ImageView pixelView = new ImageView();
    private final Label expressionLabel = new Label();
    private final Label formulaLabel = new Label();
    private final Tooltip centreTip = new Tooltip();
    private final Tooltip scaleTip = new Tooltip();
    private final Label hint = new Label();
    private final VBox resultBox;
    private final Slider noise = new Slider(0, 1, ConceptArithmetic.DEFAULT_NOISE);
    private final Slider scale = new Slider(-0.5, 2.5, 1);
    private final Label noiseValue = new Label();
    private final Label scaleValue = new Label();
    private final Label status = new Label();
    private final Label legend = new Label();
    private final MenuButton expressions = Icons.decorate(new MenuButton("Presets"), Feather.BOOKMARK,
            "Load ready-made concepts shipped with the model (its presets/ folder); an expression sets the paper's A − B + C");
    private long noiseSeed = 1;
    private long resultVersion;
    private int resultRendered;
    private List<float[]> resultZ = List.of();
    // the attribute classifier (opened on the render thread, used only there)
    private Path classifierDir;
    private volatile ArithmeticEval.AttributeReader reader;
    private final AtomicReference<float[]> probeZ = new AtomicReference<>();
    private boolean probing;
    private long probeVersion;

    public ArithmeticView(Workspace ws) {
        this.ws = ws;
        root.getStyleClass().add("arithmetic-view");
        columns = new TermColumns(PAPER_PROMPTS, this::wire);
        terms = columns.terms();
        columns.setOnStructure(() -> {
            updateExpressionLabel();
            renderConcepts();
            renderResult();
        });
        columns.setOnNames(this::updateExpressionLabel);

        // result: 3×3 grid, hint, pixel-space contrast
        GridPane grid = new GridPane();
        grid.setHgap(4);
        grid.setVgap(4);
        grid.setId("result-grid");
        for (int k = 0; k < ConceptArithmetic.GRID; k++) {
            ImageView v = new ImageView();
            v.setFitWidth(CELL_SIZE);
            v.setFitHeight(CELL_SIZE);
            v.setPreserveRatio(true);
            cells[k] = v;
            readouts[k] = new Label();
            readouts[k].getStyleClass().add("frame-caption");
            readouts[k].setId("readout-" + k);
            StackPane img = new StackPane(v);
            img.setMinSize(CELL_SIZE, CELL_SIZE);
            img.getStyleClass().add("frame-cell");
            if (k == ConceptArithmetic.CENTRE) {
                img.getStyleClass().add("selected");
                Tooltip.install(img, centreTip);
            } else {
                Tooltip.install(img, new Tooltip("The result plus uniform noise ±r per dimension"));
            }
            VBox cell = new VBox(2, img, readouts[k]);
            cell.setAlignment(Pos.TOP_CENTER);
            cell.setId("result-cell-" + k);
            grid.add(cell, k % 3, k / 3);
        }
        pixelView.setFitWidth(CELL_SIZE * 1.5);
        pixelView.setFitHeight(CELL_SIZE * 1.5);
        pixelView.setPreserveRatio(true);
        pixelView.setId("pixel-result");
        StackPane pixelBox = new StackPane(pixelView);
        pixelBox.getStyleClass().add("frame-cell");
        pixelBox.setMinSize(CELL_SIZE * 1.5, CELL_SIZE * 1.5);
        Label pixelCaption = new Label("Same arithmetic on pixels\n(mean images: they superimpose)");
        pixelCaption.getStyleClass().add("text-muted");
        pixelCaption.setWrapText(true);
        pixelCaption.setMaxWidth(CELL_SIZE * 1.6);
        VBox pixelSide = new VBox(6, pixelBox, pixelCaption);
        pixelSide.setAlignment(Pos.TOP_CENTER);
        legend.getStyleClass().add("text-muted");
        legend.setWrapText(true);
        legend.setMaxWidth(3 * CELL_SIZE + 40);
        VBox gridSide = new VBox(4, grid, legend);
        HBox gridRow = new HBox(14, gridSide, pixelSide);
        hint.setId("arithmetic-hint");
        hint.setWrapText(true);
        hint.setMaxWidth(3 * CELL_SIZE + 200);
        hint.getStyleClass().add("title-4");
        expressionLabel.getStyleClass().add("section-title");
        expressionLabel.setId("expression");
        expressionLabel.setWrapText(true);
        StackPane resultArea = new StackPane(gridRow, hint);
        StackPane.setAlignment(hint, Pos.TOP_LEFT);
        gridRow.visibleProperty().bind(hint.visibleProperty().not());
        formulaLabel.getStyleClass().add("text-muted");
        formulaLabel.setId("formula");
        formulaLabel.setWrapText(true);
        resultBox = new VBox(8, expressionLabel, formulaLabel, resultArea);
        resultBox.setMinWidth(3 * CELL_SIZE + 180);

        // toolbar
        Button fresh = Icons.button("Fresh batch", Feather.REFRESH_CW, "Draw 64 new samples to pick exemplars from");
        fresh.setId("fresh-batch");
        fresh.setOnAction(e -> freshBatch());
        Button reroll = Icons.flat(Feather.SHUFFLE, "New noise for the 8 neighbours");
        reroll.setOnAction(e -> {
            noiseSeed++;
            renderResult();
        });
        expressions.setId("expression-presets");
        expressions.setOnShowing(e -> fillExpressionMenu());
        noise.setId("noise");
        noise.setPrefWidth(130);
        noise.valueProperty().addListener((o, a, b) -> renderResult());
        scale.setId("scale");
        scale.setPrefWidth(200);
        scale.setMajorTickUnit(0.5);
        scale.setShowTickMarks(true);
        scale.valueProperty().addListener((o, a, b) -> {
            renderResult();
            updatePixelResult();
        });
        scale.setTooltip(scaleTip);
        noiseValue.setMinWidth(44);
        scaleValue.setMinWidth(44);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox toolbar = new HBox(8, fresh, expressions, columns.addButton(), new Label("Noise ±"), noise, noiseValue, reroll,
                new Label("Scale s"), scale, scaleValue, grow, status);
        toolbar.getChildren().forEach(n -> {
            if (n instanceof Region r && r != grow && r != noise && r != scale) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("view-toolbar");

        // samples
        sampleGrid.setHgap(3);
        sampleGrid.setVgap(3);
        sampleGrid.setId("samples");
        for (int i = 0; i < SAMPLES; i++) {
            int k = i;
            ImageView v = new ImageView();
            v.setFitWidth(SAMPLE_SIZE);
            v.setFitHeight(SAMPLE_SIZE);
            v.setPreserveRatio(true);
            sampleViews[i] = v;
            StackPane cell = new StackPane(v);
            cell.setMinSize(SAMPLE_SIZE + 2, SAMPLE_SIZE + 2);
            cell.getStyleClass().add("frame-cell");
            cell.setId("sample-" + i);
            cell.setOnMouseClicked(e -> pickSample(k));
            sampleGrid.add(cell, i % SAMPLE_COLUMNS, i / SAMPLE_COLUMNS);
        }
        Label samplesTitle = new Label("Samples: click one to add it to the selected column");
        samplesTitle.getStyleClass().add("section-title");

        HBox top = new HBox(20, columns.node(), resultBox);
        VBox content = new VBox(12, top, samplesTitle, sampleGrid);
        content.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        root.setTop(toolbar);
        root.setCenter(scroll);

        ws.modelProperty().addListener((o, a, m) -> modelChanged(a, m));
        for (int i = 0; i < terms.size(); i++) {
            columns.get(i).show(terms.concept(i));
        }
        updateLabels();
        updateExpressionLabel();
        renderResult();
    }

    @Override
    public String title() {
        return "Arithmetic";
    }

    @Override
    public Feather icon() {
        return Feather.PLUS_SQUARE;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        if (ws.model() != null && samples.length == 0) {
            freshBatch();
        }
    }

    // ---- model ----

    private void modelChanged(ModelSummary old, ModelSummary m) {
        classifierDir = null; // the reader, once opened, stays: the classifier does not depend on the model
        if (m == null) {
            return;
        }
        if (Classifiers.kindFor(m.spec()).orElse(null) == ClassifierInfo.Kind.FACES) {
            try {
                classifierDir = Classifiers.locate(ClassifierInfo.Kind.FACES);
            } catch (IllegalArgumentException e) {
                classifierDir = null;
            }
        }
        boolean sameModel = old != null && identity(old).equals(identity(m));
        if (!sameModel) {
            for (int i = 0; i < terms.size(); i++) {
                columns.set(i, Concept.empty(columns.get(i).conceptName())); // a z means nothing to another model
            }
            samples = new float[0][];
            if (root.getScene() != null) {
                freshBatch();
            }
        }
        columns.all().forEach(this::updateAutoPick);
        renderConcepts();
        renderResult();
    }

    private void updateAutoPick(ConceptColumn c) {
        c.autoPick.setDisable(classifierDir == null);
        c.autoPick.setTooltip(new Tooltip(classifierDir == null
                ? "Auto-pick needs the attribute classifier, which reads 64×64 RGB faces"
                : "Auto-pick: classify " + AUTO_POOL + " samples and take the " + AUTO_TAKE + " most confident matches"));
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

    // ---- samples ----

    void freshBatch() {
        if (ws.model() == null) {
            return;
        }
        int nz = ws.model().nz();
        samples = new float[SAMPLES][];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = Prior.sample(nz, rng);
        }
        samplesRendered = 0;
        long v = ++samplesVersion;
        ws.render().request(Lane.PREVIEW, new RenderService.Request(ConceptArithmetic.flatten(Arrays.asList(samples)),
                SAMPLES, null, f -> {
                    if (v != samplesVersion) {
                        return;
                    }
                    for (int i = 0; i < f.pixels().length; i++) {
                        sampleViews[f.offset() + i].setImage(ConceptColumn.image(sampleViews[f.offset() + i],
                                f.pixels()[i], f.width(), f.height()));
                        samplesRendered++;
                    }
                }));
    }

    /** Adds sample i to the selected column. */
    void pickSample(int i) {
        if (i < 0 || i >= samples.length) {
            return;
        }
        int c = columns.selectedIndex();
        setConcept(c, terms.concept(c).with(samples[i]));
    }

    void selectColumn(int c) {
        columns.select(c);
    }

    private void removeExemplar(int c, int k) {
        if (k < terms.concept(c).size()) {
            setConcept(c, terms.concept(c).without(k));
        }
    }

    /** Replaces a column's concept (keeping the column's name when the concept has none). */
    void setConcept(int c, Concept concept) {
        columns.set(c, concept);
        renderConcepts();
        renderResult();
    }

    private void setConceptNamed(int c, Concept concept) {
        columns.get(c).name.setText(concept.name());
        setConcept(c, concept.named(columns.get(c).conceptName()));
    }

    /** The view's side of a new column: its exemplars, save, load and auto-pick. */
    private void wire(ConceptColumn col) {
        col.setOnRemove(k -> removeExemplar(col.index(), k));
        col.clear.setOnAction(e -> setConcept(col.index(), Concept.empty(col.conceptName())));
        col.save.setOnAction(e -> save(col.index()));
        col.load.setOnShowing(e -> fillLoadMenu(col.index()));
        col.autoPick.setOnShowing(e -> fillAutoMenu(col.index()));
        updateAutoPick(col);
    }

    // ---- rendering ----

    /** Renders G(mean z) of each non-empty column and every exemplar (thumbnails and pixel means). */
    private void renderConcepts() {
        long v = ++conceptsVersion;
        int n = terms.size();
        List<ConceptColumn> cols = columns.all();
        List<float[]> zs = new ArrayList<>();
        int[] sizes = new int[n];
        int[] meanAt = new int[n];
        int[] exemplarsAt = new int[n];
        for (int c = 0; c < n; c++) {
            Concept concept = terms.concept(c);
            sizes[c] = concept.size();
            cols.get(c).expectExemplarPixels(sizes[c]);
            meanAt[c] = -1;
            if (!concept.isEmpty()) {
                meanAt[c] = zs.size();
                zs.add(concept.mean());
            }
        }
        for (int c = 0; c < n; c++) {
            exemplarsAt[c] = zs.size();
            zs.addAll(terms.concept(c).exemplars());
        }
        updatePixelResult();
        if (zs.isEmpty() || ws.model() == null || zs.get(0).length != ws.model().nz()) {
            return;
        }
        ws.render().request(Lane.VARIATIONS, new RenderService.Request(ConceptArithmetic.flatten(zs), zs.size(), null,
                f -> {
                    if (v != conceptsVersion) {
                        return;
                    }
                    width = f.width();
                    height = f.height();
                    for (int i = 0; i < f.pixels().length; i++) {
                        int k = f.offset() + i;
                        int[] px = f.pixels()[i];
                        for (int c = 0; c < n; c++) {
                            if (k == meanAt[c]) {
                                cols.get(c).setMeanImage(px, width, height);
                            } else if (k >= exemplarsAt[c] && k < exemplarsAt[c] + sizes[c]) {
                                cols.get(c).setExemplarImage(k - exemplarsAt[c], px, width, height);
                            }
                        }
                    }
                    if (f.last()) {
                        updatePixelResult();
                    }
                }));
    }

    /** The current list as base + s·Σ terms (for the paper's columns exactly C + s·(A − B)). */
    Expression expression() {
        return terms.expression(scale.getValue());
    }

    /** The result grid, or the hint that says which column needs exemplars. */
    private void renderResult() {
        long v = ++resultVersion;
        resultRendered = 0;
        updateLabels();
        Expression e = expression();
        if (ws.model() == null || !terms.tooSmall(ConceptArithmetic.MIN_EXEMPLARS).isEmpty()) {
            resultZ = List.of();
            hint.setText(hintText());
            hint.setVisible(true);
            for (Label l : readouts) {
                l.setText("");
            }
            legend.setText("");
            return;
        }
        hint.setVisible(false);
        resultZ = ConceptArithmetic.noiseGrid(e.result(), noise.getValue(), noiseSeed);
        float[] flat = ConceptArithmetic.flatten(resultZ);
        ws.render().request(Lane.MAIN, new RenderService.Request(flat, ConceptArithmetic.GRID, null, f -> {
            if (v != resultVersion) {
                return;
            }
            for (int i = 0; i < f.pixels().length; i++) {
                int k = f.offset() + i;
                cells[k].setImage(ConceptColumn.image(cells[k], f.pixels()[i], f.width(), f.height()));
                resultRendered++;
            }
            if (f.last()) {
                ws.millisPerFrameProperty().set(f.millisPerImage());
            }
        }));
        readAttributes(v, flat);
    }

    private String hintText() {
        if (ws.model() == null) {
            return "Open a model to do arithmetic on its concepts.";
        }
        StringBuilder sb = new StringBuilder("Pick at least " + ConceptArithmetic.MIN_EXEMPLARS
                + " exemplars for each concept to see the result (the DCGAN paper found single samples unstable). Still short: ");
        List<Integer> small = terms.tooSmall(ConceptArithmetic.MIN_EXEMPLARS);
        for (int c : small) {
            sb.append(c == small.get(0) ? "" : ", ").append(TermList.letter(c)).append(" '")
                    .append(terms.concept(c).name()).append("' has ").append(terms.concept(c).size());
        }
        return sb.append(". Select a column, then click samples below.").toString();
    }

    /** Pixel-space arithmetic on the mean images of the exemplars, clipped to [−1, 1], combined like the z's. */
    private void updatePixelResult() {
        int n = terms.size();
        float[][] means = new float[n][];
        for (int c = 0; c < n; c++) {
            int[][] px = columns.get(c).exemplarPixels();
            if (px.length < ConceptArithmetic.MIN_EXEMPLARS) {
                pixelView.setImage(null);
                return;
            }
            List<float[]> imgs = new ArrayList<>();
            for (int[] p : px) {
                if (p == null) {
                    return; // not rendered yet
                }
                imgs.add(toUnit(p));
            }
            means[c] = ConceptArithmetic.mean(imgs);
        }
        List<float[]> others = new ArrayList<>();
        int[] signs = new int[n - 1];
        for (int c = 0; c < n; c++) {
            if (!terms.isBase(c)) {
                signs[others.size()] = terms.sign(c);
                others.add(means[c]);
            }
        }
        float[] out = ConceptArithmetic.pixels(means[terms.base()], others, signs, scale.getValue());
        pixelView.setImage(ConceptColumn.image(pixelView, toArgb(out), width, height));
    }

    /** ARGB to interleaved r, g, b in [−1, 1] (element-wise arithmetic does not care about layout). */
    static float[] toUnit(int[] argb) {
        float[] out = new float[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = ((argb[i] >> 16) & 0xff) / 127.5f - 1f;
            out[3 * i + 1] = ((argb[i] >> 8) & 0xff) / 127.5f - 1f;
            out[3 * i + 2] = (argb[i] & 0xff) / 127.5f - 1f;
        }
        return out;
    }

    static int[] toArgb(float[] rgb) {
        int[] out = new int[rgb.length / 3];
        for (int i = 0; i < out.length; i++) {
            int r = Math.round((rgb[3 * i] + 1f) * 127.5f);
            int g = Math.round((rgb[3 * i + 1] + 1f) * 127.5f);
            int b = Math.round((rgb[3 * i + 2] + 1f) * 127.5f);
            out[i] = 0xff000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
        }
        return out;
    }

    private static int clamp(int c) {
        return c < 0 ? 0 : c > 255 ? 255 : c;
    }

    private void updateLabels() {
        noiseValue.setText(String.format(Locale.ROOT, "%.2f", noise.getValue()));
        scaleValue.setText(String.format(Locale.ROOT, "%.2f", scale.getValue()));
    }

    private void updateExpressionLabel() {
        expressionLabel.setText(terms.describe());
        String b = TermList.letter(terms.base());
        String formula = terms.formula();
        formulaLabel.setText("Centre: G(" + formula + "), the scale s walks from the base " + b + " '"
                + terms.concept(terms.base()).name() + "'");
        centreTip.setText("G(" + formula + "): the result");
        scaleTip.setText("s in " + formula + ": 0 is the base " + b + ", 1 the sum of all terms, beyond 1 goes further");
        if (hint.isVisible()) {
            hint.setText(hintText()); // names follow the columns
        }
    }

    // ---- attributes (classifier on the render thread) ----

    /** Reads the result cells' attributes; at most one job in flight, the newest grid wins. */
    private void readAttributes(long v, float[] flatZ) {
        if (classifierDir == null) {
            return;
        }
        probeVersion = v;
        probeZ.set(flatZ);
        if (!probing) {
            probeNext();
        }
    }

    private void probeNext() {
        float[] z = probeZ.getAndSet(null);
        if (z == null) {
            probing = false;
            return;
        }
        probing = true;
        long v = probeVersion;
        Path dir = classifierDir;
        ws.render().submit(m -> {
            ArithmeticEval.AttributeReader r = openReader(dir);
            return ArithmeticEval.classify(m, r, z, ConceptArithmetic.GRID);
        }).whenComplete((p, t) -> Platform.runLater(() -> {
            if (t == null && v == resultVersion && reader != null) {
                showReadout(p);
            } else if (t != null) {
                status.setText("Attributes unavailable: " + t.getMessage());
            }
            probeNext();
        }));
    }

    /** Runs on the render thread. */
    private ArithmeticEval.AttributeReader openReader(Path dir) {
        ArithmeticEval.AttributeReader r = reader;
        if (r == null) {
            r = ArithmeticEval.reader(Classifier.open(dir)); // one per view, kept for the app's life
            reader = r;
        }
        return r;
    }

    private void showReadout(float[] probs) {
        List<String> attrs = reader.attributes();
        int n = attrs.size();
        for (int k = 0; k < ConceptArithmetic.GRID; k++) {
            StringBuilder line = new StringBuilder();
            StringBuilder tip = new StringBuilder();
            for (int a = 0; a < n; a++) {
                float p = probs[k * n + a];
                tip.append(String.format(Locale.ROOT, "%s %.2f%n", attrs.get(a), p));
                if (READOUT.contains(attrs.get(a))) {
                    line.append(line.length() == 0 ? "" : " ").append(attrs.get(a).charAt(0))
                            .append(String.format(Locale.ROOT, "%.0f", 100 * p));
                }
            }
            readouts[k].setText(line.toString());
            legend.setText("Classifier readout, % per cell: " + String.join(", ", attrs.stream()
                    .filter(READOUT::contains).map(a -> a.charAt(0) + " " + a).toList()) + " (hover a readout for every attribute)");
            readouts[k].setTooltip(new Tooltip(tip.toString().trim()));
        }
    }

    // ---- auto-pick ----

    private void fillAutoMenu(int c) {
        MenuButton menu = columns.get(c).autoPick;
        menu.getItems().clear();
        for (ConceptSpec spec : ArithmeticEval.CONCEPTS) {
            MenuItem mi = new MenuItem(spec.name() + "  (" + ArithmeticEval.describe(spec.attributes()) + ")");
            mi.setOnAction(e -> autoPick(c, spec));
            menu.getItems().add(mi);
        }
    }

    /** Samples a batch, classifies it, and fills column c with the most confident matches. */
    void autoPick(int c, ConceptSpec spec) {
        if (classifierDir == null || ws.model() == null) {
            return;
        }
        int nz = ws.model().nz();
        float[] z = new float[AUTO_POOL * nz];
        for (int i = 0; i < AUTO_POOL; i++) {
            System.arraycopy(Prior.sample(nz, rng), 0, z, i * nz, nz);
        }
        Path dir = classifierDir;
        status.setText("Auto-picking '" + spec.name() + "'…");
        ws.render().submit(m -> {
            ArithmeticEval.AttributeReader r = openReader(dir);
            float[] probs = new float[AUTO_POOL * r.attributes().size()];
            for (int off = 0; off < AUTO_POOL; off += 64) {
                float[] p = ArithmeticEval.classify(m, r, Arrays.copyOfRange(z, off * nz, (off + 64) * nz), 64);
                System.arraycopy(p, 0, probs, off * r.attributes().size(), p.length);
            }
            return new ArithmeticEval.Pool(nz, z, r.attributes(), probs, AUTO_POOL);
        }).whenComplete((pool, t) -> Platform.runLater(() -> {
            if (t != null) {
                status.setText("");
                ws.error("Auto-pick failed", t);
                return;
            }
            int[] matches = pool.members(spec.attributes(), 0.5);
            int take = Math.min(AUTO_TAKE, matches.length);
            if (take < ConceptArithmetic.MIN_EXEMPLARS) {
                status.setText("Only " + matches.length + " of " + AUTO_POOL + " samples read as '" + spec.name()
                        + "'; try again or pick by hand");
                return;
            }
            List<float[]> ex = new ArrayList<>();
            for (int i = 0; i < take; i++) {
                ex.add(pool.z(matches[i]));
            }
            status.setText(String.format(Locale.ROOT, "Picked %d of %d matches (least confident %.2f)", take,
                    matches.length, pool.confidence(matches[take - 1], spec.attributes())));
            setConceptNamed(c, new Concept(spec.name(), ex));
        }));
    }

    // ---- presets ----

    private void save(int c) {
        if (ws.model() == null) {
            return;
        }
        Concept concept = terms.concept(c).named(columns.get(c).conceptName());
        try {
            Path f = ConceptStore.save(savedConcepts(), identity(ws.model()), concept);
            status.setText("Saved " + f.getFileName());
        } catch (IOException e) {
            ws.error("Could not save the concept", e);
        }
    }

    /** Loads a concept file into column c; refuses (with a dialog) one made with another model. */
    boolean load(int c, Path file) {
        if (ws.model() == null) {
            return false;
        }
        try {
            ConceptStore.Stored s = ConceptStore.load(file, identity(ws.model()));
            setConceptNamed(c, s.concept());
            return true;
        } catch (IOException e) {
            ws.error("Could not load the concept", e);
            return false;
        }
    }

    private void fillLoadMenu(int c) {
        MenuButton menu = columns.get(c).load;
        menu.getItems().clear();
        List<Path> shipped = ConceptStore.list(shippedPresets(ws.model()));
        List<Path> saved = ConceptStore.list(savedConcepts());
        addGroup(menu, "Shipped with the model", shipped, c);
        addGroup(menu, "Saved", saved, c);
        if (shipped.isEmpty() && saved.isEmpty()) {
            MenuItem none = new MenuItem("No concepts yet: save one with the disk button");
            none.setDisable(true);
            menu.getItems().add(none);
        }
    }

    private void addGroup(MenuButton menu, String title, List<Path> files, int c) {
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
            mi.setOnAction(e -> load(c, f));
            menu.getItems().add(mi);
        }
    }

    private void fillExpressionMenu() {
        expressions.getItems().clear();
        Path dir = shippedPresets(ws.model());
        for (ExpressionSpec e : ArithmeticEval.EXPRESSIONS) {
            MenuItem mi = new MenuItem(e.describe());
            List<Path> files = expressionFiles(dir, e);
            mi.setDisable(files == null);
            mi.setOnAction(ev -> loadExpression(e));
            expressions.getItems().add(mi);
        }
        if (dir == null || ConceptStore.list(dir).isEmpty()) {
            MenuItem none = new MenuItem("This model ships no presets (" + (dir == null ? "not a model folder"
                    : dir + " is empty or missing") + ")");
            none.setDisable(true);
            expressions.getItems().add(0, none);
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

    /** Loads the shipped A, B and C of an expression in one click (back to the paper's three columns). */
    boolean loadExpression(ExpressionSpec e) {
        List<Path> files = expressionFiles(shippedPresets(ws.model()), e);
        if (files == null) {
            return false;
        }
        columns.resetToPaper();
        for (int c = 0; c < 3; c++) {
            if (!load(c, files.get(c))) {
                return false;
            }
        }
        return true;
    }

    // ---- for tests ----

    boolean samplesReady() {
        return samples.length == SAMPLES && samplesRendered >= SAMPLES;
    }

    Concept concept(int c) {
        return terms.concept(c);
    }

    int termCount() {
        return terms.size();
    }

    int sign(int c) {
        return terms.sign(c);
    }

    int base() {
        return terms.base();
    }

    String expressionText() {
        return expressionLabel.getText();
    }

    /** True when the 3×3 result is shown and every cell of the current grid has been rendered. */
    boolean resultReady() {
        return !hint.isVisible() && resultZ.size() == ConceptArithmetic.GRID && resultRendered >= ConceptArithmetic.GRID;
    }

    int resultCells() {
        return (int) Arrays.stream(cells).filter(v -> v.getImage() != null).count();
    }

    boolean hintShown() {
        return hint.isVisible();
    }

    String hint() {
        return hint.getText();
    }

    boolean pixelResultShown() {
        return pixelView.getImage() != null;
    }

    List<float[]> resultZ() {
        return resultZ;
    }

    Slider scaleSlider() {
        return scale;
    }
}
