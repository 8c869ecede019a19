package io.jyolo.viz;

import io.jyolo.eval.ClassAp;
import io.jyolo.eval.ConfusionMatrix;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.ThresholdCurve;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts users of detection tools expect after a validation, beside mAP: the confusion matrix,
 * precision, recall and F1 against the score threshold, and one precision-recall curve per class.
 * XChart charts, so a notebook shows them as they are and {@link EvaluationReport} saves them as PNG.
 */
public final class EvalCharts {

    /** Series names of {@link #thresholdCurves}, in drawing order. */
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String F1 = "F1";
    /** Series name of the best-F1 marker. */
    public static final String BEST = "best F1";

    private EvalCharts() {
    }

    /**
     * The matrix as a heat map with the count in each cell: truth on the y axis (first class at
     * the top), detection on the x axis, background last on both.
     */
    public static HeatMapChart confusionMatrix(ConfusionMatrix m) {
        int side = m.labels().size();
        int size = Math.max(600, Math.min(1400, 200 + 50 * side));
        HeatMapChart chart = new HeatMapChartBuilder().width(size).height(size)
                .title(String.format(Locale.ROOT, "Confusion matrix at IoU %.2f, score >= %.2f", m.iou(), m.scoreThreshold()))
                .xAxisTitle("detected as").yAxisTitle("ground truth").build();
        List<String> labels = m.labels();
        List<String> yLabels = new ArrayList<>(labels);
        java.util.Collections.reverse(yLabels); // first class on top
        List<Number[]> cells = new ArrayList<>();
        int max = 0;
        for (int truth = 0; truth < side; truth++) {
            for (int detected = 0; detected < side; detected++) {
                int n = m.count(truth, detected);
                max = Math.max(max, n);
                cells.add(new Number[] {detected, side - 1 - truth, n});
            }
        }
        chart.getStyler().setShowValue(true).setMin(0).setMax(Math.max(1, max))
                .setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)})
                .setHeatMapValueDecimalPattern("0").setValueFontColor(Color.BLACK);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(side > 4 ? 45 : 0);
        chart.addSeries("count", labels, yLabels, cells);
        return chart;
    }

    /**
     * Precision, recall and F1 (y) against the score threshold (x), with the threshold of best F1
     * marked by a point and named in the title.
     */
    public static XYChart thresholdCurves(ThresholdCurve c) {
        int best = c.bestIndex();
        String title = best < 0 ? "Precision, recall and F1 against score threshold: no detections"
                : String.format(Locale.ROOT, "Precision, recall and F1 against score threshold: best F1 %.3f at %.3f",
                c.bestF1(), c.bestThreshold());
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("score threshold").yAxisTitle("value").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (best < 0) {
            chart.addSeries(F1, new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
            return chart;
        }
        chart.addSeries(PRECISION, c.thresholds(), c.precision()).setMarker(SeriesMarkers.NONE);
        chart.addSeries(RECALL, c.thresholds(), c.recall()).setMarker(SeriesMarkers.NONE);
        chart.addSeries(F1, c.thresholds(), c.f1()).setMarker(SeriesMarkers.NONE);
        XYSeries mark = chart.addSeries(String.format(Locale.ROOT, "%s (%.3f)", BEST, c.bestThreshold()),
                new double[] {c.bestThreshold()}, new double[] {c.bestF1()});
        mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mark.setMarker(SeriesMarkers.DIAMOND);
        return chart;
    }

    /**
     * The frame of a precision-recall chart titled to say that no class has a detection: what the per-class
     * grid shows then, as the threshold chart shows its own "no detections", so a report keeps its picture.
     */
    public static XYChart noClassPrCurves() {
        XYChart chart = new XYChartBuilder().width(400).height(300)
                .title("Per-class precision-recall: no class has a detection").xAxisTitle("recall")
                .yAxisTitle("precision").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("none", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * One precision-recall chart per scored class that has ranked detections, in class order, so a
     * weak class's curve is not hidden under nineteen others.
     */
    public static List<XYChart> classPrCurves(EvalResult result) {
        List<XYChart> charts = new ArrayList<>();
        for (ClassAp c : result.classAps()) {
            if (c.recall().length == 0) {
                continue;
            }
            XYChart chart = new XYChartBuilder().width(400).height(400)
                    .title(String.format(Locale.ROOT, "%s: AP %.1f %%, %d objects, %d detections",
                            c.className(), 100 * c.ap(), c.gtCount(), c.detCount()))
                    .xAxisTitle("recall").yAxisTitle("precision").build();
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
            chart.getStyler().setLegendVisible(false);
            chart.addSeries(c.className(), c.recall(), c.precision()).setMarker(SeriesMarkers.NONE);
            charts.add(chart);
        }
        return charts;
    }

    /** Writes any XChart chart as a PNG at exactly {@code file} (parent folders created). */
    public static void savePng(Chart<?, ?> chart, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
