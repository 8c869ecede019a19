package io.jyolo.eval;

import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * The outcome of a VOC evaluation: one AP per class that has ground truth, their mean, and the
 * classes that could not be scored.
 *
 * @param classAps per-class results, in class order; only classes with at least one non-difficult object
 * @param map      mean of {@code classAps}' AP, NaN when there is none
 * @param method   interpolation used
 * @param iou      IoU a detection needs with an object to match it (inclusive)
 * @param skipped  classes with detections (or listed) but nothing to score against; not in {@code map}
 */
public record EvalResult(List<ClassAp> classAps, double map, ApMethod method, double iou,
                         List<SkippedClass> skipped) {

    public EvalResult {
        classAps = List.copyOf(classAps);
        skipped = List.copyOf(skipped);
    }

    /** The result of one class, if it was scored. */
    public Optional<ClassAp> classAp(String className) {
        return classAps.stream().filter(c -> c.className().equals(className)).findFirst();
    }

    /** The AP of one class; throws when the class was not scored. */
    public double ap(String className) {
        return classAp(className).orElseThrow(() -> new IllegalArgumentException(
                "class '" + className + "' has no AP in this result")).ap();
    }

    /** One row per class (skipped classes included, with a note): class, AP, GT, detections, TP, FP, ignored, note. */
    public Table toTable() {
        return EvalReports.table(this);
    }

    /** {@code {"mAP": ..., "method": ..., "iou": ..., "ap": {...}, ...}}, AP as fractions; see {@link EvalReports#json}. */
    public String toJson() {
        return EvalReports.json(this);
    }

    /** A plain-text table with AP in percent, the mAP line and a warning per skipped class. */
    public String toText() {
        return EvalReports.text(this);
    }
}
