package io.jyolo.detect;

/**
 * How a {@link Detector} filters and batches: kept apart from the run folder so the same trained
 * network can be drawn with a high threshold (few boxes) or a low one. Scoring a run on a dataset
 * does not go through the detector: {@code train.RunValidator} does it with the Trainer's validator.
 *
 * @param scoreThreshold minimum {@code confidence x class probability} to keep a box, in [0, 1]
 * @param nmsIou         a box is suppressed when its IoU with a stronger kept box is above this, in [0, 1]
 * @param classAgnostic  true: boxes of different classes suppress each other too
 * @param topK           keep at most this many detections per image (highest scores)
 * @param batchSize      images per forward pass when detecting on a list of images
 * @param device         {@code cpu}, {@code gpu}, {@code gpu:N}, or null for the default device
 *                       ({@link io.jyolo.engine.Engines#defaultDevice()})
 */
public record DetectorOptions(float scoreThreshold, float nmsIou, boolean classAgnostic, int topK, int batchSize,
                              String device) {

    /** Default score threshold: what the CLI draws with. */
    public static final float DEFAULT_THRESHOLD = 0.25f;

    public DetectorOptions {
        if (!(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
            throw new IllegalArgumentException("score threshold must be in [0, 1], got " + scoreThreshold);
        }
        if (!(nmsIou >= 0f && nmsIou <= 1f)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + nmsIou);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        device = device == null || device.isBlank() ? null : device.strip();
    }

    /** Threshold 0.25, NMS IoU 0.5 per class, top 100, batches of 8, default device. */
    public static DetectorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().scoreThreshold(scoreThreshold).nmsIou(nmsIou).classAgnostic(classAgnostic).topK(topK)
                .batchSize(batchSize).device(device);
    }

    /** Builder for {@link DetectorOptions}; values are checked by {@link #build()}. */
    public static final class Builder {
        private float scoreThreshold = DEFAULT_THRESHOLD;
        private float nmsIou = 0.5f;
        private boolean classAgnostic;
        private int topK = 100;
        private int batchSize = 8;
        private String device;

        private Builder() {
        }

        public Builder scoreThreshold(float v) {
            scoreThreshold = v;
            return this;
        }

        public Builder nmsIou(float v) {
            nmsIou = v;
            return this;
        }

        public Builder classAgnostic(boolean v) {
            classAgnostic = v;
            return this;
        }

        public Builder topK(int v) {
            topK = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder device(String v) {
            device = v;
            return this;
        }

        public DetectorOptions build() {
            return new DetectorOptions(scoreThreshold, nmsIou, classAgnostic, topK, batchSize, device);
        }
    }
}
