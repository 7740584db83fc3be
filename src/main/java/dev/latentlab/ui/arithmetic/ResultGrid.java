package dev.latentlab.ui.arithmetic;

import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.Workspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import dev.latentlab.ui.widgets.ReaderLabel;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The result: the expression in words and as a formula, G(result) in the centre of a 3×3 grid
 * whose other cells add uniform noise (each cell with the classifier's readout when there is
 * one), and beside it the same arithmetic on the exemplars' mean images (pixels) for contrast;
 * or, while a term has fewer than 3 exemplars, a hint naming it.
 */
final class ResultGrid {
    static final double CELL_SIZE = 84;
    /** Attributes shown under each result cell (when the classifier reads them). */
    static final List<String> READOUT = List.of("Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard");

    private final Workspace ws;
    private final ImageView[] cells = new ImageView[ConceptArithmetic.GRID];
    private final int[][] pixels = new int[ConceptArithmetic.GRID][];
    private final Label[] readouts = new Label[ConceptArithmetic.GRID];
    private final ImageView pixelView = new ImageView();
    private final Label expression = new Label();
    private final Label formula = new Label();
    private final Tooltip centreTip = new Tooltip();
    private final Tooltip scaleTip = new Tooltip();
    private final Label hint = new Label();
    private final Label legend = new Label();
    private final ReaderLabel reader = new ReaderLabel();
    private final VBox root;
    private long version;
    private int rendered;
    private List<float[]> resultZ = List.of();

    ResultGrid(Workspace ws) {
        this.ws = ws;
        GridPane grid = new GridPane();
        grid.getStyleClass().add("result-grid");
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
            // five attributes at up to three digits do not fit under a cell: the readout wraps, it is not cut
            readouts[k].setWrapText(true);
            readouts[k].setMaxWidth(CELL_SIZE);
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
        pixelCaption.getStyleClass().add("help-text");
        pixelCaption.setWrapText(true);
        pixelCaption.setMaxWidth(CELL_SIZE * 1.6);
        VBox pixelSide = new VBox(6, pixelBox, pixelCaption);
        pixelSide.setAlignment(Pos.TOP_CENTER);
        legend.getStyleClass().add("help-text");
        legend.setWrapText(true);
        legend.setMaxWidth(3 * CELL_SIZE + 40);
        reader.setId("readout-reader");
        VBox gridSide = new VBox(4, grid, legend, reader);
        HBox gridRow = new HBox(14, gridSide, pixelSide);
        hint.setId("arithmetic-hint");
        hint.setWrapText(true);
        hint.setMaxWidth(3 * CELL_SIZE + 200);
        hint.getStyleClass().add("title-4");
        expression.getStyleClass().add("section-title");
        expression.setId("expression");
        expression.setWrapText(true);
        StackPane resultArea = new StackPane(gridRow, hint);
        StackPane.setAlignment(hint, Pos.TOP_LEFT);
        gridRow.visibleProperty().bind(hint.visibleProperty().not());
        formula.getStyleClass().add("help-text");
        formula.setId("formula");
        formula.setWrapText(true);
        root = new VBox(8, expression, formula, resultArea);
        root.setMinWidth(3 * CELL_SIZE + 180);
    }

    Node node() {
        return root;
    }

    Tooltip scaleTip() {
        return scaleTip;
    }

    /** Names the expression ("A − B + C …") and its formula, and what the centre and the scale mean. */
    void describe(String words, String formulaText, String base, String baseName) {
        expression.setText(words);
        formula.setText("Centre: G(" + formulaText + "), the scale s walks from the base " + base + " '" + baseName
                + "'");
        centreTip.setText("G(" + formulaText + "): the result");
        scaleTip.setText("s in " + formulaText + ": 0 is the base " + base + ", 1 the sum of all terms, beyond 1 goes "
                + "further");
    }

    /** Shows the hint instead of the result (too few exemplars, or no model). */
    void showHint(String text) {
        version++;
        rendered = 0;
        resultZ = List.of();
        hint.setText(text);
        hint.setVisible(true);
        for (Label l : readouts) {
            l.setText("");
        }
        legend.setText("");
        reader.setReader(null);
    }

    /** Updates the hint's text if it is shown (the names follow the columns). */
    void updateHint(String text) {
        if (hint.isVisible()) {
            hint.setText(text);
        }
    }

    /**
     * Renders the 3×3 grid around {@code result} (noise ±{@code noise}, seeded); returns the grid's
     * z, flattened, for the readout ({@link #version()} is the request's).
     */
    float[] render(float[] result, double noise, long noiseSeed) {
        long v = ++version;
        rendered = 0;
        hint.setVisible(false);
        resultZ = ConceptArithmetic.noiseGrid(result, noise, noiseSeed);
        float[] flat = ConceptArithmetic.flatten(resultZ);
        ws.render().request(Lane.MAIN, new RenderService.Request(flat, ConceptArithmetic.GRID, null, f -> {
            if (v != version) {
                return;
            }
            for (int i = 0; i < f.pixels().length; i++) {
                int k = f.offset() + i;
                pixels[k] = f.pixels()[i];
                cells[k].setImage(ConceptColumn.image(cells[k], pixels[k], f.width(), f.height()));
                rendered++;
            }
            if (f.last()) {
                ws.millisPerFrameProperty().set(f.millisPerImage());
            }
        }));
        return flat;
    }

    /** The version of the grid on screen (a readout of an older one is dropped). */
    long version() {
        return version;
    }

    /**
     * Each cell's readout of the attributes in {@link #READOUT}, probabilities {@code probs[cell · n + a]},
     * by the reader at {@code readerDir} (named under the grid).
     */
    void showReadout(List<String> attrs, float[] probs, java.nio.file.Path readerDir) {
        int n = attrs.size();
        reader.setReader(readerDir);
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

    /**
     * Pixel-space arithmetic on the mean images of the exemplars, clipped to [−1, 1], combined like
     * the z's; nothing while a term has fewer than 3 rendered exemplars.
     */
    void showPixelResult(TermList terms, int[][][] exemplarPixels, double scale, int width, int height) {
        int n = terms.size();
        float[][] means = new float[n][];
        for (int c = 0; c < n; c++) {
            int[][] px = exemplarPixels[c];
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
        float[] out = ConceptArithmetic.pixels(means[terms.base()], others, signs, scale);
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

    // ---- what is on screen ----

    /** True when the 3×3 result is shown and every cell of the current grid has been rendered. */
    boolean ready() {
        return !hint.isVisible() && resultZ.size() == ConceptArithmetic.GRID && rendered >= ConceptArithmetic.GRID;
    }

    /** Cell k's ARGB pixels as rendered, null before. */
    int[] pixels(int k) {
        return pixels[k];
    }

    int cellsShown() {
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

    String expressionText() {
        return expression.getText();
    }
}
