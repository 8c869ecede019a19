package io.jyolo.train;

/**
 * Where training is within an epoch, for progress displays.
 *
 * @param epoch         1-based epoch being trained
 * @param epochs        epochs in the run
 * @param batch         batches of this epoch done
 * @param batches       batches in the epoch
 * @param images        images of this epoch done
 * @param meanLoss      mean total loss per image in this epoch as of the trainer's last read of its
 *                      loss sums (at most {@code Trainer.progressEvery} batches old; see {@link Trainer});
 *                      NaN before the epoch's first read
 * @param meanIou       mean IoU of responsible boxes, as of the same read (NaN before it)
 * @param imagesPerSec  throughput so far in this epoch
 * @param lr            learning rate of this epoch
 */
public record BatchProgress(int epoch, int epochs, int batch, int batches, long images, double meanLoss,
                            double meanIou, double imagesPerSec, double lr) {

    /** Fraction of the epoch done, 0..1. */
    public double fraction() {
        return batches == 0 ? 1 : batch / (double) batches;
    }
}
