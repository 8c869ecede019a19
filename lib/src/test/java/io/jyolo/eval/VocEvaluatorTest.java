package io.jyolo.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocEvaluatorTest {

    private static final Box A = new Box(0, 0, 100, 100);
    private static final Box B = new Box(200, 200, 300, 300);

    private static Detection det(String cls, float score, Box box) {
        return new Detection(-1, cls, score, box);
    }

    private static VocEvaluator allPoint() {
        return VocEvaluator.builder().build();
    }

    @Test
    void perfectDetectionsGiveApOne() {
        EvalResult r = allPoint().evaluate(
                Map.of("img", List.of(VocObject.of("cat", A), VocObject.of("cat", B))),
                Map.of("img", List.of(det("cat", 0.9f, A), det("cat", 0.8f, B))));
        assertEquals(1.0, r.ap("cat"), 1e-12);
        assertEquals(1.0, r.map(), 1e-12);
        assertEquals(ApMethod.ALL_POINT, r.method());
        assertEquals(0.5, r.iou());
    }

    @Test
    void detectionOnADifficultObjectIsNeitherTruePositiveNorFalsePositive() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(
                VocObject.of("cat", A), new VocObject("cat", B, true, false)));
        // the strongest detection sits on the difficult object; counted as a false positive it would halve AP
        EvalResult r = allPoint().evaluate(gt, Map.of("img", List.of(det("cat", 0.9f, B), det("cat", 0.8f, A))));
        ClassAp c = r.classAp("cat").orElseThrow();
        assertEquals(1.0, c.ap(), 1e-12);
        assertEquals(1, c.gtCount(), "difficult objects do not count as positives");
        assertEquals(2, c.detCount());
        assertEquals(1, c.truePositives());
        assertEquals(0, c.falsePositives());
        assertEquals(1, c.ignored());
        // and a missed difficult object does not lower recall
        EvalResult missed = allPoint().evaluate(gt, Map.of("img", List.of(det("cat", 0.8f, A))));
        assertEquals(1.0, missed.ap("cat"), 1e-12);
    }

    @Test
    void duplicateDetectionOfOneObjectIsAFalsePositive() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", A), VocObject.of("cat", B)));
        Box nearA = new Box(2, 2, 100, 100);
        EvalResult r = allPoint().evaluate(gt, Map.of("img",
                List.of(det("cat", 0.9f, A), det("cat", 0.8f, nearA), det("cat", 0.7f, B))));
        ClassAp c = r.classAp("cat").orElseThrow();
        assertEquals(2, c.truePositives());
        assertEquals(1, c.falsePositives());
        assertArrayEquals(new double[] {1, 0.5, 2 / 3.0}, c.precision(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5, 1}, c.recall(), 1e-12);
        assertEquals(0.5 * 1 + 0.5 * (2 / 3.0), c.ap(), 1e-12);
        // 11-point: recall >= 0 .. 0.5 -> precision 1 (6 points), 0.6 .. 1 -> 2/3 (5 points)
        EvalResult r07 = VocEvaluator.builder().method(ApMethod.VOC07).build().evaluate(gt, Map.of("img",
                List.of(det("cat", 0.9f, A), det("cat", 0.8f, nearA), det("cat", 0.7f, B))));
        assertEquals((6 + 5 * (2 / 3.0)) / 11, r07.ap("cat"), 1e-12);
    }

    @Test
    void detectionsAreRankedByScoreAcrossImagesNotByInputOrder() {
        Map<String, List<VocObject>> gt = Map.of("a", List.of(VocObject.of("cat", A)), "b", List.of(VocObject.of("cat", A)));
        // the false positive (on image b, far from the object) has the lowest score: ranked last, AP 1
        EvalResult r = allPoint().evaluate(gt, Map.of(
                "a", List.of(det("cat", 0.2f, B), det("cat", 0.9f, A)),
                "b", List.of(det("cat", 0.8f, A))));
        assertEquals(1.0, r.ap("cat"), 1e-12);
    }

    @Test
    void noDetectionsGiveApZeroAndStillCountInTheMean() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", A), VocObject.of("dog", B)));
        EvalResult r = allPoint().evaluate(gt, Map.of("img", List.of(det("cat", 0.9f, A))));
        assertEquals(0.0, r.ap("dog"));
        assertEquals(0, r.classAp("dog").orElseThrow().detCount());
        assertEquals(0.5, r.map(), 1e-12);
        EvalResult none = allPoint().evaluate(gt, Map.of());
        assertEquals(0.0, none.map());
        EvalResult none07 = VocEvaluator.builder().method(ApMethod.VOC07).build().evaluate(gt, Map.of());
        assertEquals(0.0, none07.ap("cat"));
    }

    @Test
    void aDetectedClassWithoutGroundTruthIsReportedNotAveraged() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", A),
                new VocObject("bird", B, true, false)));
        EvalResult r = allPoint().evaluate(gt, Map.of("img",
                List.of(det("cat", 0.9f, A), det("dog", 0.8f, B), det("dog", 0.7f, A), det("bird", 0.5f, B))));
        assertEquals(1.0, r.map(), 1e-12, "dog and bird are not averaged in as zeros");
        assertEquals(List.of("cat"), r.classAps().stream().map(ClassAp::className).toList());
        assertEquals(List.of(new SkippedClass("bird", 1, VocEvaluator.ONLY_DIFFICULT),
                new SkippedClass("dog", 2, VocEvaluator.NO_GROUND_TRUTH)), r.skipped());
        assertTrue(r.toText().contains("warning: class 'dog' (2 detections): no ground truth, not in mAP"), r.toText());
        assertThrows(IllegalArgumentException.class, () -> r.ap("dog"));
    }

    @Test
    void explicitClassListOrdersAndRestricts() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", A), VocObject.of("dog", B)));
        EvalResult r = VocEvaluator.builder().classes(List.of("dog", "cow")).build().evaluate(gt,
                Map.of("img", List.of(det("cat", 0.9f, A), det("dog", 0.8f, B))));
        assertEquals(List.of("dog"), r.classAps().stream().map(ClassAp::className).toList());
        assertEquals(List.of(new SkippedClass("cow", 0, VocEvaluator.NO_GROUND_TRUTH),
                new SkippedClass("cat", 1, VocEvaluator.NOT_IN_CLASS_LIST)), r.skipped());
    }

    @Test
    void iouThresholdIsInclusiveAndConfigurable() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", A)));
        Box half = new Box(0, 0, 100, 50); // IoU exactly 0.5
        Box sixty = new Box(0, 0, 100, 60); // IoU 0.6
        assertEquals(1.0, allPoint().evaluate(gt, Map.of("img", List.of(det("cat", 0.9f, half)))).ap("cat"));
        VocEvaluator strict = VocEvaluator.builder().iou(0.75).build();
        assertEquals(0.0, strict.evaluate(gt, Map.of("img", List.of(det("cat", 0.9f, sixty)))).ap("cat"));
        assertEquals(1.0, allPoint().evaluate(gt, Map.of("img", List.of(det("cat", 0.9f, sixty)))).ap("cat"));
        assertThrows(IllegalArgumentException.class, () -> VocEvaluator.builder().iou(0));
        assertThrows(IllegalArgumentException.class, () -> VocEvaluator.builder().iou(1.2));
    }

    @Test
    void eachDetectionIsComparedWithItsBestOverlappingObjectOnly() {
        // VOC devkit rule: the duplicate's best match is the taken object, so it is a false positive even
        // though it also overlaps a free object above the threshold
        Box left = new Box(0, 0, 100, 100);
        Box right = new Box(40, 0, 140, 100);
        Box det = new Box(10, 0, 110, 100); // IoU 0.818 with left, 0.538 with right
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", left), VocObject.of("cat", right)));
        ClassAp c = allPoint().evaluate(gt, Map.of("img", List.of(det("cat", 0.9f, left), det("cat", 0.8f, det))))
                .classAp("cat").orElseThrow();
        assertEquals(1, c.truePositives());
        assertEquals(1, c.falsePositives());
    }

    @Test
    void pixelInclusiveOverlapMatchesTheDevkitOnSmallBoxes() {
        Map<String, List<VocObject>> gt = Map.of("img", List.of(VocObject.of("cat", new Box(0, 0, 2, 2))));
        Map<String, List<Detection>> dets = Map.of("img", List.of(det("cat", 0.9f, new Box(1, 1, 3, 3))));
        // plain IoU 1/7 = 0.14, devkit (inclusive pixels) 4/14 = 0.29
        assertEquals(0.0, VocEvaluator.builder().iou(0.25).build().evaluate(gt, dets).ap("cat"));
        assertEquals(1.0, VocEvaluator.builder().iou(0.25).pixelInclusive(true).build().evaluate(gt, dets).ap("cat"));
    }

    @Test
    void detectionsForAnImageWithoutGroundTruthAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> allPoint().evaluate(
                Map.of("img", List.of(VocObject.of("cat", A))), Map.of("other", List.of(det("cat", 0.9f, A)))));
        assertTrue(e.getMessage().contains("'other'"), e.getMessage());
    }

    @Test
    void emptyGroundTruthGivesUndefinedMap() {
        EvalResult r = allPoint().evaluate(Map.of("img", List.of()), Map.of());
        assertTrue(Double.isNaN(r.map()));
        assertTrue(r.toJson().startsWith("{\"mAP\": null,"), r.toJson());
    }
}
