package io.jyolo.eval;

import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which class each ground-truth object was detected as, at one IoU and one score threshold, with a
 * background row and column for what mAP cannot show: detections of nothing and objects missed.
 * A per-class AP tells that a class is weak; this tells whether its objects are missed or taken
 * for another class, which call for different fixes (more recall versus better classification).
 *
 * <p>Rows are the truth, columns the detection; index {@link #background()} (after the classes)
 * is the background. Counting, per image, among detections at or above the score threshold:
 * <ol>
 * <li>Each detection is first matched to an object of its own class by the VOC rule of
 * {@link VocEvaluator} (best-overlapping object, free, at the IoU threshold), so the diagonal is
 * exactly the true positives that evaluation counts above this threshold; a detection whose best
 * match is a difficult object is left out, as in mAP.</li>
 * <li>The detections left, strongest first, take the free non-difficult object of another class
 * they overlap most at the IoU threshold: cell (that object's class, detection's class).</li>
 * <li>Detections still unmatched (including duplicates) count in the background row; non-difficult
 * objects no detection took count in the background column.</li>
 * </ol>
 * Objects and detections of classes outside the list are not counted. The background-background
 * cell is always 0.
 *
 * @param classes        class names, in row and column order
 * @param iou            IoU a detection needs with an object to match it (inclusive)
 * @param scoreThreshold lowest detection score counted (inclusive)
 * @param counts         {@code counts[truth][detected]}, square of side {@code classes.size() + 1}
 */
public record ConfusionMatrix(List<String> classes, double iou, double scoreThreshold, int[][] counts) {

    /** The name of the extra row and column. */
    public static final String BACKGROUND = "background";

    public ConfusionMatrix {
        classes = List.copyOf(classes);
        int n = classes.size() + 1;
        if (counts.length != n) {
            throw new IllegalArgumentException("counts need " + n + " rows, got " + counts.length);
        }
        int[][] copy = new int[n][];
        for (int i = 0; i < n; i++) {
            if (counts[i].length != n) {
                throw new IllegalArgumentException("counts row " + i + " needs " + n + " cells, got " + counts[i].length);
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /**
     * Counts {@code detections} against {@code groundTruth} (both keyed by image id) for
     * {@code classes}, with plain {@link io.jyolo.data.Box#iou} overlap.
     */
    public static ConfusionMatrix of(Map<String, List<VocObject>> groundTruth, Map<String, List<Detection>> detections,
                                     List<String> classes, double iou, double scoreThreshold) {
        if (!(iou > 0 && iou <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iou);
        }
        List<String> names = List.copyOf(classes);
        int bg = names.size();
        int[][] counts = new int[bg + 1][bg + 1];
        ClassMatcher overlap = new ClassMatcher(iou, false);
        TreeSet<String> images = new TreeSet<>(groundTruth.keySet());
        images.addAll(detections.keySet());
        for (String image : images) {
            List<VocObject> objects = groundTruth.getOrDefault(image, List.of()).stream()
                    .filter(o -> names.contains(o.name())).toList();
            List<Detection> dets = new ArrayList<>(detections.getOrDefault(image, List.of()).stream()
                    .filter(d -> d.score() >= scoreThreshold && names.contains(d.className())).toList());
            dets.sort(Comparator.comparingDouble(Detection::score).reversed());

            // step 1: the VOC rule, class by class, exactly as ClassMatcher labels it
            boolean[] taken = new boolean[objects.size()];
            List<Detection> left = new ArrayList<>();
            SortedMap<String, List<VocObject>> oneImageTruth = new TreeMap<>(Map.of(image, objects));
            SortedMap<String, List<Detection>> oneImageDets = new TreeMap<>(Map.of(image, dets));
            for (String c : names) {
                for (ClassMatcher.Labelled l : overlap.label(c, oneImageTruth, oneImageDets)) {
                    switch (l.outcome()) {
                        case TRUE_POSITIVE -> {
                            int k = bestOf(l.detection(), objects, overlap, o -> o.name().equals(c), taken, true);
                            taken[k] = true;
                            counts[names.indexOf(c)][names.indexOf(c)]++;
                        }
                        case FALSE_POSITIVE -> left.add(l.detection());
                        case IGNORED -> { }
                    }
                }
            }
            // step 2: what is left, strongest first, may be another class's object
            left.sort(Comparator.comparingDouble(Detection::score).reversed());
            for (Detection d : left) {
                int column = names.indexOf(d.className());
                int k = bestOf(d, objects, overlap, o -> !o.name().equals(d.className()) && !o.difficult(), taken, false);
                if (k >= 0 && overlap.iou(d.box(), objects.get(k).box()) >= iou) {
                    taken[k] = true;
                    counts[names.indexOf(objects.get(k).name())][column]++;
                } else {
                    counts[bg][column]++;
                }
            }
            // step 3: objects nobody took
            for (int k = 0; k < objects.size(); k++) {
                if (!taken[k] && !objects.get(k).difficult()) {
                    counts[names.indexOf(objects.get(k).name())][bg]++;
                }
            }
        }
        return new ConfusionMatrix(names, iou, scoreThreshold, counts);
    }

    /**
     * The object among those {@code eligible} that {@code d} overlaps most: among all of them when
     * {@code includeTaken} (the VOC rule looks at taken ones too), else among the free ones; -1 if none.
     */
    private static int bestOf(Detection d, List<VocObject> objects, ClassMatcher overlap,
                              java.util.function.Predicate<VocObject> eligible, boolean[] taken, boolean includeTaken) {
        int best = -1;
        double bestIou = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < objects.size(); k++) {
            if (!eligible.test(objects.get(k)) || (!includeTaken && taken[k])) {
                continue;
            }
            double o = overlap.iou(d.box(), objects.get(k).box());
            if (o > bestIou) {
                bestIou = o;
                best = k;
            }
        }
        return best;
    }

    /** Index of the background row and column: one past the last class. */
    public int background() {
        return classes.size();
    }

    /** Row and column labels: the classes, then {@value #BACKGROUND}. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>(classes);
        labels.add(BACKGROUND);
        return List.copyOf(labels);
    }

    /** Objects of row {@code truth} detected as column {@code detected} (indices as in {@link #labels()}). */
    public int count(int truth, int detected) {
        return counts[truth][detected];
    }

    /** Objects of {@code truth} detected as {@code detected}; either may be {@value #BACKGROUND}. */
    public int count(String truth, String detected) {
        return counts[index(truth)][index(detected)];
    }

    /** Objects of {@code className} that no detection took. */
    public int missed(String className) {
        return counts[index(className)][background()];
    }

    /** Detections of {@code className} that matched no object at all. */
    public int background(String className) {
        return counts[background()][index(className)];
    }

    /** Sum of all cells: every counted object and every counted detection, once per pairing. */
    public int total() {
        int n = 0;
        for (int[] row : counts) {
            for (int c : row) {
                n += c;
            }
        }
        return n;
    }

    private int index(String label) {
        if (BACKGROUND.equals(label)) {
            return background();
        }
        int i = classes.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("'" + label + "' is not a class of this matrix: " + classes);
        }
        return i;
    }

    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ConfusionMatrix[iou=" + iou + " score>=" + scoreThreshold + "]");
        List<String> labels = labels();
        for (int i = 0; i < counts.length; i++) {
            b.append("\n  ").append(labels.get(i)).append(": ").append(java.util.Arrays.toString(counts[i]));
        }
        return b.toString();
    }
}
