package io.jyolo.train;

/**
 * A {@link Validator} pass stopped because its thread was interrupted (the notebook's interrupt
 * button, Ctrl-C): no partial mAP is returned, since a score over part of a split would pass for
 * a score over all of it.
 */
public final class ValidationInterruptedException extends RuntimeException {

    private final int imagesDone;

    ValidationInterruptedException(int imagesDone, int total) {
        super("evaluation interrupted after " + imagesDone + " of " + total + " images");
        this.imagesDone = imagesDone;
    }

    /** Images handled before the interrupt. */
    public int imagesDone() {
        return imagesDone;
    }
}
