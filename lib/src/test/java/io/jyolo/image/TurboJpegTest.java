package io.jyolo.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * TurboJPEG gives ImageIO's pixels and stops where ImageIO's reader reports damage, so a machine with it
 * trains and detects on the same pixels as one without. Skipped, with the reason printed, where the
 * library is not installed ({@code environment/setup.sh turbojpeg} installs it).
 */
class TurboJpegTest {

    @TempDir
    Path tmp;

    private static void assumeAvailable() {
        if (!TurboJpeg.available()) {
            System.out.println("skipping: TurboJPEG is not installed (environment/setup.sh turbojpeg)");
        }
        assumeTrue(TurboJpeg.available(), "TurboJPEG is not installed");
    }

    /** The pixels both decoders give, in BGR bytes after jyolo's one conversion ({@link PixelConversion}). */
    private static byte[] bgr(BufferedImage image) {
        return ((DataBufferByte) PixelConversion.toBgr(image).getRaster().getDataBuffer()).getData();
    }

    /** The VOC sample's JPEG folder; skips the test when ../shared is absent. */
    static Path sharedJpegs() {
        String prop = System.getProperty("jyolo.shared");
        Path base = prop != null ? Path.of(prop)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared").normalize();
        Path dir = base.resolve("data/voc2012-sample/JPEGImages");
        if (!Files.isDirectory(dir)) {
            System.out.println("skipping: shared dataset not found at " + dir);
        }
        assumeTrue(Files.isDirectory(dir), "shared dataset not found at " + dir);
        return dir;
    }

    @Test
    void vocPhotosDecodeToImageIosPixelsBitForBit() throws Exception {
        assumeAvailable();
        List<Path> files;
        try (Stream<Path> list = Files.list(sharedJpegs())) {
            files = list.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            BufferedImage fast = TurboJpeg.decode(bytes);
            assertNotNull(fast, f + ": " + TurboJpeg.problem(bytes));
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, fast.getType());
            assertArrayEquals(bgr(ImageDecoder.decodeWithImageIo(bytes)), bgr(fast), f.toString());
        }
        System.out.println("TurboJPEG = ImageIO on " + files.size() + " VOC photos");
    }

    /** A photo-like picture: gradients, sharp blocks and a little noise. */
    private static BufferedImage picture(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + rnd.nextInt(20)) & 0xff;
                int g = ((x / 17 + y / 13) % 2 == 0 ? 200 : 40) + rnd.nextInt(10);
                int b = (int) (127 + 120 * Math.sin((x + 2.0 * y) / 23.0));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static byte[] imageIoJpeg(BufferedImage img, boolean progressive) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] openCvJpeg(BufferedImage img, int sampling) {
        Mat m = Mats.toBgrMat(img);
        MatOfByte out = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", m, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90,
                    Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, sampling));
            return out.toArray();
        } finally {
            m.release();
            out.release();
        }
    }

    /**
     * Other kinds of JPEG (odd sizes, grayscale, progressive, each chroma subsampling OpenCV writes): the
     * same pixels as ImageIO.
     */
    @Test
    void otherKindsOfJpegDecodeAsImageIoDoes() throws Exception {
        assumeAvailable();
        OpenCv.load();
        BufferedImage odd = picture(203, 117, 1);
        BufferedImage gray = new BufferedImage(203, 117, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(odd, 0, 0, null);
        Map<String, byte[]> kinds = new LinkedHashMap<>();
        kinds.put("baseline 4:2:0, odd size", imageIoJpeg(odd, false));
        kinds.put("progressive", imageIoJpeg(odd, true));
        kinds.put("grayscale", imageIoJpeg(gray, false));
        kinds.put("4:4:4", openCvJpeg(odd, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444));
        kinds.put("4:2:2", openCvJpeg(odd, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_422));
        kinds.put("4:1:1", openCvJpeg(odd, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_411));
        kinds.put("4:4:0", openCvJpeg(odd, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_440));
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, byte[]> kind : kinds.entrySet()) {
            byte[] a = bgr(ImageDecoder.decodeWithImageIo(kind.getValue()));
            BufferedImage fast = TurboJpeg.decode(kind.getValue());
            assertNotNull(fast, kind.getKey() + ": " + TurboJpeg.problem(kind.getValue()));
            byte[] b = bgr(fast);
            int worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
            }
            report.append(kind.getKey()).append(": ").append(worst).append("; ");
            assertEquals(0, worst, kind.getKey() + " differs from ImageIO by up to " + worst + " levels");
        }
        System.out.println("TurboJPEG vs ImageIO, largest difference in levels: " + report);
    }

    @Test
    void damagedDataStopsTheDecoderAndImageIoNamesIt() throws Exception {
        assumeAvailable();
        byte[] b = imageIoJpeg(picture(400, 300, 2), false);
        for (int i = b.length / 2; i < b.length - 10; i += 37) {
            b[i] = (byte) (b[i] * 7 + 13); // scribble over the compressed data, keep the structure's end
        }
        assertNull(TurboJpeg.decode(b));
        String problem = TurboJpeg.problem(b);
        assertTrue(problem != null && (problem.contains("Corrupt JPEG data") || problem.contains("Premature")),
                problem);
        Path bad = Files.write(tmp.resolve("scribbled.jpg"), b);
        ImageReadException e = org.junit.jupiter.api.Assertions.assertThrows(ImageReadException.class,
                () -> Images.read(bad));
        // (ReadRgbTest's scribbled file, which passes the structure check, shows ImageIO's "damaged JPEG data")
        assertTrue(e.getMessage().startsWith(bad + ": ") && e.getMessage().contains("JPEG"), e.getMessage());
        System.out.println("TurboJPEG stops at: " + problem + "; the reader says: " + e.getMessage());
    }

    @Test
    void theSettingNamesTheLibraryOrTurnsItOff() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        assertNull(TurboJpeg.libraryFor("off", cache));
        assertNull(TurboJpeg.libraryFor("NONE", cache));
        assertEquals("/opt/x/libturbojpeg.so", TurboJpeg.libraryFor("/opt/x/libturbojpeg.so", cache));
        assertEquals("turbojpeg", TurboJpeg.libraryFor(null, cache), "no copy in the cache: the system's");
        Path copy = Files.createDirectories(cache.resolve("turbojpeg"))
                .resolve(System.mapLibraryName("turbojpeg") + ".0");
        Files.write(copy, new byte[] {1});
        assertEquals(copy.toString(), TurboJpeg.libraryFor(null, cache), "setup.sh's copy first");
    }
}
