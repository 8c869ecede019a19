package io.jyolo.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader and writer of class-list files ({@code classes.txt} in a dataset or a run folder,
 * {@code evaluate --classes}): one class name per line, index = order of the names.
 *
 * <p>There used to be three readers that disagreed (one stripped a byte-order mark, one skipped
 * {@code #} comments, one accepted duplicate names), so the same file could give different class
 * indices in training and in detection. The rules now, everywhere: a UTF-8 byte-order mark is
 * dropped (editors on Windows write one), surrounding white space is stripped, blank lines and lines
 * starting with {@code #} are skipped, and a name that appears twice is an error naming both lines
 * (a duplicate would shift every later index).
 */
public final class ClassFile {

    /** The file name in a dataset folder and in a run folder. */
    public static final String NAME = "classes.txt";

    private ClassFile() {
    }

    /** The class names of {@code file}; a missing, empty or duplicated list is one line naming the file. */
    public static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": class list not found (one class name per line)");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            name = name.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Integer first = lineOf.putIfAbsent(name, i + 1);
            if (first != null) {
                throw new IOException(file + ": class '" + name + "' appears twice (lines " + first + " and "
                        + (i + 1) + ")");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IOException(file + ": class list is empty (one class name per line)");
        }
        return List.copyOf(names);
    }

    /** Writes {@code names}, one a line, creating parent folders. */
    public static void write(Path file, List<String> names) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, names, StandardCharsets.UTF_8);
    }
}
