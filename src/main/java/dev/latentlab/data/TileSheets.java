package dev.latentlab.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A set of images stored as PNG sheets of tiles, the compact form of LatentLab's shipped reference
 * sets (written by {@code node tools/facegen/generate.js --sheets N}): {@code sheets.json} says how
 * many images there are, their size, the tiles per row and the sheets; tile i of sheet k is image
 * k·perSheet + i, in reading order, edge to edge; {@code list_attr.txt} (CelebA format, face i
 * named 00000i.png) gives the attributes when present.
 */
public final class TileSheets {
    /** The description of a folder of sheets. */
    public static final String INDEX = "sheets.json";

    /** What sheets.json says. */
    public record Index(int images, int size, int columns, int perSheet, List<String> sheets, Long seed,
            String command) {}

    private TileSheets() {
    }

    /** Whether {@code dir} holds a sheets.json. */
    public static boolean isSheetFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(INDEX));
    }

    /**
     * Reads and checks {@code dir/sheets.json}.
     *
     * @throws DatasetException naming the file and what is wrong with it
     */
    public static Index index(Path dir) {
        Path file = dir.resolve(INDEX);
        Index ix;
        try {
            ix = new Gson().fromJson(Files.readString(file), Index.class);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + dev.latentlab.io.IoErrors.plain(e), e);
        } catch (JsonParseException e) {
            throw new DatasetException(file + " is damaged: not the JSON of a set of sheets (" + e.getMessage() + ")", e);
        }
        if (ix == null || ix.images() < 1 || ix.size() < 1 || ix.columns() < 1 || ix.perSheet() < 1
                || ix.sheets() == null || ix.sheets().isEmpty()) {
            throw new DatasetException(file + " is damaged: it needs images, size, columns, perSheet (all positive) "
                    + "and sheets");
        }
        int needed = (ix.images() + ix.perSheet() - 1) / ix.perSheet();
        if (ix.sheets().size() != needed) {
            throw new DatasetException(String.format(Locale.ROOT, "%s is damaged: %d images at %d a sheet need %d "
                    + "sheets, it lists %d", file, ix.images(), ix.perSheet(), needed, ix.sheets().size()));
        }
        return ix;
    }

    /**
     * Every image of the sheets in {@code dir}, as {@code spec} (resized or made gray like a
     * folder's images), named {@code name}; each image's source name is its row in list_attr.txt.
     *
     * @throws DatasetException naming the file and the cause (missing, not a PNG, wrong size)
     */
    public static ImageSet load(Path dir, String name, ImageSpec spec) {
        Index ix = index(dir);
        byte[][] images = new byte[ix.images()][];
        String[] names = new String[ix.images()];
        int width = Math.max(6, String.valueOf(ix.images()).length());
        for (int k = 0; k < ix.sheets().size(); k++) {
            Path file = dir.resolve(ix.sheets().get(k));
            BufferedImage sheet = readSheet(file);
            int first = k * ix.perSheet();
            int count = Math.min(ix.perSheet(), ix.images() - first);
            int rows = (count + ix.columns() - 1) / ix.columns();
            int wantW = Math.min(count, ix.columns()) * ix.size();
            int wantH = rows * ix.size();
            if (sheet.getWidth() < wantW || sheet.getHeight() < wantH) {
                throw new DatasetException(String.format(Locale.ROOT, "%s is %d×%d pixels; %d tiles of %d×%d, %d a row, "
                        + "need %d×%d (see %s)", file, sheet.getWidth(), sheet.getHeight(), count, ix.size(),
                        ix.size(), ix.columns(), wantW, wantH, dir.resolve(INDEX)));
            }
            for (int i = 0; i < count; i++) {
                int x = (i % ix.columns()) * ix.size();
                int y = (i / ix.columns()) * ix.size();
                images[first + i] = ImageDecoder.renderImage(sheet.getSubimage(x, y, ix.size(), ix.size()), spec, 1);
                names[first + i] = String.format(Locale.ROOT, "%0" + width + "d.png", first + i + 1);
            }
        }
        AttributeTable attributes = attributes(dir, names);
        return new ImageSet(name, spec, images, names, null, attributes, List.of());
    }

    private static BufferedImage readSheet(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file (listed in " + file.resolveSibling(INDEX).getFileName()
                    + ")");
        }
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new DatasetException(file + ": not a PNG image");
            }
            return img;
        } catch (IOException e) {
            throw new DatasetException(file + ": damaged or unreadable image (" + e.getMessage() + ")", e);
        }
    }

    /** list_attr.txt's rows in the images' order, when it has one for every image. */
    private static AttributeTable attributes(Path dir, String[] names) {
        Path file = dir.resolve("list_attr.txt");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        AttributeTable table = AttributeTable.read(file);
        int[] rows = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            rows[i] = table.row(n).orElseThrow(() -> new DatasetException(file + " has no row for " + n));
        }
        return table.select(rows);
    }
}
