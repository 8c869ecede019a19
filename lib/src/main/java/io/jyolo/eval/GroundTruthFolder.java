package io.jyolo.eval;

import io.jyolo.data.VocObject;
import io.jyolo.data.VocXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a folder of VOC XML annotations as evaluation ground truth, keyed by file stem so that
 * detections files pair with annotations by name (never by position or the XML's filename field).
 */
public final class GroundTruthFolder {

    private GroundTruthFolder() {
    }

    /** Objects of every {@code *.xml} in {@code dir} (not recursive), keyed by file stem. */
    public static SortedMap<String, List<VocObject>> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "ground-truth folder not found");
        }
        SortedMap<String, List<VocObject>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList()) {
                String name = f.getFileName().toString();
                out.put(name.substring(0, name.length() - ".xml".length()), VocXml.read(f).objects());
            }
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": no .xml annotation files");
        }
        return out;
    }
}
