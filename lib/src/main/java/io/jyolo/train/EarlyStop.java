package io.jyolo.train;

import io.jyolo.run.CheckpointMeta;

/**
 * Why early stopping ended a run: {@code patience} validations in a row brought no better mAP
 * than {@code bestMap}, reached at {@code bestEpoch}. Spending the rest of the epoch budget would
 * only cost time; {@code best.ckpt} already holds the weights of {@code bestEpoch}.
 *
 * @param epoch     the epoch after which the run stopped
 * @param patience  the configured patience (validations without a new best)
 * @param bestEpoch the epoch with the best validation mAP (0 when no validation gave a number)
 * @param bestMap   that mAP, NaN when none
 */
public record EarlyStop(int epoch, int patience, int bestEpoch, double bestMap) {

    /** One line for the user, the TensorBoard text and the training result. */
    public String message() {
        return CheckpointMeta.earlyStopText(epoch, patience, bestEpoch, bestMap);
    }
}
