package io.jyolo.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The TFRecord framing that every TensorBoard event file uses, kept in one place so the writer,
 * the reader and the purge agree byte for byte.
 *
 * <p>A record is: the data length as 8 bytes little-endian, the masked CRC32C of those 8 bytes
 * (4 bytes little-endian), the data, and the masked CRC32C of the data. The mask rotates the CRC
 * right by 15 bits and adds {@code 0xa282ead8}; TensorFlow masks because a CRC of bytes that
 * themselves contain CRCs is weak.
 */
public final class TfRecord {

    /** Bytes before the data: length (8) + masked length CRC (4). */
    public static final int HEADER_BYTES = 12;
    /** Bytes after the data: masked data CRC (4). */
    public static final int FOOTER_BYTES = 4;

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecord() {
    }

    /** Plain CRC32C (Castagnoli) of a byte range. */
    public static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** TensorFlow's mask of a CRC. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** Masked CRC32C of a byte range. */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        return mask(crc32c(bytes, offset, length));
    }

    /** Masked CRC32C of a whole array. */
    public static int maskedCrc32c(byte[] bytes) {
        return maskedCrc32c(bytes, 0, bytes.length);
    }

    /** The complete framed record for {@code data}, as one array (so it reaches the file in one write). */
    public static byte[] frame(byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + data.length + FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(data.length);
        out.putInt(maskedCrc32c(out.array(), 0, 8));
        out.put(data);
        out.putInt(maskedCrc32c(data));
        return out.array();
    }
}
