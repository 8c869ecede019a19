package io.jyolo.eval;

/**
 * The average precision of one class, with the curve it came from.
 *
 * @param className      the class
 * @param ap             average precision in [0, 1]
 * @param gtCount        ground-truth objects of the class that count (difficult ones excluded)
 * @param detCount       all detections of the class, including those ignored for matching a difficult object
 * @param truePositives  detections matched to a distinct, non-difficult object
 * @param falsePositives detections that matched nothing, or an object already matched by a stronger detection
 * @param precision      precision after each ranked, non-ignored detection
 * @param recall         recall after each ranked, non-ignored detection
 */
public record ClassAp(String className, double ap, int gtCount, int detCount, int truePositives,
                      int falsePositives, double[] precision, double[] recall) {

    public ClassAp {
        if (precision.length != recall.length) {
            throw new IllegalArgumentException("precision and recall differ in length");
        }
        precision = precision.clone();
        recall = recall.clone();
    }

    /** Detections left out because their best match was a difficult object (VOC "don't care"). */
    public int ignored() {
        return detCount - truePositives - falsePositives;
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public String toString() {
        return "ClassAp[" + className + " ap=" + ap + " gt=" + gtCount + " dets=" + detCount
                + " tp=" + truePositives + " fp=" + falsePositives + "]";
    }
}
