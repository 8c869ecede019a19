package io.jyolo.spark;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a detection job did, written next to the Parquet outputs as {@code summary.json}.
 *
 * @param listed         inputs the input spec named
 * @param read           inputs read to their end (images and videos)
 * @param pictures       images plus video frames detected on
 * @param detections     rows written to {@code detections/}
 * @param perClass       detections per class name, by name
 * @param failed         inputs that could not be read: rows written to {@code failures/}
 * @param failureSamples the first failures (all of them in {@code failures/}), for a quick look
 * @param seconds        wall time of the job from listing to the last output
 */
public record DetectSummary(long listed, long read, long pictures, long detections, Map<String, Long> perClass,
                            long failed, List<Failure> failureSamples, double seconds) {

    /** How many failures the summary quotes; the Parquet table holds every one. */
    static final int SAMPLES = 100;

    /** An input that could not be read, and why. */
    public record Failure(String input, String reason) {
    }

    @Override
    public String toString() {
        String classes = perClass.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%d of %d inputs read, %d pictures, %d detections (%s), %d failed, %.1f s (%.1f pictures/s)",
                read, listed, pictures, detections, classes.isEmpty() ? "none" : classes, failed, seconds,
                pictures / Math.max(1e-9, seconds)));
        failureSamples.forEach(f -> s.append(System.lineSeparator()).append("  failed: ").append(f.reason()));
        return s.toString();
    }
}
