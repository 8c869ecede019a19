package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import io.jyolo.viz.ErrorExamples.Example;
import io.jyolo.viz.ErrorExamples.Kind;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorExamplesTest {

    private static final List<String> CLASSES = List.of("cat", "dog");

    private static Detection det(String cls, float score, float x0, float y0, float x1, float y1) {
        return new Detection(CLASSES.indexOf(cls), cls, score, new Box(x0, y0, x1, y1));
    }

    private static VocObject obj(String cls, float x0, float y0, float x1, float y1, boolean difficult) {
        return new VocObject(cls, new Box(x0, y0, x1, y1), difficult, false);
    }

    @Test
    void eachMistakeIsFoundWithItsReasonAndTheWorstComeFirst() {
        Map<String, List<VocObject>> truth = Map.of(
                "a", List.of(obj("cat", 10, 10, 50, 50, false), obj("dog", 100, 100, 140, 140, false)),
                "b", List.of(obj("cat", 0, 0, 100, 100, false), obj("cat", 150, 150, 170, 170, true)),
                "c", List.of(obj("dog", 20, 20, 60, 60, false)));
        Map<String, List<Detection>> dets = Map.of(
                "a", List.of(det("cat", 0.9f, 10, 10, 50, 50),     // true positive
                        det("cat", 0.8f, 12, 10, 50, 52),          // duplicate
                        det("cat", 0.7f, 100, 100, 140, 140),      // wrong class (dog)
                        det("cat", 0.95f, 200, 200, 230, 230)),    // background, most confident
                "b", List.of(det("cat", 0.6f, 0, 0, 40, 40),       // poor localisation (IoU 0.16)
                        det("cat", 0.99f, 150, 150, 170, 170)),    // matches a difficult object: ignored
                "c", List.of());
        ErrorExamples ex = ErrorExamples.find(truth, dets, 0.5);
        List<Example> fps = ex.falsePositives();
        assertEquals(List.of("background", "duplicate", "wrong class (dog)", "poor localisation"),
                fps.stream().map(Example::reason).toList());
        assertEquals(List.of(0.95, 0.8, 0.7, 0.6), fps.stream().map(e -> Math.round(e.score() * 100) / 100.0).toList());
        assertTrue(fps.stream().allMatch(e -> e.kind() == Kind.FALSE_POSITIVE));

        List<Example> missed = ex.missed();
        assertEquals(3, missed.size(), missed.toString());
        assertEquals("b", missed.get(0).imageId(), "the largest missed object first");
        assertEquals("poor localisation", missed.get(0).reason());
        assertEquals(0.6, missed.get(0).score(), 1e-6);
        assertEquals(List.of("dog", "dog"), missed.subList(1, 3).stream().map(Example::className).toList());
        assertTrue(missed.subList(1, 3).stream().allMatch(e -> e.reason().equals("not detected")));
        assertEquals(2, ex.worstFalsePositives(2).size());
    }

    @Test
    void theGridShowsACropPerExample() {
        Map<String, List<VocObject>> truth = Map.of("a", List.of(obj("cat", 10, 10, 50, 50, false)));
        Map<String, List<Detection>> dets = Map.of("a", List.of(det("dog", 0.9f, 100, 100, 180, 160)));
        ErrorExamples ex = ErrorExamples.find(truth, dets, 0.5);
        List<Example> all = new java.util.ArrayList<>(ex.falsePositives());
        all.addAll(ex.missed());
        assertEquals(2, all.size());
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        BufferedImage grid = ErrorExamples.grid(all, id -> img, truth, CLASSES, 2, 128);
        assertTrue(grid.getWidth() >= 2 * 128 && grid.getHeight() >= 128);
        BufferedImage crop = ErrorExamples.crop(img, new Box(100, 100, 180, 160));
        assertEquals(160, crop.getWidth());
        assertEquals(160, crop.getHeight());
        assertTrue(all.get(0).caption().contains("dog 0.90, background"), all.get(0).caption());
        assertTrue(all.get(1).caption().contains("missed cat"), all.get(1).caption());
    }
}
