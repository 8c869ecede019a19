package io.jyolo.eval;

/**
 * A class that appears in the detections or the class list but has no AP, and so is not in the mAP.
 *
 * <p>Reported instead of averaged: counting such a class as AP 0 would punish the detector for a
 * gap in the ground truth, and dropping it silently would hide a class-list mismatch.
 *
 * @param className the class
 * @param detCount  its detections, none of which were scored
 * @param reason    why it has no AP, for example "no ground truth"
 */
public record SkippedClass(String className, int detCount, String reason) {
}
