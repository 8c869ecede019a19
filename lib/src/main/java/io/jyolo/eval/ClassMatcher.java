package io.jyolo.eval;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Ranks one class's detections and labels each true positive, false positive or ignored, following
 * the VOC devkit: a detection is compared with the object of its class (in its image) that it
 * overlaps most; at or above the IoU threshold it is ignored when that object is difficult, a true
 * positive when the object is still free, and a false positive (a duplicate) when a stronger
 * detection already took it; below the threshold it is a false positive.
 */
final class ClassMatcher {

    private final double iouThreshold;
    private final boolean pixelInclusive;

    ClassMatcher(double iouThreshold, boolean pixelInclusive) {
        this.iouThreshold = iouThreshold;
        this.pixelInclusive = pixelInclusive;
    }

    /** What matching made of one ranked detection. */
    enum Outcome {
        /** Matched a free, non-difficult object of its class. */
        TRUE_POSITIVE,
        /** Matched nothing at the IoU threshold, or an object a stronger detection already took. */
        FALSE_POSITIVE,
        /** Its best match was a difficult object: neither rewarded nor punished. */
        IGNORED
    }

    /** One detection of the class, with its image and what matching made of it. */
    record Labelled(String imageId, Detection detection, Outcome outcome) {
    }

    /**
     * The detections of {@code className} in descending score (ties in image-key order), each
     * labelled; shared by {@link #match} and by the threshold sweep, so both count alike.
     */
    List<Labelled> label(String className, SortedMap<String, List<VocObject>> groundTruth,
                         SortedMap<String, List<Detection>> detections) {
        record Ranked(String imageId, Detection det) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (Map.Entry<String, List<Detection>> e : detections.entrySet()) {
            for (Detection d : e.getValue()) {
                if (className.equals(d.className())) {
                    ranked.add(new Ranked(e.getKey(), d));
                }
            }
        }
        ranked.sort(Comparator.comparingDouble((Ranked r) -> r.det().score()).reversed()); // stable

        HashMap<String, List<VocObject>> objects = new HashMap<>();
        HashMap<String, boolean[]> taken = new HashMap<>();
        for (Map.Entry<String, List<VocObject>> e : groundTruth.entrySet()) {
            List<VocObject> ofClass = e.getValue().stream().filter(o -> o.name().equals(className)).toList();
            objects.put(e.getKey(), ofClass);
            taken.put(e.getKey(), new boolean[ofClass.size()]);
        }
        List<Labelled> out = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            List<VocObject> candidates = objects.getOrDefault(r.imageId(), List.of());
            int best = -1;
            double bestIou = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < candidates.size(); k++) {
                double o = iou(r.det().box(), candidates.get(k).box());
                if (o > bestIou) {
                    bestIou = o;
                    best = k;
                }
            }
            Outcome outcome;
            if (best >= 0 && bestIou >= iouThreshold) {
                if (candidates.get(best).difficult()) {
                    outcome = Outcome.IGNORED;
                } else {
                    boolean[] used = taken.get(r.imageId());
                    outcome = used[best] ? Outcome.FALSE_POSITIVE : Outcome.TRUE_POSITIVE;
                    used[best] = true;
                }
            } else {
                outcome = Outcome.FALSE_POSITIVE;
            }
            out.add(new Labelled(r.imageId(), r.det(), outcome));
        }
        return out;
    }

    /** Non-difficult objects of {@code className}: the positives recall is measured against. */
    static int positives(String className, Map<String, List<VocObject>> groundTruth) {
        int n = 0;
        for (List<VocObject> list : groundTruth.values()) {
            for (VocObject o : list) {
                if (o.name().equals(className) && !o.difficult()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The AP of {@code className}; images iterate in key order so ties in score rank reproducibly. */
    ClassAp match(String className, SortedMap<String, List<VocObject>> groundTruth,
                  SortedMap<String, List<Detection>> detections, ApMethod method) {
        List<Labelled> labelled = label(className, groundTruth, detections);
        int positives = positives(className, groundTruth);
        double[] precision = new double[labelled.size()];
        double[] recall = new double[labelled.size()];
        int tp = 0;
        int fp = 0;
        int points = 0;
        for (Labelled l : labelled) {
            if (l.outcome() == Outcome.IGNORED) {
                continue;
            }
            if (l.outcome() == Outcome.TRUE_POSITIVE) {
                tp++;
            } else {
                fp++;
            }
            precision[points] = tp / (double) (tp + fp);
            recall[points] = positives == 0 ? 0 : tp / (double) positives;
            points++;
        }
        precision = Arrays.copyOf(precision, points);
        recall = Arrays.copyOf(recall, points);
        double ap = method.average(precision, recall);
        return new ClassAp(className, ap, positives, labelled.size(), tp, fp, precision, recall);
    }

    /** Overlap of two boxes, plain or with the devkit's inclusive pixel corners. */
    double iou(Box a, Box b) {
        if (!pixelInclusive) {
            return a.iou(b);
        }
        double iw = Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin()) + 1;
        double ih = Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin()) + 1;
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double areaA = (a.xmax() - a.xmin() + 1.0) * (a.ymax() - a.ymin() + 1.0);
        double areaB = (b.xmax() - b.xmin() + 1.0) * (b.ymax() - b.ymin() + 1.0);
        return inter / (areaA + areaB - inter);
    }
}
