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
 */
public record CheckpointMeta(int epoch, int batchesDone, long globalStep, long seed, String configJson,
                             List<String> classes, double bestMetric, Map<String, Double> partial, long wallTime) {

    public CheckpointMeta {
        classes = List.copyOf(classes);
        partial = Map.copyOf(partial);
    }

    /** True when written at the end of an epoch rather than on interrupt mid-epoch. */
    public boolean atEpochBoundary() {
        return batchesDone == 0;
    }
}
