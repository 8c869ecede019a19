package io.jyolo.viz;

import io.jyolo.eval.ClassAp;
import io.jyolo.eval.EvalResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Precision-recall curves of an evaluation, one series per class, for notebooks and reports. */
public final class PrCurveChart {

    private PrCurveChart() {
    }

    /**
     * Recall on x, precision on y, one line per scored class named "class (AP xx.x %)". A class
     * without any ranked detection has no curve and is left out (its AP is 0 and shows in the table).
     */
    public static XYChart of(EvalResult result) {
        XYChart chart = new XYChartBuilder().width(800).height(600)
                .title(String.format(Locale.ROOT, "Precision-recall, %s AP at IoU %.2f: mAP %.2f %%",
                        result.method().label(), result.iou(), 100 * result.map()))
                .xAxisTitle("recall").yAxisTitle("precision").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (ClassAp c : result.classAps()) {
            if (c.recall().length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (AP %.1f %%)", c.className(), 100 * c.ap()),
                    c.recall(), c.precision());
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Writes {@code chart} as a PNG at exactly {@code file} (parent folders created). */
    public static void savePng(XYChart chart, Path file) throws IOException {
        EvalCharts.savePng(chart, file);
    }
}
