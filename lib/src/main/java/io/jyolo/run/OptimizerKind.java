package io.jyolo.run;

import com.google.gson.annotations.SerializedName;

/**
 * Which optimizer a run trains with. Stored in {@code config.json} by the lower-case names that
 * runs written before this enum used, so their configurations still read.
 */
public enum OptimizerKind {
    /** SGD with momentum and weight decay (the PyTorch original's choice). */
    @SerializedName(value = "sgd", alternate = "SGD")
    SGD,
    /** Adam (momentum is beta1), jyolo's default. */
    @SerializedName(value = "adam", alternate = "ADAM")
    ADAM
}
