package io.jyolo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Box;
import io.jyolo.data.VocAnnotation;
import io.jyolo.data.VocObject;
import io.jyolo.data.VocXml;
import io.jyolo.predict.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionFilesTest {

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsLinesSkippingBlanksAndComments() throws IOException {
        write("img1.txt", "# class score xmin ymin xmax ymax\ncat 0.94 12 44 344.5 481\n\n  dog\t0.5 1 2 3 4  \n");
        write("notes.md", "not a detections file");
        SortedMap<String, List<Detection>> dets = DetectionFiles.readFolder(tmp, List.of("dog", "cat"));
        assertEquals(List.of("img1"), List.copyOf(dets.keySet()));
        assertEquals(List.of(new Detection(1, "cat", 0.94f, new Box(12, 44, 344.5f, 481)),
                new Detection(0, "dog", 0.5f, new Box(1, 2, 3, 4))), dets.get("img1"));
        assertEquals(-1, DetectionFiles.readFolder(tmp).get("img1").get(0).classIndex());
    }

    @Test
    void malformedLineNamesFileAndLineNumber() throws IOException {
        Path f = write("bad.txt", "cat 0.9 1 2 3 4\n\ncat 0.8 1 2 3\n");
        DetectionFormatException e = assertThrows(DetectionFormatException.class, () -> DetectionFiles.readFolder(tmp));
        assertEquals(f, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(f + ":3: expected 6 fields"), e.getMessage());

        write("bad.txt", "cat high 1 2 3 4\n");
        e = assertThrows(DetectionFormatException.class, () -> DetectionFiles.readFolder(tmp));
        assertTrue(e.getMessage().contains("bad.txt:1: score is not a number: 'high'"), e.getMessage());

        write("bad.txt", "cat 0.9 10 2 3 4\n");
        e = assertThrows(DetectionFormatException.class, () -> DetectionFiles.readFolder(tmp));
        assertTrue(e.getMessage().contains("bad.txt:1: box has xmax < xmin"), e.getMessage());

        write("bad.txt", "cat NaN 1 2 3 4\n");
        e = assertThrows(DetectionFormatException.class, () -> DetectionFiles.readFolder(tmp));
        assertTrue(e.getMessage().contains("score is not finite"), e.getMessage());
    }

    @Test
    void writtenFilesReadBackIdentically() throws IOException {
        Map<String, List<Detection>> dets = Map.of(
                "a", List.of(new Detection(0, "cat", 0.875f, new Box(1.5f, 2, 30, 40.25f))),
                "b", List.of());
        DetectionFiles.writeFolder(tmp.resolve("out"), dets);
        SortedMap<String, List<Detection>> back = DetectionFiles.readFolder(tmp.resolve("out"), List.of("cat"));
        assertEquals(dets, back);
        assertEquals("cat 0.875 1.5 2 30 40.25\n", Files.readString(tmp.resolve("out/a.txt")));
        assertThrows(IllegalArgumentException.class, () -> DetectionFiles.writeFile(tmp.resolve("x.txt"),
                List.of(new Detection(0, "potted plant", 0.5f, new Box(0, 0, 1, 1)))));
    }

    @Test
    void folderEvaluationPairsByStemAndRejectsDetectionsWithoutAnnotation() throws IOException {
        Path gt = Files.createDirectories(tmp.resolve("gt"));
        Path dets = Files.createDirectories(tmp.resolve("dets"));
        VocXml.write(new VocAnnotation("x.jpg", 100, 100, 3, List.of(VocObject.of("cat", new Box(0, 0, 50, 50)))),
                gt.resolve("img1.xml"));
        Files.writeString(dets.resolve("img1.txt"), "cat 0.9 0 0 50 50\n");
        EvalResult r = VocEvaluator.builder().build().evaluateFolders(gt, dets);
        assertEquals(1.0, r.ap("cat"), 1e-12);

        Files.writeString(dets.resolve("img2.txt"), "cat 0.9 0 0 50 50\n");
        IOException e = assertThrows(IOException.class, () -> VocEvaluator.builder().build().evaluateFolders(gt, dets));
        assertTrue(e.getMessage().contains("img2.txt") && e.getMessage().contains("no ground truth img2.xml"),
                e.getMessage());
        assertThrows(IOException.class, () -> VocEvaluator.builder().build()
                .evaluateFolders(tmp.resolve("missing"), dets));
    }
}
