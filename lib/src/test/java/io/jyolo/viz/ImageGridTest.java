package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    private static BufferedImage filled(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void tilesImagesRowByRowIntoCells() {
        List<BufferedImage> images = List.of(filled(200, 100, Color.RED), filled(50, 50, Color.GREEN),
                filled(100, 300, Color.BLUE));
        BufferedImage grid = ImageGrid.tile(images, List.of("red", "green"), 2, 100);
        int cellW = 104;
        assertEquals(2 * cellW + 4, grid.getWidth());
        int cellH = (grid.getHeight() - 4) / 2;
        // centres of the three image cells: red (wide, letterboxed in the cell), green, blue below
        assertEquals(Color.RED.getRGB(), grid.getRGB(4 + 50, 4 + 50));
        assertEquals(Color.WHITE.getRGB(), grid.getRGB(4 + 50, 4 + 10), "above the wide image is white");
        assertEquals(Color.GREEN.getRGB(), grid.getRGB(4 + cellW + 50, 4 + 50));
        assertEquals(Color.BLUE.getRGB(), grid.getRGB(4 + 50, 4 + cellH + 50));
        assertEquals(Color.WHITE.getRGB(), grid.getRGB(4 + cellW + 50, 4 + cellH + 50), "no fourth image");
    }

    @Test
    void defaultLayoutIsNearSquare() {
        BufferedImage grid = ImageGrid.tile(List.of(filled(10, 10, Color.RED), filled(10, 10, Color.RED),
                filled(10, 10, Color.RED), filled(10, 10, Color.RED), filled(10, 10, Color.RED)), null);
        assertEquals(3 * 260 + 4, grid.getWidth());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.tile(List.of(), List.of()));
    }
}
