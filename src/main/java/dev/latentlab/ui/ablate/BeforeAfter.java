package dev.latentlab.ui.ablate;

import dev.latentlab.latent.Prior;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Before and after the mask, for the current z and for 16 samples, in one row above the channels. */
final class BeforeAfter {
    static final int GRID = 16;

    private final Workspace ws;
    private final AblationState state;
    private final FrameView before = new FrameView();
    private final FrameView after = new FrameView();
    private final FrameView gridBefore = new FrameView();
    private final FrameView gridAfter = new FrameView();
    private final HBox root;
    private float[] gridZ = new float[0];
    private long seed = 1;

    BeforeAfter(Workspace ws, AblationState state) {
        this.ws = ws;
        this.state = state;
        for (FrameView f : List.of(before, after, gridBefore, gridAfter)) {
            f.getStyleClass().add("ablate-frame");
        }
        before.setId("ablate-before");
        after.setId("ablate-after");
        gridBefore.setId("ablate-grid-before");
        gridAfter.setId("ablate-grid-after");
        Button newGrid = Icons.flat(Feather.REFRESH_CW, "Other samples for the grid");
        newGrid.setOnAction(e -> {
            seed++;
            gridZ = Prior.sample(ws.model().nz(), GRID, new Random(seed * 7919));
            renderGrid(true);
        });
        root = new HBox(framed("Before", before), framed("After", after),
                framed("Before — " + GRID + " samples", gridBefore), framed("After", gridAfter), newGrid);
        root.getStyleClass().add("before-after");
        state.maskProperty().addListener((o, a, m) -> renderAfter());
    }

    private static VBox framed(String title, FrameView f) {
        Label l = new Label(title);
        l.getStyleClass().add("section-title");
        l.setWrapText(true); // a narrow frame takes its title on two lines
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(l, f);
        box.getStyleClass().add("frame-box");
        return box;
    }

    Node node() {
        return root;
    }

    /** Another model: the pictures go, the grid gets its first samples. */
    void modelChanged() {
        before.clear();
        after.clear();
        gridBefore.clear();
        gridAfter.clear();
        if (ws.model() != null) {
            gridZ = Prior.sample(ws.model().nz(), GRID, new Random(1));
        }
    }

    /** The current z before and after (and the grid after). */
    void renderCurrent() {
        if (ws.model() == null || ws.z().length != ws.model().nz()) {
            return;
        }
        ws.render().request(Lane.ANIMATION, new RenderService.Request(ws.z().clone(), 1, ChannelMask.none(),
                f -> before.show(f.pixels()[0], f.width(), f.height())));
        renderAfter();
    }

    private void renderAfter() {
        if (ws.model() == null) {
            return;
        }
        if (ws.z().length == ws.model().nz()) {
            ws.render().request(Lane.MAIN, new RenderService.Request(ws.z().clone(), 1, state.mask(),
                    f -> after.show(f.pixels()[0], f.width(), f.height())));
        }
        renderGrid(false);
    }

    /** The 16 samples after the mask, and before it too when {@code both}. */
    void renderGrid(boolean both) {
        if (ws.model() == null || gridZ.length != GRID * ws.model().nz()) {
            return;
        }
        if (both) {
            ws.render().request(Lane.VARIATIONS, new RenderService.Request(gridZ, GRID, ChannelMask.none(),
                    collect(gridBefore)));
        }
        ws.render().request(Lane.STRIP, new RenderService.Request(gridZ, GRID, state.mask(), collect(gridAfter)));
    }

    /** Gathers the chunks of a 16-image request and shows them as a 4 × 4 grid when complete. */
    private static Consumer<RenderService.Frames> collect(FrameView target) {
        int[][] images = new int[GRID][];
        return f -> {
            System.arraycopy(f.pixels(), 0, images, f.offset(), f.pixels().length);
            if (f.last()) {
                int gap = 1;
                int side = 4;
                int gw = side * f.width() + (side - 1) * gap;
                int gh = side * f.height() + (side - 1) * gap;
                int[] grid = new int[gw * gh];
                Arrays.fill(grid, 0xff202020);
                for (int k = 0; k < GRID; k++) {
                    int x0 = (k % side) * (f.width() + gap);
                    int y0 = (k / side) * (f.height() + gap);
                    for (int y = 0; y < f.height(); y++) {
                        System.arraycopy(images[k], y * f.width(), grid, (y0 + y) * gw + x0, f.width());
                    }
                }
                target.show(grid, gw, gh);
            }
        };
    }

    FrameView before() {
        return before;
    }

    FrameView after() {
        return after;
    }

    FrameView gridAfter() {
        return gridAfter;
    }
}
