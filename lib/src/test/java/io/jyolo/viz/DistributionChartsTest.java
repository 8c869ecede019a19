package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.Histogram;
import io.jyolo.tensorboard.SummaryWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Percentile bands and gradient norms read back from event files written as the trainer writes them. */
class DistributionChartsTest {

    private static final String CONV = "01SequentialBlock_01Conv2d_weight";
    private static final String FC = "02Linear_weight";

    /** 2001 values evenly spaced over [-k, k]. */
    private static double[] even(double k) {
        double[] v = new double[2001];
        for (int i = 0; i < v.length; i++) {
            v[i] = -k + 2 * k * i / (v.length - 1);
        }
        return v;
    }

    private static double sumSquares(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    /**
     * Epochs 1 to 3: the conv layer's weights spread over [-k, k] with k = epoch, its gradient over
     * [-0.1 / epoch, 0.1 / epoch] (shrinking); the linear layer's gradient is 10 times the conv's.
     */
    private static EventLog log(Path dir) throws IOException {
        try (SummaryWriter tb = SummaryWriter.open(dir)) {
            for (int epoch = 1; epoch <= 3; epoch++) {
                tb.histogram(CONV + "/data", epoch, even(epoch));
                tb.histogram(CONV + "/grad", epoch, even(0.1 / epoch));
                tb.histogram(FC + "/data", epoch, even(1));
                tb.histogram(FC + "/grad", epoch, even(1.0 / epoch));
            }
        }
        return EventLog.read(dir);
    }

    @Test
    void quantilesOfEvenlySpreadValues() {
        Histogram h = Histogram.of(even(1));
        assertEquals(-1, DistributionCharts.quantile(h, 0), 0);
        assertEquals(1, DistributionCharts.quantile(h, 1), 0);
        assertEquals(0, DistributionCharts.quantile(h, 0.5), 0.01);
        // the 84.13th percentile of values even over [-1, 1] is -1 + 2 * 0.8413
        assertEquals(0.6826, DistributionCharts.quantile(h, 0.8413), 0.01);
        assertTrue(Double.isNaN(DistributionCharts.quantile(Histogram.of(new double[0]), 0.5)));
    }

    @Test
    void weightBandsFollowTheSpreadPerEpoch(@TempDir Path tmp) throws IOException {
        Map<String, XYChart> charts = DistributionCharts.perLayer(log(tmp), HistogramKind.WEIGHTS, "Conv2d");
        assertEquals(List.of(CONV), List.copyOf(charts.keySet()));
        Map<String, XYSeries> series = charts.get(CONV).getSeriesMap();
        assertEquals(DistributionCharts.PERCENTILES.length, series.size());
        assertArrayEquals(new double[] {1, 2, 3}, series.get("min / max").getXData(), 0);
        assertArrayEquals(new double[] {-1, -2, -3}, series.get("min / max").getYData(), 0);
        assertArrayEquals(new double[] {1, 2, 3}, series.get("min / max (upper)").getYData(), 0);
        double[] median = series.get("median").getYData();
        double[] upperSigma = series.get("15.9-84.1 %" + " (upper)").getYData();
        for (int e = 0; e < 3; e++) {
            assertEquals(0, median[e], 0.01 * (e + 1));
            assertEquals(0.6826 * (e + 1), upperSigma[e], 0.01 * (e + 1));
        }
        assertEquals("1.1 Conv2d weight · weights", charts.get(CONV).getTitle());
    }

    @Test
    void gradientNormsAreTheRootOfTheSumOfSquares(@TempDir Path tmp) throws IOException {
        XYChart chart = DistributionCharts.gradientNorms(log(tmp), "weight");
        Map<String, XYSeries> series = chart.getSeriesMap();
        assertEquals(List.of("1.1 Conv2d weight", "2 Linear weight"), List.copyOf(series.keySet()));
        double[] conv = series.get("1.1 Conv2d weight").getYData();
        double[] fc = series.get("2 Linear weight").getYData();
        for (int e = 1; e <= 3; e++) {
            assertEquals(Math.sqrt(sumSquares(even(0.1 / e))), conv[e - 1], 1e-9);
            assertEquals(10 * conv[e - 1], fc[e - 1], 1e-9);
        }
        assertTrue(conv[0] > conv[1] && conv[1] > conv[2], "the conv gradient shrinks");
        // norms from 0.1 / 3 (conv) to 10 times 0.1: a span of 30, below LOG_AXIS_SPAN
        assertTrue(!chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void normsSpanningDecadesGetALogAxis(@TempDir Path tmp) throws IOException {
        try (SummaryWriter tb = SummaryWriter.open(tmp)) {
            tb.histogram(CONV + "/grad", 1, even(1e-3));
            tb.histogram(FC + "/grad", 1, even(1));
        }
        XYChart chart = DistributionCharts.gradientNorms(EventLog.read(tmp), "weight");
        assertTrue(chart.getStyler().isYAxisLogarithmic(), "a span of 1000");
    }

    @Test
    void gridTilesOneChartPerLayerAndNamesWhatExistsWhenNothingMatches(@TempDir Path tmp) throws IOException {
        EventLog log = log(tmp);
        BufferedImage grid = DistributionCharts.grid(log, HistogramKind.GRADIENTS, "weight", 4);
        assertTrue(grid.getWidth() > 2 * 360 && grid.getWidth() < 3 * 370, "two tiles side by side: " + grid.getWidth());
        assertTrue(grid.getHeight() > 360 && grid.getHeight() < 2 * 370, "one row: " + grid.getHeight());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributionCharts.grid(log, HistogramKind.WEIGHTS, "bias", 4));
        assertTrue(e.getMessage().contains(CONV + "/data"), e.getMessage());
    }
}
