package io.jyolo.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Robust image reading with generated files of every awkward kind. */
class ImagesTest {

    @TempDir
    Path tmp;

    @Test
    void colourJpegReadsAsBgr() throws Exception {
        Path f = tmp.resolve("colour.jpg");
        ImageIO.write(scene(BufferedImage.TYPE_INT_RGB), "jpeg", f.toFile());
        BufferedImage img = Images.read(f);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        assertEquals(80, img.getWidth());
        assertEquals(60, img.getHeight());
        assertColour(img, 20, 30, 255, 0, 0, 25);
        assertColour(img, 60, 30, 0, 0, 255, 25);
    }

    @Test
    void grayscaleJpegIsReplicatedExactlyToThreeChannels() throws Exception {
        BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        Arrays.fill(px, (byte) 100);
        Path f = tmp.resolve("gray.jpg");
        ImageIO.write(gray, "jpeg", f.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ImageIO.read(f.toFile()).getType(), "ImageIO alone keeps it gray");
        BufferedImage img = Images.read(f);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
        // no gamma shift: Java2D's own gray->RGB drawing would turn 100 into about 170
        assertColour(img, 30, 20, 100, 100, 100, 2);
    }

    @Test
    void pngSavedUnderJpgIsReadByContent() throws Exception {
        Path f = tmp.resolve("actually-a-png.jpg");
        ImageIO.write(scene(BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        BufferedImage img = Images.read(f);
        assertColour(img, 20, 30, 255, 0, 0, 0); // lossless: exact
        assertColour(img, 60, 30, 0, 0, 255, 0);
    }

    @Test
    void transparentPngIsCompositedOverWhite() throws Exception {
        BufferedImage argb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0xFF00FF00);
        Path f = tmp.resolve("alpha.png");
        ImageIO.write(argb, "png", f.toFile());
        BufferedImage img = Images.read(f);
        assertColour(img, 5, 5, 255, 255, 255, 0);
        assertColour(img, 1, 1, 0, 255, 0, 0);
    }

    @Test
    void sixteenBitGrayPngIsScaledToEightBits() throws Exception {
        BufferedImage g16 = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = g16.getRaster();
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                r.setSample(x, y, 0, 200 << 8);
            }
        }
        Path f = tmp.resolve("g16.png");
        ImageIO.write(g16, "png", f.toFile());
        assertColour(Images.read(f), 3, 3, 200, 200, 200, 0);
    }

    @Test
    void cmykAndYcckJpegsAreConvertedToRgb() throws Exception {
        // Adobe-style (inverted) CMYK for pure red: C=0 M=1 Y=1 K=0 is stored as 255-ink.
        int[] red = {255, 0, 0, 255};
        Path cmyk = Files.write(tmp.resolve("cmyk.jpg"), adobeJpeg(red, 0));
        Path ycck = Files.write(tmp.resolve("ycck.jpg"), adobeJpeg(ycck(red), 2));
        for (Path f : new Path[] {cmyk, ycck}) {
            byte[] bytes = Files.readAllBytes(f);
            String imageIo;
            try {
                BufferedImage raw = Images.decodeWithImageIo(bytes);
                imageIo = "ImageIO reads it (type " + raw.getType() + ", " + raw.getRaster().getNumBands() + " bands)";
            } catch (Exception e) {
                imageIo = "ImageIO fails (" + e.getMessage() + "), OpenCV fallback used";
            }
            System.out.println(f.getFileName() + ": " + imageIo);
            BufferedImage img = Images.read(f);
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
            assertColour(img, 16, 12, 255, 0, 0, 40);
            // the fallback decoder agrees, whichever path read() took on this JDK
            BufferedImage viaOpenCv = Images.decodeWithOpenCv(bytes);
            assertNotNull(viaOpenCv, "OpenCV decodes " + f.getFileName());
            assertColour(viaOpenCv, 16, 12, 255, 0, 0, 40);
        }
    }

    @Test
    void truncatedJpegIsAnErrorNotGreyPixels() throws Exception {
        Path whole = tmp.resolve("whole.jpg");
        ImageIO.write(noise(200, 150), "jpeg", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        assertNotNull(ImageIO.read(cut.toFile()), "plain ImageIO silently returns a half-grey image");
        expectError(cut, "truncated");
        Path headerOnly = Files.write(tmp.resolve("header.jpg"), Arrays.copyOf(bytes, 100));
        expectError(headerOnly, "truncated");
        // trailing bytes after the end-of-image marker are harmless
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 64);
        assertEquals(200, Images.read(Files.write(tmp.resolve("padded.jpg"), padded)).getWidth());
    }

    @Test
    void truncatedPngIsAnError() throws Exception {
        Path whole = tmp.resolve("whole.png");
        ImageIO.write(noise(200, 150), "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        expectError(Files.write(tmp.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2)), "cannot decode PNG");
    }

    @Test
    void emptyMissingAndNonImageFiles() throws Exception {
        expectError(Files.write(tmp.resolve("empty.jpg"), new byte[0]), "file is empty");
        expectError(tmp.resolve("missing.png"), "file does not exist");
        expectError(tmp, "is a directory");
        String msg = expectError(Files.writeString(tmp.resolve("notes.jpg"), "<?xml version"), "not a JPEG or PNG image");
        assertTrue(msg.contains("3c 3f 78 6d"), msg);
    }

    @Test
    void garbageAfterAJpegHeaderIsAnError() throws Exception {
        Path whole = tmp.resolve("whole.jpg");
        ImageIO.write(noise(64, 64), "jpeg", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        for (int i = 2; i < bytes.length - 2; i++) {
            bytes[i] = (byte) 0xFF; // all fill bytes: never a valid segment, and no end marker
        }
        expectError(Files.write(tmp.resolve("garbage.jpg"), bytes), "corrupt JPEG: no image data");
    }

    @Test
    void toBgrKeepsCompactBgrImagesAndCopiesOthers() {
        BufferedImage bgr = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        assertSame(bgr, Images.toBgr(bgr));
        BufferedImage sub = scene(BufferedImage.TYPE_3BYTE_BGR).getSubimage(10, 10, 20, 20);
        BufferedImage copy = Images.toBgr(sub);
        assertFalse(copy == sub, "a sub-image shares a larger buffer, so it is copied");
        assertEquals(sub.getRGB(5, 5), copy.getRGB(5, 5));
        assertEquals(20 * 20 * 3, ((DataBufferByte) copy.getRaster().getDataBuffer()).getData().length);
    }

    @Test
    void jpegStructureCheck() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(noise(32, 32), "jpeg", out);
        byte[] ok = out.toByteArray();
        assertNull(JpegStructure.problem(ok));
        assertNotNull(JpegStructure.problem(Arrays.copyOf(ok, ok.length - 2)), "no EOI");
        assertNotNull(JpegStructure.problem(Arrays.copyOf(ok, 30)));
        assertNotNull(JpegStructure.problem(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}), "no scan");
    }

    private static String expectError(Path file, String problem) {
        ImageReadException e = assertThrows(ImageReadException.class, () -> Images.read(file));
        System.out.println(file.getFileName() + " -> " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(file, e.file());
        return e.getMessage();
    }

    /** Red left half, blue right half. */
    static BufferedImage scene(int type) {
        BufferedImage img = new BufferedImage(80, 60, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 60);
        g.setColor(Color.BLUE);
        g.fillRect(40, 0, 40, 60);
        g.dispose();
        return img;
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt());
            }
        }
        return img;
    }

    static void assertColour(BufferedImage img, int x, int y, int r, int g, int b, int tolerance) {
        int rgb = img.getRGB(x, y);
        int ar = (rgb >> 16) & 255;
        int ag = (rgb >> 8) & 255;
        int ab = rgb & 255;
        assertTrue(Math.abs(ar - r) <= tolerance && Math.abs(ag - g) <= tolerance && Math.abs(ab - b) <= tolerance,
                "pixel (" + x + "," + y + ") is " + ar + "," + ag + "," + ab + ", expected " + r + "," + g + "," + b);
    }

    /** YCCK samples for an Adobe-inverted CMYK colour: YCbCr of (255 - C, 255 - M, 255 - Y), K unchanged. */
    private static int[] ycck(int[] cmyk) {
        double r = 255 - cmyk[0];
        double g = 255 - cmyk[1];
        double b = 255 - cmyk[2];
        return new int[] {
            clamp(0.299 * r + 0.587 * g + 0.114 * b),
            clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
            clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
            cmyk[3]};
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * A 32x24 four-channel JPEG of one colour with an Adobe APP14 marker ({@code transform} 0 =
     * CMYK, 2 = YCCK), as Photoshop writes them. ImageIO writes the four raw channels of a
     * Raster; the marker is spliced in after SOI.
     */
    private static byte[] adobeJpeg(int[] samples, int transform) throws Exception {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 24, 4, null);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setPixel(x, y, samples);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bos.toByteArray();
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        byte[] result = new byte[jpeg.length + app14.length];
        System.arraycopy(jpeg, 0, result, 0, 2);
        System.arraycopy(app14, 0, result, 2, app14.length);
        System.arraycopy(jpeg, 2, result, 2 + app14.length, jpeg.length - 2);
        return result;
    }
}
