package io.jyolo.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Converts decoded images of any type into jyolo's two pixel layouts, exactly and fast.
 *
 * <p>{@code TYPE_INT_RGB} is what preprocessing and drawing use; {@code TYPE_3BYTE_BGR} is
 * OpenCV's and the video code's layout. Both come from the same conversion, so a picture read
 * either way has the same pixel values. Gray is replicated without Java2D's linear-to-sRGB
 * curve (which would brighten it), 16-bit samples keep their high byte, transparency is
 * composited over white, and the common case (a JPEG decoded as BGR) is one array pass.
 */
final class PixelConversion {

    private PixelConversion() {
    }

    /** {@code image} itself when it already is a compact {@code TYPE_INT_RGB} image, else a converted copy. */
    static BufferedImage toRgb(BufferedImage image) {
        if (isCompactIntRgb(image)) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        if (isCompactBgr(image)) {
            byte[] b = bytes(image);
            for (int i = 0, p = 0; i < px.length; i++, p += 3) {
                px[i] = (b[p + 2] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p] & 0xFF);
            }
        } else if (isGray(image)) {
            grayToRgb(image.getRaster(), px, w, h);
        } else if (image.getColorModel().hasAlpha()) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    int a = argb >>> 24;
                    px[y * w + x] = over(argb >> 16 & 0xFF, a) << 16 | over(argb >> 8 & 0xFF, a) << 8 | over(argb & 0xFF, a);
                }
            }
        } else {
            image.getRGB(0, 0, w, h, px, 0, w);
            for (int i = 0; i < px.length; i++) {
                px[i] &= 0xFFFFFF;
            }
        }
        return out;
    }

    /** {@code image} itself when it already is a compact {@code TYPE_3BYTE_BGR} image, else a converted copy. */
    static BufferedImage toBgr(BufferedImage image) {
        if (isCompactBgr(image)) {
            return image;
        }
        BufferedImage rgb = toRgb(image);
        int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] b = bytes(out);
        for (int i = 0, p = 0; i < px.length; i++, p += 3) {
            int v = px[i];
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >> 8);
            b[p + 2] = (byte) (v >> 16);
        }
        return out;
    }

    /** Gray (optionally with alpha) of up to 16 bits per sample, read from the raster rather than through a colour model. */
    private static boolean isGray(BufferedImage image) {
        Raster r = image.getRaster();
        int bands = r.getNumBands();
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && (bands == 1 || (bands == 2 && image.getColorModel().hasAlpha()))
                && r.getSampleModel().getSampleSize(0) <= 16;
    }

    private static void grayToRgb(Raster r, int[] px, int w, int h) {
        int bits = r.getSampleModel().getSampleSize(0);
        boolean alpha = r.getNumBands() == 2;
        int alphaBits = alpha ? r.getSampleModel().getSampleSize(1) : 8;
        int[] gray = new int[w];
        int[] opacity = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, gray);
            if (alpha) {
                r.getSamples(0, y, w, 1, 1, opacity);
            }
            for (int x = 0; x < w; x++) {
                int v = to8Bits(gray[x], bits);
                if (alpha) {
                    v = over(v, to8Bits(opacity[x], alphaBits));
                }
                px[y * w + x] = v << 16 | v << 8 | v;
            }
        }
    }

    /** 8 bits unchanged, 16 bits by their high byte, other depths scaled with rounding. */
    private static int to8Bits(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return v >> 8;
        }
        int max = (1 << bits) - 1;
        return (v * 255 + max / 2) / max;
    }

    /** {@code c} with opacity {@code a} (0..255) composited over white. */
    private static int over(int c, int a) {
        return (c * a + 255 * (255 - a) + 127) / 255;
    }

    static boolean isCompactIntRgb(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB
                || !(image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel sm)) {
            return false;
        }
        Raster r = image.getRaster();
        return r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && sm.getScanlineStride() == image.getWidth()
                && r.getDataBuffer().getSize() == image.getWidth() * image.getHeight();
    }

    static boolean isCompactBgr(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
                || !(image.getRaster().getSampleModel() instanceof ComponentSampleModel sm)) {
            return false;
        }
        Raster r = image.getRaster();
        return r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * image.getWidth()
                && r.getDataBuffer().getSize() == 3 * image.getWidth() * image.getHeight();
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
