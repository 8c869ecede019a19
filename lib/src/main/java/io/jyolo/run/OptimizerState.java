package io.jyolo.run;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The part of an optimizer that a checkpoint saves and restores (momentum buffers, Adam moments,
 * the step count). It lives in the run layer so that {@link Checkpoints} can write a training
 * state without depending on the training package that implements it.
 */
public interface OptimizerState {

    /** The state to checkpoint, as arrays attached to {@code target}. */
    NDList saveState(NDManager target);

    /** Restores what {@link #saveState} produced. */
    void loadState(NDList saved);
}
