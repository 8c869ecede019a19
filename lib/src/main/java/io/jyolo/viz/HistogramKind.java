package io.jyolo.viz;

/**
 * Which of a parameter's two histograms the trainer logs per epoch: its values or its gradient.
 * The trainer writes them under {@code <parameter>/data} and {@code <parameter>/grad}.
 */
public enum HistogramKind {
    /** The parameter's values at the end of the epoch. */
    WEIGHTS("data", "weights"),
    /** The gradient of the epoch's last batch. */
    GRADIENTS("grad", "gradients");

    private final String suffix;
    private final String label;

    HistogramKind(String suffix, String label) {
        this.suffix = suffix;
        this.label = label;
    }

    /** The last part of the tag, after the parameter name and a '/'. */
    public String suffix() {
        return suffix;
    }

    /** How charts name it. */
    public String label() {
        return label;
    }
}
