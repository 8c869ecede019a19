package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.VocObject;
import io.jyolo.eval.DetectionFiles;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.GroundTruthFolder;
import io.jyolo.eval.SharedData;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.predict.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The evaluation charts of map-toy: what their series hold, and the PNG files of a report folder. */
class EvaluationReportTest {

    private static EvaluationReport mapToy(double scoreThreshold) throws IOException {
        Path dir = SharedData.dataset("map-toy");
        Map<String, List<VocObject>> gt = GroundTruthFolder.read(dir.resolve("Annotations"));
        Map<String, List<Detection>> dets = DetectionFiles.readFolder(dir.resolve("detections"));
        EvalResult r = VocEvaluator.builder().iou(0.5).build().evaluate(gt, dets);
        return EvaluationReport.of(r, gt, dets, scoreThreshold);
    }

    @Test
    void confusionChartHoldsTheCountsWithTruthRowsTopDown() throws IOException {
        HeatMapChart chart = mapToy(0.8).confusionChart();
        List<? extends Number[]> cells = chart.getHeatMapSeries().getHeatData();
        assertEquals(4, cells.size());
        // cell {x = detected column, y = rows counted from the bottom, count}; cat is on top (y = 1)
        int[][] seen = new int[2][2];
        for (Number[] c : cells) {
            seen[1 - c[1].intValue()][c[0].intValue()] = c[2].intValue();
        }
        assertArrayEquals(new int[][] {{10, 2}, {1, 0}}, seen);
        assertEquals(List.of("cat", "background"), chart.getHeatMapSeries().getXData());
    }

    /** A detected class without ground truth is skipped by mAP, but its detections stay false positives here. */
    @Test
    void skippedClassesDetectionsCountAsBackground() throws IOException {
        Path dir = SharedData.dataset("map-toy");
        Map<String, List<VocObject>> gt = GroundTruthFolder.read(dir.resolve("Annotations"));
        Map<String, List<Detection>> dets = new java.util.TreeMap<>(DetectionFiles.readFolder(dir.resolve("detections")));
        List<Detection> withDog = new java.util.ArrayList<>(dets.get("2007_000733"));
        withDog.add(new Detection(1, "dog", 0.9f, new io.jyolo.data.Box(10, 10, 100, 100)));
        dets.put("2007_000733", withDog);
        EvalResult r = VocEvaluator.builder().iou(0.5).build().evaluate(gt, dets);
        assertEquals("dog", r.skipped().get(0).className());
        EvaluationReport report = EvaluationReport.of(r, gt, dets, 0.5);
        assertEquals(List.of("cat", "dog", "background"), report.confusion().labels());
        assertEquals(1, report.confusion().background("dog"));
        assertEquals(11, report.confusion().count("cat", "cat"));
        // one more false positive at 0.9: precision at the best threshold is 11 of 13
        assertEquals(11 / 13.0, report.curve().precision()[report.curve().bestIndex()], 1e-9);
    }

    @Test
    void thresholdChartHasTheThreeCurvesAndTheBestF1Point() throws IOException {
        XYChart chart = mapToy(0).thresholdChart();
        Map<String, XYSeries> series = chart.getSeriesMap();
        assertTrue(series.containsKey(EvalCharts.F1) && series.containsKey(EvalCharts.PRECISION)
                && series.containsKey(EvalCharts.RECALL), series.keySet()::toString);
        XYSeries best = series.values().stream().filter(s -> s.getName().startsWith(EvalCharts.BEST))
                .findFirst().orElseThrow();
        assertEquals(0.76, best.getXData()[0], 1e-6);
        assertEquals(11 / 12.0, best.getYData()[0], 1e-9);
        assertEquals(11, series.get(EvalCharts.F1).getXData().length);
    }

    @Test
    void classPrCurveIsTheClassCurve() throws IOException {
        EvaluationReport report = mapToy(0);
        List<XYChart> charts = report.classPrCharts();
        assertEquals(1, charts.size());
        XYSeries cat = charts.get(0).getSeriesMap().get("cat");
        assertArrayEquals(report.result().classAps().get(0).recall(), cat.getXData(), 0);
        assertArrayEquals(report.result().classAps().get(0).precision(), cat.getYData(), 0);
    }

    @Test
    void classPrGridShowsOneTilePerClass() throws IOException {
        BufferedImage grid = mapToy(0).classPrGrid().image();
        assertTrue(grid != null && grid.getWidth() > 300 && grid.getWidth() < 500, () -> "one 400-pixel tile: " + grid);
    }

    @Test
    void classPrGridWithoutDetectionsIsAChartSayingSo() throws IOException {
        Path dir = SharedData.dataset("map-toy");
        Map<String, List<VocObject>> gt = GroundTruthFolder.read(dir.resolve("Annotations"));
        EvalResult r = VocEvaluator.builder().iou(0.5).build().evaluate(gt, Map.of());
        EvaluationReport report = EvaluationReport.of(r, gt, Map.of(), 0.5);
        assertTrue(report.classPrCharts().isEmpty());
        BufferedImage grid = report.classPrGrid().image();
        assertTrue(grid != null && grid.getWidth() == 400, () -> "one empty 400-pixel chart: " + grid);
        assertEquals("0 per-class precision-recall curves", report.classPrGrid().toString());
    }

    @Test
    void writeSavesEveryChartAsAReadablePng(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("report");
        List<Path> files = mapToy(0.5).write(dir);
        assertEquals(List.of(dir.resolve(EvaluationReport.CONFUSION_FILE), dir.resolve(EvaluationReport.THRESHOLD_FILE),
                dir.resolve(EvaluationReport.PR_FILE), dir.resolve("pr-cat.png")), files);
        for (Path f : files) {
            BufferedImage image = ImageIO.read(f.toFile());
            assertTrue(image != null && image.getWidth() > 100 && Files.size(f) > 1000, f::toString);
        }
    }
}
