package io.jyolo.tensorboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * One logged image, kept encoded (PNG or JPEG) until {@link #decode()} is asked for.
 *
 * @param step     training step (jyolo: epoch)
 * @param wallTime seconds since the epoch when it was logged
 * @param width    width the summary declares
 * @param height   height the summary declares
 * @param encoded  the encoded image bytes
 */
public record ImagePoint(long step, double wallTime, int width, int height, byte[] encoded) {

    public ImagePoint {
        encoded = encoded.clone();
    }

    /** The encoded bytes (a copy). */
    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The decoded picture. */
    public BufferedImage decode() {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw new IllegalStateException("image at step " + step + " is in a format ImageIO cannot decode ("
                        + encoded.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("image at step " + step + " does not decode", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePoint p && step == p.step && Double.compare(wallTime, p.wallTime) == 0
                && width == p.width && height == p.height && Arrays.equals(encoded, p.encoded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, wallTime, width, height, Arrays.hashCode(encoded));
    }

    @Override
    public String toString() {
        return "ImagePoint[step=" + step + ", wallTime=" + wallTime + ", " + width + "x" + height + ", "
                + encoded.length + " bytes]";
    }
}
