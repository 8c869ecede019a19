package io.jyolo.video;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of a {@link VideoPipeline} run, reported after each frame and once at the end.
 *
 * @param framesRead      frames taken from the source so far
 * @param framesProcessed frames passed through the processing function (and written) so far
 * @param expectedFrames  frames the source expects to deliver in total, -1 if unknown (cameras)
 * @param elapsedSeconds  wall-clock time since the run started
 * @param framesPerSecond processed frames per wall-clock second
 * @param finished        true for the last report of a run
 */
public record VideoProgress(long framesRead, long framesProcessed, long expectedFrames,
                            double elapsedSeconds, double framesPerSecond, boolean finished) {

    /** Fraction done in [0, 1], or NaN when the total is unknown. */
    public double fraction() {
        return expectedFrames > 0 ? Math.min(1.0, framesProcessed / (double) expectedFrames) : Double.NaN;
    }

    @Override
    public String toString() {
        String total = expectedFrames > 0
                ? String.format(Locale.ROOT, "/%d (%.1f %%)", expectedFrames, 100 * fraction()) : "";
        return String.format(Locale.ROOT, "%s%d%s frames, %.1f frames/s, %.1f s", finished ? "done: " : "",
                framesProcessed, total, framesPerSecond, elapsedSeconds);
    }

    /**
     * A listener that forwards to {@code listener} at most once per {@code interval}, plus the
     * first and the final report: for printing progress in a notebook without a line per frame.
     */
    public static Consumer<VideoProgress> throttled(Duration interval, Consumer<VideoProgress> listener) {
        long intervalNanos = interval.toNanos();
        return new Consumer<>() {
            private long last = Long.MIN_VALUE;

            @Override
            public void accept(VideoProgress p) {
                long now = System.nanoTime();
                if (p.finished() || last == Long.MIN_VALUE || now - last >= intervalNanos) {
                    last = now;
                    listener.accept(p);
                }
            }
        };
    }
}
