package io.jyolo.train;

import java.io.IOException;

/**
 * The trainer's own work at the end of an epoch: writing the history, TensorBoard, checkpoints.
 *
 * <p>Unlike {@link TrainingListener} (for progress display, which should never stop training),
 * a failure here is a failure of the run and propagates. {@link Trainer} runs its epoch-end
 * listeners in a fixed order, logs before the checkpoint: {@link HistoryLog},
 * {@link TensorBoardLog}, then {@link CheckpointSaver}; the user's {@link TrainingListener}s follow.
 */
@FunctionalInterface
public interface EpochEndListener {

    void epochEnded(EpochEnd end) throws IOException;
}
