package io.jyolo.eval;

import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PASCAL VOC average precision per class and their mean.
 *
 * <p>The PyTorch original's mAP script counted grid cells at IoU 0.1 and a later one never marked a ground
 * truth as used; this follows the VOC devkit instead: detections in descending score, each object
 * matched at most once (a second detection on it is a false positive), {@code difficult} objects
 * neither rewarded nor punished, 11-point or all-point interpolation, and a mean over the classes
 * that have ground truth. Classes that cannot be scored are listed in {@link EvalResult#skipped()}.
 *
 * <pre>{@code
 * EvalResult r = VocEvaluator.builder().iou(0.5).method(ApMethod.VOC07).build()
 *         .evaluateFolders(Path.of("Annotations"), Path.of("detections"));
 * }</pre>
 */
public final class VocEvaluator {

    /** Reason recorded for a class without any ground-truth object. */
    public static final String NO_GROUND_TRUTH = "no ground truth";
    /** Reason recorded for a class whose ground-truth objects are all difficult. */
    public static final String ONLY_DIFFICULT = "only difficult ground truth";
    /** Reason recorded for a detected class missing from an explicit class list. */
    public static final String NOT_IN_CLASS_LIST = "not in the class list";

    private final double iou;
    private final ApMethod method;
    private final List<String> classes;
    private final boolean pixelInclusive;

    private VocEvaluator(Builder b) {
        this.iou = b.iou;
        this.method = b.method;
        this.classes = b.classes;
        this.pixelInclusive = b.pixelInclusive;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates in-memory detections against ground truth, both keyed by image id.
     * An image without an entry in {@code detections} has no detections; a detections entry for an
     * image missing from {@code groundTruth} is an error (its objects are unknown, not absent).
     */
    public EvalResult evaluate(Map<String, List<VocObject>> groundTruth, Map<String, List<Detection>> detections) {
        SortedMap<String, List<VocObject>> gt = new TreeMap<>(groundTruth);
        SortedMap<String, List<Detection>> dets = new TreeMap<>(detections);
        for (Map.Entry<String, List<Detection>> e : dets.entrySet()) {
            if (!gt.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
                throw new IllegalArgumentException("detections for image '" + e.getKey()
                        + "', which has no ground truth");
            }
            for (Detection d : e.getValue()) {
                if (!Float.isFinite(d.score()) || d.className() == null) {
                    throw new IllegalArgumentException("image '" + e.getKey() + "': detection " + d
                            + " has no class name or a non-finite score");
                }
            }
        }
        Map<String, Integer> detCounts = new LinkedHashMap<>();
        for (List<Detection> list : dets.values()) {
            for (Detection d : list) {
                detCounts.merge(d.className(), 1, Integer::sum);
            }
        }
        List<String> order = classes != null ? classes : groundTruthClasses(gt);

        ClassMatcher matcher = new ClassMatcher(iou, pixelInclusive);
        List<ClassAp> aps = new ArrayList<>();
        List<SkippedClass> skipped = new ArrayList<>();
        for (String c : order) {
            ClassAp ap = matcher.match(c, gt, dets, method);
            if (ap.gtCount() > 0) {
                aps.add(ap);
            } else {
                boolean anyObject = gt.values().stream().anyMatch(l -> l.stream().anyMatch(o -> o.name().equals(c)));
                skipped.add(new SkippedClass(c, ap.detCount(), anyObject ? ONLY_DIFFICULT : NO_GROUND_TRUTH));
            }
        }
        for (String c : new TreeSet<>(detCounts.keySet())) {
            if (!order.contains(c)) {
                skipped.add(new SkippedClass(c, detCounts.get(c), classes != null ? NOT_IN_CLASS_LIST : NO_GROUND_TRUTH));
            }
        }
        double map = aps.stream().mapToDouble(ClassAp::ap).average().orElse(Double.NaN);
        return new EvalResult(aps, map, method, iou, skipped);
    }

    /**
     * Evaluates a folder of VOC XML ground truth against a folder of detections text files
     * ({@link DetectionFiles}), paired by file stem.
     */
    public EvalResult evaluateFolders(Path groundTruthDir, Path detectionsDir) throws IOException {
        SortedMap<String, List<VocObject>> gt = GroundTruthFolder.read(groundTruthDir);
        SortedMap<String, List<Detection>> dets = DetectionFiles.readFolder(detectionsDir,
                classes == null ? List.of() : classes);
        for (Map.Entry<String, List<Detection>> e : dets.entrySet()) {
            if (!gt.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
                throw new IOException(detectionsDir.resolve(e.getKey() + DetectionFiles.EXTENSION)
                        + ": no ground truth " + e.getKey() + ".xml in " + groundTruthDir);
            }
        }
        return evaluate(gt, dets);
    }

    private static List<String> groundTruthClasses(Map<String, List<VocObject>> gt) {
        TreeSet<String> names = new TreeSet<>();
        gt.values().forEach(list -> list.forEach(o -> names.add(o.name())));
        return List.copyOf(names);
    }

    public double iou() {
        return iou;
    }

    public ApMethod method() {
        return method;
    }

    /** Settings of a {@link VocEvaluator}; defaults: IoU 0.5, all-point AP, classes from the ground truth. */
    public static final class Builder {
        private double iou = 0.5;
        private ApMethod method = ApMethod.ALL_POINT;
        private List<String> classes;
        private boolean pixelInclusive;

        private Builder() {
        }

        /** IoU a detection needs with an object to match it (inclusive, as in the devkit), in (0, 1]. */
        public Builder iou(double threshold) {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + threshold);
            }
            this.iou = threshold;
            return this;
        }

        public Builder method(ApMethod m) {
            if (m == null) {
                throw new IllegalArgumentException("AP method is required");
            }
            this.method = m;
            return this;
        }

        /**
         * The classes to score, in report order. Default (null): every class in the ground truth,
         * alphabetically. Objects of other classes are not scored; detections of other classes are
         * reported as skipped.
         */
        public Builder classes(List<String> names) {
            if (names != null) {
                if (names.stream().distinct().count() != names.size()) {
                    throw new IllegalArgumentException("class list has duplicates: " + names);
                }
                this.classes = List.copyOf(names);
            } else {
                this.classes = null;
            }
            return this;
        }

        /**
         * True: measure overlap as the MATLAB devkit does, treating corners as inclusive pixel indices
         * (width = xmax - xmin + 1), to reproduce official VOC numbers exactly. Default false: plain
         * {@link io.jyolo.data.Box#iou}, as everywhere else in jyolo.
         */
        public Builder pixelInclusive(boolean inclusive) {
            this.pixelInclusive = inclusive;
            return this;
        }

        public VocEvaluator build() {
            return new VocEvaluator(this);
        }
    }
}
