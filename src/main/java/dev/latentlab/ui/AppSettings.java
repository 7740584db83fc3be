package dev.latentlab.ui;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The window's size and position, the last model and recently opened ones: settings.json. */
public final class AppSettings {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    static final int RECENT = 8;

    public Double x;
    public Double y;
    public double width = 1280;
    public double height = 820;
    public boolean maximized;
    public String lastModel;
    public List<String> recent = new ArrayList<>();
    /**
     * The reader kind ("faces", "digits") the user chose for a model file that does not record its data,
     * by the file's absolute path: the app's "Read with the face readers" (see eval.ReaderMatch).
     */
    public java.util.Map<String, String> readers = new java.util.LinkedHashMap<>();

    /** Reads the file; a missing or unreadable file gives defaults (settings are never worth an error). */
    public static AppSettings load(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                AppSettings s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), AppSettings.class);
                if (s != null) {
                    if (s.recent == null) {
                        s.recent = new ArrayList<>();
                    }
                    if (s.readers == null) {
                        s.readers = new java.util.LinkedHashMap<>();
                    }
                    s.width = s.width < 400 ? 1280 : s.width;
                    s.height = s.height < 300 ? 820 : s.height;
                    return s;
                }
            }
        } catch (IOException | JsonParseException e) {
            System.err.println("LatentLab: ignoring unreadable " + file + ": " + e.getMessage());
        }
        return new AppSettings();
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, GSON.toJson(this));
        } catch (IOException e) {
            System.err.println("LatentLab: could not save " + file + ": " + e.getMessage());
        }
    }

    /** Moves a model to the front of the recent list. */
    public void opened(Path model) {
        String p = model.toAbsolutePath().normalize().toString();
        lastModel = p;
        recent.remove(p);
        recent.add(0, p);
        while (recent.size() > RECENT) {
            recent.remove(recent.size() - 1);
        }
    }
}
