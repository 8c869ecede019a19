package io.jyolo.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * Turns the bytes of an image file into a decoded image in whatever type the decoder produced;
 * {@link PixelConversion} then gives it one pixel layout.
 *
 * <p>The one decoding policy of jyolo (training, detection and the notebooks all come here):
 * the format is found from the content; a JPEG must be structurally complete
 * ({@link JpegStructure}) and must decode without "corrupt"/"truncated"/"premature" warnings
 * (decoders conceal damage and return smeared pixels otherwise); a JPEG that ImageIO refuses
 * only for its colour type (CMYK/YCCK on some JDKs) is decoded by OpenCV instead. Every
 * failure is an {@link ImageReadException} naming the file. JPEGs are decoded by {@link TurboJpeg} when
 * it is installed (the same pixels, faster, stopping at the same damage); ImageIO decodes what it
 * declines.
 */
final class ImageDecoder {

    private ImageDecoder() {
    }

    /** Decodes {@code bytes} read from {@code file} (used only in messages). */
    static BufferedImage decode(byte[] bytes, Path file) throws ImageReadException {
        String format = format(bytes, file);
        if (format.equals("JPEG")) {
            checkJpegStructure(bytes, file);
            BufferedImage fast = TurboJpeg.decode(bytes); // null: ImageIO decodes, and names any problem
            if (fast != null) {
                return fast;
            }
        }
        BufferedImage image;
        try {
            image = decodeWithImageIoStrict(bytes, format, file);
        } catch (UnsupportedColourType e) {
            image = decodeWithOpenCv(bytes);
            if (image == null) {
                throw new ImageReadException(file, "cannot decode JPEG: " + e.getMessage()
                        + " (and OpenCV cannot decode it either)");
            }
        }
        if (image == null) {
            throw new ImageReadException(file, "cannot decode " + format + ": no image in the file");
        }
        return image;
    }

    /** "JPEG", "PNG" or another ImageIO format name (upper case), from the content. */
    static String format(byte[] b, Path file) throws ImageReadException {
        if (b.length == 0) {
            throw new ImageReadException(file, "image file is empty");
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "JPEG";
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return "PNG";
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (readers.hasNext()) {
                return readers.next().getFormatName().toUpperCase(Locale.ROOT);
            }
        } catch (IOException e) {
            // fall through: not recognised
        }
        throw new ImageReadException(file, "not a JPEG or PNG image (starts with " + hex(b, 8) + ")");
    }

    static void checkJpegStructure(byte[] bytes, Path file) throws ImageReadException {
        String problem = JpegStructure.problem(bytes);
        if (problem != null) {
            throw new ImageReadException(file, "corrupt JPEG: " + problem);
        }
    }

    /** Plain ImageIO decoding (no damage checks): the reader is chosen from the content. */
    static BufferedImage decodeWithImageIo(byte[] bytes) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in);
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Width and height from the header only (a truncated file still has a size). */
    static java.awt.Dimension size(byte[] bytes, Path file) throws ImageReadException {
        format(bytes, file);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in);
            try {
                reader.setInput(in, true, true);
                return new java.awt.Dimension(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(file, "cannot read the image header: " + describe(e), e);
        }
    }

    /** Decodes with OpenCV's imdecode as BGR; {@code null} if OpenCV cannot decode it. */
    static BufferedImage decodeWithOpenCv(byte[] bytes) {
        OpenCv.load();
        MatOfByte buf = new MatOfByte(bytes);
        Mat mat = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
        try {
            return mat.empty() ? null : Mats.toBufferedImage(mat);
        } finally {
            mat.release();
            buf.release();
        }
    }

    private static BufferedImage decodeWithImageIoStrict(byte[] bytes, String format, Path file)
            throws ImageReadException, UnsupportedColourType {
        List<String> damage = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in);
            reader.addIIOReadWarningListener((source, warning) -> {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("corrupt") || w.contains("truncated") || w.contains("premature")) {
                    damage.add(warning.strip());
                }
            });
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!damage.isEmpty()) {
                    throw new ImageReadException(file, "damaged " + format + " data (" + String.join("; ", damage) + ")");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IIOException e) {
            String msg = String.valueOf(e.getMessage());
            if (format.equals("JPEG") && damage.isEmpty() && (msg.contains("Unsupported Image Type")
                    || msg.contains("Inconsistent metadata") || msg.contains("Unsupported JPEG process"))) {
                throw new UnsupportedColourType(msg);
            }
            throw new ImageReadException(file, "cannot decode " + format + ": " + describe(e)
                    + (damage.isEmpty() ? "" : " (" + String.join("; ", damage) + ")"), e);
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(file, "cannot decode " + format + ": " + describe(e), e);
        }
    }

    private static ImageReader reader(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("no ImageIO reader recognises the content");
        }
        return readers.next();
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    /** A one-line description of an exception, with its cause when that adds something. */
    static String describe(Throwable e) {
        String msg = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(msg)) {
            msg = (msg == null ? "" : msg + " (") + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + (msg == null ? "" : ")");
        } else if (cause instanceof java.io.EOFException) {
            msg = (msg == null ? "" : msg + " ") + "(unexpected end of file)";
        }
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ');
    }

    /** ImageIO refused a JPEG for its colour type, not for damaged data: OpenCV gets a try. */
    private static final class UnsupportedColourType extends Exception {
        UnsupportedColourType(String message) {
            super(message, null, false, false);
        }
    }
}
