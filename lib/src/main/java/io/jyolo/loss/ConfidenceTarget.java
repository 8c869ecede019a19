package io.jyolo.loss;

/** What the responsible predictor's confidence is pulled towards. */
public enum ConfidenceTarget {
    /**
     * The IoU of the predicted box with the ground truth (detached: no gradient flows into the box
     * through its own target), as in the paper, where confidence means Pr(object) x IoU.
     */
    IOU,
    /** Always 1, as in early versions of the PyTorch original. */
    ONE
}
