package io.jyolo.image;

/**
 * Walks a JPEG's marker segments to find truncation before decoding.
 *
 * <p>Decoders (ImageIO and libjpeg alike) only warn on a JPEG that stops early and fill the
 * missing part with grey; training on such an image teaches the network grey rectangles.
 * A complete JPEG ends with an end-of-image marker after its last scan, and inside the
 * compressed data a 0xFF byte is always followed by 0x00 or a restart marker, so the walk
 * is exact and cheap. Bytes after the end-of-image marker are allowed (some cameras pad).
 */
final class JpegStructure {

    private JpegStructure() {
    }

    /** {@code null} for a structurally complete JPEG, otherwise what is wrong with it. */
    static String problem(byte[] b) {
        int n = b.length;
        int i = 2; // after SOI
        boolean sawScan = false;
        while (true) {
            while (i < n && (b[i] & 0xFF) != 0xFF) {
                i++; // stray bytes between segments: decoders skip them with a warning
            }
            while (i < n && (b[i] & 0xFF) == 0xFF) {
                i++; // marker prefix and fill bytes
            }
            if (i >= n) {
                return "truncated (file ends before the end-of-image marker)";
            }
            int marker = b[i++] & 0xFF;
            if (marker == 0xD9) {
                return sawScan ? null : "no image data (end-of-image marker before any scan)";
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            if (i + 2 > n) {
                return "truncated (file ends inside a header segment)";
            }
            int length = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            if (length < 2) {
                return "bad segment length " + length + " at byte " + i;
            }
            i += length;
            if (i > n) {
                return "truncated (file ends inside a header segment)";
            }
            if (marker == 0xDA) {
                sawScan = true;
                i = endOfScan(b, i);
                if (i < 0) {
                    return "truncated (file ends inside the compressed image data)";
                }
            }
        }
    }

    /** Index of the marker that ends the entropy-coded data starting at {@code i}, or -1 at end of file. */
    private static int endOfScan(byte[] b, int i) {
        int n = b.length;
        while (i < n) {
            if ((b[i] & 0xFF) != 0xFF) {
                i++;
                continue;
            }
            if (i + 1 >= n) {
                return -1;
            }
            int next = b[i + 1] & 0xFF;
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                i += 2;
            } else if (next == 0xFF) {
                i++;
            } else {
                return i;
            }
        }
        return -1;
    }
}
