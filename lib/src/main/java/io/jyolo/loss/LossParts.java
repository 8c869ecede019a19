package io.jyolo.loss;

/**
 * The loss of one batch as plain numbers, for logging without keeping autograd graphs alive.
 *
 * <p>The four terms are already weighted (lambdaCoord, lambdaNoobj applied) and divided by the
 * batch size, so {@code coord + objectConfidence + noObjectConfidence + classes == total}, the
 * value that is back-propagated. {@code iouSum} and {@code objectCount} are plain sums over the
 * batch (not divided), so an epoch's mean IoU is the sum of {@code iouSum} over its batches divided
 * by the sum of {@code objectCount}.
 *
 * @param total the back-propagated loss (mean over the batch)
 * @param coord lambdaCoord x squared errors of x, y, sqrt w, sqrt h of responsible boxes
 * @param objectConfidence squared error of responsible boxes' confidence against its target
 * @param noObjectConfidence lambdaNoobj x confidence^2 of every other box
 * @param classes squared error of class scores in cells with an object
 * @param iouSum sum over object cells of the responsible box's IoU with the ground truth
 * @param objectCount number of object cells that took part in the loss
 */
public record LossParts(double total, double coord, double objectConfidence, double noObjectConfidence,
                        double classes, double iouSum, long objectCount) {

    /** Length of the device-side array of parts ({@link LossResult#values()}). */
    public static final int SIZE = 7;

    /** The parts from their device-side array, read to the host (see {@link LossResult#values()} for the order). */
    public static LossParts of(float[] values) {
        if (values.length != SIZE) {
            throw new IllegalArgumentException("loss parts: expected " + SIZE + " values, got " + values.length);
        }
        return new LossParts(values[0], values[1], values[2], values[3], values[4], values[5],
                Math.round(values[6]));
    }

    /** Mean IoU of the responsible boxes, 0 when the batch has no (non-difficult) objects. */
    public double meanIou() {
        return objectCount == 0 ? 0.0 : iouSum / objectCount;
    }
}
