package io.jyolo.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Box;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

    private static Detection det(int cls, float score, float x0, float y0, float x1, float y1) {
        return new Detection(cls, "c" + cls, score, new Box(x0, y0, x1, y1));
    }

    @Test
    void trueIouSuppressesWhereTheOriginalOverlapMeasureWouldNot() {
        Detection a = det(0, 0.9f, 0, 0, 10, 10);
        Detection b = det(0, 0.8f, 0, 0, 10, 7);
        // the original's inter / (A + B) = 70 / 170 ~ 0.41 stays under 0.5 and would keep both
        float originalMeasure = a.box().intersection(b.box()) / (a.box().area() + b.box().area());
        assertTrue(originalMeasure < 0.5f, "precondition: " + originalMeasure);
        assertEquals(0.7f, a.box().iou(b.box()), 1e-6f);
        assertEquals(List.of(a), Nms.apply(List.of(a, b), 0.5f, false));
    }

    @Test
    void overlapEqualToTheThresholdIsKept() {
        Detection a = det(0, 0.9f, 0, 0, 10, 10);
        Detection b = det(0, 0.8f, 0, 0, 10, 5); // IoU exactly 0.5
        assertEquals(List.of(a, b), Nms.apply(List.of(a, b), 0.5f, false));
        assertEquals(List.of(a), Nms.apply(List.of(a, b), 0.49f, false));
    }

    @Test
    void strongestBoxWinsAndOutputIsInDescendingScore() {
        Detection weak = det(0, 0.3f, 0, 0, 10, 10);
        Detection strong = det(0, 0.9f, 1, 1, 11, 11); // IoU 81/119 with weak
        Detection far1 = det(0, 0.5f, 50, 50, 60, 60);
        Detection far2 = det(0, 0.7f, 100, 100, 110, 110);
        List<Detection> input = List.of(weak, far1, far2, strong);
        List<Detection> kept = Nms.apply(input, 0.5f, false);
        assertEquals(List.of(strong, far2, far1), kept);
        assertEquals(List.of(weak, far1, far2, strong), input, "input untouched");
    }

    @Test
    void perClassKeepsOverlappingBoxesOfDifferentClassesAgnosticDoesNot() {
        Detection cat = det(0, 0.6f, 0, 0, 10, 10);
        Detection dog = det(1, 0.8f, 0, 0, 10, 10);
        Detection cat2 = det(0, 0.5f, 0, 0, 10, 9);
        assertEquals(List.of(dog, cat), Nms.apply(List.of(cat, dog, cat2), 0.5f, false));
        assertEquals(List.of(dog), Nms.apply(List.of(cat, dog, cat2), 0.5f, true));
    }

    @Test
    void chainsAreResolvedAgainstKeptBoxesOnly() {
        // b overlaps a (suppressed); c overlaps b but not a, so c survives
        Detection a = det(0, 0.9f, 0, 0, 10, 10);
        Detection b = det(0, 0.8f, 2, 0, 12, 10);
        Detection c = det(0, 0.7f, 4, 0, 14, 10);
        assertTrue(a.box().iou(b.box()) > 0.5f && b.box().iou(c.box()) > 0.5f && a.box().iou(c.box()) < 0.5f);
        assertEquals(List.of(a, c), Nms.apply(List.of(c, b, a), 0.5f, false));
    }

    @Test
    void manyDisjointBoxesAllSurviveAndBadThresholdIsRejected() {
        List<Detection> dets = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            dets.add(det(k % 3, k / 30f, k * 20, 0, k * 20 + 10, 10));
        }
        assertEquals(30, Nms.apply(dets, 0.1f, true).size());
        assertThrows(IllegalArgumentException.class, () -> Nms.apply(dets, 1.5f, false));
    }
}
