package io.jyolo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Guards the output folder: generation only writes into an absent or empty folder, and
 * clearing deletes only a folder whose every entry the generator could have written, so
 * a mistyped {@code --out} can never wipe unrelated files.
 */
final class SynthFolder {

    /** First line of the NOTICE.md every generated dataset carries. */
    static final String MARKER = "# jyolo synthetic shapes dataset";
    static final String NOTICE = "NOTICE.md";
    private static final Set<String> TOP = Set.of(NOTICE, "classes.txt", "JPEGImages", "Annotations", "ImageSets");
    private static final Pattern IMAGE = Pattern.compile("synth_\\d+\\.jpg");
    private static final Pattern ANNOTATION = Pattern.compile("synth_\\d+\\.xml");
    private static final Set<String> SPLITS = Set.of("train.txt", "val.txt", "test.txt", "trainval.txt");

    private SynthFolder() {
    }

    /** True when {@code dir} does not exist or is an empty folder. */
    static boolean isAbsentOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * Deletes the content of a folder made by the generator, keeping the folder itself.
     *
     * @throws IOException naming the first entry that the generator would not have written;
     *                     nothing is deleted in that case
     */
    static void clear(Path dir) throws IOException {
        if (isAbsentOrEmpty(dir)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + ": not a folder; will not replace it");
        }
        Path notice = dir.resolve(NOTICE);
        if (!Files.isRegularFile(notice, LinkOption.NOFOLLOW_LINKS) || !firstLine(notice).equals(MARKER)) {
            throw new IOException(dir + ": will not delete: it has no " + NOTICE + " written by the generator,"
                    + " so it does not look like a generated dataset (empty it yourself or choose another folder)");
        }
        List<Path> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        collect(dir, files, dirs);
        for (Path f : files) {
            Files.delete(f);
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Files.delete(dirs.get(i));
        }
    }

    private static void collect(Path dir, List<Path> files, List<Path> dirs) throws IOException {
        for (Path top : list(dir)) {
            String name = top.getFileName().toString();
            if (!TOP.contains(name)) {
                throw foreign(dir, top);
            }
            boolean isDir = Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS);
            switch (name) {
                case "JPEGImages" -> collectFlat(dir, top, IMAGE, files, dirs);
                case "Annotations" -> collectFlat(dir, top, ANNOTATION, files, dirs);
                case "ImageSets" -> {
                    if (!isDir) {
                        throw foreign(dir, top);
                    }
                    dirs.add(top);
                    for (Path sub : list(top)) {
                        if (!sub.getFileName().toString().equals("Main")) {
                            throw foreign(dir, sub);
                        }
                        collectFlat(dir, sub, null, files, dirs);
                    }
                }
                default -> {
                    if (!Files.isRegularFile(top, LinkOption.NOFOLLOW_LINKS)) {
                        throw foreign(dir, top);
                    }
                    files.add(top);
                }
            }
        }
    }

    /** A folder holding only regular files matching {@code pattern} (null: the split lists). */
    private static void collectFlat(Path root, Path folder, Pattern pattern, List<Path> files, List<Path> dirs)
            throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw foreign(root, folder);
        }
        dirs.add(folder);
        for (Path f : list(folder)) {
            String name = f.getFileName().toString();
            boolean expected = pattern == null ? SPLITS.contains(name) : pattern.matcher(name).matches();
            if (!expected || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw foreign(root, f);
            }
            files.add(f);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static IOException foreign(Path root, Path entry) {
        return new IOException(root + ": will not delete: '" + root.relativize(entry)
                + "' was not written by the generator (remove it yourself or choose another folder)");
    }

    private static String firstLine(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().orElse("").strip();
        }
    }
}
