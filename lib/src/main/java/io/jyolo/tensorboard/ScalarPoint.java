package io.jyolo.tensorboard;

/**
 * One logged scalar.
 *
 * @param step     training step (jyolo: epoch)
 * @param wallTime seconds since the epoch when it was logged
 * @param value    the value (a 32-bit float widened, for {@code simple_value} summaries)
 */
public record ScalarPoint(long step, double wallTime, double value) {
}
