package io.jyolo.tensorboard;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small deterministic pictures and a pixel digest both Java and Python can compute. */
final class TestImages {

    private TestImages() {
    }

    /** A w x h RGB gradient with a few distinct pixels. */
    static BufferedImage gradient(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1) + seed) & 0xff;
                int g = (y * 255 / Math.max(1, height - 1)) & 0xff;
                int b = (x * y + seed * 31) & 0xff;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    /** SHA-256 of the pixels as R, G, B, A bytes in row-major order (PIL's convert("RGBA").tobytes()). */
    static String rgbaDigest(BufferedImage image) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    // grey rasters hold the stored value; getRGB would apply a gamma conversion
                    int argb = image.getType() == BufferedImage.TYPE_BYTE_GRAY
                            ? 0xff000000 | image.getRaster().getSample(x, y, 0) * 0x010101
                            : image.getRGB(x, y);
                    md.update(new byte[] {(byte) (argb >> 16), (byte) (argb >> 8), (byte) argb, (byte) (argb >>> 24)});
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
