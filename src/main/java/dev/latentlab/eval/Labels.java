package dev.latentlab.eval;

import dev.latentlab.data.AttributeTable;
import dev.latentlab.data.DatasetException;
import dev.latentlab.data.ImageSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What a classifier should say about each image of a set: the attribute values of a faces table
 * (1 / −1 in list_attr.txt) or the class of a digit.
 */
public final class Labels {
    private final List<String> names;
    private final boolean multiLabel;
    private final int[] classes; // multiclass
    private final boolean[][] attributes; // multi-label: [image][output]

    private Labels(List<String> names, boolean multiLabel, int[] classes, boolean[][] attributes) {
        this.names = List.copyOf(names);
        this.multiLabel = multiLabel;
        this.classes = classes;
        this.attributes = attributes;
    }

    /** Digit classes 0–9 from the set's labels. */
    public static Labels digits(ImageSet set) {
        int[] c = new int[set.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = set.label(i);
            if (c[i] < 0 || c[i] > 9) {
                throw new DatasetException(set.name() + " has no digit label for image " + i
                        + " (labels must be 0–9)");
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            names.add(Integer.toString(k));
        }
        return new Labels(names, false, c, null);
    }

    /** Attributes from the set's attribute table: all of them, or those named. */
    public static Labels attributes(ImageSet set, List<String> wanted) {
        AttributeTable t = set.attributes().orElseThrow(() -> new DatasetException(set.name()
                + " has no attribute table (list_attr.txt or list_attr_celeba.txt) to learn attributes from"));
        List<String> names = wanted == null || wanted.isEmpty() ? t.names() : wanted;
        int[] cols = new int[names.size()];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = t.index(names.get(k));
            if (cols[k] < 0) {
                throw new DatasetException(set.name() + " has no attribute " + names.get(k) + " (it has " + t.names() + ")");
            }
        }
        boolean[][] a = new boolean[set.size()][names.size()];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < cols.length; k++) {
                a[i][k] = t.has(i, cols[k]);
            }
        }
        return new Labels(names, true, null, a);
    }

    public List<String> names() {
        return names;
    }

    public int outputs() {
        return names.size();
    }

    public boolean multiLabel() {
        return multiLabel;
    }

    public int size() {
        return multiLabel ? attributes.length : classes.length;
    }

    public int classOf(int image) {
        return classes[image];
    }

    public boolean has(int image, int output) {
        return multiLabel ? attributes[image][output] : classes[image] == output;
    }

    /** The training target of an image: 0/1 per attribute, or the one-hot class. */
    public void target(int image, float[] dst, int offset) {
        for (int k = 0; k < names.size(); k++) {
            dst[offset + k] = has(image, k) ? 1f : 0f;
        }
    }
}
