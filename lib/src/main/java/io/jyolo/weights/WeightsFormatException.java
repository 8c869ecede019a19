package io.jyolo.weights;

/**
 * A weights file that cannot be loaded into the network: its message is one line naming the file
 * and, where there is one, the layer or tensor and what is wrong with it. An
 * {@link IllegalArgumentException}, as bad input is everywhere else, so the command line prints the
 * line alone.
 */
public final class WeightsFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public WeightsFormatException(String message) {
        super(message);
    }
}
