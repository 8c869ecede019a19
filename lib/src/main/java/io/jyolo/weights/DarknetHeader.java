package io.jyolo.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The header of a darknet {@code .weights} file: version (major, minor, revision) and the number
 * of images the network had seen. Since version 0.2 {@code seen} is a 64-bit integer, before it a
 * 32-bit one, so the header is 20 or 16 bytes long.
 *
 * @param major major version
 * @param minor minor version
 * @param revision revision
 * @param seen images seen in training
 */
public record DarknetHeader(int major, int minor, int revision, long seen) {

    /** Versions darknet has written are single digits; anything larger is not a darknet file. */
    private static final int MAX_VERSION_PART = 1000;

    /** Whether {@code seen} is stored as 64 bits (version 0.2 and later). */
    public boolean wideSeen() {
        return major * 10 + minor >= 2;
    }

    /** Header length in bytes. */
    public int bytes() {
        return 12 + (wideSeen() ? 8 : 4);
    }

    /** {@code 0.2.0}. */
    public String version() {
        return major + "." + minor + "." + revision;
    }

    /**
     * Reads the header at the buffer's position (little-endian), or says in one line why these are
     * not the first bytes of a darknet weights file.
     */
    static DarknetHeader read(ByteBuffer buffer, String file) {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.remaining() < 12) {
            throw new WeightsFormatException(file + ": " + buffer.remaining()
                    + " bytes is too short for a darknet weights header (12 to 20 bytes)");
        }
        int major = buffer.getInt();
        int minor = buffer.getInt();
        int revision = buffer.getInt();
        if (outOfRange(major) || outOfRange(minor) || outOfRange(revision)) {
            throw new WeightsFormatException(file + ": not a darknet weights file (header version "
                    + major + "." + minor + "." + revision + ")");
        }
        boolean wide = major * 10 + minor >= 2;
        if (buffer.remaining() < (wide ? 8 : 4)) {
            throw new WeightsFormatException(file + ": the darknet header ends before its 'seen' count");
        }
        long seen = wide ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
        return new DarknetHeader(major, minor, revision, seen);
    }

    private static boolean outOfRange(int part) {
        return part < 0 || part >= MAX_VERSION_PART;
    }
}
