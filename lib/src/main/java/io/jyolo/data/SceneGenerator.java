package io.jyolo.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Composes one synthetic scene: background clutter, then 1..n shapes drawn back to front,
 * then pixel noise. The rules that make the annotation honest live here:
 *
 * <ul>
 *   <li>Size: the larger side of a shape's box is log-uniform between a minimum and a maximum
 *       fraction of the image (by default 1/12 and 0.85).</li>
 *   <li>Truncation: 20 % of shapes are pushed over one border or a corner, cutting 10-50 % of
 *       their extent; {@code truncated} is set exactly when the outline leaves the image.
 *       Untruncated shapes keep at least 1 px from every border.</li>
 *   <li>Occlusion: later shapes are drawn on top. A placement is rejected (and retried, at
 *       most 30 times, else the object is dropped) if it would leave any shape with less
 *       than 30 % of its full area visible, a visible box side under max(3, size/40) px,
 *       or would hide the border part of a truncated shape.</li>
 *   <li>Box: the tight box of the visible part (outline minus later outlines, clipped to
 *       the image), from polygon geometry.</li>
 *   <li>Difficult: 50 % or more of the in-image part is covered by later shapes.</li>
 * </ul>
 */
final class SceneGenerator {

    static final double TRUNCATION_PROBABILITY = 0.2;
    static final double MIN_VISIBLE_FRACTION = 0.3;
    static final double DIFFICULT_OCCLUSION = 0.5;
    static final int ATTEMPTS = 30;
    private static final double MIN_CONTRAST = 90;
    private static final ShapeKind[] KINDS = ShapeKind.values();

    private SceneGenerator() {
    }

