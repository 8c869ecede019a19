package io.jyolo.viz;

import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.ScalarPoint;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts of a training run over epochs, read either from its TensorBoard event files (what
 * the dashboard shows, after a resume too) or from its {@link History} (the live chart while
 * training). The loss is split into its parts because a total that stalls says little: the
 * PyTorch original's runs plateaued with the no-object term dominating.
 */
public final class TrainingCharts {

    /** Training loss tags and their legend names, in drawing order. */
    public static final Map<String, String> TRAIN_LOSSES = ordered(
            "Train/Loss_sum", "train total",
            "Train/Loss_coord", "train coord",
            "Train/Loss_confidence", "train object conf",
            "Train/Loss_noobj", "train no-object conf",
            "Train/Loss_classes", "train classes");

    /** Validation loss tags and their legend names. */
    public static final Map<String, String> VAL_LOSSES = ordered(
            "Val/Loss_sum", "val total",
            "Val/Loss_coord", "val coord",
            "Val/Loss_confidence", "val object conf",
            "Val/Loss_noobj", "val no-object conf",
            "Val/Loss_classes", "val classes");

    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private TrainingCharts() {
    }

    /** Every loss part per epoch, training solid and validation dashed (same colour per part). */
    public static XYChart losses(EventLog log) {
        XYChart chart = chart("Loss per image by part", "loss");
        int colour = 0;
        for (Map.Entry<String, String> e : TRAIN_LOSSES.entrySet()) {
            add(chart, log, e.getKey(), e.getValue(), colour++, false);
        }
        colour = 0;
        for (Map.Entry<String, String> e : VAL_LOSSES.entrySet()) {
            add(chart, log, e.getKey(), e.getValue(), colour++, true);
        }
        return finish(chart);
    }

    /** The learning rate used in each epoch (warm-up, steps). */
    public static XYChart learningRate(EventLog log) {
        XYChart chart = chart("Learning rate", "learning rate");
        add(chart, log, "Train/lr", "lr", 0, false);
        return finish(chart);
    }

    /** Validation mAP at IoU 0.5 and the mean IoU of the responsible boxes (train and validation). */
    public static XYChart quality(EventLog log) {
        XYChart chart = chart("Validation mAP and box IoU", "fraction");
        add(chart, log, "Val/mAP", "val mAP@0.5", 0, false);
        add(chart, log, "Train/Epoch_iou", "train IoU", 1, false);
        add(chart, log, "Val/Epoch_iou", "val IoU", 1, true);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return finish(chart);
    }

    /** Any scalar tags of the log, one line each, by their tag names. */
    public static XYChart scalars(EventLog log, String title, String... tags) {
        XYChart chart = chart(title, "value");
        for (int i = 0; i < tags.length; i++) {
            add(chart, log, tags[i], tags[i], i, false);
        }
        return finish(chart);
    }

    /** The loss parts (and validation total) of a history: the live chart of a training cell. */
    public static XYChart losses(History history) {
        List<EpochRecord> rows = history.rows();
        XYChart chart = chart("Loss per image by part", "loss");
        Map<String, ToDoubleFunction<EpochRecord>> parts = new LinkedHashMap<>();
        parts.put("train total", EpochRecord::loss);
        parts.put("train coord", EpochRecord::coord);
        parts.put("train object conf", EpochRecord::objConf);
        parts.put("train no-object conf", EpochRecord::noobjConf);
        parts.put("train classes", EpochRecord::classes);
        int colour = 0;
        for (Map.Entry<String, ToDoubleFunction<EpochRecord>> e : parts.entrySet()) {
            series(chart, e.getKey(), rows, e.getValue(), colour++, false);
        }
        series(chart, "val total", rows, EpochRecord::valLoss, 0, true);
        return finish(chart);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(5);
        return chart;
    }

    /** A chart without any series still renders, with "(no data yet)" in its title. */
    private static XYChart finish(XYChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            chart.setTitle(chart.getTitle() + " (no data yet)");
        }
        return chart;
    }

    private static void add(XYChart chart, EventLog log, String tag, String name, int colour, boolean dashed) {
        if (!log.scalarTags().contains(tag)) {
            return;
        }
        List<ScalarPoint> points = log.scalars(tag);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (ScalarPoint p : points) {
            if (Double.isFinite(p.value())) {
                x.add((double) p.step());
                y.add(p.value());
            }
        }
        style(chart, name, x, y, colour, dashed);
    }

    private static void series(XYChart chart, String name, List<EpochRecord> rows, ToDoubleFunction<EpochRecord> f,
                               int colour, boolean dashed) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochRecord r : rows) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                x.add((double) r.epoch());
                y.add(v);
            }
        }
        style(chart, name, x, y, colour, dashed);
    }

    private static void style(XYChart chart, String name, List<Double> x, List<Double> y, int colour, boolean dashed) {
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(lineColour(colour));
        s.setMarkerColor(lineColour(colour));
        s.setMarker(x.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        if (dashed) {
            s.setLineStyle(DASHED);
        }
    }

    /** Palette colours that read well as lines on a light background (no yellow, no pale tints). */
    private static java.awt.Color lineColour(int i) {
        int[] usable = {0, 3, 1, 5, 4, 10, 7, 14, 18, 12};
        return Palette.of(usable[Math.floorMod(i, usable.length)]);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
