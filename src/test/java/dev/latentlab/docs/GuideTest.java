package dev.latentlab.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README is a short guide whose links, and the docs' links, reach real files. */
class GuideTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final int MAX_README_LINES = 300;
    /** A markdown link or image target: ](target) or ](target#anchor). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");

    @Test
    void readmeIsAGuideOfAtMost300Lines() throws IOException {
        List<String> lines = Files.readAllLines(README);
        assertTrue(lines.size() <= MAX_README_LINES, "README.md has " + lines.size() + " lines");
    }

    @Test
    void readmeKeepsTheTwoCommandsTable() throws IOException {
        String text = Files.readString(README);
        assertTrue(text.contains("| run the app with the shipped default model (faces64) | `mvn -q javafx:run` |"));
        assertTrue(text.contains("| run the whole test suite (headless) | `mvn -q verify` |"));
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsReachesAFile() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.isEmpty() || target.contains("://")) {
                    continue;
                }
                if (!Files.exists(page.toAbsolutePath().getParent().resolve(target))) {
                    broken.add(page + " → " + target);
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
