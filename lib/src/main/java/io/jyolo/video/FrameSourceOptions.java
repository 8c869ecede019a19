package io.jyolo.video;

import java.time.Duration;

/**
 * How to read a video file or camera: which frames, and when to stop.
 *
 * @param frameStep   deliver every n-th decoded frame (1 = all)
 * @param maxFrames   stop after this many delivered frames (0 = no limit)
 * @param maxDuration stop once frames are this much media time past the first one ({@code null} = no limit)
 */
public record FrameSourceOptions(int frameStep, long maxFrames, Duration maxDuration) {

    public FrameSourceOptions {
        if (frameStep < 1) {
            throw new IllegalArgumentException("frame step must be at least 1, got " + frameStep);
        }
        if (maxFrames < 0) {
            throw new IllegalArgumentException("max frames must be 0 (no limit) or positive, got " + maxFrames);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("max duration must be positive, got " + maxDuration);
        }
    }

    /** Every frame, no limits (a camera then runs until its thread is interrupted). */
    public static FrameSourceOptions defaults() {
        return new FrameSourceOptions(1, 0, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a frame or duration limit is set. */
    public boolean limited() {
        return maxFrames > 0 || maxDuration != null;
    }

    /** Builder for {@link FrameSourceOptions}. */
    public static final class Builder {
        private int frameStep = 1;
        private long maxFrames;
        private Duration maxDuration;

        private Builder() {
        }

        public Builder frameStep(int frameStep) {
            this.frameStep = frameStep;
            return this;
        }

        public Builder maxFrames(long maxFrames) {
            this.maxFrames = maxFrames;
            return this;
        }

        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        public FrameSourceOptions build() {
            return new FrameSourceOptions(frameStep, maxFrames, maxDuration);
        }
    }
}
