package io.jyolo.loss;

import ai.djl.ndarray.NDArray;

/**
 * The loss as a scalar array to call backward on, plus the same loss as plain numbers.
 *
 * @param total scalar loss array, part of the autograd graph (belongs to the prediction's manager)
 * @param parts its components as doubles, safe to keep after the batch's manager is closed
 */
public record LossResult(NDArray total, LossParts parts) {
}
