package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.SummaryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class TrainingChartsTest {

    @TempDir
    Path dir;

    private EventLog log(boolean withVal) throws Exception {
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            for (int e = 1; e <= 4; e++) {
                w.scalar("Train/Loss_sum", e, 10.0 / e);
                w.scalar("Train/Loss_coord", e, 4.0 / e);
                w.scalar("Train/Loss_confidence", e, 1.0 / e);
                w.scalar("Train/Loss_noobj", e, 2.0 / e);
                w.scalar("Train/Loss_classes", e, 3.0 / e);
                w.scalar("Train/lr", e, e < 3 ? 0.01 : 0.001);
                w.scalar("Train/Epoch_iou", e, 0.1 * e);
                if (withVal && e % 2 == 0) {
                    w.scalar("Val/Loss_sum", e, 12.0 / e);
                    w.scalar("Val/mAP", e, 0.05 * e);
                }
            }
        }
        return EventLog.read(dir);
    }

    @Test
    void lossesHaveOneLinePerPartWithTheLoggedValues() throws Exception {
        XYChart chart = TrainingCharts.losses(log(true));
        assertEquals(6, chart.getSeriesMap().size(), chart.getSeriesMap().keySet().toString());
        assertArrayEquals(new double[] {1, 2, 3, 4}, chart.getSeriesMap().get("train total").getXData());
        assertArrayEquals(new double[] {10, 5, 10.0 / 3, 2.5}, chart.getSeriesMap().get("train total").getYData(), 1e-5);
        assertArrayEquals(new double[] {2, 4}, chart.getSeriesMap().get("val total").getXData());
        assertEquals(800, BitmapEncoder.getBufferedImage(chart).getWidth());
    }

    @Test
    void learningRateAndQualityCharts() throws Exception {
        EventLog log = log(true);
        XYChart lr = TrainingCharts.learningRate(log);
        assertArrayEquals(new double[] {0.01, 0.01, 0.001, 0.001}, lr.getSeriesMap().get("lr").getYData(), 1e-9);
        XYChart q = TrainingCharts.quality(log);
        assertTrue(q.getSeriesMap().containsKey("val mAP@0.5"));
        assertTrue(q.getSeriesMap().containsKey("train IoU"));
        assertFalse(q.getSeriesMap().containsKey("val IoU"), "no Val/Epoch_iou logged");
    }

    @Test
    void anEmptyLogStillRendersAndSaysSo() throws Exception {
        Files.createDirectories(dir);
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            w.scalar("Other/x", 1, 1);
        }
        XYChart chart = TrainingCharts.losses(EventLog.read(dir));
        assertTrue(chart.getSeriesMap().isEmpty());
        assertTrue(chart.getTitle().endsWith("(no data yet)"), chart.getTitle());
        assertEquals(450, BitmapEncoder.getBufferedImage(chart).getHeight());
    }

    @Test
    void historyChartSkipsEpochsWithoutValidation() {
        History h = new History();
        h.add(new EpochRecord(1, 0.01, 5, 2, 1, 1, 1, 0.2, Double.NaN, Double.NaN, 10, 3, 0));
        h.add(new EpochRecord(2, 0.01, 4, 2, 0.5, 0.5, 1, 0.3, 4.5, 0.1, 10, 3, 0));
        XYChart chart = TrainingCharts.losses(h);
        assertArrayEquals(new double[] {5, 4}, chart.getSeriesMap().get("train total").getYData(), 0);
        assertArrayEquals(new double[] {2}, chart.getSeriesMap().get("val total").getXData(), 0);
    }
}
