package dev.latentlab.eval;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.render.Pixels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A removal seen on one set of samples, each drawn before and after the mask and read by one
 * reader: how many the reader calls each attribute before and after (the figure), and the first
 * {@code faces} samples it calls the attribute before the removal, as pictures before and after
 * (what a person needs to see: a recoloured hat is still a hat). Both come from the same images,
 * so nothing is drawn twice. Fed batch by batch ({@link #add}) by {@code eval ablation} and by the
 * Ablate view's check ({@link #check}).
 */
public final class RemovalSamples {
    /** How much the difference pictures amplify |after − before|: a few channels' removal is ~2% RMS. */
    public static final int DIFFERENCE_GAIN = 8;

    private final List<String> names;
    private final int attribute;
    private final int faces;
    private long[] before = new long[0];
    private long[] after = new long[0];
    private int samples;
    private final List<int[]> facesBefore = new ArrayList<>();
    private final List<int[]> facesAfter = new ArrayList<>();
    private double squared;
    private long values;
    private int width;
    private int height;

    /**
     * Keeps the first {@code faces} samples read as having output {@code attribute} before the
     * removal; {@code names} are the reader's outputs.
     */
    public RemovalSamples(List<String> names, int attribute, int faces) {
        this.names = List.copyOf(names);
        this.attribute = attribute;
        this.faces = faces;
    }

    /** One batch: the same z drawn without ({@code plain}) and with the removal ({@code removed}), both read. */
    public void add(Classifier c, Generated plain, Generated removed) {
        Classifier.Outputs read = c.run(plain.images(), plain.count(), plain.height(), plain.channels());
        Classifier.Outputs readAfter = c.run(removed.images(), removed.count(), removed.height(), removed.channels());
        add(plain, read, removed, readAfter);
    }

    /** One batch with its readings (p ≥ 0.5 counts as read). */
    void add(Generated plain, Classifier.Outputs read, Generated removed, Classifier.Outputs readAfter) {
        if (before.length == 0) {
            before = new long[read.outputs()];
            after = new long[read.outputs()];
        }
        width = plain.width();
        height = plain.height();
        int per = plain.imageLength();
        for (int i = 0; i < plain.count(); i++) {
            for (int a = 0; a < read.outputs(); a++) {
                before[a] += read.probability(i, a) >= 0.5f ? 1 : 0;
                after[a] += readAfter.probability(i, a) >= 0.5f ? 1 : 0;
            }
            if (facesBefore.size() < faces && read.probability(i, attribute) >= 0.5f) {
                facesBefore.add(Pixels.argb(plain.images(), i * per, plain.channels(), height, width));
                facesAfter.add(Pixels.argb(removed.images(), i * per, removed.channels(), height, width));
            }
        }
        float[] p = plain.images();
        float[] r = removed.images();
        for (int i = 0; i < p.length; i++) {
            double d = (r[i] - p[i]) / 2.0; // images in [-1, 1]: a difference as a share of the full range
            squared += d * d;
        }
        values += p.length;
        samples += plain.count();
    }

    public int samples() {
        return samples;
    }

    /** The share of samples read as having output a, before the removal. */
    public double before(int a) {
        return samples == 0 ? 0 : (double) before[a] / samples;
    }

    public double after(int a) {
        return samples == 0 ? 0 : (double) after[a] / samples;
    }

    /** The attribute the kept samples have. */
    public String attribute() {
        return names.get(attribute);
    }

    /** Every output's rates, named. */
    public List<AblationEval.Rate> rates() {
        List<AblationEval.Rate> out = new ArrayList<>();
        for (int a = 0; a < before.length; a++) {
            out.add(new AblationEval.Rate(names.get(a), before(a), after(a)));
        }
        return out;
    }

    /** Root mean square of after − before over every pixel and channel, as a share of the full range. */
    public double rmsDifference() {
        return values == 0 ? 0 : Math.sqrt(squared / values);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The kept samples before the removal (ARGB, width × height each). */
    public List<int[]> facesBefore() {
        return List.copyOf(facesBefore);
    }

    public List<int[]> facesAfter() {
        return List.copyOf(facesAfter);
    }

    /** |after − before| of each kept sample, per colour channel, times {@link #DIFFERENCE_GAIN} (clipped). */
    public List<int[]> facesDifference() {
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < facesBefore.size(); k++) {
            out.add(difference(facesBefore.get(k), facesAfter.get(k), DIFFERENCE_GAIN));
        }
        return out;
    }

    /** |a − b| per colour channel of two ARGB images, amplified by {@code gain} and clipped to 255. */
    public static int[] difference(int[] a, int[] b, int gain) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            int px = 0xff000000;
            for (int shift = 16; shift >= 0; shift -= 8) {
                int d = Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff)) * gain;
                px |= Math.min(255, d) << shift;
            }
            out[i] = px;
        }
        return out;
    }

    /** The kept samples as pairs before | after, {@code pairs} pairs to a row, scaled (eval ablation --grid). */
    public BufferedImage pairs(int pairsPerRow, int scale) {
        List<int[]> tiles = new ArrayList<>();
        for (int k = 0; k < facesBefore.size(); k++) {
            tiles.add(facesBefore.get(k));
            tiles.add(facesAfter.get(k));
        }
        return Pixels.grid(tiles, width, height, 2 * pairsPerRow, scale);
    }

    /**
     * The Ablate view's check, to run on the render thread: {@code samples} seeded samples before
     * and after {@code mask}, read by the classifier at {@code classifierDir} (opened and closed
     * here), keeping the first {@code faces} read as {@code attributeName}.
     */
    public static Function<GanModel, RemovalSamples> check(Path classifierDir, String attributeName, ChannelMask mask,
            int samples, long seed, int faces) {
        return model -> {
            try (Classifier c = Classifier.open(classifierDir)) {
                int a = c.info().outputs.indexOf(attributeName);
                if (a < 0) {
                    throw new IllegalArgumentException("the classifier has no attribute " + attributeName);
                }
                RemovalSamples seen = new RemovalSamples(c.info().outputs, a, faces);
                Random r = new Random(seed);
                int nz = model.nz();
                for (int start = 0; start < samples; start += 50) {
                    int b = Math.min(50, samples - start);
                    float[] z = AblationEval.gaussian(r, b * nz);
                    seen.add(c, model.generate(z, b, ChannelMask.none(), Set.of()), model.generate(z, b, mask, Set.of()));
                }
                return seen;
            }
        };
    }
}
