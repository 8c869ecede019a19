package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whole-pixel realisation of the augmentation's warp ({@link AxisWarp}) stays within its stated
 * rounding of the drawn transform, and its {@link AxisWarp#transform()} is exactly the map its
 * rectangles describe (so boxes and pixels agree).
 */
class AxisWarpTest {

    /** How far apart two transforms put a point, in input pixels. */
    private static double distance(AffineTransform a, AffineTransform b, double x, double y) {
        Point2D p = a.transform(new Point2D.Double(x, y), null);
        Point2D q = b.transform(new Point2D.Double(x, y), null);
        return Math.max(Math.abs(p.getX() - q.getX()), Math.abs(p.getY() - q.getY()));
    }

    @Test
    void onThePictureTheRealisedWarpIsWithinTheRoundingOfTheDrawnOne() {
        Augmentation paper = Augmentation.paper();
        int[][] sizes = {{500, 375}, {375, 500}, {64, 48}, {4032, 3024}, {448, 448}, {97, 1001}};
        int realised = 0;
        double worst = 0;
        for (int[] wh : sizes) {
            for (ResizeMode mode : ResizeMode.values()) {
                for (int size : new int[] {96, 448}) {
                    Resize r = Resize.of(mode, wh[0], wh[1], size);
                    for (long seed = 0; seed < 200; seed++) {
                        Augmenter.Draw d = Augmenter.draw(paper, size, new SplittableRandom(seed));
                        AffineTransform drawn = Augmenter.transform(r, d);
                        AxisWarp w = AxisWarp.realise(drawn, wh[0], wh[1], size);
                        if (w == null) {
                            // only a sliver of a picture is left to warpAffine (a letterboxed 97 x 1001 at 96)
                            double narrowest = Math.min(Math.abs(drawn.getScaleX()) * wh[0], drawn.getScaleY() * wh[1]);
                            assertTrue(narrowest < AxisWarp.MIN_SPAN + 1, wh[0] + "x" + wh[1] + " " + mode + " " + d);
                            continue;
                        }
                        realised++;
                        AffineTransform t = w.transform();
                        // each rectangle end is rounded by half an input pixel and half an original pixel
                        double allowed = 0.5 + 0.5 * Math.max(Math.abs(drawn.getScaleX()), drawn.getScaleY()) + 1e-9;
                        // on the visible part of the picture (beyond it, the rounded scale extrapolates)
                        double[][] points = {{w.x().src0(), w.y().src0()}, {w.x().src1(), w.y().src1()},
                            {(w.x().src0() + w.x().src1()) / 2.0, (w.y().src0() + 2.0 * w.y().src1()) / 3}};
                        for (double[] p : points) {
                            double dist = distance(drawn, t, p[0], p[1]);
                            worst = Math.max(worst, dist);
                            assertTrue(dist <= allowed, wh[0] + "x" + wh[1] + " " + mode + " " + d + ": " + dist);
                        }
                        assertEquals(d.flip(), w.flip());
                        assertEquals(d.flip(), t.getScaleX() < 0);
                    }
                }
            }
        }
        System.out.printf("AxisWarp: %d draws realised, worst distance from the drawn warp %.3f input px%n",
                realised, worst);
    }

    @Test
    void transformMapsEachSourceRectangleOntoItsInputRectangle() {
        Resize r = Resize.of(ResizeMode.STRETCH, 500, 375, 448);
        for (long seed = 0; seed < 50; seed++) {
            Augmenter.Draw d = Augmenter.draw(Augmentation.paper(), 448, new SplittableRandom(seed));
            AxisWarp w = AxisWarp.realise(Augmenter.transform(r, d), 500, 375, 448);
            AffineTransform t = w.transform();
            Point2D a = t.transform(new Point2D.Double(w.x().src0(), w.y().src0()), null);
            Point2D b = t.transform(new Point2D.Double(w.x().src1(), w.y().src1()), null);
            double x0 = w.flip() ? 448 - w.x().dst0() : w.x().dst0();
            double x1 = w.flip() ? 448 - w.x().dst1() : w.x().dst1();
            assertEquals(x0, a.getX(), 1e-9);
            assertEquals(x1, b.getX(), 1e-9);
            assertEquals(w.y().dst0(), a.getY(), 1e-9);
            assertEquals(w.y().dst1(), b.getY(), 1e-9);
            assertTrue(w.x().dst0() >= 0 && w.x().dst1() <= 448 && w.x().src0() >= 0 && w.x().src1() <= 500);
            assertTrue(w.y().dst0() >= 0 && w.y().dst1() <= 448 && w.y().src0() >= 0 && w.y().src1() <= 375);
        }
    }

    @Test
    void warpsARectangleCannotRealiseAreLeftToWarpAffine() {
        AffineTransform rotation = AffineTransform.getRotateInstance(0.1);
        assertNull(AxisWarp.realise(rotation, 100, 100, 96), "rotation");
        AffineTransform upsideDown = new AffineTransform(1, 0, 0, -1, 0, 96);
        assertNull(AxisWarp.realise(upsideDown, 96, 96, 96), "vertical mirror");
        AffineTransform almostOut = AffineTransform.getTranslateInstance(92, 0);
        assertNull(AxisWarp.realise(almostOut, 96, 96, 96), "4 visible columns");
        AffineTransform identity = new AffineTransform();
        AxisWarp w = AxisWarp.realise(identity, 96, 96, 96);
        assertEquals(new AxisWarp.Span(0, 96, 0, 96), w.x());
        assertEquals(identity, w.transform());
    }
}
