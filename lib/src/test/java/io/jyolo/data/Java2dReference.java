package io.jyolo.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The Java2D image path jyolo used before the resize and the augmentation's warp moved to OpenCV,
 * kept here as the reference the OpenCV path is pinned against and benchmarked with.
 */
final class Java2dReference {

    private Java2dReference() {
    }

    /** The former {@code Resize.apply}: bilinear {@code drawImage} onto the square (grey for letterbox). */
    static BufferedImage resize(BufferedImage image, Resize r) {
        BufferedImage out = new BufferedImage(r.size(), r.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            if (r.mode() == ResizeMode.LETTERBOX) {
                g.setColor(Resize.PAD);
                g.fillRect(0, 0, r.size(), r.size());
            }
            g.drawImage(image, Math.round(r.padX()), Math.round(r.padY()),
                    Math.round(r.srcWidth() * r.scaleX()), Math.round(r.srcHeight() * r.scaleY()), null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The former {@code Augmenter.render}: {@code rgb} drawn through {@code at} onto a grey canvas, bilinear. */
    static BufferedImage warp(BufferedImage rgb, int size, AffineTransform at) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Resize.PAD);
            g.fillRect(0, 0, size, size);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(rgb, at, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
