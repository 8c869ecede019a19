package io.jyolo.data;

import io.jyolo.image.Images;
import io.jyolo.image.Mats;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.opencv.core.Mat;

/**
 * The geometry that maps an original image onto the square network input and back.
 *
 * <p>Training (boxes from the annotation into the input frame) and detection (predicted
 * boxes from the input frame back to original pixels) both go through this one record, so
 * detections are always drawn and evaluated on the original image, never on the resized one.
 *
 * @param mode      stretch or letterbox
 * @param srcWidth  original width in pixels
 * @param srcHeight original height in pixels
 * @param size      side of the square network input
 * @param scaleX    input pixels per original pixel along x
 * @param scaleY    input pixels per original pixel along y
 * @param padX      left padding in input pixels (letterbox), 0 for stretch
 * @param padY      top padding in input pixels (letterbox), 0 for stretch
 */
public record Resize(ResizeMode mode, int srcWidth, int srcHeight, int size,
                     float scaleX, float scaleY, float padX, float padY) {

    /** Grey used for letterbox padding (the mid value, 0 after normalisation to [-1, 1]). */
    public static final Color PAD = new Color(128, 128, 128);

    /** The geometry for an image of {@code srcWidth x srcHeight} onto a {@code size x size} input. */
    public static Resize of(ResizeMode mode, int srcWidth, int srcHeight, int size) {
        if (srcWidth <= 0 || srcHeight <= 0 || size <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + srcWidth + "x" + srcHeight + " -> " + size);
        }
        if (mode == ResizeMode.STRETCH) {
            return new Resize(mode, srcWidth, srcHeight, size, size / (float) srcWidth, size / (float) srcHeight, 0f, 0f);
        }
        float s = Math.min(size / (float) srcWidth, size / (float) srcHeight);
        float padX = (size - srcWidth * s) / 2f;
        float padY = (size - srcHeight * s) / 2f;
        return new Resize(mode, srcWidth, srcHeight, size, s, s, padX, padY);
    }

    /** A box in original pixels mapped into the input frame. */
    public Box toInput(Box b) {
        return new Box(b.xmin() * scaleX + padX, b.ymin() * scaleY + padY,
                b.xmax() * scaleX + padX, b.ymax() * scaleY + padY);
    }

    /** A box in input pixels mapped back to original pixels, clipped to the image. */
    public Box toOriginal(Box b) {
        return new Box((b.xmin() - padX) / scaleX, (b.ymin() - padY) / scaleY,
                (b.xmax() - padX) / scaleX, (b.ymax() - padY) / scaleY).clip(srcWidth, srcHeight);
    }

    /**
     * Draws {@code image} (which must be {@code srcWidth x srcHeight}) into a new {@code size x size}
     * RGB image: exactly the pixels {@link Preprocess} feeds the network (OpenCV bilinear resize).
     */
    public BufferedImage apply(BufferedImage image) {
        Mat bgr = Mats.toBgrMat(image);
        byte[] pixels;
        try {
            pixels = MatWarp.resize(bgr, this);
        } finally {
            bgr.release();
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(pixels, 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), 0, pixels.length);
        return Images.toRgb(out);
    }
}
