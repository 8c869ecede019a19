package io.jyolo.weights;

/**
 * A weights file that cannot be loaded into the network: its message is one line naming the file
 * and, where there is one, the layer or tensor and what is wrong with it.
 */
public final class WeightsFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WeightsFormatException(String message) {
        super(message);
    }
}
