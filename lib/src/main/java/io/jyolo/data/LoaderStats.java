package io.jyolo.data;

/**
 * Counters of what loading did, so that skipped images and dropped objects are reported
 * rather than silently lost.
 *
 * @param samples               samples delivered in batches
 * @param skippedSamples        samples that failed to load (unreadable image, size mismatch) and were left out
 * @param encodedObjects        objects written into targets
 * @param collisions            objects dropped because another object took their grid cell
 * @param difficultExcluded     difficult objects left out of the targets
 * @param droppedByAugmentation objects pushed (mostly) out of the frame by augmentation
 */
public record LoaderStats(long samples, long skippedSamples, long encodedObjects, long collisions,
                          long difficultExcluded, long droppedByAugmentation) {
}
