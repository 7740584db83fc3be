package dev.latentlab.ui.widgets;

import java.nio.file.Path;
import javafx.scene.control.Label;

/**
 * "read by classifier-faces": the reader that produced a figure, shown beside it wherever the app
 * shows a reader's figure, since readers disagree (docs/readers.md) and a figure without its
 * reader cannot be weighed. Empty while there is no reader.
 */
public final class ReaderLabel extends Label {
    public ReaderLabel() {
        getStyleClass().add("reader-name");
        setMinWidth(USE_PREF_SIZE);
    }

    /** The words for a reader's folder (its name, as the models folder lists it). */
    public static String words(Path reader) {
        return "read by " + name(reader);
    }

    /** A reader's name: its folder's name. */
    public static String name(Path reader) {
        Path f = reader.getFileName();
        return f == null ? reader.toString() : f.toString();
    }

    /** Names the reader, or shows nothing for {@code null}. */
    public void setReader(Path reader) {
        setText(reader == null ? "" : words(reader));
    }

    /** Names a reader by its name. */
    public void setReaderName(String name) {
        setText(name == null || name.isEmpty() ? "" : "read by " + name);
    }
}
