package io.jyolo.video;

import java.awt.image.BufferedImage;

/**
 * One decoded frame.
 *
 * @param image           a new {@code TYPE_3BYTE_BGR} image owned by the caller (never reused by the source)
 * @param index           position of the frame among all frames the decoder produced, from 0
 *                        (with a frame step of n, consecutive frames differ by n)
 * @param timestampMicros presentation time in microseconds: from the container for files
 *                        (normally starting at 0), since the first frame for cameras
 */
public record VideoFrame(BufferedImage image, long index, long timestampMicros) {

    /** The presentation time in seconds. */
    public double seconds() {
        return timestampMicros / 1e6;
    }
}
