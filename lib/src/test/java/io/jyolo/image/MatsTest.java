package io.jyolo.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/** Pixel copies between OpenCV Mats and BufferedImages. */
class MatsTest {

    @Test
    void bgrRoundTripIsExact() {
        BufferedImage img = ImagesTest.scene(BufferedImage.TYPE_INT_RGB);
        Mat mat = Mats.toBgrMat(img);
        assertEquals(CvType.CV_8UC3, mat.type());
        assertEquals(60, mat.rows());
        assertEquals(80, mat.cols());
        assertArrayEquals(new double[] {0, 0, 255}, mat.get(30, 20), "red is B=0 G=0 R=255 in OpenCV order");
        assertArrayEquals(new double[] {255, 0, 0}, mat.get(30, 60));
        BufferedImage back = Mats.toBufferedImage(mat);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, back.getType());
        for (int y = 0; y < 60; y += 7) {
            for (int x = 0; x < 80; x += 7) {
                assertEquals(img.getRGB(x, y), back.getRGB(x, y));
            }
        }
        mat.release();
    }

    @Test
    void grayBgraAndSubMats() {
        OpenCv.load();
        Mat gray = new Mat(4, 5, CvType.CV_8UC1, new Scalar(77));
        BufferedImage g = Mats.toBufferedImage(gray);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, g.getType());
        assertEquals(77, g.getRaster().getSample(2, 2, 0));

        Mat bgra = new Mat(3, 3, CvType.CV_8UC4, new Scalar(10, 20, 30, 40));
        BufferedImage a = Mats.toBufferedImage(bgra);
        assertEquals(BufferedImage.TYPE_4BYTE_ABGR, a.getType());
        assertEquals((40 << 24) | (30 << 16) | (20 << 8) | 10, a.getRGB(1, 1));

        Mat big = new Mat(10, 10, CvType.CV_8UC3, new Scalar(1, 2, 3));
        big.submat(new Rect(2, 2, 3, 3)).setTo(new Scalar(9, 8, 7));
        BufferedImage sub = Mats.toBufferedImage(big.submat(new Rect(2, 2, 3, 4)));
        assertEquals(3, sub.getWidth());
        assertEquals(4, sub.getHeight());
        byte[] px = ((DataBufferByte) sub.getRaster().getDataBuffer()).getData();
        assertArrayEquals(new byte[] {9, 8, 7}, java.util.Arrays.copyOf(px, 3));
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOfRange(px, 27, 30), "row 3 is outside the painted part");

        assertThrows(IllegalArgumentException.class, () -> Mats.toBufferedImage(new Mat(2, 2, CvType.CV_32FC1)));
        assertThrows(IllegalArgumentException.class, () -> Mats.toBufferedImage(new Mat()));
    }
}
