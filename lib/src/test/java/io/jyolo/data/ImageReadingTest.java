package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReadingTest {

    @TempDir
    Path tmp;

    private static byte[] photoLikeJpeg() {
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                img.setRGB(x, y, (x * 7 % 256) << 16 | (y * 5 % 256) << 8 | ((x * y) % 256));
            }
        }
        return Fixtures.encode(img, "jpg");
    }

    private static void assertColour(BufferedImage img, int x, int y, int r, int g, int b) {
        int p = img.getRGB(x, y);
        int tol = 12;
        String msg = "pixel (" + x + "," + y + ") = " + Integer.toHexString(p & 0xFFFFFF);
        assertTrue(Math.abs(((p >> 16) & 0xff) - r) <= tol, msg);
        assertTrue(Math.abs(((p >> 8) & 0xff) - g) <= tol, msg);
        assertTrue(Math.abs((p & 0xff) - b) <= tol, msg);
    }

    @Test
    void pngDataInAJpgFileLoads() throws IOException {
        Path f = Fixtures.write(tmp.resolve("really_png.jpg"), Fixtures.encode(Fixtures.plain(30, 20, Color.GREEN), "png"));
        BufferedImage img = ImageReading.readRgb(f);
        assertEquals(30, img.getWidth());
        assertEquals(20, img.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(0x00FF00, img.getRGB(5, 5) & 0xFFFFFF);
        assertEquals(new Dimension(30, 20), ImageReading.size(f));
    }

    @Test
    void grayscaleJpegBecomesRgbWithTheSameLevels() throws IOException {
        BufferedImage gray = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                gray.getRaster().setSample(x, y, 0, x < 20 ? 60 : 200);
            }
        }
        Path f = Fixtures.write(tmp.resolve("gray.jpg"), Fixtures.encode(gray, "jpg"));
        BufferedImage img = ImageReading.readRgb(f);
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        // levels are copied, not pushed through a linear-to-sRGB curve (which would turn 60 into ~136)
        assertColour(img, 5, 15, 60, 60, 60);
        assertColour(img, 35, 15, 200, 200, 200);
    }

    @Test
    void cmykJpegBecomesRgb() throws IOException {
        Path f = tmp.resolve("cmyk.jpg");
        try (InputStream in = getClass().getResourceAsStream("cmyk.jpg")) {
            Files.copy(in, f);
        }
        BufferedImage img = ImageReading.readRgb(f);
        assertEquals(64, img.getWidth());
        assertColour(img, 8, 24, 255, 0, 0);
        assertColour(img, 56, 24, 0, 0, 255);
    }

    @Test
    void openCvFallbackDecodesCmykToTheSameColours() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("cmyk.jpg")) {
            bytes = in.readAllBytes();
        }
        BufferedImage img = ImageReading.readWithOpenCv(bytes, "cmyk.jpg");
        assertEquals(64, img.getWidth());
        assertEquals(48, img.getHeight());
        assertColour(img, 8, 24, 255, 0, 0);
        assertColour(img, 56, 24, 0, 0, 255);
    }

    @Test
    void truncatedJpegIsAnErrorNamingTheFile() throws IOException {
        byte[] full = photoLikeJpeg();
        Path f = Fixtures.write(tmp.resolve("truncated.jpg"), Arrays.copyOf(full, full.length / 2));
        IOException e = assertThrows(IOException.class, () -> ImageReading.readRgb(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("truncated") || e.getMessage().contains("premature"),
                e.getMessage());
        IOException cv = assertThrows(IOException.class,
                () -> ImageReading.readWithOpenCv(Arrays.copyOf(full, full.length / 2), f.toString()));
        assertTrue(cv.getMessage().startsWith(f.toString()), cv.getMessage());
    }

    @Test
    void corruptJpegIsAnErrorNamingTheFile() throws IOException {
        byte[] b = photoLikeJpeg();
        // scribble over the entropy-coded data after the headers
        for (int i = b.length / 3; i < b.length - 10; i += 37) {
            b[i] = (byte) (b[i] * 7 + 13);
        }
        Path f = Fixtures.write(tmp.resolve("corrupt.jpg"), b);
        IOException e = assertThrows(IOException.class, () -> ImageReading.readRgb(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("JPEG"), e.getMessage());
    }

    @Test
    void notAnImageAndEmptyAndMissingFilesAreErrorsNamingTheFile() throws IOException {
        Path text = Fixtures.write(tmp.resolve("notes.jpg"), "hello, not an image".getBytes());
        IOException e1 = assertThrows(IOException.class, () -> ImageReading.readRgb(text));
        assertTrue(e1.getMessage().startsWith(text + ": not a JPEG or PNG"), e1.getMessage());
        Path empty = Fixtures.write(tmp.resolve("empty.jpg"), new byte[0]);
        IOException e2 = assertThrows(IOException.class, () -> ImageReading.readRgb(empty));
        assertTrue(e2.getMessage().startsWith(empty + ": image file is empty"), e2.getMessage());
        Path missing = tmp.resolve("missing.jpg");
        IOException e3 = assertThrows(IOException.class, () -> ImageReading.readRgb(missing));
        assertTrue(e3.getMessage().startsWith(missing.toString()), e3.getMessage());
    }

    @Test
    void headerSizeDoesNotNeedTheWholeImage() throws IOException {
        byte[] full = photoLikeJpeg();
        Path f = Fixtures.write(tmp.resolve("head.jpg"), Arrays.copyOf(full, full.length / 2));
        assertEquals(new Dimension(160, 120), ImageReading.size(f));
    }
}
