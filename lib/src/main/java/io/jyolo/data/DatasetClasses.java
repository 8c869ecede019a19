package io.jyolo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Decides the class list of one or more dataset folders, so that nobody has to write
 * {@code classes.txt} by hand and folders trained together agree on every class index.
 *
 * <p>A folder <em>declares</em> classes with its {@code classes.txt}, or, being an official VOC
 * folder without one, with the 20 standard VOC classes. The rules, in order: classes given by the
 * caller win; else a class file given by the caller; else the declared lists, which must all be
 * equal (a folder that declares none adopts them); else, when no folder declares any, every class
 * name in the annotations of all folders, sorted (the whole folder is read, not one split, so train
 * and val get the same indices).
 */
final class DatasetClasses {

    private DatasetClasses() {
    }

    static ClassList resolve(List<Path> roots, Path classesFile, List<String> given) throws IOException {
        if (given != null) {
            return new ClassList(given, ClassSource.GIVEN, "the caller");
        }
        if (classesFile != null) {
            return new ClassList(ClassFile.read(classesFile), ClassSource.CLASS_FILE, classesFile.toString());
        }
        ClassList chosen = null;
        for (Path root : roots) {
            ClassList declared = declared(root);
            if (declared == null) {
                continue;
            }
            if (chosen == null) {
                chosen = declared;
            } else if (!chosen.names().equals(declared.names())) {
                throw new IOException("the folders disagree on their classes: " + chosen.origin() + " has "
                        + chosen.names() + ", " + declared.origin() + " has " + declared.names()
                        + "; give them the same " + ClassFile.NAME);
            }
        }
        return chosen != null ? chosen : fromAnnotations(roots);
    }

    /** The folder's own class list: its class file, the standard VOC list, or null. */
    static ClassList declared(Path root) throws IOException {
        Path file = root.resolve(ClassFile.NAME);
        if (Files.exists(file)) {
            return new ClassList(ClassFile.read(file), ClassSource.CLASS_FILE, file.toString());
        }
        if (VocClasses.isOfficialFolder(root)) {
            return new ClassList(VocClasses.STANDARD, ClassSource.VOC_STANDARD, root.toString());
        }
        return null;
    }

    /** Every object name in the readable annotations of {@code roots}, sorted. */
    static ClassList fromAnnotations(List<Path> roots) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Path root : roots) {
            for (Path xml : annotationFiles(root)) {
                try {
                    VocXml.read(xml).objects().forEach(o -> names.add(o.name()));
                } catch (VocFormatException e) {
                    // reported (and skipped) as a malformed annotation when the samples are read
                }
            }
        }
        String origin = String.join(" and ", roots.stream().map(Path::toString).toList());
        if (names.isEmpty()) {
            throw new IOException(origin + ": no " + ClassFile.NAME + " and no class name in the annotations"
                    + " (write one class name per line into " + ClassFile.NAME + ")");
        }
        return new ClassList(new ArrayList<>(names), ClassSource.ANNOTATIONS, origin);
    }

    private static List<Path> annotationFiles(Path root) throws IOException {
        Path dir = root.resolve("Annotations");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml"))
                    .sorted().toList();
        }
    }
}
