package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxPainterTest {

    private static final int BG = new Color(20, 40, 60).getRGB() & 0xffffff;

    private static BufferedImage plain(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(BG));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void boxEdgesTakeTheClassColourAndTheInsideAndOutsideStayUntouched() {
        BufferedImage original = plain(300, 200);
        Detection d = new Detection(3, "cat", 0.87f, new Box(100, 80, 200, 160));
        BufferedImage out = BoxPainter.drawDetections(original, List.of(d));
        int colour = Palette.of(3).getRGB() & 0xffffff;
        // edges: left, right (last pixel column inside the box is 199), bottom, top
        assertEquals(colour, rgb(out, 100, 120));
        assertEquals(colour, rgb(out, 199, 120));
        assertEquals(colour, rgb(out, 150, 159));
        assertEquals(colour, rgb(out, 150, 80));
        // inside, just past the line width, and outside, just past the box
        assertEquals(BG, rgb(out, 150, 120));
        assertEquals(BG, rgb(out, 105, 120));
        assertEquals(BG, rgb(out, 98, 120));
        assertEquals(BG, rgb(out, 201, 120));
        assertEquals(BG, rgb(out, 150, 161));
        // the label background sits just above the box's top-left corner
        assertEquals(colour, rgb(out, 101, 78));
        // the original is untouched and the copy has its size
        assertEquals(BG, rgb(original, 100, 120));
        assertEquals(300, out.getWidth());
        assertEquals(200, out.getHeight());
    }

    @Test
    void classesGetStableDistinctColours() {
        BufferedImage original = plain(200, 200);
        List<Detection> dets = List.of(new Detection(0, "a", 0.9f, new Box(20, 40, 80, 100)),
                new Detection(1, "b", 0.8f, new Box(120, 40, 180, 100)));
        BufferedImage out = BoxPainter.drawDetections(original, dets);
        assertEquals(Palette.of(0).getRGB() & 0xffffff, rgb(out, 20, 70));
        assertEquals(Palette.of(1).getRGB() & 0xffffff, rgb(out, 120, 70));
        assertNotEquals(Palette.of(0), Palette.of(1));
        assertEquals(Palette.of(2), Palette.of(2 + Palette.size()));
        assertEquals(Palette.UNKNOWN, Palette.of(-1));
    }

    @Test
    void boxAtTheTopEdgeGetsItsLabelInsideAndBoxesPastTheImageAreClipped() {
        BufferedImage out = BoxPainter.drawDetections(plain(100, 100),
                List.of(new Detection(0, "a", 0.5f, new Box(-10, 0, 150, 60))));
        int colour = Palette.of(0).getRGB() & 0xffffff;
        assertEquals(colour, rgb(out, 0, 50), "left edge clipped to column 0");
        assertEquals(colour, rgb(out, 99, 50), "right edge clipped to the last column");
        assertEquals(colour, rgb(out, 50, 59));
        assertEquals(BG, rgb(out, 50, 61));
        assertEquals(colour, rgb(out, 3, 5), "label drawn inside, below the top edge");
    }

    @Test
    void groundTruthIsDrawnByClassListIndex() {
        BufferedImage out = BoxPainter.drawGroundTruth(plain(200, 200),
                List.of(VocObject.of("dog", new Box(50, 50, 150, 150))), List.of("cat", "dog"));
        assertEquals(Palette.of(1).getRGB() & 0xffffff, rgb(out, 50, 100));
        assertEquals(BG, rgb(out, 100, 100));
    }
}
