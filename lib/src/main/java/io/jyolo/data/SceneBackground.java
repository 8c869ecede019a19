package io.jyolo.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.random.RandomGenerator;

/**
 * Paints the clutter behind the synthetic objects: a muted colour gradient modulated by
 * smooth value noise, sometimes a faint stripe texture, and distractors (strokes and
 * translucent irregular stains) that are not objects, so a detector cannot just find
 * "anything that is not flat".
 */
final class SceneBackground {

    private SceneBackground() {
    }

    /** A new {@code size x size} RGB image with a random background. */
    static BufferedImage paint(RandomGenerator rng, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        fillGradientAndNoise(img, rng);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            if (rng.nextDouble() < 0.35) {
                stripes(g, rng, size);
            }
            int stains = rng.nextInt(4);
            for (int i = 0; i < stains; i++) {
                stain(g, rng, size);
            }
            int strokes = 1 + rng.nextInt(6);
            for (int i = 0; i < strokes; i++) {
                stroke(g, rng, size);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Adds Gaussian pixel noise of standard deviation {@code sigma} to every channel. */
    static void addNoise(BufferedImage img, RandomGenerator rng, double sigma) {
        int[] px = pixels(img);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int r = clamp(((p >> 16) & 0xff) + rng.nextGaussian() * sigma);
            int gr = clamp(((p >> 8) & 0xff) + rng.nextGaussian() * sigma);
            int b = clamp((p & 0xff) + rng.nextGaussian() * sigma);
            px[i] = (r << 16) | (gr << 8) | b;
        }
    }

    static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    private static void fillGradientAndNoise(BufferedImage img, RandomGenerator rng) {
        int size = img.getWidth();
        float[] a = muted(rng);
        float[] b = muted(rng);
        boolean radial = rng.nextDouble() < 0.3;
        double angle = rng.nextDouble() * 2 * Math.PI;
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        double cx = rng.nextDouble() * size;
        double cy = rng.nextDouble() * size;
        ValueNoise coarse = new ValueNoise(rng, 2 + rng.nextInt(5), size);
        ValueNoise fine = new ValueNoise(rng, 8 + rng.nextInt(9), size);
        double ampCoarse = 10 + 35 * rng.nextDouble();
        double ampFine = 4 + 14 * rng.nextDouble();
        double[] tint = {0.8 + 0.4 * rng.nextDouble(), 0.8 + 0.4 * rng.nextDouble(), 0.8 + 0.4 * rng.nextDouble()};
        double half = size / 2.0;
        int[] px = pixels(img);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t;
                if (radial) {
                    t = Math.hypot(x - cx, y - cy) / (1.2 * size);
                } else {
                    t = 0.5 + ((x - half) * dx + (y - half) * dy) / (1.42 * size);
                }
                t = Math.max(0, Math.min(1, t));
                double n = ampCoarse * coarse.at(x, y) + ampFine * fine.at(x, y);
                int r = clamp(255 * (a[0] + (b[0] - a[0]) * t) + n * tint[0]);
                int gr = clamp(255 * (a[1] + (b[1] - a[1]) * t) + n * tint[1]);
                int bl = clamp(255 * (a[2] + (b[2] - a[2]) * t) + n * tint[2]);
                px[y * size + x] = (r << 16) | (gr << 8) | bl;
            }
        }
    }

    private static void stripes(Graphics2D g, RandomGenerator rng, int size) {
        double angle = rng.nextDouble() * Math.PI;
        double spacing = size * (0.02 + 0.04 * rng.nextDouble());
        g.setColor(withAlpha(rng.nextBoolean() ? Color.BLACK : Color.WHITE, 0.06 + 0.1 * rng.nextDouble()));
        g.setStroke(new BasicStroke((float) Math.max(0.8, spacing * 0.3)));
        double c = size / 2.0;
        double reach = size;
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        for (double off = -reach; off <= reach; off += spacing) {
            double px = c - uy * off;
            double py = c + ux * off;
            g.draw(new Line2D.Double(px - ux * reach, py - uy * reach, px + ux * reach, py + uy * reach));
        }
    }

    private static void stain(Graphics2D g, RandomGenerator rng, int size) {
        double r = size * (0.05 + 0.25 * rng.nextDouble());
        double cx = rng.nextDouble() * size;
        double cy = rng.nextDouble() * size;
        int n = 48;
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] amp = new double[4];
        double[] phase = new double[4];
        for (int k = 0; k < 4; k++) {
            amp[k] = 0.12 + 0.2 * rng.nextDouble();
            phase[k] = rng.nextDouble() * 2 * Math.PI;
        }
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            double rr = 1;
            for (int k = 0; k < 4; k++) {
                rr += amp[k] * Math.sin((k + 2) * a + phase[k]);
            }
            rr = Math.max(0.15, rr);
            xs[i] = cx + r * rr * Math.cos(a);
            ys[i] = cy + r * rr * 0.8 * Math.sin(a);
        }
        g.setColor(withAlpha(randomColour(rng), 0.12 + 0.25 * rng.nextDouble()));
        g.fill(Polygons.polygon(xs, ys));
    }

    private static void stroke(Graphics2D g, RandomGenerator rng, int size) {
        float width = (float) Math.max(0.8, (0.8 + 2.7 * rng.nextDouble()) * size / 224.0);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(withAlpha(randomColour(rng), 0.35 + 0.55 * rng.nextDouble()));
        double[] p = new double[8];
        for (int i = 0; i < 8; i++) {
            p[i] = (-0.1 + 1.2 * rng.nextDouble()) * size;
        }
        if (rng.nextBoolean()) {
            g.draw(new Line2D.Double(p[0], p[1], p[2], p[3]));
        } else {
            g.draw(new CubicCurve2D.Double(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
        }
    }

    /** A colour of random hue, low saturation, any brightness, as RGB in 0..1. */
    private static float[] muted(RandomGenerator rng) {
        Color c = Color.getHSBColor(rng.nextFloat(), 0.45f * rng.nextFloat(), 0.2f + 0.75f * rng.nextFloat());
        return c.getRGBColorComponents(null);
    }

    static Color randomColour(RandomGenerator rng) {
        return Color.getHSBColor(rng.nextFloat(), rng.nextFloat(), 0.15f + 0.85f * rng.nextFloat());
    }

    private static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
    }

    static int clamp(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v);
    }

    /** Smooth noise in [-1, 1]: random values on a coarse grid, interpolated with smoothstep. */
    private static final class ValueNoise {
        private final int cells;
        private final double[] grid;
        private final double scale;

        ValueNoise(RandomGenerator rng, int cells, int size) {
            this.cells = cells;
            this.grid = new double[(cells + 1) * (cells + 1)];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = 2 * rng.nextDouble() - 1;
            }
            this.scale = cells / (double) size;
        }

        double at(int x, int y) {
            double gx = x * scale;
            double gy = y * scale;
            int ix = Math.min((int) gx, cells - 1);
            int iy = Math.min((int) gy, cells - 1);
            double fx = smooth(gx - ix);
            double fy = smooth(gy - iy);
            int w = cells + 1;
            double top = grid[iy * w + ix] + (grid[iy * w + ix + 1] - grid[iy * w + ix]) * fx;
            double bottom = grid[(iy + 1) * w + ix] + (grid[(iy + 1) * w + ix + 1] - grid[(iy + 1) * w + ix]) * fx;
            return top + (bottom - top) * fy;
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }
    }
}
