package io.jyolo.video;

import java.time.Duration;
import java.util.Optional;

/**
 * Stops another source after a number of delivered frames and/or a span of media time.
 *
 * <p>The loop logic a camera needs (it has no end of its own), kept apart from any device so
 * that it is tested with video files. The duration is measured on frame timestamps (media
 * time), not the wall clock, which makes it exact for files and real time for cameras:
 * frames whose timestamp is at least {@code maxDuration} after the first one end the source.
 */
final class BoundedFrameSource implements FrameSource {

    private final FrameSource inner;
    private final long maxFrames;
    private final Duration maxDuration;

    private long delivered;
    private long firstTimestamp = Long.MIN_VALUE;
    private EndReason endReason;

    /**
     * @param maxFrames   deliver at most this many frames; 0 or negative for no limit
     * @param maxDuration stop after this much media time; {@code null} for no limit
     */
    BoundedFrameSource(FrameSource inner, long maxFrames, Duration maxDuration) {
        this.inner = inner;
        this.maxFrames = maxFrames > 0 ? maxFrames : Long.MAX_VALUE;
        this.maxDuration = maxDuration;
    }

    @Override
    public VideoInfo info() {
        return inner.info();
    }

    @Override
    public int frameStep() {
        return inner.frameStep();
    }

    @Override
    public long expectedFrames() {
        long n = inner.expectedFrames();
        if (maxDuration != null && outputFps() > 0) {
            long byDuration = (long) Math.ceil(maxDuration.toNanos() / 1e9 * outputFps());
            n = n < 0 ? byDuration : Math.min(n, byDuration);
        }
        if (maxFrames != Long.MAX_VALUE) {
            n = n < 0 ? maxFrames : Math.min(n, maxFrames);
        }
        return n;
    }

    @Override
    public Optional<VideoFrame> next() throws VideoException {
        if (endReason != null) {
            return Optional.empty();
        }
        if (Thread.currentThread().isInterrupted()) {
            return end(EndReason.INTERRUPTED);
        }
        if (delivered >= maxFrames) {
            return end(EndReason.FRAME_LIMIT);
        }
        Optional<VideoFrame> frame = inner.next();
        if (frame.isEmpty()) {
            return end(inner.endReason().orElse(EndReason.END_OF_STREAM));
        }
        if (maxDuration != null) {
            long ts = frame.get().timestampMicros();
            if (firstTimestamp == Long.MIN_VALUE) {
                firstTimestamp = ts;
            } else if (ts - firstTimestamp >= maxDuration.toNanos() / 1000) {
                return end(EndReason.DURATION_LIMIT);
            }
        }
        delivered++;
        return frame;
    }

    @Override
    public long skippedCorrupt() {
        return inner.skippedCorrupt();
    }

    @Override
    public Optional<EndReason> endReason() {
        return endReason != null ? Optional.of(endReason) : inner.endReason();
    }

    @Override
    public void close() {
        inner.close();
    }

    private Optional<VideoFrame> end(EndReason reason) {
        endReason = reason;
        return Optional.empty();
    }
}
