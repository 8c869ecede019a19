package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated dataset as a user sees it: files on disk, read back through VocXml and ImageIO. */
class SyntheticShapesTest {

    private static final int COUNT = 40;
    private static final int SIZE = 128;

    @TempDir
    static Path tmp;

    static Path data;
    static SynthSummary summary;
    static List<String> stems;
    static Map<String, VocAnnotation> annotations;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() throws IOException {
        data = tmp.resolve("shapes");
        summary = SyntheticShapes.generate(config(data, 7).build());
        stems = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            stems.add(SyntheticShapes.stem(i));
        }
        annotations = new TreeMap<>();
        for (String s : stems) {
            annotations.put(s, VocXml.read(data.resolve("Annotations").resolve(s + ".xml")));
        }
    }

    private static SynthConfig.Builder config(Path out, long seed) {
        return SynthConfig.builder(out).count(COUNT).imageSize(SIZE).seed(seed).cluttered();
    }

    @Test
    void sameSeedGivesIdenticalBytesWhateverTheThreadCount() throws IOException {
        Path again = dir.resolve("again");
        SyntheticShapes.generate(config(again, 7).threads(1).build());
        Map<String, byte[]> a = files(data);
        Map<String, byte[]> b = files(again);
        assertEquals(a.keySet(), b.keySet());
        assertEquals(COUNT * 2 + 6, a.size(), "images, annotations, classes.txt, NOTICE.md, four split lists");
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
    }

    @Test
    void differentSeedGivesDifferentImagesAndAnnotations() throws IOException {
        Path other = dir.resolve("other");
        SyntheticShapes.generate(config(other, 8).build());
        Map<String, byte[]> a = files(data);
        Map<String, byte[]> b = files(other);
        int sameImages = 0;
        int sameXml = 0;
        for (String s : stems) {
            sameImages += java.util.Arrays.equals(a.get("JPEGImages/" + s + ".jpg"), b.get("JPEGImages/" + s + ".jpg")) ? 1 : 0;
            sameXml += java.util.Arrays.equals(a.get("Annotations/" + s + ".xml"), b.get("Annotations/" + s + ".xml")) ? 1 : 0;
        }
        assertEquals(0, sameImages);
        assertEquals(0, sameXml);
        assertFalse(java.util.Arrays.equals(a.get("ImageSets/Main/train.txt"), b.get("ImageSets/Main/train.txt")));
    }

    @Test
    void layoutIsPascalVoc() throws IOException {
        assertEquals(List.of("circle", "square", "triangle", "star", "hexagon"),
                Files.readAllLines(data.resolve("classes.txt")));
        assertEquals(stems, listStems(data.resolve("JPEGImages"), ".jpg"));
        assertEquals(stems, listStems(data.resolve("Annotations"), ".xml"));
        Path main = data.resolve("ImageSets").resolve("Main");
        List<String> train = Files.readAllLines(main.resolve("train.txt"));
        List<String> val = Files.readAllLines(main.resolve("val.txt"));
        List<String> test = Files.readAllLines(main.resolve("test.txt"));
        assertEquals(List.of(28, 6, 6), List.of(train.size(), val.size(), test.size()), "70/15/15 of 40");
        Set<String> all = new HashSet<>();
        all.addAll(train);
        all.addAll(val);
        all.addAll(test);
        assertEquals(COUNT, all.size(), "splits are disjoint");
        assertEquals(new HashSet<>(stems), all, "splits cover every image");
        Set<String> trainval = new HashSet<>(Files.readAllLines(main.resolve("trainval.txt")));
        Set<String> expected = new HashSet<>(train);
        expected.addAll(val);
        assertEquals(expected, trainval);
        String notice = Files.readString(data.resolve("NOTICE.md"));
        assertTrue(notice.contains("--count 40 --size 128 --seed 7 --fractions 0.7,0.15,0.15"), notice);
        assertTrue(notice.contains("difficult"), notice);
        assertEquals(summary.train(), train.size());
        assertEquals(COUNT, summary.images());
    }

    @Test
    void imagesAreJpegsOfTheConfiguredSize() throws IOException {
        for (String s : stems.subList(0, 5)) {
            BufferedImage img = ImageIO.read(data.resolve("JPEGImages").resolve(s + ".jpg").toFile());
            assertEquals(SIZE, img.getWidth());
            assertEquals(SIZE, img.getHeight());
        }
    }

    @Test
    void boxesAreInsideTheImageAndTruncationMeansTouchingTheBorder() {
        int truncated = 0;
        int objects = 0;
        for (var e : annotations.entrySet()) {
            VocAnnotation a = e.getValue();
            assertEquals(e.getKey() + ".jpg", a.filename());
            assertEquals(SIZE, a.width());
            assertEquals(SIZE, a.height());
            assertFalse(a.objects().isEmpty(), e.getKey() + " has no object");
            assertTrue(a.objects().size() <= 6, e.getKey());
            for (VocObject o : a.objects()) {
                Box b = o.box();
                String where = e.getKey() + " " + o;
                assertTrue(b.xmin() >= 0 && b.ymin() >= 0 && b.xmax() <= SIZE && b.ymax() <= SIZE, where);
                assertTrue(b.width() >= 3 && b.height() >= 3, where);
                boolean touches = b.xmin() == 0 || b.ymin() == 0 || b.xmax() == SIZE || b.ymax() == SIZE;
                assertEquals(o.truncated(), touches, where);
                if (!o.truncated()) {
                    assertTrue(b.xmin() >= 1 && b.ymin() >= 1 && b.xmax() <= SIZE - 1 && b.ymax() <= SIZE - 1, where);
                }
                truncated += o.truncated() ? 1 : 0;
                objects++;
            }
        }
        assertEquals(summary.objects(), objects);
        assertEquals(summary.truncated(), truncated);
        double share = truncated / (double) objects;
        assertTrue(share > 0.08 && share < 0.35, "about 20 % truncated, got " + share);
    }

    @Test
    void classesAreBalancedAndFlagsOccur() {
        Map<String, Integer> counts = new TreeMap<>();
        int difficult = 0;
        for (VocAnnotation a : annotations.values()) {
            for (VocObject o : a.objects()) {
                counts.merge(o.name(), 1, Integer::sum);
                difficult += o.difficult() ? 1 : 0;
            }
        }
        assertEquals(Set.copyOf(ShapeKind.labels()), counts.keySet());
        assertEquals(counts, new TreeMap<>(summary.objectsByClass()), "summary counts match the files");
        double mean = counts.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
        for (var e : counts.entrySet()) {
            assertTrue(e.getValue() > 0.5 * mean && e.getValue() < 1.5 * mean, counts.toString());
        }
        assertTrue(difficult > 0, "some objects are heavily occluded");
        assertEquals(summary.difficult(), difficult);
    }

    @Test
    void objectsRangeFromSmallToLarge() {
        List<Double> fractions = new ArrayList<>();
        for (VocAnnotation a : annotations.values()) {
            for (VocObject o : a.objects()) {
                fractions.add((double) o.box().area() / (SIZE * SIZE));
            }
        }
        fractions.sort(null);
        double q05 = fractions.get(fractions.size() / 20);
        double q50 = fractions.get(fractions.size() / 2);
        double q90 = fractions.get(fractions.size() * 9 / 10);
        double max = fractions.get(fractions.size() - 1);
        String text = "box area fraction q05 " + q05 + " q50 " + q50 + " q90 " + q90 + " max " + max;
        System.out.println("synthetic " + text);
        assertTrue(q05 < 0.012, "small objects (about 1/12 of the side) are common: " + text);
        assertTrue(q50 > 0.015 && q50 < 0.15, text);
        assertTrue(q90 > 0.2, "large objects are common: " + text);
        assertTrue(max > 0.4, "some objects fill most of the image: " + text);
    }

    @Test
    void objectsAreVisibleInTheImage() throws IOException {
        List<Double> objectContrast = new ArrayList<>();
        List<Double> backgroundContrast = new ArrayList<>();
        Random random = new Random(1);
        for (String s : stems) {
            BufferedImage img = ImageIO.read(data.resolve("JPEGImages").resolve(s + ".jpg").toFile());
            List<Box> boxes = annotations.get(s).objects().stream().map(VocObject::box).toList();
            for (Box b : boxes) {
                Box ring = grow(b, 3);
                if (isolated(ring, boxes, b) && inside(ring)) {
                    objectContrast.add(contrast(img, b, ring));
                }
            }
            for (int i = 0; i < 3; i++) {
                float w = 8 + random.nextInt(24);
                float h = 8 + random.nextInt(24);
                float x = 4 + random.nextFloat() * (SIZE - 8 - w);
                float y = 4 + random.nextFloat() * (SIZE - 8 - h);
                Box b = new Box(x, y, x + w, y + h);
                Box ring = grow(b, 3);
                if (isolated(ring, boxes, null)) {
                    backgroundContrast.add(contrast(img, b, ring));
                }
            }
        }
        objectContrast.sort(null);
        backgroundContrast.sort(null);
        assertTrue(objectContrast.size() >= 20, "enough isolated objects: " + objectContrast.size());
        assertTrue(backgroundContrast.size() >= 10, "enough empty patches: " + backgroundContrast.size());
        double objectLow = objectContrast.get(objectContrast.size() / 10);
        double objectMedian = objectContrast.get(objectContrast.size() / 2);
        double backgroundMedian = backgroundContrast.get(backgroundContrast.size() / 2);
        String text = "object contrast p10 " + objectLow + " median " + objectMedian
                + ", background median " + backgroundMedian;
        System.out.println("synthetic " + text + " (" + objectContrast.size() + " objects, "
                + backgroundContrast.size() + " patches)");
        assertTrue(objectLow > 15, text);
        assertTrue(objectMedian > 3 * backgroundMedian, text);
    }

    @Test
    void refusesANonEmptyFolder() throws IOException {
        Path out = dir.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> SyntheticShapes.generate(config(out, 7).build()));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void clearGeneratedEmptiesOnlyAGeneratedDataset() throws IOException {
        Path out = dir.resolve("gen");
        SyntheticShapes.generate(config(out, 3).count(3).build());
        Path stray = out.resolve("Annotations").resolve("notes.txt");
        Files.writeString(stray, "mine");
        IOException e = assertThrows(IOException.class, () -> SyntheticShapes.clearGenerated(out));
        assertTrue(e.getMessage().contains("Annotations/notes.txt"), e.getMessage());
        assertTrue(Files.exists(out.resolve("JPEGImages").resolve("synth_00000.jpg")), "nothing deleted on refusal");
        Files.delete(stray);
        SyntheticShapes.clearGenerated(out);
        assertTrue(Files.isDirectory(out));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count());
        }
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign.resolve("JPEGImages"));
        Files.writeString(foreign.resolve("NOTICE.md"), "# some other dataset\n");
        IOException e2 = assertThrows(IOException.class, () -> SyntheticShapes.clearGenerated(foreign));
        assertTrue(e2.getMessage().contains("does not look like a generated dataset"), e2.getMessage());
        assertTrue(Files.exists(foreign.resolve("NOTICE.md")));
    }

    @Test
    void badOptionsAreRejectedWithAReason() {
        Path out = dir.resolve("x");
        assertMessage("image count", () -> config(out, 7).count(0).build());
        assertMessage("image count", () -> config(out, 7).count(-5).build());
        assertMessage("image size", () -> config(out, 7).imageSize(31).build());
        assertMessage("image size", () -> config(out, 7).imageSize(2049).build());
        assertMessage("sum to 1", () -> config(out, 7).fractions(0.7, 0.2, 0.2).build());
        assertMessage("between 0 and 1", () -> config(out, 7).fractions(1.2, -0.1, -0.1).build());
        assertMessage("train fraction", () -> config(out, 7).fractions(0, 0.5, 0.5).build());
        assertNotEquals(null, config(out, 7).imageSize(32).fractions(1, 0, 0).build());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static boolean isolated(Box ring, List<Box> boxes, Box self) {
        return boxes.stream().filter(o -> o != self).noneMatch(o -> o.intersection(ring) > 0);
    }

    private static boolean inside(Box b) {
        return b.xmin() >= 0 && b.ymin() >= 0 && b.xmax() <= SIZE && b.ymax() <= SIZE;
    }

    private static Box grow(Box b, float by) {
        return new Box(b.xmin() - by, b.ymin() - by, b.xmax() + by, b.ymax() + by);
    }

    /** RGB distance between the mean colour of the pixels inside {@code b} and of those in {@code ring} but not in {@code b}. */
    private static double contrast(BufferedImage img, Box b, Box ring) {
        double[] in = new double[4];
        double[] out = new double[4];
        for (int y = (int) Math.floor(ring.ymin()); y < Math.ceil(ring.ymax()); y++) {
            for (int x = (int) Math.floor(ring.xmin()); x < Math.ceil(ring.xmax()); x++) {
                if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) {
                    continue;
                }
                double cx = x + 0.5;
                double cy = y + 0.5;
                boolean inBox = cx > b.xmin() && cx < b.xmax() && cy > b.ymin() && cy < b.ymax();
                boolean nearEdge = cx > b.xmin() - 1 && cx < b.xmax() + 1 && cy > b.ymin() - 1 && cy < b.ymax() + 1;
                double[] acc = inBox ? in : nearEdge ? null : out;
                if (acc == null) {
                    continue;
                }
                int p = img.getRGB(x, y);
                acc[0] += (p >> 16) & 0xff;
                acc[1] += (p >> 8) & 0xff;
                acc[2] += p & 0xff;
                acc[3]++;
            }
        }
        double d = 0;
        for (int c = 0; c < 3; c++) {
            double diff = in[c] / in[3] - out[c] / out[3];
            d += diff * diff;
        }
        return Math.sqrt(d);
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<String> listStems(Path folder, String ext) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ext))
                    .map(n -> n.substring(0, n.length() - ext.length())).sorted().toList();
        }
    }
}
