package io.jyolo.eval;

import io.jyolo.data.Box;
import io.jyolo.predict.Detection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads and writes detections as one text file per image, the format most mAP tools share:
 * {@code <imageId>.txt} with one line per detection, {@code class score xmin ymin xmax ymax}
 * in original-image pixels, separated by whitespace. Blank lines and lines starting with
 * {@code #} are skipped. Any other line that does not fit is an error naming file and line.
 */
public final class DetectionFiles {

    /** File name extension of a detections file. */
    public static final String EXTENSION = ".txt";

    private DetectionFiles() {
    }

    /** Every {@code *.txt} of {@code dir}, keyed by file stem (the image id); class indices are -1. */
    public static SortedMap<String, List<Detection>> readFolder(Path dir) throws IOException {
        return readFolder(dir, List.of());
    }

    /**
     * Every {@code *.txt} of {@code dir}, keyed by file stem; a detection's class index is its
     * position in {@code classNames}, or -1 for a name not in it (evaluation goes by name).
     */
    public static SortedMap<String, List<Detection>> readFolder(Path dir, List<String> classNames) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "detections folder not found");
        }
        SortedMap<String, List<Detection>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(EXTENSION)).sorted().toList()) {
                String name = f.getFileName().toString();
                out.put(name.substring(0, name.length() - EXTENSION.length()), readFile(f, classNames));
            }
        }
        return out;
    }

    /** The detections of one file, in file order. */
    public static List<Detection> readFile(Path file, List<String> classNames) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Detection> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.add(parseLine(line, file, i + 1, classNames));
        }
        return out;
    }

    private static Detection parseLine(String line, Path file, int lineNo, List<String> classNames)
            throws DetectionFormatException {
        String[] t = line.split("\\s+");
        if (t.length != 6) {
            throw new DetectionFormatException(file, lineNo, "expected 6 fields 'class score xmin ymin xmax ymax', got "
                    + t.length + ": '" + line + "'");
        }
        float[] v = new float[5];
        String[] names = {"score", "xmin", "ymin", "xmax", "ymax"};
        for (int k = 0; k < 5; k++) {
            try {
                v[k] = Float.parseFloat(t[k + 1]);
            } catch (NumberFormatException e) {
                throw new DetectionFormatException(file, lineNo, names[k] + " is not a number: '" + t[k + 1] + "'");
            }
            if (!Float.isFinite(v[k])) {
                throw new DetectionFormatException(file, lineNo, names[k] + " is not finite: '" + t[k + 1] + "'");
            }
        }
        if (v[3] < v[1] || v[4] < v[2]) {
            throw new DetectionFormatException(file, lineNo, "box has xmax < xmin or ymax < ymin: '" + line + "'");
        }
        return new Detection(classNames.indexOf(t[0]), t[0], v[0], new Box(v[1], v[2], v[3], v[4]));
    }

    /**
     * Writes one file per image into {@code dir} (created if needed), replacing files of the same name;
     * an id of a dataset merged from several folders ({@code VOC2007/000005}) gets a sub-folder.
     */
    public static void writeFolder(Path dir, Map<String, List<Detection>> detections) throws IOException {
        Files.createDirectories(dir);
        for (var e : detections.entrySet()) {
            Path file = dir.resolve(e.getKey() + EXTENSION);
            Files.createDirectories(file.getParent());
            writeFile(file, e.getValue());
        }
    }

    /** Writes one image's detections, one line each. */
    public static void writeFile(Path file, List<Detection> detections) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Detection d : detections) {
                if (d.className() == null || d.className().isEmpty() || d.className().matches(".*\\s.*")) {
                    throw new IllegalArgumentException("class name '" + d.className()
                            + "' cannot be written to a whitespace-separated detections file");
                }
                Box b = d.box();
                w.write(d.className() + " " + num(d.score()) + " " + num(b.xmin()) + " " + num(b.ymin()) + " "
                        + num(b.xmax()) + " " + num(b.ymax()));
                w.newLine();
            }
        }
    }

    private static String num(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
