package io.jyolo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ApMethodTest {

    @Test
    void allPointIsTheAreaUnderThePrecisionEnvelope() {
        // precision dips then recovers: the envelope lifts the dip to the later 0.75
        double[] precision = {1.0, 0.5, 0.75};
        double[] recall = {0.25, 0.25, 0.75};
        assertEquals(0.25 * 1.0 + 0.5 * 0.75, ApMethod.ALL_POINT.average(precision, recall), 1e-12);
    }

    @Test
    void elevenPointAveragesTheBestPrecisionAtEachRecallStep() {
        double[] precision = {1.0, 0.5, 0.75};
        double[] recall = {0.25, 0.25, 0.75};
        // r = 0, 0.1, 0.2 -> 1.0; r = 0.3 .. 0.7 -> 0.75; r = 0.8 .. 1 -> 0
        assertEquals((3 * 1.0 + 5 * 0.75) / 11, ApMethod.VOC07.average(precision, recall), 1e-12);
    }

    @Test
    void aRecallOfExactlyATenthCountsForThatPoint() {
        assertEquals(4 / 11.0, ApMethod.VOC07.average(new double[] {1.0}, new double[] {0.3}), 1e-12);
    }

    @Test
    void emptyCurveIsZeroAndParsingAcceptsCliNames() {
        assertEquals(0.0, ApMethod.ALL_POINT.average(new double[0], new double[0]));
        assertEquals(0.0, ApMethod.VOC07.average(new double[0], new double[0]));
        assertEquals(ApMethod.VOC07, ApMethod.parse("voc07"));
        assertEquals(ApMethod.ALL_POINT, ApMethod.parse("ALL"));
        assertThrows(IllegalArgumentException.class, () -> ApMethod.parse("coco"));
    }
}
