package dev.latentlab.eval;

import dev.latentlab.data.ImageFile;
import dev.latentlab.data.ImageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images labelled by looking at them (labels.csv: file, then 1 / 0 / ? per attribute), and how often
 * a reader says what the eye saw: per attribute, on the images the eye could call (? left out), the
 * share where the reader's p ≥ 0.5 answer is the label.
 */
public final class EyeLabels {
    /** One labelled image: its file and, per attribute, 1, 0 or null (can't tell). */
    public record Item(Path file, Map<String, Boolean> labels) {}

    /** Per attribute: callable images, and the share the reader got right. */
    public record Agreement(String attribute, int callable, double agreement) {}

    private EyeLabels() {}

    /**
     * A second look, taken blind, at some of a set's images: {@value #SECOND}, the same columns or
     * fewer; "-" where an image was not looked at again for that attribute.
     */
    public static final String SECOND = "second-pass.csv";

    public static List<Item> load(Path set) throws IOException {
        return read(set, "labels.csv", false);
    }

    public static boolean hasSecondPass(Path set) {
        return Files.isRegularFile(set.resolve(SECOND));
    }

    /**
     * The labels both passes agree on: an image looked at a second time ({@value #SECOND}) keeps an
     * attribute's label only where the second look gave the same answer; where it differs, or could
     * not tell, the label becomes "can't tell". Images not looked at again keep the first label.
     */
    public static List<Item> loadBothPasses(Path set) throws IOException {
        List<Item> first = load(set);
        if (!hasSecondPass(set)) {
            return first;
        }
        Map<Path, Item> second = new LinkedHashMap<>();
        for (Item i : read(set, SECOND, true)) {
            second.put(i.file(), i);
        }
        List<Item> out = new ArrayList<>();
        for (Item i : first) {
            Item again = second.remove(i.file());
            if (again == null) {
                out.add(i);
                continue;
            }
            Map<String, Boolean> labels = new LinkedHashMap<>(i.labels());
            for (Map.Entry<String, Boolean> e : again.labels().entrySet()) {
                if (!labels.containsKey(e.getKey())) {
                    throw new IOException(set.resolve(SECOND) + ": " + e.getKey() + " is not a column of labels.csv");
                }
                Boolean was = labels.get(e.getKey());
                if (was == null || !was.equals(e.getValue())) {
                    labels.put(e.getKey(), null);
                }
            }
            out.add(new Item(i.file(), labels));
        }
        if (!second.isEmpty()) {
            throw new IOException(set.resolve(SECOND) + " names images labels.csv does not: "
                    + second.keySet().stream().map(p -> p.getFileName().toString()).toList());
        }
        return out;
    }

    /** @param skipUnseen a "-" (or empty) field was not looked at: left out of the item's labels */
    private static List<Item> read(Path set, String name, boolean skipUnseen) throws IOException {
        List<String> lines = Files.readAllLines(set.resolve(name));
        if (lines.isEmpty()) {
            throw new IOException(set.resolve(name) + " is empty");
        }
        String[] head = lines.get(0).trim().split(",");
        List<Item> items = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(",");
            if (f.length != head.length) {
                throw new IOException(set.resolve(name) + ": '" + line + "' has " + f.length + " fields, the "
                        + "header " + head.length);
            }
            Map<String, Boolean> labels = new LinkedHashMap<>();
            for (int i = 1; i < f.length; i++) {
                String v = f[i].trim();
                if (skipUnseen && (v.isEmpty() || v.equals("-"))) {
                    continue;
                }
                labels.put(head[i].trim(), v.equals("1") ? Boolean.TRUE : v.equals("0") ? Boolean.FALSE : null);
            }
            items.add(new Item(set.resolve(f[0].trim()), labels));
        }
        return items;
    }

    /** The reader's agreement with the eye, per labelled attribute the reader knows. */
    public static List<Agreement> agreement(Classifier c, List<Item> items) {
        ClassifierInfo info = c.info();
        ImageSpec spec = new ImageSpec(info.inputSize, info.channels);
        int per = spec.valuesPerImage();
        float[] x = new float[items.size() * per];
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(ImageFile.read(items.get(i).file(), spec).floats(), 0, x, i * per, per);
        }
        float[] p = new float[items.size() * info.outputs.size()];
        int batch = 100;
        for (int start = 0; start < items.size(); start += batch) {
            int n = Math.min(batch, items.size() - start);
            float[] part = java.util.Arrays.copyOfRange(x, start * per, (start + n) * per);
            Classifier.Outputs out = c.run(part, n, info.inputSize, info.channels);
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < info.outputs.size(); o++) {
                    p[(start + i) * info.outputs.size() + o] = out.probability(i, o);
                }
            }
        }
        List<Agreement> rows = new ArrayList<>();
        for (String attr : items.get(0).labels().keySet()) {
            int o = info.outputs.indexOf(attr);
            if (o < 0) {
                continue;
            }
            int callable = 0;
            int right = 0;
            for (int i = 0; i < items.size(); i++) {
                Boolean truth = items.get(i).labels().get(attr);
                if (truth != null) {
                    callable++;
                    right += (p[i * info.outputs.size() + o] >= 0.5f) == truth ? 1 : 0;
                }
            }
            rows.add(new Agreement(attr, callable, callable == 0 ? Double.NaN : (double) right / callable));
        }
        return rows;
    }
}