    /**
     * A scene of {@code size x size} pixels with 1..{@code maxObjects} objects whose larger box side
     * is {@code minExtent..maxExtent} of the image, all randomness from {@code rng}.
     */
    static Scene generate(RandomGenerator rng, int size, int maxObjects, double minExtent, double maxExtent) {
        BufferedImage img = SceneBackground.paint(rng, size);
        Rectangle2D frame = new Rectangle2D.Double(0, 0, size, size);
        double minSide = Math.max(3, size / 40.0);
        int wanted = 1 + rng.nextInt(maxObjects);
        List<Placed> placed = new ArrayList<>();
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (int k = 0; k < wanted; k++) {
                ShapeKind kind = KINDS[rng.nextInt(KINDS.length)];
                for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                    Placed candidate = sample(rng, kind, size, frame, minExtent, maxExtent);
                    List<Area> after = visibleAfter(candidate, placed, minSide, size);
                    if (after != null) {
                        for (int i = 0; i < placed.size(); i++) {
                            placed.get(i).visible = after.get(i);
                        }
                        placed.add(candidate);
                        draw(g, rng, img, candidate.outline);
                        break;
                    }
                }
            }
        } finally {
            g.dispose();
        }
        SceneBackground.addNoise(img, rng, 2 + 6 * rng.nextDouble());
        List<Scene.Item> items = new ArrayList<>();
        for (Placed p : placed) {
            double occluded = 1 - Polygons.area(p.visible) / p.inImageArea;
            occluded = Math.max(0, occluded);
            items.add(new Scene.Item(p.kind, p.outline, p.visible, tightBox(p.visible), p.truncated,
                    occluded, occluded >= DIFFICULT_OCCLUSION));
        }
        return new Scene(img, items);
    }

    /** A shape of random aspect, rotation, size and position; not yet checked against the others. */
    private static Placed sample(RandomGenerator rng, ShapeKind kind, int size, Rectangle2D frame,
                                 double minExtent, double maxExtent) {
        double[][] unit = kind.unitOutline(rng);
        double aspect = Math.exp(Math.log(0.75) + rng.nextDouble() * (Math.log(4 / 3.0) - Math.log(0.75)));
        double sx = Math.sqrt(aspect);
        double sy = 1 / sx;
        double theta = rng.nextDouble() * 2 * Math.PI;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        int n = unit[0].length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double x = unit[0][i] * sx;
            double y = unit[1][i] * sy;
            xs[i] = x * cos - y * sin;
            ys[i] = x * sin + y * cos;
            minX = Math.min(minX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxX = Math.max(maxX, xs[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        double extent = Math.exp(Math.log(minExtent) + rng.nextDouble() * (Math.log(maxExtent) - Math.log(minExtent)));
        double scale = extent * size / Math.max(maxX - minX, maxY - minY);
        double w = (maxX - minX) * scale;
        double h = (maxY - minY) * scale;
        double x0 = 1 + rng.nextDouble() * (size - 2 - w);
        double y0 = 1 + rng.nextDouble() * (size - 2 - h);
        if (rng.nextDouble() < TRUNCATION_PROBABILITY) {
            int mode = rng.nextInt(5); // 0, 1: left or right; 2, 3: top or bottom; 4: a corner
            if (mode <= 1 || mode == 4) {
                x0 = cut(rng, rng.nextBoolean(), w, size);
            }
            if (mode >= 2) {
                y0 = cut(rng, rng.nextBoolean(), h, size);
            }
        }
        for (int i = 0; i < n; i++) {
            xs[i] = x0 + (xs[i] - minX) * scale;
            ys[i] = y0 + (ys[i] - minY) * scale;
        }
        Path2D.Double outline = Polygons.polygon(xs, ys);
        boolean truncated = x0 < 0 || y0 < 0 || x0 + w > size || y0 + h > size;
        return new Placed(kind, outline, frame, truncated);
    }

    /** The start coordinate that pushes 10-50 % of {@code extent} over the low or high border. */
    private static double cut(RandomGenerator rng, boolean low, double extent, int size) {
        double c = (0.1 + 0.4 * rng.nextDouble()) * extent;
        return low ? -c : size - extent + c;
    }

    /**
     * The visible parts of the placed shapes after {@code candidate} goes on top, or null when
     * that placement breaks a visibility rule for any shape (the candidate included).
     */
    private static List<Area> visibleAfter(Placed candidate, List<Placed> placed, double minSide, int size) {
        if (!visibleEnough(candidate, candidate.visible, minSide, size)) {
            return null;
        }
        Area cover = new Area(candidate.outline);
        List<Area> after = new ArrayList<>(placed.size());
        for (Placed p : placed) {
            Area v = (Area) p.visible.clone();
            v.subtract(cover);
            if (!visibleEnough(p, v, minSide, size)) {
                return null;
            }
            after.add(v);
        }
        return after;
    }

    private static boolean visibleEnough(Placed p, Area visible, double minSide, int size) {
        if (visible.isEmpty() || Polygons.area(visible) < MIN_VISIBLE_FRACTION * p.fullArea) {
            return false;
        }
        Rectangle2D b = visible.getBounds2D();
        if (b.getWidth() < minSide || b.getHeight() < minSide) {
            return false;
        }
        boolean touchesBorder = b.getMinX() <= 0 || b.getMinY() <= 0 || b.getMaxX() >= size || b.getMaxY() >= size;
        return !p.truncated || touchesBorder;
    }

    private static Box tightBox(Area visible) {
        Rectangle2D b = visible.getBounds2D();
        return new Box(round(b.getMinX()), round(b.getMinY()), round(b.getMaxX()), round(b.getMaxY()));
    }

    private static float round(double v) {
        return (float) (Math.round(v * 10) / 10.0);
    }

    /** Fills the outline in a colour that stands out from what is under it, shaded, sometimes striped. */
    private static void draw(Graphics2D g, RandomGenerator rng, BufferedImage img, Shape outline) {
        Rectangle2D b = outline.getBounds2D();
        double[] under = meanColour(img, b);
        Color colour = null;
        double best = -1;
        for (int i = 0; i < 12 && best < MIN_CONTRAST; i++) {
            Color c = Color.getHSBColor(rng.nextFloat(), 0.3f + 0.7f * rng.nextFloat(), 0.3f + 0.7f * rng.nextFloat());
            double d = Math.sqrt(sq(c.getRed() - under[0]) + sq(c.getGreen() - under[1]) + sq(c.getBlue() - under[2]));
            if (d > best) {
                best = d;
                colour = c;
            }
        }
        double angle = rng.nextDouble() * 2 * Math.PI;
        double r = Math.max(b.getWidth(), b.getHeight()) / 2;
        float x1 = (float) (b.getCenterX() - r * Math.cos(angle));
        float y1 = (float) (b.getCenterY() - r * Math.sin(angle));
        float x2 = (float) (b.getCenterX() + r * Math.cos(angle));
        float y2 = (float) (b.getCenterY() + r * Math.sin(angle));
        g.setPaint(new GradientPaint(x1, y1, shade(colour, 1.05 + 0.2 * rng.nextDouble()),
                x2, y2, shade(colour, 0.7 + 0.2 * rng.nextDouble())));
        g.fill(outline);
        if (rng.nextDouble() < 0.25) {
            Shape clip = g.getClip();
            g.clip(outline);
            g.setColor(shade(colour, rng.nextBoolean() ? 0.55 : 1.5));
            double spacing = Math.max(3, 2 * r * (0.12 + 0.15 * rng.nextDouble()));
            g.setStroke(new BasicStroke((float) (spacing * 0.4)));
            double a = rng.nextDouble() * Math.PI;
            double ux = Math.cos(a);
            double uy = Math.sin(a);
            for (double off = -r; off <= r; off += spacing) {
                double px = b.getCenterX() - uy * off;
                double py = b.getCenterY() + ux * off;
                g.draw(new Line2D.Double(px - ux * r, py - uy * r, px + ux * r, py + uy * r));
            }
            g.setClip(clip);
        }
    }

    private static Color shade(Color c, double factor) {
        return new Color(SceneBackground.clamp(c.getRed() * factor), SceneBackground.clamp(c.getGreen() * factor),
                SceneBackground.clamp(c.getBlue() * factor));
    }

    private static double[] meanColour(BufferedImage img, Rectangle2D region) {
        int size = img.getWidth();
        int x0 = Math.max(0, (int) Math.floor(region.getMinX()));
        int y0 = Math.max(0, (int) Math.floor(region.getMinY()));
        int x1 = Math.min(size, (int) Math.ceil(region.getMaxX()));
        int y1 = Math.min(img.getHeight(), (int) Math.ceil(region.getMaxY()));
        int[] px = SceneBackground.pixels(img);
        double r = 0;
        double gr = 0;
        double bl = 0;
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = px[y * size + x];
                r += (p >> 16) & 0xff;
                gr += (p >> 8) & 0xff;
                bl += p & 0xff;
                n++;
            }
        }
        return n == 0 ? new double[] {128, 128, 128} : new double[] {r / n, gr / n, bl / n};
    }

    private static double sq(double v) {
        return v * v;
    }

    /** A shape while the scene is being composed; its visible part shrinks as shapes go on top. */
    private static final class Placed {
        final ShapeKind kind;
        final Path2D.Double outline;
        final double fullArea;
        final double inImageArea;
        final boolean truncated;
        Area visible;

        Placed(ShapeKind kind, Path2D.Double outline, Rectangle2D frame, boolean truncated) {
            this.kind = kind;
            this.outline = outline;
            this.fullArea = Polygons.area(outline);
            Area in = new Area(outline);
            in.intersect(new Area(frame));
            this.visible = in;
            this.inImageArea = Polygons.area(in);
            this.truncated = truncated;
        }
    }
}
