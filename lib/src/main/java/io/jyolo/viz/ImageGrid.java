package io.jyolo.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Tiles several images with captions into one image, so a notebook cell can show a batch of
 * previews or detections as a single picture.
 */
public final class ImageGrid {

    private ImageGrid() {
    }

    /** {@link #tile(List, List, int, int)} with a near-square layout and 256-pixel cells. */
    public static BufferedImage tile(List<BufferedImage> images, List<String> captions) {
        return tile(images, captions, 0, 256);
    }

    /**
     * Each image scaled (aspect kept) into a {@code cellSize x cellSize} square, centred on white,
     * with its caption below.
     *
     * @param captions one per image, or fewer / {@code null} (missing captions are left blank)
     * @param columns  images per row; 0 or less picks {@code ceil(sqrt(n))}
     * @param cellSize side of each image cell in pixels
     */
    public static BufferedImage tile(List<BufferedImage> images, List<String> captions, int columns, int cellSize) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to tile");
        }
        if (cellSize < 8) {
            throw new IllegalArgumentException("cell size must be at least 8 pixels, got " + cellSize);
        }
        int n = images.size();
        int cols = columns > 0 ? Math.min(columns, n) : (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, cellSize / 16));
        int gap = 4;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        pg.dispose();
        int captionH = fm.getHeight() + gap;
        int cellW = cellSize + gap;
        int cellH = cellSize + captionH + gap;
        BufferedImage out = new BufferedImage(cols * cellW + gap, rows * cellH + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            for (int k = 0; k < n; k++) {
                BufferedImage img = images.get(k);
                int cx = gap + (k % cols) * cellW;
                int cy = gap + (k / cols) * cellH;
                double scale = Math.min(cellSize / (double) img.getWidth(), cellSize / (double) img.getHeight());
                int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
                g.drawImage(img, cx + (cellSize - w) / 2, cy + (cellSize - h) / 2, w, h, null);
                String caption = captions != null && k < captions.size() && captions.get(k) != null ? captions.get(k) : "";
                g.setColor(Color.BLACK);
                g.drawString(fit(caption, fm, cellSize), cx, cy + cellSize + gap + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The caption, shortened with an ellipsis to fit {@code width} pixels. */
    private static String fit(String text, FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "...") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "...";
    }
}
