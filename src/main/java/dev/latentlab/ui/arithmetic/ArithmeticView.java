package dev.latentlab.ui.arithmetic;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.ArithmeticEval.ExpressionSpec;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptArithmetic.Expression;
import dev.latentlab.latent.ExpressionRecipe;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.ReaderNotice;
import dev.latentlab.ui.widgets.RecipeActions;
import dev.latentlab.ui.widgets.WrapRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
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
    /** The paper's A − B + C, the default columns. */
    static final String[] PAPER_PROMPTS = {"smiling woman", "neutral woman", "neutral man"};

    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final Random rng = new Random();
    // the concepts: one column per term, in the same order
    private final TermColumns columns;
    private final TermList terms;
    private final SamplePicker picker;
    private final ResultGrid result;
    private final AttributeReadout classifier;
    private final ConceptLibrary library;
    private long conceptsVersion;
    private int width;
    private int height;
    private final ResultControls knobs;
    private final Label status = new Label();
    private final MenuButton expressions = Icons.decorate(new MenuButton("Presets"), Feather.BOOKMARK,
            "Load ready-made concepts shipped with the model (its presets/ folder); an expression sets the paper's A − B + C");
    private final RecipeActions<ExpressionRecipe> files;

    public ArithmeticView(Workspace ws) {
        this.ws = ws;
        root.getStyleClass().add("arithmetic-view");
        result = new ResultGrid(ws);
        classifier = new AttributeReadout(ws, rng, result, status::setText);
        library = new ConceptLibrary(ws, status::setText);
        picker = new SamplePicker(ws, rng, this::pickSample);
        columns = new TermColumns(PAPER_PROMPTS, this::wire);
        terms = columns.terms();
        columns.setOnStructure(() -> {
            updateExpressionLabel();
            renderConcepts();
            renderResult();
        });
        columns.setOnNames(this::updateExpressionLabel);

        // toolbar
        Button fresh = Icons.button("Fresh batch", Feather.REFRESH_CW, "Draw 64 new samples to pick exemplars from");
        fresh.setId("fresh-batch");
        fresh.setOnAction(e -> picker.freshBatch());
        expressions.setId("expression-presets");
        expressions.setOnShowing(e -> library.fillExpressionMenu(expressions, this::loadExpression));
        knobs = new ResultControls(result.scaleTip(), this::renderResult, () -> {
            renderResult();
            updatePixelResult();
        });
        files = new RecipeActions<>(ws, "expression", new ExpressionFiles(columns, knobs.scaleSlider(),
                knobs.noiseSlider(), knobs::noiseSeed, this::restored)).iconsOnly(); // fits a 1000-pixel window
        WrapRow toolbar = new WrapRow(fresh, expressions, columns.addButton());
        toolbar.getChildren().addAll(knobs.nodes());
        toolbar.getChildren().addAll(files.saveButton(), files.openButton(), status);
        toolbar.getStyleClass().add("view-toolbar");

        HBox top = new HBox(columns.node(), result.node());
        top.getStyleClass().add("arithmetic-top");
        ReaderNotice notice = new ReaderNotice(ws, "Auto-pick and reading the result's attributes need an attribute"
                + " reader.", "The arithmetic itself works: click samples in the grid below into each concept"
                + " (3 or more), and judge the result by eye.");
        notice.setId("arithmetic-reader-notice");
        VBox content = new VBox(notice, top, picker.node());
        content.getStyleClass().addAll("arithmetic-content", "padded");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        root.setTop(toolbar);
        root.setCenter(scroll);

        ws.modelProperty().addListener((o, a, m) -> modelChanged(a, m));
        for (int i = 0; i < terms.size(); i++) {
            columns.get(i).show(terms.concept(i));
        }
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
        if (ws.model() != null && picker.isEmpty()) {
            picker.freshBatch();
        }
    }

    // ---- model ----

    private void modelChanged(ModelSummary old, ModelSummary m) {
        classifier.modelChanged(m);
        if (m == null) {
            return;
        }
        boolean sameModel = old != null && ConceptLibrary.identity(old).equals(ConceptLibrary.identity(m));
        if (!sameModel) {
            for (int i = 0; i < terms.size(); i++) {
                columns.set(i, Concept.empty(columns.get(i).conceptName())); // a z means nothing to another model
            }
            picker.clear();
            if (root.getScene() != null) {
                picker.freshBatch();
            }
            // a model that ships presets opens on its first expression, not on three empty columns
            ArithmeticEval.EXPRESSIONS.stream().filter(e -> library.expressionFiles(e) != null).findFirst()
                    .ifPresent(this::loadExpression);
        }
        columns.all().forEach(classifier::updateAutoPick);
        renderConcepts();
        renderResult();
    }

    // ---- the columns ----

    /** Adds sample i to the selected column. */
    void pickSample(int i) {
        float[] z = picker.sample(i);
        if (z == null) {
            return;
        }
        int c = columns.selectedIndex();
        setConcept(c, terms.concept(c).with(z));
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
        col.addCurrent.setOnAction(e -> setConcept(col.index(), terms.concept(col.index()).with(ws.z())));
        col.save.setOnAction(e -> library.save(terms.concept(col.index()).named(col.conceptName())));
        col.load.setOnShowing(e -> library.fillLoadMenu(col.load, f -> load(col.index(), f)));
        col.autoPick.setOnShowing(e -> classifier.fillMenu(col.autoPick, col.index(), this::setConceptNamed));
        classifier.updateAutoPick(col);
    }

    /** Loads a concept file into column c; refuses (with a dialog) one made with another model. */
    boolean load(int c, Path file) {
        Concept concept = library.load(file);
        if (concept == null) {
            return false;
        }
        setConceptNamed(c, concept);
        return true;
    }

    /** Loads the shipped A, B and C of an expression in one click (back to the paper's three columns). */
    boolean loadExpression(ExpressionSpec e) {
        List<Path> files = library.expressionFiles(e);
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

    /** An opened expression's settings (its terms are in the columns already): everything drawn again. */
    private void restored(double s, double r, long seed) {
        knobs.restore(s, r, seed);
        renderConcepts();
        renderResult();
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
        return terms.expression(knobs.scale());
    }

    /** The result grid, or the hint that says which column needs exemplars. */
    private void renderResult() {
        if (ws.model() == null || !terms.tooSmall(ConceptArithmetic.MIN_EXEMPLARS).isEmpty()) {
            result.showHint(hintText());
            return;
        }
        float[] flat = result.render(expression().result(), knobs.noise(), knobs.noiseSeed());
        classifier.read(result.version(), flat);
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

    private void updatePixelResult() {
        int[][][] px = new int[terms.size()][][];
        for (int c = 0; c < px.length; c++) {
            px[c] = columns.get(c).exemplarPixels();
        }
        result.showPixelResult(terms, px, knobs.scale(), width, height);
    }

    private void updateExpressionLabel() {
        result.describe(terms.describe(), terms.formula(), TermList.letter(terms.base()),
                terms.concept(terms.base()).name());
        result.updateHint(hintText()); // names follow the columns
    }

    // ---- the panels' state, for the view's tests ----

    boolean samplesReady() {
        return picker.ready();
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
        return result.expressionText();
    }

    /** True when the 3×3 result is shown and every cell of the current grid has been rendered. */
    boolean resultReady() {
        return result.ready();
    }

    int resultCells() {
        return result.cellsShown();
    }

    boolean hintShown() {
        return result.hintShown();
    }

    String hint() {
        return result.hint();
    }

    boolean pixelResultShown() {
        return result.pixelResultShown();
    }

    List<float[]> resultZ() {
        return result.resultZ();
    }

    Slider scaleSlider() {
        return knobs.scaleSlider();
    }

    TermColumns columnsForTests() {
        return columns;
    }

    /** "Save expression" and "Open expression". */
    RecipeActions<ExpressionRecipe> expressionFiles() {
        return files;
    }

    /** The pixels of the result grid's cell k as rendered (null before). */
    int[] resultPixels(int k) {
        return result.pixels(k);
    }
}
