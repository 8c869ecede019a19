package io.jyolo.model;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * Everything needed to rebuild the same network: architecture, input size, B, C, output
 * activation and head dropout. A checkpoint stores this so detection builds the network the
 * training run used.
 *
 * <p>The grid size is not free: every architecture downsamples by {@link #NETWORK_STRIDE}, so
 * {@code S = inputSize / 64} (448 gives the paper's 7 x 7) and the input size must be a multiple
 * of 64.
 *
 * @param architecture which network
 * @param inputSize square input side in pixels, a positive multiple of 64
 * @param boxesPerCell B, predictors per cell
 * @param classes C, number of classes
 * @param outputActivation how raw outputs are squashed (see {@link OutputActivation})
 * @param dropout dropout rate before the fully-connected layers of {@link Architecture#ORIGINAL}
 *     and {@link Architecture#FAST} (0 disables it; unused by the fully-convolutional head)
 * @param inputNormalization the pixel scale the network works in; null means
 *     {@link InputNormalization#defaultFor} the architecture, which is also what a run saved before
 *     this setting existed gets (all of those were [-1, 1])
 */
public record ModelConfig(Architecture architecture, int inputSize, int boxesPerCell, int classes,
                          OutputActivation outputActivation, float dropout, InputNormalization inputNormalization) {

    /** Total downsampling of every architecture: input side / grid side. */
    public static final int NETWORK_STRIDE = 64;

    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(outputActivation, "outputActivation");
        if (inputNormalization == null) {
            inputNormalization = InputNormalization.defaultFor(architecture);
        }
        if (inputSize < NETWORK_STRIDE || inputSize % NETWORK_STRIDE != 0) {
            throw new IllegalArgumentException("input size " + inputSize + " is not a positive multiple of the"
                    + " network stride " + NETWORK_STRIDE + " (grid S = inputSize / " + NETWORK_STRIDE
                    + "); use e.g. 448 for S=7, 128 for S=2, 192 for S=3");
        }
        if (boxesPerCell < 1 || classes < 1) {
            throw new IllegalArgumentException("B and C must be positive, got B=" + boxesPerCell + " C=" + classes);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** S, the grid side. */
    public int gridSize() {
        return inputSize / NETWORK_STRIDE;
    }

    /** The output layout this network produces. */
    public OutputLayout layout() {
        return new OutputLayout(gridSize(), boxesPerCell, classes);
    }

    /** Input shape {@code batch x 3 x inputSize x inputSize} (NCHW). */
    public Shape inputShape(long batch) {
        return new Shape(batch, 3, inputSize, inputSize);
    }

    /** The paper's setting: original network, 448, B=2, C=20, sigmoid output, dropout 0.5. */
    public static ModelConfig paper() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration. A normalisation that is the architecture's default
     * stays unset, so changing the architecture brings that architecture's default along.
     */
    public Builder toBuilder() {
        return new Builder().architecture(architecture).inputSize(inputSize).boxesPerCell(boxesPerCell)
                .classes(classes).outputActivation(outputActivation).dropout(dropout)
                .inputNormalization(inputNormalization == InputNormalization.defaultFor(architecture) ? null
                        : inputNormalization);
    }

    /** Defaults: ORIGINAL, 448, B=2, C=20, SIGMOID, dropout 0.5, the architecture's normalisation. */
    public static final class Builder {
        private Architecture architecture = Architecture.ORIGINAL;
        private int inputSize = 448;
        private int boxesPerCell = 2;
        private int classes = 20;
        private OutputActivation outputActivation = OutputActivation.SIGMOID;
        private float dropout = 0.5f;
        private InputNormalization inputNormalization;

        private Builder() {
        }

        public Builder architecture(Architecture value) {
            architecture = value;
            return this;
        }

        public Builder inputSize(int value) {
            inputSize = value;
            return this;
        }

        public Builder boxesPerCell(int value) {
            boxesPerCell = value;
            return this;
        }

        public Builder classes(int value) {
            classes = value;
            return this;
        }

        public Builder outputActivation(OutputActivation value) {
            outputActivation = value;
            return this;
        }

        public Builder dropout(float value) {
            dropout = value;
            return this;
        }

        /** The pixel scale; unset (null) means the architecture's default. */
        public Builder inputNormalization(InputNormalization value) {
            inputNormalization = value;
            return this;
        }

        public ModelConfig build() {
            return new ModelConfig(architecture, inputSize, boxesPerCell, classes, outputActivation, dropout,
                    inputNormalization);
        }
    }
}
