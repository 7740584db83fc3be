package dev.latentlab.ui.inside;

import dev.latentlab.ui.widgets.CanvasPane;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** One overlap map: each output pixel shaded by how many kernel taps reach it (darkest: fewest), with the count. */
final class OverlapPlot extends CanvasPane {
    private final Checkerboard.Overlap overlap;

    OverlapPlot(Checkerboard.Overlap overlap) {
        this.overlap = overlap;
        getStyleClass().add("overlap-plot");
        setMinSize(120, 120);
        setPrefSize(CheckerboardPanel.IMAGE, CheckerboardPanel.IMAGE);
    }

    Checkerboard.Overlap overlap() {
        return overlap;
    }

    @Override
    protected void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        int side = overlap.side();
        double cell = Math.floor(Math.min(w, h) / side);
        if (cell < 2) {
            return;
        }
        int max = 0;
        for (int t : overlap.taps()) {
            max = Math.max(max, t);
        }
        gc.setFont(Font.font(Math.min(12, cell * 0.6)));
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.CENTER);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int n = overlap.at(r, c);
                gc.setFill(ink(Ink.GENERATOR).deriveColor(0, 1, 1, max == 0 ? 0 : (double) n / max));
                gc.fillRect(c * cell, r * cell, cell - 1, cell - 1);
                if (cell >= 12) {
                    gc.setFill(ink(Ink.TEXT));
                    gc.fillText(Integer.toString(n), c * cell + cell / 2, r * cell + cell / 2);
                }
            }
        }
    }
}
