package io.jyolo.train;

import io.jyolo.data.VocObject;
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
 * @param truth      ground truth per image id of the images scored, in dataset order
 * @param images     images scored
 * @param skipped    images left out because they could not be read (counted and logged, not fatal)
 * @param unreadable one message per image left out, naming the file and why it could not be read
 */
public record Validation(LossTotals loss, EvalResult eval, Map<String, List<Detection>> detections,
                         Map<String, List<VocObject>> truth, int images,
                         int skipped, List<String> unreadable) {

    public Validation {
        detections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detections));
        truth = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(truth));
        unreadable = List.copyOf(unreadable);
    }

    /** mAP over the scored images. */
    public double map() {
        return eval.map();
    }
}
