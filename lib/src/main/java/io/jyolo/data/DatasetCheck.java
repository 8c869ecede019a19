package io.jyolo.data;

import io.jyolo.image.Images;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds every problem of a VOC folder in one pass, before training meets them one at a time.
 *
 * <p>It opens the folder as training does ({@link VocDataset}, not strict), turns what opening
 * skipped into problems, then looks at what opening does not: it decodes every image (training
 * skips the ones that fail, and those whose size differs from the annotation's), compares image
 * bytes, finds boxes that reach outside their image, objects annotated twice, classes without
 * objects, ids listed twice, and objects whose centres share a grid cell at {@code S x S} (stretch
 * resize, no augmentation, difficult objects included, as the trainer encodes them: the target
 * keeps one). Without a split it checks every image and every list in {@code ImageSets/Main}.
 */
public final class DatasetCheck {

    private final Path root;
    private final String split;
    private final int gridSize;
    private final List<DatasetProblem> problems = new ArrayList<>();

    private DatasetCheck(Path root, String split, int gridSize) {
        if (gridSize < 1) {
            throw new IllegalArgumentException("grid size must be at least 1, got " + gridSize);
        }
        this.root = root.toAbsolutePath().normalize();
        this.split = split;
        this.gridSize = gridSize;
    }

    /** S of the network's default configuration (448 px, 7 x 7), the grid a check uses unless told. */
    public static int defaultGridSize() {
        return ModelConfig.builder().build().gridSize();
    }

    /** Checks {@code root} (the images of {@code split}, or all when null) with cell collisions at {@code gridSize}. */
    public static DatasetReport run(Path root, String split, int gridSize) throws IOException {
        return new DatasetCheck(root, split, gridSize).report();
    }

    private DatasetReport report() throws IOException {
        VocDataset ds = VocDataset.builder(root).split(split).build();
        for (DatasetSkip s : ds.skipped()) {
            boolean listed = s.kind() == DatasetSkip.Kind.LISTED_WITHOUT_FILES;
            add(ProblemKind.of(s.kind()), listed ? listFile(ds.split()) : s.file(),
                    listed ? "'" + s.file() + "' " + s.detail() : s.detail());
        }
        checkLists(ds);
        Map<String, String> firstWithBytes = new HashMap<>();
        int[] objectsPerClass = new int[ds.classes().size()];
        for (Sample s : ds.samples()) {
            checkImage(s, firstWithBytes);
            checkBoxesOutside(s, ds);
            checkObjects(s, ds);
            s.objects().forEach(o -> objectsPerClass[ds.classIndex(o.name())]++);
        }
        for (int k = 0; k < objectsPerClass.length; k++) {
            if (objectsPerClass[k] == 0) {
                add(ProblemKind.CLASS_WITHOUT_OBJECTS, ds.classList().origin(), "class '" + ds.classes().get(k)
                        + "' has no object in the " + (ds.split() == null ? "folder" : ds.split() + " split"));
            }
        }
        String name = root + (ds.split() == null ? "" : " (split " + ds.split() + ")");
        return new DatasetReport(name, ds.classList(), gridSize, ds.size(), ds.objectCount(), problems, ds.notes());
    }

    /** Ids listed twice; without a split, also ids of every list that have no files (opening checked the split's). */
    private void checkLists(VocDataset ds) throws IOException {
        List<String> lists = ds.split() == null ? SplitList.available(root) : List.of(ds.split());
        Set<String> stems = ds.split() == null ? stems() : Set.of();
        for (String name : lists) {
            SplitList list = SplitList.read(root, name);
            list.duplicates().forEach(id -> add(ProblemKind.DUPLICATE_LISTING, list.file().toString(),
                    "'" + id + "' is listed more than once"));
            if (ds.split() == null) {
                list.ids().stream().filter(id -> !stems.contains(id)).forEach(id -> add(
                        ProblemKind.LISTED_WITHOUT_FILES, list.file().toString(), "'" + id + "' has neither JPEGImages/"
                                + id + ".* nor Annotations/" + id + ".xml"));
            }
        }
    }

    private void checkImage(Sample s, Map<String, String> firstWithBytes) {
        byte[] bytes;
        BufferedImage img;
        try {
            bytes = Files.readAllBytes(s.imagePath());
            img = Images.decodeRgb(bytes, s.imagePath());
        } catch (IOException e) {
            add(ProblemKind.UNREADABLE_IMAGE, s.imagePath().toString(), oneLine(e));
            return;
        }
        if (img.getWidth() != s.width() || img.getHeight() != s.height()) {
            add(ProblemKind.SIZE_MISMATCH, s.imagePath().toString(), "image is " + img.getWidth() + "x"
                    + img.getHeight() + " but its annotation says " + s.width() + "x" + s.height());
        }
        String digest = sha256(bytes);
        String first = firstWithBytes.putIfAbsent(digest, s.imagePath().getFileName().toString());
        if (first != null) {
            add(ProblemKind.DUPLICATE_CONTENT, s.imagePath().toString(), "same bytes as JPEGImages/" + first);
        }
    }

    /** Known-class objects whose box was clipped to the image (the bad ones are already skips). */
    private void checkBoxesOutside(Sample s, VocDataset ds) {
        Path xml = annotationOf(s);
        for (VocObject o : s.annotation().objects()) {
            Box raw = o.box();
            Box clipped = raw.clip(s.width(), s.height());
            if (ds.classIndex(o.name()) >= 0 && !clipped.equals(raw)
                    && clipped.xmax() > clipped.xmin() && clipped.ymax() > clipped.ymin()) {
                add(ProblemKind.BOX_OUTSIDE_IMAGE, xml.toString(), String.format(Locale.ROOT,
                        "'%s' (%s,%s)-(%s,%s) reaches outside the %dx%d image", o.name(), num(raw.xmin()),
                        num(raw.ymin()), num(raw.xmax()), num(raw.ymax()), s.width(), s.height()));
            }
        }
    }

    /** Objects annotated twice, and objects sharing a grid cell with another. */
    private void checkObjects(Sample s, VocDataset ds) {
        Path xml = annotationOf(s);
        int size = gridSize * ModelConfig.NETWORK_STRIDE;
        TargetEncoder encoder = new TargetEncoder(new OutputLayout(gridSize, 1, ds.classes().size()), size, true);
        Resize resize = Resize.of(ResizeMode.STRETCH, s.width(), s.height(), size);
        Set<String> seen = new HashSet<>();
        Map<Integer, List<VocObject>> byCell = new LinkedHashMap<>();
        for (VocObject o : s.objects()) {
            if (!seen.add(o.name() + " " + o.box())) {
                add(ProblemKind.DUPLICATE_OBJECT, xml.toString(), "'" + o.name() + "' " + corners(o.box())
                        + " is annotated twice");
                continue;
            }
            Box in = resize.toInput(o.box());
            byCell.computeIfAbsent(encoder.cellRow(in) * gridSize + encoder.cellColumn(in), c -> new ArrayList<>()).add(o);
        }
        byCell.forEach((cell, objects) -> {
            for (VocObject o : objects.subList(1, objects.size())) {
                add(ProblemKind.CELL_COLLISION, xml.toString(), String.format(Locale.ROOT,
                        "'%s' %s shares cell (row %d, column %d) at S=%d with '%s' %s; the target keeps one",
                        o.name(), corners(o.box()), cell / gridSize, cell % gridSize, gridSize,
                        objects.get(0).name(), corners(objects.get(0).box())));
            }
        });
    }

    private void add(ProblemKind kind, String file, String detail) {
        String prefix = file + ": ";
        problems.add(new DatasetProblem(kind, file, detail.startsWith(prefix) ? detail.substring(prefix.length()) : detail));
    }

    private String listFile(String used) {
        return root.resolve("ImageSets").resolve("Main").resolve(used + ".txt").toString();
    }

    private Path annotationOf(Sample s) {
        return root.resolve("Annotations").resolve(s.id() + ".xml");
    }

    /** File stems in JPEGImages/ and Annotations/. */
    private Set<String> stems() throws IOException {
        Set<String> out = new HashSet<>();
        for (String dir : List.of("JPEGImages", "Annotations")) {
            try (Stream<Path> s = Files.list(root.resolve(dir))) {
                s.map(p -> p.getFileName().toString()).map(n -> n.lastIndexOf('.') < 0 ? n : n.substring(0, n.lastIndexOf('.')))
                        .forEach(out::add);
            }
        }
        return out;
    }

    private static String corners(Box b) {
        return "(" + num(b.xmin()) + "," + num(b.ymin()) + ")-(" + num(b.xmax()) + "," + num(b.ymax()) + ")";
    }

    private static String num(float v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
