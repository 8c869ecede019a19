package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void beforeTheEpochsFirstReadOfTheLossTheLineShowsNoLossRatherThanZero() {
        String line = ConsoleProgress.bar(new BatchProgress(1, 3, 2, 20, 16, Double.NaN, Double.NaN, 30.0, 1e-3));
        assertTrue(line.contains("loss   -"), line);
        assertTrue(line.contains("iou   -"), line);
        assertFalse(line.contains("NaN"), line);
        assertFalse(line.contains("0.0000"), line);
    }

    @Test
    void afterAReadTheLineShowsTheMeanLossAndIou() {
        String line = ConsoleProgress.bar(new BatchProgress(1, 3, 10, 20, 80, 1.23456, 0.5, 30.0, 1e-3));
        assertTrue(line.contains("loss 1.2346"), line);
        assertTrue(line.contains("iou 0.500"), line);
        assertTrue(line.contains("10/20"), line);
    }
}
