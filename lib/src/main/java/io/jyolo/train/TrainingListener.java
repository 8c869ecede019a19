package io.jyolo.train;

import io.jyolo.run.EpochRecord;

/**
 * Follows a training run: progress bars, notebook charts, custom logging. Every method is
 * called on the training thread; keep them quick.
 */
public interface TrainingListener {

    /** Training starts (or continues) at epoch {@code firstEpoch}. */
    default void onStart(Trainer trainer, int firstEpoch) {
    }

    /** A batch was trained. */
    default void onBatch(BatchProgress progress) {
    }

    /** An epoch ended (after validation and checkpoints). */
    default void onEpoch(Trainer trainer, EpochRecord record) {
    }

    /** Training stopped. */
    default void onEnd(Trainer trainer, TrainingResult result) {
    }
}
