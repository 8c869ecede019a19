package io.jyolo.video;

/** Why a {@link FrameSource} stopped delivering frames. */
public enum EndReason {
    /** The file ended (or the camera stopped delivering frames). */
    END_OF_STREAM,
    /** The configured maximum number of frames was delivered. */
    FRAME_LIMIT,
    /** The next frame's timestamp was past the configured duration. */
    DURATION_LIMIT,
    /** The reading thread was interrupted; its interrupt flag is left set. */
    INTERRUPTED
}
