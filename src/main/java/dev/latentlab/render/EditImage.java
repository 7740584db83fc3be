package dev.latentlab.render;

import dev.latentlab.latent.EditRecipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image of an edit recipe: G(recipe z) at batch 1 with its removed channels, as ARGB. The
 * app's "Save edit" and {@code sample --recipe} both draw through here, so the PNG written
 * beside a recipe is the one a later render reproduces.
 */
public final class EditImage {
    /** ARGB pixels, row-major, width × height. */
    public record Image(int[] argb, int width, int height) {
        public BufferedImage buffered(int scale) {
            return Pixels.image(argb, width, height, scale);
        }
    }

    private EditImage() {}

    public static Image render(GanModel m, EditRecipe r) {
        Generated g = generate(m, r);
        return new Image(Pixels.argb(g, 0), g.width(), g.height());
    }

    /** The generator's raw output for the recipe (1 × C × H × W in [-1, 1]). */
    public static Generated generate(GanModel m, EditRecipe r) {
        return m.generate(r.finalZ(), 1, mask(m.layers(), r.removed()), Set.of());
    }

    public static void writePng(GanModel m, EditRecipe r, Path png) throws IOException {
        Pixels.writePng(render(m, r).buffered(1), png);
    }

    /** The removed channels as a mask for these layers; a layer or channel the generator lacks is refused. */
    public static ChannelMask mask(List<LayerInfo> layers, Map<Integer, int[]> removed) {
        ChannelMask mask = ChannelMask.none();
        for (Map.Entry<Integer, int[]> e : removed.entrySet()) {
            int layer = e.getKey();
            LayerInfo info = layers.stream().filter(l -> l.index() == layer).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("the recipe removes channels of layer " + layer + "; this generator's "
                            + "layers are " + layers.stream().map(LayerInfo::index).toList()));
            for (int c : e.getValue()) {
                if (c >= info.channels()) {
                    throw new IllegalArgumentException("the recipe removes channel " + c + " of layer " + layer
                            + ", which has " + info.channels());
                }
                mask = mask.with(layer, c, true);
            }
        }
        return mask;
    }
}
