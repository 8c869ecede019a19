package io.jyolo.data;

import io.jyolo.image.Mats;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.Mat;

/**
 * Applies an {@link Augmentation} to one decoded image and its boxes, writing the network input.
 *
 * <p>Image and boxes go through one {@link AffineTransform} (resize, flip, scale about the centre,
 * shift), so they cannot disagree: the drawn transform is realised with whole-pixel rectangles
 * ({@link AxisWarp}, a resize, several times cheaper than a general warp), and the boxes go through the
 * realised one. With no geometric augmentation the image goes through {@link MatWarp#resize} and {@link Preprocess},
 * bit-identical to detection. The colour jitter stays in Java: one fused pass in float that also
 * writes the CHW input, where OpenCV's 8-bit HSV would quantise hue and cost as much.
 */
final class Augmenter {

    private Augmenter() {
    }

    /** The random choices for one sample. */
    record Draw(boolean flip, float scale, float shiftX, float shiftY, float exposure, float saturation) {

        static final Draw IDENTITY = new Draw(false, 1f, 0f, 0f, 1f, 1f);

        boolean geometric() {
            return flip || scale != 1f || shiftX != 0f || shiftY != 0f;
        }

        boolean photometric() {
            return exposure != 1f || saturation != 1f;
        }
    }

    /** What became of the boxes. */
    record Result(List<InputBox> boxes, int dropped, Draw draw) {
    }

    /** Draws the random choices; always consumes the same number of values from {@code rnd}. */
    static Draw draw(Augmentation a, int size, SplittableRandom rnd) {
        boolean flip = rnd.nextDouble() < a.flipProbability();
        float scale = 1f + (float) ((rnd.nextDouble() * 2 - 1) * a.scale());
        float dx = (float) ((rnd.nextDouble() * 2 - 1) * a.translate() * size);
        float dy = (float) ((rnd.nextDouble() * 2 - 1) * a.translate() * size);
        float exposure = randomScale(a.exposure(), rnd);
        float saturation = randomScale(a.saturation(), rnd);
        return new Draw(flip, scale, dx, dy, exposure, saturation);
    }

    /** A factor in [1, max], inverted with probability 1/2. */
    private static float randomScale(float max, SplittableRandom rnd) {
        float v = 1f + (float) (rnd.nextDouble() * (max - 1f));
        boolean invert = rnd.nextBoolean();
        return invert ? 1f / v : v;
    }

    /** Original image pixels to input pixels: resize, then flip, then scale about the centre, then shift. */
    static AffineTransform transform(Resize r, Draw d) {
        double c = r.size() / 2.0;
        AffineTransform at = new AffineTransform();
        at.translate(c + d.shiftX(), c + d.shiftY());
        at.scale(d.scale(), d.scale());
        at.translate(-c, -c);
        if (d.flip()) {
            at.translate(r.size(), 0);
            at.scale(-1, 1);
        }
        at.translate(r.padX(), r.padY());
        at.scale(r.scaleX(), r.scaleY());
        return at;
    }

    /** As {@link #apply(Mat, Resize, List, Augmentation, SplittableRandom, float[], int)} for a decoded image of any type. */
    static Result apply(BufferedImage image, Resize r, List<InputBox> boxes, Augmentation a, SplittableRandom rnd,
                        float[] dst, int offset) {
        Mat bgr = Mats.toBgrMat(image);
        try {
            return apply(bgr, r, boxes, a, rnd, dst, offset);
        } finally {
            bgr.release();
        }
    }

