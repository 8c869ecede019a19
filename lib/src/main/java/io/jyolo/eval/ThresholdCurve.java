package io.jyolo.eval;

import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Precision, recall and F1 of all classes together as the score threshold falls, so a user can
 * pick the threshold a deployed detector should keep (the one of best F1, unless precision or
 * recall matters more), which mAP, being threshold-free, does not answer.
 *
 * <p>Detections are labelled true or false positive exactly as {@link VocEvaluator} does at the
 * same IoU (detections matching a difficult object left out); recall is over every non-difficult
 * object of the classes. Point {@code i} counts the detections scoring at least
 * {@code thresholds[i]}; thresholds are the distinct detection scores, highest first.
 *
 * @param iou        IoU a detection needs with an object to match it (inclusive)
 * @param positives  non-difficult objects of the classes
 * @param thresholds distinct detection scores, descending
 * @param precision  precision of the detections at or above each threshold
 * @param recall     recall of the detections at or above each threshold
 * @param f1         harmonic mean of precision and recall at each threshold (0 when both are 0)
 */
public record ThresholdCurve(double iou, int positives, double[] thresholds, double[] precision, double[] recall,
                             double[] f1) {

    public ThresholdCurve {
        int n = thresholds.length;
        if (precision.length != n || recall.length != n || f1.length != n) {
            throw new IllegalArgumentException("thresholds, precision, recall and f1 differ in length");
        }
        thresholds = thresholds.clone();
        precision = precision.clone();
        recall = recall.clone();
        f1 = f1.clone();
    }

    /** Sweeps the score threshold over {@code detections} of {@code classes} against {@code groundTruth}. */
    public static ThresholdCurve of(Map<String, List<VocObject>> groundTruth, Map<String, List<Detection>> detections,
                                    List<String> classes, double iou) {
        SortedMap<String, List<VocObject>> gt = new TreeMap<>(groundTruth);
        SortedMap<String, List<Detection>> dets = new TreeMap<>(detections);
        ClassMatcher matcher = new ClassMatcher(iou, false);
        int positives = 0;
        List<ClassMatcher.Labelled> all = new ArrayList<>();
        for (String c : classes) {
            positives += ClassMatcher.positives(c, gt);
            for (ClassMatcher.Labelled l : matcher.label(c, gt, dets)) {
                if (l.outcome() != ClassMatcher.Outcome.IGNORED) {
                    all.add(l);
                }
            }
        }
        all.sort(Comparator.comparingDouble((ClassMatcher.Labelled l) -> l.detection().score()).reversed());
        List<double[]> points = new ArrayList<>();
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).outcome() == ClassMatcher.Outcome.TRUE_POSITIVE) {
                tp++;
            } else {
                fp++;
            }
            double score = all.get(i).detection().score();
            boolean lastOfScore = i + 1 == all.size() || all.get(i + 1).detection().score() != score;
            if (lastOfScore) {
                double p = tp / (double) (tp + fp);
                double r = positives == 0 ? 0 : tp / (double) positives;
                points.add(new double[] {score, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)});
            }
        }
        int n = points.size();
        double[] t = new double[n];
        double[] p = new double[n];
        double[] r = new double[n];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = points.get(i)[0];
            p[i] = points.get(i)[1];
            r[i] = points.get(i)[2];
            f[i] = points.get(i)[3];
        }
        return new ThresholdCurve(iou, positives, t, p, r, f);
    }

    /** Index of the highest F1 (the highest threshold among equal ones), or -1 when there are no detections. */
    public int bestIndex() {
        int best = -1;
        for (int i = 0; i < f1.length; i++) {
            if (best < 0 || f1[i] > f1[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The threshold of best F1, or NaN when there are no detections. */
    public double bestThreshold() {
        int i = bestIndex();
        return i < 0 ? Double.NaN : thresholds[i];
    }

    /** The best F1, or 0 when there are no detections. */
    public double bestF1() {
        int i = bestIndex();
        return i < 0 ? 0 : f1[i];
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
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
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public String toString() {
        return "ThresholdCurve[iou=" + iou + " positives=" + positives + " points=" + thresholds.length
                + " bestF1=" + bestF1() + " at " + bestThreshold() + "]";
    }
}
