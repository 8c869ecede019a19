package io.jyolo.video;

import java.io.IOException;

/**
 * A video file or camera that cannot be opened, read or written.
 *
 * <p>The message is one line that names the file or device and the problem (for example
 * {@code "no camera at /dev/video0: device does not exist"}), fit to show a user as is;
 * FFmpeg's own wording, when useful, is quoted inside it rather than thrown as a stack trace.
 */
public class VideoException extends IOException {

    private final String source;

    public VideoException(String source, String message) {
        super(message);
        this.source = source;
    }

    public VideoException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    /** The file path or device the problem is about. */
    public String source() {
        return source;
    }
}
