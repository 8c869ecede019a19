package io.jyolo.data;

import java.awt.geom.AffineTransform;

/**
 * An axis-aligned warp (scale, shift and horizontal flip: the paper augmentation's geometry) realised as
 * one resize of a whole-pixel rectangle of the original into a whole-pixel rectangle of the input, then an
 * optional mirror of the input. OpenCV's separable resize does that in about a third of the time of
 * {@code warpAffine}, which maps every output pixel through the matrix; the loader's images per second
 * per core decide how many cores a GPU needs.
 *
 * <p>Rectangles must have whole-pixel corners, so the realised warp differs from the drawn one by at most
 * half an input pixel plus half an original pixel (scaled) at each edge: {@link #transform()} is the
 * realised warp exactly, and the boxes go through it, so pixels and boxes still move together. The
 * augmentation is random anyway; a sub-pixel change of its draw changes nothing a network can learn.
 *
 * @param size the input side
 * @param x    the horizontal rectangle sides, before the mirror
 * @param y    the vertical rectangle sides
 * @param flip whether the input is mirrored left to right after the resize
 */
record AxisWarp(int size, Span x, Span y, boolean flip) {

    /**
     * A span realised along one axis: original pixels {@code [src0, src1)} go onto input pixels
     * {@code [dst0, dst1)}; the rest of the input is grey.
     */
    record Span(int src0, int src1, int dst0, int dst1) {

        /** Input pixels per original pixel. */
        double scale() {
            return (dst1 - dst0) / (double) (src1 - src0);
        }

        /** Where original coordinate 0 lands (continuous coordinates, before the mirror). */
        double offset() {
            return dst0 - src0 * scale();
        }
    }

    /**
     * Spans shorter than this are not realised: rounding their ends to whole pixels would change the
     * scale by more than a few per cent, so such warps go through {@code warpAffine} unchanged.
     */
    static final int MIN_SPAN = 8;

    /**
     * The whole-pixel realisation of {@code at} (original pixels to input pixels, continuous coordinates)
     * for an original of {@code srcWidth x srcHeight}, or null when {@code at} rotates or shears, mirrors
     * vertically, or leaves less than {@link #MIN_SPAN} pixels of the picture visible along an axis.
     */
    static AxisWarp realise(AffineTransform at, int srcWidth, int srcHeight, int size) {
        if (at.getShearX() != 0 || at.getShearY() != 0 || at.getScaleY() <= 0 || at.getScaleX() == 0) {
            return null;
        }
        boolean flip = at.getScaleX() < 0;
        // the mirror is applied last, to the whole input: realise its mirror image, x -> size - x
        double sx = flip ? -at.getScaleX() : at.getScaleX();
        double tx = flip ? size - at.getTranslateX() : at.getTranslateX();
        Span x = span(sx, tx, srcWidth, size);
        Span y = span(at.getScaleY(), at.getTranslateY(), srcHeight, size);
        return x == null || y == null ? null : new AxisWarp(size, x, y, flip);
    }

    /** The visible part of {@code v -> scale * v + shift} over {@code [0, n)}, ends rounded to whole pixels. */
    private static Span span(double scale, double shift, int n, int size) {
        long dst0 = Math.max(0, Math.round(shift));
        long dst1 = Math.min(size, Math.round(scale * n + shift));
        long src0 = Math.max(0, Math.round((dst0 - shift) / scale));
        long src1 = Math.min(n, Math.round((dst1 - shift) / scale));
        if (dst1 - dst0 < MIN_SPAN || src1 - src0 < MIN_SPAN) {
            return null;
        }
        return new Span((int) src0, (int) src1, (int) dst0, (int) dst1);
    }

    /** The realised warp, original pixels to input pixels: what the boxes must go through. */
    AffineTransform transform() {
        double sx = x.scale();
        double tx = x.offset();
        if (flip) {
            sx = -sx;
            tx = size - tx;
        }
        return new AffineTransform(sx, 0, 0, y.scale(), tx, y.offset());
    }
}
