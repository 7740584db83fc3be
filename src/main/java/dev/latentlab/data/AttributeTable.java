package dev.latentlab.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binary per-image attributes in CelebA's {@code list_attr_celeba.txt} format:
 *
 * <pre>
 * 202599
 * 5_o_Clock_Shadow Arched_Eyebrows Attractive ...
 * 000001.jpg -1  1  1 ...
 * </pre>
 *
 * Line 1 is the row count, line 2 the attribute names, then one row per file: the file name and
 * one value per attribute, 1 (has it) or -1 (has not); 0 is read as "has not". Fields are
 * separated by any run of whitespace. Immutable.
 */
public final class AttributeTable {
    private static final Pattern WS = Pattern.compile("\\s+");

    private final List<String> names;
    private final Map<String, Integer> nameIndex;
    private final List<String> fileNames;
    private final byte[] values; // rows × names.size(), each 1, 0 or -1
    private final int declaredRows;
    private volatile Map<String, Integer> rowByFile; // built lazily
    private volatile Map<String, Integer> rowByBaseName; // only unique base names

    /**
     * @param names     attribute names (distinct)
     * @param fileNames one file name per row
     * @param values    row-major, {@code fileNames.size() × names.size()} values, positive = has it
     */
    public AttributeTable(List<String> names, List<String> fileNames, byte[] values) {
        this(names, fileNames, values, -1);
    }

