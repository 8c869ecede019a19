package io.jyolo.data;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;

/**
 * Exact area of polygonal shapes (including {@link java.awt.geom.Area}s built from polygons,
 * with holes and several pieces), used to measure how much of a synthetic object stays visible.
 */
final class Polygons {

    private Polygons() {
    }

    /** A closed polygon through the given vertices. */
    static Path2D.Double polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, xs.length + 1);
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    /**
     * Enclosed area by the shoelace formula. Correct for simple polygons and for Areas, whose
     * holes run opposite to their outer boundaries; curves are not expected here.
     */
    static double area(Shape shape) {
        double sum = 0;
        double startX = 0;
        double startY = 0;
        double prevX = 0;
        double prevY = 0;
        double[] c = new double[6];
        for (PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> {
                    sum += prevX * startY - startX * prevY;
                    startX = prevX = c[0];
                    startY = prevY = c[1];
                }
                case PathIterator.SEG_LINETO -> {
                    sum += prevX * c[1] - c[0] * prevY;
                    prevX = c[0];
                    prevY = c[1];
                }
                case PathIterator.SEG_CLOSE -> {
                    sum += prevX * startY - startX * prevY;
                    prevX = startX;
                    prevY = startY;
                }
                default -> throw new IllegalArgumentException("curved segments are not supported");
            }
        }
        sum += prevX * startY - startX * prevY;
        return Math.abs(sum) / 2;
    }
}
