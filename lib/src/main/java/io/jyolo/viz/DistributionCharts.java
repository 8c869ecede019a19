package io.jyolo.viz;

import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.Histogram;
import io.jyolo.tensorboard.HistogramPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Weight and gradient distributions per layer over the epochs as XChart line charts, read from the
 * histograms the trainer writes to its event files, and per-layer gradient norms. Where
 * {@link HistogramGrid}'s heat maps show a distribution's shape, these show its spread as numbers on
 * an axis: percentile bands per epoch, as TensorBoard's distributions dashboard draws them, so a
 * layer whose weights stop moving or whose gradients shrink towards 0 can be read off, not guessed
 * from a colour.
 */
public final class DistributionCharts {

    /**
     * Percentiles drawn, TensorBoard's: the minimum, the normal distribution's -1.5, -1 and -0.5
     * sigma, the median, +0.5, +1 and +1.5 sigma, and the maximum.
     */
    public static final double[] PERCENTILES = {0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100};

    /** Legend names of the bands, from the outside in; each names the pair {@code PERCENTILES[i]} and its mirror. */
    public static final List<String> BANDS = List.of("min / max", "6.7-93.3 %", "15.9-84.1 %", "30.9-69.1 %", "median");

    /** Side of one layer's chart, in pixels. */
    private static final int TILE = 360;

    /** Ratio of the largest to the smallest gradient norm from which the norm axis is logarithmic. */
    public static final double LOG_AXIS_SPAN = 100;

    private static final Color[] BAND_COLOURS = {
        new Color(0xc6dbef), new Color(0x9ecae1), new Color(0x4292c6), new Color(0x2171b5), new Color(0x08306b),
    };

    private DistributionCharts() {
    }

