package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checks the annotation geometry of generated scenes against an independent painter's
 * algorithm: every outline is rasterised in drawing order into an id image, so the pixels
 * left showing object k are its visible part, with no Area arithmetic involved.
 */
class SceneGeneratorTest {

    private static final int SIZE = 128;
    private static final int SCENES = 40;

    @Test
    void boxesOcclusionAndFlagsMatchARasterisedPaintersAlgorithm() {
        SynthConfig config = SynthConfig.builder(Path.of("unused")).imageSize(SIZE).cluttered().build();
        int checked = 0;
        int occludedSeen = 0;
        double worstEdge = 0;
        double edgeSum = 0;
        int edgeCount = 0;
        for (int index = 0; index < SCENES; index++) {
            Scene scene = SyntheticShapes.scene(config, index);
            assertEquals(SIZE, scene.image().getWidth());
            int[] ids = paintIds(scene);
            for (int k = 0; k < scene.items().size(); k++) {
                Scene.Item item = scene.items().get(k);
                String where = "scene " + index + " object " + k + " " + item.kind() + " " + item.box();
                int minX = SIZE;
                int minY = SIZE;
                int maxX = -1;
                int maxY = -1;
                int visible = 0;
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        if (ids[y * SIZE + x] == k + 1) {
                            visible++;
                            minX = Math.min(minX, x);
                            minY = Math.min(minY, y);
                            maxX = Math.max(maxX, x);
                            maxY = Math.max(maxY, y);
                        }
                    }
                }
                assertTrue(visible > 0, where + " is not visible at all");
                Box b = item.box();
                String raster = where + ": raster box " + minX + "," + minY + "," + (maxX + 1) + "," + (maxY + 1);
                // A pixel is filled when its centre is inside: the raster box lies within the exact box
                // (up to the 0.05 px rounding), and falls short of it by at most a sharp tip's sliver.
                assertTrue(minX + 0.5 >= b.xmin() - 0.06 && minY + 0.5 >= b.ymin() - 0.06
                        && maxX + 0.5 <= b.xmax() + 0.06 && maxY + 0.5 <= b.ymax() + 0.06, raster + " exceeds the box");
                double[] edges = {minX - b.xmin(), minY - b.ymin(), b.xmax() - maxX - 1, b.ymax() - maxY - 1};
                for (double e : edges) {
                    assertTrue(e <= 2.5, raster + " is loose by " + e + " px");
                    edgeSum += Math.abs(e);
                    worstEdge = Math.max(worstEdge, e);
                    edgeCount++;
                }

                Rectangle2D bounds = item.outline().getBounds2D();
                boolean leaves = bounds.getMinX() < 0 || bounds.getMinY() < 0
                        || bounds.getMaxX() > SIZE || bounds.getMaxY() > SIZE;
                assertEquals(leaves, item.truncated(), where);

                int inImage = count(item.outline(), 0, SIZE);
                int full = count(item.outline(), SIZE, 3 * SIZE);
                assertTrue(visible >= 0.3 * full - 0.02 * full - 4, where + ": only " + visible + " of " + full
                        + " pixels visible");
                double occluded = 1 - visible / (double) inImage;
                if (inImage >= 200) {
                    assertEquals(occluded, item.occludedFraction(), 0.08, where);
                    checked++;
                }
                assertEquals(item.occludedFraction() >= SceneGenerator.DIFFICULT_OCCLUSION, item.difficult(), where);
                occludedSeen += item.occludedFraction() > 0.05 ? 1 : 0;
            }
        }
        double meanEdge = edgeSum / edgeCount;
        System.out.println("scene geometry: box edge vs raster mean " + meanEdge + " px, worst " + worstEdge + " px, " + checked
                + " occlusion estimates checked, " + occludedSeen + " occluded objects");
        assertTrue(meanEdge < 0.75, "boxes are tight on average: " + meanEdge);
        assertTrue(checked > 50, "enough objects compared: " + checked);
        assertTrue(occludedSeen > 10, "occlusion happens: " + occludedSeen);
    }

    @Test
    void polygonAreaHandlesHolesAndPieces() {
        Area a = new Area(new Rectangle2D.Double(0, 0, 10, 10));
        a.subtract(new Area(new Rectangle2D.Double(2, 2, 3, 3)));
        a.add(new Area(new Rectangle2D.Double(20, 20, 2, 2)));
        assertEquals(100 - 9 + 4, Polygons.area(a), 1e-9);
        assertEquals(0.5, Polygons.area(Polygons.polygon(new double[] {0, 1, 0}, new double[] {0, 0, 1})), 1e-12);
    }

    @Test
    void everyShapeKindHasADistinctOutline() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        java.util.Set<Integer> corners = new java.util.HashSet<>();
        for (ShapeKind k : ShapeKind.values()) {
            corners.add(k.unitOutline(rng)[0].length);
        }
        assertEquals(ShapeKind.values().length, corners.size(), "vertex counts 72, 4, 3, 10, 6");
    }

    /** Object ids (1-based, 0 = background) left visible after filling every outline in order, without antialiasing. */
    private static int[] paintIds(Scene scene) {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        for (int k = 0; k < scene.items().size(); k++) {
            g.setColor(new Color(k + 1));
            g.fill(scene.items().get(k).outline());
        }
        g.dispose();
        int[] ids = img.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        for (int i = 0; i < ids.length; i++) {
            ids[i] &= 0xffffff;
        }
        return ids;
    }

    /** Pixels covered by {@code shape} shifted by {@code offset} on a canvas of {@code canvas} pixels. */
    private static int count(Shape shape, int offset, int canvas) {
        BufferedImage img = new BufferedImage(canvas, canvas, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fill(AffineTransform.getTranslateInstance(offset, offset).createTransformedShape(shape));
        g.dispose();
        byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int n = 0;
        for (byte p : px) {
            n += p != 0 ? 1 : 0;
        }
        return n;
    }
}
