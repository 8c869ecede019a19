package io.jyolo.video;

/**
 * What a video container or camera declares about its stream, before any frame is decoded.
 *
 * <p>Declared values come from the file header and may disagree with what the decoder
 * actually delivers (a truncated file still declares its full length); the
 * {@link FrameSource} reports the difference as skipped frames.
 *
 * @param source             the file path or device
 * @param width              frame width in pixels
 * @param height             frame height in pixels
 * @param fps                frames per second, 0 if not declared
 * @param declaredFrameCount number of frames in the stream header, -1 if not declared (cameras, some containers)
 * @param durationMicros     declared duration in microseconds, -1 if unknown
 * @param codec              decoder name, e.g. {@code h264}, or a description for cameras
 */
public record VideoInfo(String source, int width, int height, double fps,
                        long declaredFrameCount, long durationMicros, String codec) {

    public boolean hasDeclaredFrameCount() {
        return declaredFrameCount >= 0;
    }

    /** The declared frame count, else one estimated from duration and fps, else -1. */
    public long expectedFrameCount() {
        if (declaredFrameCount >= 0) {
            return declaredFrameCount;
        }
        if (durationMicros > 0 && fps > 0) {
            return Math.round(durationMicros / 1e6 * fps);
        }
        return -1;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %dx%d, %.3f fps, %s frames, %s", source, width, height, fps,
                declaredFrameCount >= 0 ? Long.toString(declaredFrameCount) : "unknown", codec);
    }
}
