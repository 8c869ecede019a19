package io.jyolo.train;

import java.nio.file.Path;

/**
 * How a call to {@link Trainer#fit} ended.
 *
 * @param status     why it stopped
 * @param epoch      epochs completed
 * @param globalStep optimizer steps done
 * @param checkpoint the checkpoint to continue from (null when none was written)
 * @param message    one line for the user
 */
public record TrainingResult(Status status, int epoch, long globalStep, Path checkpoint, String message) {

    /** Why training stopped. */
    public enum Status {
        /** Every configured epoch is done. */
        COMPLETED,
        /** Stopped on an interrupt after the current batch; a checkpoint was written. */
        INTERRUPTED,
        /** The loss became NaN or infinite; nothing was saved from the bad step. */
        DIVERGED,
        /**
         * The validation mAP did not improve for the configured patience; {@code best.ckpt} holds the
         * best epoch, and resuming does not train further (the checkpoint keeps the spent counter).
         */
        EARLY_STOPPED
    }

    @Override
    public String toString() {
        return message;
    }
}
