package dev.latentlab.render;

import dev.latentlab.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Animated GIFs with the JDK's GIF writer: per-frame delay and the NETSCAPE2.0 loop extension. */
public final class AnimatedGif {
    private AnimatedGif() {}

    /**
     * Writes ARGB frames (each w × h) scaled by an integer factor, {@code delayMs} per frame
     * (GIF stores hundredths of a second), looping forever when {@code loop}.
     */
    public static void write(List<int[]> frames, int w, int h, int scale, int delayMs, boolean loop, Path file)
            throws IOException {
        write(frames, w, h, scale, delayMs, loop, file, VideoFile.Progress.NONE);
    }

    /** The same, reporting each written frame; a progress that returns false cancels (no file is left). */
    public static void write(List<int[]> frames, int w, int h, int scale, int delayMs, boolean loop, Path file,
            VideoFile.Progress progress) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to write");
        }
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) {
            throw new IOException("no GIF writer available");
        }
        ImageWriter writer = it.next();
        try {
            AtomicFiles.write(file, out -> {
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.prepareWriteSequence(null);
                    boolean first = true;
                    int done = 0;
                    for (int[] f : frames) {
                        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
                        img.setRGB(0, 0, w * scale, h * scale, Pixels.scale(f, w, h, scale), 0, w * scale);
                        ImageWriteParam param = writer.getDefaultWriteParam();
                        IIOMetadata meta = writer.getDefaultImageMetadata(
                                ImageTypeSpecifier.createFromRenderedImage(img), param);
                        configure(meta, delayMs, loop && first);
                        writer.writeToSequence(new IIOImage(img, null, meta), param);
                        first = false;
                        VideoFile.check(progress, ++done, frames.size());
                    }
                    writer.endWriteSequence();
                }
            });
        } finally {
            writer.dispose();
        }
    }

    private static void configure(IIOMetadata meta, int delayMs, boolean loopExtension) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMs / 10f))));
        gce.setAttribute("transparentColorIndex", "0");
        if (loopExtension) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
