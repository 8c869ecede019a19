package io.jyolo.train;

import io.jyolo.eval.EvalResult;
import io.jyolo.predict.Detection;
import java.util.List;
import java.util.Map;

/**
 * What one pass of a {@link Validator} over a dataset found.
 *
 * @param loss       loss sums over the images that were read
 * @param eval       VOC AP per class and mAP over the images that were read
 * @param detections detections per image id, in dataset order
 * @param images     images scored
 * @param skipped    images left out because they could not be read (counted and logged, not fatal)
 */
public record Validation(LossTotals loss, EvalResult eval, Map<String, List<Detection>> detections, int images,
                         int skipped) {

    public Validation {
        detections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detections));
    }

    /** mAP over the scored images. */
    public double map() {
        return eval.map();
    }
}
