package io.jyolo.data;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The object classes of the synthetic shapes dataset, in {@code classes.txt} order.
 *
 * <p>Every class is a filled polygon (the circle is a 72-gon) so that the drawn extent, the
 * occluded part and the tight box all come from exact polygon geometry rather than from
 * the rasteriser. The outlines differ in corner count (3, 4, 6, 10 with concave corners,
 * and smooth) so a small detector can tell them apart even when stretched and rotated.
 */
public enum ShapeKind {
    CIRCLE("circle"),
    SQUARE("square"),
    TRIANGLE("triangle"),
    STAR("star"),
    HEXAGON("hexagon");

    private static final int CIRCLE_VERTICES = 72;

    private final String label;

    ShapeKind(String label) {
        this.label = label;
    }

    /** The class name written to {@code classes.txt} and the annotations. */
    public String label() {
        return label;
    }

    /** All class names, index = class id. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(ShapeKind::label).toList();
    }

    /**
     * Vertices of the outline on (or, for the star's inner corners, inside) the unit circle
     * around the origin, as {@code {xs, ys}}. The star's inner radius is drawn from {@code rng}.
     */
    double[][] unitOutline(RandomGenerator rng) {
        return switch (this) {
            case CIRCLE -> regular(CIRCLE_VERTICES, 0.0);
            case SQUARE -> regular(4, Math.PI / 4);
            case TRIANGLE -> regular(3, -Math.PI / 2);
            case HEXAGON -> regular(6, 0.0);
            case STAR -> star(5, 0.38 + 0.14 * rng.nextDouble());
        };
    }

    private static double[][] regular(int n, double phase) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double a = phase + 2 * Math.PI * i / n;
            xs[i] = Math.cos(a);
            ys[i] = Math.sin(a);
        }
        return new double[][] {xs, ys};
    }

    private static double[][] star(int points, double inner) {
        int n = 2 * points;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double r = i % 2 == 0 ? 1.0 : inner;
            double a = -Math.PI / 2 + Math.PI * i / points;
            xs[i] = r * Math.cos(a);
            ys[i] = r * Math.sin(a);
        }
        return new double[][] {xs, ys};
    }
}
