package io.jyolo.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RGB reader (training and detection) and the BGR reader (video, OpenCV) are one decoder with two layouts. */
class ReadRgbTest {

    @TempDir
    Path tmp;

    @Test
    void rgbAndBgrReadersGiveTheSamePixelsForEveryKindOfFile() throws Exception {
        Path[] files = {
            write("colour.jpg", noise(BufferedImage.TYPE_INT_RGB), "jpeg"),
            write("colour.png", noise(BufferedImage.TYPE_INT_RGB), "png"),
            write("gray.png", noise(BufferedImage.TYPE_BYTE_GRAY), "png"),
            write("gray16.png", noise(BufferedImage.TYPE_USHORT_GRAY), "png"),
            write("alpha.png", noise(BufferedImage.TYPE_INT_ARGB), "png"),
            write("palette.png", palette(), "png"),
            write("bitmap.bmp", noise(BufferedImage.TYPE_INT_RGB), "bmp"),
        };
        for (Path f : files) {
            BufferedImage rgb = Images.readRgb(f);
            BufferedImage bgr = Images.read(f);
            assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType(), f.toString());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, bgr.getType(), f.toString());
            int[] a = rgb.getRGB(0, 0, 40, 30, null, 0, 40);
            int[] b = bgr.getRGB(0, 0, 40, 30, null, 0, 40);
            assertTrue(Arrays.equals(a, b), f + ": RGB and BGR readers disagree");
        }
    }

    @Test
    void partialTransparencyIsCompositedOverWhiteInBothLayouts() throws Exception {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF0000); // half-transparent red
        Path f = write("half.png", argb, "png");
        // alpha 128/255: red 255 stays 255, green and blue 0 become 255 * 127/255 = 127 (rounded)
        assertEquals(0xFF7F7F, Images.readRgb(f).getRGB(0, 0) & 0xFFFFFF);
        assertEquals(Images.readRgb(f).getRGB(0, 0), Images.read(f).getRGB(0, 0));
    }

    @Test
    void toRgbCopiesSubImagesSoPixelArraysAreCompact() {
        BufferedImage big = noise(BufferedImage.TYPE_INT_RGB);
        assertSame(big, Images.toRgb(big));
        BufferedImage sub = big.getSubimage(5, 5, 10, 8);
        BufferedImage rgb = Images.toRgb(sub);
        assertEquals(10 * 8, ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData().length);
        assertEquals(sub.getRGB(3, 4), rgb.getRGB(3, 4));
    }

    @Test
    void damagedJpegDataIsAnErrorForBothReaders() throws Exception {
        Path whole = write("whole.jpg", noise(BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] b = Files.readAllBytes(whole);
        for (int i = b.length / 3; i < b.length - 10; i += 37) {
            b[i] = (byte) (b[i] * 7 + 13); // scribble over the compressed data, keep the structure's end
        }
        Path bad = Files.write(tmp.resolve("scribbled.jpg"), b);
        ImageReadException rgb = assertThrows(ImageReadException.class, () -> Images.readRgb(bad));
        ImageReadException bgr = assertThrows(ImageReadException.class, () -> Images.read(bad));
        assertEquals(rgb.getMessage(), bgr.getMessage());
        assertTrue(rgb.getMessage().startsWith(bad + ": ") && rgb.getMessage().contains("JPEG"), rgb.getMessage());
        System.out.println("scribbled.jpg -> " + rgb.getMessage());
    }

    @Test
    void sizeComesFromTheHeader() throws Exception {
        Path f = write("size.png", noise(BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(new java.awt.Dimension(40, 30), Images.size(f));
        assertThrows(ImageReadException.class, () -> Images.size(tmp.resolve("nope.png")));
    }

    private Path write(String name, BufferedImage img, String format) throws Exception {
        Path f = tmp.resolve(name);
        assertTrue(ImageIO.write(img, format, f.toFile()), "no writer for " + format);
        return f;
    }

    private static BufferedImage noise(int type) {
        BufferedImage img = new BufferedImage(40, 30, type);
        Random rnd = new Random(3);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                for (int band = 0; band < r.getNumBands(); band++) {
                    int bits = r.getSampleModel().getSampleSize(band);
                    r.setSample(x, y, band, rnd.nextInt(1 << bits));
                }
            }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(10, 10, 12, 8);
        g.dispose();
        return img;
    }

    private static BufferedImage palette() {
        byte[] r = {0, (byte) 255, 0, 40};
        byte[] g = {0, 0, (byte) 255, 90};
        byte[] b = {0, 0, 0, (byte) 200};
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.getRaster().setSample(x, y, 0, (x + y) % 4);
            }
        }
        return img;
    }
}