    /**
     * The value below which a fraction {@code q} (0 to 1) of the histogram's values lie, assuming
     * values spread evenly inside each bucket (clipped to the histogram's min and max, as TensorFlow's
     * outer buckets are open-ended). NaN for an empty histogram.
     */
    public static double quantile(Histogram h, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (!(h.num() > 0)) {
            return Double.NaN;
        }
        if (q == 0) {
            return h.min();
        }
        if (q == 1) {
            return h.max();
        }
        double rank = q * h.num();
        double[] limits = h.bucketLimits();
        double[] counts = h.bucketCounts();
        double below = 0;
        for (int i = 0; i < limits.length; i++) {
            if (counts[i] <= 0) {
                continue;
            }
            if (below + counts[i] >= rank) {
                double a = Math.max(i == 0 ? h.min() : limits[i - 1], h.min());
                double b = Math.min(limits[i], h.max());
                return b <= a ? a : a + (b - a) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return h.max();
    }

    /**
     * One chart of {@code points}: epoch (step) on x, one line per entry of {@link #PERCENTILES},
     * mirrored pairs in one colour and one legend entry ({@link #BANDS}), the median darkest.
     */
    public static XYChart bands(String title, List<HistogramPoint> points, int width, int height) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no histograms to draw for " + title);
        }
        double[] steps = new double[points.size()];
        double[][] values = new double[PERCENTILES.length][points.size()];
        for (int j = 0; j < points.size(); j++) {
            steps[j] = points.get(j).step();
            for (int i = 0; i < PERCENTILES.length; i++) {
                values[i][j] = quantile(points.get(j).histogram(), PERCENTILES[i] / 100);
            }
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("epoch").yAxisTitle("value").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        int last = PERCENTILES.length - 1;
        for (int i = 0; i <= last / 2; i++) {
            Color colour = BAND_COLOURS[i];
            float widthPx = i == last / 2 ? 2.5f : 1.5f;
            XYSeries low = chart.addSeries(BANDS.get(i), steps, values[i]);
            style(low, colour, widthPx);
            if (last - i != i) {
                XYSeries high = chart.addSeries(BANDS.get(i) + " (upper)", steps, values[last - i]);
                style(high, colour, widthPx);
                high.setShowInLegend(false);
            }
        }
        return chart;
    }

    private static void style(XYSeries s, Color colour, float width) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(width));
    }

    /**
     * The band chart of every parameter whose name matches {@code regex} (a {@code find}), in tag
     * order, keyed by the parameter's full name and titled with its {@link HistogramGrid#shortName}.
     *
     * @throws IllegalArgumentException when no tag matches, naming the histogram tags that exist
     */
    public static Map<String, XYChart> perLayer(EventLog log, HistogramKind kind, String regex) {
        Map<String, XYChart> charts = new LinkedHashMap<>();
        for (Map.Entry<String, List<HistogramPoint>> e : histograms(log, kind, regex).entrySet()) {
            charts.put(e.getKey(), bands(HistogramGrid.shortName(e.getKey()) + " · " + kind.label(), e.getValue(),
                    TILE, TILE));
        }
        return charts;
    }

    /**
     * {@link #perLayer} tiled {@code columns} to a row into one picture, for a notebook cell; the
     * tiles leave their legends out (the same on every tile, and too wide for one), so the text
     * around the picture names the bands.
     */
    public static BufferedImage grid(EventLog log, HistogramKind kind, String regex, int columns) {
        List<BufferedImage> tiles = new ArrayList<>();
        for (XYChart chart : perLayer(log, kind, regex).values()) {
            chart.getStyler().setLegendVisible(false);
            tiles.add(BitmapEncoder.getBufferedImage(chart));
        }
        return ImageGrid.tile(tiles, null, columns, TILE);
    }

    /**
     * The L2 norm of each matching parameter's gradient per epoch (the gradient of the epoch's last
     * batch, which is what the trainer logs), one line per layer, on a log axis when they span
     * {@link #LOG_AXIS_SPAN} or more. The trainer logs no
     * norms itself; each comes from the gradient histogram's sum of squares, sqrt(sum of squares),
     * so it is exact, not estimated from buckets.
     *
     * @throws IllegalArgumentException when no gradient histogram matches, or none stores its sum of squares
     */
    public static XYChart gradientNorms(EventLog log, String regex) {
        XYChart chart = new XYChartBuilder().width(900).height(550).title("Gradient L2 norm per layer (last batch of each epoch)")
                .xAxisTitle("epoch").yAxisTitle("||gradient||").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (Map.Entry<String, List<HistogramPoint>> e : histograms(log, HistogramKind.GRADIENTS, regex).entrySet()) {
            List<double[]> xy = new ArrayList<>();
            for (HistogramPoint p : e.getValue()) {
                double squares = p.histogram().sumSquares();
                if (Double.isFinite(squares)) {
                    xy.add(new double[] {p.step(), Math.sqrt(squares)});
                    lowest = Math.min(lowest, Math.sqrt(squares));
                    highest = Math.max(highest, Math.sqrt(squares));
                }
            }
            if (xy.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(uniqueName(chart, HistogramGrid.shortName(e.getKey())),
                    xy.stream().mapToDouble(v -> v[0]).toArray(), xy.stream().mapToDouble(v -> v[1]).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("no gradient histogram matching '" + regex
                    + "' stores its sum of squares, so no norm can be derived; histogram tags: " + log.histogramTags());
        }
        // a log axis only pays when the norms span decades (XChart labels it at powers of ten only)
        chart.getStyler().setYAxisLogarithmic(lowest > 0 && highest / lowest >= LOG_AXIS_SPAN);
        return chart;
    }

    private static String uniqueName(XYChart chart, String name) {
        String n = name;
        for (int k = 2; chart.getSeriesMap().containsKey(n); k++) {
            n = String.format(Locale.ROOT, "%s (%d)", name, k);
        }
        return n;
    }

    private static Map<String, List<HistogramPoint>> histograms(EventLog log, HistogramKind kind, String regex) {
        Pattern p = Pattern.compile(regex == null || regex.isBlank() ? ".*" : regex);
        String suffix = "/" + kind.suffix();
        Map<String, List<HistogramPoint>> out = new LinkedHashMap<>();
        for (String tag : log.histogramTags()) {
            if (!tag.endsWith(suffix)) {
                continue;
            }
            String param = tag.substring(0, tag.length() - suffix.length());
            if (p.matcher(param).find() && !log.histograms(tag).isEmpty()) {
                out.put(param, log.histograms(tag));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no histogram tags ending in '" + suffix + "' match '" + regex
                    + "' (train with histograms(\"all\") or a regex to log them); histogram tags: "
                    + log.histogramTags());
        }
        return out;
    }
}
