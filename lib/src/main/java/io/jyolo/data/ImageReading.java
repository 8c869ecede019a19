package io.jyolo.data;

import io.jyolo.image.Images;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The data package's names for {@link Images}, the single image reader: training images are
 * read by exactly the code the detector and the notebooks use (RGB layout). Kept as a thin
 * adapter so the package's call sites stay short.
 */
final class ImageReading {

    private ImageReading() {
    }

    /** Decodes {@code file} into a {@link BufferedImage#TYPE_INT_RGB} image (see {@link Images#readRgb}). */
    static BufferedImage readRgb(Path file) throws IOException {
        return Images.readRgb(file);
    }

    /**
     * Decodes {@code file} into a {@link BufferedImage#TYPE_3BYTE_BGR} image (see {@link Images#read}): the
     * same pixels as {@link #readRgb}, in the byte layout of an OpenCV Mat, so the training pipeline
     * copies it into a Mat without a conversion.
     */
    static BufferedImage readBgr(Path file) throws IOException {
        return Images.read(file);
    }

    /** Width and height from the image header only (no pixel decoding). */
    static Dimension size(Path file) throws IOException {
        return Images.size(file);
    }

    /** Decodes a JPEG with OpenCV (the CMYK/YCCK fallback) as RGB; errors start with {@code source}. */
    static BufferedImage readWithOpenCv(byte[] bytes, String source) throws IOException {
        return Images.toRgb(Images.decodeJpegWithOpenCv(bytes, Path.of(source)));
    }

    /** Converts any decoded image to a compact {@code TYPE_INT_RGB} image (itself when it already is one). */
    static BufferedImage toRgb(BufferedImage img) {
        return Images.toRgb(img);
    }
}
