package io.jyolo.loss;

import java.util.Objects;

/**
 * Weights and options of the YOLO v1 loss. Stored with a checkpoint so a resumed run keeps the
 * same loss (the PyTorch original lost them on resume).
 *
 * @param lambdaCoord weight of the coordinate terms (paper: 5)
 * @param lambdaNoobj weight of the confidence of boxes not responsible for an object (paper: 0.5)
 * @param confidenceTarget target of the responsible box's confidence (IoU or 1)
 * @param ignoreDifficult leave cells whose target is flagged difficult out of the loss entirely
 * @param sqrtEpsilon added before the square roots of w and h so their gradient stays finite at 0
 * @param classLoss how class scores are compared with the one-hot target; {@code null} (a
 *     configuration saved before this option existed) means the paper's squared error
 */
public record LossConfig(double lambdaCoord, double lambdaNoobj, ConfidenceTarget confidenceTarget,
                         boolean ignoreDifficult, double sqrtEpsilon, ClassLoss classLoss) {

    public LossConfig {
        Objects.requireNonNull(confidenceTarget, "confidenceTarget");
        if (classLoss == null) {
            classLoss = ClassLoss.SQUARED_ERROR;
        }
        if (!(lambdaCoord >= 0) || !(lambdaNoobj >= 0) || Double.isInfinite(lambdaCoord)
                || Double.isInfinite(lambdaNoobj)) {
            throw new IllegalArgumentException("loss weights must be finite and >= 0, got lambdaCoord="
                    + lambdaCoord + " lambdaNoobj=" + lambdaNoobj);
        }
        if (!(sqrtEpsilon > 0) || Double.isInfinite(sqrtEpsilon)) {
            throw new IllegalArgumentException("sqrtEpsilon must be finite and > 0, got " + sqrtEpsilon);
        }
    }

    /** The paper's loss: lambdaCoord 5, lambdaNoobj 0.5, IoU confidence target, difficult ignored. */
    public static LossConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().lambdaCoord(lambdaCoord).lambdaNoobj(lambdaNoobj).confidenceTarget(confidenceTarget)
                .ignoreDifficult(ignoreDifficult).sqrtEpsilon(sqrtEpsilon).classLoss(classLoss);
    }

    /** Defaults: 5, 0.5, IOU, ignore difficult, 1e-8, squared class error. */
    public static final class Builder {
        private double lambdaCoord = 5.0;
        private double lambdaNoobj = 0.5;
        private ConfidenceTarget confidenceTarget = ConfidenceTarget.IOU;
        private boolean ignoreDifficult = true;
        private double sqrtEpsilon = 1e-8;
        private ClassLoss classLoss = ClassLoss.SQUARED_ERROR;

        private Builder() {
        }

        public Builder lambdaCoord(double value) {
            lambdaCoord = value;
            return this;
        }

        public Builder lambdaNoobj(double value) {
            lambdaNoobj = value;
            return this;
        }

        public Builder confidenceTarget(ConfidenceTarget value) {
            confidenceTarget = value;
            return this;
        }

        public Builder ignoreDifficult(boolean value) {
            ignoreDifficult = value;
            return this;
        }

        public Builder sqrtEpsilon(double value) {
            sqrtEpsilon = value;
            return this;
        }

        public Builder classLoss(ClassLoss value) {
            classLoss = value;
            return this;
        }

        public LossConfig build() {
            return new LossConfig(lambdaCoord, lambdaNoobj, confidenceTarget, ignoreDifficult, sqrtEpsilon, classLoss);
        }
    }
}
