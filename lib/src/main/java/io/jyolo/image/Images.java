package io.jyolo.image;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one image-file reader of jyolo: training, detection and the notebooks all read through
 * here, so a picture gives the network the same pixels whichever way it arrives.
 *
 * <p>Why not plain {@code ImageIO.read}: it returns grayscale, palette, 16-bit or CMYK images
 * in their own types (and {@code null} for unknown formats), some JDKs reject CMYK/YCCK JPEGs
 * outright, and a truncated or damaged JPEG is silently padded with grey. Here the format is
 * found from the file's content (a PNG saved as {@code .jpg} is read as a PNG), truncated or
 * damaged JPEGs are errors, JPEGs ImageIO refuses for their colour type are decoded by OpenCV
 * (which converts CMYK and YCCK), and every failure is an {@link ImageReadException} whose
 * one-line message starts with the file name.
 *
 * <p>Two pixel layouts, converted exactly from the same decoded picture:
 * {@link #readRgb} ({@code TYPE_INT_RGB}, what preprocessing and drawing use) and {@link #read}
 * ({@code TYPE_3BYTE_BGR}, OpenCV's and the video code's layout). Grayscale is replicated to
 * three channels, 16-bit samples keep their high byte, transparency is composited over white.
 */
public final class Images {

    private Images() {
    }

    /**
     * File name extensions (lower case, no dot) that are read as still images: what {@code jyolo detect}
     * takes from a folder, and what the Spark job reads as one picture rather than video frames.
     */
    public static final java.util.Set<String> EXTENSIONS = java.util.Set.of("jpg", "jpeg", "png", "bmp", "gif");

    /**
     * Reads a JPEG or PNG (or another format ImageIO recognises by content) as a new
     * {@code TYPE_3BYTE_BGR} image.
     *
     * @throws ImageReadException if the file is missing, empty, not an image, truncated or corrupt
     */
    public static BufferedImage read(Path file) throws ImageReadException {
        return PixelConversion.toBgr(ImageDecoder.decode(readBytes(file), file));
    }

    /**
     * Reads an image file as a {@code TYPE_INT_RGB} image: the reader of the training pipeline
     * and of the detector.
     *
     * @throws ImageReadException if the file is missing, empty, not an image, truncated or corrupt
     */
    public static BufferedImage readRgb(Path file) throws ImageReadException {
        return PixelConversion.toRgb(ImageDecoder.decode(readBytes(file), file));
    }

    /** Decodes image bytes that came from {@code source} (named in errors) as {@code TYPE_INT_RGB}. */
    public static BufferedImage decodeRgb(byte[] bytes, Path source) throws ImageReadException {
        return PixelConversion.toRgb(ImageDecoder.decode(bytes, source));
    }

    /**
     * Decodes a JPEG with OpenCV only (after the same truncation check), as {@code TYPE_3BYTE_BGR}:
     * the fallback {@link #read} uses for colour types ImageIO refuses, exposed for tests and tools.
     */
    public static BufferedImage decodeJpegWithOpenCv(byte[] bytes, Path source) throws ImageReadException {
        ImageDecoder.checkJpegStructure(bytes, source);
        BufferedImage image = ImageDecoder.decodeWithOpenCv(bytes);
        if (image == null) {
            throw new ImageReadException(source, "OpenCV cannot decode this JPEG");
        }
        return image;
    }

    /** Width and height from the image header only (no pixel decoding; works on a truncated file). */
    public static Dimension size(Path file) throws ImageReadException {
        return ImageDecoder.size(readBytes(file), file);
    }

    /**
     * {@code image} itself if it already is a compact {@code TYPE_3BYTE_BGR} image,
     * otherwise a BGR copy (gray replicated exactly, without Java2D's gamma change;
     * transparency composited over white).
     */
    public static BufferedImage toBgr(BufferedImage image) {
        return PixelConversion.toBgr(image);
    }

    /**
     * {@code image} itself if it already is a compact {@code TYPE_INT_RGB} image, otherwise an
     * RGB copy converted exactly as {@link #toBgr} converts (so both layouts hold the same values).
     */
    public static BufferedImage toRgb(BufferedImage image) {
        return PixelConversion.toRgb(image);
    }

    /** A new image with the same pixels and type as {@code image} (frames that must outlive a reused buffer). */
    public static BufferedImage copy(BufferedImage image) {
        return new BufferedImage(image.getColorModel(), image.copyData(null),
                image.isAlphaPremultiplied(), null);
    }

    /**
     * Which decoder reads JPEGs in this JVM: "TurboJPEG (its library file)", or "ImageIO (why not
     * TurboJPEG)". {@code jyolo info} and the benchmarks print it.
     */
    public static String jpegDecoder() {
        return TurboJpeg.decoder();
    }

    /** Decodes with the JDK's ImageIO only, no damage checks (tests compare the decoders). */
    static BufferedImage decodeWithImageIo(byte[] bytes) throws IOException {
        return ImageDecoder.decodeWithImageIo(bytes);
    }

    /** Decodes with OpenCV's imdecode as BGR; {@code null} if OpenCV cannot decode it either. */
    static BufferedImage decodeWithOpenCv(byte[] bytes) {
        return ImageDecoder.decodeWithOpenCv(bytes);
    }

    private static byte[] readBytes(Path file) throws ImageReadException {
        if (!Files.exists(file)) {
            throw new ImageReadException(file, "image file does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ImageReadException(file, "is a directory, not an image file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot read file: " + ImageDecoder.describe(e), e);
        }
    }
}
