package io.jyolo.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * One split list {@code ImageSets/Main/<split>.txt} as read, after the documented fallback.
 *
 * <p>Fallback: a missing {@code test} list is replaced by {@code val} with a note, because VOC 2012
 * ships no test list while evaluation and notebooks 05 to 07 default to {@code test}; any other
 * missing list is an error naming the file and the lists that exist. The first token of a line is
 * the id (the devkit's per-class lists add a label after it); an id listed twice is used once and
 * reported in {@link #duplicates()}.
 *
 * @param requested  the split asked for
 * @param used       the split read ({@code val} after the fallback, else {@code requested})
 * @param file       the list file read
 * @param ids        the ids in list order, each once
 * @param duplicates ids that appear more than once (each named once)
 * @param note       why {@code used} differs from {@code requested}, or null
 */
public record SplitList(String requested, String used, Path file, List<String> ids, List<String> duplicates,
                        String note) {

    /** The split a missing {@code test} list falls back to. */
    public static final String TEST = "test";
    /** The split used instead of a missing {@code test}. */
    public static final String FALLBACK = "val";

    public SplitList {
        ids = List.copyOf(ids);
        duplicates = List.copyOf(duplicates);
    }

    /** True when the fallback replaced the requested split. */
    public boolean fellBack() {
        return note != null;
    }

    /** Reads {@code split} of the VOC folder {@code root}, falling back from test to val. */
    public static SplitList read(Path root, String split) throws IOException {
        Path main = root.resolve("ImageSets").resolve("Main");
        Path file = main.resolve(split + ".txt");
        if (Files.isRegularFile(file)) {
            return parse(split, split, file, null);
        }
        Path fallback = main.resolve(FALLBACK + ".txt");
        if (split.equals(TEST) && Files.isRegularFile(fallback)) {
            return parse(split, FALLBACK, fallback, root + " has no " + TEST + " split (" + file
                    + " is missing, as in VOC 2012): using " + FALLBACK + " instead");
        }
        List<String> available = available(root);
        throw new IOException(file + ": split list missing; available splits: "
                + (available.isEmpty() ? "none" : String.join(", ", available)));
    }

    /** The split names of {@code root}'s {@code ImageSets/Main/*.txt}, sorted. */
    public static List<String> available(Path root) throws IOException {
        Path main = root.resolve("ImageSets").resolve("Main");
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(main)) {
            try (Stream<Path> s = Files.list(main)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
                        .map(n -> n.substring(0, n.length() - 4)).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static SplitList parse(String requested, String used, Path file, String note) throws IOException {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        LinkedHashSet<String> duplicates = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !ids.add(t.split("\\s+")[0])) {
                duplicates.add(t.split("\\s+")[0]);
            }
        }
        return new SplitList(requested, used, file, new ArrayList<>(ids), new ArrayList<>(duplicates), note);
    }
}
