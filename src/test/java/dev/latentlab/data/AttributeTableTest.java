package dev.latentlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeTableTest {
    @TempDir
    Path dir;

    private static final String CELEBA_STYLE = """
            3
            5_o_Clock_Shadow Arched_Eyebrows Smiling\s
            000001.jpg -1  1  1
            000002.jpg  1 -1 -1
            sub/000003.jpg\t-1   -1  1
            """;

    @Test
    void parsesCelebaFormatWithRunsOfSpaces() {
        AttributeTable t = AttributeTable.parse(CELEBA_STYLE, "test");
        assertEquals(List.of("5_o_Clock_Shadow", "Arched_Eyebrows", "Smiling"), t.names());
        assertEquals(3, t.size());
        assertEquals(3, t.declaredRows());
        assertEquals(2, t.index("Smiling"));
        assertEquals(-1, t.index("Bald"));
        assertTrue(t.has(0, "Smiling"));
        assertFalse(t.has(1, "Smiling"));
        assertTrue(t.has(1, "5_o_Clock_Shadow"));
        assertEquals(-1, t.value(2, 1));
        assertEquals(2, t.count("Smiling"));
        assertThrows(IllegalArgumentException.class, () -> t.has(0, "Bald"));
    }

    @Test
    void looksUpRowsByExactOrBaseName() {
        AttributeTable t = AttributeTable.parse(CELEBA_STYLE, "test");
        assertEquals(OptionalInt.of(1), t.row("000002.jpg"));
        assertEquals(OptionalInt.of(1), t.row("img_align_celeba/000002.jpg"));
        assertEquals(OptionalInt.of(2), t.row("sub/000003.jpg"));
        assertEquals(OptionalInt.of(2), t.row("000003.jpg"));
        assertEquals(OptionalInt.empty(), t.row("999.jpg"));
    }

    @Test
    void writeThenReadGivesTheSameTable() throws Exception {
        AttributeTable t = AttributeTable.parse(CELEBA_STYLE, "test");
        Path f = dir.resolve("list_attr.txt");
        t.write(f);
        assertTrue(Files.readAllLines(f).get(2).startsWith("000001.jpg -1  1  1"), Files.readString(f));
        AttributeTable back = AttributeTable.read(f);
        assertEquals(t.names(), back.names());
        assertEquals(t.fileNames(), back.fileNames());
        for (int r = 0; r < t.size(); r++) {
            for (int c = 0; c < t.names().size(); c++) {
                assertEquals(t.has(r, c), back.has(r, c));
            }
        }
    }

    @Test
    void badValueReportsFileAndLineNumber() {
        String text = "2\nA B\nx.jpg 1 -1\ny.jpg 1 yes\n";
        DatasetException e = assertThrows(DatasetException.class, () -> AttributeTable.parse(text, "attrs.txt"));
        assertTrue(e.getMessage().contains("attrs.txt") && e.getMessage().contains("line 4"), e.getMessage());
        assertTrue(e.getMessage().contains("yes"), e.getMessage());
    }

    @Test
    void wrongValueCountReportsLineNumber() throws Exception {
        Path f = dir.resolve("list_attr_celeba.txt");
        Files.writeString(f, "2\nA B C\nx.jpg 1 -1 1\n\ny.jpg 1 -1\n");
        DatasetException e = assertThrows(DatasetException.class, () -> AttributeTable.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 5"), e.getMessage());
        assertTrue(e.getMessage().contains("3 values"), e.getMessage());
    }

    @Test
    void badHeaderReportsLineNumber() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> AttributeTable.parse("A B\nx.jpg 1 1\n", "f"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> AttributeTable.parse("1\n\nx.jpg 1\n", "f"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> AttributeTable.parse("", "f"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> AttributeTable.parse("2\nA\nx.jpg 1\nx.jpg -1\n", "f"));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("duplicate"), e.getMessage());
    }

    @Test
    void headerWithAFileColumnNameIsAccepted() {
        AttributeTable t = AttributeTable.parse("1\nimage_id Smiling Male\nx.jpg 1 -1\n", "f");
        assertEquals(List.of("Smiling", "Male"), t.names());
        assertTrue(t.has(0, "Smiling"));
    }
}
