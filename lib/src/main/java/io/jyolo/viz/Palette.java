package io.jyolo.viz;

import java.awt.Color;

/**
 * A fixed set of well-separated colours, one per class index, so a class keeps its colour across
 * images, videos and runs (the colour never depends on what else is in the frame).
 */
public final class Palette {

    private static final Color[] COLOURS = {
        new Color(230, 25, 75), new Color(60, 180, 75), new Color(255, 225, 25), new Color(0, 130, 200),
        new Color(245, 130, 48), new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230),
        new Color(210, 245, 60), new Color(250, 190, 212), new Color(0, 128, 128), new Color(220, 190, 255),
        new Color(170, 110, 40), new Color(255, 250, 200), new Color(128, 0, 0), new Color(170, 255, 195),
        new Color(128, 128, 0), new Color(255, 215, 180), new Color(0, 0, 128), new Color(255, 255, 255),
    };

    /** Colour for boxes whose class is unknown (negative index). */
    public static final Color UNKNOWN = new Color(160, 160, 160);

    private Palette() {
    }

    /** Number of distinct colours before they repeat. */
    public static int size() {
        return COLOURS.length;
    }

    /** The colour of class {@code classIndex}; indices past the palette wrap around, negative ones are grey. */
    public static Color of(int classIndex) {
        return classIndex < 0 ? UNKNOWN : COLOURS[classIndex % COLOURS.length];
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static Color textOn(Color background) {
        double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luma > 140 ? Color.BLACK : Color.WHITE;
    }
}