    private AttributeTable(List<String> names, List<String> fileNames, byte[] values, int declaredRows) {
        this.declaredRows = declaredRows;
        this.names = List.copyOf(names);
        this.fileNames = List.copyOf(fileNames);
        if (values.length != (long) this.names.size() * this.fileNames.size()) {
            throw new IllegalArgumentException(values.length + " values for " + this.fileNames.size()
                    + " rows × " + this.names.size() + " attributes");
        }
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            if (idx.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate attribute name " + this.names.get(i));
            }
        }
        this.nameIndex = idx;
        this.values = values;
    }

    /** Reads a table from a file (UTF-8 or ASCII). Bad format → {@link DatasetException} with the line number. */
    public static AttributeTable read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new DatasetException("Cannot read attribute file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a table from text; {@code source} names it in error messages. */
    public static AttributeTable parse(String text, String source) {
        try {
            return parse(new StringReader(text), source);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static AttributeTable parse(Reader reader, String source) throws IOException {
        BufferedReader r = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
        int lineNo = 0;
        String line = r.readLine();
        lineNo++;
        if (line == null) {
            throw bad(source, 1, "file is empty (expected the number of rows on line 1)");
        }
        line = stripBom(line).trim();
        int declared;
        try {
            declared = Integer.parseInt(line);
        } catch (NumberFormatException e) {
            throw bad(source, 1, "expected the number of rows, found \"" + abbreviate(line) + "\"");
        }
        if (declared < 0) {
            throw bad(source, 1, "negative row count " + declared);
        }
        String header = r.readLine();
        lineNo++;
        if (header == null || header.isBlank()) {
            throw bad(source, 2, "expected the attribute names on line 2");
        }
        List<String> names = new ArrayList<>(List.of(WS.split(header.trim())));
        List<String> files = new ArrayList<>(Math.min(declared, 1 << 20));
        ByteList vals = new ByteList(Math.min(declared, 1 << 20) * names.size());
        Set<String> seen = new HashSet<>();
        String row;
        boolean first = true;
        while ((row = r.readLine()) != null) {
            lineNo++;
            String t = row.trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] f = WS.split(t);
            if (first && f.length == names.size() && names.size() > 1
                    && names.get(0).toLowerCase(java.util.Locale.ROOT).matches(".*(image|file|name|id).*")) {
                // header line also names the file column (e.g. "image_id Attr1 Attr2 ..."): drop it
                names.remove(0);
            }
            first = false;
            if (f.length != names.size() + 1) {
                throw bad(source, lineNo, "expected a file name and " + names.size() + " values, found "
                        + (f.length - 1) + " values");
            }
            if (!seen.add(f[0])) {
                throw bad(source, lineNo, "duplicate file name " + f[0]);
            }
            files.add(f[0]);
            for (int i = 1; i < f.length; i++) {
                switch (f[i]) {
                    case "1", "+1" -> vals.add((byte) 1);
                    case "-1" -> vals.add((byte) -1);
                    case "0" -> vals.add((byte) 0);
                    default -> throw bad(source, lineNo, "value for " + names.get(i - 1) + " must be 1 or -1, found \""
                            + abbreviate(f[i]) + "\"");
                }
            }
        }
        Set<String> distinct = new HashSet<>();
        for (String n : names) {
            if (!distinct.add(n)) {
                throw bad(source, 2, "duplicate attribute name " + n);
            }
        }
        return new AttributeTable(names, files, vals.toArray(), declared);
    }

    /** The row count written on line 1 of the file this was read from, or -1 if not read from a file. */
    public int declaredRows() {
        return declaredRows;
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static DatasetException bad(String source, int line, String what) {
        return new DatasetException("Bad attribute file " + source + ", line " + line + ": " + what);
    }

    /** Writes the table in the same format (CelebA style, values as " 1"/"-1"). */
    public void write(Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Integer.toString(size()));
            w.write('\n');
            w.write(String.join(" ", names));
            w.write('\n');
            int k = names.size();
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < fileNames.size(); r++) {
                sb.setLength(0);
                sb.append(fileNames.get(r));
                for (int c = 0; c < k; c++) {
                    sb.append(values[r * k + c] > 0 ? "  1" : " -1");
                }
                sb.append('\n');
                w.write(sb.toString());
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot write attribute file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Attribute names in column order. */
    public List<String> names() {
        return names;
    }

    /** Number of rows. */
    public int size() {
        return fileNames.size();
    }

    /** Column of {@code attr}, or -1 if there is no such attribute. */
    public int index(String attr) {
        Integer i = nameIndex.get(attr);
        return i == null ? -1 : i;
    }

    /** Whether row {@code row} has attribute {@code attr} (value 1). Unknown attribute → IllegalArgumentException. */
    public boolean has(int row, String attr) {
        int c = index(attr);
        if (c < 0) {
            throw new IllegalArgumentException("no attribute named " + attr + " (have " + names + ")");
        }
        return has(row, c);
    }

    public boolean has(int row, int attrIndex) {
        return value(row, attrIndex) > 0;
    }

    /** Raw value: 1, -1 (or 0). */
    public int value(int row, int attrIndex) {
        Objects.checkIndex(row, fileNames.size());
        Objects.checkIndex(attrIndex, names.size());
        return values[row * names.size() + attrIndex];
    }

    /** The file name of a row, as written in the file. */
    public String fileName(int row) {
        return fileNames.get(row);
    }

    /** Number of rows that have {@code attr}. */
    public int count(String attr) {
        int c = index(attr);
        if (c < 0) {
            throw new IllegalArgumentException("no attribute named " + attr);
        }
        int n = 0;
        for (int r = 0; r < size(); r++) {
            n += values[r * names.size() + c] > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The row for a file name: an exact match of the name as written in the file, or else a match
     * of base names (the part after the last '/' or '\'), if that base name is unique.
     */
    public OptionalInt row(String fileName) {
        Map<String, Integer> exact = rowByFile;
        Map<String, Integer> base = rowByBaseName;
        if (exact == null || base == null) {
            exact = new HashMap<>();
            base = new HashMap<>();
            Set<String> dup = new HashSet<>();
            for (int r = 0; r < fileNames.size(); r++) {
                exact.put(fileNames.get(r), r);
                String b = baseName(fileNames.get(r));
                if (base.put(b, r) != null) {
                    dup.add(b);
                }
            }
            base.keySet().removeAll(dup);
            rowByFile = exact;
            rowByBaseName = base;
        }
        Integer r = exact.get(fileName);
        if (r == null) {
            r = base.get(baseName(fileName));
        }
        return r == null ? OptionalInt.empty() : OptionalInt.of(r);
    }

    static String baseName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i < 0 ? path : path.substring(i + 1);
    }

    /** A table whose row i is row {@code rows[i]} of this one (a negative entry gives a row of all -1). */
    public AttributeTable select(int[] rows) {
        return select(rows, null);
    }

    /** Like {@link #select(int[])}, naming row i {@code namesForRows.get(i)} when that list is given. */
    AttributeTable select(int[] rows, List<String> namesForRows) {
        int k = names.size();
        byte[] v = new byte[rows.length * k];
        List<String> files = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0) {
                java.util.Arrays.fill(v, i * k, (i + 1) * k, (byte) -1);
                files.add(namesForRows != null ? namesForRows.get(i) : "?");
            } else {
                System.arraycopy(values, Objects.checkIndex(r, size()) * k, v, i * k, k);
                files.add(namesForRows != null ? namesForRows.get(i) : fileNames.get(r));
            }
        }
        return new AttributeTable(names, files, v);
    }

    /** All file names, in row order (unmodifiable). */
    public List<String> fileNames() {
        return Collections.unmodifiableList(fileNames);
    }

    private static final class ByteList {
        private byte[] a;
        private int n;

        ByteList(int cap) {
            a = new byte[Math.max(16, cap)];
        }

        void add(byte b) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = b;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
