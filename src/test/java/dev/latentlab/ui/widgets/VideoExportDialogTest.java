package dev.latentlab.ui.widgets;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The export window: progress while the file is written, Cancel that leaves no file. */
@ExtendWith(ApplicationExtension.class)
class VideoExportDialogTest {
    @TempDir
    Path tmp;
    private Stage owner;

    @Start
    void start(Stage stage) {
        owner = stage;
        stage.setScene(new Scene(new StackPane(), 200, 100));
        stage.show();
    }

    private static VideoExportTask.Job job(int frames, int side, int scale) {
        List<int[]> f = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            int[] px = new int[side * side];
            for (int i = 0; i < px.length; i++) {
                px[i] = 0xff000000 | (k * 7 + i) % 256 << 8 | i * 13 % 256;
            }
            f.add(px);
        }
        return new VideoExportTask.Job(f, side, side, scale, 24, "walk.mp4");
    }

    @Test
    void anExportShowsItsProgressAndEndsWithTheSavedFile(FxRobot robot) throws Exception {
        Path mp4 = tmp.resolve("walk.mp4");
        VideoExportTask task = fx(() -> VideoExportDialog.start(owner, job(30, 16, 2), mp4));
        waitUntil("the export finishes", 30, () -> task.getState() == Worker.State.SUCCEEDED);
        assertEquals(1.0, fx(() -> robot.lookup("#video-export-progress").queryAs(ProgressBar.class).getProgress()));
        String status = fx(() -> robot.lookup("#video-export-status").queryAs(Label.class).getText());
        assertTrue(status.startsWith("Saved walk.mp4 (30 frames"), status);
        assertEquals("Close", fx(() -> robot.lookup("#video-export-cancel").queryAs(Button.class).getText()));
        try (var ch = NIOUtils.readableChannel(mp4.toFile())) {
            assertEquals(30, FrameGrab.createFrameGrab(ch).getVideoTrack().getMeta().getTotalFrames());
        }
    }

    @Test
    void cancelStopsTheExportAndLeavesNoFile(FxRobot robot) throws Exception {
        Path mp4 = tmp.resolve("long.mp4");
        VideoExportTask task = fx(() -> VideoExportDialog.start(owner, job(2000, 64, 4), mp4));
        waitUntil("a few frames are written", 30, () -> task.getProgress() > 0);
        fx(() -> {
            robot.lookup("#video-export-cancel").queryAs(Button.class).fire();
            return null;
        });
        waitUntil("the export stops", 30, () -> task.getState() == Worker.State.CANCELLED);
        Thread.sleep(500); // the writer notices between frames and removes its temporary file
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "neither the video nor a temporary file is left");
        }
        assertFalse(fx(() -> task.getProgress() >= 1.0), "stopped before the last frame");
    }
}