    /**
     * Augments {@code bgr} (the original image as a {@code CV_8UC3} Mat, {@code r.srcWidth() x
     * r.srcHeight()}; not released here) and writes the normalised RGB CHW input into {@code dst}
     * at {@code offset}.
     *
     * @param boxes objects in original pixels
     */
    static Result apply(Mat bgr, Resize r, List<InputBox> boxes, Augmentation a, SplittableRandom rnd,
                        float[] dst, int offset) {
        Draw d = a.geometric() || a.photometric() ? draw(a, r.size(), rnd) : Draw.IDENTITY;
        AffineTransform at = transform(r, d);
        byte[] px;
        AxisWarp realised = d.geometric() ? AxisWarp.realise(at, r.srcWidth(), r.srcHeight(), r.size()) : null;
        if (realised != null) {
            at = realised.transform(); // the boxes follow the pixels' whole-pixel rounding
            px = MatWarp.warp(bgr, realised);
        } else {
            px = d.geometric() ? MatWarp.warp(bgr, at, r.size()) : MatWarp.resize(bgr, r);
        }
        if (d.photometric()) {
            writeChwHsv(px, r.size(), d.exposure(), d.saturation(), dst, offset);
        } else {
            Preprocess.writeChwBgr(px, r.size(), dst, offset);
        }
        List<InputBox> out = new ArrayList<>(boxes.size());
        int dropped = 0;
        for (InputBox b : boxes) {
            Box t = d.geometric() ? transformBox(at, b.box()) : r.toInput(b.box());
            Box visible = t.clip(r.size(), r.size());
            boolean tooSmall = visible.width() < a.minBoxSide() || visible.height() < a.minBoxSide()
                    || visible.area() <= 0f || visible.area() < a.minVisibleFraction() * t.area();
            if (tooSmall) {
                dropped++;
            } else {
                out.add(new InputBox(b.classIndex(), visible, b.difficult()));
            }
        }
        return new Result(out, dropped, d);
    }

    /** The axis-aligned image of {@code b} under {@code at} (exact: the transform only scales, flips and shifts). */
    static Box transformBox(AffineTransform at, Box b) {
        Point2D p = at.transform(new Point2D.Float(b.xmin(), b.ymin()), null);
        Point2D q = at.transform(new Point2D.Float(b.xmax(), b.ymax()), null);
        return new Box((float) Math.min(p.getX(), q.getX()), (float) Math.min(p.getY(), q.getY()),
                (float) Math.max(p.getX(), q.getX()), (float) Math.max(p.getY(), q.getY()));
    }

    /** 1/n for n = 1..255; entry 0 is 0. */
    private static final float[] INVERSE = new float[256];

    static {
        for (int n = 1; n < 256; n++) {
            INVERSE[n] = 1f / n;
        }
    }

    /** Per worker thread: the table of {@code 2 V' S' / (max - min)} by max and max - min (256 KB, refilled per image). */
    private static final ThreadLocal<float[]> K_TABLE = ThreadLocal.withInitial(() -> new float[256 * 256]);

    /**
     * Writes BGR bytes as normalised RGB CHW floats with HSV value multiplied by {@code exposure} and saturation by
     * {@code saturation} (both clamped to 1), hue unchanged. Uses the identity
     * {@code c = V (1 - S w_c)}, where {@code w_c = (max - c) / (max - min)} depends on hue only, so
     * no explicit hue is computed: {@code c' = V' - k (max - c)} with
     * {@code k = V' S' / (max - min) = V' min(saturation / max, 1 / (max - min))}. {@code 2k} depends on
     * max and max - min alone, so it comes from one 256 x 256 table filled once per image (a third of the
     * per-pixel work of computing it from three 256-entry tables; the same floats).
     */
    static void writeChwHsv(byte[] bgr, int size, float exposure, float saturation, float[] dst, int offset) {
        float[] base = new float[256]; // 2 V' - 1: the normalised channel at the maximum
        float[] k2 = K_TABLE.get();    // 2 k, at max << 8 | (max - min)
        for (int m = 0; m < 256; m++) {
            float twoValue = 2f * Math.min(1f, m / 255f * exposure);
            base[m] = twoValue - 1f;
            float satInverse = saturation * INVERSE[m];
            // INVERSE[0] is 0, so grey (max == min) gets k = 0 without a branch
            for (int d = 0; d <= m; d++) {
                k2[(m << 8) | d] = twoValue * Math.min(satInverse, INVERSE[d]);
            }
        }
        int plane = size * size;
        Preprocess.checkSizes(bgr.length / 3, plane, dst, offset);
        int gOff = offset + plane;
        int bOff = offset + 2 * plane;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            int b = bgr[p] & 0xff;
            int g = bgr[p + 1] & 0xff;
            int r = bgr[p + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            float top = base[max];
            float k = k2[(max << 8) | (max - min)];
            float vr = top - k * (max - r);
            float vg = top - k * (max - g);
            float vb = top - k * (max - b);
            // rounding can take a channel a hair below -1 (the formula's minimum); not NaN, so no Math.max
            dst[offset + i] = vr < -1f ? -1f : vr;
            dst[gOff + i] = vg < -1f ? -1f : vg;
            dst[bOff + i] = vb < -1f ? -1f : vb;
        }
    }
}
