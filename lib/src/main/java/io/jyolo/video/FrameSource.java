package io.jyolo.video;

import java.util.Optional;

/**
 * A sequence of decoded frames from a video file or a camera, read one at a time.
 *
 * <p>Files and cameras share this one interface so that everything built on top (frame
 * limits, durations, interruption, the processing loop) is written and tested once, with
 * files, and works unchanged on a camera. Obtain instances from {@link FrameSources}.
 *
 * <p>{@link #next()} returns an empty Optional at the end and keeps returning it; it also
 * ends, with {@link EndReason#INTERRUPTED}, when the calling thread is interrupted, leaving
 * the interrupt flag set. Frames are always new {@code TYPE_3BYTE_BGR} images the caller owns.
 * A source is used by one thread at a time.
 */
public interface FrameSource extends AutoCloseable {

    /** What the container or device declares (size, fps, frame count). */
    VideoInfo info();

    /** Only every n-th decoded frame is delivered (1 = every frame). */
    int frameStep();

    /** How many frames {@link #next()} is expected to deliver in total, -1 if unknown. */
    long expectedFrames();

    /** The next frame, or empty at the end (see {@link #endReason()}). */
    Optional<VideoFrame> next() throws VideoException;

    /**
     * Frames dropped because they could not be decoded: frames the decoder flagged as damaged,
     * plus, once a file has been read to its end, frames the container declares but the
     * decoder never produced (corrupt or truncated data).
     */
    long skippedCorrupt();

    /** Why the source ended; empty while frames may still come. */
    Optional<EndReason> endReason();

    /** Frames per second of the delivered sequence: the declared fps divided by the frame step (0 if unknown). */
    default double outputFps() {
        return info().fps() / frameStep();
    }

    /** Releases the decoder or device; safe to call more than once. */
    @Override
    void close();
}
