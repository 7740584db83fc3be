package dev.latentlab.ui.train;

import dev.latentlab.model.Generated;
import dev.latentlab.render.Pixels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Train view's past sample grids (the newest {@link #CAPACITY}) and which one is shown: the
 * newest while the user follows along, else the one chosen, kept in place as older ones drop
 * out. No nodes: {@link SampleTimeline} draws it.
 */
final class SampleHistory {
    static final int CAPACITY = 50;
    static final int GRID_COLUMNS = 8;

    /** A past sample grid as one ARGB image. */
    record Grid(long iteration, int[] argb, int width, int height) {}

    private final List<Grid> grids = new ArrayList<>();
    private int shown = -1;

    /** The samples as one ARGB grid, GRID_COLUMNS wide with 2-pixel gaps. */
    static Grid grid(long iteration, Generated g) {
        int cols = Math.min(GRID_COLUMNS, g.count());
        int rows = (g.count() + cols - 1) / cols;
        int gap = 2;
        int w = cols * g.width() + (cols + 1) * gap;
        int h = rows * g.height() + (rows + 1) * gap;
        int[] px = new int[w * h];
        Arrays.fill(px, 0xff202020);
        for (int n = 0; n < g.count(); n++) {
            int[] img = Pixels.argb(g, n);
            int x0 = gap + (n % cols) * (g.width() + gap);
            int y0 = gap + (n / cols) * (g.height() + gap);
            for (int y = 0; y < g.height(); y++) {
                System.arraycopy(img, y * g.width(), px, (y0 + y) * w + x0, g.width());
            }
        }
        return new Grid(iteration, px, w, h);
    }

    /** Keeps a new grid; the shown one stays the newest if it was, else the same grid. */
    void add(Grid g) {
        boolean following = grids.isEmpty() || shown >= grids.size() - 1;
        grids.add(g);
        if (grids.size() > CAPACITY) {
            grids.remove(0);
            shown = Math.max(0, shown - 1);
        }
        shown = following ? grids.size() - 1 : shown;
    }

    void clear() {
        grids.clear();
        shown = -1;
    }

    void show(int i) {
        if (i >= 0 && i < grids.size()) {
            shown = i;
        }
    }

    int size() {
        return grids.size();
    }

    /** The grids kept, oldest first. */
    java.util.List<Grid> grids() {
        return java.util.List.copyOf(grids);
    }

    /** The iteration of each grid kept, oldest first. */
    java.util.List<Long> iterations() {
        return grids.stream().map(Grid::iteration).toList();
    }

    /** The index shown, −1 while there is no grid. */
    int shownIndex() {
        return shown;
    }

    Grid shownGrid() {
        return shown < 0 ? null : grids.get(shown);
    }

    /** "Iteration 1,200 (latest)" or "Iteration 800  ·  2 grids back"; "No samples yet" before the first. */
    String caption() {
        Grid g = shownGrid();
        if (g == null) {
            return "No samples yet";
        }
        return String.format("Iteration %,d%s", g.iteration(), shown == grids.size() - 1 ? " (latest)"
                : "  ·  " + (grids.size() - 1 - shown) + " grids back");
    }
}
