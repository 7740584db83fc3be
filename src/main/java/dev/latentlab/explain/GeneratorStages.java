package dev.latentlab.explain;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every stage of the generator for one z, as plain arrays: each hidden layer's activation (after
 * its ReLU, what the next stage reads) and the image itself (after tanh), in one generator call.
 * For a 64×64 DCGAN: 512×4×4, 256×8×8, 128×16×16, 64×32×32, 3×64×64.
 */
public final class GeneratorStages {
    /** One stage's maps [channels, height, width]; {@code image} for the generator's output. */
    public record Stage(int index, String name, int channels, int height, int width, float[] values, boolean image) {
        public int plane() {
            return height * width;
        }

        /** Channel c's map, [height, width]. */
        public float[] channel(int c) {
            float[] m = new float[plane()];
            System.arraycopy(values, c * plane(), m, 0, plane());
            return m;
        }

        public float min(int c) {
            float v = Float.POSITIVE_INFINITY;
            for (int p = c * plane(); p < (c + 1) * plane(); p++) {
                v = Math.min(v, values[p]);
            }
            return v;
        }

        public float max(int c) {
            float v = Float.NEGATIVE_INFINITY;
            for (int p = c * plane(); p < (c + 1) * plane(); p++) {
                v = Math.max(v, values[p]);
            }
            return v;
        }

        /** "4×4×512". */
        public String shape() {
            return height + "×" + width + "×" + channels;
        }
    }

    private GeneratorStages() {}

    /** The stages of G(z) for one z (run on the thread that owns the model). */
    public static List<Stage> read(GanModel model, float[] z) {
        List<LayerInfo> layers = model.layers();
        Set<Integer> capture = new TreeSet<>();
        layers.forEach(l -> capture.add(l.index()));
        Generated g = model.generate(z, 1, ChannelMask.none(), capture);
        List<Stage> out = new ArrayList<>();
        for (LayerInfo l : layers) {
            Generated.Activations a = g.activations().get(l.index());
            out.add(new Stage(l.index(), "stage " + (l.index() + 1), a.channels(), a.height(), a.width(), a.values(),
                    false));
        }
        out.add(new Stage(layers.size(), "image", g.channels(), g.height(), g.width(), g.images(), true));
        return out;
    }
}
