package io.jyolo.viz;

import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.Histogram;
import io.jyolo.tensorboard.HistogramPoint;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weight or gradient histograms of every layer over the epochs, as one picture: a heat map per
 * parameter (value across, epoch down, darker to brighter = fewer to more values in that range of
 * that epoch), like TensorBoard's histogram dashboard but all layers at once, so vanishing or
 * exploding gradients and dead layers stand out side by side.
 */
public final class HistogramGrid {

    /** Horizontal resolution of a heat map, in value bins (= pixels). */
    public static final int BINS = 200;
    private static final Pattern BLOCK = Pattern.compile("^(\\d+)SequentialBlock$");
    private static final Pattern LAYER = Pattern.compile("^(\\d+)(\\D\\w*)$");
    private static final Color[] MAP = {
        new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140), new Color(94, 201, 98),
        new Color(253, 231, 37),
    };

    private HistogramGrid() {
    }

    /**
     * The heat maps of every histogram tag ending in {@code "/" + kind} ({@code data} for weights,
     * {@code grad} for gradients) whose parameter name matches {@code regex} (a {@code find}, so
     * {@code "weight"} keeps convolution and linear weights), in tag order, {@code columns} per row.
     *
     * @throws IllegalArgumentException when no tag matches, naming the tags that exist
     */
    public static BufferedImage of(EventLog log, String kind, String regex, int columns) {
        Pattern p = Pattern.compile(regex == null || regex.isBlank() ? ".*" : regex);
        String suffix = "/" + kind;
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (String tag : log.histogramTags()) {
            if (!tag.endsWith(suffix)) {
                continue;
            }
            String param = tag.substring(0, tag.length() - suffix.length());
            if (!p.matcher(param).find()) {
                continue;
            }
            tiles.add(heatMap(log.histograms(tag), 256, 232));
            captions.add(shortName(param));
        }
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no histogram tags ending in '" + suffix + "' match '" + regex
                    + "' (train with histograms(\"all\") or a regex to log them); histogram tags: "
                    + log.histogramTags());
        }
        return ImageGrid.tile(tiles, captions, columns, 256);
    }

    /**
     * One heat map of a tag's histograms: one row band per logged step (top = first), the value
     * axis spanning the 0.1 % to 99.9 % quantiles of all steps pooled, with that range written
     * underneath and the first and last step on the left.
     */
    public static BufferedImage heatMap(List<HistogramPoint> points, int width, int height) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no histograms to draw");
        }
        double[] range = range(points);
        int labelH = 14;
        int labelW = 28;
        int plotW = Math.max(16, width - labelW);
        int plotH = Math.max(points.size(), height - labelH);
        BufferedImage out = new BufferedImage(labelW + plotW, plotH + labelH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int r = 0; r < points.size(); r++) {
                double[] bins = rebin(points.get(r).histogram(), range[0], range[1], plotW);
                double max = 0;
                for (double b : bins) {
                    max = Math.max(max, b);
                }
                int y0 = r * plotH / points.size();
                int y1 = (r + 1) * plotH / points.size();
                for (int x = 0; x < plotW; x++) {
                    g.setColor(colour(max > 0 ? bins[x] / max : 0));
                    g.fillRect(labelW + x, y0, 1, Math.max(1, y1 - y0));
                }
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(Long.toString(points.get(0).step()), 2, fm.getAscent());
            g.drawString(Long.toString(points.get(points.size() - 1).step()), 2, plotH - 2);
            String lo = number(range[0]);
            String hi = number(range[1]);
            g.drawString(lo, labelW, plotH + fm.getAscent() + 1);
            g.drawString(hi, labelW + plotW - fm.stringWidth(hi), plotH + fm.getAscent() + 1);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The histogram's counts spread over {@code n} equal bins between {@code lo} and {@code hi};
     * each stored bucket counts uniformly over its span, clipped to the histogram's min and max
     * (TensorFlow buckets are open-ended at the extremes); values outside the range are dropped.
     */
    static double[] rebin(Histogram h, double lo, double hi, int n) {
        double[] bins = new double[n];
        double[] limits = h.bucketLimits();
        double[] counts = h.bucketCounts();
        double width = hi - lo;
        for (int i = 0; i < limits.length; i++) {
            double a = Math.max(i == 0 ? h.min() : limits[i - 1], h.min());
            double b = Math.min(limits[i], h.max());
            if (counts[i] <= 0 || b < a) {
                continue;
            }
            if (width <= 0) {
                bins[n / 2] += counts[i];
                continue;
            }
            if (b == a) {
                int k = (int) Math.floor((a - lo) / width * n);
                if (k == n && a == hi) {
                    k = n - 1;
                }
                if (k >= 0 && k < n) {
                    bins[k] += counts[i];
                }
                continue;
            }
            double perUnit = counts[i] / (b - a);
            double from = Math.max(a, lo);
            double to = Math.min(b, hi);
            if (to <= from) {
                continue;
            }
            int k0 = Math.min(n - 1, (int) Math.floor((from - lo) / width * n));
            int k1 = Math.min(n - 1, (int) Math.floor((to - lo) / width * n));
            for (int k = k0; k <= k1; k++) {
                double binLo = lo + k * width / n;
                double binHi = lo + (k + 1) * width / n;
                double overlap = Math.min(binHi, to) - Math.max(binLo, from);
                if (overlap > 0) {
                    bins[k] += overlap * perUnit;
                }
            }
        }
        return bins;
    }

    /** The 0.1 % and 99.9 % quantiles of all steps' values pooled (min and max when they coincide). */
    static double[] range(List<HistogramPoint> points) {
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (HistogramPoint p : points) {
            Histogram h = p.histogram();
            if (h.num() > 0) {
                total += h.num();
                min = Math.min(min, h.min());
                max = Math.max(max, h.max());
            }
        }
        if (total == 0) {
            return new double[] {-1, 1};
        }
        double lo = pooledQuantile(points, 0.001 * total, min, max);
        double hi = pooledQuantile(points, 0.999 * total, min, max);
        if (!(hi > lo)) {
            lo = min;
            hi = max;
        }
        if (!(hi > lo)) {
            double pad = Math.max(1e-6, Math.abs(lo) * 0.1);
            lo -= pad;
            hi += pad;
        }
        return new double[] {lo, hi};
    }

    /** The value below which {@code rank} of the pooled values lie, from the bucket edges (bisection). */
    private static double pooledQuantile(List<HistogramPoint> points, double rank, double min, double max) {
        double a = min;
        double b = max;
        for (int it = 0; it < 60; it++) {
            double mid = (a + b) / 2;
            if (countBelow(points, mid) < rank) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return (a + b) / 2;
    }

    private static double countBelow(List<HistogramPoint> points, double v) {
        double c = 0;
        for (HistogramPoint p : points) {
            Histogram h = p.histogram();
            double[] limits = h.bucketLimits();
            double[] counts = h.bucketCounts();
            for (int i = 0; i < limits.length; i++) {
                double a = Math.max(i == 0 ? h.min() : limits[i - 1], h.min());
                double b = Math.min(limits[i], h.max());
                if (b <= v) {
                    c += counts[i];
                } else if (a < v && b > a) {
                    c += counts[i] * (v - a) / (b - a);
                }
            }
        }
        return c;
    }

    /** {@code 01SequentialBlock_02SequentialBlock_01Conv2d_weight} becomes {@code 1.2.1 Conv2d weight}
     * (stage 1, its second unit, that unit's first layer). */
    public static String shortName(String param) {
        List<String> blocks = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (String part : param.split("_")) {
            Matcher b = BLOCK.matcher(part);
            Matcher l = LAYER.matcher(part);
            if (rest.length() == 0 && b.matches()) {
                blocks.add(Integer.toString(Integer.parseInt(b.group(1))));
            } else if (rest.length() == 0 && l.matches()) {
                blocks.add(Integer.toString(Integer.parseInt(l.group(1))));
                rest.append(l.group(2));
            } else {
                rest.append(rest.length() == 0 ? "" : " ").append(part);
            }
        }
        String prefix = String.join(".", blocks);
        return prefix.isEmpty() ? rest.toString() : rest.length() == 0 ? prefix : prefix + " " + rest;
    }

    private static Color colour(double t) {
        t = Math.max(0, Math.min(1, t));
        double pos = t * (MAP.length - 1);
        int i = Math.min(MAP.length - 2, (int) Math.floor(pos));
        double f = pos - i;
        Color a = MAP[i];
        Color b = MAP[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 0.01 || v == 0 ? "%.3f" : "%.2e", v);
    }
}
