package io.jyolo.eval;

import java.util.Locale;

/**
 * How a precision-recall curve becomes one average-precision number, as in the PASCAL VOC devkit.
 *
 * <p>Both variants are kept because published YOLO v1 numbers use the VOC2007 11-point rule while
 * VOC2010 and later use the area under the monotone envelope; the two differ by a point or more.
 */
public enum ApMethod {
    /** VOC2007: mean of the best precision at recall >= 0, 0.1, ..., 1 (11 points). */
    VOC07("voc07", "11-point"),
    /** VOC2010+: area under the precision envelope at every recall step. */
    ALL_POINT("all", "all-point");

    private final String id;
    private final String label;

    ApMethod(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The short name used on the command line and in JSON: {@code voc07} or {@code all}. */
    public String id() {
        return id;
    }

    /** A human label: {@code 11-point} or {@code all-point}. */
    public String label() {
        return label;
    }

    /** Parses {@code voc07}/{@code 11-point}/{@code 11point} or {@code all}/{@code all-point}/{@code voc2010}. */
    public static ApMethod parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "voc07", "voc2007", "11-point", "11point", "11" -> VOC07;
            case "all", "all-point", "allpoint", "voc2010", "voc10", "voc12" -> ALL_POINT;
            default -> throw new IllegalArgumentException("unknown AP method '" + text + "': use voc07 or all");
        };
    }

    /**
     * The average precision of a ranked list of detections.
     *
     * @param precision precision after each ranked detection
     * @param recall    recall after each ranked detection (non-decreasing), same length
     * @return AP in [0, 1]; 0 for an empty list
     */
    public double average(double[] precision, double[] recall) {
        if (precision.length != recall.length) {
            throw new IllegalArgumentException("precision has " + precision.length + " points, recall "
                    + recall.length);
        }
        return this == VOC07 ? elevenPoint(precision, recall) : allPoint(precision, recall);
    }

    private static double elevenPoint(double[] precision, double[] recall) {
        double sum = 0;
        for (int t = 0; t <= 10; t++) {
            // t / 10.0 with a hair of tolerance, so that a recall of exactly 3/10 counts for the 0.3 point
            double threshold = t / 10.0 - 1e-12;
            double best = 0;
            for (int k = 0; k < recall.length; k++) {
                if (recall[k] >= threshold) {
                    best = Math.max(best, precision[k]);
                }
            }
            sum += best;
        }
        return sum / 11.0;
    }

    private static double allPoint(double[] precision, double[] recall) {
        int n = recall.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1.0;
        for (int k = 0; k < n; k++) {
            mrec[k + 1] = recall[k];
            mpre[k + 1] = precision[k];
        }
        for (int k = n; k >= 0; k--) {
            mpre[k] = Math.max(mpre[k], mpre[k + 1]);
        }
        double ap = 0;
        for (int k = 1; k < n + 2; k++) {
            if (mrec[k] != mrec[k - 1]) {
                ap += (mrec[k] - mrec[k - 1]) * mpre[k];
            }
        }
        return ap;
    }
}
