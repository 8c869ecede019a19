package io.jyolo.loss;

/**
 * How the class scores of a cell with an object are compared with its one-hot target.
 *
 * <p>The paper uses a squared error like every other term. Cross-entropy gives a gradient that
 * does not fade as a wrong score saturates, which matters when training from scratch: on the
 * generated shapes the squared error left the class scores at chance for the first few thousand
 * images (the README's "What the demo learns" has the numbers).
 */
public enum ClassLoss {
    /** Sum over classes of (p - t)^2, the paper's term. */
    SQUARED_ERROR,
    /**
     * Binary cross-entropy summed over classes, -(t log p + (1 - t) log(1 - p)) with p clamped to
     * [1e-7, 1 - 1e-7]; meaningful for sigmoid and softmax class scores alike.
     */
    CROSS_ENTROPY
}
