package io.jyolo.viz;

import java.awt.image.BufferedImage;

/**
 * A jyolo result that knows how it looks in a notebook (detections on an image, a dataset
 * preview...). The kernel extension {@link io.jyolo.notebook.JyoloDisplay JyoloDisplay} shows its
 * image, its HTML, or both. It needs nothing from the notebook kernel, so it lives here, below the
 * packages whose results implement it ({@code detect}, {@code viz}).
 */
public interface Displayable {

    /** The picture to show, or null. */
    default BufferedImage image() {
        return null;
    }

    /** HTML to show, or null. */
    default String html() {
        return null;
    }
}
