package dev.latentlab.ui.widgets;

import javafx.geometry.Bounds;
import javafx.scene.control.ScrollPane;

/**
 * A {@link FrameStrip} in a horizontal scroll pane that keeps a frame in view: when the frame
 * shown (played, or stepped to) lies outside the visible part, the strip scrolls to centre it,
 * so the highlighted cell is always the one on screen.
 */
public final class StripScroll extends ScrollPane {
    private final FrameStrip strip;

    public StripScroll(FrameStrip strip) {
        super(strip);
        this.strip = strip;
        setFitToHeight(true);
        getStyleClass().add("strip-scroll");
    }

    /** Scrolls so that frame i is in view (centred when it was not); nothing when it already is. */
    public void reveal(int i) {
        if (i < 0 || i >= strip.count()) {
            return;
        }
        strip.layout(); // cells added since the last pulse have their places now
        double content = strip.getLayoutBounds().getWidth();
        double view = getViewportBounds().getWidth();
        if (content <= view || view <= 0) {
            return;
        }
        double range = content - view;
        double left = (getHvalue() - getHmin()) / (getHmax() - getHmin()) * range;
        Bounds cell = strip.cell(i).getBoundsInParent();
        if (cell.getMinX() >= left && cell.getMaxX() <= left + view) {
            return;
        }
        double target = Math.max(0, Math.min(range, cell.getMinX() + cell.getWidth() / 2 - view / 2));
        setHvalue(getHmin() + target / range * (getHmax() - getHmin()));
    }

    /** Whether frame i lies wholly inside the visible part of the strip. */
    public boolean inView(int i) {
        double content = strip.getLayoutBounds().getWidth();
        double view = getViewportBounds().getWidth();
        double left = content <= view ? 0 : (getHvalue() - getHmin()) / (getHmax() - getHmin()) * (content - view);
        Bounds cell = strip.cell(i).getBoundsInParent();
        return cell.getMinX() >= left - 0.5 && cell.getMaxX() <= left + view + 0.5;
    }
}
