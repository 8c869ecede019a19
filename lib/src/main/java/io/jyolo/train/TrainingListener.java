package io.jyolo.train;

import io.jyolo.run.EpochRecord;

/**
 * Follows a training run: progress bars, notebook charts, custom logging. Every method is
 * called on the training thread; keep them quick. The trainer's own logs and checkpoints are
 * written by {@link EpochEndListener}s, not through this interface, because their failures must
 * stop the run.
 */
public interface TrainingListener {

    /** Training starts (or continues) at epoch {@code firstEpoch}. */
    default void onStart(Trainer trainer, int firstEpoch) {
    }

    /** A batch was trained. */
    default void onBatch(BatchProgress progress) {
    }

    /**
     * The epoch was validated: the whole pass (mAP, loss, detections, the unreadable images
     * skipped), told just before {@link #onEpoch} for the same epoch.
     */
    default void onValidation(Trainer trainer, Validation validation) {
    }

    /**
     * An epoch ended: after validation and after the trainer's own epoch-end work ({@link HistoryLog},
     * {@link TensorBoardLog}, {@link CheckpointSaver}), so the history, the events and any checkpoint
     * of this epoch are on disk.
     */
    default void onEpoch(Trainer trainer, EpochRecord record) {
    }

    /** Training stopped. */
    default void onEnd(Trainer trainer, TrainingResult result) {
    }
}
