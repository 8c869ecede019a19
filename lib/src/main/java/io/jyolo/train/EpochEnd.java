package io.jyolo.train;

import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.EpochRecord;

/**
 * What an epoch-end listener is handed when an epoch is done and validated.
 *
 * @param record     the epoch's history row
 * @param train      the epoch's training loss sums
 * @param validation the validation pass, null when this epoch was not validated
 * @param state      the training state at the end of the epoch (what a checkpoint would store)
 * @param best       true when the validation mAP is the best so far (the state already holds it)
 * @param earlyStop  why the run stops after this epoch, null when it goes on (the listeners log it
 *                   and the checkpoint saver keeps the state, whose counter tells a resume not to go on)
 */
public record EpochEnd(EpochRecord record, LossTotals train, Validation validation, CheckpointMeta state,
                       boolean best, EarlyStop earlyStop) {

    public int epoch() {
        return record.epoch();
    }
}
