package io.jyolo.data;

import java.awt.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A PASCAL VOC folder opened once and checked: every image paired with its annotation, every
 * object resolved to a known class and a valid box.
 *
 * <p>Layout: {@code JPEGImages/} (JPEG or PNG, any of {@code .jpg .jpeg .png .bmp}, read by
 * content), {@code Annotations/*.xml}, an optional class file ({@code classes.txt}, read by
 * {@link ClassFile}) and optional split lists {@code ImageSets/Main/<split>.txt} (read by
 * {@link SplitList}, which also documents the {@code test} to {@code val} fallback). Without a class
 * file the classes come from {@link DatasetClasses}: the standard 20 for an official VOC folder,
 * else the annotations' class names, sorted; {@link #classList()} says which, and
 * {@link #notes()} carries one line for each such decision, for front ends to print.
 *
 * <p>Several folders open as one dataset ({@link #builder(List)}): they must agree on their
 * classes, and each sample id is prefixed with its folder's name ({@code VOC2007/000005}), so the
 * same id in two folders (VOC 2007 and 2012 share none, other sets do) never clashes.
 *
 * <p>Images and annotations are paired by file <em>stem</em> (the PyTorch original paired them by sorted
 * index). The XML's {@code <filename>} is never used to find a file, so one that differs in case or
 * extension, or even points outside the folder, changes nothing.
 *
 * <p>Policy for imperfect data (each case is a {@link DatasetSkip}, counted and logged):
 * <ul>
 *   <li>image without XML, XML without image, split entry with neither, malformed XML, unreadable
 *       image header (only read when the XML has no usable {@code <size>}): the image is skipped;
 *       in {@code strict} mode these are errors naming the file;</li>
 *   <li>objects of a class not in the class list: skipped (also in strict mode, so a class file
 *       listing a subset of classes trains on that subset);</li>
 *   <li>boxes are clipped to the image (counted by {@link #clippedBoxes()}); a box with zero area
 *       or inverted corners after clipping is skipped, not swapped (swapping would guess at a typo);</li>
 *   <li>a missing or 0x0 {@code <size>} is replaced by the real image size read from the header;</li>
 *   <li>images with no remaining objects are valid samples (an all-background target).</li>
 * </ul>
 * Coordinates are kept as floats, as written (VOC's 1-based pixel indices are not shifted).
 */
public final class VocDataset {

    private static final System.Logger LOG = System.getLogger(VocDataset.class.getName());
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private final List<Path> roots;
    private final String split;
    private final ClassList classList;
    private final Map<String, Integer> classIndex;
    private final List<Sample> samples;
    private final List<DatasetSkip> skipped;
    private final int clippedBoxes;
    private final boolean strict;
    private final List<String> notes;

    private VocDataset(List<Path> roots, String split, ClassList classList, List<Sample> samples,
                       List<DatasetSkip> skipped, int clippedBoxes, boolean strict, List<String> notes) {
        this.roots = List.copyOf(roots);
        this.split = split;
        this.classList = classList;
        this.notes = List.copyOf(notes);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < classList.names().size(); i++) {
            idx.put(classList.names().get(i), i);
        }
        this.classIndex = Collections.unmodifiableMap(idx);
        this.samples = List.copyOf(samples);
        this.skipped = List.copyOf(skipped);
        this.clippedBoxes = clippedBoxes;
        this.strict = strict;
    }

    /** Opens {@code root}; {@code split} names a list in ImageSets/Main, or null for all. */
    public static VocDataset open(Path root, String split) throws IOException {
        return builder(root).split(split).build();
    }

    /** Opens several folders as one dataset (see the class comment). */
    public static VocDataset open(List<Path> roots, String split) throws IOException {
        return builder(roots).split(split).build();
    }

    /** A builder for the less common options (class file, explicit classes, strict mode). */
    public static Builder builder(Path root) {
        return new Builder(List.of(root));
    }

    /** A builder for one dataset made of several folders. */
    public static Builder builder(List<Path> roots) {
        return new Builder(roots);
    }

    /** The (first) dataset folder. */
    public Path root() {
        return roots.get(0);
    }

    /** Every folder of the dataset, in the order given. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * The split read, or null when the dataset holds every paired image; {@code val} when a missing
     * {@code test} fell back to it ({@link #notes()} says so), {@code test+val} when folders differed.
     */
    public String split() {
        return split;
    }

    /** Class names, index = position. */
    public List<String> classes() {
        return classList.names();
    }

    /** The class names and where they came from. */
    public ClassList classList() {
        return classList;
    }

    /**
     * One line for each decision taken while opening that a user should read: classes derived or
     * recognised, a split that fell back, annotations naming unknown classes, folders merged.
     */
    public List<String> notes() {
        return notes;
    }

    /** Index of {@code name} in {@link #classes()}, or -1. */
    public int classIndex(String name) {
        return classIndex.getOrDefault(name, -1);
    }

    /** The samples, in split-list order, or sorted by id when there is no split. */
    public List<Sample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public Sample get(int i) {
        return samples.get(i);
    }

    /** True when file-level problems were errors rather than skips. */
    public boolean strict() {
        return strict;
    }

    /** Everything left out while opening, in discovery order. */
    public List<DatasetSkip> skipped() {
        return skipped;
    }

    /** Number of skips of {@code kind}. */
    public int skipCount(DatasetSkip.Kind kind) {
        return (int) skipped.stream().filter(s -> s.kind() == kind).count();
    }

    /** Skip counts by kind (every kind present, zero included). */
    public Map<DatasetSkip.Kind, Integer> skipCounts() {
        Map<DatasetSkip.Kind, Integer> m = new EnumMap<>(DatasetSkip.Kind.class);
        for (DatasetSkip.Kind k : DatasetSkip.Kind.values()) {
            m.put(k, 0);
        }
        for (DatasetSkip s : skipped) {
            m.merge(s.kind(), 1, Integer::sum);
        }
        return m;
    }

    /** Boxes that reached outside the image and were clipped (kept, not skipped). */
    public int clippedBoxes() {
        return clippedBoxes;
    }

    /** Kept objects over all samples. */
    public int objectCount() {
        return samples.stream().mapToInt(s -> s.objects().size()).sum();
    }

    /** The first {@code n} samples (same classes and skip record): for overfitting and smoke tests. */
    public VocDataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        return new VocDataset(roots, split, classList, samples.subList(0, Math.min(n, samples.size())),
                skipped, clippedBoxes, strict, notes);
    }

    @Override
    public String toString() {
        return "VocDataset[" + (roots.size() == 1 ? roots.get(0) : roots) + (split == null ? "" : " split=" + split) + ", " + samples.size()
                + " images, " + objectCount() + " objects, " + classList.names().size() + " classes, "
                + skipped.size() + " skips]";
    }

    /** Options for opening a dataset. */
    public static final class Builder {
        private final List<Path> roots;
        private String split;
        private Path classesFile;
        private List<String> classes;
        private boolean strict;

        private Builder(List<Path> roots) {
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("no dataset folder given");
            }
            this.roots = List.copyOf(roots);
        }

        /**
         * Split list name in ImageSets/Main (without .txt), or null (default) for every paired image;
         * a missing {@code test} falls back to {@code val} (see {@link SplitList}).
         */
        public Builder split(String split) {
            this.split = split;
            return this;
        }

        /** Class file for every folder, instead of each folder's own (see {@link DatasetClasses}). */
        public Builder classesFile(Path classesFile) {
            this.classesFile = classesFile;
            return this;
        }

        /** Explicit class names (instead of a class file). */
        public Builder classes(List<String> classes) {
            this.classes = List.copyOf(classes);
            return this;
        }

        /** Make file-level problems (missing pair, malformed XML, unreadable image) errors. Default false. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public VocDataset build() throws IOException {
            List<Path> dirs = new ArrayList<>();
            for (Path r : roots) {
                Path root = r.toAbsolutePath().normalize();
                if (!Files.isDirectory(root)) {
                    throw new IOException(root + ": dataset folder does not exist");
                }
                requireDir(root.resolve("JPEGImages"));
                requireDir(root.resolve("Annotations"));
                if (dirs.contains(root)) {
                    throw new IOException(root + ": dataset folder given twice");
                }
                dirs.add(root);
            }
            ClassList classList = DatasetClasses.resolve(dirs, classesFile, classes);
            List<VocDataset> parts = new ArrayList<>();
            for (Path root : dirs) {
                parts.add(new Loader(this, root, classList).load());
            }
            VocDataset ds = parts.size() == 1 ? parts.get(0) : merge(parts);
            log(ds);
            return ds;
        }

        /** The folders as one dataset, ids prefixed with the folder name (or its position when names repeat). */
        private VocDataset merge(List<VocDataset> parts) {
            List<Path> dirs = parts.stream().map(VocDataset::root).toList();
            Set<String> names = new HashSet<>();
            boolean unique = dirs.stream().allMatch(d -> names.add(d.getFileName().toString()));
            List<Sample> samples = new ArrayList<>();
            List<DatasetSkip> skips = new ArrayList<>();
            Set<String> notes = new LinkedHashSet<>();
            Set<String> splits = new LinkedHashSet<>();
            int clipped = 0;
            StringBuilder counts = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                VocDataset p = parts.get(i);
                String label = unique ? dirs.get(i).getFileName().toString() : (i + 1) + "-" + dirs.get(i).getFileName();
                for (Sample s : p.samples()) {
                    samples.add(new Sample(label + "/" + s.id(), s.imagePath(), s.annotation(), s.objects()));
                }
                skips.addAll(p.skipped());
                notes.addAll(p.notes());
                splits.add(String.valueOf(p.split()));
                clipped += p.clippedBoxes();
                counts.append(i == 0 ? "" : " + ").append(label).append(' ').append(p.size());
            }
            notes.add(parts.size() + " folders merged into " + samples.size() + " images (" + counts
                    + "); ids are prefixed with the folder");
            String split = parts.get(0).split() == null ? null : String.join("+", splits);
            return new VocDataset(dirs, split, parts.get(0).classList(), samples, skips, clipped, strict,
                    new ArrayList<>(notes));
        }

        private static void log(VocDataset ds) {
            ds.notes().forEach(n -> LOG.log(System.Logger.Level.DEBUG, () -> "note: " + n));
            if (ds.skipped().isEmpty()) {
                LOG.log(System.Logger.Level.INFO, () -> ds.toString());
                return;
            }
            Map<DatasetSkip.Kind, List<DatasetSkip>> byKind = new TreeMap<>();
            for (DatasetSkip s : ds.skipped()) {
                byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s);
            }
            StringBuilder sb = new StringBuilder(ds.toString()).append(": skipped");
            byKind.forEach((k, list) -> {
                sb.append("\n  ").append(k).append(" x").append(list.size());
                list.stream().limit(3).forEach(s -> sb.append("\n    ").append(s.file()).append(": ").append(s.detail()));
            });
            LOG.log(System.Logger.Level.WARNING, sb.toString());
        }

        private static void requireDir(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + ": folder missing (expected the VOC layout JPEGImages/ + Annotations/)");
            }
        }
    }

    /** One opening pass over one folder. */
    private static final class Loader {
        private final Builder b;
        private final Path root;
        private final ClassList classList;
        private final List<DatasetSkip> skips = new ArrayList<>();
        private final Map<String, Integer> unknownObjects = new TreeMap<>();
        private final List<String> notes = new ArrayList<>();
        private int clipped;

        Loader(Builder b, Path root, ClassList classList) {
            this.b = b;
            this.root = root;
            this.classList = classList;
        }

        VocDataset load() throws IOException {
            Path imageDir = root.resolve("JPEGImages");
            Path annDir = root.resolve("Annotations");
            List<String> classes = classList.names();
            Set<String> classSet = new LinkedHashSet<>(classes);
            if (classList.source() == ClassSource.ANNOTATIONS || classList.source() == ClassSource.VOC_STANDARD) {
                notes.add(classList.describe());
            }

            Map<String, Path> images = listImages(imageDir);
            Map<String, Path> xmls = listByExtension(annDir, Set.of("xml"));
            List<String> ids;
            String split = b.split;
            if (b.split == null) {
                TreeSet<String> all = new TreeSet<>(images.keySet());
                all.addAll(xmls.keySet());
                ids = new ArrayList<>(all);
            } else {
                SplitList list = SplitList.read(root, b.split);
                ids = list.ids();
                split = list.used();
                if (list.fellBack()) {
                    notes.add(list.note());
                }
            }

            List<Sample> samples = new ArrayList<>();
            for (String id : ids) {
                Path image = images.get(id);
                Path xml = xmls.get(id);
                if (image == null && xml == null) {
                    fileProblem(DatasetSkip.Kind.LISTED_WITHOUT_FILES, id,
                            "listed in split '" + split + "' but neither JPEGImages/" + id + ".* nor Annotations/"
                                    + id + ".xml exists");
                    continue;
                }
                if (xml == null) {
                    fileProblem(DatasetSkip.Kind.IMAGE_WITHOUT_ANNOTATION, image.toString(),
                            "no annotation Annotations/" + id + ".xml");
                    continue;
                }
                if (image == null) {
                    fileProblem(DatasetSkip.Kind.ANNOTATION_WITHOUT_IMAGE, xml.toString(),
                            "no image JPEGImages/" + id + ".{jpg,jpeg,png,bmp}");
                    continue;
                }
                Sample s = sample(id, image, xml, classSet);
                if (s != null) {
                    samples.add(s);
                }
            }
            if (!unknownObjects.isEmpty()) {
                notes.add(new ClassMismatch(root, classList.origin(), unknownObjects).message());
            }
            return new VocDataset(List.of(root), split, classList, samples, skips, clipped, b.strict, notes);
        }

        private Sample sample(String id, Path image, Path xml, Set<String> classSet) throws IOException {
            VocAnnotation ann;
            try {
                ann = VocXml.read(xml);
            } catch (VocFormatException e) {
                fileProblem(DatasetSkip.Kind.MALFORMED_ANNOTATION, xml.toString(), e.getMessage());
                return null;
            }
            int width = ann.width();
            int height = ann.height();
            if (width <= 0 || height <= 0) {
                try {
                    Dimension d = ImageReading.size(image);
                    width = d.width;
                    height = d.height;
                } catch (IOException e) {
                    fileProblem(DatasetSkip.Kind.UNREADABLE_IMAGE, image.toString(),
                            "annotation has no usable <size> and the image header cannot be read: " + e.getMessage());
                    return null;
                }
            }
            List<VocObject> kept = new ArrayList<>();
            for (VocObject o : ann.objects()) {
                if (!classSet.contains(o.name())) {
                    unknownObjects.merge(o.name(), 1, Integer::sum);
                    skip(DatasetSkip.Kind.UNKNOWN_CLASS, xml.toString(), "class '" + o.name() + "' is not in the class list");
                    continue;
                }
                Box raw = o.box();
                Box box = raw.clip(width, height);
                if (!(box.xmax() > box.xmin() && box.ymax() > box.ymin())) {
                    String why = raw.xmax() < raw.xmin() || raw.ymax() < raw.ymin() ? "inverted"
                            : raw.xmax() == raw.xmin() || raw.ymax() == raw.ymin() ? "zero area" : "outside the image";
                    skip(DatasetSkip.Kind.BAD_BOX, xml.toString(), String.format(Locale.ROOT,
                            "%s box of '%s' (%s,%s)-(%s,%s) in a %dx%d image", why, o.name(),
                            raw.xmin(), raw.ymin(), raw.xmax(), raw.ymax(), width, height));
                    continue;
                }
                if (!box.equals(raw)) {
                    clipped++;
                }
                kept.add(new VocObject(o.name(), box, o.difficult(), o.truncated()));
            }
            VocAnnotation resolved = new VocAnnotation(ann.filename(), width, height, ann.depth(), ann.objects());
            return new Sample(id, image, resolved, kept);
        }

        private void fileProblem(DatasetSkip.Kind kind, String file, String detail) throws IOException {
            if (b.strict) {
                throw new IOException(file + ": " + detail + " (strict mode)");
            }
            skip(kind, file, detail);
        }

        private void skip(DatasetSkip.Kind kind, String file, String detail) {
            skips.add(new DatasetSkip(kind, file, detail));
            LOG.log(System.Logger.Level.DEBUG, () -> "skip " + kind + " " + file + ": " + detail);
        }

        private Map<String, Path> listImages(Path dir) throws IOException {
            Map<String, List<Path>> byStem = new TreeMap<>();
            for (Path p : sortedFiles(dir)) {
                String name = p.getFileName().toString();
                if (IMAGE_EXTENSIONS.contains(extension(name))) {
                    byStem.computeIfAbsent(stem(name), k -> new ArrayList<>()).add(p);
                }
            }
            Map<String, Path> out = new LinkedHashMap<>();
            for (Map.Entry<String, List<Path>> e : byStem.entrySet()) {
                List<Path> paths = e.getValue();
                out.put(e.getKey(), paths.get(0));
                for (Path extra : paths.subList(1, paths.size())) {
                    fileProblem(DatasetSkip.Kind.DUPLICATE_IMAGE, extra.toString(),
                            "same stem as " + paths.get(0).getFileName() + ", which is used");
                }
            }
            return out;
        }

        private static Map<String, Path> listByExtension(Path dir, Set<String> extensions) throws IOException {
            Map<String, Path> out = new LinkedHashMap<>();
            for (Path p : sortedFiles(dir)) {
                String name = p.getFileName().toString();
                if (extensions.contains(extension(name))) {
                    out.putIfAbsent(stem(name), p);
                }
            }
            return out;
        }

        private static List<Path> sortedFiles(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
        }

        private static String extension(String name) {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }

        private static String stem(String name) {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }
    }
}
