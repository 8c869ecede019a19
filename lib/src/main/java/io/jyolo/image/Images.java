package io.jyolo.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Reads image files into one predictable pixel layout: 8-bit BGR
 * ({@link BufferedImage#TYPE_3BYTE_BGR}), whatever the file holds.
 *
 * <p>Why not plain {@code ImageIO.read}: it returns grayscale, palette, 16-bit or CMYK
 * images in their own types (and {@code null} for unknown formats), some JDKs reject
 * CMYK/YCCK JPEGs outright, and a truncated JPEG is silently padded with grey. Here the
 * format is found from the file's content (a PNG saved as {@code .jpg} is read as a PNG),
 * JPEGs that ImageIO cannot decode are decoded by OpenCV instead (which converts CMYK and
 * YCCK to BGR), and every failure is an {@link ImageReadException} naming the file.
 */
public final class Images {

    private Images() {
    }

    /**
     * Reads a JPEG or PNG (or another format ImageIO recognises by content) as a new
     * {@code TYPE_3BYTE_BGR} image. Grayscale is replicated to three channels, transparency
     * is composited over white.
     *
     * @throws ImageReadException if the file is missing, empty, not an image, truncated or corrupt
     */
    public static BufferedImage read(Path file) throws ImageReadException {
        byte[] bytes = readBytes(file);
        String format = sniff(bytes);
        if (format == null) {
            throw new ImageReadException(file, "not a JPEG or PNG image (starts with " + hex(bytes, 8) + ")");
        }
        if (format.equals("JPEG")) {
            String problem = JpegStructure.problem(bytes);
            if (problem != null) {
                throw new ImageReadException(file, "corrupt JPEG: " + problem);
            }
        }
        BufferedImage image;
        try {
            image = decodeWithImageIo(bytes);
        } catch (IOException | RuntimeException e) {
            if (!format.equals("JPEG")) {
                throw new ImageReadException(file, "cannot decode " + format + ": " + describe(e), e);
            }
            // CMYK/YCCK and other JPEG variants the JDK's decoder rejects: OpenCV's libjpeg converts them.
            image = decodeWithOpenCv(bytes);
            if (image == null) {
                throw new ImageReadException(file, "cannot decode JPEG: " + describe(e), e);
            }
        }
        if (image == null) {
            throw new ImageReadException(file, "cannot decode " + format + ": no image in the file");
        }
        return toBgr(image);
    }

    /**
     * {@code image} itself if it already is a compact {@code TYPE_3BYTE_BGR} image,
     * otherwise a BGR copy (gray replicated exactly, without Java2D's gamma change;
     * transparency composited over white).
     */
    public static BufferedImage toBgr(BufferedImage image) {
        if (isCompactBgr(image)) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            Raster src = image.getRaster();
            int shift = type == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                src.getSamples(0, y, w, 1, 0, row);
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (row[x] >> shift);
                    dst[o++] = v;
                    dst[o++] = v;
                    dst[o++] = v;
                }
            }
            return out;
        }
        Graphics2D g = out.createGraphics();
        try {
            if (image.getColorModel().hasAlpha()) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
            }
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A new image with the same pixels and type as {@code image} (frames that must outlive a reused buffer). */
    public static BufferedImage copy(BufferedImage image) {
        return new BufferedImage(image.getColorModel(), image.copyData(null),
                image.isAlphaPremultiplied(), null);
    }

    /** Decodes with the JDK's ImageIO; the reader is chosen from the content, not a file name. */
    static BufferedImage decodeWithImageIo(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no ImageIO reader recognises the content");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Decodes with OpenCV's imdecode as BGR; {@code null} if OpenCV cannot decode it either. */
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

    private static byte[] readBytes(Path file) throws ImageReadException {
        if (!Files.exists(file)) {
            throw new ImageReadException(file, "file does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ImageReadException(file, "is a directory, not an image file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot read file: " + describe(e), e);
        }
        if (bytes.length == 0) {
            throw new ImageReadException(file, "file is empty");
        }
        return bytes;
    }

    /** "JPEG", "PNG", another ImageIO format name, or {@code null}. */
    private static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "JPEG";
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return "PNG";
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            return readers.hasNext() ? readers.next().getFormatName().toUpperCase() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isCompactBgr(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
                || !(image.getRaster().getSampleModel() instanceof ComponentSampleModel sm)) {
            return false;
        }
        Raster r = image.getRaster();
        return r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * image.getWidth()
                && r.getDataBuffer().getSize() == 3 * image.getWidth() * image.getHeight();
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

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
}
