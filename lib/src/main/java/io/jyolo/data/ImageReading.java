package io.jyolo.data;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Reads training images by their content, never by their extension, into 8-bit RGB.
 *
 * <p>Datasets in the wild hold PNG data in {@code .jpg} files, grayscale and CMYK JPEGs, and
 * truncated downloads. ImageIO is the first choice because it reports damaged JPEG data as
 * warnings that can be turned into errors (OpenCV only prints them); JPEGs ImageIO cannot decode
 * (CMYK/YCCK on some JDKs) fall back to OpenCV. Every failure is an {@link IOException} whose
 * message starts with the file name. Alpha channels are dropped.
 *
 * <p>Package-private for now: the lead will unify it with {@code io.jyolo.image.Images}.
 */
final class ImageReading {

    private ImageReading() {
    }

    /** Decodes {@code file} into a {@link BufferedImage#TYPE_INT_RGB} image. */
    static BufferedImage readRgb(Path file) throws IOException {
        byte[] bytes = readBytes(file);
        String format = sniff(bytes, file);
        try {
            return toRgb(readWithImageIo(bytes, format, file));
        } catch (UnsupportedJpegException e) {
            return readWithOpenCv(bytes, file.toString());
        }
    }

    /** Width and height from the image header only (no pixel decoding). */
    static Dimension size(Path file) throws IOException {
        byte[] bytes = readBytes(file);
        sniff(bytes, file);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in, file);
            try {
                reader.setInput(in, true, true);
                return new Dimension(reader.getWidth(0), reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": cannot read the image header: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static byte[] readBytes(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": image file does not exist", e);
        }
    }

    /** "jpeg", "png", "bmp" or "gif" from the magic bytes; anything else is an error naming the file. */
    static String sniff(byte[] b, Path file) throws IOException {
        if (b.length == 0) {
            throw new IOException(file + ": image file is empty");
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "gif";
        }
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) {
            head.append(String.format(Locale.ROOT, "%02X ", b[i] & 0xff));
        }
        throw new IOException(file + ": not a JPEG or PNG image (starts with bytes " + head.toString().trim() + ")");
    }

    private static ImageReader reader(ImageInputStream in, Path file) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException(file + ": no image decoder recognises this file");
        }
        return readers.next();
    }

    private static BufferedImage readWithImageIo(byte[] bytes, String format, Path file) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in, file);
            List<String> damage = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("corrupt") || w.contains("truncated") || w.contains("premature")) {
                    damage.add(warning);
                }
            });
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!damage.isEmpty()) {
                    throw new IOException(file + ": damaged " + format.toUpperCase(Locale.ROOT) + " data ("
                            + String.join("; ", damage) + ")");
                }
                return img;
            } catch (IIOException e) {
                String msg = String.valueOf(e.getMessage());
                if (format.equals("jpeg") && damage.isEmpty() && (msg.contains("Unsupported Image Type")
                        || msg.contains("Inconsistent metadata") || msg.contains("Unsupported JPEG process"))) {
                    throw new UnsupportedJpegException();
                }
                throw new IOException(file + ": cannot decode " + format.toUpperCase(Locale.ROOT) + ": " + msg
                        + (damage.isEmpty() ? "" : " (" + String.join("; ", damage) + ")"), e);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                throw new IOException(file + ": cannot decode " + format.toUpperCase(Locale.ROOT) + ": "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IOException(file + ": cannot decode " + format.toUpperCase(Locale.ROOT) + ": " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Decodes with OpenCV (handles CMYK/YCCK JPEGs) and converts its BGR matrix to RGB. */
    static BufferedImage readWithOpenCv(byte[] bytes, String source) throws IOException {
        OpenCvLoader.ensureLoaded();
        if (!hasJpegEnd(bytes)) {
            throw new IOException(source + ": damaged JPEG data (Truncated File - Missing EOI marker)");
        }
        MatOfByte buf = new MatOfByte(bytes);
        Mat mat = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
        try {
            if (mat.empty()) {
                throw new IOException(source + ": neither ImageIO nor OpenCV can decode this JPEG");
            }
            int w = mat.cols();
            int h = mat.rows();
            byte[] bgr = new byte[w * h * 3];
            mat.get(0, 0, bgr);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
            for (int i = 0, p = 0; i < px.length; i++, p += 3) {
                px[i] = (bgr[p + 2] & 0xff) << 16 | (bgr[p + 1] & 0xff) << 8 | (bgr[p] & 0xff);
            }
            return out;
        } finally {
            buf.release();
            mat.release();
        }
    }

    /** True when an end-of-image marker occurs after the last start-of-scan (entropy data never contains FF D9). */
    private static boolean hasJpegEnd(byte[] b) {
        for (int i = b.length - 2; i >= 2; i--) {
            if ((b[i] & 0xff) == 0xFF) {
                int m = b[i + 1] & 0xff;
                if (m == 0xD9) {
                    return true;
                }
                if (m == 0xDA) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Converts any decoded image to {@code TYPE_INT_RGB}. Gray rasters are copied sample by sample
     * ({@code getRGB} would apply a linear-to-sRGB curve and brighten them).
     */
    static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Raster r = img.getRaster();
        boolean gray = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (gray && r.getSampleModel().getSampleSize(0) <= 16) {
            int max = (1 << r.getSampleModel().getSampleSize(0)) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = (row[x] * 255 + max / 2) / max;
                    px[y * w + x] = v << 16 | v << 8 | v;
                }
            }
            return out;
        }
        img.getRGB(0, 0, w, h, px, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        return out;
    }

    /** ImageIO refused a JPEG for its colour type, not for damaged data: try OpenCV. */
    private static final class UnsupportedJpegException extends IOException {
        UnsupportedJpegException() {
            super("unsupported JPEG colour type");
        }
    }

    /** Loads the OpenCV native library once, on first need. */
    private static final class OpenCvLoader {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        static void ensureLoaded() {
            // the static initialiser does the work exactly once
        }
    }
}
