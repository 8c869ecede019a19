package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.loss.LossParts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loss sums weigh batches by their images, IoU by objects, and survive a checkpoint under the old names. */
class LossTotalsTest {

    private static final LossParts A = new LossParts(1.0, 0.1, 0.2, 0.3, 0.4, 1.5, 2);
    private static final LossParts B = new LossParts(3.0, 0.5, 0.6, 0.7, 1.2, 0.5, 3);

    @Test
    void meansArePerImageNotPerBatch() {
        LossTotals t = LossTotals.ZERO.plus(A, 8).plus(B, 2);
        assertEquals(10, t.images());
        assertEquals((1.0 * 8 + 3.0 * 2) / 10, t.meanLoss(), 1e-12);
        assertEquals((0.1 * 8 + 0.5 * 2) / 10, t.meanCoord(), 1e-12);
        assertEquals((0.2 * 8 + 0.6 * 2) / 10, t.meanObjectConfidence(), 1e-12);
        assertEquals((0.3 * 8 + 0.7 * 2) / 10, t.meanNoObjectConfidence(), 1e-12);
        assertEquals((0.4 * 8 + 1.2 * 2) / 10, t.meanClasses(), 1e-12);
        assertEquals(2.0 / 5, t.meanIou(), 1e-12, "IoU is a mean over object cells");
    }

    @Test
    void noImagesMeanZero() {
        assertEquals(0, LossTotals.ZERO.meanLoss());
        assertEquals(0, LossTotals.ZERO.meanIou());
    }

    @Test
    void aCheckpointStoresTheSumsUnderTheNamesOlderCheckpointsUsed() {
        LossTotals t = LossTotals.ZERO.plus(A, 8).plus(B, 2);
        Map<String, Double> m = t.toMap();
        assertEquals(Map.of("loss", t.loss(), "coord", t.coord(), "obj", t.objectConfidence(), "noobj",
                t.noObjectConfidence(), "classes", t.classes(), "iouSum", 2.0, "objects", 5.0, "images", 10.0), m);
        assertEquals(t, LossTotals.fromMap(m));
    }

    @Test
    void anEpochBoundaryStoresNoSums() {
        assertTrue(LossTotals.ZERO.toMap().isEmpty());
        assertEquals(LossTotals.ZERO, LossTotals.fromMap(Map.of()));
    }
}
