package io.jyolo.data;

import io.jyolo.image.Mats;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.FloatBuffer;
import org.opencv.core.Mat;

/**
 * The single definition of how an image becomes network input, shared by training and detection.
 *
 * <p>Steps, in this order:
 * <ol>
 *   <li>resize to the square input with {@link Resize} ({@link ResizeMode#STRETCH} by default,
 *       {@link ResizeMode#LETTERBOX} pads with {@link Resize#PAD} grey), bilinear, on OpenCV
 *       ({@link MatWarp#resize});</li>
 *   <li>channel order R, G, B (the PyTorch original read BGR with OpenCV; here everything is RGB);</li>
 *   <li>layout CHW (all R values row by row, then G, then B), float32;</li>
 *   <li>values scaled to [-1, 1]: {@code v / 255 * 2 - 1} (so the letterbox grey 128 is ~0).</li>
 * </ol>
 * The result is written into a caller-provided {@code float[]} (or {@link FloatBuffer}) at an
 * offset so that a batch of N images is one array of {@code N * 3 * size * size} floats, turned
 * into an NDArray once per batch rather than once per image. A model trained on this input only
 * works when detection feeds it the same transformation: call this class, do not re-implement it.
 */
public final class Preprocess {

    private Preprocess() {
    }

    /** Floats per image: {@code 3 * size * size}. */
    public static int floatsPerImage(int size) {
        return 3 * size * size;
    }

    /** The geometry for {@code image} onto a {@code size x size} input. */
    public static Resize geometry(BufferedImage image, int size, ResizeMode mode) {
        return Resize.of(mode, image.getWidth(), image.getHeight(), size);
    }

    /** Resizes and normalises {@code image} into a new array of {@code 3 * size * size} floats. */
    public static float[] toInput(BufferedImage image, int size, ResizeMode mode) {
        float[] out = new float[floatsPerImage(size)];
        toInput(image, geometry(image, size, mode), out, 0);
        return out;
    }

    /**
     * Resizes {@code image} with {@code geometry} and writes the normalised CHW floats into
     * {@code dst} starting at {@code offset}.
     *
     * @return the geometry, for mapping predicted boxes back to the original image
     */
    public static Resize toInput(BufferedImage image, Resize geometry, float[] dst, int offset) {
        Mat bgr = Mats.toBgrMat(image);
        try {
            toInput(bgr, geometry, dst, offset);
        } finally {
            bgr.release();
        }
        return geometry;
    }

    /** As {@link #toInput(BufferedImage, Resize, float[], int)} for a {@code CV_8UC3} BGR Mat (the training reader's). */
    static void toInput(Mat bgr, Resize geometry, float[] dst, int offset) {
        writeChwBgr(MatWarp.resize(bgr, geometry), geometry.size(), dst, offset);
    }

    /** As {@link #toInput(BufferedImage, Resize, float[], int)}, writing at the buffer's current position (advanced). */
    public static Resize toInput(BufferedImage image, Resize geometry, FloatBuffer dst) {
        float[] tmp = new float[floatsPerImage(geometry.size())];
        toInput(image, geometry, tmp, 0);
        dst.put(tmp);
        return geometry;
    }

    /** Writes an already square, already resized image as normalised CHW floats. */
    public static void writeChw(BufferedImage square, float[] dst, int offset) {
        if (square.getWidth() != square.getHeight()) {
            throw new IllegalArgumentException("expected a square image, got " + square.getWidth() + "x" + square.getHeight());
        }
        BufferedImage rgb = ImageReading.toRgb(square);
        int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        writeChw(px, square.getWidth(), dst, offset);
    }

    /** Writes packed {@code 0xRRGGBB} pixels of a {@code size x size} image as normalised CHW floats. */
    static void writeChw(int[] rgb, int size, float[] dst, int offset) {
        int plane = size * size;
        checkSizes(rgb.length, plane, dst, offset);
        int g = offset + plane;
        int b = offset + 2 * plane;
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            dst[offset + i] = normalise((p >> 16) & 0xff);
            dst[g + i] = normalise((p >> 8) & 0xff);
            dst[b + i] = normalise(p & 0xff);
        }
    }

    /** Writes BGR bytes (row-major, 3 per pixel) of a {@code size x size} image as normalised RGB CHW floats. */
    static void writeChwBgr(byte[] bgr, int size, float[] dst, int offset) {
        int plane = size * size;
        checkSizes(bgr.length / 3, plane, dst, offset);
        int g = offset + plane;
        int b = offset + 2 * plane;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            dst[offset + i] = NORMALISED[bgr[p + 2] & 0xff];
            dst[g + i] = NORMALISED[bgr[p + 1] & 0xff];
            dst[b + i] = NORMALISED[bgr[p] & 0xff];
        }
    }

    /** {@link #normalise} for every 8-bit value. */
    private static final float[] NORMALISED = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            NORMALISED[v] = normalise(v);
        }
    }

    static void checkSizes(int pixels, int plane, float[] dst, int offset) {
        if (pixels < plane) {
            throw new IllegalArgumentException("pixel array holds " + pixels + " pixels, need " + plane);
        }
        if (offset < 0 || offset + 3 * plane > dst.length) {
            throw new IndexOutOfBoundsException("cannot write " + 3 * plane + " floats at " + offset
                    + " into an array of " + dst.length);
        }
    }

    /** {@code v / 255 * 2 - 1} for an 8-bit value. */
    public static float normalise(int v) {
        return v / 255f * 2f - 1f;
    }
}
