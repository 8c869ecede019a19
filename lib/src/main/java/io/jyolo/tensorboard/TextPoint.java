package io.jyolo.tensorboard;

/**
 * One logged text.
 *
 * @param step     training step (jyolo: epoch)
 * @param wallTime seconds since the epoch when it was logged
 * @param text     the text (several strings of a text tensor are joined by newlines)
 */
public record TextPoint(long step, double wallTime, String text) {
}
