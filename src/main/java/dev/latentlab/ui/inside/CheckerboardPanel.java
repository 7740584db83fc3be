package dev.latentlab.ui.inside;

import dev.latentlab.explain.GeneratorStages.Stage;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * The checkerboard: the kernel-overlap maps of k 4 s 2 p 1 (this generator's kind) and k 3 s 2 p 1
 * side by side, and next to them the current G(z) and its high frequencies (image minus its blur,
 * amplified), live with z.
 */
final class CheckerboardPanel {
    static final double IMAGE = 176;
    private final OverlapPlot even = new OverlapPlot(Checkerboard.even());
    private final OverlapPlot uneven = new OverlapPlot(Checkerboard.uneven());
    private final ImageView image = new ImageView();
    private final ImageView high = new ImageView();
    private final VBox node;

    CheckerboardPanel(FeatureMaps maps) {
        even.setId("overlap-even");
        uneven.setId("overlap-uneven");
        for (ImageView iv : List.of(image, high)) {
            iv.setSmooth(false);
            iv.setFitWidth(IMAGE);
            iv.setFitHeight(IMAGE);
            iv.setPreserveRatio(true);
        }
        high.setId("high-frequencies");
        FlowPane row = new FlowPane(cell("k 4, s 2, p 1", even,
                        "this generator's kind: 4 taps reach every inner pixel, evenly"),
                cell("k 3, s 2, p 1", uneven, "1, 2 and 4 taps in turn: a checkerboard"),
                cell("G(z)", image, "the current image"),
                cell("G(z) − blur, × " + (int) Checkerboard.GAIN, high, "its high frequencies, around gray"));
        row.getStyleClass().add("checkerboard-row");
        Label help = new Label("When the kernel size is not a multiple of the stride, neighbouring output pixels "
                + "receive different numbers of kernel taps, so a transposed convolution paints a checkerboard even "
                + "with random weights (Odena et al., 2016). Kernel 4 with stride 2 overlaps evenly; whatever "
                + "grid is left in the image shows in its high frequencies.");
        help.getStyleClass().add("help-text");
        help.setWrapText(true);
        node = new VBox(10, help, row);
        node.getStyleClass().addAll("padded", "checkerboard-panel");
        maps.stagesProperty().addListener((o, a, s) -> show(s));
    }

    private static VBox cell(String title, Node content, String note) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        Label n = new Label(note);
        n.getStyleClass().add("help-text");
        n.setWrapText(true);
        n.setMaxWidth(IMAGE);
        VBox box = new VBox(4, t, content, n);
        box.getStyleClass().add("checkerboard-cell");
        return box;
    }

    Node node() {
        return node;
    }

    private void show(List<Stage> stages) {
        if (stages.isEmpty()) {
            return;
        }
        Stage img = stages.get(stages.size() - 1);
        int h = img.height();
        int w = img.width();
        image.setImage(argbImage(dev.latentlab.render.Pixels.argb(img.values(), 0, img.channels(), h, w), w, h));
        high.setImage(argbImage(Checkerboard.highFrequencies(img.values(), img.channels(), h, w), w, h));
    }

    private static WritableImage argbImage(int[] px, int w, int h) {
        WritableImage out = new WritableImage(w, h);
        out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return out;
    }

    // ---- for the view's tests ----

    Checkerboard.Overlap evenShown() {
        return even.overlap();
    }

    Checkerboard.Overlap unevenShown() {
        return uneven.overlap();
    }

    boolean showsImage() {
        return high.getImage() != null;
    }
}
