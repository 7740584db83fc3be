package dev.latentlab.cli;

import dev.latentlab.data.DatasetException;
import dev.latentlab.data.ImageFile;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.io.Npy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code read}: each image's attribute probabilities by a reader, as CSV. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Per-image attribute probabilities of any images, by any reader (an attribute classifier):",
            "a CSV with a header row (file, then one column per attribute; values in [0, 1]) and one row per image.",
            "Images: files, folders (their PNG/JPEG/GIF/BMP files, sorted by name) and/or --npy N×C×H×W arrays in",
            "[−1, 1] (what sample --npy writes; rows are named FILE.npy#I). Images of another size are scaled to the",
            "reader's input, as encode does. Bad images are skipped and named (exit status 1)."})
final class ReadCommand implements Callable<Integer> {
    @Option(names = "--images", arity = "1..*", paramLabel = "DIR|FILE", description = "image files or folders")
    List<Path> images = new ArrayList<>();

    @Option(names = "--npy", arity = "1..*", paramLabel = "X.npy", description = "images as N×C×H×W float32 in [−1, 1]")
    List<Path> arrays = new ArrayList<>();

    @Option(names = "--reader", paramLabel = "DIR", description = "classifier folder (default: the app's, models/classifier-faces)")
    Path reader;

    @Option(names = "--out", required = true, paramLabel = "probs.csv", description = "CSV to write (- for standard output)")
    String out;

    @Override
    public Integer call() throws Exception {
        if (images.isEmpty() && arrays.isEmpty()) {
            System.err.println("error: give --images DIR|FILE... and/or --npy X.npy");
            return 2;
        }
        Path dir = reader != null ? reader : Classifiers.locate(ClassifierInfo.Kind.FACES);
        List<Path> files = new ArrayList<>();
        for (Path p : images) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(ReadCommand::isImage).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        int skipped = 0;
        try (Classifier c = Classifier.open(dir)) {
            ClassifierInfo info = c.info();
            ImageSpec spec = new ImageSpec(info.inputSize, info.channels);
            int per = spec.valuesPerImage();
            List<String> names = new ArrayList<>();
            List<float[]> pixels = new ArrayList<>();
            for (Path f : files) {
                try {
                    ImageFile.Image img = ImageFile.read(f, spec);
                    names.add(f.toString());
                    pixels.add(img.floats());
                } catch (DatasetException e) {
                    System.err.println("error: " + e.getMessage() + " (skipped)");
                    skipped++;
                }
            }
            for (Path a : arrays) {
                Npy.Array x;
                try {
                    x = Npy.read(a);
                } catch (IOException e) {
                    System.err.println("error: " + a + ": not a readable .npy file (" + e.getMessage() + ") (skipped)");
                    skipped++;
                    continue;
                }
                long[] s = x.shape();
                if (s.length != 4 || s[1] != info.channels || s[2] != info.inputSize || s[3] != info.inputSize) {
                    System.err.println("error: " + a + ": holds " + java.util.Arrays.stream(s).mapToObj(Long::toString)
                            .collect(java.util.stream.Collectors.joining("×")) + "; " + dir.getFileName()
                            + " reads N×" + info.channels + "×" + info.inputSize + "×" + info.inputSize + " (skipped)");
                    skipped++;
                    continue;
                }
                for (int i = 0; i < s[0]; i++) {
                    float[] one = java.util.Arrays.copyOfRange(x.data(), i * per, (i + 1) * per);
                    boolean finite = true;
                    for (float v : one) {
                        finite &= Float.isFinite(v);
                    }
                    if (!finite) {
                        System.err.println("error: " + a + "#" + i + ": NaN or infinite values (skipped)");
                        skipped++;
                        continue;
                    }
                    names.add(a + "#" + i);
                    pixels.add(one);
                }
            }
            StringBuilder csv = new StringBuilder("file");
            for (String o : info.outputs) {
                csv.append(',').append(o);
            }
            csv.append('\n');
            int batch = 100;
            for (int start = 0; start < pixels.size(); start += batch) {
                int n = Math.min(batch, pixels.size() - start);
                float[] x = new float[n * per];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(pixels.get(start + i), 0, x, i * per, per);
                }
                Classifier.Outputs p = c.run(x, n, info.inputSize, info.channels);
                for (int i = 0; i < n; i++) {
                    csv.append(quote(names.get(start + i)));
                    for (int o = 0; o < info.outputs.size(); o++) {
                        csv.append(',').append(String.format(Locale.ROOT, "%.5f", p.probability(i, o)));
                    }
                    csv.append('\n');
                }
            }
            if (out.equals("-")) {
                System.out.print(csv);
            } else {
                Path target = Path.of(out);
                try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                    w.write(csv.toString());
                }
                System.err.println(pixels.size() + " images read by " + dir.getFileName() + " into " + target
                        + (skipped > 0 ? "; " + skipped + " skipped" : ""));
            }
        }
        return skipped > 0 ? 1 : 0;
    }

    private static boolean isImage(Path p) {
        return Files.isRegularFile(p) && dev.latentlab.data.ImageFolder.hasImageExtension(p);
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
