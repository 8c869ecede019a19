package io.jyolo.loss;

import ai.djl.ndarray.NDArray;
import io.jyolo.engine.HostReads;

/**
 * The loss as a scalar array to call backward on, plus its parts as one small array that stays on
 * the device.
 *
 * <p>The parts are not read here: reading makes the host wait for the device (see {@link HostReads}),
 * so the training loop adds {@code values} into device-side sums and reads those once per progress
 * interval. {@link #parts()} reads them at once, for callers that want the numbers of this batch.
 *
 * @param total  scalar loss array, part of the autograd graph (belongs to the prediction's manager)
 * @param values the parts, detached from the graph, in the order {@link LossParts#of} reads them:
 *               total, coord, objectConfidence, noObjectConfidence, classes, iouSum, objectCount
 */
public record LossResult(NDArray total, NDArray values) {

    /** The parts as numbers: one host read. */
    public LossParts parts() {
        return LossParts.of(HostReads.floats(values));
    }
}
