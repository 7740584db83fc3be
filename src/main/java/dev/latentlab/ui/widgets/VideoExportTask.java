package dev.latentlab.ui.widgets;

import dev.latentlab.render.VideoFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.concurrent.Task;

/**
 * Writes frames as an MP4 or GIF (by the file's extension) off the FX thread: progress per frame,
 * cancel between frames. The state a dialog shows, and no nodes.
 */
public final class VideoExportTask extends Task<Path> {
    /** What to export: ARGB frames of w × h, each scaled by {@code scale}, at {@code fps}. */
    public record Job(List<int[]> frames, int width, int height, int scale, int fps, String suggestedName) {
        public Job {
            frames = List.copyOf(frames);
        }
    }

    private final Job job;
    private final Path file;

    public VideoExportTask(Job job, Path file) {
        this.job = job;
        this.file = file;
        updateMessage("Writing " + file.getFileName() + "…");
    }

    public Path file() {
        return file;
    }

    @Override
    protected Path call() throws Exception {
        long t0 = System.nanoTime();
        VideoFile.write(file, job.frames(), job.width(), job.height(), job.scale(), job.fps(), (done, total) -> {
            updateProgress(done, total);
            updateMessage(String.format(Locale.ROOT, "Frame %d of %d", done, total));
            return !isCancelled();
        });
        updateMessage(String.format(Locale.ROOT, "Saved %s (%d frames, %d KiB, %.1f s)", file.getFileName(),
                job.frames().size(), Files.size(file) / 1024, (System.nanoTime() - t0) / 1e9));
        return file;
    }
}
