package io.jyolo.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confusion matrix and threshold sweep: map-toy counted by hand, and the cross-class and difficult cases. */
class ConfusionMatrixTest {

    private static Map<String, List<VocObject>> truth(Path dir) throws IOException {
        return GroundTruthFolder.read(dir.resolve("Annotations"));
    }

    private static Map<String, List<Detection>> dets(Path dir) throws IOException {
        return DetectionFiles.readFolder(dir.resolve("detections"));
    }

    /*
     * map-toy by hand (one class, cat; files under shared/data/map-toy):
     * 12 cat objects in 9 annotated images, 12 detections. At IoU 0.5 every detection lies on a cat
     * (MapToyTest: 11 TP) except the 0.85 one in 2007_000733, whose XML has no object. The objects
     * left: 2007_005688 has two cats and one detection (0.81), so one cat is missed.
     *   score >= 0   : cat->cat 11, background->cat 1 (000733), cat->background 1 (005688)
     *   score >= 0.80: the 0.76 detection (second cat of 2007_009346) drops out, so that cat is
     *                  missed too: cat->cat 10, background->cat 1, cat->background 2
     *   score >= 0.90: kept are 0.99, 0.98, 0.95, 0.95, 0.94, 0.92, all true positives:
     *                  cat->cat 6, background->cat 0, cat->background 12 - 6 = 6
     */
    @Test
    void mapToyMatchesTheHandCount() throws IOException {
        Path dir = SharedData.dataset("map-toy");
        Map<String, List<VocObject>> gt = truth(dir);
        Map<String, List<Detection>> d = dets(dir);
        List<String> cat = List.of("cat");

        assertArrayEquals(new int[][] {{11, 1}, {1, 0}}, ConfusionMatrix.of(gt, d, cat, 0.5, 0).counts());
        assertArrayEquals(new int[][] {{10, 2}, {1, 0}}, ConfusionMatrix.of(gt, d, cat, 0.5, 0.8).counts());
        ConfusionMatrix high = ConfusionMatrix.of(gt, d, cat, 0.5, 0.9);
        assertArrayEquals(new int[][] {{6, 6}, {0, 0}}, high.counts());
        assertEquals(6, high.count("cat", "cat"));
        assertEquals(6, high.missed("cat"));
        assertEquals(0, high.background("cat"));
    }

    /** The diagonal is the evaluator's true-positive count: at IoU 0.75 MapToyTest's 8 of 12. */
    @Test
    void mapToyDiagonalIsTheEvaluatorsTruePositives() throws IOException {
        Path dir = SharedData.dataset("map-toy");
        ConfusionMatrix m = ConfusionMatrix.of(truth(dir), dets(dir), List.of("cat"), 0.75, 0);
        // 12 detections: 8 true positives, the other 4 match nothing; 12 objects: 8 taken, 4 missed
        assertArrayEquals(new int[][] {{8, 4}, {4, 0}}, m.counts());
    }

    /*
     * Hand count of the sweep at IoU 0.5, detections by descending score:
     * 0.99 0.98 0.95 0.95 0.94 0.92 0.89 0.86 are true positives (8), 0.85 is the false one,
     * then 0.82 0.81 0.76 are true positives. 12 objects.
     *   at 0.86: P = 8/8 = 1,    R = 8/12, F1 = 16/20 = 0.8
     *   at 0.81: P = 10/11,      R = 10/12, F1 = 20/23
     *   at 0.76: P = 11/12,      R = 11/12, F1 = 11/12, the best
     * The two detections at 0.95 make one point, so 11 thresholds.
     */
    @Test
    void mapToyThresholdSweepMatchesTheHandCount() throws IOException {
        Path dir = SharedData.dataset("map-toy");
        ThresholdCurve c = ThresholdCurve.of(truth(dir), dets(dir), List.of("cat"), 0.5);
        assertEquals(12, c.positives());
        assertEquals(11, c.thresholds().length);
        int at086 = indexOf(c, 0.86);
        assertEquals(1.0, c.precision()[at086], 1e-9);
        assertEquals(8 / 12.0, c.recall()[at086], 1e-9);
        assertEquals(0.8, c.f1()[at086], 1e-9);
        assertEquals(20 / 23.0, c.f1()[indexOf(c, 0.81)], 1e-9);
        assertEquals(0.76, c.bestThreshold(), 1e-6);
        assertEquals(11 / 12.0, c.bestF1(), 1e-9);
        assertEquals(11 / 12.0, c.precision()[c.bestIndex()], 1e-9);
    }

    private static int indexOf(ThresholdCurve c, double threshold) {
        double[] t = c.thresholds();
        for (int i = 0; i < t.length; i++) {
            if (Math.abs(t[i] - threshold) < 1e-6) {
                return i;
            }
        }
        throw new AssertionError("no threshold " + threshold);
    }

    private static VocObject obj(String name, float x, boolean difficult) {
        return new VocObject(name, new Box(x, 0, x + 100, 100), difficult, false);
    }

    private static Detection det(String name, float score, float x) {
        return new Detection(0, name, score, new Box(x, 0, x + 100, 100));
    }

    /*
     * One image, classes cat and dog, boxes 100 wide placed far apart (x = 0, 500, 1000, 1500):
     *   cat at 0 detected as cat (0.9) and again as cat (0.8, a duplicate: background row);
     *   dog at 500 detected only as cat (0.7): cell (dog, cat);
     *   cat at 1000 detected as nothing: cell (cat, background);
     *   a dog detection at 2000 (0.6) over nothing: cell (background, dog);
     *   a difficult dog at 1500 detected as dog (0.5): left out, and not missed either.
     */
    @Test
    void anotherClassesObjectAndDifficultOnesCountAsDescribed() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(obj("cat", 0, false), obj("dog", 500, false),
                obj("cat", 1000, false), obj("dog", 1500, true)));
        Map<String, List<Detection>> d = Map.of("img", List.of(det("cat", 0.9f, 0), det("cat", 0.8f, 0),
                det("cat", 0.7f, 500), det("dog", 0.6f, 2000), det("dog", 0.5f, 1500)));
        ConfusionMatrix m = ConfusionMatrix.of(gt, d, List.of("cat", "dog"), 0.5, 0);
        // rows truth (cat, dog, background), columns detected as (cat, dog, background)
        assertArrayEquals(new int[][] {{1, 0, 1}, {1, 0, 0}, {1, 1, 0}}, m.counts());
        assertEquals(1, m.count("dog", "cat"));
        assertEquals(List.of("cat", "dog", ConfusionMatrix.BACKGROUND), m.labels());
        // above 0.75 only the first two cat detections count: the dog at 500 is now missed
        assertArrayEquals(new int[][] {{1, 0, 1}, {0, 0, 1}, {1, 0, 0}},
                ConfusionMatrix.of(gt, d, List.of("cat", "dog"), 0.5, 0.75).counts());
    }
}
