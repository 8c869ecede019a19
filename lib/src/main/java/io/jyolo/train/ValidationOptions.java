package io.jyolo.train;

import io.jyolo.eval.ApMethod;
import java.util.List;

/**
 * How a {@link Validator} detects and scores: the same record for the Trainer's validation, the
 * {@code jyolo evaluate --run} command and the notebook's evaluation, so that the three can only
 * differ where a caller asks them to.
 *
 * @param scoreThreshold lowest detection score kept, in [0, 1]; low, so that AP sees nearly the
 *                       whole precision-recall curve
 * @param iou            IoU a detection needs with an object to match it, in (0, 1]
 * @param method         how a precision-recall curve becomes AP
 * @param classes        the classes to score, in report order; null: the network's classes
 * @param batchSize      images per forward pass when a {@link RunValidator} builds the loader; 0: the
 *                       run's training batch size, which is what the Trainer validated with (a
 *                       different batch size may change the last digits of the scores)
 */
public record ValidationOptions(float scoreThreshold, double iou, ApMethod method, List<String> classes,
                                int batchSize) {

    /** Default lowest detection score: {@value}. */
    public static final float SCORE_THRESHOLD = 0.01f;

    public ValidationOptions {
        if (!(scoreThreshold >= 0f && scoreThreshold <= 1f)) {
            throw new IllegalArgumentException("score threshold must be in [0, 1], got " + scoreThreshold);
        }
        if (!(iou > 0 && iou <= 1)) {
            throw new IllegalArgumentException("IoU must be in (0, 1], got " + iou);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be at least 1 (0: the run's), got " + batchSize);
        }
        method = method == null ? ApMethod.ALL_POINT : method;
        classes = classes == null ? null : List.copyOf(classes);
    }

    /** Score threshold 0.01, IoU 0.5, all-point AP, the network's classes, the run's batch size. */
    public static ValidationOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().scoreThreshold(scoreThreshold).iou(iou).method(method).classes(classes)
                .batchSize(batchSize);
    }

    /** Builder for {@link ValidationOptions}; values are checked by {@link #build()}. */
    public static final class Builder {
        private float scoreThreshold = SCORE_THRESHOLD;
        private double iou = 0.5;
        private ApMethod method = ApMethod.ALL_POINT;
        private List<String> classes;
        private int batchSize;

        private Builder() {
        }

        public Builder scoreThreshold(float v) {
            scoreThreshold = v;
            return this;
        }

        public Builder iou(double v) {
            iou = v;
            return this;
        }

        public Builder method(ApMethod v) {
            method = v;
            return this;
        }

        /** The classes to score, in report order; null for the network's classes. */
        public Builder classes(List<String> v) {
            classes = v;
            return this;
        }

        /** Images per forward pass; 0 for the run's training batch size. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public ValidationOptions build() {
            return new ValidationOptions(scoreThreshold, iou, method, classes, batchSize);
        }
    }
}
