package io.jyolo.data;

import io.jyolo.image.OpenCv;
import java.awt.geom.AffineTransform;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The geometric half of preprocessing and augmentation, on OpenCV: the resize onto the square
 * input ({@link Resize}) and the augmentation's affine warp. OpenCV's separable resize and its
 * fixed-point warp are several times cheaper than Java2D's bilinear {@code drawImage}, and the
 * loader's images per second decide how many cores a GPU needs.
 *
 * <p>The augmentation's warp has two forms: {@link #warp(Mat, AxisWarp)}, a resize between whole-pixel
 * rectangles (what the loader uses: the paper's geometry is axis-aligned), and
 * {@link #warp(Mat, AffineTransform, int)}, {@code warpAffine} for warps that rectangle cannot realise.
 *
 * <p>All take a {@code CV_8UC3} BGR Mat and return the {@code size x size} result as BGR bytes,
 * row-major: every Mat made here is released before returning, so callers hold no native memory.
 * Interpolation is bilinear with pixel centres at half-integer coordinates (the convention of
 * {@link Resize} and of the boxes), uncovered areas are {@link Resize#PAD} grey.
 */
final class MatWarp {

    private MatWarp() {
    }

    /** {@code bgr} (which must be {@code r.srcWidth() x r.srcHeight()}) resized onto the square input of {@code r}. */
    static byte[] resize(Mat bgr, Resize r) {
        checkSource(bgr, r);
        int size = r.size();
        if (r.mode() == ResizeMode.STRETCH) {
            Mat out = new Mat();
            try {
                Imgproc.resize(bgr, out, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
                return bytes(out);
            } finally {
                out.release();
            }
        }
        // letterbox: the picture at whole-pixel offset and size, as the Java2D path drew it
        int x = Math.min(size - 1, Math.round(r.padX()));
        int y = Math.min(size - 1, Math.round(r.padY()));
        int w = Math.max(1, Math.min(size - x, Math.round(r.srcWidth() * r.scaleX())));
        int h = Math.max(1, Math.min(size - y, Math.round(r.srcHeight() * r.scaleY())));
        Mat out = new Mat(size, size, CvType.CV_8UC3, pad());
        try {
            Mat roi = out.submat(y, y + h, x, x + w);
            try {
                Imgproc.resize(bgr, roi, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
            } finally {
                roi.release();
            }
            return bytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * {@code bgr} drawn through {@code at} (original pixels to input pixels, continuous coordinates)
     * onto a grey {@code size x size} canvas. OpenCV puts pixel centres on integers, the boxes on
     * half-integers: the matrix handed to {@code warpAffine} is {@code at} conjugated by that
     * half-pixel shift, so pixels and boxes move together.
     */
    static byte[] warp(Mat bgr, AffineTransform at, int size) {
        checkType(bgr);
        double[] f = new double[6];
        at.getMatrix(f); // m00 m10 m01 m11 m02 m12
        Mat m = new Mat(2, 3, CvType.CV_64F);
        Mat out = new Mat();
        try {
            m.put(0, 0, f[0], f[2], f[4] + 0.5 * (f[0] + f[2]) - 0.5,
                    f[1], f[3], f[5] + 0.5 * (f[1] + f[3]) - 0.5);
            Imgproc.warpAffine(bgr, out, m, new Size(size, size), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, pad());
            return bytes(out);
        } finally {
            m.release();
            out.release();
        }
    }

    /**
     * {@code bgr} drawn through {@code w}: its source rectangle resized onto its input rectangle of a grey
     * {@code w.size() x w.size()} canvas, then mirrored when {@code w.flip()}. Inside the picture's
     * rectangle the pixels are the bilinear resize of the source rectangle (its edge pixels replicated,
     * as {@link #resize} does at the image's edges).
     */
    static byte[] warp(Mat bgr, AxisWarp w) {
        checkType(bgr);
        int size = w.size();
        Mat out = new Mat(size, size, CvType.CV_8UC3, pad());
        Mat src = bgr.submat(w.y().src0(), w.y().src1(), w.x().src0(), w.x().src1());
        Mat dst = out.submat(w.y().dst0(), w.y().dst1(), w.x().dst0(), w.x().dst1());
        try {
            Imgproc.resize(src, dst, dst.size(), 0, 0, Imgproc.INTER_LINEAR);
            if (w.flip()) {
                Core.flip(out, out, 1);
            }
            return bytes(out);
        } finally {
            src.release();
            dst.release();
            out.release();
        }
    }

    /** The pixels of a continuous {@code CV_8UC3} Mat, BGR, row-major. */
    static byte[] bytes(Mat mat) {
        byte[] b = new byte[Math.toIntExact(mat.total() * mat.channels())];
        mat.get(0, 0, b);
        return b;
    }

    private static Scalar pad() {
        return new Scalar(Resize.PAD.getBlue(), Resize.PAD.getGreen(), Resize.PAD.getRed());
    }

    private static void checkSource(Mat bgr, Resize r) {
        checkType(bgr);
        if (bgr.cols() != r.srcWidth() || bgr.rows() != r.srcHeight()) {
            throw new IllegalArgumentException("image is " + bgr.cols() + "x" + bgr.rows()
                    + ", this resize was made for " + r.srcWidth() + "x" + r.srcHeight());
        }
    }

    private static void checkType(Mat bgr) {
        OpenCv.load();
        if (bgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected a CV_8UC3 BGR Mat, got " + CvType.typeToString(bgr.type()));
        }
    }
}
