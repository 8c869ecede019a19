package io.jyolo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published known answer of map-toy (see its NOTICE.md) for the class {@code cat}. */
class MapToyTest {

    private static ClassAp cat(double iou, ApMethod method) throws IOException {
        Path dir = SharedData.dataset("map-toy");
        EvalResult r = VocEvaluator.builder().iou(iou).method(method).build()
                .evaluateFolders(dir.resolve("Annotations"), dir.resolve("detections"));
        assertTrue(r.skipped().isEmpty(), () -> "skipped: " + r.skipped());
        assertEquals(1, r.classAps().size());
        assertEquals(r.classAps().get(0).ap(), r.map(), 1e-12, "mAP of one class is its AP");
        return r.classAp("cat").orElseThrow();
    }

    @Test
    void iou50ElevenPoint() throws IOException {
        ClassAp c = cat(0.5, ApMethod.VOC07);
        assertEquals(88.64, 100 * c.ap(), 0.01);
        assertEquals(12, c.gtCount());
        assertEquals(12, c.detCount());
        assertEquals(11, c.truePositives());
        assertEquals(1, c.falsePositives());
    }

    @Test
    void iou50AllPoint() throws IOException {
        assertEquals(89.58, 100 * cat(0.5, ApMethod.ALL_POINT).ap(), 0.01);
    }

    @Test
    void iou75ElevenPoint() throws IOException {
        ClassAp c = cat(0.75, ApMethod.VOC07);
        assertEquals(49.24, 100 * c.ap(), 0.01);
        assertEquals(8, c.truePositives());
    }

    @Test
    void iou75AllPoint() throws IOException {
        assertEquals(50.97, 100 * cat(0.75, ApMethod.ALL_POINT).ap(), 0.01);
    }
}
