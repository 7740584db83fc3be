package dev.latentlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference sets stored as PNG sheets read back image for image, and the shipped faces64h one stands in for its data. */
class TileSheetsTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedFacesReferenceIsTwoThousandHeldOutFacesOfTheTrainingRecipe() {
        BuiltinDatasets.Reference ref = BuiltinDatasets.referenceFor("faces64h").orElseThrow();
        assertEquals("builtin:faces64h-reference", ref.source());
        assertEquals(7L, ref.index().seed(), "a facegen seed no model trained on (the training set is seed 1)");
        assertTrue(ref.index().command().contains("--smiling 0.65 --eyeglasses 0.65"), ref.index().command());
        assertTrue(BuiltinDatasets.names().contains("builtin:faces64h-reference"), BuiltinDatasets.names().toString());
        ImageSet set = DatasetSource.open("builtin:faces64h-reference", ImageSpec.rgb(64), null);
        assertEquals(2000, set.size());
        AttributeTable a = set.attributes().orElseThrow();
        double smiling = a.count("Smiling") / 2000.0;
        assertTrue(smiling > 0.6 && smiling < 0.7, "the recipe's 65% smiling faces: " + smiling);
        assertEquals("002000.png", set.sourceName(1999));
        assertTrue(BuiltinDatasets.referenceFor("faces64").isEmpty(), "no reference for another recipe's data");
    }

    @Test
    void tilesReadBackAsTheImagesTheyWere() throws Exception {
        // 5 images of 8×8, 2 a row, 3 a sheet: sheet 1 holds 0–2 (2 rows), sheet 2 holds 3–4
        Random r = new Random(3);
        BufferedImage[] tiles = new BufferedImage[5];
        Path single = Files.createDirectories(tmp.resolve("single"));
        for (int i = 0; i < 5; i++) {
            tiles[i] = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    tiles[i].setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            ImageIO.write(tiles[i], "png", single.resolve(String.format("%06d.png", i + 1)).toFile());
        }
        Path dir = sheets(tiles, 2, 3);
        ImageSet set = TileSheets.load(dir, "t", ImageSpec.rgb(8));
        ImageSet folder = ImageFolder.load(single, ImageSpec.rgb(8), s -> { });
        assertEquals(5, set.size());
        byte[] a = new byte[8 * 8 * 3];
        byte[] b = new byte[8 * 8 * 3];
        for (int i = 0; i < 5; i++) {
            set.copyPixels(i, a, 0);
            folder.copyPixels(i, b, 0);
            assertArrayEquals(b, a, "image " + i);
        }
    }

    @Test
    void aDamagedSetIsNamedWithItsCause() throws Exception {
        BufferedImage[] tiles = {new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
            new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)};
        Path dir = sheets(tiles, 2, 2);
        Files.delete(dir.resolve("faces-2.png"));
        DatasetException e = assertThrows(DatasetException.class, () -> TileSheets.load(dir, "t", ImageSpec.rgb(8)));
        assertTrue(e.getMessage().contains("faces-2.png") && e.getMessage().contains("no such file"), e.getMessage());
        Files.writeString(dir.resolve("sheets.json"), "{\"images\": 3, \"size\": 8");
        e = assertThrows(DatasetException.class, () -> TileSheets.load(dir, "t", ImageSpec.rgb(8)));
        assertTrue(e.getMessage().contains("sheets.json") && e.getMessage().contains("damaged"), e.getMessage());
        Files.writeString(dir.resolve("sheets.json"), "{\"images\": 3, \"size\": 16, \"columns\": 2, \"perSheet\": 2,"
                + " \"sheets\": [\"faces-1.png\", \"faces-2.png\"]}");
        e = assertThrows(DatasetException.class, () -> TileSheets.load(dir, "t", ImageSpec.rgb(8)));
        assertTrue(e.getMessage().contains("faces-1.png is 16×8 pixels"), e.getMessage());
    }

    /** The folder tools/facegen's --sheets writes, for these tiles. */
    private Path sheets(BufferedImage[] tiles, int columns, int perSheet) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sheets"));
        int size = tiles[0].getWidth();
        StringBuilder names = new StringBuilder();
        for (int k = 0; k * perSheet < tiles.length; k++) {
            int n = Math.min(perSheet, tiles.length - k * perSheet);
            BufferedImage sheet = new BufferedImage(Math.min(n, columns) * size, ((n + columns - 1) / columns) * size,
                    BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < n; i++) {
                sheet.getGraphics().drawImage(tiles[k * perSheet + i], (i % columns) * size, (i / columns) * size, null);
            }
            ImageIO.write(sheet, "png", dir.resolve("faces-" + (k + 1) + ".png").toFile());
            names.append(k == 0 ? "" : ", ").append("\"faces-").append(k + 1).append(".png\"");
        }
        Files.writeString(dir.resolve("sheets.json"), "{\"format\": \"latentlab-tile-sheets\", \"version\": 1, "
                + "\"images\": " + tiles.length + ", \"size\": " + size + ", \"columns\": " + columns + ", \"perSheet\": "
                + perSheet + ", \"sheets\": [" + names + "], \"seed\": 1, \"command\": \"test\"}");
        return dir;
    }
}
