package io.jyolo.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Copies pixels between OpenCV {@link Mat}s and {@link BufferedImage}s.
 *
 * <p>Both directions copy, so the result never shares memory with the input: a Mat may be
 * released (or a camera buffer reused) while the image lives on. Colour images are
 * {@link BufferedImage#TYPE_3BYTE_BGR}, whose byte layout is exactly OpenCV's BGR, so the
 * copy is a single array transfer.
 */
public final class Mats {

    private Mats() {
    }

    /**
     * A new image holding the pixels of {@code mat}: {@code CV_8UC3} (BGR) gives
     * {@code TYPE_3BYTE_BGR}, {@code CV_8UC1} gives {@code TYPE_BYTE_GRAY}, {@code CV_8UC4}
     * (BGRA) gives {@code TYPE_4BYTE_ABGR}.
     */
    public static BufferedImage toBufferedImage(Mat mat) {
        OpenCv.load();
        if (mat.empty()) {
            throw new IllegalArgumentException("empty Mat");
        }
        Mat src = mat.isContinuous() ? mat : mat.clone();
        int w = src.cols();
        int h = src.rows();
        int type = src.type();
        BufferedImage out;
        if (type == CvType.CV_8UC3) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            src.get(0, 0, bytes(out));
        } else if (type == CvType.CV_8UC1) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            src.get(0, 0, bytes(out));
        } else if (type == CvType.CV_8UC4) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
            byte[] bgra = new byte[w * h * 4];
            src.get(0, 0, bgra);
            byte[] abgr = bytes(out);
            for (int i = 0; i < bgra.length; i += 4) {
                abgr[i] = bgra[i + 3];
                abgr[i + 1] = bgra[i];
                abgr[i + 2] = bgra[i + 1];
                abgr[i + 3] = bgra[i + 2];
            }
        } else {
            throw new IllegalArgumentException("unsupported Mat type " + CvType.typeToString(type)
                    + " (expected CV_8UC1, CV_8UC3 or CV_8UC4)");
        }
        if (src != mat) {
            src.release();
        }
        return out;
    }

    /** A new {@code CV_8UC3} BGR Mat with the pixels of {@code image} (any type; see {@link Images#toBgr}). */
    public static Mat toBgrMat(BufferedImage image) {
        OpenCv.load();
        BufferedImage bgr = Images.toBgr(image);
        Mat mat = new Mat(bgr.getHeight(), bgr.getWidth(), CvType.CV_8UC3);
        mat.put(0, 0, bytes(bgr));
        return mat;
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
