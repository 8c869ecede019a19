package io.jyolo.viz;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws boxes with "class score" labels onto a copy of an image.
 *
 * <p>Always on the original image in its own pixels (the PyTorch original drew on the resized 448 x 448
 * frame); the input is never modified. Line width and font grow with the image so labels stay
 * readable on both thumbnails and photos. Box edges are drawn inside the box's pixels, so a box
 * never covers the pixels just outside it.
 */
public final class BoxPainter {

    private BoxPainter() {
    }

    /** A copy of {@code image} with each detection's box and a "class 0.87" label, coloured by class index. */
    public static BufferedImage drawDetections(BufferedImage image, List<Detection> detections) {
        BufferedImage out = copy(image);
        Graphics2D g = out.createGraphics();
        try {
            Style s = Style.of(out);
            for (Detection d : detections) {
                String label = String.format(Locale.ROOT, "%s %.2f", d.className(), d.score());
                draw(g, out, s, d.box(), Palette.of(d.classIndex()), label, false);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * A copy of {@code image} with the annotated objects, coloured by their index in
     * {@code classNames} (grey when absent); difficult objects are dashed and labelled so.
     */
    public static BufferedImage drawGroundTruth(BufferedImage image, List<VocObject> objects, List<String> classNames) {
        BufferedImage out = copy(image);
        Graphics2D g = out.createGraphics();
        try {
            Style s = Style.of(out);
            for (VocObject o : objects) {
                String label = o.difficult() ? o.name() + " (difficult)" : o.name();
                draw(g, out, s, o.box(), Palette.of(classNames.indexOf(o.name())), label, o.difficult());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** An RGB copy of {@code image}. */
    static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private record Style(int thickness, Font font) {
        static Style of(BufferedImage img) {
            int side = Math.min(img.getWidth(), img.getHeight());
            return new Style(Math.max(2, Math.round(side / 250f)), new Font(Font.SANS_SERIF, Font.BOLD,
                    Math.max(11, Math.round(side / 32f))));
        }
    }

    private static void draw(Graphics2D g, BufferedImage img, Style s, Box box, Color colour, String label,
                             boolean dashed) {
        int x0 = clamp(Math.round(box.xmin()), img.getWidth() - 1);
        int y0 = clamp(Math.round(box.ymin()), img.getHeight() - 1);
        int x1 = clamp(Math.round(box.xmax()) - 1, img.getWidth() - 1);
        int y1 = clamp(Math.round(box.ymax()) - 1, img.getHeight() - 1);
        if (x1 < x0 || y1 < y0) {
            return;
        }
        int t = Math.min(s.thickness(), Math.min(x1 - x0 + 1, y1 - y0 + 1));
        g.setColor(colour);
        int dash = dashed ? 4 * s.thickness() : 0;
        horizontal(g, x0, x1, y0, t, dash);
        horizontal(g, x0, x1, y1 - t + 1, t, dash);
        vertical(g, y0, y1, x0, t, dash);
        vertical(g, y0, y1, x1 - t + 1, t, dash);
        label(g, img, s, x0, y0, colour, label);
    }

    private static void horizontal(Graphics2D g, int from, int to, int y, int t, int dash) {
        int step = dash > 0 ? dash : to - from + 1;
        for (int x = from; x <= to; x += 2 * step) {
            g.fillRect(x, y, Math.min(step, to - x + 1), t);
        }
    }

    private static void vertical(Graphics2D g, int from, int to, int x, int t, int dash) {
        int step = dash > 0 ? dash : to - from + 1;
        for (int y = from; y <= to; y += 2 * step) {
            g.fillRect(x, y, t, Math.min(step, to - y + 1));
        }
    }

    /** The label sits on the box's top edge, outside when there is room above, inside otherwise. */
    private static void label(Graphics2D g, BufferedImage img, Style s, int x0, int y0, Color colour, String text) {
        g.setFont(s.font());
        FontMetrics fm = g.getFontMetrics();
        int pad = Math.max(1, s.thickness() / 2);
        int w = fm.stringWidth(text) + 2 * pad;
        int h = fm.getAscent() + fm.getDescent() + 2 * pad;
        int top = y0 - h >= 0 ? y0 - h : y0;
        int left = Math.max(0, Math.min(x0, img.getWidth() - w));
        g.setColor(colour);
        g.fillRect(left, top, w, h);
        g.setColor(Palette.textOn(colour));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawString(text, left + pad, top + pad + fm.getAscent());
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
