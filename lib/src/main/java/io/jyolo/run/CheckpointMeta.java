package io.jyolo.run;

import java.util.List;
import java.util.Map;

/**
 * What a checkpoint says about the training state besides the arrays.
 *
 * @param epoch        epochs fully completed (1-based count; 0 before the first)
 * @param batchesDone  batches of epoch {@code epoch + 1} already trained (0 at an epoch boundary;
 *                     non-zero for a checkpoint written on interrupt mid-epoch)
 * @param globalStep   optimizer steps so far
 * @param seed         the run's seed (data order, augmentation and dropout are derived from it)
 * @param configJson   the run's full training configuration as JSON
 * @param classes      class names, in index order
 * @param bestMetric   best validation mAP so far (higher is better), NaN when none
 * @param partial      running sums of the interrupted epoch's loss parts, by name (empty at a boundary)
 * @param wallTime     when it was written, epoch milliseconds
 * @param bestEpoch    the epoch that reached {@code bestMetric}, 0 when none
 * @param sinceBest    validations since the best one: the early-stopping counter, kept here so that a
 *                     resumed run neither forgets how long it has stalled nor trains on after an early
 *                     stop; a checkpoint written before early stopping existed reads as 0
 */
public record CheckpointMeta(int epoch, int batchesDone, long globalStep, long seed, String configJson,
                             List<String> classes, double bestMetric, Map<String, Double> partial, long wallTime,
                             int bestEpoch, int sinceBest) {

    public CheckpointMeta {
        classes = List.copyOf(classes);
        partial = Map.copyOf(partial);
    }

    /** A state with no best epoch and a zero early-stopping counter (as an old checkpoint reads). */
    public CheckpointMeta(int epoch, int batchesDone, long globalStep, long seed, String configJson,
                          List<String> classes, double bestMetric, Map<String, Double> partial, long wallTime) {
        this(epoch, batchesDone, globalStep, seed, configJson, classes, bestMetric, partial, wallTime, 0, 0);
    }

    /** True when early stopping is on ({@code patience > 0}) and this state has used up its patience. */
    public boolean patienceSpent(int patience) {
        return patience > 0 && sinceBest >= patience;
    }

    /**
     * Why early stopping ended a run after {@code epoch}, one line: the trainer says it when it stops,
     * and a resume of the stopped run says it again.
     */
    public static String earlyStopText(int epoch, int patience, int bestEpoch, double bestMap) {
        return String.format(java.util.Locale.ROOT,
                "stopped early after epoch %d: %d validation(s) without a better mAP; best mAP %.4f at epoch %d"
                        + " (best.ckpt)", epoch, patience, bestMap, bestEpoch);
    }

    /** True when written at the end of an epoch rather than on interrupt mid-epoch. */
    public boolean atEpochBoundary() {
        return batchesDone == 0;
    }
}
