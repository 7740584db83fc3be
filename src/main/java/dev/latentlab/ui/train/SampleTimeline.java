package dev.latentlab.ui.train;

import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.VideoExportDialog;
import dev.latentlab.ui.widgets.VideoExportTask;
import javafx.scene.control.Button;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Train view's grid of samples from a fixed z, with a slider back through the last grids ({@link SampleHistory}). */
final class SampleTimeline {
    private final SampleHistory history = new SampleHistory();
    private final FrameView gridView = new FrameView();
    private final Slider timeline = new Slider(0, 0, 0);
    private final Label caption = new Label();
    private final VBox root;
    private boolean updating;
    private String runName = "training";

    SampleTimeline() {
        gridView.setId("train-grid");
        gridView.getStyleClass().add("train-grid");
        timeline.setId("train-timeline");
        timeline.setMajorTickUnit(1);
        timeline.setMinorTickCount(0);
        timeline.setSnapToTicks(true);
        timeline.setBlockIncrement(1);
        timeline.setTooltip(new Tooltip("Scrub back through the last " + SampleHistory.CAPACITY + " sample grids"));
        timeline.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                history.show((int) Math.round(b.doubleValue()));
                show();
            }
        });
        caption.setId("train-timeline-label");
        caption.getStyleClass().add("help-text");
        Label title = new Label("Samples from a fixed z");
        title.getStyleClass().add("section-title");
        VBox.setVgrow(gridView, Priority.ALWAYS);
        Button movie = VideoExportDialog.button("Export timeline", "Export the timeline of sample grids as an "
                + "MP4 video or animated GIF (8 fps), the training's movie", this::timelineJob);
        movie.setId("train-export-timeline");
        movie.disableProperty().bind(timeline.disableProperty());
        root = new VBox(title, gridView, timeline, caption, movie);
        root.getStyleClass().add("train-samples");
        show();
    }

    Node node() {
        return root;
    }

    SampleHistory history() {
        return history;
    }

    void add(SampleHistory.Grid g) {
        history.add(g);
        show();
    }

    /** The run's name, for the suggested file name of the timeline's video. */
    void setRunName(String name) {
        runName = name;
    }

    /** The timeline's grids, oldest first, as a video at 8 fps; null before the first grid. */
    VideoExportTask.Job timelineJob() {
        java.util.List<SampleHistory.Grid> grids = history.grids();
        if (grids.isEmpty()) {
            return null;
        }
        SampleHistory.Grid g = grids.get(0);
        return new VideoExportTask.Job(grids.stream().map(SampleHistory.Grid::argb).toList(), g.width(), g.height(), 1,
                8, runName + "-timeline.mp4");
    }

    void clear() {
        history.clear();
        show();
    }

    private void show() {
        updating = true;
        timeline.setMax(Math.max(0, history.size() - 1));
        timeline.setDisable(history.size() < 2);
        timeline.setValue(Math.max(0, history.shownIndex()));
        updating = false;
        SampleHistory.Grid g = history.shownGrid();
        if (g != null) {
            gridView.show(g.argb(), g.width(), g.height());
        }
        caption.setText(history.caption());
    }
}
