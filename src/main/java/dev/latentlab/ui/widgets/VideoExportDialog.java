package dev.latentlab.ui.widgets;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Export video": a save dialog (MP4 or GIF), then a small window with a progress bar and Cancel
 * while a {@link VideoExportTask} writes the file on its own thread; the views stay live.
 */
public final class VideoExportDialog {
    private static final double WIDTH = 360;
    private static final double GAP = 10;

    private VideoExportDialog() {}

    /** A button that exports the job it is given when pressed (disabled while there is none). */
    public static Button button(String text, String tooltip, Supplier<VideoExportTask.Job> job) {
        Button b = Icons.button(text, Feather.FILM, tooltip);
        b.setOnAction(e -> {
            VideoExportTask.Job j = job.get();
            if (j != null && !j.frames().isEmpty()) {
                show(b.getScene().getWindow(), j);
            }
        });
        return b;
    }

    /** Asks where to save (the extension chooses the format) and starts the export. */
    public static VideoExportTask show(Window owner, VideoExportTask.Job job) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export video");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("MP4 video (H.264)", "*.mp4"),
                new FileChooser.ExtensionFilter("Animated GIF", "*.gif"));
        if (job.suggestedName().toLowerCase().endsWith(".gif")) {
            fc.setSelectedExtensionFilter(fc.getExtensionFilters().get(1));
        }
        fc.setInitialFileName(job.suggestedName());
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return null;
        }
        Path p = f.toPath();
        String n = p.getFileName().toString().toLowerCase();
        if (!n.endsWith(".mp4") && !n.endsWith(".gif")) {
            p = p.resolveSibling(p.getFileName() + (fc.getSelectedExtensionFilter() != null
                    && fc.getSelectedExtensionFilter().getDescription().startsWith("Animated") ? ".gif" : ".mp4"));
        }
        return start(owner, job, p);
    }

    /** Starts writing {@code file} and shows its progress window. */
    public static VideoExportTask start(Window owner, VideoExportTask.Job job, Path file) {
        VideoExportTask task = new VideoExportTask(job, file);
        Label status = new Label();
        status.setId("video-export-status");
        status.textProperty().bind(task.messageProperty());
        status.setWrapText(true);
        ProgressBar bar = new ProgressBar();
        bar.setId("video-export-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(task.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("video-export-cancel");
        cancel.setCancelButton(true);
        HBox buttons = new HBox(GAP, cancel);
        VBox box = new VBox(GAP, status, bar, buttons);
        box.setPadding(new Insets(2 * GAP));
        box.setPrefWidth(WIDTH);
        Stage stage = new Stage();
        stage.setTitle("Export " + file.getFileName());
        if (owner != null) {
            stage.initOwner(owner);
            if (owner.getScene() != null) {
                box.getStylesheets().addAll(owner.getScene().getStylesheets());
            }
        }
        stage.setScene(new Scene(box));
        cancel.setOnAction(e -> {
            if (task.isRunning()) {
                task.cancel();
            }
            stage.close();
        });
        task.stateProperty().addListener((o, was, s) -> {
            if (s == Worker.State.SUCCEEDED) {
                cancel.setText("Close");
            } else if (s == Worker.State.FAILED) {
                status.textProperty().unbind();
                Throwable t = task.getException();
                status.setText("Could not write " + file.getFileName() + ": "
                        + (t.getMessage() == null ? t.toString() : t.getMessage()));
                cancel.setText("Close");
            }
        });
        stage.show();
        Thread t = new Thread(task, "video-export");
        t.setDaemon(true);
        t.start();
        return task;
    }
}
