package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.Histogram;
import io.jyolo.tensorboard.HistogramPoint;
import io.jyolo.tensorboard.SummaryWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramGridTest {

    private static double[] normal(Random r, int n, double mean, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * r.nextGaussian();
        }
        return v;
    }

    @Test
    void rebinningKeepsTheCountOfValuesInsideTheRange() {
        Histogram h = Histogram.of(normal(new Random(1), 5000, 0, 1));
        double[] bins = HistogramGrid.rebin(h, h.min(), h.max(), 50);
        double total = 0;
        for (double b : bins) {
            total += b;
        }
        assertEquals(5000, total, 1e-6);
        double[] half = HistogramGrid.rebin(h, 0, h.max(), 50);
        double positive = 0;
        for (double b : half) {
            positive += b;
        }
        assertEquals(2500, positive, 150, "about half the values are positive");
    }

    @Test
    void theBrightestColumnOfEachRowFollowsTheShiftingDistribution() {
        Random r = new Random(2);
        List<HistogramPoint> points = List.of(
                new HistogramPoint(1, 0, Histogram.of(normal(r, 4000, -2, 0.3))),
                new HistogramPoint(2, 0, Histogram.of(normal(r, 4000, 0, 0.3))),
                new HistogramPoint(3, 0, Histogram.of(normal(r, 4000, 2, 0.3))));
        double[] range = HistogramGrid.range(points);
        assertTrue(range[0] < -2.5 && range[0] > -3.5, "low end " + range[0]);
        assertTrue(range[1] > 2.5 && range[1] < 3.5, "high end " + range[1]);
        BufferedImage img = HistogramGrid.heatMap(points, 228, 114);
        int labelW = 28;
        int plotW = 200;
        int[] peaks = new int[3];
        for (int row = 0; row < 3; row++) {
            int y = row * 100 / 3 + 15;
            int best = 0;
            int bestLuma = -1;
            for (int x = 0; x < plotW; x++) {
                int rgb = img.getRGB(labelW + x, y);
                int luma = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                if (luma > bestLuma) {
                    bestLuma = luma;
                    best = x;
                }
            }
            peaks[row] = best;
        }
        double scale = plotW / (range[1] - range[0]);
        for (int row = 0; row < 3; row++) {
            double expectedX = (-2 + 2 * row - range[0]) * scale;
            assertEquals(expectedX, peaks[row], 8, "row " + row + " peaks at its mean");
        }
    }

    @Test
    void gridTilesTheMatchingTagsOfALog(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            for (int e = 1; e <= 3; e++) {
                w.histogram("01SequentialBlock_01Conv2d_weight/data", e, normal(r, 500, 0, 0.1));
                w.histogram("01SequentialBlock_01Conv2d_weight/grad", e, normal(r, 500, 0, 0.01));
                w.histogram("02SequentialBlock_02BatchNorm_gamma/data", e, normal(r, 50, 1, 0.01));
            }
        }
        EventLog log = EventLog.read(dir);
        BufferedImage weights = HistogramGrid.of(log, "data", "weight", 4);
        BufferedImage all = HistogramGrid.of(log, "data", ".*", 4);
        assertTrue(all.getWidth() > weights.getWidth(), "two tiles side by side are wider than one");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramGrid.of(log, "grad", "gamma", 4));
        assertTrue(e.getMessage().contains("01SequentialBlock_01Conv2d_weight/grad"), e.getMessage());
    }

    @Test
    void parameterNamesAreShortened() {
        assertEquals("1.2.1 Conv2d weight", HistogramGrid.shortName("01SequentialBlock_02SequentialBlock_01Conv2d_weight"));
        assertEquals("8.3 Linear bias", HistogramGrid.shortName("08SequentialBlock_03Linear_bias"));
        assertEquals("custom name", HistogramGrid.shortName("custom_name"));
    }
}
