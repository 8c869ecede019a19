package io.jyolo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class EvalReportsTest {

    private static EvalResult sample() {
        ClassAp cat = new ClassAp("cat", 0.75, 4, 5, 3, 1, new double[] {1, 0.5, 2 / 3.0, 0.75},
                new double[] {0.25, 0.25, 0.5, 0.75});
        ClassAp dog = new ClassAp("dog \"big\"", 0.0, 2, 0, 0, 0, new double[0], new double[0]);
        return new EvalResult(List.of(cat, dog), 0.375, ApMethod.VOC07, 0.75,
                List.of(new SkippedClass("cow", 3, VocEvaluator.NO_GROUND_TRUTH)));
    }

    @Test
    void jsonHasTheDocumentedShapeAndEscapesNames() {
        assertEquals("{\"mAP\": 0.375, \"method\": \"voc07\", \"iou\": 0.75, "
                + "\"ap\": {\"cat\": 0.75, \"dog \\\"big\\\"\": 0.0}, "
                + "\"gt\": {\"cat\": 4, \"dog \\\"big\\\"\": 2}, "
                + "\"skipped\": {\"cow\": {\"detections\": 3, \"reason\": \"no ground truth\"}}}", sample().toJson());
    }

    @Test
    void tableHasOneRowPerClassIncludingSkippedOnes() {
        Table t = sample().toTable();
        assertEquals(List.of("class", "AP", "GT", "detections", "TP", "FP", "ignored", "note"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals("cat", t.stringColumn("class").get(0));
        assertEquals(0.75, t.doubleColumn("AP").get(0), 1e-12);
        assertEquals(1, t.intColumn("ignored").get(0));
        assertTrue(t.doubleColumn("AP").isMissing(2));
        assertEquals("no ground truth: not in mAP", t.stringColumn("note").get(2));
    }

    @Test
    void textShowsPercentAndTheMapLine() {
        String text = sample().toText();
        assertTrue(text.contains("75.00"), text);
        assertTrue(text.contains("mAP (11-point, IoU 0.75): 37.50 % over 2 classes"), text);
        assertTrue(text.contains("warning: class 'cow' (3 detections): no ground truth, not in mAP"), text);
    }
}
