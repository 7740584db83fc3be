package dev.latentlab.render;

import dev.latentlab.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Rational;

/**
 * Animations as files, the format chosen by the file's extension: H.264 in MP4 (jcodec's pure-Java
 * encoder; plays in browsers and every video player) or a looping animated GIF ({@link AnimatedGif}).
 * Frames are ARGB, w × h, scaled by an integer factor (nearest neighbour, so pixels stay sharp).
 * Either way the file appears whole or not at all: it is written under a temporary name and
 * renamed, and a cancelled or failed export leaves nothing behind.
 */
public final class VideoFile {
    private VideoFile() {}

    public enum Format {
        MP4, GIF;

        /** The format of a file name: .mp4 or .gif, or an error naming the file. */
        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".mp4")) {
                return MP4;
            }
            if (n.endsWith(".gif")) {
                return GIF;
            }
            throw new IllegalArgumentException(file + ": the name should end in .mp4 (H.264 video) or .gif "
                    + "(animated GIF)");
        }
    }

    /** Told after each frame is written; returning false cancels the export. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> true;

        boolean frameWritten(int done, int total);
    }

    static void check(Progress progress, int done, int total) {
        if (!progress.frameWritten(done, total)) {
            throw new CancellationException("export cancelled after " + done + " of " + total + " frames");
        }
    }

    /**
     * Writes {@code frames} at {@code fps}; GIFs loop forever. Throws CancellationException when
     * the progress cancels (then no file is written).
     */
    public static Format write(Path file, List<int[]> frames, int w, int h, int scale, int fps, Progress progress)
            throws IOException {
        Format format = Format.of(file);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write");
        }
        if (fps < 1 || fps > 120) {
            throw new IllegalArgumentException("fps must be 1 to 120, got " + fps);
        }
        if (scale < 1 || scale > 16) {
            throw new IllegalArgumentException("scale must be 1 to 16, got " + scale);
        }
        if (format == Format.GIF) {
            AnimatedGif.write(frames, w, h, scale, Math.round(1000f / fps), true, file, progress);
        } else {
            AtomicFiles.writeVia(file, tmp -> writeMp4(tmp, frames, w, h, scale, fps, progress));
        }
        return format;
    }

    private static void writeMp4(Path tmp, List<int[]> frames, int w, int h, int scale, int fps, Progress progress)
            throws IOException {
        // 4:2:0 video has one colour sample per 2x2 pixels: even sides (an odd last row/column is repeated)
        int sw = w * scale;
        int sh = h * scale;
        int vw = sw + (sw & 1);
        int vh = sh + (sh & 1);
        BufferedImage img = new BufferedImage(vw, vh, BufferedImage.TYPE_INT_RGB);
        try (SeekableByteChannel ch = NIOUtils.writableChannel(tmp.toFile())) {
            AWTSequenceEncoder enc = new AWTSequenceEncoder(ch, Rational.R(fps, 1));
            int done = 0;
            for (int[] f : frames) {
                img.setRGB(0, 0, sw, sh, Pixels.scale(f, w, h, scale), 0, sw);
                if (vw != sw) {
                    for (int y = 0; y < sh; y++) {
                        img.setRGB(sw, y, img.getRGB(sw - 1, y));
                    }
                }
                if (vh != sh) {
                    for (int x = 0; x < vw; x++) {
                        img.setRGB(x, sh, img.getRGB(x, sh - 1));
                    }
                }
                enc.encodeImage(img);
                check(progress, ++done, frames.size());
            }
            enc.finish();
        }
    }
}
