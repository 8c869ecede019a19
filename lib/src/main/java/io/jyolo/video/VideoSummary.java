package io.jyolo.video;

import java.util.Locale;

/**
 * The outcome of a {@link VideoPipeline} run.
 *
 * @param framesRead      frames taken from the source
 * @param framesProcessed frames passed through the processing function (and written, if writing)
 * @param skippedCorrupt  frames the source dropped as undecodable (see {@link FrameSource#skippedCorrupt()})
 * @param seconds         wall-clock duration of the run
 * @param framesPerSecond processed frames per wall-clock second
 * @param endReason       why the run stopped
 */
public record VideoSummary(long framesRead, long framesProcessed, long skippedCorrupt,
                           double seconds, double framesPerSecond, EndReason endReason) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d frames read, %d processed, %d skipped as corrupt, %.2f s (%.1f frames/s), %s",
                framesRead, framesProcessed, skippedCorrupt, seconds, framesPerSecond,
                endReason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
}
