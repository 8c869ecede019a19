package io.jyolo.tensorboard;

/**
 * One logged histogram.
 *
 * @param step      training step (jyolo: epoch)
 * @param wallTime  seconds since the epoch when it was logged
 * @param histogram the buckets and moments
 */
public record HistogramPoint(long step, double wallTime, Histogram histogram) {
}
