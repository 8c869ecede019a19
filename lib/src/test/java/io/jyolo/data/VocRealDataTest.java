package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every real annotation file in the shared datasets and checks the counts against the
 * numbers their NOTICE.md files publish, and against an independent plain-text scan of the XML.
 */
class VocRealDataTest {

    private static final Pattern OBJECT = Pattern.compile("<object>(.*?)</object>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("<name>\\s*(.*?)\\s*</name>", Pattern.DOTALL);

    @Test
    void voc2012SampleHasThePublishedCounts() throws IOException {
        Path root = SharedData.dataset("voc2012-sample");
        List<Path> files = xmlFiles(root.resolve("Annotations"));
        assertEquals(100, files.size(), "NOTICE.md: 100 images");
        Counts parsed = parseAll(files);
        assertEquals(273, parsed.objects, "NOTICE.md: 273 objects");
        List<String> classes = Files.readAllLines(root.resolve("classes.txt")).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        assertEquals(20, classes.size(), "classes.txt: the 20 VOC classes");
        assertEquals(new java.util.TreeSet<>(classes), parsed.perClass.keySet(), "NOTICE.md: all 20 classes occur");
        Counts scanned = scanAll(files);
        assertEquals(scanned.perClass, parsed.perClass);
        assertEquals(scanned.difficult, parsed.difficult);
        assertEquals(scanned.truncated, parsed.truncated);
        assertTrue(parsed.difficult > 0 && parsed.truncated > 0, "the flags as published include both kinds");
        for (Path f : files) {
            VocAnnotation a = VocXml.read(f);
            assertTrue(a.width() > 0 && a.height() > 0, f + ": size");
            for (VocObject o : a.objects()) {
                assertTrue(o.box().xmin() >= 0 && o.box().xmax() <= a.width() + 1
                        && o.box().ymax() <= a.height() + 1 && o.box().area() > 0, f + ": " + o);
            }
        }
    }

    @Test
    void bccdHasThePublishedCounts() throws IOException {
        Path root = SharedData.dataset("bccd-trainval");
        List<Path> files = xmlFiles(root.resolve("Annotations"));
        assertEquals(292, files.size(), "NOTICE.md: 292 images");
        Path main = root.resolve("ImageSets").resolve("Main");
        assertEquals(205, nonBlank(main.resolve("train.txt")).size(), "NOTICE.md: train 205");
        assertEquals(87, nonBlank(main.resolve("val.txt")).size(), "NOTICE.md: val 87");
        assertEquals(292, nonBlank(main.resolve("trainval.txt")).size(), "NOTICE.md: trainval 292");
        Counts parsed = parseAll(files);
        Counts scanned = scanAll(files);
        assertEquals(scanned.objects, parsed.objects, "every <object> in the files is read");
        assertEquals(scanned.perClass, parsed.perClass);
        assertEquals(List.of("RBC", "WBC", "Platelets"), nonBlank(root.resolve("classes.txt")));
        assertEquals(java.util.Set.of("RBC", "WBC", "Platelets"), parsed.perClass.keySet(), "NOTICE.md: three classes");
        int sum = parsed.perClass.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(parsed.objects, sum);
        // NOTICE.md: two RBC boxes have zero size, BloodImage_00338 among them.
        List<String> zero = new ArrayList<>();
        for (Path f : files) {
            for (VocObject o : VocXml.read(f).objects()) {
                if (o.box().area() == 0) {
                    zero.add(f.getFileName() + ":" + o.name());
                }
            }
        }
        assertEquals(2, zero.size(), zero.toString());
        assertTrue(zero.contains("BloodImage_00338.xml:RBC"), zero.toString());
        assertTrue(zero.stream().allMatch(z -> z.endsWith(":RBC")), zero.toString());
        System.out.println("bccd-trainval: " + parsed.objects + " objects " + parsed.perClass);
    }

    private record Counts(int objects, Map<String, Integer> perClass, int difficult, int truncated) {
    }

    private static Counts parseAll(List<Path> files) throws IOException {
        Map<String, Integer> perClass = new TreeMap<>();
        int objects = 0;
        int difficult = 0;
        int truncated = 0;
        for (Path f : files) {
            for (VocObject o : VocXml.read(f).objects()) {
                objects++;
                perClass.merge(o.name(), 1, Integer::sum);
                difficult += o.difficult() ? 1 : 0;
                truncated += o.truncated() ? 1 : 0;
            }
        }
        return new Counts(objects, perClass, difficult, truncated);
    }

    /** Counts by plain text: no XML parser, so it does not share VocXml's mistakes. */
    private static Counts scanAll(List<Path> files) throws IOException {
        Map<String, Integer> perClass = new TreeMap<>();
        int objects = 0;
        int difficult = 0;
        int truncated = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher m = OBJECT.matcher(text);
            while (m.find()) {
                String body = m.group(1);
                Matcher n = NAME.matcher(body);
                assertTrue(n.find(), f + ": object without name");
                objects++;
                perClass.merge(n.group(1), 1, Integer::sum);
                difficult += body.replaceAll("\\s", "").contains("<difficult>1</difficult>") ? 1 : 0;
                truncated += body.replaceAll("\\s", "").contains("<truncated>1</truncated>") ? 1 : 0;
            }
        }
        return new Counts(objects, perClass, difficult, truncated);
    }

    private static List<Path> xmlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static List<String> nonBlank(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
