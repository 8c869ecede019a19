package io.jyolo.model;

/**
 * The one place that says how a YOLO v1 output tensor is laid out.
 *
 * <p>The network returns {@code N x S x S x (5B + C)}: row {@code i} (top to bottom) and
 * column {@code j} (left to right) of the S x S grid, then per cell
 * <ul>
 *   <li>for each predictor {@code b < B}, five channels starting at {@code 5b}:
 *       {@code x, y} the box centre inside the cell in cell units (0..1, from the cell's
 *       top-left corner), {@code w, h} the box size as a fraction of the whole input image
 *       (0..1), and the confidence;</li>
 *   <li>then {@code C} class scores starting at {@code 5B}.</li>
 * </ul>
 * The training target uses the same cell layout with one box: {@code x, y, w, h, objectness,
 * C one-hot classes} (see {@link #targetChannels()}), plus a trailing "difficult" flag.
 * Model, loss, target encoding and decoding all index through this record so the layout can
 * never drift between them.
 */
public record OutputLayout(int gridSize, int boxesPerCell, int classes) {

    public OutputLayout {
        if (gridSize < 1 || boxesPerCell < 1 || classes < 1) {
            throw new IllegalArgumentException("S, B and C must be positive, got S=" + gridSize
                    + " B=" + boxesPerCell + " C=" + classes);
        }
    }

    /** The paper's layout for PASCAL VOC: S=7, B=2, C=20. */
    public static OutputLayout voc() {
        return new OutputLayout(7, 2, 20);
    }

    /** Channels per cell of the network output: 5B + C. */
    public int channels() {
        return 5 * boxesPerCell + classes;
    }

    /** First channel (x) of predictor {@code b}; y, w, h, confidence follow. */
    public int boxOffset(int b) {
        if (b < 0 || b >= boxesPerCell) {
            throw new IndexOutOfBoundsException("box " + b + " of " + boxesPerCell);
        }
        return 5 * b;
    }

    /** Channel of the confidence of predictor {@code b}. */
    public int confidenceIndex(int b) {
        return boxOffset(b) + 4;
    }

    /** First class-score channel. */
    public int classOffset() {
        return 5 * boxesPerCell;
    }

    /** Channels per cell of the training target: x, y, w, h, objectness, C one-hot, difficult. */
    public int targetChannels() {
        return 5 + classes + 1;
    }

    /** Target channel of the objectness flag (1 where an object's centre falls in the cell). */
    public static final int TARGET_OBJECT = 4;

    /** First target channel of the one-hot class vector. */
    public static final int TARGET_CLASS = 5;

    /** Target channel flagging a cell whose object is marked difficult (left out of the loss by default). */
    public int targetDifficultIndex() {
        return 5 + classes;
    }
}
